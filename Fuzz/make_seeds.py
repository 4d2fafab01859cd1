#!/usr/bin/env python3
"""Writes the seed corpus, Fuzz/Corpus/<harness>/, from pumpwatch's own test fixtures and rules.

The records are the ones Tests/PumpwatchSourcesTests/SourceReaderTests.swift builds; the
queries, the policy, the config and the rule files come from Rules/, the README and the tests.
Reader seeds start with the harness's control byte (see Fuzz/Sources/FuzzSupport/ReaderHarness.swift):
bits 0-2 the layout, bits 3-5 the chunk size, bits 6-7 the largest record size.

    python3 Fuzz/make_seeds.py        # rewrites Fuzz/Corpus
"""
import hashlib
import json
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")


def cloudtrail_record(id, time="2026-11-20T10:00:00Z", name="Publish", phone="+88213000001"):
    return ('{"eventVersion":"1.10","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:otp",'
            '"arn":"arn:aws:sts::123456789012:assumed-role/otp-sender/otp","accountId":"123456789012","accessKeyId":"ASIAEXAMPLE",'
            '"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/otp-sender",'
            '"accountId":"123456789012","userName":"otp-sender"}}},"eventTime":"%s","eventSource":"sns.amazonaws.com","eventName":"%s",'
            '"awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-sdk-java/2.20.0 Linux/5.10",'
            '"requestParameters":{"phoneNumber":"%s","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},"responseElements":{"messageId":"b1c2d3-%s"},'
            '"requestID":"req-%s","eventID":"%s","readOnly":false,"eventType":"AwsApiCall","managementEvent":false,'
            '"recipientAccountId":"123456789012","eventCategory":"Data"}') % (time, name, phone, id, id, id)


FALCON_FDR = ('{"event_simpleName":"DnsRequest","aid":"a1b2c3","cid":"c0ffee","timestamp":"1763632800000","ContextTimeStamp":"1763632800.123",'
              '"ComputerName":"WEB-01","DomainName":"api.twilio.com","RequestType":"1","ContextProcessId":"4242","ContextThreadId":"77","FileName":"node"}')
FALCON_LOGSCALE = ('{"#event_simpleName":"NetworkConnectIP4","@timestamp":"2026-11-20T10:00:05.000Z","aid":"a1b2c3","cid":"c0ffee",'
                   '"timestamp":"1763632805000","RemoteAddressIP4":"3.5.140.2","RemotePort":"443","LocalAddressIP4":"10.0.0.5","LocalPort":"51514",'
                   '"Protocol":"6","ContextProcessId":"4242","TargetProcessName":"node"}')


def twilio_message(sid, to="+88213000001", status="delivered", date="Thu, 20 Nov 2026 10:00:00 +0000"):
    return ('{"account_sid":"AC00000000000000000000000000000001","api_version":"2010-04-01","body":"Your code is 123456",'
            '"date_created":"%s","date_sent":"%s","date_updated":"%s","direction":"outbound-api","error_code":null,"error_message":null,'
            '"from":"+15005550006","messaging_service_sid":"MG00000000000000000000000000000001","num_media":"0","num_segments":"1",'
            '"price":"-0.05000","price_unit":"USD","sid":"%s","status":"%s","subresource_uris":{"media":'
            '"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/%s/Media.json"},"to":"%s",'
            '"uri":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/%s.json"}') % (date, date, date, sid, status, sid, to, sid)


def twilio_page(sids):
    return ('{\n  "end": %d,\n  "first_page_uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=50&Page=0",\n'
            '  "messages": [\n    %s\n  ],\n  "next_page_uri": null,\n  "page": 0,\n  "page_size": 50,\n  "previous_page_uri": null,\n'
            '  "start": 0,\n  "uri": "/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json?PageSize=50&Page=0"\n}\n'
            ) % (len(sids) - 1, ",\n    ".join(twilio_message(s) for s in sids))


def twilio_event(id, status="delivered"):
    return ('{"specversion":"1.0","type":"com.twilio.messaging.message.%s","source":"/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages/SM01.json",'
            '"id":"%s","dataschema":"https://events-schemas.twilio.com/Messaging.MessageStatus/2","datacontenttype":"application/json",'
            '"time":"2026-11-20T10:00:05.000Z","data":{"messageSid":"SM01","accountSid":"AC00000000000000000000000000000001","to":"+88213000001",'
            '"from":"+15005550006","messageStatus":"%s","eventName":"com.twilio.messaging.message.%s","timestamp":"2026-11-20T10:00:05.000Z",'
            '"mcc":"901","mnc":"13"}}') % (status, id, status.upper(), status)


def sns_delivery(id, destination="+88213000001", time="2026-11-20 10:00:00.123"):
    return ('{"notification":{"messageId":"%s","timestamp":"%s"},"delivery":{"phoneCarrier":"Example Carrier","mnc":13,'
            '"numberOfMessageParts":1,"destination":"%s","priceInUSD":0.25,"smsType":"Transactional","mcc":901,'
            '"providerResponse":"Message has been accepted by phone carrier","dwellTimeMs":212,"dwellTimeMsUntilDeviceAck":1483},'
            '"status":"SUCCESS"}') % (id, time, destination)


def subscription_document(ids):
    events = ['{"id":"3719264857284736%d","timestamp":%d,"message":%s}' % (i, 1763632800123 + i, json.dumps(sns_delivery(id)))
              for i, id in enumerate(ids)]
    return ('{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"sns/us-east-1/123456789012/DirectPublishToPhoneNumber",'
            '"logStream":"7a1b2c3d","subscriptionFilters":["sms-to-firehose"],"logEvents":[%s]}') % ",".join(events)


def filter_log_events(ids):
    events = ['    {"logStreamName": "7a1b2c3d", "timestamp": %d, "message": %s, "ingestionTime": 1763632801000, "eventId": "3719264857284736%d"}'
              % (1763632800123 + i, json.dumps(sns_delivery(id)), i) for i, id in enumerate(ids)]
    return '{\n  "events": [\n' + ",\n".join(events) + '\n  ],\n  "searchedLogStreams": []\n}\n'


def access_line(ip="203.0.113.7", path="/api/auth/send-otp", status=200, time="20/Nov/2026:10:00:00 +0000"):
    return '%s - - [%s] "POST %s HTTP/1.1" %d 512 "https://app.example.com/signup" "Mozilla/5.0 (X11; Linux x86_64)"' % (ip, time, path, status)


def app_request(id, time="2026-11-20T10:00:00.000Z"):
    return ('{"TenantId":"00000000-0000-0000-0000-000000000001","TimeGenerated":"%s","Id":"%s","Name":"POST /api/auth/send-otp",'
            '"Url":"https://app.example.com/api/auth/send-otp","Success":true,"ResultCode":"200","DurationMs":12.5,"ClientIP":"203.0.113.7",'
            '"OperationId":"op-%s","AppRoleName":"web","Type":"AppRequests"}') % (time, id, id)


METRIC_DATA = """{
    "MetricDataResults": [
        {"Id": "spend", "Label": "SMSMonthToDateSpentUSD", "Timestamps": ["2026-11-20T10:00:00+00:00", "2026-11-20T09:00:00+00:00"],
         "Values": [120.5, 80.25], "StatusCode": "Complete"},
        {"Id": "sent", "Label": "NumberOfMessagesSentToPhoneNumbers",
         "Timestamps": ["2026-11-20T10:00:00+00:00", "2026-11-20T09:00:00+00:00", "2026-11-20T08:00:00+00:00"],
         "Values": [480.0, 310.0, 12.0], "StatusCode": "Complete"}
    ],
    "Messages": []
}
"""


def control(layout, chunk=4, limit=0):
    """The reader harness's first byte: layout index, chunk size index, record limit index."""
    return bytes([layout | chunk << 3 | limit << 6])


def write(harness, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(CORPUS, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def rule_query(path):
    """The query block of a rule file (`query: |-` and its indented lines)."""
    text = open(os.path.join(ROOT, "Rules", path)).read()
    m = re.search(r"^query: \|-\n((?:  .*\n|\n)+)", text, re.M)
    return "\n".join(line[2:] for line in m.group(1).rstrip().split("\n"))


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    ct = [cloudtrail_record("e1"), cloudtrail_record("e2", name="ForgotPassword"), cloudtrail_record("e3", phone="+447700900123")]

    # Queries: the rule pack's own, and the README's.
    for q in [rule_query("logscale-sms-pumping.yml"),
              '#event_simpleName = "DnsRequest" | DomainName = /twilio/i\n| groupBy([ComputerName], function=count(as=EventCount))',
              'case { a=1 | x := "one"; * | x := "other" } | groupBy(x, function=[count(), max(n)]) | sort(_count, order=desc, limit=10)',
              'DomainName=*twilio* aid!=ff* | !in(field=ComputerName, values=["A", "B"]) | x := a * 2 + -b | test(x > 3) | head(5)']:
        write("cql", q)
    for q in [rule_query("esql-sns-direct-to-phone-spike.yml"),
              'from logs-aws.cloudtrail-*\n| WHERE event.provider == "sns.amazonaws.com" AND event.action == "Publish"\n'
              '| STATS n = COUNT(*) BY aws.cloudtrail.user_identity.arn',
              'FROM logs-* | EVAL h = DATE_TRUNC(1 hour, @timestamp), n = TO_LONG(x)::double * -2 | WHERE a IN (1, 2) OR b LIKE "x*" '
              'AND c IS NOT NULL | SORT h DESC NULLS LAST | LIMIT 10 | KEEP h, n']:
        write("esql", q)

    # JSON documents, with the depth limit's edge.
    for doc in [ct[0], twilio_message("SM1"), '[1, -2.5e-3, 0, true, false, null, {}, [], "\\ud83d\\ude00\\u00e9\\n"]',
                '{"a":{"a":1,"a":[2]}}', "123456789012345678901234567890", "[" * 512 + "]" * 512]:
        write("json", doc)

    readers = {
        "cloudtrail": [(0, "\n".join(ct)), (1, '{"Records": [\n' + ",\n".join(ct) + "\n]}\n"), (3, "[" + ",".join(ct) + "]"),
                       (4, '{"QueryStatus": "FINISHED", "QueryResultRows": [[{"eventID": "l1"}, {"eventTime": "2026-11-20 10:00:00.000"},'
                           ' {"eventSource": "sns.amazonaws.com"}, {"eventName": "Publish"}, {"awsRegion": "us-east-1"}]]}')],
        "falcon": [(0, FALCON_FDR + "\n" + FALCON_LOGSCALE + "\n"), (1, "[" + FALCON_FDR + "," + FALCON_LOGSCALE + "]")],
        "twilio-messages": [(1, twilio_page(["SM1", "SM2"])), (0, twilio_message("SM3") + "\n" + twilio_message("SM4", status="undelivered"))],
        "twilio-events": [(0, twilio_event("EZ1") + "\n" + twilio_event("EZ2", "failed")), (1, "[" + twilio_event("EZ3") + "]")],
        "sns-delivery": [(0, sns_delivery("m1") + "\n" + sns_delivery("m2", "+447700900123")), (1, subscription_document(["m3", "m4"])),
                         (2, filter_log_events(["m5", "m6"]))],
        "web-access": [(0, "\n".join([access_line(), access_line(ip="2001:db8::7", status=429), access_line(path='/a\\"b')]) + "\n")],
        "cloudwatch-metrics": [(0, METRIC_DATA)],
        "app-requests": [(1, app_request("r1") + "\n" + app_request("r2")),
                         (0, '{"tables": [{"name": "PrimaryResult", "columns": [{"name": "TimeGenerated", "type": "datetime"}, '
                             '{"name": "Url", "type": "string"}, {"name": "ResultCode", "type": "string"}], '
                             '"rows": [["2026-11-20T10:00:00Z", "https://app.example.com/api/auth/send-otp", "200"]]}]}')],
    }
    for harness, seeds in readers.items():
        for layout, text in seeds:
            write(harness, control(layout) + text.encode())

    ndjson_ct = "\n".join(ct) + "\n"
    write("fastpath", bytes([0xFF, 0xFF, 0xFF, 0xFE]) + ndjson_ct.encode())
    write("fastpath", bytes([0x12, 0x34, 0x56, 0x78]) + ndjson_ct.encode())
    write("fastpath", bytes([0xFF, 0xFF, 0xFF, 0xFF]) + (FALCON_FDR + "\n" + FALCON_LOGSCALE + "\n").encode())

    for c, text in [(0x00, '{"Records":[' + ",".join(ct) + "]}"), (0x05, FALCON_FDR + "\n" + FALCON_LOGSCALE), (0x01, twilio_page(["SM1"])),
                    (0x00, "\n".join([access_line(), access_line(status=500)])), (0x08, subscription_document(["m1"]) + subscription_document(["m2"])),
                    (0x03, METRIC_DATA)]:
        write("source-reader", bytes([c, 3]) + text.encode())

    write("check-request", b"\x00" + b"\n".join([
        b'{"to": "+447700900123", "ip": "203.0.113.9", "user": "u-1", "session": "s-1", "purpose": "signup", "channel": "sms", "id": "r-1"}',
        b'{"to": "+447700900124", "purpose": "SIGNUP", "channel": "whatsapp", "extra": 1}',
        b'{"to": "00 44 7700 900125", "ip": "2001:db8::1"}', b'{"to": ""}', b'{"ip": "1.2.3.4"}',
        b'V{"id": "r-1"}', b'V{"to": "+447700900124"}', b'{"to": "+8821234567", "ip": "203.0.113.9", "purpose": "login", "channel": "voice"}']))
    write("guard-state", bytes([0x00, 0, 0]) + b"\x01\x02\x03")
    write("guard-state", bytes([0x08, 0, 16]) + b"\xff" * 8)

    policy_test = open(os.path.join(ROOT, "Tests", "PumpwatchGuardTests", "PolicyLoaderTests.swift")).read()
    m = re.search(r'static let full = """\n(.*?)\n\s*"""', policy_test, re.S)
    write("policy", "\n".join(line[8:] for line in m.group(1).split("\n")) + "\n")
    write("policy", "mode: enforce\ncountries: {default: filter, rules: {KP: block}}\nlimits: {numbers: 1000}\n")

    write("config", "baseline: 7d\ndetection_window: 1d\nrules:\n  repeated-destination: {parameters: {threshold: 8, window: 2m}}\n"
                    "  logscale-sms-pumping: {enabled: false}\nsuppress:\n  computer_name: [NOTIFY-01]\n  ip: [10.0.0.0/8]\n"
                    '  arn: ["arn:aws:iam::111122223333:role/notifier"]\n  phone_prefix: ["+1555"]\n  path: [/healthz]\n')
    for name in ["logscale-sms-pumping.yml", "esql-sns-direct-to-phone-spike.yml", "builtin-repeated-destination.yml"]:
        write("rule", open(os.path.join(ROOT, "Rules", name)).read())


if __name__ == "__main__":
    main()
