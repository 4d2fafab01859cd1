#!/usr/bin/env bash
# Spark hunt check: simulates a small week of telemetry with attacks in it, hunts it with
# `pumpwatch hunt` and with `pumpwatch hunt --engine spark` (local Spark), and compares the
# findings of every rule that runs on Spark by (rule_id, entities, count). Prints both wall
# times; the last line is `spark-hunt: N rules compared, M findings, D differences`.
# Exit code 1 on a difference (a rule that fails on Spark counts as one), 0 otherwise; skips
# with a message when pyspark or java is missing.
#
#   scripts/spark-hunt-check.sh [--scale 0.2] [--keep]
#
# PUMPWATCH names the binary (default .build/debug/pumpwatch).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scale=0.2
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --scale) scale="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "usage: $0 [--scale S] [--keep]" >&2; exit 2 ;;
    esac
done
. scripts/python-deps.sh
pw_pip pyspark pyspark
pw_java
if ! python3 -c "import pyspark" 2>/dev/null; then
    echo "spark-hunt: skipped (the pyspark Python package is not installed)"
    exit 0
fi
if ! command -v java >/dev/null 2>&1; then
    echo "spark-hunt: skipped (java is not installed)"
    exit 0
fi
bin="${PUMPWATCH:-$root/.build/debug/pumpwatch}"
if [ ! -x "$bin" ]; then
    echo "spark-hunt: $bin not found; build it with: swift build --product pumpwatch" >&2
    exit 2
fi
work="$(mktemp -d)"
if [ "$keep" = 1 ]; then echo "spark-hunt: files kept in $work"; else trap 'rm -rf "$work"' EXIT; fi

"$bin" simulate all --out "$work/data" --scale "$scale" --format ndjson >/dev/null
# Both hunts end their detection window at the data's last event, as the SQL forms of the
# built-in detectors do.
now="$("$bin" hunt "$work/data" --format json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"]["last_event"])')"
"$bin" hunt --emit-job "$work/job.py" 2>/dev/null

seconds() { python3 -c 'import time; print(time.time())'; }
t0="$(seconds)"
"$bin" hunt "$work/data" --format ndjson --now "$now" >"$work/local.ndjson" 2>"$work/local.err"
t1="$(seconds)"
if ! "$bin" hunt --engine spark "$work/data" --format ndjson --now "$now" >"$work/spark.ndjson" 2>"$work/spark.err"; then
    echo "spark-hunt: the Spark hunt failed:" >&2
    tail -n 30 "$work/spark.err" >&2
    exit 1
fi
t2="$(seconds)"

python3 - "$work" "$t0" "$t1" "$t2" <<'PY'
import collections, json, sys

work, t0, t1, t2 = sys.argv[1], *map(float, sys.argv[2:5])
header = open(work + "/job.py", encoding="utf-8").read().split("\nCLASSIFICATION", 1)[0].splitlines()
start = header.index("# Rules run on Spark:") + 1
end = header.index("# Rules not run on Spark:")
rules = [line[4:] for line in header[start:end] if line.startswith("#   ") and line != "#   (none)"]
failed = [line.split(": ", 2)[1] for line in open(work + "/spark.err", encoding="utf-8") if line.startswith("warning: ") and "failed on Spark" in line]

def findings(name):
    out = collections.Counter()
    for line in open(work + "/" + name, encoding="utf-8"):
        if line.strip():
            f = json.loads(line)
            if f["rule_id"] in rules:
                out[(f["rule_id"], json.dumps(f["entities"], sort_keys=True), f["count"])] += 1
    return out

local, spark = findings("local.ndjson"), findings("spark.ndjson")
differences = 0
for key in sorted(set(local) | set(spark)):
    if local[key] != spark[key]:
        differences += abs(local[key] - spark[key])
        print("difference: %s %s count=%d: local %d, spark %d" % (key[0], key[1], key[2], local[key], spark[key]))
for rule in failed:
    differences += 1
    print("difference: %s failed on Spark" % rule)
print("local hunt: %.1f s; spark hunt (local[*], with Spark's start-up): %.1f s" % (t1 - t0, t2 - t1))
print("spark-hunt: %d rules compared, %d findings, %d differences" % (len(rules), sum(local.values()), differences))
sys.exit(1 if differences else 0)
PY
