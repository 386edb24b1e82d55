#!/usr/bin/env bash
# The API's resident memory under runtime settings, side by side — a benchmark, not a test (tests/run.sh does not run
# it; nothing asserts a figure). Issue 16: each API process under 300 MB resident in every phase.
#
# Starts private PostgreSQL and Redis (tests/lib/servers.sh), builds the API in Release once, then for every variant
# (a name and the environment it adds to the API's own), ROUNDS times with the order reversed on every other round:
# a fresh database, one API process with that environment, the quiz burst of tests/benchmarks/QuizLoad (WORKERS workers
# set up, then start + submit for each, CONCURRENCY at a time), then READ_SECONDS of leaderboard reads with wrk. Prints
# per variant and round: resident memory after start, peak resident memory (VmHWM) after the burst and after the reads,
# the API's and PostgreSQL's CPU per worker (one start + one submit) in the burst, start+submit p50/p99, and the API's
# CPU per leaderboard read with the reads' p99.
#
#   bash tests/benchmarks/api-memory.sh
#   ROUNDS=1 WORKERS=500 VARIANTS=$'shipped=\nwx-off=DOTNET_EnableWriteXorExecute=0' bash tests/benchmarks/api-memory.sh
#
# VARIANTS: one per line, "name=VAR=value VAR=value" (the shipped runtimeconfig is what the build writes, so an empty
# environment is what ships). Ports: BENCH_PG_PORT (55850), BENCH_REDIS_PORT (56850), BENCH_API_PORT (15850).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKERS=${WORKERS:-1000}
CONCURRENCY=${CONCURRENCY:-64}
READ_SECONDS=${READ_SECONDS:-10}
ROUNDS=${ROUNDS:-2}
PG_PORT=${BENCH_PG_PORT:-55850}
REDIS_PORT=${BENCH_REDIS_PORT:-56850}
API_PORT=${BENCH_API_PORT:-15850}
WORK=$(mktemp -d /tmp/changai-memory.XXXXXX)
BASE="http://127.0.0.1:$API_PORT"
DEFAULT_VARIANTS='shipped=
wx-off=DOTNET_EnableWriteXorExecute=0
conserve-7=DOTNET_GCConserveMemory=7
gen0-32m=DOTNET_GCgen0size=0x2000000
non-concurrent=DOTNET_gcConcurrent=0
pgo-off=DOTNET_TieredPGO=0
tiering-off=DOTNET_TieredCompilation=0
spin-0=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
wx-off+conserve-7+non-concurrent=DOTNET_EnableWriteXorExecute=0 DOTNET_GCConserveMemory=7 DOTNET_gcConcurrent=0'
mapfile -t VARIANT_LINES < <(printf '%s\n' "${VARIANTS:-$DEFAULT_VARIANTS}" | sed '/^$/d')

PG_MAX_CONNECTIONS=300
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh
cleanup() {
  [ -n "${API_PID:-}" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  stop_servers
}
trap cleanup EXIT
install_servers wrk=wrk curl=curl
start_postgres
start_redis

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
dotnet build tests/benchmarks/QuizLoad -c Release -nologo -v q >/dev/null
# Copies, so that a build in this worktree while the variants run changes none of them.
cp -r src/Api/bin/Release/net10.0 "$WORK/api"
cp -r tests/benchmarks/QuizLoad/bin/Release/net10.0 "$WORK/quizload"
API_DIR=$WORK/api
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1000 / hz }')
api_ticks() { awk '{ print $14 + $15 }' "/proc/$API_PID/stat"; }
kb_to_mb() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.1f", v / 1000; else if (v ~ /ms$/) printf "%.1f", v + 0; else if (v ~ /s$/) printf "%.1f", v * 1000; else print v }'; }

run_variant() { # name, environment ("VAR=value ...")
  local name=$1 settings=$2 db="changai_$RANDOM$RANDOM"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  # shellcheck disable=SC2086 # the settings are words on purpose
  (
    cd "$API_DIR"
    exec env ASPNETCORE_ENVIRONMENT=Development Urls="$BASE" Database__Provider=Postgres \
      ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db;Maximum Pool Size=150" \
      ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" WeChat__BaseAddress="$BASE/wechat-sim" Jobs__InProcess=false \
      RateLimits__LoginPerIpPerMinute=100000 RateLimits__LoginPerAccountPerMinute=100000 Quiz__MinSecondsPerQuestion=0 \
      Logging__LogLevel__Default=Warning $settings dotnet Changai.Api.dll
  ) > "$WORK/api-$name.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 240); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "$BASE/health/ready" >/dev/null || { echo "API ($name) did not become ready:"; tail -n 30 "$WORK/api-$name.log"; exit 1; }
  local rss_start load_before
  rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status")
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  dotnet "$WORK/quizload/Changai.QuizLoad.dll" --base "$BASE" --workers "$WORKERS" \
    --concurrency "$CONCURRENCY" --read-seconds 1 --api-pid "$API_PID" --pg-pid "$(head -n1 "$PG_DATA/postmaster.pid")" \
    --out "$WORK/load.env" > "$WORK/load-$name.out" 2>&1 || { echo "load failed ($name):"; tail -n 20 "$WORK/load-$name.out"; exit 1; }
  # shellcheck disable=SC1091
  source "$WORK/load.env"
  local hwm_burst ticks_before ticks_after
  hwm_burst=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")
  ticks_before=$(api_ticks)
  wrk -t2 -c"$CONCURRENCY" -d"${READ_SECONDS}s" --latency -H "Authorization: Bearer $TOKEN" \
    "$BASE/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=20" > "$WORK/wrk-$name.txt"
  ticks_after=$(api_ticks)
  local reads p99 read_cpu hwm_end load_after
  reads=$(awk '/requests in/ {print $1}' "$WORK/wrk-$name.txt")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk-$name.txt")")
  read_cpu=$(awk -v t="$((ticks_after - ticks_before))" -v ms="$TICK_MS" -v n="$reads" 'BEGIN { printf "%.2f", (n > 0 ? t * ms / n : 0) }')
  hwm_end=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  kill "$API_PID"; wait "$API_PID" 2>/dev/null || true; API_PID=
  "$PG_BIN/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
  printf "%-34s %6s %6s %6s %8s %8s %8s %8s %8s %7s %11s %7s\n" "$name" "$(kb_to_mb "$rss_start")" "$(kb_to_mb "$hwm_burst")" \
    "$(kb_to_mb "$hwm_end")" "$API_CPU_MS_PER_WORKER" "$PG_CPU_MS_PER_WORKER" "$START_SUBMIT_P50_MS" "$START_SUBMIT_P99_MS" \
    "$read_cpu" "$p99" "$load_before/$load_after" "$START_SUBMIT_ERRORS/$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/wrk-$name.txt")" | tee -a "$WORK/table.txt"
}

echo "== $WORKERS workers, $CONCURRENCY at a time, ${READ_SECONDS}s of leaderboard reads; $ROUNDS round(s); $(nproc) cores"
HEADER=$(printf "%-34s %6s %6s %6s %8s %8s %8s %8s %8s %7s %11s %7s" variant "start" "peak1" "peak2" "apiCPU" "pgCPU" \
  "p50" "p99" "readCPU" "rdp99" "load" "errors")
echo "$HEADER"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order=("${VARIANT_LINES[@]}"); else mapfile -t order < <(printf '%s\n' "${VARIANT_LINES[@]}" | tac); fi
  for line in "${order[@]}"; do run_variant "${line%%=*}" "${line#*=}"; done
done
echo
echo "== sorted by variant (MB: start = resident after start, peak1 = VmHWM after the burst, peak2 = after the reads;"
echo "   apiCPU / pgCPU = ms per worker (start + submit) in the burst; p50/p99 ms per worker; readCPU = API ms per"
echo "   leaderboard read, rdp99 = its p99 ms; load = 1-minute load average before/after; errors = burst/reads)"
echo "$HEADER"
sort -s -k1,1 "$WORK/table.txt"
