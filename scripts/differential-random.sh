#!/usr/bin/env bash
# Random differential test: generates N random ES|QL queries that have an SQL equivalent, runs
# each with `pumpwatch query` and with DuckDB over the same generated NDJSON, and compares rows.
# Usage: scripts/differential-random.sh [N] [SEED]   (N defaults to 100; SEED to a random one,
# printed so that a failure can be replayed). Exits non-zero on a mismatch, printing the query.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
count="${1:-100}"
seed="${2:-}"
if ! command -v python3 >/dev/null 2>&1; then
    echo "differential-random: skipped (python3 is not installed)"
    exit 0
fi
if ! python3 -c "import duckdb" 2>/dev/null; then
    python3 -m pip install --quiet duckdb >/dev/null 2>&1 || true
fi
if ! python3 -c "import duckdb" 2>/dev/null; then
    echo "differential-random: skipped (duckdb could not be installed)"
    exit 0
fi
if ! build_log="$(swift build --product pumpwatch 2>&1)"; then
    echo "$build_log" | tail -40
    echo "differential-random: pumpwatch does not build"
    exit 1
fi
bin="$(swift build --show-bin-path)/pumpwatch"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
args=(--pumpwatch "$bin" --work "$work" --count "$count")
if [ -n "$seed" ]; then args+=(--seed "$seed"); fi
python3 scripts/differential/random_esql.py "${args[@]}"
