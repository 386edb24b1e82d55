#!/usr/bin/env bash
# Benchmark (not a test): dispatches 100,000 due notifications to the WeChat simulator with one and then two Jobs
# processes (Hangfire servers on one PostgreSQL storage, Redis shared), beside the simulator's own raw send rate measured in the
# same run. Prints a Markdown table with throughput, duplicates (must be 0) and losses (must be 0); exits non-zero if
# any message was lost or doubled. Extra arguments go to the driver, e.g. --count 20000 --processes 1,2,3.
#   bash tests/benchmarks/notification-dispatch.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_PORT=${CHANGAI_BENCH_PG_PORT:-55832}
REDIS_PORT=${CHANGAI_BENCH_REDIS_PORT:-56779}
WORK=$(mktemp -d /tmp/changai-bench.XXXXXX)
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh
trap stop_servers EXIT

install_servers
start_postgres
start_redis
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Jobs/Jobs.csproj -c Release -nologo -v q
dotnet build tests/benchmarks/Dispatch/Dispatch.csproj -c Release -nologo -v q
echo "== dispatch"
dotnet tests/benchmarks/Dispatch/bin/Release/net10.0/Changai.Benchmarks.Dispatch.dll \
  --pg "$PG_CONNECTION" --redis "$REDIS_CONNECTION" --jobs-dir "$(pwd)/src/Jobs/bin/Release/net10.0" "$@"
