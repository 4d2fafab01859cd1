#!/usr/bin/env bash
# Differential test: runs the seed queries and more through pumpwatch and through DuckDB
# (equivalent SQL over the same NDJSON) and checks that both give the same rows.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if ! python3 -c "import duckdb" 2>/dev/null; then
    python3 -m pip install --quiet duckdb >/dev/null 2>&1 || true
fi
if ! python3 -c "import duckdb" 2>/dev/null; then
    echo "differential: skipped (duckdb could not be installed)"
    exit 0
fi
swift build --product pumpwatch >/dev/null
bin="$(swift build --show-bin-path)/pumpwatch"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/differential/run.py --pumpwatch "$bin" --work "$work"
