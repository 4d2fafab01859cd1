#!/usr/bin/env python3
"""Runs one seed query's SQL equivalent in DuckDB and prints {"seconds", "cpu", "rows"} as JSON.

The SQL and the explicit column lists are those of the differential test (scripts/differential/run.py),
DuckDB's fastest form: read_ndjson with the columns given, SET threads=2. Only the query is timed.
"""
import json, os, resource, sys, time
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "differential"))
import duckdb
import run as differential

def main():
    which, path = sys.argv[1], sys.argv[2]
    db = duckdb.connect()
    db.execute("SET threads=2")
    db.execute("SET TimeZone='UTC'")
    if which == "esql":
        db.execute(differential.ct_view(path))
        sql = differential.CASES[0][3]
    else:
        db.execute(differential.falcon_view(path))
        sql = differential.CASES[1][3]
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    rows = db.execute(sql).fetchall()
    seconds = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": len(rows), "version": duckdb.__version__}))

if __name__ == "__main__":
    main()
