#!/usr/bin/env python3
"""Translates queries with `pumpwatch translate` and checks that the translations give the rows
`pumpwatch query` gives for the original, over the same generated CloudTrail and Falcon NDJSON.

- DuckDB: the translated SQL runs in the duckdb package over the raw NDJSON (read_ndjson_objects).
- LogScale and ES|QL: the translation is run again by pumpwatch's own front ends (and, for
  LogScale, must not be flagged by pumpwatch's CQL linter).

The data and most queries come from scripts/differential/run.py.
"""
import argparse, datetime, json, os, random, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "differential"))
import run  # noqa: E402  (the differential test's generators, queries and row comparison)
import duckdb  # noqa: E402

EXTRA = [
    # (name, language, query)
    ("esql-rlike-not-like", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.action RLIKE "(Get|Put)Object" AND NOT user_agent.original LIKE "Boto3*" '
     '| STATS n = COUNT(*), regions = COUNT_DISTINCT(cloud.region) BY event.action, aws.cloudtrail.error_code | SORT n DESC, event.action | LIMIT 10'),
    ("esql-keep-rename-eval", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.provider == "cognito-idp.amazonaws.com" | EVAL failed = CASE(event.outcome == "failure", 1, 0) '
     '| STATS attempts = COUNT(*), failures = SUM(failed) BY source.address | EVAL rate = failures * 100 / attempts '
     '| RENAME source.address AS ip | KEEP ip, attempts, failures, rate | SORT attempts DESC, ip'),
    ("esql-user-agent-name", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.provider == "sns.amazonaws.com" | STATS n = COUNT(*) BY user_agent.name, event.outcome | SORT n DESC, user_agent.name'),
    ("cql-in-negated", "cql",
     '#event_simpleName=NetworkConnectIP4 | !in(field=RemotePort, values=["443", "80"]) | groupBy([ComputerName, RemotePort], function=count(as=n))'),
    ("cql-test-case", "cql",
     '#event_simpleName=DnsRequest | groupBy(ComputerName, function=[count(as=n), dc(FileName, as=files)]) '
     '| test(n > files * 100) | Level := if(n > 1000, then="big", else="small") | sort(n, order=asc, limit=3)'),
    ("cql-wildcard-collect", "cql",
     '#event_simpleName=DnsRequest | DomainName=*twilio* | groupBy(aid, function=[count(as=n), collect([FileName, DomainName])])'),
]

ROUND_TRIPS = [
    # (name, language, query, target): the translation is run by pumpwatch's own front end
    ("cql-seed", "cql", run.CQL_SEED, "cql"),
    ("cql-seed", "cql", run.CQL_SEED, "esql"),
    ("esql-seed", "esql", run.ESQL_SEED, "esql"),
    ("cql-or-binds-tighter", "cql", None, "cql"),
    ("cql-groupby-count", "cql", None, "cql"),
    ("cql-in-negated", "cql", None, "cql"),
    ("cql-test-case", "cql", None, "cql"),
    ("esql-like-ua-limit", "esql", None, "esql"),
]

SET_COLUMNS = {"FileName", "DomainName"}


def iso(v):
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return v.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (v.microsecond // 1000)
    if isinstance(v, list):
        return sorted(iso(x) for x in v) if len(v) != 1 else iso(v[0])
    return v


def canon_rows(rows, setcols):
    out = []
    for r in rows:
        fixed = {}
        for k, v in r.items():
            v = iso(v)
            if isinstance(v, list):
                v = "\n".join(sorted(str(x) for x in v))
                setcols = setcols | {k}
            fixed[k] = v
        out.append(run.canon(fixed, setcols))
    return sorted(out)


def order_of(rows, key):
    return [run.norm(iso(r.get(key))) for r in rows]


def pumpwatch(binary, args, check=True):
    p = subprocess.run([binary] + args, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"pumpwatch {' '.join(args[:2])} exited {p.returncode}: {p.stderr.strip()[:800]}")
    return p


def query_rows(binary, lang, text, work):
    p = pumpwatch(binary, ["query", "--" + lang, text, "--format", "ndjson", "--now", run.NOW, work])
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


def spark_session():
    """A local Spark session in UTC, or None when pyspark or Java is missing."""
    try:
        os.environ.setdefault("TZ", "UTC")
        from pyspark.sql import SparkSession
        spark = (SparkSession.builder.master("local[2]").appName("pumpwatch-translate-check")
                 .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "2")
                 # No broadcast joins: on a busy machine building one can run out of driver memory,
                 # which failed a run; a sort-merge join gives the same rows.
                 .config("spark.sql.autoBroadcastJoinThreshold", "-1").getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception:  # noqa: BLE001
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    data = os.path.join(a.work, "data")
    os.makedirs(data, exist_ok=True)
    rng = random.Random(42)
    ct = os.path.join(data, "cloudtrail.ndjson")
    fa = os.path.join(data, "falcon.ndjson")
    run.gen_cloudtrail(ct, rng)
    run.gen_falcon(fa, rng)
    # The mapping override: the relations read the raw files, and now() is the fixed time.
    override = os.path.join(a.work, "duckdb-mapping.json")
    with open(override, "w") as f:
        json.dump({"now": "TIMESTAMP '%s'" % run.NOW.replace("T", " ").rstrip("Z"),
                   "sources": {"cloudtrail": {"from": "read_ndjson_objects('%s')" % ct},
                               "falcon": {"from": "read_ndjson_objects('%s')" % fa}}}, f)
    db = duckdb.connect()
    db.execute("SET threads=2")
    db.execute("SET TimeZone='UTC'")

    cases = [(name, lang, query) for name, lang, query, _sql, _set in run.CASES] + EXTRA
    by_name = {name: (lang, query) for name, lang, query in cases}
    passed = failed = 0

    def result(ok, label, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok   {label}{detail}")
        else:
            failed += 1
            print(f"FAIL {label}{detail}")

    for name, lang, query in cases:
        label = f"duckdb {name}"
        try:
            expected = query_rows(a.pumpwatch, lang, query, data)
            p = pumpwatch(a.pumpwatch, ["translate", "--" + lang, query, "--to", "duckdb", "--mapping", override], check=False)
            if p.returncode != 0:
                result(False, label, f": translate exited {p.returncode}: {p.stderr.strip()}")
                continue
            sql = p.stdout
            if a.verbose:
                print(sql)
            cur = db.execute(sql)
            cols = [d[0] for d in cur.description]
            got = [dict(zip(cols, r)) for r in cur.fetchall()]
        except Exception as e:  # noqa: BLE001
            result(False, label, f": {e}")
            continue
        setcols = SET_COLUMNS
        same = canon_rows(expected, setcols) == canon_rows(got, setcols)
        key = run.ORDER_KEYS.get(name) or {"esql-rlike-not-like": "n", "esql-keep-rename-eval": "attempts", "cql-test-case": "n",
                                           "esql-user-agent-name": "n"}.get(name)
        ordered = key is None or order_of(expected, key) == order_of(got, key)
        if same and ordered and expected:
            result(True, label, f": {len(expected)} rows")
        else:
            result(False, label, f": pumpwatch {len(expected)} rows, duckdb {len(got)} rows" + ("" if same else "") + ("" if ordered else " (order differs)"))
            e, g = canon_rows(expected, setcols), canon_rows(got, setcols)
            for r in e:
                if r not in g: print("  only pumpwatch:", dict(r))
            for r in g:
                if r not in e: print("  only duckdb:   ", dict(r))

    for name, lang, query, target in ROUND_TRIPS:
        if query is None:
            lang, query = by_name[name]
        label = f"{target} {name}"
        try:
            expected = query_rows(a.pumpwatch, lang, query, data)
            p = pumpwatch(a.pumpwatch, ["translate", "--" + lang, query, "--to", target], check=False)
            if p.returncode != 0:
                result(False, label, f": translate exited {p.returncode}: {p.stderr.strip()}")
                continue
            text = p.stdout
            if a.verbose:
                print(text)
            if target == "esql" and "MV_SLICE(MV_SORT(" in text:
                # pumpwatch's ES|QL has no MV_SORT or MV_SLICE; the fixture has fewer values per
                # group than collect()'s limit, so the slice keeps them all and can be left out.
                text = re.sub(r"MV_SLICE\(MV_SORT\((\w+)\), 0, \d+\)", r"\1", text)
                label += " (MV_SLICE/MV_SORT left out)"
            got = query_rows(a.pumpwatch, target, text, data)
        except Exception as e:  # noqa: BLE001
            result(False, label, f": {e}")
            continue
        same = canon_rows(expected, SET_COLUMNS) == canon_rows(got, SET_COLUMNS)
        if same and expected:
            result(True, label, f": {len(expected)} rows")
        else:
            result(False, label, f": pumpwatch {len(expected)} rows, translation {len(got)} rows")
            e, g = canon_rows(expected, SET_COLUMNS), canon_rows(got, SET_COLUMNS)
            for r in e[:5]:
                if r not in g: print("  only original:   ", dict(r))
            for r in g[:5]:
                if r not in e: print("  only translation:", dict(r))

    spark = spark_session()
    if spark is None:
        print("spark: skipped (pyspark or Java is not available)")
    else:
        override_spark = os.path.join(a.work, "spark-mapping.json")
        with open(override_spark, "w") as f:
            json.dump({"now": "TIMESTAMP '%s'" % run.NOW.replace("T", " ").rstrip("Z")}, f)
        spark.read.text(ct).createOrReplaceTempView("cloudtrail")
        spark.read.text(fa).createOrReplaceTempView("falcon")
        for name, lang, query in cases:
            label = f"spark {name}"
            try:
                expected = query_rows(a.pumpwatch, lang, query, data)
                p = pumpwatch(a.pumpwatch, ["translate", "--" + lang, query, "--to", "spark", "--mapping", override_spark], check=False)
                if p.returncode != 0:
                    result(False, label, f": translate exited {p.returncode}: {p.stderr.strip()}")
                    continue
                sql = p.stdout.strip().rstrip(";")
                got = [r.asDict(recursive=True) for r in spark.sql(sql).collect()]
            except Exception as e:  # noqa: BLE001
                result(False, label, f": {str(e)[:600]}")
                continue
            same = canon_rows(expected, SET_COLUMNS) == canon_rows(got, SET_COLUMNS)
            if same and expected:
                result(True, label, f": {len(expected)} rows")
            else:
                result(False, label, f": pumpwatch {len(expected)} rows, spark {len(got)} rows")
                e, g = canon_rows(expected, SET_COLUMNS), canon_rows(got, SET_COLUMNS)
                for r in e[:5]:
                    if r not in g: print("  only pumpwatch:", dict(r))
                for r in g[:5]:
                    if r not in e: print("  only spark:    ", dict(r))
        spark.stop()

    try:
        from sigma.collection import SigmaCollection
        from sigma.backends.elasticsearch import EqlBackend
    except Exception:  # noqa: BLE001
        SigmaCollection = None
    if SigmaCollection is None:
        print("sigma: skipped (pySigma with the Elasticsearch backends is not installed)")
    else:
        # Sigma rules match fields case-sensitively here (|cased), which the EQL backend converts.
        refused = []
        for name, lang, query in cases:
            p = pumpwatch(a.pumpwatch, ["translate", "--" + lang, query, "--to", "sigma"], check=False)
            if p.returncode == 2:
                refused.append(name)
                continue
            try:
                collection = SigmaCollection.from_yaml(p.stdout)
                queries = EqlBackend().convert(collection)
                result(bool(queries), f"sigma {name}", f": {len(collection.rules)} rules load in pySigma, {len(queries)} EQL queries")
            except Exception as e:  # noqa: BLE001
                result(False, f"sigma {name}", f": {str(e)[:400]}")
        print("sigma: refused with a reason: " + ", ".join(refused))

    print(f"translate: {passed} passed, {failed} failed")
    # The built-in detectors' SQL forms (scripts/translate-check/builtins.py; `import builtins` is Python's own module).
    import importlib.util
    spec = importlib.util.spec_from_file_location("builtin_forms", os.path.join(HERE, "builtins.py"))
    builtin_forms = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builtin_forms)
    _, builtin_failed, _ = builtin_forms.check(a.pumpwatch, a.work, verbose=a.verbose)
    sys.exit(1 if failed or builtin_failed else 0)


if __name__ == "__main__":
    main()
