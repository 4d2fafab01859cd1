#!/usr/bin/env python3
"""Checks the SQL forms of the built-in detectors against `pumpwatch hunt`.

Simulates a week of telemetry with every attack (`pumpwatch simulate all`), splits the raw files
into the tables the SQL forms read (one raw record per line: cloudtrail, twilio_messages,
twilio_events, sns_delivery), runs each built-in rule's DuckDB SQL (and, when pyspark is
importable, its Spark SQL on local[2]) and compares the findings with those `pumpwatch hunt`
gives for the same files: the same set of (rule_id, entities) and the same event_count for each.

Usage: builtins.py --pumpwatch .build/debug/pumpwatch --work /tmp/builtins-check [--spark auto|no] [--seed N] [--scale X]
"""
import argparse, glob, gzip, json, os, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = os.path.join(HERE, "..", "..", "Rules")
TABLES = ["cloudtrail", "twilio_messages", "twilio_events", "sns_delivery", "web_access", "app_requests"]
SCALE = "0.2"


def json_values(text):
    """Every JSON value in a text of concatenated or newline-separated JSON documents."""
    decoder = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        value, i = decoder.raw_decode(text, i)
        yield value


def cloudtrail_records(doc):
    if isinstance(doc, dict) and "eventTime" not in doc and isinstance(doc.get("Records"), list):
        return doc["Records"]
    return [doc]


def twilio_messages(doc):
    if isinstance(doc, dict) and "sid" not in doc and isinstance(doc.get("messages"), list):
        return doc["messages"]
    return [doc]


def twilio_events(doc):
    return doc if isinstance(doc, list) else [doc]


def sns_deliveries(doc):
    if not isinstance(doc, dict):
        return []
    if isinstance(doc.get("logEvents"), list):
        if doc.get("messageType") == "CONTROL_MESSAGE":
            return []
        out = []
        for e in doc["logEvents"]:
            m = e.get("message")
            out.append(json.loads(m) if isinstance(m, str) else m)
        return out
    if "message" in doc and "delivery" not in doc:
        m = doc["message"]
        return [json.loads(m) if isinstance(m, str) else m]
    return [doc]


def app_rows(doc):
    """Application Insights rows, also from a Log Analytics query result ({"tables": [...]})."""
    if isinstance(doc, dict) and isinstance(doc.get("tables"), list):
        out = []
        for table in doc["tables"]:
            names = [c.get("name") if isinstance(c, dict) else c for c in table.get("columns", [])]
            out += [dict(zip(names, r)) for r in table.get("rows", [])]
        return out
    return [doc]


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read()


def split_tables(sim, out):
    """Writes one NDJSON file per table, one raw record per line; returns {table: path}."""
    os.makedirs(out, exist_ok=True)
    sources = {
        "cloudtrail": (glob.glob(os.path.join(sim, "cloudtrail", "**", "*.*"), recursive=True), cloudtrail_records),
        "twilio_messages": (glob.glob(os.path.join(sim, "twilio", "messages-*.json")), twilio_messages),
        "twilio_events": (glob.glob(os.path.join(sim, "twilio", "events-*.json")), twilio_events),
        "sns_delivery": (glob.glob(os.path.join(sim, "sns-delivery", "**", "*.*"), recursive=True), sns_deliveries),
        "app_requests": (glob.glob(os.path.join(sim, "appinsights", "**", "*.*"), recursive=True), app_rows),
    }
    paths = {}
    for table, (files, expand) in sources.items():
        path = os.path.join(out, table + ".ndjson")
        with open(path, "w", encoding="utf-8") as f:
            for file in sorted(files):
                for doc in json_values(read_text(file)):
                    for record in expand(doc):
                        f.write(json.dumps(record, separators=(",", ":")) + "\n")
        paths[table] = path
    # Access log lines stay text: one line per row.
    path = os.path.join(out, "web_access.txt")
    with open(path, "w", encoding="utf-8") as f:
        for file in sorted(glob.glob(os.path.join(sim, "web", "**", "*.*"), recursive=True)):
            for line in read_text(file).splitlines():
                if line.strip():
                    f.write(line + "\n")
    paths["web_access"] = path
    return paths


def builtin_rule_ids():
    return sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(RULES, "builtin-*.yml")))


def canon_entities(entities):
    fixed = {}
    for k, v in entities.items():
        fixed[k] = [str(x) for x in v] if isinstance(v, list) else str(v)
    return json.dumps(fixed, sort_keys=True)


def finding_keys(rows):
    """{(rule_id, entities): event_count}; a repeated key keeps every count."""
    out = {}
    for rule_id, entities, count in rows:
        out.setdefault((rule_id, canon_entities(entities)), []).append(int(count))
    return {k: sorted(v) for k, v in out.items()}


def compare(expected, got):
    e, g = finding_keys(expected), finding_keys(got)
    problems = []
    for k in sorted(set(e) | set(g)):
        if k not in g:
            problems.append(f"only pumpwatch: {k[1]} count {e[k]}")
        elif k not in e:
            problems.append(f"only sql:       {k[1]} count {g[k]}")
        elif e[k] != g[k]:
            problems.append(f"count differs:  {k[1]} pumpwatch {e[k]}, sql {g[k]}")
    return problems


def spark_session():
    try:
        os.environ.setdefault("TZ", "UTC")
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[2]").appName("pumpwatch-builtins-check")
                 .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
                 # No broadcast joins: on a busy machine building one can run out of driver memory,
                 # which failed a run; a sort-merge join gives the same rows.
                 .config("spark.sql.autoBroadcastJoinThreshold", "-1").config("spark.driver.memory", "2g").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception:  # noqa: BLE001
        return None


def check(pumpwatch, work, use_spark=True, verbose=False, seed="1", scale=SCALE):
    """Runs the comparison; returns (passed, failed, refused)."""
    import duckdb
    sim = os.path.join(work, "builtins-sim")
    shutil.rmtree(sim, ignore_errors=True)
    subprocess.run([pumpwatch, "simulate", "all", "--out", sim, "--format", "ndjson", "--scale", scale, "--seed", seed],
                   check=True, capture_output=True)
    tables = split_tables(sim, os.path.join(work, "builtins-tables"))
    hunt = subprocess.run([pumpwatch, "hunt", sim, "--format", "ndjson"], check=True, capture_output=True, text=True)
    expected = {}
    for line in hunt.stdout.splitlines():
        if line.strip():
            f = json.loads(line)
            expected.setdefault(f["rule_id"], []).append((f["rule_id"], f["entities"], f["count"]))

    db = duckdb.connect()
    db.execute("SET threads=2")
    db.execute("SET TimeZone='UTC'")
    for table, path in tables.items():
        if os.path.getsize(path) == 0:
            db.execute(f"CREATE TABLE {table} (json VARCHAR)")
        elif path.endswith(".txt"):
            db.execute(f"CREATE TABLE {table} AS SELECT line AS json FROM "
                       f"(SELECT unnest(string_split(content, chr(10))) AS line FROM read_text('{path}')) WHERE line <> ''")
        else:
            db.execute(f"CREATE TABLE {table} AS SELECT json FROM read_ndjson_objects('{path}')")

    engines = ["duckdb"] + (["spark"] if use_spark else [])
    sqls = {}
    for rule_id in builtin_rule_ids():
        for engine in engines:
            p = subprocess.run([pumpwatch, "translate", rule_id, "--to", engine], capture_output=True, text=True)
            sqls[(rule_id, engine)] = p
            if verbose and p.returncode == 0:
                print(p.stdout)

    # Spark runs in a process of its own, so its JVM gets the memory it needs whatever ran before.
    spark_results = {}
    if use_spark:
        jobs = {rule_id: p.stdout for (rule_id, engine), p in sqls.items() if engine == "spark" and p.returncode == 0}
        jobs_path, out_path = os.path.join(work, "builtins-spark-jobs.json"), os.path.join(work, "builtins-spark-results.json")
        with open(jobs_path, "w") as f:
            json.dump({"tables": tables, "queries": jobs}, f)
        worker = subprocess.run([sys.executable, os.path.abspath(__file__), "--spark-worker", jobs_path, out_path],
                                capture_output=True, text=True)
        if worker.returncode == 3:
            print("builtins spark: skipped (pyspark or Java is not available)")
            engines = ["duckdb"]
        elif worker.returncode != 0:
            print(f"builtins spark: the worker exited {worker.returncode}: {worker.stderr.strip()[-600:]}")
        else:
            with open(out_path) as f:
                spark_results = json.load(f)

    passed = failed = refused = 0
    for rule_id in builtin_rule_ids():
        want = expected.get(rule_id, [])
        for engine in engines:
            p = sqls[(rule_id, engine)]
            if p.returncode != 0:
                refused += 1
                print(f"refused {engine} {rule_id}: {p.stderr.strip().removeprefix('error: ')}")
                continue
            try:
                if engine == "duckdb":
                    cur = db.execute(p.stdout)
                    cols = [c[0] for c in cur.description]
                    rows = [dict(zip(cols, r)) for r in cur.fetchall()]
                else:
                    result = spark_results.get(rule_id, {"error": "the Spark worker gave no result"})
                    if "error" in result:
                        raise RuntimeError(result["error"])
                    rows = result["rows"]
                got = [(r["rule_id"], json.loads(r["entities"]), r["event_count"]) for r in rows]
            except Exception as e:  # noqa: BLE001
                failed += 1
                text = str(e)
                causes = [l.strip() for l in text.splitlines() if "Exception" in l or "Error" in l][:3]
                print(f"FAIL {engine} {rule_id}: {text.splitlines()[0][:300] if text else type(e).__name__}")
                for line in causes:
                    print("  " + line[:300])
                continue
            problems = compare(want, got)
            if problems or not want:
                failed += 1
                print(f"FAIL {engine} {rule_id}: pumpwatch {len(want)} findings, sql {len(got)}" + ("" if want else " (pumpwatch found nothing to compare)"))
                for line in problems[:10]:
                    print("  " + line)
            else:
                passed += 1
                print(f"ok   {engine} {rule_id}: {len(want)} findings, same entities and counts")
    print(f"builtins: {passed} passed, {failed} failed, {refused} refused")
    return passed, failed, refused


def spark_worker(jobs_path, out_path):
    """Runs the Spark SQL of each rule over the tables; exit code 3 when Spark is not available."""
    spark = spark_session()
    if spark is None:
        sys.exit(3)
    with open(jobs_path) as f:
        jobs = json.load(f)
    for table, path in jobs["tables"].items():
        spark.read.text(path).createOrReplaceTempView(table)
    results = {}
    for rule_id, sql in jobs["queries"].items():
        try:
            results[rule_id] = {"rows": [r.asDict() for r in spark.sql(sql.strip().rstrip(";")).collect()]}
        except Exception as e:  # noqa: BLE001
            results[rule_id] = {"error": str(e)}
    spark.stop()
    with open(out_path, "w") as f:
        json.dump(results, f)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--spark-worker":
        spark_worker(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--spark", choices=["auto", "no"], default="auto")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--scale", default=SCALE)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    _, failed, _ = check(a.pumpwatch, a.work, use_spark=a.spark == "auto", verbose=a.verbose, seed=a.seed, scale=a.scale)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
