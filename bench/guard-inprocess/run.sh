#!/bin/sh
# Builds the in-process guard benchmark in release mode and runs it.
# Usage: bench/guard-inprocess/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
swift build -c release --package-path "$here" --product GuardBench
"$here/.build/release/GuardBench"
