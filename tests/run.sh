#!/usr/bin/env bash
# Runs every test suite. Installs PostgreSQL and Redis from Debian's packages when they are missing, starts private
# instances on loopback (removed again at exit), then runs the unit tests once and the HTTP integration suite twice:
# on the embedded default (SQLite) and on PostgreSQL, both with Redis-backed code against the real redis-server; then the
# mini-program's tests (tests/miniprogram.sh), the officer console in Chromium (tests/console.sh) and a short seeded
# contract-fuzzing run against the OpenAPI document (tests/fuzz/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT=${CHANGAI_TEST_PG_PORT:-55432}
REDIS_PORT=${CHANGAI_TEST_REDIS_PORT:-56379}
WORK=$(mktemp -d /tmp/changai-test.XXXXXX)
LOG="$WORK/test-output.log"

# shellcheck source=lib/servers.sh
. tests/lib/servers.sh
trap stop_servers EXIT

install_servers
start_postgres
start_redis

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export TEST_POSTGRES="$PG_CONNECTION" TEST_REDIS="$REDIS_CONNECTION"

echo "== build"
dotnet build Changai.slnx -c Release -warnaserror -nologo -v q

run_suite() {
  echo "== $1"
  shift
  # The exit code is collected at the end so that every suite runs and reports.
  if ! "$@" 2>&1 | tee -a "$LOG"; then FAILED=1; fi
}
FAILED=0
# CHANGAI_TEST_FILTER (a dotnet test --filter expression) narrows every suite while working on one feature.
FILTER=()
[ -n "${CHANGAI_TEST_FILTER:-}" ] && FILTER=(--filter "$CHANGAI_TEST_FILTER")
run_suite "unit tests (domain)" dotnet test tests/Domain.Tests -c Release --no-build -nologo "${FILTER[@]}"
run_suite "WeChat client against the simulator" dotnet test tests/WeChat.Tests -c Release --no-build -nologo "${FILTER[@]}"
run_suite "API over HTTP on SQLite (embedded default)" env TEST_DATABASE=sqlite dotnet test tests/Api.Tests -c Release --no-build -nologo "${FILTER[@]}"
run_suite "API over HTTP on PostgreSQL" env TEST_DATABASE=postgres dotnet test tests/Api.Tests -c Release --no-build -nologo "${FILTER[@]}"

if [ -z "${CHANGAI_TEST_FILTER:-}" ]; then
  run_suite "mini-program pages and journeys against the running API" env CHANGAI_SKIP_BUILD=1 bash tests/miniprogram.sh
  run_suite "officer console in Chromium (Playwright)" env CHANGAI_CONSOLE_NO_BUILD=1 bash tests/console.sh
  # A short seeded run (5 requests per operation per role); `bash tests/fuzz/fuzz.sh --full` is the long one.
  run_suite "contract fuzzing from the OpenAPI document (short seeded run)" env CHANGAI_SKIP_BUILD=1 bash tests/fuzz/fuzz.sh
fi

passed=$(( $({ grep -aEo 'Passed: +[0-9]+' "$LOG" || true; } | awk '{s+=$2} END {print s+0}') + $({ grep -aEo '^(miniprogram|fuzz): [0-9]+ passed' "$LOG" || true; } | awk '{s+=$2} END {print s+0}') ))
failed=$(( $({ grep -aEo 'Failed: +[0-9]+' "$LOG" || true; } | awk '{s+=$2} END {print s+0}') + $({ grep -aEo '^(miniprogram|fuzz): [0-9]+ passed, [0-9]+ failed' "$LOG" || true; } | awk '{s+=$4} END {print s+0}') ))
skipped=$({ grep -aEo 'Skipped: +[0-9]+' "$LOG" || true; } | awk '{s+=$2} END {print s+0}')
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$FAILED" != 0 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then exit 1; fi
