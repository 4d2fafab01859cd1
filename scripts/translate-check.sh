#!/usr/bin/env bash
# Translation check: translates both seed queries and more with `pumpwatch translate`, runs the
# DuckDB SQL over raw CloudTrail and Falcon NDJSON, runs the LogScale and ES|QL translations with
# pumpwatch's own front ends, and compares every result with `pumpwatch query` on the original.
# The last line is `translate: N passed, N failed`; the exit code is non-zero on a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/python-deps.sh
pw_pip duckdb duckdb
pw_pip pyspark pyspark
pw_pip sigma pySigma pySigma-backend-splunk pySigma-backend-elasticsearch
pw_java
if ! python3 -c "import duckdb" 2>/dev/null; then
    echo "translate: skipped (the duckdb Python package is not installed)"
    exit 0
fi
swift build --product pumpwatch >/dev/null
bin="$(swift build --show-bin-path)/pumpwatch"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/translate-check/run.py --pumpwatch "$bin" --work "$work" "$@"
