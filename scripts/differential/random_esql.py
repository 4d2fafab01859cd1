#!/usr/bin/env python3
"""Random ES|QL queries run by pumpwatch and, translated to SQL, by DuckDB over the same NDJSON.

Each query is generated as a small tree and printed twice: as ES|QL for `pumpwatch query --esql`
and as nested DuckDB SQL. The data is generic NDJSON (the `logs-generic-*` index) with typed
fields that are sometimes missing or null. The pipeline is `FROM`, then `WHERE`, `EVAL` and at
most one `STATS ... BY`, then optionally `SORT` and `LIMIT`. A `LIMIT` always follows a `SORT`
whose keys order the rows totally (the unique `id` before `STATS`, every `BY` key after it), so
both engines must return the same rows in the same order. Without a `LIMIT` the rows are compared
as a multiset (and, after a `SORT`, the sequence of sort values too); ES|QL's implicit `LIMIT 1000`
is checked when more rows qualify: exactly 1,000 of DuckDB's rows must come back.

ES|QL semantics kept in the SQL: `!=` and comparisons with null are null; integer division
truncates toward zero and division by zero is null; `LIKE` matches the whole value with `*` and
`?`; `SORT` puts nulls last ascending and first descending; `STATS` without `BY` gives one row
even over no input, and a null `BY` value is a group of its own.
"""
import argparse, datetime, json, os, random, subprocess, sys
from collections import Counter

HOSTS = ["web-1", "web-2", "db-1", "Web-1"]
ACTIONS = ["Publish", "ConsoleLogin", "SignUp"]
USERS = ["alice", "bob", "Bob", "carol"]
DURATIONS = [0.5, 1.25, 2.5, 3.75, -1.5, 0.25]
BASE = datetime.datetime(2027, 1, 15, 8, 0, 0, tzinfo=datetime.timezone.utc)

# Column name -> type: keyword, long, double, date.
FIELDS = {"id": "long", "host": "keyword", "action": "keyword", "bytes": "long", "dur": "double",
          "user": "keyword", "@timestamp": "date"}
SQL_TYPES = {"long": "BIGINT", "keyword": "VARCHAR", "double": "DOUBLE", "date": "TIMESTAMP"}
IMPLICIT_LIMIT = 1000


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def gen_events(rng, n):
    events = []
    for i in range(n):
        e = {"id": i + 1, "@timestamp": iso(BASE + datetime.timedelta(minutes=rng.randint(0, 59)))}
        for name, pool, missing in [("host", HOSTS, 0.2), ("action", ACTIONS, 0.15), ("user", USERS, 0.25)]:
            r = rng.random()
            if r >= missing:
                e[name] = rng.choice(pool)
            elif r < missing / 2:
                e[name] = None
        if rng.random() > 0.2:
            e["bytes"] = rng.randint(-5, 40)
        elif rng.random() < 0.5:
            e["bytes"] = None
        if rng.random() > 0.2:
            e["dur"] = rng.choice(DURATIONS)
        events.append(e)
    return events


def q(name):
    """A column name as ES|QL and as SQL."""
    esql = "`%s`" % name if name.startswith("@") else name
    return esql, '"%s"' % name.replace('"', '""')


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.cols = dict(FIELDS)
        self.n = 0

    def fresh(self):
        self.n += 1
        return "c%d" % self.n

    def lit(self, typ):
        r = self.rng
        if typ == "keyword":
            v = r.choice(HOSTS + ACTIONS + USERS + ["zzz"])
            return json.dumps(v), "'%s'" % v
        if typ == "long":
            v = str(r.randint(-3, 30))
            return v, v
        if typ == "double":
            v = r.choice(["0.5", "1.25", "2.0", "-1.5"])
            return v, v
        t = iso(BASE + datetime.timedelta(minutes=r.randint(0, 60)))
        return '"%s"' % t, "TIMESTAMP '%s'" % t[:-1].replace("T", " ")

    def cond(self, depth=0):
        r = self.rng
        if depth < 2 and r.random() < 0.3:
            a, b = self.cond(depth + 1), self.cond(depth + 1)
            k = r.randint(0, 2)
            if k == 0:
                return "NOT (%s)" % a[0], "NOT (%s)" % a[1]
            op = "AND" if k == 1 else "OR"
            return "(%s) %s (%s)" % (a[0], op, b[0]), "(%s) %s (%s)" % (a[1], op, b[1])
        name = r.choice(sorted(self.cols))
        typ = self.cols[name]
        e, s = q(name)
        k = r.randint(0, 5)
        if k <= 1:
            op = r.choice(["==", "!=", "<", "<=", ">", ">="])
            le, ls = self.lit("double" if typ == "long" and r.random() < 0.3 else typ)
            sop = {"==": "=", "!=": "<>"}.get(op, op)
            return "%s %s %s" % (e, op, le), "%s %s %s" % (s, sop, ls)
        if k == 2:
            neg = r.random() < 0.5
            return "%s IS %sNULL" % (e, "NOT " if neg else ""), "%s IS %sNULL" % (s, "NOT " if neg else "")
        if k == 3 and typ != "date":
            items = [self.lit(typ) for _ in range(r.randint(1, 3))]
            if r.random() < 0.2:
                items.append(("null", "NULL"))
            neg = "NOT " if r.random() < 0.2 else ""
            return ("%s %sIN (%s)" % (e, neg, ", ".join(i[0] for i in items)),
                    "%s %sIN (%s)" % (s, neg, ", ".join(i[1] for i in items)))
        if k == 4 and typ == "keyword":
            pat = r.choice(["web*", "*-1", "?eb-?", "*o*", "Bob", "*"])
            neg = "NOT " if r.random() < 0.2 else ""
            return ('%s %sLIKE "%s"' % (e, neg, pat),
                    "%s %sLIKE '%s'" % (s, neg, pat.replace("*", "%").replace("?", "_")))
        peers = [c for c in self.cols if c != name and (self.cols[c] == typ or (typ in ("long", "double") and self.cols[c] in ("long", "double")))]
        if peers:
            other = r.choice(sorted(peers))
            oe, os_ = q(other)
            op = r.choice(["==", "!=", "<", ">"])
            return "%s %s %s" % (e, op, oe), "%s %s %s" % (s, {"==": "=", "!=": "<>"}.get(op, op), os_)
        return "%s IS NOT NULL" % e, "%s IS NOT NULL" % s

    def expr(self):
        """A long or double expression: (esql, sql, type)."""
        r = self.rng
        nums = sorted(c for c, t in self.cols.items() if t in ("long", "double"))
        if not nums:
            return "1", "1", "long"
        a = r.choice(nums)
        ae, as_ = q(a)
        ta = self.cols[a]
        k = r.randint(0, 5)
        if k == 0:
            le, ls = self.lit("long")
            return "%s + %s" % (ae, le), "(%s + %s)" % (as_, ls), ta
        if k == 1:
            return "%s * 2" % ae, "(%s * 2)" % as_, ta
        if k == 2 and ta == "long":
            d = r.choice(["3", "-4", "7"])
            return "%s / %s" % (ae, d), "CAST(trunc(%s / %s) AS BIGINT)" % (as_, d), "long"
        if k == 3 and ta == "long":
            b = r.choice([c for c in nums if self.cols[c] == "long"])
            be, bs = q(b)
            return ("%s / %s" % (ae, be),
                    "CASE WHEN %s = 0 THEN NULL ELSE CAST(trunc(%s / %s) AS BIGINT) END" % (bs, as_, bs), "long")
        if k == 4 and ta == "long":
            d = r.choice(["3", "-4"])
            return "%s %% %s" % (ae, d), "(%s %% %s)" % (as_, d), "long"
        b = r.choice(nums)
        be, bs = q(b)
        typ = "long" if ta == "long" and self.cols[b] == "long" else "double"
        return "%s - %s" % (ae, be), "(%s - %s)" % (as_, bs), typ

    def query(self):
        r = self.rng
        esql = ["FROM logs-generic-*"]
        sql = "SELECT * FROM events"
        grouped = None
        for _ in range(r.randint(1, 4)):
            k = r.randint(0, 2)
            if k == 0:
                ce, cs = self.cond()
                esql.append("WHERE " + ce)
                sql = "SELECT * FROM (%s) WHERE %s" % (sql, cs)
            elif k == 1:
                name = self.fresh()
                ee, es, typ = self.expr()
                esql.append("EVAL %s = %s" % (name, ee))
                sql = "SELECT *, %s AS %s FROM (%s)" % (es, q(name)[1], sql)
                self.cols[name] = typ
            elif grouped is None:
                keys = r.sample(sorted(c for c, t in self.cols.items() if t in ("keyword", "long") and c != "id"), r.randint(0, 2))
                aggs = []
                out = {}
                for _ in range(r.randint(1, 3)):
                    name = self.fresh()
                    nums = sorted(c for c, t in self.cols.items() if t in ("long", "double"))
                    kind = r.randint(0, 5)
                    col = r.choice(sorted(self.cols))
                    if kind == 0 or not nums and kind >= 3:
                        aggs.append(("%s = COUNT(*)" % name, "count(*) AS %s" % name))
                        out[name] = "long"
                    elif kind == 1:
                        aggs.append(("%s = COUNT(%s)" % (name, q(col)[0]), "count(%s) AS %s" % (q(col)[1], name)))
                        out[name] = "long"
                    elif kind == 2:
                        aggs.append(("%s = COUNT_DISTINCT(%s)" % (name, q(col)[0]), "count(DISTINCT %s) AS %s" % (q(col)[1], name)))
                        out[name] = "long"
                    elif kind == 3:
                        c = r.choice(nums)
                        aggs.append(("%s = SUM(%s)" % (name, q(c)[0]), "sum(%s) AS %s" % (q(c)[1], name)))
                        out[name] = self.cols[c]
                    elif kind == 4:
                        c = r.choice(nums)
                        aggs.append(("%s = AVG(%s)" % (name, q(c)[0]), "avg(%s) AS %s" % (q(c)[1], name)))
                        out[name] = "double"
                    else:
                        c = r.choice(nums + ["@timestamp"])
                        fn = r.choice(["MIN", "MAX"])
                        aggs.append(("%s = %s(%s)" % (name, fn, q(c)[0]), "%s(%s) AS %s" % (fn.lower(), q(c)[1], name)))
                        out[name] = self.cols[c]
                by = (" BY " + ", ".join(q(k)[0] for k in keys)) if keys else ""
                esql.append("STATS " + ", ".join(a[0] for a in aggs) + by)
                group = (" GROUP BY " + ", ".join(q(k)[1] for k in keys)) if keys else ""
                sql = "SELECT %s FROM (%s)%s" % (", ".join([a[1] for a in aggs] + [q(k)[1] for k in keys]), sql, group)
                for k in keys:
                    out[k] = self.cols[k]
                self.cols = out
                grouped = keys
        ordered = False
        sort_keys = []
        if r.random() < 0.6:
            sortable = sorted(self.cols)
            keys = r.sample(sortable, r.randint(1, min(2, len(sortable))))
            tiebreak = ["id"] if grouped is None else list(grouped)
            limit = r.random() < 0.7
            if limit:
                keys += [k for k in tiebreak if k not in keys]
            items_e, items_s = [], []
            for k in keys:
                desc = r.random() < 0.5
                e, s = q(k)
                items_e.append(e + (" DESC" if desc else ""))
                items_s.append(s + (" DESC NULLS FIRST" if desc else " ASC NULLS LAST"))
            sort_keys = list(keys)
            esql.append("SORT " + ", ".join(items_e))
            sql = "SELECT * FROM (%s) ORDER BY %s" % (sql, ", ".join(items_s))
            if limit:
                n = r.randint(0, 15)
                esql.append("LIMIT %d" % n)
                sql += " LIMIT %d" % n
                ordered = True
        return "\n| ".join(esql), sql, ordered, sort_keys


def norm(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 6)
    if isinstance(v, datetime.datetime):
        return iso(v.replace(tzinfo=datetime.timezone.utc))
    return v


def canon(row):
    return tuple(sorted((k, norm(v)) for k, v in row.items() if v is not None))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--events", type=int, default=1200)
    ap.add_argument("--show", type=int, default=0, help="print the first N queries and their SQL")
    a = ap.parse_args()
    import duckdb

    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    data = os.path.join(a.work, "events.ndjson")
    with open(data, "w") as f:
        for e in gen_events(rng, a.events):
            f.write(json.dumps(e) + "\n")
    db = duckdb.connect()
    db.execute("SET threads=2")
    db.execute("SET TimeZone='UTC'")
    columns = "{" + ", ".join("'%s': '%s'" % (c, SQL_TYPES[t]) for c, t in FIELDS.items()) + "}"
    db.execute("CREATE TABLE events AS SELECT * FROM read_ndjson('%s', columns=%s)" % (data, columns))

    failed = 0
    with_rows = 0
    for i in range(a.count):
        esql, sql, ordered, sort_keys = Gen(rng).query()
        proc = subprocess.run([a.pumpwatch, "query", "--esql", esql, "--format", "ndjson", data], capture_output=True, text=True)
        if proc.returncode != 0:
            print("FAIL query %d: pumpwatch exited %d: %s\n%s\n" % (i + 1, proc.returncode, proc.stderr.strip()[:400], esql))
            failed += 1
            continue
        pw = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        cur = db.execute(sql)
        names = [d[0] for d in cur.description]
        dd = [dict(zip(names, r)) for r in cur.fetchall()]
        pw_rows = [canon(r) for r in pw]
        db_rows = [canon(r) for r in dd]
        if ordered:
            same = pw_rows == db_rows
        elif len(db_rows) > IMPLICIT_LIMIT:
            # ES|QL returns any 1,000 of the rows when no LIMIT is given.
            same = len(pw_rows) == IMPLICIT_LIMIT and not (Counter(pw_rows) - Counter(db_rows))
        else:
            same = sorted(pw_rows) == sorted(db_rows)
            if same and sort_keys:
                # A SORT without a total order: the sequence of sort values must still match.
                def keyseq(rows):
                    return [tuple(norm(row.get(k)) for k in sort_keys) for row in rows]
                same = keyseq(pw) == keyseq(dd)
        if db_rows:
            with_rows += 1
        if a.show and i < a.show:
            print("query %d (%d rows%s):\n%s\n-- SQL: %s\n" % (i + 1, len(db_rows), ", ordered" if ordered else "", esql, sql))
        if not same:
            failed += 1
            print("FAIL query %d (seed %d):\n%s\n-- SQL: %s" % (i + 1, seed, esql, sql))
            print("  pumpwatch (%d rows): %s" % (len(pw_rows), [dict(r) for r in pw_rows[:8]]))
            print("  duckdb    (%d rows): %s" % (len(db_rows), [dict(r) for r in db_rows[:8]]))
    print("differential-random: %d queries over %d events (seed %d, %d with rows): %d passed, %d failed"
          % (a.count, a.events, seed, with_rows, a.count - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
