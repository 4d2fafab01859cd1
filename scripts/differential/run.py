#!/usr/bin/env python3
"""Runs each query through pumpwatch and its SQL equivalent through DuckDB, and compares rows.

The data is generated here, independently of `pumpwatch simulate`: CloudTrail NDJSON with SNS
publish bursts, Cognito floods and noise, and Falcon NDJSON with DNS and connection bursts that
cross the seed thresholds (50/500/1000 and 200/1000/2000; 30 publishes per 10 s).
"""
import argparse, json, os, random, subprocess, sys, math
import duckdb

NOW = "2026-11-23T00:00:00Z"

def gen_cloudtrail(path, rng):
    recs = []
    base = 1795341600  # 2026-11-22T10:00:00Z
    def rec(t, source, name, arn, acct, ip, ua, params, err=None, region="us-east-1"):
        r = {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "principalId": "AIDA" + arn[-6:].upper(),
             "arn": arn, "accountId": acct, "userName": arn.split("/")[-1]},
             "eventTime": ts(t), "eventSource": source, "eventName": name, "awsRegion": region,
             "sourceIPAddress": ip, "userAgent": ua, "requestParameters": params,
             "requestID": "%032x" % rng.getrandbits(128), "eventID": "%032x" % rng.getrandbits(128),
             "eventType": "AwsApiCall", "recipientAccountId": acct}
        if err:
            r["errorCode"] = err
            r["errorMessage"] = "Rate exceeded"
        else:
            r["responseElements"] = {"messageId": "%032x" % rng.getrandbits(128)}
        recs.append(r)
    cli = "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1"
    boto = "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1"
    # Bursts of direct-to-phone publishes: 31, 45 and 30 in one 10 s window (30 does not fire).
    for i, (n, arn, ip, ua) in enumerate([(31, "arn:aws:iam::111122223333:user/pump", "203.0.113.9", cli),
                                          (45, "arn:aws:iam::111122223333:user/app", "198.51.100.7", boto),
                                          (30, "arn:aws:iam::444455556666:user/ops", "192.0.2.44", cli)]):
        start = base + 600 * i
        for k in range(n):
            rec(start + (k % 10) * 0.9, "sns.amazonaws.com", "Publish", arn, arn.split(":")[4], ip, ua,
                {"phoneNumber": "+1555000%04d" % (1000 + k), "message": "HIDDEN_DUE_TO_SECURITY_REASONS"})
    # A burst split across two windows (20 + 20) and throttled publishes that must not count.
    for k in range(40):
        rec(base + 3600 + 5 + k * 0.25, "sns.amazonaws.com", "Publish", "arn:aws:iam::111122223333:user/split",
            "111122223333", "203.0.113.50", cli, {"phoneNumber": "+4477009000%02d" % k})
    for k in range(35):
        rec(base + 7200 + k * 0.2, "sns.amazonaws.com", "Publish", "arn:aws:iam::111122223333:user/throttled",
            "111122223333", "203.0.113.51", cli, {"phoneNumber": "+23276000%03d" % k}, err="ThrottlingException")
    # Topic publishes (no phone number) and an old burst outside the 7-day window.
    for k in range(40):
        rec(base + 9000 + k * 0.1, "sns.amazonaws.com", "Publish", "arn:aws:iam::111122223333:user/topic",
            "111122223333", "10.0.0.8", boto, {"topicArn": "arn:aws:sns:us-east-1:111122223333:orders"})
    for k in range(40):
        rec(base - 10 * 86400 + k * 0.1, "sns.amazonaws.com", "Publish", "arn:aws:iam::111122223333:user/old",
            "111122223333", "10.0.0.9", cli, {"phoneNumber": "+15550009999"})
    # Cognito flood and noise.
    for k in range(rng.randint(60, 80)):
        ip = rng.choice(["203.0.113.77", "203.0.113.78", "198.51.100.20"])
        rec(base + 12000 + k, "cognito-idp.amazonaws.com", "ForgotPassword", "arn:aws:iam::111122223333:user/anon",
            "111122223333", ip, "Mozilla/5.0 (X11; Linux x86_64)", {"clientId": "abc", "username": "victim"},
            err=rng.choice([None, None, "LimitExceededException"]))
    for k in range(500):
        name = rng.choice(["GetObject", "PutObject", "DescribeInstances", "AssumeRole", "ListBuckets"])
        src = {"GetObject": "s3", "PutObject": "s3", "DescribeInstances": "ec2", "AssumeRole": "sts", "ListBuckets": "s3"}[name]
        rec(base + rng.randint(0, 86400), src + ".amazonaws.com", name, "arn:aws:iam::111122223333:user/u%d" % rng.randint(1, 9),
            "111122223333", "10.1.%d.%d" % (rng.randint(0, 3), rng.randint(1, 250)), rng.choice([cli, boto, "console.amazonaws.com"]),
            {"bucketName": "b%d" % rng.randint(1, 4)}, err=rng.choice([None] * 9 + ["AccessDenied"]),
            region=rng.choice(["us-east-1", "eu-west-1"]))
    rng.shuffle(recs)
    with open(path, "w") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    return len(recs)

def ts(t):
    import datetime
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")

def gen_falcon(path, rng):
    evs = []
    t0 = 1795341600.0
    def dns(host, aid, domain, n, procs, files):
        for k in range(n):
            t = t0 + k * 0.5 + rng.random()
            evs.append({"event_simpleName": "DnsRequest", "aid": aid, "cid": "c1", "ComputerName": host, "DomainName": domain,
                        "RequestType": "1", "ContextProcessId": str(rng.choice(procs)), "ContextTimeStamp": "%.3f" % t,
                        "FileName": rng.choice(files), "timestamp": str(int(t * 1000))})
    def conn(host, aid, ip, n, procs, port_choices):
        for k in range(n):
            t = t0 + k * 0.2 + rng.random()
            evs.append({"#event_simpleName": "NetworkConnectIP4", "aid": aid, "ComputerName": host, "RemoteAddressIP4": ip,
                        "RemotePort": str(rng.choice(port_choices)), "LocalAddressIP4": "10.0.0.5", "LocalPort": str(40000 + k % 999),
                        "Protocol": "6", "ContextProcessId": str(rng.randint(100, 105)), "ContextTimeStamp": "%.3f" % t,
                        "TargetProcessName": rng.choice(procs), "timestamp": str(int(t * 1000))})
    dns("WEB-07", "a7", "api.twilio.com", 1201, [4242, 4243], ["python3.11", "node.exe"])  # Critical
    dns("WEB-08", "a8", "API.Twilio.com", 501, [11], ["php"])                              # High
    dns("NOTIFY-01", "n1", "sns.amazonaws.com", 51, [7], ["java"])                          # Medium
    dns("QA-01", "q1", "rest.nexmo.com", 50, [7], ["java"])                                 # at threshold: no row
    dns("DESK-1", "d1", "www.google.com", 900, [3], ["chrome.exe"])                         # not an SMS domain
    conn("WEB-07", "a7", "54.172.60.1", 2001, ["python.py", "worker.js"], [443])           # Critical
    conn("WEB-09", "a9", "54.172.60.2", 1001, ["app.jar"], [443, 8443, 80])                # High
    conn("WEB-10", "a10", "54.172.60.3", 201, ["send.sh"], [80])                           # Medium
    conn("WEB-11", "a11", "54.172.60.4", 200, ["send.sh"], [443])                          # at threshold: no row
    conn("DESK-2", "d2", "142.250.1.1", 700, ["chrome"], [443])                            # not a script process
    conn("WEB-12", "a12", "54.172.60.5", 300, ["run.py"], [22])                            # wrong port
    rng.shuffle(evs)
    with open(path, "w") as f:
        for e in evs:
            f.write(json.dumps(e) + "\n")
    return len(evs)

CT_COLUMNS = ("{eventTime: 'VARCHAR', eventSource: 'VARCHAR', eventName: 'VARCHAR', errorCode: 'VARCHAR', "
              "errorMessage: 'VARCHAR', userIdentity: 'JSON', recipientAccountId: 'VARCHAR', awsRegion: 'VARCHAR', "
              "sourceIPAddress: 'VARCHAR', userAgent: 'VARCHAR', requestParameters: 'JSON'}")
FALCON_COLUMNS = ("{event_simpleName: 'VARCHAR', \"#event_simpleName\": 'VARCHAR', aid: 'VARCHAR', ComputerName: 'VARCHAR', "
                  "DomainName: 'VARCHAR', ContextProcessId: 'VARCHAR', ContextTimeStamp: 'VARCHAR', FileName: 'VARCHAR', "
                  "RemoteAddressIP4: 'VARCHAR', RemotePort: 'VARCHAR', TargetProcessName: 'VARCHAR'}")

def ct_view(path):
    return f"""CREATE OR REPLACE VIEW ct AS SELECT
        CAST(eventTime AS TIMESTAMP) AS ts, eventSource AS provider, eventName AS action,
        CASE WHEN coalesce(errorCode, '') <> '' OR coalesce(errorMessage, '') <> '' THEN 'failure' ELSE 'success' END AS outcome,
        nullif(errorCode, '') AS error_code,
        coalesce(nullif(json_extract_string(userIdentity, '$.accountId'), ''), recipientAccountId) AS account,
        json_extract_string(userIdentity, '$.arn') AS arn, awsRegion AS region, sourceIPAddress AS address,
        userAgent AS ua, CAST(requestParameters AS VARCHAR) AS params
        FROM read_ndjson('{path}', columns={CT_COLUMNS})"""

def falcon_view(path):
    return f"""CREATE OR REPLACE VIEW falcon AS SELECT coalesce("#event_simpleName", event_simpleName) AS kind, *
        FROM read_ndjson('{path}', columns={FALCON_COLUMNS})"""

ISO = "strftime({}, '%Y-%m-%dT%H:%M:%S.%g') || 'Z'"

ESQL_SEED = """from logs-aws.cloudtrail-*
| WHERE @timestamp > now() - 7 day
| EVAL target_time_window = DATE_TRUNC(10 seconds, @timestamp)
| WHERE
    event.dataset == "aws.cloudtrail" AND
    event.provider == "sns.amazonaws.com" AND
    event.action == "Publish" AND
    event.outcome == "success" AND
    aws.cloudtrail.request_parameters LIKE "*phoneNumber*"
| DISSECT user_agent.original "%{user_agent_name} %{?user_agent_remainder}"
| STATS sms_message_count = COUNT(*) by target_time_window, cloud.account.id, aws.cloudtrail.user_identity.arn, cloud.region, source.address, user_agent_name
| WHERE sms_message_count > 30"""

CQL_SEED = r"""// Branch 1: High-frequency DNS lookups to SMS provider API domains (primary signal)
(#event_simpleName = "DnsRequest"
| DomainName = /(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)/
| groupBy(
[aid, ComputerName, DomainName],
function=[
count(as=EventCount),
dc(ContextProcessId, as=UniqueProcesses),
collect(FileName, limit=10),
min(ContextTimeStamp, as=FirstSeen),
max(ContextTimeStamp, as=LastSeen)
]
)
| where EventCount > 50
| eval DetectionBranch = "DNSLookup-SMSProvider"
| eval RiskScore = if(EventCount > 1000, "Critical", if(EventCount > 500, "High", "Medium")))
| union [
// Branch 2: High-volume outbound TCP connections from application processes
#event_simpleName = "NetworkConnectIP4"
| RemotePort in [443, 80, 8443]
| TargetProcessName = /(?i)\.(exe|py|rb|js|jar|sh|php)$/
| groupBy(
[aid, ComputerName, RemoteAddressIP4, TargetProcessName],
function=[
count(as=EventCount),
dc(RemotePort, as=UniquePorts),
min(ContextTimeStamp, as=FirstSeen),
max(ContextTimeStamp, as=LastSeen)
]
)
| where EventCount > 200
| eval DetectionBranch = "NetworkConnect-HighVolumeHTTPS"
| eval RiskScore = if(EventCount > 2000, "Critical", if(EventCount > 1000, "High", "Medium"))
]
| sort(EventCount, order=desc)"""

SMS_DOMAINS = r"(?i)(api\.twilio\.com|sns\.amazonaws\.com|rest\.nexmo\.com|api\.vonage\.com|api\.plivo\.com|messaging\.bandwidth\.com|api\.telnyx\.com|rest\.messagebird\.com|eu\.api\.sinch\.com|api\.infobip\.com)"

def risk(n, lo, hi):
    return f"CASE WHEN {n} > {hi} THEN 'Critical' WHEN {n} > {lo} THEN 'High' ELSE 'Medium' END"

CASES = [
    # (name, language, query, sql, columns-to-compare-as-sets)
    ("esql-seed", "esql", ESQL_SEED, f"""SELECT count(*) AS sms_message_count,
        {ISO.format("time_bucket(INTERVAL 10 SECOND, ts, TIMESTAMP '1970-01-01')")} AS target_time_window,
        account AS "cloud.account.id", arn AS "aws.cloudtrail.user_identity.arn", region AS "cloud.region",
        address AS "source.address", CASE WHEN strpos(ua, ' ') > 0 THEN split_part(ua, ' ', 1) END AS user_agent_name
        FROM ct WHERE ts > TIMESTAMP '2026-11-23 00:00:00' - INTERVAL 7 DAY AND provider = 'sns.amazonaws.com'
        AND action = 'Publish' AND outcome = 'success' AND params LIKE '%phoneNumber%'
        GROUP BY ALL HAVING count(*) > 30""", set()),
    ("cql-seed", "cql", CQL_SEED, f"""
        SELECT * FROM (
          SELECT aid, ComputerName, DomainName, count(*) AS EventCount, count(DISTINCT ContextProcessId) AS UniqueProcesses,
            string_agg(DISTINCT FileName, chr(10)) AS FileName, min(CAST(ContextTimeStamp AS DOUBLE)) AS FirstSeen,
            max(CAST(ContextTimeStamp AS DOUBLE)) AS LastSeen, 'DNSLookup-SMSProvider' AS DetectionBranch,
            {risk("count(*)", 500, 1000)} AS RiskScore
          FROM falcon WHERE kind = 'DnsRequest' AND regexp_matches(DomainName, '{SMS_DOMAINS}')
            AND aid IS NOT NULL AND ComputerName IS NOT NULL
          GROUP BY aid, ComputerName, DomainName HAVING count(*) > 50
          UNION ALL BY NAME
          SELECT aid, ComputerName, RemoteAddressIP4, TargetProcessName, count(*) AS EventCount,
            count(DISTINCT RemotePort) AS UniquePorts, min(CAST(ContextTimeStamp AS DOUBLE)) AS FirstSeen,
            max(CAST(ContextTimeStamp AS DOUBLE)) AS LastSeen, 'NetworkConnect-HighVolumeHTTPS' AS DetectionBranch,
            {risk("count(*)", 1000, 2000)} AS RiskScore
          FROM falcon WHERE kind = 'NetworkConnectIP4' AND RemotePort IN ('443', '80', '8443')
            AND regexp_matches(TargetProcessName, '(?i)\\.(exe|py|rb|js|jar|sh|php)$')
          GROUP BY aid, ComputerName, RemoteAddressIP4, TargetProcessName HAVING count(*) > 200
        ) ORDER BY EventCount DESC LIMIT 200""", {"FileName"}),
    ("esql-stats-by-action", "esql",
     "FROM logs-aws.cloudtrail-* | STATS c = COUNT(*), ips = COUNT_DISTINCT(source.address) BY event.provider, event.action | SORT c DESC, event.action",
     """SELECT count(*) AS c, count(DISTINCT address) AS ips, provider AS "event.provider", action AS "event.action"
        FROM ct GROUP BY ALL ORDER BY c DESC, "event.action" """, set()),
    ("esql-failures-by-code", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.outcome == "failure" | STATS n = COUNT(*) BY aws.cloudtrail.error_code, cloud.region | WHERE n > 2',
     """SELECT count(*) AS n, error_code AS "aws.cloudtrail.error_code", region AS "cloud.region" FROM ct
        WHERE outcome = 'failure' GROUP BY ALL HAVING count(*) > 2""", set()),
    ("esql-cognito-hourly", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.provider == "cognito-idp.amazonaws.com" AND source.address != "198.51.100.20" '
     '| EVAL hour = DATE_TRUNC(1 hour, @timestamp) | STATS n = COUNT(*), first = MIN(@timestamp) BY hour, source.address | WHERE n >= 5 | KEEP source.address, n, first',
     f"""SELECT address AS "source.address", count(*) AS n, {ISO.format("min(ts)")} AS first FROM ct
        WHERE provider = 'cognito-idp.amazonaws.com' AND address <> '198.51.100.20'
        GROUP BY time_bucket(INTERVAL 1 HOUR, ts, TIMESTAMP '1970-01-01'), address HAVING count(*) >= 5""", set()),
    ("esql-like-ua-limit", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE user_agent.original LIKE "aws-cli/*" AND NOT event.action IN ("Publish", "ForgotPassword") '
     '| STATS n = COUNT(*) BY cloud.region | SORT n DESC | LIMIT 1',
     """SELECT count(*) AS n, region AS "cloud.region" FROM ct WHERE ua LIKE 'aws-cli/%'
        AND action NOT IN ('Publish', 'ForgotPassword') GROUP BY ALL ORDER BY n DESC LIMIT 1""", set()),
    ("esql-eval-arith", "esql",
     'FROM logs-aws.cloudtrail-* | WHERE event.action == "Publish" | STATS n = COUNT(*) BY aws.cloudtrail.user_identity.arn '
     '| EVAL per_minute = n / 10, big = n > 35 | SORT n DESC, aws.cloudtrail.user_identity.arn | LIMIT 4',
     """SELECT count(*) AS n, arn AS "aws.cloudtrail.user_identity.arn", CAST(trunc(count(*) / 10) AS BIGINT) AS per_minute,
        count(*) > 35 AS big FROM ct WHERE action = 'Publish' GROUP BY ALL ORDER BY n DESC, arn LIMIT 4""", set()),
    ("cql-groupby-count", "cql",
     '#event_simpleName = "DnsRequest" DomainName != "www.google.com" | groupBy(ComputerName)',
     """SELECT ComputerName, count(*) AS _count FROM falcon WHERE kind = 'DnsRequest'
        AND DomainName IS DISTINCT FROM 'www.google.com' AND ComputerName IS NOT NULL GROUP BY ALL""", set()),
    ("cql-network-ports", "cql",
     '#event_simpleName=NetworkConnectIP4 | groupBy([ComputerName, RemotePort], function=[count(as=n), max(ContextTimeStamp, as=last)]) | n > 150 | sort(n, limit=5)',
     """SELECT ComputerName, RemotePort, count(*) AS n, max(CAST(ContextTimeStamp AS DOUBLE)) AS last FROM falcon
        WHERE kind = 'NetworkConnectIP4' GROUP BY ALL HAVING count(*) > 150 ORDER BY n DESC LIMIT 5""", set()),
    ("cql-regex-count", "cql",
     '#event_simpleName=DnsRequest | DomainName=/twilio/i | count()',
     """SELECT count(*) AS _count FROM falcon WHERE kind = 'DnsRequest' AND regexp_matches(DomainName, '(?i)twilio')""", set()),
    ("cql-or-binds-tighter", "cql",
     '#event_simpleName=DnsRequest ComputerName=WEB-07 or ComputerName=WEB-08 | groupBy(ComputerName, function=dc(ContextProcessId))',
     """SELECT ComputerName, count(DISTINCT ContextProcessId) AS _dc FROM falcon WHERE kind = 'DnsRequest'
        AND (ComputerName = 'WEB-07' OR ComputerName = 'WEB-08') GROUP BY ALL""", set()),
]

# Queries whose row order is defined: the column whose sequence must match too.
ORDER_KEYS = {"cql-seed": "EventCount", "esql-stats-by-action": "c", "esql-eval-arith": "n", "cql-network-ports": "n"}

def norm(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        f = float(v)
        return round(f, 3)
    if isinstance(v, str):
        try:
            if v.strip() and v.strip().lstrip("-").replace(".", "", 1).isdigit():
                return round(float(v), 3)
        except ValueError:
            pass
    return v

def canon(row, setcols):
    out = []
    for k, v in sorted(row.items()):
        if v is None:
            continue  # a null column and an absent one are the same row
        if k in setcols and isinstance(v, str):
            v = tuple(sorted(v.split("\n")))
        out.append((k, norm(v)))
    return tuple(out)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pumpwatch", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    rng = random.Random(42)
    ct = os.path.join(a.work, "cloudtrail.ndjson")
    fa = os.path.join(a.work, "falcon.ndjson")
    n_ct = gen_cloudtrail(ct, rng)
    n_fa = gen_falcon(fa, rng)
    db = duckdb.connect()
    db.execute("SET threads=2")
    db.execute("SET TimeZone='UTC'")
    db.execute(ct_view(ct))
    db.execute(falcon_view(fa))
    passed = failed = 0
    for name, lang, query, sql, setcols in CASES:
        proc = subprocess.run([a.pumpwatch, "query", "--" + lang, query, "--format", "ndjson", "--now", NOW, a.work],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"FAIL {name}: pumpwatch exited {proc.returncode}: {proc.stderr.strip()[:500]}")
            failed += 1
            continue
        pw_rows = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
        cur = db.execute(sql)
        cols = [d[0] for d in cur.description]
        db_rows = []
        for r in cur.fetchall():
            db_rows.append({c: v for c, v in zip(cols, r) if not (v is None and c not in cols)})
        pw_set = sorted(canon({k: v for k, v in r.items()}, setcols) for r in pw_rows)
        db_set = sorted(canon({k: v for k, v in r.items()}, setcols) for r in db_rows)
        order_key = ORDER_KEYS.get(name)
        same_order = order_key is None or [norm(r.get(order_key)) for r in pw_rows] == [norm(r.get(order_key)) for r in db_rows]
        if pw_set == db_set and same_order and len(pw_rows) > 0:
            passed += 1
            print(f"ok   {name}: {len(pw_rows)} rows")
        else:
            failed += 1
            print(f"FAIL {name}: pumpwatch {len(pw_rows)} rows, duckdb {len(db_rows)} rows")
            for r in pw_set:
                if r not in db_set: print("  only pumpwatch:", dict(r))
            for r in db_set:
                if r not in pw_set: print("  only duckdb:   ", dict(r))
    print(f"compared {len(CASES)} queries over {n_ct} CloudTrail records and {n_fa} Falcon events")
    print(f"differential: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
