#!/usr/bin/env python3
"""Drives a running `pumpwatch serve` for bench/serve/run.

    ingest.py throughput --url URL --token T --seconds 20 --threads 4 --batch 1000 --pid PID --out F
    ingest.py throughput --client wrk ...   (the same, driven by wrk and bench/serve/ingest.lua)
    ingest.py latency --url URL --token T --trials 20 --receiver-log F --out F

throughput: posts NDJSON batches of CloudTrail records to POST /v1/events from several threads,
each on a keep-alive connection, for a warm-up and then `--seconds`; writes events accepted per
second, request latency percentiles and the server's CPU time (from /proc/PID/stat) to --out.
Batches are built once from real-format records with placeholders; each request fills in a fresh
counter (in every eventID and in the numbers texted) and the current time, so no record repeats
one sent before and the journal's deduplication does not short-circuit.

With --client wrk the same batches are posted by wrk (bench/serve/ingest.lua fills in the
placeholders), whose own cost is a small part of a core, so more of the machine is left to the
server; --threads is then the number of connections.

latency: posts, one at a time, a batch in which a new caller texts ten consecutive numbers of a
new block (what the sequential-block rule finds), notes the time, and measures until the alert
is stored (its created_at, and when GET /v1/alerts first shows it) and until the webhook receiver
(scripts/serve/receiver.py, logging to --receiver-log) has it. Trials are spaced by a random
pause so that they fall at every phase of the server's evaluation interval.
"""
import argparse
import datetime
import http.client
import json
import os
import random
import sys
import threading
import time
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "serve"))
import records  # noqa: E402

COUNTER = b"@@@@@@@@"  # 8 hex digits in every eventID
BLOCK = b"%%%%"  # 4 digits (2000 to 9999) in every texted number
TIME = b"&&&&-&&-&&T&&:&&:&&Z"  # eventTime


def connection(url):
    host, port = url.split("://", 1)[1].rstrip("/").rsplit(":", 1)
    return http.client.HTTPConnection(host, int(port), timeout=60)


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
    return s[k]


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def template(batch, seed):
    """A batch body with the placeholders, and the size of a filled-in body."""
    rng = random.Random(seed)
    lines = []
    for i in range(batch):
        r = records.background(rng, str(uuid.UUID(int=rng.getrandbits(128)))[:28] + COUNTER.decode(), 0)
        r["eventTime"] = TIME.decode()
        if r["eventName"] == "Publish":
            r["requestParameters"]["phoneNumber"] = "+1" + str(rng.randint(201, 989)) + BLOCK.decode() + f"{i:03d}"
        lines.append(json.dumps(r, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode()


def throughput_wrk(args):
    """`throughput`, with wrk posting the batches: a warm-up run, then the measured one."""
    import re
    import subprocess
    import tempfile

    work = tempfile.mkdtemp(prefix="pumpwatch-ingest-")
    paths = []
    for seed in range(4):
        path = os.path.join(work, f"template-{seed}.ndjson")
        with open(path, "wb") as f:
            f.write(template(args.batch, seed))
        paths.append(path)
    record_bytes = os.path.getsize(paths[0]) / args.batch
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ingest.lua")
    env = dict(os.environ, PW_TOKEN=args.token, PW_TEMPLATES=":".join(paths))
    wrk_threads = str(max(1, min(2, args.threads)))

    def run(seconds, number):
        env["PW_RUN"] = str(number)
        out = subprocess.run(
            ["wrk", "-t", wrk_threads, "-c", str(args.threads), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", script, args.url.rstrip("/") + "/v1/events"],
            env=env, capture_output=True, text=True, timeout=seconds + 120)
        line = next((l for l in out.stdout.splitlines() if l.startswith("PW_RESULT ")), None)
        if line is None:
            sys.stderr.write(out.stdout + out.stderr)
            raise SystemExit("wrk gave no PW_RESULT line")
        return {k: int(v) for k, v in re.findall(r"(\w+)=(-?\d+)", line)}

    if args.warmup > 0:
        run(args.warmup, 0)
    cpu_before = cpu_seconds(args.pid)
    r = run(args.seconds, 1)
    cpu_after = cpu_seconds(args.pid)
    elapsed = r["duration_us"] / 1e6
    result = {
        "requests": r["requests"], "accepted": r["accepted"], "duplicates": r["duplicates"], "bytes": r["bytes"],
        "non2xx": r["non2xx"], "errors": r["errors"], "statuses": {}, "seconds": elapsed, "threads": args.threads,
        "batch": args.batch, "events_per_second": r["accepted"] / elapsed, "mb_per_second": r["bytes"] / elapsed / 1e6,
        "request_p50_ms": r["p50_us"] / 1000, "request_p99_ms": r["p99_us"] / 1000,
        "server_cpu_seconds": (cpu_after - cpu_before) if cpu_before is not None and cpu_after is not None else None,
        "record_bytes": record_bytes, "client": "wrk",
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
    for path in paths:
        os.remove(path)
    os.rmdir(work)
    return 0


def throughput(args):
    if args.client == "wrk":
        return throughput_wrk(args)
    templates = [template(args.batch, seed) for seed in range(4)]
    lock = threading.Lock()
    counter = [0]
    stop_at = [0.0]
    measuring = [False]
    stats = {"requests": 0, "accepted": 0, "duplicates": 0, "bytes": 0, "non2xx": 0, "errors": 0, "latencies": [], "statuses": {}}

    def worker(n):
        conn = connection(args.url)
        headers = {"Authorization": f"Bearer {args.token}", "Content-Type": "application/x-ndjson"}
        while True:
            with lock:
                c = counter[0]
                counter[0] += 1
            now = time.time()
            if now >= stop_at[0]:
                break
            body = templates[c % len(templates)].replace(COUNTER, b"%08x" % c).replace(BLOCK, b"%04d" % (2000 + c % 8000)).replace(
                TIME, records.iso(now).encode())
            started = time.perf_counter()
            try:
                conn.request("POST", "/v1/events", body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                status = r.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = connection(args.url)
                with lock:
                    if measuring[0]:
                        stats["errors"] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if not measuring[0]:
                    continue
                stats["requests"] += 1
                stats["bytes"] += len(body)
                stats["latencies"].append(elapsed)
                if 200 <= status < 300:
                    answer = json.loads(data)
                    stats["accepted"] += answer["accepted"]
                    stats["duplicates"] += answer["duplicates"]
                else:
                    stats["non2xx"] += 1
                    stats["statuses"][str(status)] = stats["statuses"].get(str(status), 0) + 1
        conn.close()

    stop_at[0] = time.time() + args.warmup + args.seconds + 3600
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.threads)]
    for t in threads:
        t.start()
    time.sleep(args.warmup)
    cpu_before = cpu_seconds(args.pid)
    with lock:
        measuring[0] = True
        started = time.time()
        stop_at[0] = started + args.seconds
    for t in threads:
        t.join()
    elapsed = time.time() - started
    cpu_after = cpu_seconds(args.pid)
    lat = stats.pop("latencies")
    result = dict(stats)
    result.update({
        "seconds": elapsed, "threads": args.threads, "batch": args.batch,
        "events_per_second": stats["accepted"] / elapsed, "mb_per_second": stats["bytes"] / elapsed / 1e6,
        "request_p50_ms": (percentile(lat, 50) or 0) * 1000, "request_p99_ms": (percentile(lat, 99) or 0) * 1000,
        "server_cpu_seconds": (cpu_after - cpu_before) if cpu_before is not None and cpu_after is not None else None,
        "record_bytes": len(templates[0]) / args.batch,
    })
    with open(args.out, "w") as f:
        json.dump(result, f)
    return 0


def latency(args):
    rng = random.Random()
    run = uuid.uuid4().hex[:6]
    results = []
    conn = connection(args.url)
    auth = {"Authorization": f"Bearer {args.token}"}

    def get(path):
        nonlocal conn
        for _ in range(3):
            try:
                conn.request("GET", path, headers=auth)
                r = conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = connection(args.url)
        raise RuntimeError(f"GET {path} failed")

    base = rng.randrange(1000)
    for trial in range(args.trials):
        time.sleep(rng.uniform(0.2, 1.5))
        block = f"+447700{(base + trial) % 1000:03d}{rng.randrange(10)}"
        name = f"bench-{run}-{trial:02d}"
        now = time.time()
        batch = [records.background(rng, str(uuid.uuid4()), now - rng.uniform(0, 5)) for _ in range(90)]
        for i in range(10):
            batch.insert(rng.randrange(len(batch) + 1), records.campaign_publish(str(uuid.uuid4()), now - 20 + 2 * i, block, i, name, f"198.51.100.{trial + 1}"))
        body = records.ndjson(batch)
        post = connection(args.url)
        t0 = time.time()
        post.request("POST", "/v1/events", body=body, headers={**auth, "Content-Type": "application/x-ndjson"})
        r = post.getresponse()
        r.read()
        acknowledged = time.time()
        post.close()
        if r.status != 200:
            results.append({"trial": trial, "error": f"POST /v1/events answered {r.status}"})
            continue
        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0 - 5))
        alert = None
        seen = None
        deadline = t0 + args.timeout
        while time.time() < deadline:
            status, data = get(f"/v1/alerts?rule=builtin-sequential-block&since={since}&limit=100")
            if status == 200:
                for a in json.loads(data)["alerts"]:
                    if any(e[0] == "block" and e[1] == block + "xx" for e in a["entities"]):
                        alert = a
                        break
            if alert:
                seen = time.time()
                break
            time.sleep(0.02)
        if not alert:
            results.append({"trial": trial, "error": f"no alert for {block}xx within {args.timeout:.0f}s"})
            continue
        created = records_time(alert["created_at"])
        delivered = None
        while time.time() < deadline:
            with open(args.receiver_log) as f:
                for line in f:
                    d = json.loads(line)
                    if d.get("alert_id") == alert["id"]:
                        delivered = d["received_at"]
                        break
            if delivered:
                break
            time.sleep(0.02)
        results.append({
            "trial": trial, "block": block, "alert": alert["id"], "acknowledged_s": acknowledged - t0,
            "stored_s": created - t0, "listed_s": seen - t0, "webhook_s": (delivered - t0) if delivered else None,
            "error": None if delivered else f"no webhook delivery for alert {alert['id']} within {args.timeout:.0f}s",
        })
    conn.close()
    ok = [r for r in results if not r.get("error")]
    summary = {
        "trials": args.trials, "failures": [r["error"] for r in results if r.get("error")],
        "stored_p50_s": percentile([r["stored_s"] for r in ok], 50), "stored_p99_s": percentile([r["stored_s"] for r in ok], 99),
        "listed_p50_s": percentile([r["listed_s"] for r in ok], 50), "listed_p99_s": percentile([r["listed_s"] for r in ok], 99),
        "webhook_p50_s": percentile([r["webhook_s"] for r in ok], 50), "webhook_p99_s": percentile([r["webhook_s"] for r in ok], 99),
        "webhook_max_s": max([r["webhook_s"] for r in ok], default=None),
        "results": results,
    }
    with open(args.out, "w") as f:
        json.dump(summary, f)
    return 0


def records_time(text):
    """Epoch seconds of an ISO 8601 UTC time with milliseconds, as the API writes them."""
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--url", required=True)
    t.add_argument("--token", required=True)
    t.add_argument("--seconds", type=float, default=20)
    t.add_argument("--warmup", type=float, default=3)
    t.add_argument("--threads", type=int, default=4)
    t.add_argument("--batch", type=int, default=1000)
    t.add_argument("--pid", type=int, default=0)
    t.add_argument("--out", required=True)
    t.add_argument("--client", choices=["python", "wrk"], default="python")
    lt = sub.add_parser("latency")
    lt.add_argument("--url", required=True)
    lt.add_argument("--token", required=True)
    lt.add_argument("--trials", type=int, default=20)
    lt.add_argument("--timeout", type=float, default=15)
    lt.add_argument("--receiver-log", required=True)
    lt.add_argument("--out", required=True)
    args = p.parse_args()
    return throughput(args) if args.command == "throughput" else latency(args)


if __name__ == "__main__":
    sys.exit(main())
