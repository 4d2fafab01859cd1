/// The Python every generated job shares, after its CLASSIFICATION, TIMESTAMPS and RULES:
/// argument parsing, reading and splitting the input, the views, running the SQL, turning rows
/// into findings the way `RuleEvaluator` does, and writing them.
enum SparkJobRuntime {
    static let text = #"""
import argparse
import datetime
import json
import math
import os
import sys
import time

from pyspark.sql import SparkSession, functions as F, types as T

STATS_MARKER = "pumpwatch-job-stats "
MALFORMED_SHOWN = 20


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description="Run pumpwatch rules over raw JSON logs and write findings as NDJSON.")
    parser.add_argument("--output", required=True, help="the NDJSON findings file; a URI with a scheme (s3a://, hdfs://) is written as a Spark text directory")
    parser.add_argument("--now", help="what now() returns: ISO 8601 or epoch milliseconds (default: the wall clock)")
    parser.add_argument("inputs", nargs="+", help="files or folders (walked recursively), local paths or any URI Spark reads")
    return parser.parse_args(argv)


def now_millis(text):
    if text is None:
        return int(time.time() * 1000)
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(round(moment.timestamp() * 1000))


# Splitting files into records ----------------------------------------------------------------

RECORD_SCHEMA = T.ArrayType(T.StructType([
    T.StructField("line", T.IntegerType()),
    T.StructField("record", T.StringType()),
    T.StructField("error", T.StringType()),
]))


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def expand(value, raw):
    """The records of one parsed JSON document: the elements of a wrapper, or the document."""
    if isinstance(value, list):
        out = []
        for element in value:
            out.extend(expand(element, None))
        return out
    if not isinstance(value, dict):
        return []
    records = value.get("Records")
    if isinstance(records, list):
        return [compact(e) for e in records if isinstance(e, dict)]
    messages = value.get("messages")
    if isinstance(messages, list):
        return [compact(e) for e in messages if isinstance(e, dict)]
    tables = value.get("tables")
    if isinstance(tables, list) and tables and all(isinstance(t, dict) and isinstance(t.get("columns"), list) and isinstance(t.get("rows"), list) for t in tables):
        out = []
        for t in tables:
            names = [c.get("name") if isinstance(c, dict) else None for c in t["columns"]]
            out.extend(compact({n: v for n, v in zip(names, row) if n is not None}) for row in t["rows"] if isinstance(row, list))
        return out
    for key in ("logEvents", "events"):
        events = value.get(key)
        if isinstance(events, list) and all(isinstance(e, dict) and "message" in e for e in events):
            return [e["message"] for e in events if isinstance(e.get("message"), str)]
    return [raw if raw is not None else compact(value)]


def split_file(text):
    """(line, record, error) for every record of a file's text.

    A file that starts with { or [ is read as a sequence of JSON values (NDJSON, concatenated
    documents or one document); a value that does not parse is reported at its line and reading
    resumes at the next line. Any other file gives its non-blank lines as text records (access
    logs); those that are not access log lines match no view.
    """
    if text is None:
        return []
    if text.startswith("\ufeff"):
        text = text[1:]
    body = text.lstrip()
    if not body:
        return []
    if body[0] not in "{[":
        return [(n, line.rstrip("\r"), None) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    decoder = json.JSONDecoder()
    out = []
    position, line, size = 0, 1, len(text)
    while True:
        while position < size and text[position] in " \t\r\n":
            if text[position] == "\n":
                line += 1
            position += 1
        if position >= size:
            return out
        try:
            value, end = decoder.raw_decode(text, position)
        except ValueError as error:
            out.append((line, None, getattr(error, "msg", str(error))))
            next_line = text.find("\n", position)
            if next_line < 0:
                return out
            position = next_line
            continue
        if isinstance(value, (dict, list)):
            out.extend((line, r, None) for r in expand(value, text[position:end]))
        else:
            out.append((line, None, "not a JSON object or array"))
        line += text.count("\n", position, end)
        position = end


# Rows to findings --------------------------------------------------------------------------------

class Date:
    """A time column's value in epoch milliseconds."""

    def __init__(self, millis):
        self.millis = millis


def iso8601(millis):
    moment = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=millis)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (millis % 1000) + "Z"


def epoch_to_millis(number):
    if not math.isfinite(number) or abs(number) >= 1e17:
        return None
    if abs(number) <= 100_000_000_000:
        return int(round(number * 1000))
    return int(round(number))


def parse_time(text):
    text = text.strip()
    if not text:
        return None
    try:
        return epoch_to_millis(float(text))
    except ValueError:
        pass
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(round(moment.timestamp() * 1000))


def millis(value):
    if isinstance(value, Date):
        return value.millis
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return epoch_to_millis(float(value))
    if isinstance(value, str):
        return parse_time(value)
    if isinstance(value, list):
        for element in value:
            m = millis(element)
            if m is not None:
                return m
    return None


def int_value(value):
    if isinstance(value, Date):
        return value.millis
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value == round(value) and abs(value) < 9.2e18 else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return int(number) if math.isfinite(number) and number == round(number) and abs(number) < 9.2e18 else None
    return None


def format_double(number):
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    text = repr(number)
    return text


def string_value(value):
    if value is None:
        return None
    if isinstance(value, Date):
        return iso8601(value.millis)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, list):
        return ",".join(s for s in (string_value(e) for e in value) if s is not None)
    return str(value)


def summary_text(value):
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(summary_text(e) for e in value)
    return ", ".join(part for part in (string_value(value) or "").split("\n") if part)


def fill(template, row):
    out = ""
    rest = template
    while "{" in rest:
        start = rest.index("{")
        out += rest[:start]
        end = rest.find("}", start)
        if end < 0:
            rest = rest[start:]
            break
        names = [n.strip() for n in rest[start + 1:end].split("|")]
        found = next((row[n] for n in names if row.get(n) is not None), None)
        out += summary_text(found) if found is not None else rest[start:end + 1]
        rest = rest[end + 1:]
    return out + rest


def duration_text(ms):
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000)):
        if ms % size == 0:
            return "%d%s" % (ms // size, unit)
    return "%dms" % ms


SEVERITIES = {"low": "low", "info": "low", "informational": "low", "medium": "medium", "med": "medium",
              "moderate": "medium", "high": "high", "critical": "critical", "crit": "critical"}
DEFAULT_RISK = {"low": 21, "medium": 47, "high": 73, "critical": 99}


def json_value(value):
    if isinstance(value, Date):
        return iso8601(value.millis)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [json_value(e) for e in value]
    return value


def finding_object(rule, severity, risk, first, last, count, entities, evidence, fields, sources, summary):
    return {
        "rule_id": rule["id"], "title": rule["title"], "severity": severity, "risk_score": risk,
        "attack": rule["attack"],
        "first_seen": iso8601(first) if first is not None else None,
        "last_seen": iso8601(last) if last is not None else None,
        "count": count,
        "entities": {k: json_value(v) for k, v in entities},
        "evidence": {k: json_value(v) for k, v in evidence},
        "fields": {k: json_value(v) for k, v in fields},
        "sources": sources, "summary": summary,
    }


def query_finding(rule, row, sources):
    """One finding from a query rule's row, as pumpwatch's RuleEvaluator makes it."""
    mapping = rule["finding"]
    entities = [(n, row[n]) for n in mapping["entities"] if row.get(n) is not None]
    count = int_value(row.get(mapping["count"])) if mapping.get("count") else None
    count = 1 if count is None else max(-(2 ** 63), min(2 ** 63 - 1, count))
    first = millis(row.get(mapping["first_seen"])) if mapping.get("first_seen") else None
    last = millis(row.get(mapping["last_seen"])) if mapping.get("last_seen") else None
    evidence = []
    window = mapping.get("window")
    start = millis(row.get(window)) if window else None
    if start is not None:
        length = mapping.get("window_ms") or 0
        first = start if first is None else first
        last = start + max(0, length - 1) if last is None else last
        evidence.append(("window_start", Date(start)))
        if length > 0:
            evidence.append(("window_length", duration_text(length)))
    if first is None and last is None:
        t = millis(row.get("@timestamp"))
        first, last = t, t
    first = last if first is None else first
    last = first if last is None else last
    severity = rule["severity"]
    field = mapping.get("severity_field")
    if field:
        text = string_value(row.get(field)) if not isinstance(row.get(field), list) else None
        severity = SEVERITIES.get((text or "").lower(), severity)
    risk = rule["risk_score"] if severity == rule["severity"] else DEFAULT_RISK[severity]
    fields = [(k, v) for k, v in row.items() if v is not None]
    if mapping.get("summary") is not None:
        summary = fill(mapping["summary"], row)
    else:
        who = ", ".join("%s=%s" % (k, summary_text(v)) for k, v in entities)
        summary = "%s: %d event%s" % (rule["title"], count, "" if count == 1 else "s") + (" for " + who if who else "")
    return finding_object(rule, severity, risk, first, last, count, entities, evidence, fields, sources, summary)


def builtin_finding(rule, row, sources):
    """One finding from a built-in detector's SQL row (rule_id, first_seen, ..., evidence)."""
    severity = SEVERITIES.get(str(row.get("severity") or "").lower(), rule["severity"])
    risk = int_value(row.get("risk_score"))
    if risk is None:
        risk = rule["risk_score"] if severity == rule["severity"] else DEFAULT_RISK[severity]
    count = int_value(row.get("event_count"))
    entities = json.loads(row["entities"]) if row.get("entities") else {}
    evidence = json.loads(row["evidence"]) if row.get("evidence") else {}
    return finding_object(
        rule, severity, max(0, min(100, risk)), millis(row.get("first_seen")), millis(row.get("last_seen")),
        1 if count is None else count, list(entities.items()), list(evidence.items()), [], sources,
        row.get("summary") or rule["title"])


def python_value(value):
    if isinstance(value, list):
        return [python_value(e) for e in value]
    if hasattr(value, "as_integer_ratio") and not isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (datetime.datetime, datetime.date)):
        return str(value)
    return value


# The job -------------------------------------------------------------------------------------

def quoted(name):
    return "`" + name.replace("`", "``") + "`"


def local_path(path, inputs):
    """A file URI as the user wrote its folder: file:/abs/x under input dir/ gives dir/x."""
    if not path.startswith("file:"):
        return path
    plain = path[len("file:"):]
    while plain.startswith("//"):
        plain = plain[1:]
    for given in inputs:
        if "://" in given:
            continue
        root = os.path.abspath(given)
        if plain == root:
            return given
        if plain.startswith(root.rstrip("/") + "/"):
            return os.path.join(given, plain[len(root.rstrip("/")) + 1:])
    return plain


def main(argv):
    arguments = parse_arguments(argv)
    now = now_millis(arguments.now)
    started = time.time()
    spark = (SparkSession.builder.appName("pumpwatch hunt")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.ansi.enabled", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")

    split = F.udf(split_file, RECORD_SCHEMA)
    # text() sets wholetext itself, so it is given here and not as an option.
    files = (spark.read.text(arguments.inputs, wholetext=True, recursiveFileLookup=True)
             .select(F.col("_metadata.file_path").alias("file"), F.col("value"))
             .select("file", F.explode(split(F.col("value"))).alias("r"))
             .select("file", F.col("r.line").alias("line"), F.col("r.record").alias("value"), F.col("r.error").alias("error")))
    classified = files.selectExpr("file", "line", "value", "error", "json_object_keys(value) AS `keys`")
    table = "CASE " + " ".join("WHEN %s THEN '%s'" % (condition, name) for name, condition in CLASSIFICATION) + " END"
    records = classified.selectExpr("file", "line", "value", "error", table + " AS `table`").persist()
    records.createOrReplaceTempView("pumpwatch_records")
    for name, _ in CLASSIFICATION:
        spark.sql("SELECT value, file FROM pumpwatch_records WHERE `table` = '%s'" % name).createOrReplaceTempView(name)

    counts = {r["table"]: r["n"] for r in spark.sql(
        "SELECT `table`, count(*) AS n FROM pumpwatch_records WHERE `table` IS NOT NULL GROUP BY `table`").collect()}
    files_by_table = {}
    for r in spark.sql("SELECT DISTINCT `table`, file FROM pumpwatch_records WHERE `table` IS NOT NULL").collect():
        files_by_table.setdefault(r["table"], []).append(local_path(r["file"], arguments.inputs))
    read_files = sorted({local_path(r["file"], arguments.inputs) for r in spark.sql("SELECT DISTINCT file FROM pumpwatch_records").collect()})
    malformed = spark.sql("SELECT file, line, error FROM pumpwatch_records WHERE error IS NOT NULL ORDER BY file, line").collect()
    for r in malformed[:MALFORMED_SHOWN]:
        print("malformed: %s:%d: %s" % (local_path(r["file"], arguments.inputs), r["line"], r["error"]))
    if len(malformed) > MALFORMED_SHOWN:
        print("malformed: %d more records not shown" % (len(malformed) - MALFORMED_SHOWN))
    first_event = last_event = None
    for name, expression in TIMESTAMPS.items():
        if not counts.get(name):
            continue
        lo, hi = spark.sql("SELECT min(unix_millis(t)), max(unix_millis(t)) FROM (SELECT %s AS t FROM %s)" % (expression, name)).collect()[0]
        if lo is not None:
            first_event = lo if first_event is None else min(first_event, lo)
            last_event = hi if last_event is None else max(last_event, hi)

    findings, failed = [], {}
    for rule in RULES:
        try:
            frame = spark.sql(rule["sql"], args={"now_ms": now})
            columns, dates = [], set()
            for field in frame.schema.fields:
                if isinstance(field.dataType, (T.TimestampType, T.TimestampNTZType)):
                    columns.append(F.unix_millis(F.col(quoted(field.name))).alias(field.name))
                    dates.add(field.name)
                else:
                    columns.append(F.col(quoted(field.name)))
            result = frame.select(*columns).collect()
        except Exception as error:
            failed[rule["id"]] = str(error).strip().split("\n")[0]
            print("warning: %s: the rule failed on Spark: %s" % (rule["id"], failed[rule["id"]]))
            continue
        sources = sorted({f for t in rule["tables"] for f in files_by_table.get(t, [])})
        for r in result:
            row = {}
            for name in r.__fields__:
                value = r[name]
                row[name] = Date(value) if name in dates and value is not None else python_value(value)
            if rule["kind"] == "builtin":
                findings.append(builtin_finding(rule, row, sources))
            else:
                findings.append(query_finding(rule, row, sources))

    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in findings]
    output = arguments.output
    if "://" in output and not output.startswith("file://"):
        spark.createDataFrame([(line,) for line in lines], "value STRING").coalesce(1).write.mode("overwrite").text(output)
    else:
        path = output[len("file://"):] if output.startswith("file://") else output
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
    stats = {
        "records": counts, "files": len(read_files), "malformed": len(malformed),
        "first_event": first_event, "last_event": last_event,
        "rules": [r["id"] for r in RULES if r["id"] not in failed], "failed": failed,
        "findings": len(findings), "seconds": round(time.time() - started, 3),
    }
    print(STATS_MARKER + json.dumps(stats, separators=(",", ":")))
    sys.stdout.flush()
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
"""#
}
