#!/usr/bin/env bash
# How the cost of a hot path grows with the data behind it (issue 16) — a benchmark, not a test. One API process on
# PostgreSQL (fsync on) and Redis, the WeChat simulator beside them, and one database grown step by step:
#   the review queues (province first page, province 50th page by cursor, a county's first page) at STEPS applications
#   (10,000 / 100,000 / 1,000,000 by default), p50/p99 at 1 and 50 connections;
#   a quiz submission (p50 at 1 connection) with 1,000 and 100,000 attempts already in the campaign;
#   a leaderboard read (p50/p99 at 1 and 50 connections) with 1,000 and 200,000 standings.
# Prints a Markdown table (also in artifacts/scaling.md). A hot path whose latency grows with the table is a defect.
#
#   bash tests/benchmarks/scaling.sh                       # ~25 min on 2 cores
#   STEPS="10000 100000" BIG_ATTEMPTS=20000 bash tests/benchmarks/scaling.sh   # a quick look
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
STEPS=${STEPS:-10000 100000 1000000}
SECONDS_EACH=${SECONDS_EACH:-6}
SMALL_ATTEMPTS=${SMALL_ATTEMPTS:-1000}
BIG_ATTEMPTS=${BIG_ATTEMPTS:-100000}
SMALL_ENTRIES=${SMALL_ENTRIES:-1000}
BIG_ENTRIES=${BIG_ENTRIES:-200000}
SUBMITS=${SUBMITS:-200}
PHASES=${PHASES:-queue quiz}
PG_PORT=${SCALING_PG_PORT:-55620}
REDIS_PORT=${SCALING_REDIS_PORT:-56620}
API_PORT=${SCALING_API_PORT:-5621}
SIM_PORT=$((API_PORT + 1))
WORK=$(mktemp -d /tmp/changai-scaling.XXXXXX)
BASE="http://127.0.0.1:$API_PORT"
SIM="http://127.0.0.1:$SIM_PORT"
LUA="$ROOT/tests/benchmarks/topology"
DRIVER=(dotnet "$ROOT/tests/benchmarks/Topology/bin/Release/net10.0/Changai.Benchmarks.Topology.dll")
API_DIR="$ROOT/src/Api/bin/Release/net10.0"
PG_DURABLE=1
PG_MAX_CONNECTIONS=300
OUT="$WORK/rows.md"
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  stop_servers
}
trap cleanup EXIT
trap 'echo "scaling: failed at line $LINENO: $BASH_COMMAND"' ERR
say() { echo "== $(date +%H:%M:%S) $*"; }

install_servers pgbench=postgresql-contrib wrk=wrk curl=curl jq=jq
start_postgres
start_redis
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai"
PSQL=("$PG_BIN/psql" -tA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
dotnet build tests/benchmarks/Topology -c Release -nologo -v q >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres changai

wait_ready() { for _ in $(seq 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "$1 not ready"; exit 1; }
"${DRIVER[@]}" simulator --url "$SIM" --api-dir "$API_DIR" > "$WORK/simulator.log" 2>&1 &
PIDS+=($!)
wait_ready "$SIM/health"
(
  cd "$API_DIR"
  ASPNETCORE_ENVIRONMENT=Development Urls="$BASE" Database__Provider=Postgres ConnectionStrings__Default="$CONN;Maximum Pool Size=100" \
  ConnectionStrings__Redis="127.0.0.1:$REDIS_PORT" WeChat__BaseAddress="$SIM/wechat-sim" WeChat__Simulator__Enabled=false Jobs__InProcess=false \
  RateLimits__LoginPerIpPerMinute=100000 Quiz__MinSecondsPerQuestion=0 Logging__LogLevel__Default=Warning exec dotnet Changai.Api.dll
) > "$WORK/api.log" 2>&1 &
PIDS+=($!)
wait_ready "$BASE/health/ready"

officer_token() { curl -s -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Demo@2026yn\"}" "$BASE/api/auth/officer-login" | jq -r .accessToken; }

# wrk on one URL with one token: "p50 p99" in ms (wrk --latency), after a short warm-up.
measure() { # CONNECTIONS TOKEN PATH
  wrk -t1 -c"$1" -d2s -H "Authorization: Bearer $2" "$BASE$3" >/dev/null 2>&1 || true
  wrk -t"$([ "$1" = 1 ] && echo 1 || echo 2)" -c"$1" -d"${SECONDS_EACH}s" --timeout 10s --latency -H "Authorization: Bearer $2" "$BASE$3" > "$WORK/wrk.txt" 2>&1 || true
  local p50 p99 non2xx
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt"); p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt")
  echo "$(ms "$p50") $(ms "$p99")${non2xx:+ ($non2xx non-2xx)}"
}
ms() { # wrk's "1.23ms" / "456.00us" / "1.02s" → milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'
}
row() { echo "| $1 | $2 | $3 | $4 |" | tee -a "$OUT"; }

QUEUE="/api/officer/membership/applications?status=submitted&sort=submittedAt&pageSize=20"
echo "| what | data | 1 connection p50 / p99 ms | 50 connections p50 / p99 ms |" > "$OUT"
echo "|---|---|---:|---:|" >> "$OUT"
seeded=0
for target in $(case " $PHASES " in *" queue "*) echo "$STEPS";; esac); do
  add=$((target - seeded))
  say "seed: +$add applications ($((add / 5)) workers) → $target"
  "${DRIVER[@]}" seed --api-dir "$API_DIR" --pg "$CONN" --workers $((add / 5)) --applications "$add" --enterprises 2000 > "$WORK/seed.env"
  seeded=$target
  total=$("${PSQL[@]}" -c 'SELECT count(*) FROM "MembershipApplications"')
  waiting=$("${PSQL[@]}" -c "SELECT count(*) FROM \"MembershipApplications\" WHERE \"Status\" = 'Submitted'")
  province=$(officer_token yn.sheng)
  county=$(officer_token km.guandu)
  # The 50th page by cursor: follow nextCursor from the first page.
  cursor="" last=1
  for page in $(seq 2 50); do
    next=$(curl -s -H "Authorization: Bearer $province" "$BASE$QUEUE${cursor:+&cursor=$cursor}" | jq -r '.nextCursor // empty')
    [ -n "$next" ] || break
    cursor=$next last=$page
  done
  data="$total applications, $waiting waiting"
  row "province queue, page 1" "$data" "$(measure 1 "$province" "$QUEUE&page=1")" "$(measure 50 "$province" "$QUEUE&page=1")"
  row "province queue, page $last (cursor)" "$data" "$(measure 1 "$province" "$QUEUE&page=$last&cursor=$cursor")" "$(measure 50 "$province" "$QUEUE&page=$last&cursor=$cursor")"
  row "province queue, page $last (page number)" "$data" "$(measure 1 "$province" "$QUEUE&page=$last")" "$(measure 50 "$province" "$QUEUE&page=$last")"
  row "county queue (官渡区), page 1" "$data" "$(measure 1 "$county" "$QUEUE&page=1")" "$(measure 50 "$county" "$QUEUE&page=1")"
done

case " $PHASES " in *" quiz "*) ;; *) SKIP_QUIZ=1;; esac
if [ -z "${SKIP_QUIZ:-}" ]; then
# The standings need as many seeded workers as BIG_ENTRIES (plus the measured ones): seed what is missing (one application each).
have=$("${PSQL[@]}" -c "SELECT count(*) FROM \"Workers\" WHERE \"OpenId\" LIKE 'otopo%'")
need=$((BIG_ENTRIES + SUBMITS * 2 + 10 - have))
if [ "$need" -gt 0 ]; then
  say "seed: +$need workers for the standings"
  "${DRIVER[@]}" seed --api-dir "$API_DIR" --pg "$CONN" --workers "$need" --applications "$need" --enterprises 2000 > "$WORK/seed.env"
fi
say "quiz: a campaign, $((SUBMITS * 2)) worker logins"
"${DRIVER[@]}" prepare --api-dir "$API_DIR" --pg "$CONN" --base "$BASE" --sim "$SIM" --out "$WORK/in" --login-workers $((SUBMITS * 2)) --seats 50 >/dev/null
# shellcheck disable=SC1091
source "$WORK/in/prepare.env"
wrk_lua() { # MODE INPUT CONNECTIONS KEY [TOKENS_OUT]
  rm -rf "$WORK/done" && mkdir -p "$WORK/done"
  SCENARIO=$4 MODE=$1 INPUT=$2 LUA_DIR=$LUA WRK_THREADS=1 CAMPAIGN=$CAMPAIGN SESSION=$SESSION TOKENS_OUT=${5:-} DONE_DIR="$WORK/done" \
    wrk -t1 -c"$3" -d120s --timeout 10s -s "$LUA/scenario.lua" "$BASE" > "$WORK/$4.txt" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$(ls "$WORK/done" | wc -l)" -ge 1 ]; then kill -INT "$pid" 2>/dev/null || true; fi
    sleep 0.2
  done
  wait "$pid" || true
}
wrk_lua login "$WORK/in/codes.txt" 8 LOGIN "$WORK/in/tokens"
cat "$WORK"/in/tokens.* > "$WORK/in/tokens.txt" || { echo "login burst failed:"; cat "$WORK/LOGIN.txt"; exit 1; }
echo "worker tokens: $(wc -l < "$WORK/in/tokens.txt")"
head -n "$SUBMITS" "$WORK/in/tokens.txt" > "$WORK/in/tokens-a.txt"
tail -n +$((SUBMITS + 1)) "$WORK/in/tokens.txt" > "$WORK/in/tokens-b.txt"
submit_p50() { # TOKENS KEY → submit p50/p99 at 1 connection
  wrk_lua start "$1" 4 "$2_START"
  "${DRIVER[@]}" submits --base "$BASE" --campaign "$CAMPAIGN" --tokens "$1" --out "$WORK/$2.submits" 2>/dev/null
  wrk_lua submit "$WORK/$2.submits" 1 "$2"
  echo "$(sed -n "s/^$2_P50_MS=//p" "$WORK/$2.txt") $(sed -n "s/^$2_P99_MS=//p" "$WORK/$2.txt")"
}
lb() { measure "$1" "$(head -n1 "$WORK/in/tokens.txt")" "/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=20"; }
SKIP=$((SUBMITS * 2 + 10))
for step in small big; do
  attempts=$([ $step = small ] && echo "$SMALL_ATTEMPTS" || echo "$BIG_ATTEMPTS")
  entries=$([ $step = small ] && echo "$SMALL_ENTRIES" || echo "$BIG_ENTRIES")
  say "quiz: grow the campaign to $attempts attempts, $entries standings"
  "${DRIVER[@]}" quiz-seed --pg "$CONN" --campaign "$CAMPAIGN" --attempts "$attempts" --entries "$entries" --skip "$SKIP" > "$WORK/quiz.env"
  redis-cli -p "$REDIS_PORT" --scan --pattern '*quiz:lb:*' | xargs -r redis-cli -p "$REDIS_PORT" del >/dev/null
  # shellcheck disable=SC1091
  source "$WORK/quiz.env"
  tokens=$([ $step = small ] && echo "$WORK/in/tokens-a.txt" || echo "$WORK/in/tokens-b.txt")
  row "quiz submit (start before, not timed)" "$QUIZ_ATTEMPTS attempts in the campaign" "$(submit_p50 "$tokens" "SUBMIT_$step")" "–"
  lb 1 >/dev/null # the first read rebuilds the Redis set (reads answer from SQL meanwhile)
  for _ in $(seq 60); do
    source=$(curl -s -H "Authorization: Bearer $(head -n1 "$WORK/in/tokens.txt")" "$BASE/api/quiz/campaigns/$CAMPAIGN/leaderboard?top=1" | jq -r .source)
    [ "$source" = redis ] && break
    sleep 1
  done
  row "leaderboard read (top 20 + my rank, from $source)" "$QUIZ_ENTRIES standings" "$(lb 1)" "$(lb 50)"
done
fi

mkdir -p artifacts
{ echo "Scaling run: one API process, PostgreSQL (fsync on), Redis, the simulator; $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."; echo; cat "$OUT"; } | tee artifacts/scaling.md
