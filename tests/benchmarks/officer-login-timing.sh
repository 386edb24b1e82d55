#!/usr/bin/env bash
# Officer login: does an unknown username cost what a real one with a wrong password costs? Starts the API in its
# embedded default (fresh SQLite, throttles raised so that every request reaches the password check), then times
# alternating requests — unknown name, real name with a wrong password — and prints the medians and their ratio.
# A benchmark, never run by the tests: timing on a shared machine is too noisy for an assertion.
#   bash tests/benchmarks/officer-login-timing.sh [requests-per-kind, default 40]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-40}
PORT=${CHANGAI_BENCH_PORT:-5187}
API_URL="http://127.0.0.1:$PORT"
API_DIR="$PWD/src/Api/bin/Release/net10.0"
WORK=$(mktemp -d /tmp/changai-login-timing.XXXXXX)
[ -f "$API_DIR/Changai.Api.dll" ] || dotnet build src/Api -c Release -nologo -v q

(
  cd "$API_DIR"
  exec env -u ConnectionStrings__Redis -u Jobs__Store ASPNETCORE_ENVIRONMENT=Development Urls="$API_URL" \
    Database__Provider=Sqlite "ConnectionStrings__Default=Data Source=$WORK/changai.db" WeChat__BaseAddress="$API_URL/wechat-sim" \
    DemoData__SampleActivity=false Logging__LogLevel__Default=Warning \
    RateLimits__LoginPerIpPerMinute=100000 RateLimits__LoginPerAccountPerMinute=100000 RateLimits__LoginFreeFailuresPerSource=1000 \
    RateLimits__LoginAccountFailuresPerHourBeforeSlowdown=1000000 \
    dotnet Changai.Api.dll
) >"$WORK/api.log" 2>&1 &
API_PID=$!
trap 'kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$API_URL/health/ready" && break
  sleep 0.5
done

login() { # prints "status seconds"
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -XPOST "$API_URL/api/auth/officer-login" \
    -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"Wrong@2026\"}"
}
# Warm-up: JIT, the dummy hash, connection pools.
for _ in 1 2 3; do login yn.nobody >/dev/null; login yn.sheng >/dev/null; done
for i in $(seq 1 "$N"); do
  echo "unknown $(login "nobody.$i")" >>"$WORK/times"
  echo "real $(login yn.sheng)" >>"$WORK/times"
done

median() { grep "^$1 " "$WORK/times" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
statuses() { grep "^$1 " "$WORK/times" | awk '{print $2}' | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
U=$(median unknown); R=$(median real)
printf 'requests per kind: %s\n' "$N"
printf 'unknown name:              median %.1f ms, statuses %s\n' "$(echo "$U*1000" | bc -l)" "$(statuses unknown)"
printf 'real name, wrong password: median %.1f ms, statuses %s\n' "$(echo "$R*1000" | bc -l)" "$(statuses real)"
printf 'ratio real/unknown: %.2f\n' "$(echo "$R/$U" | bc -l)"
