# Shell functions shared by the `pumpwatch serve` proof scripts (scripts/serve-crash-test.sh,
# scripts/route-walk.sh, bench/serve/run). Source it; every function is bounded in time.

# The Python helpers import each other; keep their bytecode out of the tree.
export PYTHONDONTWRITEBYTECODE=1

# A free TCP port on 127.0.0.1.
pw_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A random token (hex) and the SHA-256 digest the configuration keeps of it.
pw_token() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
pw_digest() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

# The debug binary, built if needed ($PW_BIN when set), copied into DIR so that a rebuild of
# the tree while the script runs does not pull it from under the server. A build that fails
# (other work on the tree may be half done) is retried a few times a minute apart.
pw_debug_binary() {
  local dir=$1 root attempt out
  if [ -n "${PW_BIN:-}" ]; then cp "$PW_BIN" "$dir/pumpwatch" && echo "$dir/pumpwatch"; return; fi
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  for attempt in 1 2 3 4; do
    echo "building pumpwatch (debug)" >&2
    if out=$(cd "$root" && swift build --product pumpwatch 2>&1); then
      cp "$root/.build/debug/pumpwatch" "$dir/pumpwatch" && echo "$dir/pumpwatch"
      return
    fi
    grep -E "error" <<<"$out" | head -5 >&2
    [ "$attempt" = 4 ] && break
    echo "the build failed; retrying in 60 s" >&2
    sleep 60
  done
  echo "error: pumpwatch does not build" >&2
  return 1
}

# Waits until http://127.0.0.1:PORT/healthz answers; fails when PID exits or after 60 s.
pw_wait_healthy() {
  local port=$1 pid=$2 log=$3 i
  for i in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$log" >&2
      echo "error: the server exited before answering /healthz" >&2
      return 1
    fi
    sleep 0.25
  done
  echo "error: the server did not answer /healthz in 60 s" >&2
  return 1
}

# Stops PID with SIGTERM, and SIGKILL after 20 s. Prints "yes" when it stopped by itself.
pw_stop() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || { echo gone; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; echo yes; return 0; }
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "no (killed)"
}

# Starts the webhook receiver (scripts/serve/receiver.py) logging to LOG with the secret in the
# environment variable SECRET_ENV; sets PW_RECEIVER_PID and PW_RECEIVER_PORT.
pw_start_receiver() {
  local log=$1 secret_env=$2 dir delay=${3:-0} i
  dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  rm -f "$log.port"
  python3 "$dir/receiver.py" --log "$log" --secret-env "$secret_env" --port 0 --port-file "$log.port" --delay "$delay" 2>>"$log.err" &
  PW_RECEIVER_PID=$!
  for i in $(seq 1 100); do
    [ -s "$log.port" ] && { PW_RECEIVER_PORT=$(cat "$log.port"); return 0; }
    kill -0 "$PW_RECEIVER_PID" 2>/dev/null || { cat "$log.err" >&2; echo "error: the webhook receiver did not start" >&2; return 1; }
    sleep 0.1
  done
  echo "error: the webhook receiver did not start in 10 s" >&2
  return 1
}
