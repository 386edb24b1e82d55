#!/usr/bin/env bash
# Benchmark (not a test): MiniExcel beside the spreadsheet code we had before it, writing and reading the same
# ROWS × 10 columns of Chinese text as XLSX and CSV, each case in its own process (peak working set is per process),
# ROUNDS times; prints a Markdown table of medians and ratios to MiniExcel. Needs only the .NET SDK.
#
#   bash tests/benchmarks/sheets.sh                 # ROWS=100000 ROUNDS=3
#   ROWS=20000 ROUNDS=1 bash tests/benchmarks/sheets.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d /tmp/changai-sheets.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/benchmarks/Sheets -c Release -nologo -v q >/dev/null
dotnet tests/benchmarks/Sheets/bin/Release/net10.0/Changai.Benchmarks.Sheets.dll --rows "${ROWS:-100000}" --rounds "${ROUNDS:-3}" --dir "$WORK"
