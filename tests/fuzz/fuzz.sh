#!/usr/bin/env bash
# Contract fuzzing: starts the API in its embedded default (Development: WeChat simulator and demo data on, a fresh
# SQLite file) on a free loopback port, then fuzz.mjs generates seeded requests from /openapi/v1.json for every
# operation, sends them anonymously, as a worker and as an officer, and checks each answer against the document:
# no 5xx, every status documented, every body valid against its schema, every error application/problem+json.
#
#   bash tests/fuzz/fuzz.sh                 # short run: 5 requests per operation per role (part of tests/run.sh)
#   bash tests/fuzz/fuzz.sh --full          # full run: 30 requests per operation per role
#   FUZZ_PER_OP=100 FUZZ_SEED=7 bash tests/fuzz/fuzz.sh
#   CHANGAI_SKIP_BUILD=1 bash tests/fuzz/fuzz.sh   # uses the Release build already there
#
# Ends with a line `fuzz: N passed, N failed` (operations × roles); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PER_OP=${FUZZ_PER_OP:-5}
[ "${1:-}" = "--full" ] && PER_OP=${FUZZ_PER_OP:-30}
SEED=${FUZZ_SEED:-20261202}
API_DIR="$ROOT/src/Api/bin/Release/net10.0"
WORK=$(mktemp -d /tmp/changai-fuzz.XXXXXX)
API_PID=""

cleanup() {
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v node >/dev/null && command -v npm >/dev/null || { echo "fuzz: Node.js and npm are needed" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${CHANGAI_SKIP_BUILD:-}" != 1 ]; then
  echo "== build API"
  dotnet build src/Api -c Release -nologo -v q
fi
[ -f "$API_DIR/Changai.Api.dll" ] || { echo "fuzz: $API_DIR/Changai.Api.dll is missing" >&2; exit 1; }

# A free loopback port, chosen by the kernel, so that parallel runs (other worktrees, other suites) do not collide.
PORT=${CHANGAI_FUZZ_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
API_URL="http://127.0.0.1:$PORT"

echo "== start API on $API_URL (Development, fresh SQLite)"
# As tests/miniprogram.sh: the content root is the build output; the API calls its own WeChat simulator. Login limits are
# raised because the fuzzer calls the login endpoints many times from one address on purpose.
(
  cd "$API_DIR"
  exec env -u ConnectionStrings__Redis -u Jobs__Store \
    ASPNETCORE_ENVIRONMENT=Development \
    Urls="$API_URL" \
    Database__Provider=Sqlite \
    "ConnectionStrings__Default=Data Source=$WORK/changai.db" \
    WeChat__BaseAddress="$API_URL/wechat-sim" \
    DemoData__SampleActivity=false \
    RateLimits__LoginPerIpPerMinute=100000 \
    Jobs__InProcess=false \
    dotnet Changai.Api.dll
) >"$WORK/api.log" 2>&1 &
API_PID=$!

for _ in $(seq 1 180); do
  if curl -sf -o /dev/null "$API_URL/health/ready"; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then break; fi
  sleep 0.5
done
if ! curl -sf -o /dev/null "$API_URL/health/ready"; then
  echo "fuzz: the API did not become ready; its log:" >&2
  tail -n 40 "$WORK/api.log" >&2
  exit 1
fi

cd tests/fuzz
LOCK_HASH=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.changai-lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
  echo "$LOCK_HASH" >node_modules/.changai-lock-hash
fi

echo "== fuzz $PER_OP requests per operation per role, seed $SEED"
status=0
node fuzz.mjs --base "$API_URL" --per-op "$PER_OP" --seed "$SEED" ${FUZZ_REPORT:+--report "$FUZZ_REPORT"} || status=$?
if [ "$status" != 0 ] && grep -q "Unhandled" "$WORK/api.log"; then
  echo "== API log (unhandled exceptions)"
  grep -A 3 "Unhandled" "$WORK/api.log" | head -n 60
fi
exit "$status"
