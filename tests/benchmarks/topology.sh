#!/usr/bin/env bash
# The production topology on one machine, under load and faults (issue 9) — a benchmark, not a test: tests/run.sh does
# not run it and nothing here asserts a timing. It exits non-zero only when a fault scenario lost or doubled a record.
#
#   PostgreSQL (durable: fsync on) ─┬─ API #1 ─┐
#   Redis                          ├─ API #2 ─┴─ nginx (round-robin, loopback) ◄── wrk + Lua / the driver
#   WeChat simulator (own process) ┴─ Jobs #1, Jobs #2 (Hangfire servers on PostgreSQL)
#
# Installs what is missing from Debian's packages (postgresql, postgresql-contrib for pgbench, redis-server, nginx, wrk),
# builds in Release, seeds WORKERS workers with complete encrypted identities under ENTERPRISES new grassroots unions and
# APPLICATIONS join applications across the tree, then measures, each beside its baseline from the same run:
#   login burst, quiz campaign start burst, submit burst, seat race, reminder fan-out  ÷ pgbench single-row INSERT
#   leaderboard reads, an officer's queue deep in the tree and province-wide           ÷ GET /health/live (same server)
# and injects the faults: an API process killed mid-load (submissions retried with their Idempotency-Key), Redis stopped
# for REDIS_DOWN seconds, PostgreSQL stopped PG_DOWN seconds and restarted during a fan-out, a Jobs process killed
# mid-dispatch. Everything is torn down at the end. The summary (Markdown) is printed and kept in artifacts/topology.md.
#
#   bash tests/benchmarks/topology.sh                              # the issue's volumes (takes ~30 min on 2 cores)
#   WORKERS=20000 APPLICATIONS=100000 FANOUT=10000 bash tests/benchmarks/topology.sh   # a quick look
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORKERS=${WORKERS:-200000}
APPLICATIONS=${APPLICATIONS:-1000000}
ENTERPRISES=${ENTERPRISES:-2000}
LOGINS=${LOGINS:-20000}
CONNECTIONS=${CONNECTIONS:-200}
DURATION=${DURATION:-20}
FANOUT=${FANOUT:-100000}
FAULT_FANOUT=${FAULT_FANOUT:-30000}
RETRY_WORKERS=${RETRY_WORKERS:-3000}
SEATS=${SEATS:-50}
REDIS_DOWN=${REDIS_DOWN:-30}
PG_DOWN=${PG_DOWN:-15}
LEASE_SECONDS=${LEASE_SECONDS:-20}
PG_PORT=${TOPO_PG_PORT:-55610}
REDIS_PORT=${TOPO_REDIS_PORT:-56610}
NGINX_PORT=${TOPO_PORT:-5600}
SIM_PORT=$((NGINX_PORT + 10))
API_PORTS=($((NGINX_PORT + 11)) $((NGINX_PORT + 12)))
JOBS_PORTS=($((NGINX_PORT + 13)) $((NGINX_PORT + 14)))
WORK=$(mktemp -d /tmp/changai-topology.XXXXXX)
BASE="http://127.0.0.1:$NGINX_PORT"
SIM="http://127.0.0.1:$SIM_PORT"
RESULTS="$WORK/results.env"
LUA="$ROOT/tests/benchmarks/topology"
DRIVER=(dotnet "$ROOT/tests/benchmarks/Topology/bin/Release/net10.0/Changai.Benchmarks.Topology.dll")
API_DIR="$ROOT/src/Api/bin/Release/net10.0"
JOBS_DIR="$ROOT/src/Jobs/bin/Release/net10.0"
PG_DURABLE=1
API_POOL=${API_POOL:-150} # Maximum Pool Size of each API process (150 in every run of docs/benchmarks.md unless it says otherwise)
PG_MAX_CONNECTIONS=600 # two API pools (150 each), pgbench at $CONNECTIONS, two Jobs processes
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

declare -A PIDS=()
cleanup() {
  local status=$?
  [ "$status" = 0 ] || echo "topology: stopping after exit status $status (line ${FAILED_LINE:-?})"
  for name in "${!PIDS[@]}"; do kill "${PIDS[$name]}" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  sleep 1
  for name in "${!PIDS[@]}"; do kill -9 "${PIDS[$name]}" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-}" = 1 ]; then echo "work folder kept: $WORK"; PG_STOP_ONLY=1; fi
  [ -n "${PG_STOP:-}" ] && "${PG_STOP[@]}" >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  [ "${KEEP_WORK:-}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'FAILED_LINE="$LINENO: $BASH_COMMAND"' ERR
trap "exit 130" INT TERM
say() { echo "== $(date +%H:%M:%S) $*"; }
put() { echo "$1=$2" >> "$RESULTS"; }
put API_POOL "$API_POOL"; put LEASE_SECONDS "$LEASE_SECONDS"; put REDIS_DOWN_SECONDS "$REDIS_DOWN"; put PG_DOWN_SECONDS "$PG_DOWN"

install_servers pgbench=postgresql-contrib wrk=wrk curl=curl nginx=nginx
start_postgres
start_redis
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
dotnet build src/Jobs -c Release -nologo -v q >/dev/null
dotnet build tests/benchmarks/Topology -c Release -nologo -v q >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres changai

wait_ready() { # url name
  for _ in $(seq 240); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    [ -z "${PIDS[$2]:-}" ] || kill -0 "${PIDS[$2]}" 2>/dev/null || break
    sleep 0.5
  done
  echo "$2 did not become ready:"; tail -n 40 "$WORK/$2.log"; exit 1
}

say "WeChat simulator on $SIM (its own process: both APIs and both Jobs processes call it)"
"${DRIVER[@]}" simulator --url "$SIM" --api-dir "$API_DIR" --messages-kept $((FANOUT + FAULT_FANOUT + 20000)) > "$WORK/simulator.log" 2>&1 &
PIDS[simulator]=$!
wait_ready "$SIM/health" simulator

# API_GC="workstation workstation" (default): both APIs as they ship (Api.csproj: workstation GC). "server workstation"
# runs API #1 on the server GC beside API #2, to compare their memory and latency under the same round-robin load (the
# run of issue 9 did; docs/benchmarks.md).
API_GC=(${API_GC:-workstation workstation})
gc_server() { [ "${API_GC[$(($1 - 1))]}" = server ] && echo 1 || echo 0; }
put API_GC "\"${API_GC[*]}\""

start_api() { # index (1 or 2)
  local i=$1 port=${API_PORTS[$(($1 - 1))]}
  (
    cd "$API_DIR"
    ASPNETCORE_ENVIRONMENT=Development \
    Urls="http://127.0.0.1:$port" \
    Database__Provider=Postgres \
    ConnectionStrings__Default="$CONN;Maximum Pool Size=$API_POOL" \
    ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
    WeChat__BaseAddress="$SIM/wechat-sim" \
    WeChat__Simulator__Enabled=false \
    Jobs__InProcess=false \
    RateLimits__LoginPerIpPerMinute=100000 \
    RateLimits__LoginPerAccountPerMinute=10 \
    Quiz__MinSecondsPerQuestion=0 \
    Logging__LogLevel__Default=Warning \
    DOTNET_gcServer="$(gc_server "$i")" \
    exec dotnet Changai.Api.dll
  ) >> "$WORK/api$i.log" 2>&1 &
  PIDS[api$i]=$!
  wait_ready "http://127.0.0.1:$port/health/ready" "api$i"
}

start_jobs() { # index
  local i=$1 port=${JOBS_PORTS[$(($1 - 1))]}
  (
    cd "$JOBS_DIR"
    DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
    Urls="http://127.0.0.1:$port" \
    Database__Provider=Postgres \
    ConnectionStrings__Default="$CONN;Maximum Pool Size=30" \
    ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" \
    Jobs__Store=Postgres \
    WeChat__BaseAddress="$SIM/wechat-sim" \
    Notifications__Senders=16 \
    Notifications__MaxSendsPerSecond=5000 \
    Notifications__LeaseSeconds="$LEASE_SECONDS" \
    Logging__LogLevel__Default=Warning \
    exec dotnet Changai.Jobs.dll
  ) >> "$WORK/jobs$i.log" 2>&1 &
  PIDS[jobs$i]=$!
  wait_ready "http://127.0.0.1:$port/health/ready" "jobs$i"
}

say "API #1 (migrates, seeds the demo tree and accounts), then API #2"
start_api 1
start_api 2

say "nginx on $BASE → 127.0.0.1:${API_PORTS[0]}, 127.0.0.1:${API_PORTS[1]}"
mkdir -p "$WORK/nginx"
sed -e "s#@WORK@#$WORK/nginx#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@API1@#${API_PORTS[0]}#g" -e "s#@API2@#${API_PORTS[1]}#g" \
  "$LUA/nginx.conf" > "$WORK/nginx/nginx.conf"
chmod -R a+rwX "$WORK/nginx"
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
wait_ready "$BASE/health/live" nginx

say "seed: $WORKERS workers, $APPLICATIONS applications, $ENTERPRISES grassroots unions"
"${DRIVER[@]}" seed --api-dir "$API_DIR" --pg "$CONN" --workers "$WORKERS" --applications "$APPLICATIONS" --enterprises "$ENTERPRISES" >> "$RESULTS"
cat "$RESULTS"
# What an operator does after a bulk import: without it the scenarios that follow paid for autovacuum/analyze of the
# freshly seeded tables, the first reads' hint bits and a checkpoint of the seed's pages, all counted as PostgreSQL CPU
# per request (docs/benchmarks.md, issue 16 hot-quiz).
say "VACUUM ANALYZE and CHECKPOINT after the seed"
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -c "VACUUM (ANALYZE)" -c "CHECKPOINT"

say "Jobs #1 and #2 (Hangfire servers on PostgreSQL)"
start_jobs 1
start_jobs 2

say "prepare: $LOGINS login codes, a province-wide campaign, a session with $SEATS seats, officer tokens"
"${DRIVER[@]}" prepare --api-dir "$API_DIR" --pg "$CONN" --base "$BASE" --sim "$SIM" --out "$WORK/in" --login-workers "$LOGINS" --seats "$SEATS"
# shellcheck disable=SC1091
source "$WORK/in/prepare.env"
cat "$WORK/in/prepare.env" >> "$RESULTS"

# HOLD=1: keep the topology up after prepare for profiling by hand (the work folder's hold.env says where everything is);
# touch $WORK/restart to restart both APIs (after a rebuild), $WORK/stop to tear everything down.
if [ "${HOLD:-}" = 1 ]; then
  { echo "WORK=$WORK"; echo "BASE=$BASE"; echo "PG_PORT=$PG_PORT"; echo "CONN='$CONN'"; echo "API_PIDS='${PIDS[api1]} ${PIDS[api2]}'"; cat "$WORK/in/prepare.env"; } > "$WORK/hold.env"
  say "holding: $WORK/hold.env"
  while [ ! -f "$WORK/stop" ]; do
    if [ -f "$WORK/restart" ]; then
      rm -f "$WORK/restart"; kill "${PIDS[api1]}" "${PIDS[api2]}"; sleep 1; start_api 1; start_api 2
      sed -i "s/^API_PIDS=.*/API_PIDS='${PIDS[api1]} ${PIDS[api2]}'/" "$WORK/hold.env"; say "APIs restarted"
    fi
    sleep 1
  done
  exit 0
fi

api_pids() { echo "${PIDS[api1]} ${PIDS[api2]}"; }
reset_peaks() { for pid in $(api_pids); do echo 5 > "/proc/$pid/clear_refs" 2>/dev/null || true; done; }
peak_mb() { # peak RSS of API #1 / API #2 since reset_peaks, in MB
  local out="" kb pid
  for pid in $(api_pids); do
    kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    out="$out${out:+/}$((${kb:-0} / 1024))"
  done
  echo "$out"
}

# CPU time (clock ticks, 1/100 s) spent so far by the API processes and by PostgreSQL (postmaster and its backends):
# sampled around each scenario to give the CPU a request costs on each side.
cpu_ticks() { # api | pg
  local pids
  if [ "$1" = api ]; then pids=$(api_pids); else
    local pm; pm=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
    pids="$pm $(pgrep -P "${pm:-0}" 2>/dev/null | tr '\n' ' ')"
  fi
  for pid in $pids; do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
}

run_wrk() { # KEY MODE INPUT SECONDS [CONNECTIONS]
  local key=$1 mode=$2 input=$3 seconds=$4 conns=${5:-$CONNECTIONS}
  reset_peaks
  local api0 pg0; api0=$(cpu_ticks api); pg0=$(cpu_ticks pg)
  say "wrk $key: $mode, $conns connections, up to ${seconds}s"
  rm -rf "$WORK/done" && mkdir -p "$WORK/done"
  SCENARIO=$key MODE=$mode INPUT=$input LUA_DIR=$LUA WRK_THREADS=2 CAMPAIGN=$CAMPAIGN SESSION=$SESSION TOKENS_OUT=${TOKENS_OUT:-} \
    DONE_DIR="$WORK/done" wrk -t2 -c"$conns" -d"${seconds}s" --timeout 10s -s "$LUA/scenario.lua" "$BASE" > "$WORK/$key.txt" 2>&1 &
  local wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    # every thread done with its inputs: SIGINT makes wrk stop waiting out -d and print its summary
    if [ "$(ls "$WORK/done" | wc -l)" -ge 2 ]; then kill -INT "$wrk_pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  wait "$wrk_pid" || true
  grep -E "^${key}_" "$WORK/$key.txt" | tee -a "$RESULTS" || { echo "wrk $key failed:"; head -n 5 "$WORK/$key.txt"; put "${key}_ERRORS" failed; }
  put "${key}_PEAK_MB" "$(peak_mb)"
  local requests; requests=$(sed -n "s/^${key}_REQUESTS=//p" "$WORK/$key.txt")
  if [ "${requests:-0}" -gt 0 ]; then
    put "${key}_API_CPU_MS" "$(awk -v a="$api0" -v b="$(cpu_ticks api)" -v n="$requests" 'BEGIN {printf "%.2f", (b - a) * 10 / n}')"
    put "${key}_PG_CPU_MS" "$(awk -v a="$pg0" -v b="$(cpu_ticks pg)" -v n="$requests" 'BEGIN {printf "%.2f", (b - a) * 10 / n}')"
  fi
}

pgbench_insert() { # KEY CLIENTS
  say "pgbench $1: single-row INSERT, $2 clients, 15 s"
  "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -c \
    "CREATE TABLE IF NOT EXISTS bench_insert (id bigserial PRIMARY KEY, campaign_id uuid NOT NULL, worker_id uuid NOT NULL, score int NOT NULL, at timestamptz NOT NULL)"
  echo "INSERT INTO bench_insert (campaign_id, worker_id, score, at) VALUES (gen_random_uuid(), gen_random_uuid(), 90, now());" > "$WORK/insert.sql"
  "$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$2" -j 2 -T 15 -f "$WORK/insert.sql" changai > "$WORK/$1.txt" 2>&1
  put "$1_RPS" "$(awk '/^tps/ {printf "%.0f", $3; exit}' "$WORK/$1.txt")"
  put "$1_P50_MS" "$(awk '/latency average/ {print $4; exit}' "$WORK/$1.txt")"
  tail -n 3 "$WORK/$1.txt"
}

# ---------------------------------------------------------------- baselines and load scenarios
run_wrk BARE bare /dev/null 15
pgbench_insert PGBENCH "$CONNECTIONS"

say "fresh login codes (they expire after five minutes)"
"${DRIVER[@]}" codes --sim "$SIM" --out "$WORK/in" --login-workers "$LOGINS"
TOKENS_OUT="$WORK/in/tokens" run_wrk LOGIN login "$WORK/in/codes.txt" "$DURATION"
cat "$WORK"/in/tokens.* > "$WORK/in/tokens.txt"
echo "worker tokens from the login burst: $(wc -l < "$WORK/in/tokens.txt")"

if [ "${SKIP_LOAD:-}" != 1 ]; then # SKIP_LOAD=1: only the login burst (for tokens) and the faults
run_wrk START start "$WORK/in/tokens.txt" "$DURATION"
"${DRIVER[@]}" submits --base "$BASE" --campaign "$CAMPAIGN" --tokens "$WORK/in/tokens.txt" --out "$WORK/in/submits.txt"
run_wrk SUBMIT submit "$WORK/in/submits.txt" "$DURATION"
run_wrk LEADERBOARD leaderboard "$WORK/in/tokens.txt" "$DURATION"
put LEADERBOARD_SOURCE "$(curl -s -H "Authorization: Bearer $(head -n1 "$WORK/in/tokens.txt")" "$BASE/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=1" | sed -n 's/.*"source":"\([a-z]*\)".*/\1/p')"

head -n $((SEATS * 20)) "$WORK/in/tokens.txt" > "$WORK/in/seat-tokens.txt"
run_wrk ENROLL enroll "$WORK/in/seat-tokens.txt" 60
put ENROLL_CONFIRMED "$("$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -c \
  "SELECT count(*) FROM \"TrainingEnrollments\" WHERE \"SessionId\" = '$SESSION' AND \"Status\" = 'Confirmed'")"

run_wrk QUEUE_COUNTY queue "$WORK/in/officer-county.txt" "$DURATION"
run_wrk QUEUE_PROVINCE queue "$WORK/in/officer-province.txt" "$DURATION"

say "fan-out: $FANOUT notifications, two Jobs processes"
"${DRIVER[@]}" fanout-seed --pg "$CONN" --sim "$SIM" --count "$FANOUT" --round 1
reset_peaks
"${DRIVER[@]}" fanout-check --pg "$CONN" --sim "$SIM" --round 1 --release true
"${DRIVER[@]}" fanout-check --pg "$CONN" --sim "$SIM" --round 1 --key FANOUT --out "$WORK/fanout1.env" || true
cat "$WORK/fanout1.env" >> "$RESULTS"
fi

# ---------------------------------------------------------------- faults
say "fault 1: API #2 killed mid-load; $RETRY_WORKERS workers start and submit one more attempt, retrying with their Idempotency-Key"
rm -f "$WORK/retry.started"
"${DRIVER[@]}" retry-submits --base "$BASE" --pg "$CONN" --campaign "$CAMPAIGN" --tokens "$WORK/in/tokens.txt" --workers "$RETRY_WORKERS" \
  --concurrency 64 --started-flag "$WORK/retry.started" --out "$WORK/retry.env" &
RETRY_PID=$!
for _ in $(seq 100); do [ -f "$WORK/retry.started" ] && break; sleep 0.1; done
sleep 4
kill -9 "${PIDS[api2]}"; say "API #2 killed"
wait "$RETRY_PID" || true
cat "$WORK/retry.env" >> "$RESULTS"
start_api 2; say "API #2 back"

say "fault 2: Redis stopped for ${REDIS_DOWN}s under leaderboard reads and officer logins"
redis_probe() { # leaderboard source and total as one worker sees them
  curl -s -H "Authorization: Bearer $(head -n1 "$WORK/in/tokens.txt")" "$BASE/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=1" |
    sed -n 's/.*"source":"\([a-z]*\)".*"total":\([0-9]*\).*/\1:\2/p; s/.*"total":\([0-9]*\).*"source":"\([a-z]*\)".*/\2:\1/p' | head -n1
}
put REDIS_BEFORE "$(redis_probe)"
(
  SCENARIO=REDIS_FAULT MODE=leaderboard INPUT="$WORK/in/tokens.txt" LUA_DIR=$LUA WRK_THREADS=2 CAMPAIGN=$CAMPAIGN \
    wrk -t2 -c64 -d"$((REDIS_DOWN + 20))s" --timeout 10s -s "$LUA/scenario.lua" "$BASE" > "$WORK/REDIS_FAULT.txt" 2>&1
) &
WRK_PID=$!
sleep 5
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; say "Redis stopped"
sleep 2
put REDIS_DOWN_PROBE "$(redis_probe)"
LOGIN_DOWN=$(for _ in 1 2 3; do curl -s -o /dev/null -w '%{http_code} ' -H 'Content-Type: application/json' \
  -d '{"username":"km.shi","password":"Demo@2026yn"}' "$BASE/api/auth/officer-login"; done)
put REDIS_DOWN_LOGINS "\"$LOGIN_DOWN\""
sleep $((REDIS_DOWN - 2))
start_redis; say "Redis back"
wait "$WRK_PID" || true
grep -E "^REDIS_FAULT_" "$WORK/REDIS_FAULT.txt" | tee -a "$RESULTS"
sleep 3
put REDIS_AFTER "$(redis_probe)"
# Rate limits recover: the per-account limit (10 a minute here) is counted in Redis again, across both API processes.
LIMITED=$(for _ in $(seq 12); do curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
  -d '{"username":"nobody.here","password":"wrong-password-1"}' "$BASE/api/auth/officer-login"; done | grep -c 429 || true)
put REDIS_AFTER_LIMITED "$LIMITED"
put REDIS_AFTER_KEYS "$(redis-cli -p "$REDIS_PORT" --scan --pattern '*login-account*' | wc -l)"

say "faults 3 and 4 during a fan-out of $FAULT_FANOUT: PostgreSQL stopped ${PG_DOWN}s, then Jobs #1 killed"
"${DRIVER[@]}" fanout-seed --pg "$CONN" --sim "$SIM" --count "$FAULT_FANOUT" --round 2
"${DRIVER[@]}" fanout-check --pg "$CONN" --sim "$SIM" --round 2 --release true
sleep 6
"${PG_STOP[@]}" >/dev/null; say "PostgreSQL stopped"
PROBES=""
for _ in $(seq 5); do
  PROBES="$PROBES$(curl -s -o "$WORK/pg-down.json" -w '%{http_code}:%{time_total} ' -H "Authorization: Bearer $(head -n1 "$WORK/in/tokens.txt")" "$BASE/api/quiz/campaigns/$CAMPAIGN")"
  sleep 1
done
put PG_DOWN_PROBES "\"$PROBES\""
put PG_DOWN_CODE "$(sed -n 's/.*"code":"\([a-z._]*\)".*/\1/p' "$WORK/pg-down.json")"
sleep $((PG_DOWN - 5))
"${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=$PG_MAX_CONNECTIONS" start >/dev/null
say "PostgreSQL back"
PG_BACK_AT=$SECONDS
PSQL=("$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai)
for _ in $(seq 60); do
  [ "$("${PSQL[@]}" -c "SELECT count(*) FROM \"Notifications\" WHERE \"DedupKey\" LIKE 'topo.fanout.2:%' AND \"SentAt\" > now() - interval '2 seconds'")" -gt 0 ] && break
  sleep 1
done
put PG_RESUMED_AFTER_SECONDS $((SECONDS - PG_BACK_AT))
sleep 5
kill -9 "${PIDS[jobs1]}"; say "Jobs #1 killed"
KILLED_AT=$SECONDS
"${PSQL[@]}" -c "CREATE TABLE orphan_check AS SELECT \"Id\", \"LeaseOwner\" AS owner FROM \"Notifications\" WHERE \"DeliveryStatus\" = 'Pending' AND \"LeaseOwner\" IS NOT NULL AND \"DedupKey\" LIKE 'topo.fanout.2:%'" >/dev/null
put JOBS_KILL_LEASED "$("${PSQL[@]}" -c 'SELECT count(*) FROM orphan_check')"
# Taken over: no notification leased at the kill still sits under the lease it had then (the dead process's leases lapse
# after LEASE_SECONDS; the survivor's own batches finish sooner). Drained: all of them delivered or settled.
TAKEN=""
for _ in $(seq 600); do
  if [ -z "$TAKEN" ] && [ "$("${PSQL[@]}" -c "SELECT count(*) FROM \"Notifications\" n JOIN orphan_check o USING (\"Id\") WHERE n.\"DeliveryStatus\" = 'Pending' AND n.\"LeaseOwner\" = o.owner")" = 0 ]; then
    TAKEN=$((SECONDS - KILLED_AT))
  fi
  [ -n "$TAKEN" ] && [ "$("${PSQL[@]}" -c "SELECT count(*) FROM \"Notifications\" n JOIN orphan_check o USING (\"Id\") WHERE n.\"DeliveryStatus\" = 'Pending'")" = 0 ] && break
  sleep 1
done
put JOBS_KILL_TAKEOVER_SECONDS "${TAKEN:-timeout}"
put JOBS_KILL_DRAINED_SECONDS $((SECONDS - KILLED_AT))
"${DRIVER[@]}" fanout-check --pg "$CONN" --sim "$SIM" --round 2 --key FAULT_FANOUT --out "$WORK/fanout2.env" || true
cat "$WORK/fanout2.env" >> "$RESULTS"

# ---------------------------------------------------------------- summary
mkdir -p artifacts
python3 "$LUA/summary.py" "$RESULTS" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee artifacts/topology.md
python3 "$LUA/summary.py" "$RESULTS" --check
