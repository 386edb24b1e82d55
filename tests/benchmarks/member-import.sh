#!/usr/bin/env bash
# Importing a union's existing members at scale on PostgreSQL — a benchmark, not a test (tests/run.sh does not run it;
# nothing asserts timings).
#
# Starts a private PostgreSQL on loopback (durable: fsync on, so the figures mean something for production; removed at
# exit), writes ROWS valid members (GB 11643 ID numbers, unique phones, four demo unions of 昆明) as a CSV, and imports
# it through the HTTP API as the 昆明市 officer of the demo data: dry run, import, the same file again (must change
# nothing). Then the API is restarted with EF Core batches instead of binary COPY (Membership__Import__BinaryCopy=false)
# and imports a second file of as many new members. In the same run, psql's \copy loads the first file into a plain table
# (six columns, no index) as the yardstick. Prints wall times, the ratios to that COPY, the CPU time the API process spent
# on each request (not stretched by other load, unlike wall time), and its peak resident memory (VmHWM, reset before each
# request through /proc/PID/clear_refs) with its resident memory at rest.
#
#   bash tests/benchmarks/member-import.sh
#   ROWS=20000 bash tests/benchmarks/member-import.sh
#
# Ports: BENCH_PG_PORT (55544), BENCH_API_PORT (5192).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-100000}
PG_PORT=${BENCH_PG_PORT:-55544}
REDIS_PORT=${BENCH_REDIS_PORT:-56490} # unused: the API runs without Redis here
API_PORT=${BENCH_API_PORT:-5192}
PG_DURABLE=${PG_DURABLE:-1}
WORK=$(mktemp -d /tmp/changai-member-bench.XXXXXX)
BASE="http://127.0.0.1:$API_PORT"
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

stop_api() {
  if [ -n "${API_PID:-}" ]; then kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true; API_PID=""; fi
}
cleanup() {
  stop_api
  stop_servers
}
trap cleanup EXIT

install_servers curl=curl python3=python3
start_postgres
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres changai
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -v ON_ERROR_STOP=1 -q)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
API_DIR=src/Api/bin/Release/net10.0

echo "== generate 2 × $ROWS members"
python3 - "$ROWS" "$WORK/first.csv" "$WORK/second.csv" <<'PY'
import datetime, sys
rows, first, second = int(sys.argv[1]), sys.argv[2], sys.argv[3]
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
unions = ["530111001", "530111002", "530102001", "5301XJY01"]
surnames, given = "张李王杨赵刀段普罗和", ["建国", "秀英", "玉兰", "志强", "金花", "文华", "春梅", "国华", "晓东", "丽萍"]
def write(path, offset):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("姓名,身份证号,手机号,所在工会（代码）,入会日期,原会员证号\r\n")
        for n in range(offset, offset + rows):
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n // 1000)   # 1,000 sequence numbers per birth date
            body = "530111" + birth.strftime("%Y%m%d") + f"{n % 1000:03d}"
            check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
            joined = birth.replace(year=birth.year + 25) if not (birth.month == 2 and birth.day == 29) else birth + datetime.timedelta(days=365 * 25 + 7)
            name = surnames[n % 10] + given[(n // 10) % 10]
            f.write(f"{name},{body}{check},13{n:09d},{unions[n % 4]},{joined.isoformat()},YN-{n:07d}\r\n")
write(first, 0)
write(second, rows)
PY
ls -l "$WORK"/*.csv | awk '{printf "   %s %.1f MB\n", $NF, $5 / 1048576}'

start_api() { # $1: BinaryCopy true|false
  ( cd "$API_DIR" && exec env ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres \
      ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai" ConnectionStrings__Redis= \
      Jobs__InProcess=false DemoData__SampleActivity=false Logging__LogLevel__Default=Warning Membership__Import__BinaryCopy="$1" \
      Urls="$BASE" WeChat__BaseAddress="$BASE/wechat-sim" dotnet Changai.Api.dll ) >>"$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 240); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "$BASE/health/ready" >/dev/null || { echo "API did not become ready:"; tail -n 50 "$WORK/api.log"; exit 1; }
  TOKEN=$(curl -sf -XPOST "$BASE/api/auth/officer-login" -H 'content-type: application/json' \
    -d '{"username":"km.shi","password":"Demo@2026yn"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
  RSS_AT_REST=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$API_PID/status")
}

# CPU seconds (user + system) the API process has used so far: unlike wall time, not stretched by other load.
api_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$API_PID/stat"; }

# Prints "seconds peak-MiB cpu-seconds summary" for one upload; the peak is the API process's VmHWM since just before the request.
upload() { # $1 path suffix (dry-run or ""), $2 file
  echo 5 > "/proc/$API_PID/clear_refs"
  local out cpu_before
  cpu_before=$(api_cpu)
  out=$(curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}' -XPOST "$BASE/api/officer/membership/members/import$1" \
    -H "authorization: Bearer $TOKEN" -F "file=@$2;type=text/csv")
  local peak cpu
  peak=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$API_PID/status")
  cpu=$(echo "$(api_cpu) - $cpu_before" | bc -l)
  local summary
  summary=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print("rows %s, created %s, unchanged %s, errors %s" % (a["rows"], a["created"], a["unchanged"], a["errorCount"]) if "rows" in a else a)' "$WORK/answer.json")
  [ "${out%% *}" = 200 ] || { echo "HTTP ${out%% *}: $summary"; exit 1; }
  echo "${out#* } $peak $cpu $summary"
}

members() { "${PSQL[@]}" -tAc 'SELECT count(*) FROM "Members"'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== plain COPY of the first file into a six-column table (the yardstick)"
"${PSQL[@]}" -c 'CREATE TABLE plain_members (name text, id_number text, phone text, union_code text, joined_on date, external_number text)'
T0=$(date +%s.%N)
"${PSQL[@]}" -c "\\copy plain_members FROM '$WORK/first.csv' WITH (FORMAT csv, HEADER true)"
T1=$(date +%s.%N)
COPY_S=$(echo "$T1 - $T0" | bc -l)
echo "   $(printf '%.2f' "$COPY_S") s, $("${PSQL[@]}" -tAc 'SELECT count(*) FROM plain_members') rows"

echo "== API with binary COPY"
start_api true
echo "   API resident memory at rest: $RSS_AT_REST MiB"
BEFORE=$(members)
read -r DRY_S DRY_PEAK DRY_CPU DRY_SUMMARY <<<"$(upload /dry-run "$WORK/first.csv")"
echo "   dry run:      ${DRY_S} s, API CPU ${DRY_CPU} s, peak ${DRY_PEAK} MiB — $DRY_SUMMARY"
read -r IMP_S IMP_PEAK IMP_CPU IMP_SUMMARY <<<"$(upload "" "$WORK/first.csv")"
echo "   import:       ${IMP_S} s, API CPU ${IMP_CPU} s, peak ${IMP_PEAK} MiB — $IMP_SUMMARY; members $BEFORE → $(members)"
read -r AGAIN_S AGAIN_PEAK AGAIN_CPU AGAIN_SUMMARY <<<"$(upload "" "$WORK/first.csv")"
echo "   same again:   ${AGAIN_S} s, API CPU ${AGAIN_CPU} s, peak ${AGAIN_PEAK} MiB — $AGAIN_SUMMARY; members $(members)"
COPY_REST=$RSS_AT_REST
stop_api

echo "== API with EF Core batches (Membership__Import__BinaryCopy=false), a second file of new members"
start_api false
BEFORE=$(members)
read -r EF_S EF_PEAK EF_CPU EF_SUMMARY <<<"$(upload "" "$WORK/second.csv")"
echo "   import:       ${EF_S} s, API CPU ${EF_CPU} s, peak ${EF_PEAK} MiB — $EF_SUMMARY; members $BEFORE → $(members)"
stop_api

ratio() { printf '%.1f' "$(echo "$1 / $COPY_S" | bc -l)"; }
echo
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; PostgreSQL fsync $([ "$PG_DURABLE" = 1 ] && echo on || echo off)"
echo
echo "| step ($ROWS rows) | wall time | ÷ plain COPY | API CPU time | API peak RSS |"
echo "|---|---|---|---|---|"
printf '| psql \\copy into a plain 6-column table | %.2f s | 1.0 | — | — |\n' "$COPY_S"
printf '| dry run (read, check, look up the register) | %.2f s | %s | %.1f s | %s MiB |\n' "$DRY_S" "$(ratio "$DRY_S")" "$DRY_CPU" "$DRY_PEAK"
printf '| import, binary COPY (both passes, one transaction) | %.2f s | %s | %.1f s | %s MiB |\n' "$IMP_S" "$(ratio "$IMP_S")" "$IMP_CPU" "$IMP_PEAK"
printf '| the same file again (all unchanged) | %.2f s | %s | %.1f s | %s MiB |\n' "$AGAIN_S" "$(ratio "$AGAIN_S")" "$AGAIN_CPU" "$AGAIN_PEAK"
printf '| import, EF Core batches of %s | %.2f s | %s | %.1f s | %s MiB |\n' 2000 "$EF_S" "$(ratio "$EF_S")" "$EF_CPU" "$EF_PEAK"
echo
echo "API resident memory at rest before the requests: $COPY_REST MiB"
