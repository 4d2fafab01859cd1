#!/usr/bin/env python3
"""Checks what a `pumpwatch serve` store holds after the crash test.

    crash_verify.py snapshot --db DB                  # JSON: pending outbox ids, journal rows
    crash_verify.py check --db DB --url URL --token T --acked F --sent F --receiver-log F ...

DB is `sqlite:PATH` or a `postgres://` URL (read with psql). `check` first waits (up to
`--wait` seconds) for the campaigns' alerts to exist and the outbox to have nothing pending,
then checks:

- every acknowledged eventID is in the ingest journal, none is there twice, and the journal
  holds nothing that was not sent;
- one alert per key, no two alerts of one rule and entities covering the same activity (a
  restart that forgot an alert would open a second one), one sequential-block alert per
  campaign block, and the API lists what the store holds;
- every alert's every outbox entry is delivered (none pending, none failed) and the receiver
  logged each one with a valid signature; the entries pending at the kill arrived after the
  restart; no entry was received twice without a kill between the two receipts.

Prints one line per check and exits 1 when any fails.
"""
import argparse
import collections
import http.client
import json
import sqlite3
import subprocess
import sys
import time


class Store:
    def __init__(self, location: str):
        self.location = location
        if location.startswith("postgres://") or location.startswith("postgresql://"):
            self.kind = "postgres"
        else:
            self.kind = "sqlite"
            self.path = location[len("sqlite:"):] if location.startswith("sqlite:") else location

    def rows(self, sql: str):
        if self.kind == "sqlite":
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(r) for r in conn.execute(sql).fetchall()]
            finally:
                conn.close()
        out = subprocess.run(
            ["psql", self.location, "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True, timeout=120,
        ).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def api(url: str, token: str, path: str):
    host_port = url.split("://", 1)[-1].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"GET {path}: {r.status} {body[:300]!r}")
        return json.loads(body)
    finally:
        conn.close()


def entity_key(alert_key: str) -> str:
    return alert_key.rsplit("|w=", 1)[0]


def block_of(alert) -> str:
    for name, value in alert.get("entities") or []:
        if name == "block":
            return value
    return ""


def snapshot(args) -> int:
    store = Store(args.db)
    pending = [int(r[0]) for r in store.rows("SELECT id FROM notification_outbox WHERE state = 'pending' ORDER BY id")]
    journal = int(store.rows("SELECT count(*) FROM ingest_journal")[0][0])
    alerts = int(store.rows("SELECT count(*) FROM alert")[0][0])
    print(json.dumps({"pending": pending, "journal": journal, "alerts": alerts}))
    return 0


def read_lines(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


def check(args) -> int:
    failures = []
    counts = {"acknowledged": 0, "journaled": 0, "alerts": 0, "deliveries": 0}
    try:
        checks(args, failures, counts)
    except Exception as e:  # the server or the store did not answer: that is a failure too
        text = f"could not finish the checks: {type(e).__name__}: {e}"
        print(f"  FAIL {text}")
        failures.append(text)
    with open(args.summary, "w") as f:
        json.dump({**counts, "failures": failures}, f)
    return 1 if failures else 0


def checks(args, failures, counts):
    store = Store(args.db)

    def report(ok: bool, text: str):
        print(f"  {'ok  ' if ok else 'FAIL'} {text}")
        if not ok:
            failures.append(text)

    blocks = [b for b in args.campaign_blocks.split(",") if b]
    expected_blocks = blocks + ([args.tail_block] if args.tail_block else [])

    # Wait for the alerts to settle and the outbox to drain.
    deadline = time.time() + args.wait
    while True:
        alerts = api(args.url, args.token, "/v1/alerts?limit=1000")["alerts"]
        found = {block_of(a) for a in alerts if a["rule"] == "builtin-sequential-block"}
        missing = [b for b in expected_blocks if b + "xx" not in found]
        pending = api(args.url, args.token, "/v1/notifications?state=pending&limit=1000")["notifications"]
        if (not missing and not pending) or time.time() > deadline:
            break
        time.sleep(0.5)

    # The journal.
    acked = read_lines(args.acked)
    sent = set(read_lines(args.sent)) if args.sent else None
    rows = store.rows("SELECT format, event_id FROM ingest_journal")
    journal = collections.Counter((r[0], r[1]) for r in rows)
    journal_ids = {event_id for (_, event_id) in journal}
    acked_set = set(acked)
    counts.update({"acknowledged": len(acked_set), "journaled": len(rows)})
    lost = acked_set - journal_ids
    twice = [k for k, n in journal.items() if n > 1]
    report(not lost, f"every acknowledged eventID is journaled ({len(acked_set)} acknowledged, {len(lost)} missing{': ' + ', '.join(sorted(lost)[:5]) if lost else ''})")
    report(len(acked) == len(acked_set), f"no eventID acknowledged twice by the load generator ({len(acked) - len(acked_set)} repeats)")
    report(not twice, f"no eventID journaled twice ({len(rows)} journal rows, {len(twice)} repeated{': ' + str(twice[:5]) if twice else ''})")
    if sent is not None:
        extra = journal_ids - sent
        report(not extra, f"the journal holds only eventIDs that were sent ({len(extra)} others)")

    # The alerts. A rule whose findings are per time bucket (Elastic's 10-second windows) has one
    # alert per bucket; a repeat is two alerts of one rule and entities covering overlapping
    # activity, which is what a restart that forgot its alerts would make.
    stored = store.rows("SELECT id, key, first_seen, last_seen FROM alert")
    by_entity = collections.defaultdict(list)
    for alert_id, key, first, last in stored:
        first = int(first) if first not in (None, "") else 0
        last = int(last) if last not in (None, "") else first
        by_entity[entity_key(key)].append((first, last, int(alert_id)))
    repeated = {}
    for k, spans in by_entity.items():
        spans.sort()
        for (f1, l1, id1), (f2, l2, id2) in zip(spans, spans[1:]):
            if f2 <= l1:
                repeated.setdefault(k, []).append([id1, id2])
    report(not repeated, f"no two alerts of one rule and entities cover the same activity ({len(stored)} alerts, {len(repeated)} repeated{': ' + json.dumps(repeated)[:400] if repeated else ''})")
    bucketed = {k.split("|", 1)[0]: len(v) for k, v in by_entity.items() if len(v) > 1}
    if bucketed:
        print(f"  info alerts of one rule and entities in separate windows: {json.dumps(bucketed)}")
    report(len(stored) == len(alerts) and len({r[1] for r in stored}) == len(stored),
           f"GET /v1/alerts lists the {len(stored)} stored alerts, one per key ({len(alerts)} listed)")
    per_block = collections.Counter(block_of(a) for a in alerts if a["rule"] == "builtin-sequential-block")
    wrong = {b: per_block.get(b + "xx", 0) for b in blocks if per_block.get(b + "xx", 0) != 1}
    report(not wrong, f"one sequential-block alert per campaign ({len(blocks)} campaigns{', wrong: ' + json.dumps(wrong) if wrong else ''})")
    if args.tail_block:
        n = per_block.get(args.tail_block + "xx", 0)
        report(n == 1, f"the campaign acknowledged just before the second kill raised its alert after the restart ({n} alerts for {args.tail_block}xx)")

    # The notifications.
    outbox = store.rows("SELECT id, alert_id, state FROM notification_outbox")
    states = collections.Counter(r[2] for r in outbox)
    report(states.get("pending", 0) == 0 and states.get("failed", 0) == 0,
           f"no notification pending or failed ({dict(states)})")
    alerts_with_outbox = {int(r[1]) for r in outbox}
    without = [a["id"] for a in alerts if a["id"] not in alerts_with_outbox]
    report(not without, f"every alert has its notification in the outbox ({len(without)} without{': ' + str(without[:10]) if without else ''})")
    receipts = [json.loads(line) for line in read_lines(args.receiver_log)]
    # A body cut short by a kill is not a delivery (the sender retries it): count it, check the rest.
    log = [d for d in receipts if d.get("complete", True)]
    if len(log) != len(receipts):
        print(f"  info {len(receipts) - len(log)} receipts cut short by a kill (not deliveries; retried)")
    received = collections.defaultdict(list)
    for d in log:
        received[str(d["delivery"])].append(d)
    undelivered = [int(r[0]) for r in outbox if str(r[0]) not in received]
    mismatched = [int(r[0]) for r in outbox if str(r[0]) in received and any(d["alert_id"] != int(r[1]) for d in received[str(r[0])])]
    unsigned = [d["delivery"] for d in log if not d["signature_ok"]]
    report(not undelivered, f"the receiver got every outbox entry ({len(outbox)} entries, {len(undelivered)} never received{': ' + str(undelivered[:10]) if undelivered else ''})")
    report(not mismatched, f"each delivery carries its own alert ({len(mismatched)} mismatched)")
    report(not unsigned, f"every delivery is signed with the configured secret ({len(unsigned)} bad signatures)")
    if args.pending_at_kill:
        pending_at_kill = json.load(open(args.pending_at_kill))["pending"]
        late = [i for i in pending_at_kill if not any(d["received_at"] >= args.restart_time for d in received.get(str(i), []))]
        report(not late, f"the {len(pending_at_kill)} notifications pending at the kill were delivered after the restart ({len(late)} not)")
    # At least once allows a repeat when the server died between the receiver's answer and the
    # mark; a repeat with no kill between its receipts happened while the server ran.
    kills = [float(t) for t in args.kill_times.split(",") if t]
    repeats = {k: v for k, v in received.items() if len(v) > 1}
    live = {k: [round(d["received_at"], 3) for d in v] for k, v in repeats.items()
            if not any(min(d["received_at"] for d in v) <= t <= max(d["received_at"] for d in v) for t in kills)}
    report(not live, f"no notification delivered twice while the server ran ({len(repeats)} entries received more than once, "
           f"{len(live)} with no kill between the receipts{': ' + json.dumps(dict(list(live.items())[:5])) if live else ''})")
    after_restart = sum(1 for d in log if d["received_at"] >= args.restart_time)
    print(f"  info {len(log)} deliveries received, {after_restart} after the first restart")

    counts.update({"acknowledged": len(acked_set), "journaled": len(rows), "alerts": len(alerts), "deliveries": len(received)})


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("snapshot")
    s.add_argument("--db", required=True)
    c = sub.add_parser("check")
    c.add_argument("--db", required=True)
    c.add_argument("--url", required=True)
    c.add_argument("--token", required=True)
    c.add_argument("--acked", required=True)
    c.add_argument("--sent")
    c.add_argument("--receiver-log", required=True)
    c.add_argument("--campaign-blocks", default="")
    c.add_argument("--tail-block")
    c.add_argument("--pending-at-kill", help="the snapshot taken while the server was down")
    c.add_argument("--restart-time", type=float, default=0.0)
    c.add_argument("--kill-times", default="", help="comma-separated epoch seconds of the kills")
    c.add_argument("--wait", type=float, default=90.0)
    c.add_argument("--summary", required=True)
    args = p.parse_args()
    return snapshot(args) if args.command == "snapshot" else check(args)


if __name__ == "__main__":
    sys.exit(main())
