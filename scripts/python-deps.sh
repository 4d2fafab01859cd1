#!/usr/bin/env bash
# Installs, when missing, what the translation and Spark checks run on: the duckdb, pyspark and
# pySigma Python packages (pip) and a Java runtime for Spark (Debian's openjdk-17-jre-headless).
# Sourced by scripts/translate-check.sh and scripts/spark-hunt-check.sh; each install is tried
# once and a failure leaves the check to skip what it cannot run.
pw_pip() { # module package...
    local module=$1; shift
    python3 -c "import $module" 2>/dev/null && return 0
    echo "installing $* (pip)..." >&2
    python3 -m pip install --quiet "$@" >/dev/null 2>&1 || true
}
pw_java() {
    command -v java >/dev/null 2>&1 && return 0
    command -v apt-get >/dev/null 2>&1 || return 0
    echo "installing openjdk-17-jre-headless (apt)..." >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; } >/dev/null 2>&1 || true
}
