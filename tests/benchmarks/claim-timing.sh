#!/usr/bin/env bash
# Membership claims: does a claim whose ID number is on file (with another phone) take what a claim with an ID number
# nobody has registered takes? Both must answer alike (201 核对中, same body but for id and time), and their time must not
# tell them apart either. Starts the API in its embedded default (fresh SQLite), imports N members as 官渡区's officer,
# then makes 2 × N workers with complete profiles — half claiming a registered ID number from another phone, half an
# unregistered one — and times their claims alternately. Prints the medians and their ratio, and checks the bodies.
# A benchmark, never run by the tests: timing on a shared machine is too noisy for an assertion.
#   bash tests/benchmarks/claim-timing.sh [claims-per-kind, default 40]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-40}
PORT=${CHANGAI_BENCH_PORT:-5193}
API_URL="http://127.0.0.1:$PORT"
API_DIR="$PWD/src/Api/bin/Release/net10.0"
WORK=$(mktemp -d /tmp/changai-claim-timing.XXXXXX)
[ -f "$API_DIR/Changai.Api.dll" ] || dotnet build src/Api -c Release -nologo -v q

(
  cd "$API_DIR"
  exec env -u ConnectionStrings__Redis -u Jobs__Store ASPNETCORE_ENVIRONMENT=Development Urls="$API_URL" \
    Database__Provider=Sqlite "ConnectionStrings__Default=Data Source=$WORK/changai.db" WeChat__BaseAddress="$API_URL/wechat-sim" \
    DemoData__SampleActivity=false Logging__LogLevel__Default=Warning \
    RateLimits__LoginPerIpPerMinute=100000 RateLimits__LoginPerAccountPerMinute=100000 \
    dotnet Changai.Api.dll
) >"$WORK/api.log" 2>&1 &
API_PID=$!
trap 'kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "$API_URL/health/ready" && break
  sleep 0.5
done

# 3 × N people: the first N are imported; their ID numbers are claimed from other phones; the last N are on no roster.
python3 - "$N" "$WORK" <<'PY'
import random, sys
n, work = int(sys.argv[1]), sys.argv[2]
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def person(i):
    body = "530111" + f"{1965 + i // 300}{1 + i // 28 % 12:02d}{1 + i % 28:02d}" + f"{random.randrange(1000):03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11], "137" + f"{random.randrange(10**8):08d}"
people = [person(i) for i in range(2 * n)]
with open(f"{work}/roster.csv", "w", encoding="utf-8-sig") as f:
    f.write("姓名,身份证号,手机号,所在工会（代码）,入会日期,原会员证号\r\n")
    for i in range(n):
        f.write(f"李秀兰,{people[i][0]},{people[i][1]},530111001,2010-05-01,T-{i:05d}\r\n")
with open(f"{work}/claimants", "w") as f:
    for i in range(n):  # alternating which kind goes first, so neither always follows the other's side effects
        pair = [f"registered {people[i][0]} 139{random.randrange(10**8):08d}\n", f"unregistered {people[n + i][0]} 139{random.randrange(10**8):08d}\n"]
        f.writelines(pair if i % 2 == 0 else reversed(pair))
PY

J='content-type: application/json'
OFFICER=$(curl -sf -XPOST "$API_URL/api/auth/officer-login" -H "$J" -d '{"username":"km.guandu","password":"Demo@2026yn"}' | jq -r .accessToken)
curl -sf -XPOST "$API_URL/api/officer/membership/members/import" -H "authorization: Bearer $OFFICER" -F "file=@$WORK/roster.csv;type=text/csv" \
  | jq -r '"imported: \(.created) members"'

# A worker with consent, name, ID number and a WeChat-verified phone; prints the access token.
worker() { # $1 ID number, $2 phone
  local code token phone
  code=$(curl -sf -XPOST "$API_URL/wechat-sim/dev/login-code" -H "$J" -d '{}' | jq -r .code)
  token=$(curl -sf -XPOST "$API_URL/api/auth/wechat-login" -H "$J" -d "{\"code\":\"$code\"}" | jq -r .accessToken)
  curl -sf -o /dev/null -XPOST "$API_URL/api/me/consents/sensitive-personal-information" -H "authorization: Bearer $token" -H "$J" -d '{"textVersion":"2026-11-v1"}'
  curl -sf -o /dev/null -XPUT "$API_URL/api/me/profile" -H "authorization: Bearer $token" -H "$J" \
    -d "{\"realName\":\"李秀兰\",\"idNumber\":\"$1\",\"industrySection\":\"C\",\"employmentForm\":\"labourContract\",\"isEcologicalMigrant\":false}"
  phone=$(curl -sf -XPOST "$API_URL/wechat-sim/dev/phone-code" -H "$J" -d "{\"phoneNumber\":\"$2\"}" | jq -r .code)
  curl -sf -o /dev/null -XPOST "$API_URL/api/me/phone" -H "authorization: Bearer $token" -H "$J" -d "{\"code\":\"$phone\"}"
  echo "$token"
}

echo "== $N claims of each kind (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
while read -r kind id phone; do
  token=$(worker "$id" "$phone")
  timing=$(curl -s -o "$WORK/body" -w '%{http_code} %{time_total}' -XPOST "$API_URL/api/membership/claims" -H "authorization: Bearer $token")
  echo "$kind $timing" >>"$WORK/times"
  jq -c 'del(.id, .submittedAt)' "$WORK/body" >>"$WORK/bodies.$kind"
done <"$WORK/claimants"

median() { grep "^$1 " "$WORK/times" | awk '{print $3}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
statuses() { grep "^$1 " "$WORK/times" | awk '{print $2}' | sort | uniq -c | tr -s ' ' | tr '\n' ';'; }
R=$(median registered); U=$(median unregistered)
printf 'claims per kind: %s; load average after: %s\n' "$N" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'ID number on file, other phone: median %.1f ms, statuses %s\n' "$(echo "$R*1000" | bc -l)" "$(statuses registered)"
printf 'ID number not on file:          median %.1f ms, statuses %s\n' "$(echo "$U*1000" | bc -l)" "$(statuses unregistered)"
printf 'ratio on file / not on file: %.2f\n' "$(echo "$R/$U" | bc -l)"
distinct=$(cat "$WORK/bodies.registered" "$WORK/bodies.unregistered" | sort -u | wc -l)
printf 'distinct answer bodies (id and submission time left out) over both kinds: %s\n' "$distinct"
