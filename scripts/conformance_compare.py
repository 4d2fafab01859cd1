#!/usr/bin/env python3
"""Compares pumpwatch's ECS output for one CloudTrail file with Elastic's expected output.

Usage: conformance_compare.py FILE.log FILE.log-expected.json ACTUAL

ACTUAL holds pumpwatch's events for FILE.log: NDJSON (one object per line) or a JSON array,
with nested objects or flat dotted keys. Documents that Elastic's test harness made from blank
lines of FILE.log are skipped. Prints one line per differing field and exits 1 when the pair
fails, 0 when it passes, 2 when a file cannot be read.
"""
import json
import os
import sys

FIELDS = [
    "@timestamp",
    "event.provider",
    "event.action",
    "event.outcome",
    "event.id",
    "cloud.account.id",
    "cloud.region",
    "source.address",
    "source.ip",
    "user_agent.original",
    "user_agent.name",
    "aws.cloudtrail.user_identity.arn",
    "aws.cloudtrail.user_identity.type",
    "user.name",
    "user.id",
    "aws.cloudtrail.error_code",
]
JAVA_MAP_FIELDS = ["aws.cloudtrail.request_parameters"]


def flatten(value, prefix="", out=None):
    """Nested objects to dotted keys; flat dotted keys pass through unchanged."""
    if out is None:
        out = {}
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(item, prefix + "." + key if prefix else key, out)
    else:
        out[prefix] = value
    return out


def load_actual(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, list):
        return whole
    if isinstance(whole, dict):
        for key in ("events", "expected"):
            if isinstance(whole.get(key), list):
                return whole[key]
        return [whole]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def expected_documents(log_path, expected_path):
    """The expected documents that belong to non-blank lines of the log, in order."""
    with open(log_path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline that ends the last line
    with open(expected_path, encoding="utf-8") as handle:
        expected = json.load(handle)["expected"]
    if len(expected) == len(lines):
        return [doc for line, doc in zip(lines, expected) if line.strip()]
    # The harness also adds a document for a trailing empty line: drop documents without an action.
    records = [line for line in lines if line.strip()]
    docs = list(expected)
    while len(docs) > len(records) and not flatten(docs[-1]).get("event.action"):
        docs.pop()
    return docs


def split_top(text, separator=", "):
    """Splits text at separators that are not inside {} or []."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        c = text[i]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def balanced(text):
    depth = 0
    for c in text:
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def is_key(segment):
    eq = segment.find("=")
    if eq <= 0:
        return False
    key = segment[:eq]
    return not any(c in key for c in "{}[], ")


def parse_java(text):
    """Parses Java Map.toString() text into dicts, lists and strings (a best effort: values may hold ', ')."""
    if len(text) >= 2 and balanced(text):
        if text[0] == "{" and text[-1] == "}":
            body = text[1:-1]
            if not body:
                return {}
            entries = []
            for segment in split_top(body):
                if is_key(segment) or not entries:
                    key, _, value = segment.partition("=")
                    entries.append([key, value])
                else:
                    entries[-1][1] += ", " + segment  # a value that itself contains ", "
            if all(key for key, _ in entries):
                return {key: parse_java(value) for key, value in entries}
        if text[0] == "[" and text[-1] == "]":
            body = text[1:-1]
            return [parse_java(item) for item in split_top(body)] if body else []
    return text


def same(field, actual, expected):
    if actual == expected:
        return True
    if field in JAVA_MAP_FIELDS and isinstance(actual, str) and isinstance(expected, str):
        return parse_java(actual) == parse_java(expected)
    if isinstance(actual, list) and len(actual) == 1:
        return same(field, actual[0], expected)
    return False


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    log_path, expected_path, actual_path = argv[1:]
    name = log_path.rsplit("/", 1)[-1]
    try:
        expected = expected_documents(log_path, expected_path)
        actual = load_actual(actual_path)
    except (OSError, ValueError, KeyError) as error:
        print(f"{name}: cannot compare: {error}")
        return 2
    known = load_known(name)
    failed = False
    known_only = False
    if len(actual) != len(expected):
        print(f"{name}: {len(actual)} events, expected {len(expected)}")
        failed = True
    for index, (doc, exp) in enumerate(zip(actual, expected), start=1):
        mine, theirs = flatten(doc), flatten(exp)
        for field in FIELDS + JAVA_MAP_FIELDS:
            a, e = mine.get(field), theirs.get(field)
            if not same(field, a, e):
                if field in known:
                    print(f"{name}: event {index}: {field}: known difference ({known[field]}): got {json.dumps(a)}, expected {json.dumps(e)}")
                    known_only = True
                    continue
                print(f"{name}: event {index}: {field}: got {json.dumps(a)}, expected {json.dumps(e)}")
                failed = True
    if failed:
        return 1
    return 3 if known_only else 0


def load_known(pair):
    """The fields of `pair` whose expected values are known to disagree between pipeline versions."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance_known_differences.tsv")
    known = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3 and parts[0] == pair:
                    known[parts[1]] = parts[2]
    except OSError:
        pass
    return known


if __name__ == "__main__":
    sys.exit(main(sys.argv))
