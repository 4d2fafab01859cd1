#!/usr/bin/env bash
# scripts/route-walk.sh: starts `pumpwatch serve` on a free loopback port with a temporary
# configuration (a bearer token, Twilio auth token and Event Streams Basic credentials, a Firehose
# access key, small body limits) and walks every route (scripts/serve/route_walk.py):
#
# - every route /openapi.json documents, and the ones it should: without credentials 401, with a
#   wrong bearer token 403, with the token the route answers; /healthz, /readyz and
#   /console/login are open, `/` and the console's forms send a browser to the login page;
# - the web console: sign-in with a wrong token or from another site refused, a forged session
#   cookie refused, a form posted from another site refused;
# - Twilio status callbacks and Event Streams: no signature 401, a forged one 403, a valid one
#   (computed here from Twilio's documented algorithm, with bodySHA256 for JSON bodies) 200, a
#   valid one over other parameters or another body 403; Basic credentials right 200, wrong 403;
# - Amazon Data Firehose: no access key 401, a wrong one 403, the right one 200, each with the
#   body Firehose expects (requestId, timestamp, errorMessage on errors);
# - bodies over the limits (with and without Content-Length, and gzip inflating past 8x) 413,
#   malformed bodies and parameters 400;
# - the server's log: no secret in it, no error line.
#
# Prints one line per check and `route-walk: N passed, M failed`; exits 1 when any failed.
# Settings (environment): PW_BIN (a pumpwatch binary; default: a debug build of this tree).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve/lib.sh

WORK=$(mktemp -d /tmp/pumpwatch-route-walk.XXXXXX)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && pw_stop "$SERVER_PID" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

BIN=$(pw_debug_binary "$WORK")
PORT=$(pw_free_port)
export PW_WALK_URL="http://127.0.0.1:$PORT"
export PW_WALK_TOKEN PW_WALK_TWILIO_TOKEN PW_WALK_TWILIO_PASSWORD PW_WALK_FIREHOSE_KEY
PW_WALK_TOKEN=$(pw_token)
PW_WALK_TWILIO_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')   # 32 hex digits, as Twilio's
PW_WALK_TWILIO_PASSWORD=$(pw_token)
PW_WALK_FIREHOSE_KEY=$(pw_token)
export PW_WALK_TWILIO_USER=twilio-sink
export PW_WALK_PUBLIC_URL=https://pumpwatch.example.com
export PW_WALK_BODY_LIMIT=$((64 * 1024))
export PW_WALK_INGEST_LIMIT=$((1024 * 1024))
cat >"$WORK/pumpwatch.yml" <<YAML
server:
  listen: 127.0.0.1:$PORT
  body_limit: 64KiB
  tokens:
    - {name: route-walk, sha256: $(pw_digest "$PW_WALK_TOKEN")}
store: {path: ./pumpwatch.sqlite}
ingest:
  body_limit: 1MiB
  public_url: $PW_WALK_PUBLIC_URL
  twilio:
    auth_token_env: PW_WALK_TWILIO_TOKEN
    basic_auth: {user: $PW_WALK_TWILIO_USER, sha256: $(pw_digest "$PW_WALK_TWILIO_PASSWORD")}
  firehose:
    access_keys: [{name: route-walk, sha256: $(pw_digest "$PW_WALK_FIREHOSE_KEY")}]
YAML

"$BIN" serve --config "$WORK/pumpwatch.yml" 2>"$WORK/serve.log" &
SERVER_PID=$!
pw_wait_healthy "$PORT" "$SERVER_PID" "$WORK/serve.log"

PW_WALK_LOG="$WORK/serve.log" python3 scripts/serve/route_walk.py
