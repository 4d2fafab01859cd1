#!/usr/bin/env python3
"""Times pumpwatch, DuckDB, jq and gzip on the benchmark data and writes the Markdown table.

Every tool runs as its own process under /usr/bin/time (wall time, CPU time, peak RSS); DuckDB's
time is the query alone, measured inside its process. Runs are interleaved (pumpwatch, DuckDB,
DuckDB, pumpwatch, ...: who reads an input first alternates, as the first pays to bring its pages
back) so that load from other work on the machine falls on both alike, and the median of the runs
is reported. jq runs once per workload, as a reference.
"""
import argparse, datetime, json, os, platform, shlex, signal, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts", "differential"))
import run as differential  # noqa: E402  (the seed texts and their SQL)

NOW = "2026-11-23T00:00:00Z"
SINCE = "2026-11-16T00:00:00Z"  # NOW - 7 days, for jq

JQ_ESQL = r'''
inputs
| select(.eventTime > $since and .eventSource == "sns.amazonaws.com" and .eventName == "Publish"
         and ((.errorCode // "") == "") and ((.errorMessage // "") == "")
         and ((.requestParameters // "" | tostring) | contains("phoneNumber")))
| [(.eventTime | .[0:18]), (.userIdentity.accountId // .recipientAccountId), .userIdentity.arn, .awsRegion,
   .sourceIPAddress, ((.userAgent // "") | split(" ")[0])]
'''
# jq's reduce copies its object on every update, which is quadratic in the number of groups, so
# jq emits one key per matching event and sort | uniq -c | awk count the groups over the threshold.
JQ_ESQL_COUNT = "awk '$1 > 30' | wc -l"

JQ_CQL = r'''
def kind: (.["#event_simpleName"] // .event_simpleName);
def sms_domain: ascii_downcase | (contains("api.twilio.com") or contains("sns.amazonaws.com") or contains("rest.nexmo.com")
  or contains("api.vonage.com") or contains("api.plivo.com") or contains("messaging.bandwidth.com") or contains("api.telnyx.com")
  or contains("rest.messagebird.com") or contains("eu.api.sinch.com") or contains("api.infobip.com"));
def script: ascii_downcase | (endswith(".exe") or endswith(".py") or endswith(".rb") or endswith(".js") or endswith(".jar")
  or endswith(".sh") or endswith(".php"));
def web_port: tostring | (. == "443" or . == "80" or . == "8443");
inputs
| if kind == "DnsRequest" and ((.DomainName // "") | sms_domain)
  then ["d", .aid, .ComputerName, .DomainName]
  elif kind == "NetworkConnectIP4" and ((.RemotePort // "") | web_port) and ((.TargetProcessName // "") | script)
  then ["n", .aid, .ComputerName, .RemoteAddressIP4, .TargetProcessName]
  else empty end
'''
JQ_CQL_COUNT = "awk '($2 ~ /^\\[\"d\"/ && $1 > 50) || ($2 ~ /^\\[\"n\"/ && $1 > 200)' | wc -l"


def timed(cmd, keep_output=True, timeout=None, env=None):
    """Runs `cmd` (with `env` added to the environment); returns (wall seconds, cpu seconds, peak RSS
    bytes, stdout). Output not kept is discarded. Past `timeout` seconds the command (its whole
    process group) is stopped and None returned."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + cmd
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True, env=dict(os.environ, **env) if env else None)
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return None
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {err.decode(errors='replace')[-2000:]}")
        fields = tf.read().split()
        e, u, s, m = float(fields[-4]), float(fields[-3]), float(fields[-2]), int(fields[-1])
        return wall, u + s, m * 1024, out or b""


SECTION_BEGIN = "<!-- bench/run: seed queries against DuckDB -->"
SECTION_END = "<!-- end of bench/run -->"


def write_section(path, section):
    """Puts this script's section into the results file, keeping the sections other scripts wrote."""
    title = "# Benchmark results\n\nEach script writes its own section.\n"
    text = open(path).read() if os.path.exists(path) else title
    if SECTION_BEGIN in text and SECTION_END in text:
        head, rest = text.split(SECTION_BEGIN, 1)
        _, tail = rest.split(SECTION_END, 1)
        text = head + section + tail
    else:
        if text.startswith("# Benchmark results\n\nWritten by `bench/run`"):
            # An unmarked section from an earlier version of this script: replace it.
            cut = text.find("\n## ")
            text = title + (text[cut:] if cut >= 0 else "")
        head, sep, tail = text.partition("\n## ")
        text = head.rstrip("\n") + "\n\n" + section + "\n" + (sep.lstrip("\n") and "\n## " + tail)
    with open(path, "w") as fh:
        fh.write(text if text.endswith("\n") else text + "\n")


def median_of(samples):
    return {k: statistics.median(s[k] for s in samples) for k in samples[0] if isinstance(samples[0][k], (int, float))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--runs", type=int, default=4)
    ap.add_argument("--results", required=True)
    a = ap.parse_args()
    with open(os.path.join(a.data, "manifest.json")) as fh:
        m = json.load(fh)
    ct_dir = os.path.join(a.data, "cloudtrail")
    fa_dir = os.path.join(a.data, "falcon")
    gz = os.path.join(a.data, "cloudtrail-records.json.gz")
    qdir = tempfile.mkdtemp()
    esql_file = os.path.join(qdir, "seed.esql")
    cql_file = os.path.join(qdir, "seed.cql")
    open(esql_file, "w").write(differential.ESQL_SEED)
    open(cql_file, "w").write(differential.CQL_SEED)
    pw = a.pumpwatch
    skip_jq = os.environ.get("BENCH_SKIP_JQ") == "1"

    outputs = {}

    def pumpwatch(args, key=None, env=None):
        wall, cpu, rss, out = timed([pw] + args, env=env)
        rows = sum(1 for line in out.splitlines() if line.strip())
        if key:
            outputs.setdefault(key, out)
        return {"seconds": wall, "cpu": cpu, "rss": rss, "rows": rows}

    def duck(which, glob):
        wall, cpu_all, rss, out = timed([sys.executable, os.path.join(HERE, "duckdb_query.py"), which, glob])
        r = json.loads(out)
        return {"seconds": r["seconds"], "cpu": r["cpu"], "rss": rss, "rows": r["rows"], "version": r["version"]}

    ct_mb = m["cloudtrail_bytes"] / 1e6
    fa_mb = m["falcon_bytes"] / 1e6
    gz_raw_mb = m["records_gz_uncompressed_bytes"] / 1e6
    gz_mb = m["records_gz_bytes"] / 1e6
    samples = {k: [] for k in ("a-pw", "a-duck", "a-noshapes", "b-pw", "b-duck", "b-noshapes", "g-pw", "g-gzip", "c-pw")}
    ct_glob = os.path.join(ct_dir, "*.ndjson")
    fa_glob = os.path.join(fa_dir, "*.ndjson")
    duck_version = "?"
    for i in range(a.runs):
        print(f"run {i + 1} of {a.runs}...", file=sys.stderr)
        # The first tool to read an input after other inputs were read pays for bringing its pages
        # back (about 0.1 s here); the second finds them ready. Who goes first alternates.
        pw_first = i % 2 == 0
        for which, pw_args, key, glob in (
            ("a", ["query", "--file", esql_file, "--now", NOW, "--format", "ndjson", ct_dir], "a", ct_glob),
            ("b", ["query", "--file", cql_file, "--format", "ndjson", fa_dir], "b", fa_glob),
        ):
            for tool in (("pw", "duck") if pw_first else ("duck", "pw")):
                if tool == "pw":
                    samples[f"{which}-pw"].append(pumpwatch(pw_args, key=key))
                else:
                    d = duck("esql" if which == "a" else "cql", glob)
                    duck_version = d.pop("version")
                    samples[f"{which}-duck"].append(d)
        # (a) and (b) again reading records member by member instead of through their shapes
        # (`RecordShapeMemo`), with the skim where a query allows one.
        samples["a-noshapes"].append(pumpwatch(["query", "--file", esql_file, "--now", NOW, "--format", "ndjson", ct_dir],
                                               key="a-noshapes", env={"PUMPWATCH_SHAPES": "0"}))
        samples["b-noshapes"].append(pumpwatch(["query", "--file", cql_file, "--format", "ndjson", fa_dir],
                                               key="b-noshapes", env={"PUMPWATCH_SHAPES": "0"}))
        samples["g-pw"].append(pumpwatch(["query", "--file", esql_file, "--now", NOW, "--format", "ndjson", gz]))
        wall, cpu, rss, _ = timed(["gzip", "-dc", gz], keep_output=False)
        samples["g-gzip"].append({"seconds": wall, "cpu": cpu, "rss": rss})
    # The unoptimised path, once: the full JSON parser and normalizer on one thread, without the
    # byte-level scanner, the pushed-down conditions or the parallel aggregation. Its rows must be
    # the fast path's, byte for byte. A lower threshold gives (a) rows to compare: the seed's
    # `> 30` finds none in this data.
    reference = {"PUMPWATCH_FAST_PATH": "0", "PUMPWATCH_THREADS": "0"}
    esql_low_file = os.path.join(qdir, "seed-low.esql")
    open(esql_low_file, "w").write(differential.ESQL_SEED.replace("sms_message_count > 30", "sms_message_count > 0"))
    if "sms_message_count > 0" not in open(esql_low_file).read():
        raise SystemExit("the ES|QL seed no longer ends in `sms_message_count > 30`: update bench/measure.py")
    print("reference runs (full parser, one thread)...", file=sys.stderr)
    samples["a-full"] = [pumpwatch(["query", "--file", esql_file, "--now", NOW, "--format", "ndjson", ct_dir], key="a-full", env=reference)]
    samples["b-full"] = [pumpwatch(["query", "--file", cql_file, "--format", "ndjson", fa_dir], key="b-full", env=reference)]
    low = ["query", "--file", esql_low_file, "--now", NOW, "--format", "ndjson", ct_dir]
    low_fast = pumpwatch(low, key="a-low")
    low_full = pumpwatch(low, key="a-low-full", env=reference)

    hunt_note = None
    hunt_help = subprocess.run([pw, "hunt", "--help"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    hunt_runs = int(os.environ.get("BENCH_HUNT_RUNS", "1"))
    hunt_timeout = float(os.environ.get("BENCH_HUNT_TIMEOUT", "420"))
    if hunt_help.returncode == 0:
        for i in range(hunt_runs):
            print(f"hunt run {i + 1} of {hunt_runs} (at most {hunt_timeout:.0f} s)...", file=sys.stderr)
            r = timed([pw, "hunt", "--now", NOW, "--format", "json", ct_dir, fa_dir, gz], timeout=hunt_timeout)
            if r is None:
                hunt_note = (f"(c) `pumpwatch hunt` over all inputs did not finish within {hunt_timeout:.0f} s "
                             f"(under {(ct_mb + fa_mb + gz_raw_mb) / hunt_timeout:,.0f} MB/s); raise BENCH_HUNT_TIMEOUT to time it.")
                break
            wall, cpu, rss, out = r
            samples["c-pw"].append({"seconds": wall, "cpu": cpu, "rss": rss, "rows": len(json.loads(out or b"{}").get("findings", []))})
    else:
        hunt_note = "`pumpwatch hunt` is not available in this build: (c) skipped."
    jq = {}
    if not skip_jq:
        for key, program, count, path in (("a", JQ_ESQL, JQ_ESQL_COUNT, ct_dir), ("b", JQ_CQL, JQ_CQL_COUNT, fa_dir)):
            print(f"jq ({key}), once...", file=sys.stderr)
            files = " ".join(shlex.quote(os.path.join(path, f)) for f in sorted(os.listdir(path)))
            pipeline = f"jq -c -n --arg since {SINCE} {shlex.quote(program)} {files} | LC_ALL=C sort | uniq -c | {count}"
            wall, cpu, rss, out = timed(["bash", "-o", "pipefail", "-c", pipeline])
            jq[key] = {"seconds": wall, "cpu": cpu, "rss": rss, "rows": int(out.strip() or 0)}

    med = {k: median_of(v) for k, v in samples.items() if v}

    rows = []  # (workload, tool, seconds, cpu, MB, events, rss, ratio text, result rows)

    def add(workload, tool, r, mb, events, ratio=""):
        rows.append((workload, tool, r["seconds"], r.get("cpu"), mb / r["seconds"], events / r["seconds"], r["rss"] / (1 << 20), ratio, r.get("rows")))

    ra = med["a-duck"]["seconds"] / med["a-pw"]["seconds"]
    rb = med["b-duck"]["seconds"] / med["b-pw"]["seconds"]
    rg = med["g-gzip"]["seconds"] / med["g-pw"]["seconds"]
    add("(a) ES\\|QL seed, CloudTrail NDJSON", "pumpwatch", med["a-pw"], ct_mb, m["cloudtrail_events"], f"**{ra:.2f}×**")
    add("(a) ES\\|QL seed, CloudTrail NDJSON", f"DuckDB {duck_version}", med["a-duck"], ct_mb, m["cloudtrail_events"], "1.00×")
    add("(a) ES\\|QL seed, CloudTrail NDJSON", "pumpwatch without record shapes (`PUMPWATCH_SHAPES=0`)", med["a-noshapes"], ct_mb,
        m["cloudtrail_events"], f"{med['a-duck']['seconds'] / med['a-noshapes']['seconds']:.2f}×")
    if "a" in jq:
        add("(a) ES\\|QL seed, CloudTrail NDJSON", "jq (1 run)", jq["a"], ct_mb, m["cloudtrail_events"], f"{med['a-duck']['seconds'] / jq['a']['seconds']:.2f}×")
    add("(a) ES\\|QL seed, CloudTrail NDJSON", "pumpwatch, full parser, 1 thread (1 run)", med["a-full"], ct_mb, m["cloudtrail_events"],
        f"{med['a-duck']['seconds'] / med['a-full']['seconds']:.2f}×")
    add("(b) LogScale seed, Falcon NDJSON", "pumpwatch", med["b-pw"], fa_mb, m["falcon_events"], f"**{rb:.2f}×**")
    add("(b) LogScale seed, Falcon NDJSON", f"DuckDB {duck_version}", med["b-duck"], fa_mb, m["falcon_events"], "1.00×")
    add("(b) LogScale seed, Falcon NDJSON", "pumpwatch without record shapes (`PUMPWATCH_SHAPES=0`)", med["b-noshapes"], fa_mb,
        m["falcon_events"], f"{med['b-duck']['seconds'] / med['b-noshapes']['seconds']:.2f}×")
    if "b" in jq:
        add("(b) LogScale seed, Falcon NDJSON", "jq (1 run)", jq["b"], fa_mb, m["falcon_events"], f"{med['b-duck']['seconds'] / jq['b']['seconds']:.2f}×")
    add("(b) LogScale seed, Falcon NDJSON", "pumpwatch, full parser, 1 thread (1 run)", med["b-full"], fa_mb, m["falcon_events"],
        f"{med['b-duck']['seconds'] / med['b-full']['seconds']:.2f}×")
    add("(a') ES\\|QL seed, CloudTrail .json.gz", "pumpwatch", med["g-pw"], gz_raw_mb, m["cloudtrail_events"], f"{rg:.2f}× gzip -dc")
    add("(a') ES\\|QL seed, CloudTrail .json.gz", "gzip -dc (1 core)", med["g-gzip"], gz_raw_mb, m["cloudtrail_events"], "1.00×")
    if "c-pw" in med:
        add("(c) hunt, whole pack, all inputs", "pumpwatch", med["c-pw"], ct_mb + fa_mb + gz_raw_mb, 2 * m["cloudtrail_events"] + m["falcon_events"])

    header = "| Workload | Tool | Median s | CPU s | MB/s | Events/s | Peak RSS MB | Speed vs DuckDB | Rows |"
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for w, tool, s, cpu, mbs, eps, rss, ratio, nrows in rows:
        cpu_text = f"{cpu:.2f}" if cpu is not None else ""
        # A median of an even number of runs averages two row counts: they are equal when all is well.
        rows_text = "" if nrows is None else (f"{nrows:.0f}" if float(nrows).is_integer() else f"{nrows:.1f}")
        lines.append(f"| {w} | {tool} | {s:.2f} | {cpu_text} | {mbs:,.0f} | {eps:,.0f} | {rss:,.0f} | {ratio} | {rows_text} |")
    table = "\n".join(lines)

    load = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"]
    cpu_name = "?"
    if os.path.exists("/proc/cpuinfo"):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu_name = line.split(":", 1)[1].strip()
                break
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        rev = "?"
    checks = []
    if med["a-pw"]["rows"] != med["a-duck"]["rows"]:
        checks.append(f"(a) row counts differ: pumpwatch {med['a-pw']['rows']}, DuckDB {med['a-duck']['rows']}")
    if med["b-pw"]["rows"] != med["b-duck"]["rows"]:
        checks.append(f"(b) row counts differ: pumpwatch {med['b-pw']['rows']}, DuckDB {med['b-duck']['rows']}")
    if med["g-pw"]["rows"] != med["a-pw"]["rows"]:
        checks.append(f"(a') gives {med['g-pw']['rows']} rows, (a) {med['a-pw']['rows']}")
    for fast, full, name in (("a", "a-full", "(a)"), ("b", "b-full", "(b)"), ("a-low", "a-low-full", "(a) with `> 0`")):
        if outputs.get(fast) != outputs.get(full):
            checks.append(f"{name}: the fast path's rows differ from the full parser's")
    for shaped, plain, name in (("a", "a-noshapes", "(a)"), ("b", "b-noshapes", "(b)")):
        if outputs.get(plain) != outputs.get(shaped):
            checks.append(f"{name}: the rows without record shapes differ from the rows with them")
    if low_fast["rows"] == 0:
        checks.append("(a) with `> 0` gives no rows: the fast/full comparison of (a) compares nothing")

    md = [
        SECTION_BEGIN,
        "## Seed queries against DuckDB (`bench/run`)",
        "",
        f"Written by `bench/run` on {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}: "
        f"pumpwatch {rev}, {os.cpu_count()} cores ({cpu_name}), {platform.system()} {platform.release()}, "
        f"load average {' '.join(load)} at the end. Median of {a.runs} runs, pumpwatch and DuckDB taking turns to read each "
        f"input first; jq ran once, hunt {hunt_runs} time(s).",
        "",
        f"Inputs (`pumpwatch simulate all --scale {m['scale']} --format ndjson`): CloudTrail NDJSON {ct_mb:,.0f} MB "
        f"({m['cloudtrail_events']:,} events), Falcon NDJSON {fa_mb:,.0f} MB ({m['falcon_events']:,} events), and the same "
        f"CloudTrail as one `{{\"Records\"}}` document, {gz_mb:,.0f} MB gzip-compressed ({gz_raw_mb:,.0f} MB uncompressed).",
        "",
        "MB/s and events/s are over the uncompressed input. *Speed vs DuckDB* is DuckDB's time divided by the tool's "
        "(above 1 is faster than DuckDB); for the `.json.gz` row it is `gzip -dc`'s time divided by pumpwatch's. "
        "DuckDB runs the SQL equivalents of the seeds from `scripts/differential/run.py` with `read_ndjson` and an explicit "
        "column list, `SET threads=2`, timing the query alone; pumpwatch is timed as a whole process. CPU s is user + system time.",
        "jq computes the seeds' filters and group counts only (no distinct counts or min/max), as a reference.",
        "",
        table,
        "",
    ]
    if hunt_note:
        md += [hunt_note, ""]
    if checks:
        md += ["Result checks: " + "; ".join(checks), ""]
    else:
        md += ["Result checks: pumpwatch and DuckDB return the same number of rows on (a) and (b), and (a') matches (a). "
               "The fast path's rows are byte for byte those of the full parser on one thread (`PUMPWATCH_FAST_PATH=0 "
               f"PUMPWATCH_THREADS=0`) on (a), (b), and (a) with the threshold lowered to `> 0` ({low_fast['rows']:,} rows); "
               "(a) and (b) give the same rows with and without record shapes.", ""]
    md.append(SECTION_END)
    write_section(a.results, "\n".join(md))
    print(table)
    for c in checks:
        print("check:", c)
    print(f"\nwritten to {a.results}")


if __name__ == "__main__":
    main()
