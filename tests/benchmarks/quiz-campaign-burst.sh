#!/usr/bin/env bash
# Quiz campaign burst on PostgreSQL + Redis — a benchmark, not a test (tests/run.sh does not run it; nothing asserts timings).
#
# Starts private PostgreSQL and Redis instances on loopback (installed from Debian's packages when missing, like
# tests/run.sh, and removed at exit), runs the API in Release against them, then with the load driver in
# tests/benchmarks/QuizLoad:
#   - creates WORKERS workers (WeChat simulator login + profile) and a published campaign,
#   - bursts start + submit of an attempt for every worker, CONCURRENCY at a time, all released together,
#   - reads the leaderboard for READ_SECONDS with CONCURRENCY connections (wrk, installed from Debian when missing),
# and in the same run measures PostgreSQL's own single-row INSERT rate with pgbench at the same concurrency.
# Prints requests/s, p50/p99 and errors per phase, and the ratio of campaign requests/s to pgbench inserts/s.
#
#   bash tests/benchmarks/quiz-campaign-burst.sh
#   WORKERS=5000 CONCURRENCY=128 bash tests/benchmarks/quiz-campaign-burst.sh
#   CONCURRENCY=200 WORKERS=4000 bash tests/benchmarks/quiz-campaign-burst.sh
#
# Every start and submit carries an Idempotency-Key, as the mini-program sends them (IDEMPOTENCY=0 leaves them out).
# Profiling: TRACE_SECONDS=15 TRACE_OUT=/tmp/burst.nettrace records a CPU sampling trace of the API with dotnet-trace
# (found on PATH or in /tmp/tools) from the start of the burst; API_LOG=/tmp/api.log keeps the API's log (with
# 'Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information' in the environment it lists every SQL
# statement). The summary prints the API's peak resident memory (VmHWM).
#
# PG_CONNECTION_EXTRA='No Reset On Close=true;Max Auto Prepare=32' is appended to the API's connection string.
#
# Ports: BENCH_PG_PORT (55532), BENCH_REDIS_PORT (56479), BENCH_API_PORT (5180).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKERS=${WORKERS:-2000}
CONCURRENCY=${CONCURRENCY:-64}
READ_SECONDS=${READ_SECONDS:-20}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
PG_PORT=${BENCH_PG_PORT:-55532}
REDIS_PORT=${BENCH_REDIS_PORT:-56479}
API_PORT=${BENCH_API_PORT:-5180}
WORK=$(mktemp -d /tmp/changai-bench.XXXXXX)
BASE="http://127.0.0.1:$API_PORT"

PG_MAX_CONNECTIONS=400 # the API's pool (200) and pgbench at the same concurrency; no fsync, as in tests/run.sh, so the
                       # API and pgbench below run on the same footing
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

cleanup() {
  [ -n "${API_LOG:-}" ] && [ -f "$WORK/api.log" ] && cp "$WORK/api.log" "$API_LOG"
  [ -n "${API_PID:-}" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  stop_servers
}
trap cleanup EXIT

install_servers pgbench=postgresql-contrib wrk=wrk curl=curl
start_postgres
start_redis

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
dotnet build tests/benchmarks/QuizLoad -c Release -nologo -v q >/dev/null

echo "== API on $BASE (Release, PostgreSQL + Redis, WeChat simulator, jobs off)"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres changai
(
  cd src/Api/bin/Release/net10.0
  ASPNETCORE_ENVIRONMENT=Development \
  Urls="$BASE" \
  Database__Provider=Postgres \
  ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai;Maximum Pool Size=200${PG_CONNECTION_EXTRA:+;$PG_CONNECTION_EXTRA}" \
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
  WeChat__BaseAddress="$BASE/wechat-sim" \
  Jobs__InProcess=false \
  RateLimits__LoginPerIpPerMinute=100000 RateLimits__LoginPerAccountPerMinute=100000 \
  Quiz__MinSecondsPerQuestion=0 \
  Logging__LogLevel__Default=Warning \
  exec dotnet Changai.Api.dll
) > "$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 120); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$BASE/health/ready" >/dev/null || { echo "API did not become ready:"; tail -n 50 "$WORK/api.log"; exit 1; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== burst: $WORKERS workers, $CONCURRENCY at a time (load average before: $LOAD_BEFORE)"
TRACE=$(command -v dotnet-trace || echo /tmp/tools/dotnet-trace)
if [ -n "${TRACE_SECONDS:-}" ]; then
  # The trace starts when the driver prints that the campaign is published, i.e. when the burst begins.
  ( while ! grep -q published "$WORK/load.out" 2>/dev/null; do sleep 0.2; done
    "$TRACE" collect -p "$API_PID" --profile dotnet-sampled-thread-time,dotnet-common --duration "00:00:00:$TRACE_SECONDS" -o "${TRACE_OUT:-/tmp/quiz-burst.nettrace}" \
      > "${TRACE_OUT:-/tmp/quiz-burst.nettrace}.log" 2>&1 ) &
fi
dotnet tests/benchmarks/QuizLoad/bin/Release/net10.0/Changai.QuizLoad.dll \
  --base "$BASE" --workers "$WORKERS" --concurrency "$CONCURRENCY" --read-seconds 3 --idempotency "${IDEMPOTENCY:-1}" \
  --api-pid "$API_PID" --pg-pid "$(head -n1 "$PG_DATA/postmaster.pid")" \
  --out "$WORK/load.env" | tee "$WORK/load.out"
# shellcheck disable=SC1091
source "$WORK/load.env"

echo
echo "== leaderboard reads: wrk, $CONCURRENCY connections, ${READ_SECONDS}s (served from $LEADERBOARD_SOURCE)"
wrk -t"$(( CONCURRENCY < 2 ? 1 : 2 ))" -c"$CONCURRENCY" -d"${READ_SECONDS}s" --latency -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=20" > "$WORK/wrk.txt"
cat "$WORK/wrk.txt"
WRK_RPS=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.1f", v / 1000; else if (v ~ /ms$/) printf "%.1f", v + 0; else if (v ~ /s$/) printf "%.1f", v * 1000; else print v }'; }
WRK_P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")")
WRK_P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")")
WRK_ERRORS=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$WORK/wrk.txt")
WRK_REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")

echo
echo "== pgbench: single-row INSERT, $CONCURRENCY clients, ${PGBENCH_SECONDS}s, same server"
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -c \
  "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, campaign_id uuid NOT NULL, worker_id uuid NOT NULL, score int NOT NULL, at timestamptz NOT NULL)"
echo "INSERT INTO bench_insert (campaign_id, worker_id, score, at) VALUES (gen_random_uuid(), gen_random_uuid(), 90, now());" > "$WORK/insert.sql"
"$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CONCURRENCY" -j 2 -T "$PGBENCH_SECONDS" -f "$WORK/insert.sql" changai > "$WORK/pgbench.txt" 2>&1
grep -E "tps|latency average|number of failed" "$WORK/pgbench.txt" || cat "$WORK/pgbench.txt"
PG_TPS=$(awk '/^tps/ {printf "%.0f", $3; exit}' "$WORK/pgbench.txt")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
API_PEAK_MB=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$API_PID/status")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
echo
echo "== summary (machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); API, PostgreSQL, Redis and the load all on it;"
echo "   load average before $LOAD_BEFORE, after $LOAD_AFTER: anything else running on the machine shows in these figures)"
printf "%-28s %10s %8s %10s %9s %9s\n" "phase" "requests" "errors" "req/s" "p50 ms" "p99 ms"
printf "%-28s %10s %8s %10s %9s %9s\n" "setup (login+profile)" "$SETUP_WORKERS_REQUESTS" "$SETUP_WORKERS_ERRORS" "$SETUP_WORKERS_RPS" "-" "-"
printf "%-28s %10s %8s %10s %9s %9s\n" "campaign start+submit" "$START_SUBMIT_REQUESTS" "$START_SUBMIT_ERRORS" "$START_SUBMIT_RPS" "$START_SUBMIT_P50_MS" "$START_SUBMIT_P99_MS"
printf "%-28s %10s %8s %10s %9s %9s\n" "  start attempt" "$START_REQUESTS" "-" "$START_RPS" "$START_P50_MS" "$START_P99_MS"
printf "%-28s %10s %8s %10s %9s %9s\n" "  submit attempt" "$SUBMIT_REQUESTS" "-" "$SUBMIT_RPS" "$SUBMIT_P50_MS" "$SUBMIT_P99_MS"
printf "%-28s %10s %8s %10s %9s %9s\n" "leaderboard read (wrk)" "$WRK_REQUESTS" "$WRK_ERRORS" "$WRK_RPS" "$WRK_P50" "$WRK_P99"
printf "%-28s %10s %8s %10s %9s %9s\n" "pgbench single-row INSERT" "-" "-" "$PG_TPS" "-" "-"
echo "API process peak resident memory (VmHWM): ${API_PEAK_MB} MB"
echo "CPU per worker (one start + one submit) in the burst: API ${API_CPU_MS_PER_WORKER} ms, PostgreSQL ${PG_CPU_MS_PER_WORKER} ms"
echo "ratio campaign req/s ÷ pgbench inserts/s:      $(ratio "$START_SUBMIT_RPS" "$PG_TPS")"
echo "ratio leaderboard reads/s ÷ pgbench inserts/s: $(ratio "$WRK_RPS" "$PG_TPS")"
echo "(start+submit p50/p99 are per worker: one start and one submit together)"
