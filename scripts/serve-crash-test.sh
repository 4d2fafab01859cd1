#!/usr/bin/env bash
# scripts/serve-crash-test.sh [sqlite|postgres|both]: kills `pumpwatch serve` with SIGKILL in
# the middle of live ingest and proves nothing acknowledged is lost, duplicated or left unsent.
#
# For each store (default both; the PostgreSQL part runs a cluster of its own through
# scripts/postgres.sh, and is skipped with a message when that cannot start one), on loopback only:
#   1. starts a webhook receiver (scripts/serve/receiver.py) and `serve` with detection on and a
#      webhook sink pointing at it, on a free port with a temporary store;
#   2. runs a load generator (scripts/serve/crash_load.py) posting NDJSON batches of CloudTrail
#      records to POST /v1/events: background traffic and campaigns of SNS Publish calls walking
#      through blocks of consecutive numbers, which raise alerts. It retries failed batches;
#   3. kills the server with SIGKILL once part of the load is acknowledged, as a new alert is
#      stored (the receiver takes a second to answer, so its notification is still pending),
#      notes what the store holds, restarts the server on the same store, lets the load finish;
#   4. posts one more campaign and kills the server again the moment it is acknowledged, before
#      the rules are next evaluated, then restarts it;
#   5. checks (scripts/serve/crash_verify.py): every acknowledged eventID is journaled, none
#      twice; one alert per rule and entities, one per campaign, the last one included; every
#      alert's notification delivered, none pending or failed, the pending ones after the restart.
# Prints `crash-test(<db>): N events acknowledged, N journaled, A alerts, D deliveries: ok` and
# exits 0, or names each failed check and exits 1.
#
# Settings (environment): PW_BIN (a pumpwatch binary; default: a debug build of this tree),
# PW_CRASH_BATCHES (160), PW_CRASH_BATCH_SIZE (250), PW_CRASH_THREADS (3), PW_CRASH_CAMPAIGNS (6),
# PW_CRASH_AT (40: the percentage of batches acknowledged before the kill), PW_CRASH_SECONDS (12:
# the load is spread over at least this long, so the rules judge several times while it runs),
# PW_CRASH_KEEP=1 (keep the work folder).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/serve/lib.sh

WHICH=${1:-both}
case "$WHICH" in sqlite | postgres | both) ;; *) echo "usage: $0 [sqlite|postgres|both]" >&2; exit 2 ;; esac
BATCHES=${PW_CRASH_BATCHES:-160}
BATCH_SIZE=${PW_CRASH_BATCH_SIZE:-250}
THREADS=${PW_CRASH_THREADS:-3}
CAMPAIGNS=${PW_CRASH_CAMPAIGNS:-6}
CRASH_AT=${PW_CRASH_AT:-40}
CRASH_SECONDS=${PW_CRASH_SECONDS:-12}

BIN_DIR=$(mktemp -d /tmp/pumpwatch-crash-bin.XXXXXX)
BIN=$(pw_debug_binary "$BIN_DIR") || { rm -rf "$BIN_DIR"; exit 1; }

WORK=
SERVER_PID=
LOAD_PID=
PW_RECEIVER_PID=
PG_STARTED=
cleanup() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && pw_stop "$SERVER_PID" >/dev/null || true
  [ -n "$PW_RECEIVER_PID" ] && kill "$PW_RECEIVER_PID" 2>/dev/null || true
  if [ -n "$WORK" ] && [ "${PW_CRASH_KEEP:-}" != 1 ]; then rm -rf "$WORK"; fi
  SERVER_PID= LOAD_PID= PW_RECEIVER_PID= WORK=
}
trap 'cleanup; rm -rf "$BIN_DIR"; [ -n "$PG_STARTED" ] && scripts/postgres.sh stop >/dev/null 2>&1 || true' EXIT

start_server() {
  "$BIN" serve --config "$WORK/pumpwatch.yml" 2>>"$WORK/serve.log" &
  SERVER_PID=$!
  pw_wait_healthy "$PORT" "$SERVER_PID" "$WORK/serve.log"
}

kill_server() {
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# run_one LABEL STORE_YAML DB: one crash test against the store STORE_YAML (the `store:` value)
# read back through DB (sqlite:PATH or a postgres URL). It runs where `set -e` does not apply,
# so every step that can fail says `|| return 1`.
run_one() {
  local label=$1 store_yaml=$2 db=$3
  echo "crash-test($label): work folder $WORK" >&2
  TOKEN=$(pw_token)
  export PW_CRASH_HOOK_SECRET
  PW_CRASH_HOOK_SECRET=$(pw_token)
  pw_start_receiver "$WORK/deliveries.ndjson" PW_CRASH_HOOK_SECRET 1 || return 1
  PORT=$(pw_free_port)
  cat >"$WORK/pumpwatch.yml" <<YAML
server:
  listen: 127.0.0.1:$PORT
  log_level: info
  tokens:
    - {name: crash-test, sha256: $(pw_digest "$TOKEN")}
store: $store_yaml
guard:
  checkpoint_interval: 2s
notifications:
  poll_interval: 250ms
  retry: {initial: 500ms, max: 2s, attempts: 100}
  sinks:
    - {name: soc-webhook, type: webhook, url: "http://127.0.0.1:$PW_RECEIVER_PORT/pumpwatch", secret_env: PW_CRASH_HOOK_SECRET, timeout: 5s}
detection:
  evaluate_interval: 2s
YAML
  start_server || return 1

  # Campaign blocks: Sierra Leone (+232 76) and Armenia (+374 77), two digits of each block from
  # this run so that repeated runs against one store would not share them.
  local salt blocks k
  salt=$(printf '%02d' $((RANDOM % 100)))
  blocks=
  for k in $(seq 0 $((CAMPAIGNS - 1))); do
    if [ $((k % 2)) = 0 ]; then blocks+="+23276$salt$(printf '%02d' "$k"),"; else blocks+="+37477$salt$(printf '%02d' "$k"),"; fi
  done
  blocks=${blocks%,}
  local tail_block="+23277${salt}99"

  echo "crash-test($label): posting $BATCHES batches of $BATCH_SIZE records ($CAMPAIGNS campaigns), killing the server at $CRASH_AT%" >&2
  python3 scripts/serve/crash_load.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" --batches "$BATCHES" \
    --batch-size "$BATCH_SIZE" --threads "$THREADS" --campaign-blocks "$blocks" --min-seconds "$CRASH_SECONDS" \
    --acked "$WORK/acked.txt" --sent "$WORK/sent.txt" --summary "$WORK/load.json" >/dev/null 2>"$WORK/load.err" &
  LOAD_PID=$!
  local kill_at=$((BATCHES * BATCH_SIZE * CRASH_AT / 100)) acked=0 i
  touch "$WORK/acked.txt"
  for i in $(seq 1 3000); do
    acked=$(wc -l <"$WORK/acked.txt")
    [ "$acked" -ge "$kill_at" ] && break
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.05
  done
  # Kill the moment a new alert is stored, while its notification is on its way to the receiver
  # (which takes a second to answer), so that the kill leaves notifications pending.
  local seen
  seen=$(wc -l <"$WORK/serve.log")
  for i in $(seq 1 600); do
    tail -n +"$((seen + 1))" "$WORK/serve.log" | grep -q '"message":"alert"' && break
    kill -0 "$LOAD_PID" 2>/dev/null || break
    sleep 0.05
  done
  if ! kill -0 "$LOAD_PID" 2>/dev/null; then
    cat "$WORK/load.err" >&2
    echo "crash-test($label): FAIL the load finished or stopped before the kill point ($acked of $kill_at events acknowledged)" >&2
    return 1
  fi
  kill_server
  acked=$(wc -l <"$WORK/acked.txt")
  local kill_times
  kill_times=$(date +%s.%N)
  echo "crash-test($label): killed the server (SIGKILL) with $acked events acknowledged" >&2
  python3 scripts/serve/crash_verify.py snapshot --db "$db" >"$WORK/at-kill.json" || return 1
  echo "crash-test($label): the store at the kill: $(cat "$WORK/at-kill.json")" >&2
  sleep 1
  local restart_time
  restart_time=$(date +%s.%N)
  start_server || return 1
  echo "crash-test($label): restarted; waiting for the load to finish" >&2
  local load_status=0
  wait "$LOAD_PID" || load_status=$?
  LOAD_PID=
  cat "$WORK/load.err" >&2
  echo "crash-test($label): load: $(cat "$WORK/load.json" 2>/dev/null || echo 'no summary')" >&2
  if [ "$load_status" != 0 ]; then
    echo "crash-test($label): FAIL the load generator could not get every batch acknowledged" >&2
    return 1
  fi

  # A campaign acknowledged just before a kill, before the rules' next evaluation.
  python3 scripts/serve/crash_load.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" --tail "$tail_block" \
    --kill-pid "$SERVER_PID" --acked "$WORK/acked.txt" --sent "$WORK/sent.txt" >/dev/null || return 1
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  kill_times+=",$(date +%s.%N)"
  echo "crash-test($label): posted a last campaign ($tail_block""xx) and killed the server as it was acknowledged; restarting" >&2
  start_server || return 1

  echo "crash-test($label): checking" >&2
  local status=0
  python3 scripts/serve/crash_verify.py check --db "$db" --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
    --acked "$WORK/acked.txt" --sent "$WORK/sent.txt" --receiver-log "$WORK/deliveries.ndjson" \
    --campaign-blocks "$blocks" --tail-block "$tail_block" --pending-at-kill "$WORK/at-kill.json" \
    --restart-time "$restart_time" --kill-times "$kill_times" --summary "$WORK/verify.json" || status=$?
  local stopped
  stopped=$(pw_stop "$SERVER_PID")
  SERVER_PID=
  if [ "$stopped" != yes ]; then echo "crash-test($label): note: the server did not stop on SIGTERM within 20 s" >&2; fi
  if grep -q '"level":"critical"' "$WORK/serve.log"; then
    echo "crash-test($label): critical log lines:" >&2
    grep '"level":"critical"' "$WORK/serve.log" | head -5 >&2
  fi
  local summary
  [ -f "$WORK/verify.json" ] || { echo "crash-test($label): FAILED: the checks did not run"; return 1; }
  summary=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%d events acknowledged, %d journaled, %d alerts, %d deliveries" % (d["acknowledged"], d["journaled"], d["alerts"], d["deliveries"]))' "$WORK/verify.json")
  if [ "$status" = 0 ]; then
    echo "crash-test($label): $summary: ok"
  else
    echo "crash-test($label): $summary: FAILED ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["failures"]))' "$WORK/verify.json") checks)"
    [ "${PW_CRASH_KEEP:-}" = 1 ] || echo "crash-test($label): rerun with PW_CRASH_KEEP=1 to keep the logs" >&2
  fi
  return "$status"
}

FAILED=0
if [ "$WHICH" = sqlite ] || [ "$WHICH" = both ]; then
  WORK=$(mktemp -d /tmp/pumpwatch-crash.XXXXXX)
  run_one sqlite "{path: $WORK/pumpwatch.sqlite}" "sqlite:$WORK/pumpwatch.sqlite" || FAILED=1
  cleanup
fi

if [ "$WHICH" = postgres ] || [ "$WHICH" = both ]; then
  # A PostgreSQL cluster of our own, on a free port in a folder of its own, so that nothing else
  # using scripts/postgres.sh's default cluster can stop it under the test, nor the test theirs.
  export PUMPWATCH_PG_PORT PUMPWATCH_PG_DIR=/tmp/pumpwatch-crash-pg.$$
  PUMPWATCH_PG_PORT=$(pw_free_port)
  PG_LOG=$(mktemp /tmp/pumpwatch-crash-pg-log.XXXXXX)
  PG_STARTED=1
  if ! PG_URL=$(scripts/postgres.sh 2>"$PG_LOG"); then
    echo "crash-test(postgres): skipped: scripts/postgres.sh could not start PostgreSQL ($(tail -1 "$PG_LOG"))"
  elif ! command -v psql >/dev/null; then
    echo "crash-test(postgres): skipped: psql is not installed"
  else
    WORK=$(mktemp -d /tmp/pumpwatch-crash.XXXXXX)
    run_one postgres "{url: \"$PG_URL\"}" "$PG_URL" || FAILED=1
    cleanup
  fi
  rm -f "$PG_LOG"
fi
exit "$FAILED"
