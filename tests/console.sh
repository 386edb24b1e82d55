#!/usr/bin/env bash
# Browser tests of the officer console (/console): Microsoft.Playwright drives Debian's Chromium against the API started as
# a real process in its embedded default (Kestrel on a loopback port, a fresh temporary SQLite database, demo data).
# Installs Chromium and a Chinese font from Debian's packages when missing (browsers cannot be downloaded here), builds,
# runs the tests and exits non-zero on any failure. Screenshots of each main page land in artifacts/screenshots/.
# Set CHANGAI_CONSOLE_NO_BUILD=1 when the solution was just built in Release (tests/run.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${CHANGAI_CONSOLE_NO_BUILD:-}" != 1 ]; then
  echo "== build (API and console tests)"
  dotnet build tests/Console.Tests -c Release -warnaserror -nologo -v q
fi

rm -rf artifacts/screenshots
LOG=$(mktemp /tmp/changai-console.XXXXXX.log)
trap 'rm -f "$LOG"' EXIT
echo "== officer console in Chromium"
status=0
dotnet test tests/Console.Tests -c Release --no-build -nologo 2>&1 | tee "$LOG" || status=1

passed=$(grep -Eo 'Passed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
echo "screenshots: $(ls artifacts/screenshots 2>/dev/null | wc -l) in artifacts/screenshots/"
echo "console: $passed passed, $failed failed"
if [ "$status" != 0 ] || [ "$failed" != 0 ] || [ "$passed" = 0 ]; then exit 1; fi
