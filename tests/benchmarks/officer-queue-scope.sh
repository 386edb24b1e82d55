#!/usr/bin/env bash
# A county officer's review queue, two API builds side by side in one run (issue 16) — a benchmark, not a test.
# BASELINE (a git ref, default main) and this tree each run one Release API (Development settings, demo data) on a
# database of its own in one private PostgreSQL (fsync on) with Redis; UNIONS grassroots unions are added under 官渡区
# (530111) so the county's subtree has the size of a real county's (~170 unions in the topology run). Then, ROUNDS times
# and alternating builds, wrk reads km.guandu's first queue page for DURATION seconds with CONNECTIONS connections. Prints per build:
# requests/s, p50/p99, and the CPU the API process and PostgreSQL (postmaster and backends) spent per request.
#
#   bash tests/benchmarks/officer-queue-scope.sh
#   BASELINE=none UNIONS=2000 bash tests/benchmarks/officer-queue-scope.sh
#
# Ports: BENCH_PG_PORT (55539), BENCH_REDIS_PORT (56539), BENCH_API_PORT (15539; the baseline takes the next one).
set -euo pipefail
cd "$(dirname "$0")/../.."
BASELINE=${BASELINE:-main}
UNIONS=${UNIONS:-200}
ROUNDS=${ROUNDS:-3}
SECONDS_EACH=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-16}
PG_PORT=${BENCH_PG_PORT:-55539}
REDIS_PORT=${BENCH_REDIS_PORT:-56539}
API_PORT=${BENCH_API_PORT:-15539}
WORK=$(mktemp -d /tmp/changai-queue.XXXXXX)
PG_DURABLE=1
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done; stop_servers; }
trap cleanup EXIT
install_servers wrk=wrk curl=curl
start_postgres
start_redis
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

BUILDS=("after|$(pwd)/src/Api/bin/Release/net10.0")
echo "== build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
if [ "$BASELINE" != none ]; then
  COMMIT=$(git rev-parse --short "$BASELINE")
  echo "== build the baseline $BASELINE ($COMMIT)"
  mkdir -p "$WORK/baseline" && git archive "$COMMIT" | tar -x -C "$WORK/baseline"
  dotnet build "$WORK/baseline/src/Api" -c Release -nologo -v q >/dev/null
  BUILDS=("before ($BASELINE $COMMIT)|$WORK/baseline/src/Api/bin/Release/net10.0" "${BUILDS[@]}")
fi

psql_in() { "$PG_BIN/psql" -qAt -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }
pg_cpu() { # clock ticks of the postmaster and every backend
  local total=0 pid
  for pid in $(pgrep -P "$(head -n1 "$PG_DATA/postmaster.pid")") "$(head -n1 "$PG_DATA/postmaster.pid")"; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
proc_cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

declare -A URL TOKEN API
port=$API_PORT
for build in "${BUILDS[@]}"; do
  name=${build%%|*}; dir=${build#*|}; db="queue$port"; base="http://127.0.0.1:$port"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$db"
  ( cd "$dir"; ASPNETCORE_ENVIRONMENT=Development Urls="$base" Database__Provider=Postgres \
    ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db;Maximum Pool Size=100" \
    ConnectionStrings__Redis="$REDIS_CONNECTION" Redis__KeyPrefix="$db" WeChat__BaseAddress="$base/wechat-sim" Jobs__InProcess=false \
    DemoData__SampleActivity=false Logging__LogLevel__Default=Warning exec dotnet Changai.Api.dll ) > "$WORK/api-$port.log" 2>&1 &
  API[$name]=$!; PIDS+=("$!")
  for _ in $(seq 240); do curl -sf "$base/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "$base/health/ready" >/dev/null || { tail -n 40 "$WORK/api-$port.log"; exit 1; }
  # UNIONS siblings of 530111001 (a copy of its row each), added straight to the table before the first request.
  psql_in "$db" "CREATE TEMP TABLE t AS SELECT u.*, g FROM \"Unions\" u, generate_series(1, $UNIONS) g WHERE u.\"Code\" = '530111001';
    UPDATE t SET \"Id\" = gen_random_uuid(), \"Code\" = 'Q' || lpad(g::text, 8, '0'), \"Name\" = \"Name\" || g, \"CreditCode\" = NULL,
      \"Path\" = replace(\"Path\", '530111001/', 'Q' || lpad(g::text, 8, '0') || '/');
    ALTER TABLE t DROP COLUMN g; INSERT INTO \"Unions\" SELECT * FROM t;"
  TOKEN[$name]=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"km.guandu","password":"Demo@2026yn"}' "$base/api/auth/officer-login" \
    | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
  URL[$name]="$base/api/officer/membership/applications?pageSize=20"
  curl -sf -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}" >/dev/null
  echo "== $name on $base: $(psql_in "$db" "SELECT count(*) FROM \"Unions\" WHERE \"Path\" LIKE '/53/5301/530111/%'") unions in 官渡区's subtree"
  port=$((port + 1))
done

declare -A REQ CPU_API CPU_PG P50 P99 RPS
echo "== $ROUNDS rounds of ${SECONDS_EACH}s, $CONNECTIONS connections, builds alternating (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
for round in $(seq "$ROUNDS"); do
  for build in "${BUILDS[@]}"; do
    name=${build%%|*}
    wrk -t2 -c"$CONNECTIONS" -d2s -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}" >/dev/null # warm-up
    a0=$(proc_cpu "${API[$name]}"); p0=$(pg_cpu)
    wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer ${TOKEN[$name]}" "${URL[$name]}" > "$WORK/wrk.txt"
    a1=$(proc_cpu "${API[$name]}"); p1=$(pg_cpu)
    n=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
    bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt"); [ -z "$bad" ] || { echo "$name: $bad non-2xx answers"; exit 1; }
    REQ[$name]=$(( ${REQ[$name]:-0} + n )); CPU_API[$name]=$(( ${CPU_API[$name]:-0} + a1 - a0 )); CPU_PG[$name]=$(( ${CPU_PG[$name]:-0} + p1 - p0 ))
    RPS[$name]="${RPS[$name]:-}$(awk '/Requests\/sec/ {printf "%.0f ", $2}' "$WORK/wrk.txt")"
    P50[$name]="${P50[$name]:-}$(awk '$1 == "50%" {printf "%s ", $2}' "$WORK/wrk.txt")"
    P99[$name]="${P99[$name]:-}$(awk '$1 == "99%" {printf "%s ", $2}' "$WORK/wrk.txt")"
  done
done
TICK=$(getconf CLK_TCK)
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores shared by both APIs, PostgreSQL, Redis and wrk"
printf "| %s | %s | %s | %s | %s | %s | %s |\n" build requests "req/s per round" "p50 per round" "p99 per round" "API CPU ms/request" "PostgreSQL CPU ms/request"
printf "|---|---:|---|---|---|---:|---:|\n"
for build in "${BUILDS[@]}"; do
  name=${build%%|*}
  printf "| %s | %s | %s | %s | %s | %s | %s |\n" "$name" "${REQ[$name]}" "${RPS[$name]% }" "${P50[$name]% }" "${P99[$name]% }" \
    "$(awk -v t="${CPU_API[$name]}" -v n="${REQ[$name]}" -v k="$TICK" 'BEGIN { printf "%.2f", t * 1000 / k / n }')" \
    "$(awk -v t="${CPU_PG[$name]}" -v n="${REQ[$name]}" -v k="$TICK" 'BEGIN { printf "%.2f", t * 1000 / k / n }')"
done
