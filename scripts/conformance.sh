#!/usr/bin/env bash
# Checks pumpwatch's CloudTrail-to-ECS mapping against Elastic's pipeline test pairs.
#
# For each FILE.log in the reference folder (../shared/reference from the repository root, or
# $PUMPWATCH_REFERENCE), runs `pumpwatch normalize --to ecs FILE.log` and compares the result with
# FILE.log-expected.json through scripts/conformance_compare.py. Prints one line per differing
# field, then `conformance: N passed, N failed`; exits non-zero only when a pair failed.
# $PUMPWATCH_BIN names a pumpwatch binary to use instead of building one.
set -u

root="$(cd "$(dirname "$0")/.." && pwd)"
reference="${PUMPWATCH_REFERENCE:-$root/../shared/reference}"
if [ ! -d "$reference" ]; then
    echo "conformance: skipped (no reference data)"
    exit 0
fi

binary="${PUMPWATCH_BIN:-}"
if [ -z "$binary" ]; then
    if ! (cd "$root" && swift build --product pumpwatch >&2); then
        echo "conformance: could not build pumpwatch" >&2
        exit 2
    fi
    binary="$(cd "$root" && swift build --show-bin-path)/pumpwatch"
fi
if [ ! -x "$binary" ]; then
    echo "conformance: no pumpwatch binary at $binary" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
known=0
for log in "$reference"/*.log; do
    [ -f "$log" ] || continue
    expected="$log-expected.json"
    [ -f "$expected" ] || continue
    name="$(basename "$log")"
    actual="$work/$name.json"
    if ! "$binary" normalize --to ecs "$log" >"$actual" 2>"$work/stderr"; then
        echo "$name: pumpwatch normalize failed: $(head -c 400 "$work/stderr" | tr '\n' ' ')"
        failed=$((failed + 1))
        continue
    fi
    python3 "$root/scripts/conformance_compare.py" "$log" "$expected" "$actual"
    case $? in
        0) passed=$((passed + 1)) ;;
        3) known=$((known + 1)) ;;
        *) failed=$((failed + 1)) ;;
    esac
done

# Pairs whose only differences are listed in conformance_known_differences.tsv count as skipped.
echo "conformance: $passed passed, $failed failed, $known skipped"
[ "$failed" -eq 0 ]
