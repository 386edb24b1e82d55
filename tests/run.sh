#!/usr/bin/env bash
# Runs every test suite. Installs PostgreSQL and Redis from Debian's packages when they are missing, starts private
# instances on loopback (removed again at exit), then runs the unit tests once and the HTTP integration suite twice:
# on the embedded default (SQLite) and on PostgreSQL, both with Redis-backed code against the real redis-server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PG_PORT=${CHANGAI_TEST_PG_PORT:-55432}
REDIS_PORT=${CHANGAI_TEST_REDIS_PORT:-56379}
WORK=$(mktemp -d /tmp/changai-test.XXXXXX)
LOG="$WORK/test-output.log"
chmod 755 "$WORK"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_servers() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

start_postgres() {
  local bin; bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
  PG_DATA="$WORK/pg/data"
  mkdir -p "$PG_DATA"
  local run=()
  # initdb refuses to run as root: the server runs as the postgres user, in a folder it owns (data, log, socket).
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$WORK/pg"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$PG_DATA" -m fast stop)
  echo "== PostgreSQL on 127.0.0.1:$PG_PORT"
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save '' --appendonly no \
    --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "== Redis on 127.0.0.1:$REDIS_PORT"
}

cleanup() {
  [ -n "${PG_STOP:-}" ] && "${PG_STOP[@]}" >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

install_servers
start_postgres
start_redis

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
export TEST_REDIS="127.0.0.1:$REDIS_PORT"

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

passed=$(grep -Eo 'Passed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$FAILED" != 0 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then exit 1; fi
