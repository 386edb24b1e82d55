#!/usr/bin/env bash
# Benchmark (not a test): the training seat race on PostgreSQL. Starts a private PostgreSQL on loopback (installed from
# Debian's packages when missing), runs the API in Release with the Development settings (demo officers, WeChat simulator,
# jobs off), then drives it with tests/benchmarks/TrainingSeatRace: 500 workers with complete profiles enrol in one
# 50-seat session at the same moment, once per round, a fresh session each round. Prints requests/s and latency
# percentiles per round and their median, and fails if any round gave anything but 50 seats + waitlist places 1..450.
#
#   bash tests/benchmarks/training-seat-race.sh [--workers 500] [--seats 50] [--rounds 6]
#
# Ports: CHANGAI_BENCH_PG_PORT (default 55439), CHANGAI_BENCH_API_PORT (default 15181); both must be free.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_PORT=${CHANGAI_BENCH_PG_PORT:-55439}
API_PORT=${CHANGAI_BENCH_API_PORT:-15181}
WORK=$(mktemp -d /tmp/changai-bench.XXXXXX)
API_PID=

# Durable settings (fsync on), unlike the test run: the figures should mean something for production.
PG_DURABLE=1
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

cleanup() {
  [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  stop_servers
}
trap cleanup EXIT

install_servers
start_postgres

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
# API_DIR: run an API build kept elsewhere (e.g. a copy of another branch's bin/Release/net10.0) to compare builds
API_DIR=${API_DIR:-}
[ -n "$API_DIR" ] || dotnet build src/Api -c Release -nologo -v q >/dev/null
API_DIR=${API_DIR:-$PWD/src/Api/bin/Release/net10.0}
dotnet build tests/benchmarks/TrainingSeatRace -c Release -nologo -v q >/dev/null

if curl -s -o /dev/null "http://127.0.0.1:$API_PORT/"; then
  echo "port $API_PORT is already in use: set CHANGAI_BENCH_API_PORT to a free port" >&2
  exit 1
fi
echo "== API on 127.0.0.1:$API_PORT"
(
  cd "$API_DIR"
  ASPNETCORE_ENVIRONMENT=Development \
  Urls="http://127.0.0.1:$API_PORT" \
  Database__Provider=Postgres \
  ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai_bench;Maximum Pool Size=100" \
  ConnectionStrings__Redis="" \
  WeChat__BaseAddress="http://127.0.0.1:$API_PORT/wechat-sim" \
  Jobs__InProcess=false \
  RateLimits__LoginPerIpPerMinute=100000 RateLimits__LoginPerAccountPerMinute=100000 \
  Logging__LogLevel__Default=Warning \
  exec dotnet Changai.Api.dll >"$WORK/api.log" 2>&1
) &
API_PID=$!
for _ in $(seq 120); do
  curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$API_PID" 2>/dev/null || { cat "$WORK/api.log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$API_PORT/health/ready" >/dev/null || { echo "API did not become ready"; tail -50 "$WORK/api.log"; exit 1; }

echo "== $(nproc) CPU cores; driver and API on the same machine"
# CPU ticks of the API process and of PostgreSQL (postmaster and backends), read by the driver around the measured rounds
pm=$(head -n1 "$PG_DATA/postmaster.pid")
export CPU_TICKS_CMD="for p in $API_PID; do awk '{print \$14 + \$15}' /proc/\$p/stat; done | awk '{s += \$1} END {printf \"%d \", s}';
  for p in $pm \$(pgrep -P $pm); do awk '{print \$14 + \$15}' /proc/\$p/stat 2>/dev/null; done | awk '{s += \$1} END {print s + 0}'"
dotnet tests/benchmarks/TrainingSeatRace/bin/Release/net10.0/TrainingSeatRace.dll --base "http://127.0.0.1:$API_PORT" --rounds 6 "$@"
