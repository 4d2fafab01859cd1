#!/usr/bin/env python3
"""Posts NDJSON batches of CloudTrail records to `POST /v1/events` as a log shipper does, and
records which eventIDs the server acknowledged.

Each batch is background traffic with texts of the campaigns mixed in: campaign k walks
through the numbers of its own block (`--campaign-blocks`) with its own leaked key. Even-numbered
campaigns are spread over the whole run, so they are under way when the server is killed;
odd-numbered ones over its second half, so their alerts are raised while the load still runs
after the kill point, however fast the server judges. A batch is built once;
a failed attempt (no connection, a reset, a 5xx or 429) is retried with the same body until it
gets a 2xx or `--deadline` passes, as a real sender retries. Any other answer is a failure.

Every eventID of a batch answered 2xx goes to `--acked` (one per line), every eventID sent to
`--sent`; a JSON summary goes to `--summary`.

With `--tail BLOCK`, posts one batch holding one campaign through BLOCK and, when it is
acknowledged, kills the process `--kill-pid` with SIGKILL at once (before the server's next rule
evaluation), to test that acknowledged events are evaluated after a restart.
"""
import argparse
import http.client
import json
import os
import random
import signal
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import records  # noqa: E402

TEXTS_PER_CAMPAIGN = 30


def post(host: str, port: int, token: str, body: bytes, timeout: float = 30.0):
    """(status, parsed JSON body or text); raises OSError / http.client errors on connection trouble."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(
            "POST",
            "/v1/events",
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson", "User-Agent": "pumpwatch-crash-test"},
        )
        response = conn.getresponse()
        data = response.read()
        try:
            return response.status, json.loads(data)
        except ValueError:
            return response.status, data.decode(errors="replace")
    finally:
        conn.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--token", required=True)
    p.add_argument("--batches", type=int, default=240)
    p.add_argument("--batch-size", type=int, default=200)
    p.add_argument("--threads", type=int, default=3)
    p.add_argument("--campaign-blocks", default="", help="comma-separated blocks (every digit but the last two)")
    p.add_argument("--acked", required=True)
    p.add_argument("--sent")
    p.add_argument("--summary")
    p.add_argument("--deadline", type=float, default=300.0, help="seconds before giving up on a batch")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--min-seconds", type=float, default=0.0,
                   help="spread the batches over at least this long: batch b waits until b/batches of it has passed")
    p.add_argument("--tail", help="post one campaign batch through this block, then SIGKILL --kill-pid")
    p.add_argument("--kill-pid", type=int)
    args = p.parse_args()

    host_port = args.url.split("://", 1)[-1].rstrip("/")
    host, port = host_port.rsplit(":", 1)
    port = int(port)
    rng = random.Random(args.seed)
    lock = threading.Lock()
    acked_out = open(args.acked, "a", buffering=1)
    sent_out = open(args.sent, "a", buffering=1) if args.sent else None

    if args.tail:
        now = time.time()
        batch = [records.background(rng, str(uuid.uuid4()), now) for _ in range(20)]
        name = "svc-backup-" + args.tail[-4:]
        for i in range(TEXTS_PER_CAMPAIGN):
            batch.insert(rng.randrange(len(batch) + 1), records.campaign_publish(str(uuid.uuid4()), now - 60 + 2 * i, args.tail, i, name, "185.220.101.77"))
        ids = [r["eventID"] for r in batch]
        if sent_out:
            sent_out.write("\n".join(ids) + "\n")
        status, answer = post(host, port, args.token, records.ndjson(batch))
        if not 200 <= status < 300:
            print(f"crash_load: the tail batch got {status}: {answer}", file=sys.stderr)
            return 1
        if args.kill_pid:
            os.kill(args.kill_pid, signal.SIGKILL)
        acked_out.write("\n".join(ids) + "\n")
        print(json.dumps({"tail": args.tail, "events": len(ids), "answer": answer}))
        return 0

    blocks = [b for b in args.campaign_blocks.split(",") if b]
    # Campaign k's i-th text goes into a batch spread evenly over its span (the whole run for even
    # k, the second half for odd k), shifted by k.
    plan = [[] for _ in range(args.batches)]
    for k, block in enumerate(blocks):
        start = 0 if k % 2 == 0 else args.batches // 2
        span = args.batches - start
        for i in range(TEXTS_PER_CAMPAIGN):
            b = start + (i * span // TEXTS_PER_CAMPAIGN + k) % span
            plan[b].append((k, block, i))

    next_batch = [0]
    stats = {"batches": 0, "acked_events": 0, "attempts": 0, "retries": 0, "accepted": 0, "duplicates": 0, "failed_batches": 0, "errors": {}}

    def build(b: int):
        now = time.time()
        batch = [records.background(rng, str(uuid.uuid4()), now - rng.uniform(0, 5)) for _ in range(args.batch_size - len(plan[b]))]
        for k, block, i in plan[b]:
            batch.insert(
                rng.randrange(len(batch) + 1),
                records.campaign_publish(str(uuid.uuid4()), now - rng.uniform(0, 3), block, i, f"svc-reporting-{k:02d}", f"185.220.101.{10 + k}"),
            )
        return batch

    run_started = time.time()

    def worker():
        while True:
            with lock:
                b = next_batch[0]
                if b >= args.batches:
                    return
                next_batch[0] += 1
            # A paced run leaves the rules time to judge while the load still runs.
            wait = run_started + args.min_seconds * b / args.batches - time.time()
            if wait > 0:
                time.sleep(wait)
            with lock:
                batch = build(b)
            ids = [r["eventID"] for r in batch]
            body = records.ndjson(batch)
            if sent_out:
                with lock:
                    sent_out.write("\n".join(ids) + "\n")
            started = time.time()
            delay = 0.2
            while True:
                with lock:
                    stats["attempts"] += 1
                try:
                    status, answer = post(host, port, args.token, body)
                except (OSError, http.client.HTTPException) as e:
                    status, answer = None, type(e).__name__
                if status is not None and 200 <= status < 300:
                    with lock:
                        acked_out.write("\n".join(ids) + "\n")
                        stats["batches"] += 1
                        stats["acked_events"] += len(ids)
                        stats["accepted"] += answer.get("accepted", 0)
                        stats["duplicates"] += answer.get("duplicates", 0)
                    break
                reason = str(status) if status is not None else answer
                with lock:
                    stats["errors"][reason] = stats["errors"].get(reason, 0) + 1
                if status is not None and status not in (429, 500, 502, 503, 504):
                    print(f"crash_load: batch {b} refused with {status}: {str(answer)[:300]}", file=sys.stderr)
                    with lock:
                        stats["failed_batches"] += 1
                    break
                if time.time() - started > args.deadline:
                    print(f"crash_load: batch {b} not acknowledged within {args.deadline:.0f}s (last: {reason})", file=sys.stderr)
                    with lock:
                        stats["failed_batches"] += 1
                    break
                with lock:
                    stats["retries"] += 1
                time.sleep(delay)
                delay = min(delay * 2, 2.0)

    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(stats, f)
    print(json.dumps(stats))
    return 1 if stats["failed_batches"] else 0


if __name__ == "__main__":
    sys.exit(main())
