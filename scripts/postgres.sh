#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for pumpwatch's PostgreSQL tests, or stops it.
#
#   scripts/postgres.sh          start (or reuse) the server and print its URL on stdout
#   scripts/postgres.sh stop     stop the server and delete its cluster
#
# The cluster lives in a temporary directory ($PUMPWATCH_PG_DIR, default
# ${TMPDIR:-/tmp}/pumpwatch-postgres-<uid>), listens on 127.0.0.1:$PUMPWATCH_PG_PORT (default
# 55432) with trust authentication, and has a database `pumpwatch_test`. Only the URL goes to
# stdout, so this works:
#
#   export PUMPWATCH_TEST_POSTGRES_URL="$(scripts/postgres.sh)"
#   swift test --filter PostgresStoreContractTests
#
# When the PostgreSQL server binaries are missing they are installed from Debian's packages
# (`apt-get install -y postgresql`, through sudo when not root). When run as root, the server
# runs as the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail

port="${PUMPWATCH_PG_PORT:-55432}"
dir="${PUMPWATCH_PG_DIR:-${TMPDIR:-/tmp}/pumpwatch-postgres-$(id -u)}"
database="pumpwatch_test"

say() { echo "postgres.sh: $*" >&2; }
fail() { say "$*"; exit 1; }

# The directory holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin.
find_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local candidate
    candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
        echo "$candidate"
        return 0
    fi
    return 1
}

install_postgres() {
    say "PostgreSQL server binaries not found; installing Debian's postgresql package"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "not root and no sudo: install postgresql yourself"
        sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
}

bin="$(find_bin || true)"

# Who runs the server, and how to run a command as them.
if [ "$(id -u)" -eq 0 ]; then
    server_user="postgres"
    as_server() { runuser -u postgres -- "$@"; }
else
    server_user="$(id -un)"
    as_server() { "$@"; }
fi

pgdata="$dir/data"
socket_dir="$dir/socket"
log="$dir/server.log"

is_running() {
    [ -n "$bin" ] && [ -f "$pgdata/PG_VERSION" ] && as_server "$bin/pg_ctl" status -D "$pgdata" >/dev/null 2>&1
}

stop() {
    if is_running; then
        as_server "$bin/pg_ctl" stop -D "$pgdata" -m fast -w >&2
        say "stopped the server on port $port"
    else
        say "no server running in $dir"
    fi
    rm -rf "$dir"
}

start() {
    if [ -z "$bin" ]; then
        install_postgres
        bin="$(find_bin)" || fail "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql"
    fi
    if ! is_running; then
        rm -rf "$dir"
        mkdir -p "$pgdata" "$socket_dir"
        chmod 700 "$dir" "$pgdata"
        if [ "$(id -u)" -eq 0 ]; then
            id postgres >/dev/null 2>&1 || fail "running as root but there is no postgres user to run the server as"
            chown -R postgres: "$dir"
        fi
        as_server "$bin/initdb" -D "$pgdata" -U "$server_user" --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
            { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
        as_server "$bin/pg_ctl" start -D "$pgdata" -l "$log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$socket_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 ||
            { cat "$log" >&2; fail "the server did not start (log above)"; }
        say "started PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') in $dir on 127.0.0.1:$port"
    fi
    local exists
    exists="$(as_server "$bin/psql" -h 127.0.0.1 -p "$port" -U "$server_user" -d postgres -Atc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'")"
    if [ "$exists" != "1" ]; then
        as_server "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$server_user" "$database" >&2
    fi
    echo "postgres://$server_user@127.0.0.1:$port/$database"
}

case "${1:-start}" in
start) start ;;
stop) stop ;;
*) fail "usage: $0 [start|stop]" ;;
esac
