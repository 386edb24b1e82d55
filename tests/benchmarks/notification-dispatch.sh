#!/usr/bin/env bash
# Benchmark (not a test) of notification dispatch, two Jobs builds side by side in one run: BASELINE (a git ref, default
# main; BASELINE=none for this tree alone) and this tree. The driver (tests/benchmarks/Dispatch) hosts the WeChat
# simulator and, for each build, interleaved:
#   throughput — 100,000 due notifications drained by 1 and then 2 Jobs processes (Hangfire servers on one PostgreSQL
#                storage, Redis shared): messages/s, its ratio to pgbench's single-row INSERT rate and to the simulator's raw
#                send rate (both measured in the same run), duplicates and losses (must be 0), and per message: statements
#                (pg_stat_statements), commits, WAL syncs and CPU of the Jobs processes, PostgreSQL and the simulator;
#   latency    — 200 notifications committed one by one through the app's DbContext (its commit hook enqueues a
#                dispatch, as an approval does) while one Jobs process runs: commit → simulator receipt, p50/p90/p99;
#   kill       — 30,000 notifications, two Jobs processes, one killed with SIGKILL mid-dispatch: time until the other has
#                finished, duplicates, losses, in doubt.
# PostgreSQL runs durable (fsync on, as in production and the topology benchmark). Prints Markdown tables; exits non-zero
# if any message was lost or doubled. Extra arguments go to the driver, e.g.
#   bash tests/benchmarks/notification-dispatch.sh --count 20000 --processes 1,2,3 --scenarios throughput
#   AFTER_SENDERS="4 16" bash tests/benchmarks/notification-dispatch.sh     # this tree with 4 and with 16 lanes as well
# Ports: CHANGAI_BENCH_PG_PORT, CHANGAI_BENCH_REDIS_PORT. Takes ~40 min on 2 cores with the defaults.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_PORT=${CHANGAI_BENCH_PG_PORT:-55832}
REDIS_PORT=${CHANGAI_BENCH_REDIS_PORT:-56779}
BASELINE=${BASELINE:-main}
WORK=$(mktemp -d /tmp/changai-bench.XXXXXX)
PG_DURABLE=${PG_DURABLE:-1}
PG_SETTINGS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh
trap stop_servers EXIT

install_servers pgbench=postgresql-contrib
start_postgres
start_redis
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Jobs/Jobs.csproj -c Release -nologo -v q
dotnet build tests/benchmarks/Dispatch/Dispatch.csproj -c Release -nologo -v q
BUILDS=""
if [ "$BASELINE" != none ]; then
  COMMIT=$(git rev-parse --short "$BASELINE")
  echo "== build the baseline $BASELINE ($COMMIT) in $WORK/baseline"
  mkdir -p "$WORK/baseline"
  git archive "$COMMIT" | tar -x -C "$WORK/baseline"
  dotnet build "$WORK/baseline/src/Jobs/Jobs.csproj" -c Release -nologo -v q
  BUILDS="before ($BASELINE $COMMIT)|$WORK/baseline/src/Jobs/bin/Release/net10.0|;"
fi
JOBS_DIR="$(pwd)/src/Jobs/bin/Release/net10.0"
if [ -n "${AFTER_SENDERS:-}" ]; then
  for lanes in $AFTER_SENDERS; do BUILDS="$BUILDS""after, $lanes lanes|$JOBS_DIR|$lanes;"; done
else
  BUILDS="$BUILDS""after|$JOBS_DIR|;"
fi

echo "== dispatch (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
status=0
dotnet tests/benchmarks/Dispatch/bin/Release/net10.0/Changai.Benchmarks.Dispatch.dll \
  --pg "$PG_CONNECTION" --redis "$REDIS_CONNECTION" --builds "$BUILDS" \
  --pg-pid "$(head -n1 "$PG_DATA/postmaster.pid")" --pgbench "$PG_BIN/pgbench" "$@" || status=$?
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); PostgreSQL fsync $([ "$PG_DURABLE" = 1 ] && echo on || echo off)"
exit $status
