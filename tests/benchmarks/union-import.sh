#!/usr/bin/env bash
# Union import at scale on PostgreSQL — a benchmark, not a test (tests/run.sh does not run it; nothing asserts timings).
#
# Starts a private PostgreSQL on loopback (installed from Debian's packages when missing, removed at exit), runs the API in
# Release against an empty database (no demo data), bootstraps the first administrator with the API's own command
# (`admin bootstrap`, which also creates 云南省总工会), writes a valid UNIONS-union XLSX tree (16 prefectures → 8 counties
# each → grassroots unions) with tests/benchmarks/UnionImport, and imports it through the HTTP API: dry run, import,
# and the same file again (which must change nothing). Then seeds members and pending applications and drives the tree
# editor (levels with grouped counts beside the same counts node by node, a search, a county moved to another prefecture
# and back). Prints the time of each and the API's peak resident memory (VmHWM).
#
#   bash tests/benchmarks/union-import.sh
#   UNIONS=5000 bash tests/benchmarks/union-import.sh
#
# Ports: BENCH_PG_PORT (55542), BENCH_API_PORT (5190).
set -euo pipefail
cd "$(dirname "$0")/../.."
UNIONS=${UNIONS:-20000}
PG_PORT=${BENCH_PG_PORT:-55542}
REDIS_PORT=${BENCH_REDIS_PORT:-56489} # unused: the API runs without Redis here
API_PORT=${BENCH_API_PORT:-5190}
WORK=$(mktemp -d /tmp/changai-union-bench.XXXXXX)
BASE="http://127.0.0.1:$API_PORT"
# shellcheck source=../lib/servers.sh
. tests/lib/servers.sh

cleanup() {
  [ -n "${API_PID:-}" ] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  stop_servers
}
trap cleanup EXIT

install_servers curl=curl
start_postgres

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build (Release)"
dotnet build src/Api -c Release -nologo -v q >/dev/null
dotnet build tests/benchmarks/UnionImport -c Release -nologo -v q >/dev/null

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres changai
export ASPNETCORE_ENVIRONMENT=Development Database__Provider=Postgres DemoData__Enabled=false Jobs__InProcess=false \
  ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=changai" ConnectionStrings__Redis= \
  Logging__LogLevel__Default=Warning
API_DIR=src/Api/bin/Release/net10.0

echo "== admin bootstrap (migrates the empty database, creates the province and its first administrator)"
OUTPUT=$(cd "$API_DIR" && dotnet Changai.Api.dll admin bootstrap --username yn.admin --union-code 53 --union-name 云南省总工会)
echo "$OUTPUT" | sed 's/一次性密码：.*/一次性密码：（已隐藏）/'
PASSWORD=$(echo "$OUTPUT" | sed -n 's/^一次性密码：//p')

echo "== API on $BASE (Release, PostgreSQL, no demo data)"
( cd "$API_DIR" && Urls="$BASE" WeChat__BaseAddress="$BASE/wechat-sim" exec dotnet Changai.Api.dll ) > "$WORK/api.log" 2>&1 &
API_PID=$!
for _ in $(seq 120); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "$BASE/health/ready" >/dev/null || { echo "API did not become ready:"; tail -n 50 "$WORK/api.log"; exit 1; }
RSS_BEFORE=$(awk '/VmRSS/ {print $2}' "/proc/$API_PID/status")

DRIVER=tests/benchmarks/UnionImport/bin/Release/net10.0/Changai.Benchmarks.UnionImport
echo "== generate $UNIONS unions"
"$DRIVER" generate "$WORK/unions.xlsx" "$UNIONS"
echo "== import through the API (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
"$DRIVER" import "$BASE" yn.admin "$PASSWORD" "$WORK/unions.xlsx"

PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")

# The tree editor on that tree: members and pending applications seeded straight into the database (the API has no bulk
# path for them, and how they got there does not matter to the counts), then levels expanded, a search and a county moved.
MEMBERS=${MEMBERS:-180000} PENDING=${PENDING:-20000}
echo "== seed $MEMBERS members and $PENDING pending applications over the grassroots unions"
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO "Workers" ("Id", "OpenId", "CreatedAt", "LastLoginAt", "IsEcologicalMigrant", "UpdatedAt", "Version")
SELECT gen_random_uuid(), 'bench-' || g, now(), now(), false, now(), 0 FROM generate_series(1, $MEMBERS + $PENDING) g;
CREATE TEMP TABLE u AS SELECT "Id", row_number() OVER (ORDER BY "Code") - 1 AS n FROM "Unions" WHERE "Kind" = 'Grassroots';
CREATE TEMP TABLE w AS SELECT "Id", row_number() OVER (ORDER BY "OpenId") AS n FROM "Workers" WHERE "OpenId" LIKE 'bench-%';
INSERT INTO "Members" ("Id", "WorkerId", "UnionId", "Number", "JoinedOn", "Status", "IdNumberHash", "PhoneHash", "CreatedAt", "Version")
SELECT gen_random_uuid(), w."Id", u."Id", 'B-' || w.n, current_date, 'Active', 'id-' || w.n, 'ph-' || w.n, now(), 0
FROM w JOIN u ON u.n = w.n % (SELECT count(*) FROM u) WHERE w.n <= $MEMBERS;
INSERT INTO "MembershipApplications" ("Id", "WorkerId", "UnionId", "Channel", "Status", "ApplicantName", "IdNumberCipher", "IdNumberHash",
  "PhoneCipher", "PhoneHash", "CreatedAt", "SubmittedAt", "Version")
SELECT gen_random_uuid(), w."Id", u."Id", 'EmployerUnion', 'Submitted', '测试', 'x', 'ai-' || w.n, 'x', 'ap-' || w.n, now(), now(), 0
FROM w JOIN u ON u.n = w.n % (SELECT count(*) FROM u) WHERE w.n > $MEMBERS;
ANALYZE;
SQL
echo "== the tree editor (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
"$DRIVER" tree "$BASE" yn.admin Bench2026union
PEAK=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")
UNIONS_IN_DB=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d changai -tAc 'SELECT count(*) FROM "Unions"')
echo "== API resident memory: $((RSS_BEFORE / 1024)) MiB after start, peak $((PEAK / 1024)) MiB; unions in the database: $UNIONS_IN_DB"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
