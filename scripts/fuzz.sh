#!/usr/bin/env bash
# Builds the libFuzzer harnesses in Fuzz/ and runs them, one after the other.
#
#   scripts/fuzz.sh [HARNESS] [--time SECONDS] [--runs N] [--nice N] [--release] [--no-build]
#
# HARNESS is one of the names `scripts/fuzz.sh --list` prints (all of them by default).
# --time bounds each harness's run (default 180 s), --runs its executions (default unbounded;
# the first limit reached ends the run), --nice the niceness of builds and runs (default 10),
# --release builds optimized harnesses (still with AddressSanitizer): many times the executions
# per second of the default debug build, for long campaigns.
# Each harness starts from Fuzz/Corpus/<harness>/, copied to a temporary folder so the inputs
# it adds do not land in the repository. Prints one line per harness:
#
#   fuzz <name>: <executions> executions, <crashes> crashes, <slow> slow inputs
#
# (slow inputs took over 10 s and are saved beside the crashes), and, on standard error, the
# executions per second and where crashing inputs were saved
# (.build-fuzz/crashes/<harness>/). Exits 1 when a harness crashed, 2 when the build failed.
# Replay a crash with `.build-fuzz/<debug|release>/fuzz-<harness> <crash file>` (see Fuzz/README.md).
#
# How the build works (Swift 6.3, Linux): Fuzz/ is a SwiftPM package that depends on this one by
# path and uses only its library products, so hummingbird, GRDB and postgres-nio are resolved but
# never built. `-Xswiftc -sanitize=fuzzer,address` instruments every Swift target and links
# libFuzzer and AddressSanitizer into each harness. SwiftPM links executables with
# `--defsym main=<module>_main`, so libFuzzer's own `main` is never called: each harness has a
# `@main` type that calls `LLVMFuzzerRunDriver` (declared in Fuzz/Sources/CFuzzerDriver) and also
# exports `LLVMFuzzerTestOneInput`, which libFuzzer's `main` object refers to. gold warns
# "Cannot export local symbol" for AddressSanitizer's symbols; the warnings are filtered out.
# The scratch path is .build-fuzz, apart from the main package's .build. Debug builds only.
set -u

root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/.build-fuzz"
configuration=debug
seconds=180
runs=""
only=""
build=1
niceness=10

# Harnesses that reach internal types with `@testable import`: testability exists in debug builds
# only, so these build and run in debug even with --release.
testable_only="fastpath"

# The configuration harness $1 builds and runs in.
configuration_of() {
    case " $testable_only " in
        *" $1 "*) echo debug ;;
        *) echo "$configuration" ;;
    esac
}

harnesses() {
    sed -n 's/^    ("\([a-z0-9-]*\)", "Fuzz[A-Za-z0-9]*",.*/\1/p' "$root/Fuzz/Package.swift"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --time) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --nice) niceness="$2"; shift 2 ;;
        --no-build) build=0; shift ;;
        --release) configuration=release; shift ;;
        --list) harnesses; exit 0 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
        *) only="$1"; shift ;;
    esac
done

names="$(harnesses)"
if [ -n "$only" ]; then
    if ! printf '%s\n' $names | grep -qx "$only"; then
        echo "fuzz: no harness named '$only'; one of: $(echo $names)" >&2
        exit 2
    fi
    names="$only"
fi

if [ "$build" = 1 ]; then
    start=$(date +%s)
    # Build against the versions the main package resolved, when it has resolved them.
    if [ ! -f "$root/Fuzz/Package.resolved" ] && [ -f "$root/Package.resolved" ]; then
        cp "$root/Package.resolved" "$root/Fuzz/Package.resolved"
    fi
    log="$(mktemp)"
    # One product at a time: a plain `swift build` would also try to link the main package's
    # executable with libFuzzer, which fails for want of `LLVMFuzzerTestOneInput`.
    for name in $names; do
        if ! (cd "$root/Fuzz" && nice -n "$niceness" swift build -c "$(configuration_of "$name")" --scratch-path "$scratch" \
            -Xswiftc -sanitize=fuzzer,address --product "fuzz-$name") >"$log" 2>&1; then
            grep -v "Cannot export local symbol" "$log" | grep -E "error|warning: |failed" | head -40 >&2
            echo "fuzz: the build of fuzz-$name failed (full log: $log)" >&2
            exit 2
        fi
    done
    rm -f "$log"
    echo "fuzz: built in $(( $(date +%s) - start )) s" >&2
fi

# Debug code with AddressSanitizer uses several times the stack of a release build, so the
# harnesses get 64 MiB: enough for the deepest queries the parsers accept (256 levels of CQL,
# 128 of ES|QL), which a release build parses in a fraction of the usual 8 MiB.
ulimit -s 65536 2>/dev/null || ulimit -s unlimited 2>/dev/null || true

status=0
for name in $names; do
    binary="$scratch/$(configuration_of "$name")/fuzz-$name"
    if [ ! -x "$binary" ]; then
        echo "fuzz $name: not built ($binary)" >&2
        status=2
        continue
    fi
    work="$(mktemp -d)"
    crashes_dir="$scratch/crashes/$name"
    mkdir -p "$work/corpus" "$work/artifacts" "$crashes_dir"
    if [ -d "$root/Fuzz/Corpus/$name" ]; then cp -R "$root/Fuzz/Corpus/$name/." "$work/corpus/"; fi
    # No leak detection (libFuzzer's or LeakSanitizer's at exit): Swift keeps pointers in enum
    # payloads with tag bits that LeakSanitizer cannot follow, so values held by globals read as
    # leaks. -rss_limit_mb still catches growth.
    args=(-max_len=65536 -timeout=30 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
    [ -n "$seconds" ] && args+=(-max_total_time="$seconds")
    [ -n "$runs" ] && args+=(-runs="$runs")
    [ -f "$root/Fuzz/Dictionaries/$name.dict" ] && args+=(-dict="$root/Fuzz/Dictionaries/$name.dict")
    # The Swift runtime's own backtracer is slow and adds nothing to libFuzzer's report.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" nice -n "$niceness" "$binary" "${args[@]}" "$work/corpus" >"$work/log" 2>&1
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
    crashes=0
    slow=0
    for artifact in "$work/artifacts/"*; do
        [ -e "$artifact" ] || continue
        cp "$artifact" "$crashes_dir/"
        echo "fuzz $name: saved $crashes_dir/$(basename "$artifact")" >&2
        # libFuzzer also saves inputs that took over 10 s (slow-unit-*): worth a look, not failures.
        case "$(basename "$artifact")" in
            slow-unit-*) slow=$((slow + 1)) ;;
            *) crashes=$((crashes + 1)) ;;
        esac
    done
    if [ -z "$executions" ]; then
        # No final statistics: the harness died before libFuzzer could print them.
        crashes=$((crashes > 0 ? crashes : 1))
        executions=0
        tail -30 "$work/log" >&2
    fi
    if [ "$crashes" -gt 0 ]; then
        grep -E "property violated|ERROR: AddressSanitizer|ERROR: libFuzzer|Fatal error|SUMMARY" "$work/log" | head -5 >&2
        cp "$work/log" "$crashes_dir/last-run.log"
        status=1
    fi
    echo "fuzz $name: ${rate:-0} executions/s, corpus $(ls "$work/corpus" | wc -l) inputs" >&2
    echo "fuzz $name: $executions executions, $crashes crashes, $slow slow inputs"
    rm -rf "$work"
done
exit $status
