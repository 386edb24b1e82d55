#!/usr/bin/env bash
# Tests the mini-program client (miniprogram-stubs/): its unit tests (pages rendered by miniprogram-simulate), then
# the end-to-end journeys through the pages' own code against a freshly started API — Development environment
# (WeChat simulator and demo data on), a new SQLite file, on 127.0.0.1:$CHANGAI_MINIPROGRAM_PORT (5181).
#
#   bash tests/miniprogram.sh                      # builds src/Api first
#   CHANGAI_SKIP_BUILD=1 bash tests/miniprogram.sh # uses the Release build already there (tests/run.sh builds it)
#
# Ends with a line `miniprogram: N passed, N failed`; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${CHANGAI_MINIPROGRAM_PORT:-5181}
API_URL="http://127.0.0.1:$PORT"
API_DIR="$ROOT/src/Api/bin/Release/net10.0"
WORK=$(mktemp -d /tmp/changai-miniprogram.XXXXXX)
API_PID=""

cleanup() {
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "miniprogram: Node.js 20.19 or later and npm are needed" >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "miniprogram: Node.js $(node --version) is too old; jsdom needs 20.19 or later" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${CHANGAI_SKIP_BUILD:-}" != 1 ]; then
  echo "== build API"
  dotnet build src/Api -c Release -nologo -v q
fi
if [ ! -f "$API_DIR/Changai.Api.dll" ]; then
  echo "miniprogram: $API_DIR/Changai.Api.dll is missing; build it or leave CHANGAI_SKIP_BUILD unset" >&2
  exit 1
fi

if curl -s -o /dev/null "$API_URL/health/live"; then
  echo "miniprogram: something already answers on $API_URL; stop it or set CHANGAI_MINIPROGRAM_PORT" >&2
  exit 1
fi

echo "== start API on $API_URL (Development, fresh SQLite)"
# The content root is the build output, where the appsettings files are. The API calls its own WeChat simulator, so
# WeChat's base address must follow the port. Anything the caller exported for PostgreSQL or Redis is left out.
(
  cd "$API_DIR"
  exec env -u ConnectionStrings__Redis -u Jobs__Store \
    ASPNETCORE_ENVIRONMENT=Development \
    Urls="$API_URL" \
    Database__Provider=Sqlite \
    "ConnectionStrings__Default=Data Source=$WORK/changai.db" \
    WeChat__BaseAddress="$API_URL/wechat-sim" \
    dotnet Changai.Api.dll
) >"$WORK/api.log" 2>&1 &
API_PID=$!

for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "$API_URL/health/ready"; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then break; fi
  sleep 0.5
done
if ! curl -sf -o /dev/null "$API_URL/health/ready"; then
  echo "miniprogram: the API did not become ready; its log:" >&2
  tail -n 40 "$WORK/api.log" >&2
  exit 1
fi

cd miniprogram-stubs
# npm ci only when node_modules is missing or was installed from another lockfile.
LOCK_HASH=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.changai-lock-hash 2>/dev/null)" != "$LOCK_HASH" ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
  echo "$LOCK_HASH" >node_modules/.changai-lock-hash
fi

FAILED=0
echo "== mini-program unit tests (npm test)"
npm test 2>&1 | tee "$WORK/unit.log" || FAILED=1
echo "== mini-program end to end against the API (npm run e2e)"
CHANGAI_API_URL="$API_URL" npm run e2e 2>&1 | tee "$WORK/e2e.log" || FAILED=1

count() { grep -Eh "^# $1 [0-9]+" "$WORK/unit.log" "$WORK/e2e.log" | awk '{s+=$3} END {print s+0}'; }
passed=$(count pass)
failed=$(count fail)
if [ "$FAILED" != 0 ]; then
  echo "== API log (last lines)"
  tail -n 40 "$WORK/api.log"
fi
echo
echo "miniprogram: $passed passed, $failed failed"
if [ "$FAILED" != 0 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then exit 1; fi
