#!/usr/bin/env python3
"""Walks every route of a running `pumpwatch serve` and checks who gets in.

Started by scripts/route-walk.sh with the server's configuration in the environment:
PW_WALK_URL, PW_WALK_TOKEN (a configured bearer token), PW_WALK_TWILIO_TOKEN (the Twilio auth
token), PW_WALK_TWILIO_USER / PW_WALK_TWILIO_PASSWORD (the Event Streams sink's Basic
credentials), PW_WALK_FIREHOSE_KEY (a Firehose access key), PW_WALK_PUBLIC_URL
(`ingest.public_url`), PW_WALK_BODY_LIMIT and PW_WALK_INGEST_LIMIT (bytes), PW_WALK_LOG (the
server's log, checked for secrets and errors at the end).

Prints one line per check and `route-walk: N passed, M failed`; exits 1 when any failed.

Twilio signatures are computed here from Twilio's documented algorithm, independently of the
server's code: HMAC-SHA1 keyed by the auth token over the full URL followed by each POST
parameter's name and value, sorted by name, base64-encoded; for JSON bodies Twilio adds
`bodySHA256` (the hex SHA-256 of the raw body) to the URL's query and signs the URL alone.
"""
import base64
import gzip
import hashlib
import hmac
import http.client
import json
import os
import sys
import time
import urllib.parse
import uuid

URL = os.environ["PW_WALK_URL"]
TOKEN = os.environ["PW_WALK_TOKEN"]
TWILIO_TOKEN = os.environ["PW_WALK_TWILIO_TOKEN"]
TWILIO_USER = os.environ["PW_WALK_TWILIO_USER"]
TWILIO_PASSWORD = os.environ["PW_WALK_TWILIO_PASSWORD"]
FIREHOSE_KEY = os.environ["PW_WALK_FIREHOSE_KEY"]
PUBLIC_URL = os.environ["PW_WALK_PUBLIC_URL"]
BODY_LIMIT = int(os.environ["PW_WALK_BODY_LIMIT"])
INGEST_LIMIT = int(os.environ["PW_WALK_INGEST_LIMIT"])
HOST, PORT = URL.split("://", 1)[1].rstrip("/").rsplit(":", 1)
PORT = int(PORT)
ACCOUNT_SID = "AC66caa060b7db817dce3e657006cf5647"

passed = 0
failed = []


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def header(self, name):
        return self.headers.get(name.lower())

    def __str__(self):
        text = self.body[:160].decode(errors="replace").replace("\n", " ")
        return f"{self.status} {text}"


def call(method, path, body=b"", headers=None, chunked=False):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        h = dict(headers or {})
        if chunked:
            conn.putrequest(method, path)
            for k, v in h.items():
                conn.putheader(k, v)
            conn.putheader("Transfer-Encoding", "chunked")
            conn.endheaders()
            try:
                for i in range(0, len(body), 65536):
                    piece = body[i:i + 65536]
                    conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.send(b"0\r\n\r\n")
            except OSError:
                pass  # the server may answer and close before the whole body is sent
        else:
            conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def check(name, ok, answer=None, detail=""):
    global passed
    text = f"{name}: {answer.status if isinstance(answer, Answer) else answer}" if answer is not None else name
    if detail:
        text += f" ({detail})"
    if ok:
        passed += 1
        print(f"  ok   {text}")
    else:
        failed.append(text)
        extra = f" -> {answer}" if isinstance(answer, Answer) else ""
        print(f"  FAIL {text}{extra}")


def bearer(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


# ---- Twilio, from Twilio's documentation --------------------------------------------------------

def twilio_form_signature(token, url, params):
    data = url + "".join(k + v for k, v in sorted(params))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def twilio_json_url(url, body):
    return url + ("&" if "?" in url else "?") + "bodySHA256=" + hashlib.sha256(body).hexdigest()


def status_callback(sid, status="delivered", to="+447700900123"):
    return [
        ("MessageSid", sid), ("SmsSid", sid), ("AccountSid", ACCOUNT_SID),
        ("MessagingServiceSid", "MG2b8e4f6a1c3d5e7f9a0b1c2d3e4f5a6b"), ("From", "+15017122661"), ("To", to),
        ("MessageStatus", status), ("SmsStatus", status), ("ApiVersion", "2010-04-01"),
        ("NumSegments", "1"), ("Price", "-0.04000"), ("PriceUnit", "USD"),
    ]


def cloud_events(n=3):
    events = []
    for i in range(n):
        sid = "SM" + uuid.uuid4().hex
        events.append({
            "specversion": "1.0", "type": "com.twilio.messaging.message.delivered",
            "source": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json", "id": "EZ" + uuid.uuid4().hex,
            "dataschema": "https://events-schemas.twilio.com/Messaging.MessageStatus/2", "datacontenttype": "application/json",
            "time": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "data": {"accountSid": ACCOUNT_SID, "eventName": "com.twilio.messaging.message.delivered", "from": "+15017122661",
                     "messageSid": sid, "messageStatus": "DELIVERED", "messagingServiceSid": "MG2b8e4f6a1c3d5e7f9a0b1c2d3e4f5a6b",
                     "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), "to": f"+4477009001{i:02d}"},
        })
    return json.dumps(events, separators=(",", ":")).encode()


# ---- Firehose -------------------------------------------------------------------------------------

def firehose_body(request_id):
    now = int(time.time() * 1000)
    deliveries = [{
        "id": str(37000000000000000000000000000000000000000000000000000000 + now * 1000 + i), "timestamp": now,
        "message": json.dumps({
            "notification": {"messageId": str(uuid.uuid4()), "timestamp": time.strftime("%Y-%m-%d %H:%M:%S.000", time.gmtime())},
            "delivery": {"phoneCarrier": "Telia Eesti", "mnc": 1, "numberOfMessageParts": 1, "destination": f"+3725000{i:04d}",
                         "priceInUSD": 0.0645, "smsType": "Transactional", "mcc": 248,
                         "providerResponse": "Message has been accepted by phone carrier", "dwellTimeMs": 412, "dwellTimeMsUntilDeviceAck": 1873},
            "status": "SUCCESS"}),
    } for i in range(3)]
    payload = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": "sns/us-east-1/123456789012/DirectPublishToPhoneNumber",
               "logStream": str(uuid.uuid4()), "subscriptionFilters": ["pumpwatch"], "logEvents": deliveries}
    trail = {"version": "0", "id": str(uuid.uuid4()), "detail-type": "AWS API Call via CloudTrail", "source": "aws.sns",
             "account": "123456789012", "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": "us-east-1", "resources": [],
             "detail": {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEREPORT",
                        "arn": "arn:aws:iam::123456789012:user/svc-reporting", "accountId": "123456789012", "userName": "svc-reporting"},
                        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "eventSource": "sns.amazonaws.com", "eventName": "Publish",
                        "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.30",
                        "requestParameters": {"phoneNumber": "+37250001234", "message": "HIDDEN_DUE_TO_SECURITY_REASONS"},
                        "responseElements": {"messageId": str(uuid.uuid4())}, "requestID": str(uuid.uuid4()), "eventID": str(uuid.uuid4()),
                        "readOnly": False, "eventType": "AwsApiCall", "managementEvent": False, "recipientAccountId": "123456789012", "eventCategory": "Data"}}
    records = [
        {"data": base64.b64encode(gzip.compress(json.dumps(payload).encode())).decode()},
        {"data": base64.b64encode(json.dumps(trail).encode()).decode()},
    ]
    return json.dumps({"requestId": request_id, "timestamp": now, "records": records}).encode()


def firehose_headers(request_id, key=None):
    h = {"Content-Type": "application/json", "X-Amz-Firehose-Request-Id": request_id, "X-Amz-Firehose-Protocol-Version": "1.0",
         "X-Amz-Firehose-Source-Arn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/pumpwatch", "User-Agent": "Amazon Kinesis Data Firehose Agent/1.0"}
    if key is not None:
        h["X-Amz-Firehose-Access-Key"] = key
    return h


def firehose_answer_ok(a, request_id, want_error):
    body = a.json()
    if not isinstance(body, dict) or body.get("requestId") != request_id or not isinstance(body.get("timestamp"), int):
        return False
    return ("errorMessage" in body) == want_error


# ---- The walk -------------------------------------------------------------------------------------

def cloudtrail_line(event_id):
    return json.dumps({
        "eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLEREPORT", "arn": "arn:aws:iam::123456789012:user/svc-reporting",
                                                 "accountId": "123456789012", "accessKeyId": "AKIAEXAMPLEREPORT", "userName": "svc-reporting"},
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "eventSource": "sns.amazonaws.com", "eventName": "Publish", "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10", "userAgent": "aws-cli/2.15.30", "requestParameters": {"phoneNumber": "+447700900555", "message": "HIDDEN_DUE_TO_SECURITY_REASONS"},
        "responseElements": {"messageId": str(uuid.uuid4())}, "requestID": str(uuid.uuid4()), "eventID": event_id, "readOnly": False,
        "eventType": "AwsApiCall", "managementEvent": False, "recipientAccountId": "123456789012", "eventCategory": "Data"}, separators=(",", ":"))


def main():
    print("open routes")
    for path in ("/healthz", "/readyz", "/console/login"):
        a = call("GET", path)
        check(f"GET {path} without credentials", a.status == 200, a)
    a = call("GET", "/")
    check("GET / without credentials redirects to the login page", a.status in (302, 303) and (a.header("location") or "").endswith("/console/login"), a,
          f"Location: {a.header('location')}")

    print("bearer-token routes")
    doc = call("GET", "/openapi.json", headers=bearer())
    check("GET /openapi.json with the token", doc.status == 200 and isinstance(doc.json(), dict), doc)
    routes = set()
    for path, item in ((doc.json() or {}).get("paths") or {}).items():
        for method in item:
            if method.lower() in ("get", "post", "put", "patch", "delete"):
                routes.add((method.upper(), path))
    documented = set(routes)
    known = {
        ("POST", "/v1/check"), ("POST", "/v1/verified"), ("GET", "/v1/guard/stats"), ("GET", "/v1/guard/decisions"),
        ("GET", "/v1/alerts"), ("GET", "/v1/alerts/{id}"), ("POST", "/v1/alerts/{id}/acknowledge"), ("POST", "/v1/alerts/{id}/resolve"),
        ("GET", "/v1/notifications"), ("GET", "/metrics"), ("GET", "/openapi.json"), ("POST", "/v1/events"),
    }
    self_authenticated = {("POST", "/v1/twilio/events"), ("POST", "/v1/twilio/status"), ("POST", "/v1/aws/firehose")}
    console = {("GET", "/"), ("POST", "/console/logout"), ("POST", "/console/alerts/{id}/acknowledge"), ("POST", "/console/alerts/{id}/resolve")}
    open_routes = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/console/login"), ("POST", "/console/login")}
    missing = sorted((known | self_authenticated) - documented)
    check(f"/openapi.json documents every API route ({len(documented)} documented)", not missing, None,
          f"missing: {', '.join(m + ' ' + p for m, p in missing)}" if missing else "")
    routes |= known
    for method, path in sorted(routes - open_routes - self_authenticated - console):
        concrete = path.replace("{id}", "1")
        a = call(method, concrete)
        check(f"{method} {path} without credentials", a.status == 401, a)
        a = call(method, concrete, headers=bearer("not-a-configured-token"))
        check(f"{method} {path} with a wrong bearer token", a.status == 403, a)
        a = call(method, concrete, headers=bearer())
        body = a.json() or {}
        exists = a.status not in (401, 403, 404, 405) or (a.status == 404 and "alert" in json.dumps(body))
        check(f"{method} {path} with the token reaches the route", exists, a)
    a = call("GET", "/v1/no-such-route")
    check("an unknown path without credentials is refused before routing", a.status == 401, a)

    print("console")
    for method, path in sorted(console - {("GET", "/")}):
        a = call(method, path.replace("{id}", "1"), headers={"Origin": URL, "Content-Type": "application/x-www-form-urlencoded"})
        check(f"{method} {path} without a session is sent to the login page", a.status in (302, 303) and (a.header("location") or "").endswith("/console/login"), a)
    a = call("POST", "/console/login", body=urllib.parse.urlencode({"token": "not-a-configured-token"}).encode(),
             headers={"Origin": URL, "Content-Type": "application/x-www-form-urlencoded"})
    check("POST /console/login with a wrong token", a.status in (401, 403), a)
    a = call("POST", "/console/login", body=urllib.parse.urlencode({"token": TOKEN}).encode(),
             headers={"Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"})
    check("POST /console/login from another site", a.status == 403 and not a.header("set-cookie"), a)
    a = call("POST", "/console/login", body=urllib.parse.urlencode({"token": TOKEN}).encode(),
             headers={"Origin": URL, "Content-Type": "application/x-www-form-urlencoded"})
    cookie = (a.header("set-cookie") or "").split(";", 1)[0]
    check("POST /console/login with the token signs in", a.status in (302, 303) and bool(cookie), a)
    if cookie:
        a = call("GET", "/", headers={"Cookie": cookie})
        check("GET / with the session", a.status == 200 and b"<html" in a.body.lower(), a)
        a = call("POST", "/console/alerts/1/acknowledge", body=b"note=x",
                 headers={"Cookie": cookie, "Origin": "https://evil.example", "Content-Type": "application/x-www-form-urlencoded"})
        check("POST /console/alerts/{id}/acknowledge with the session from another site", a.status == 403, a)
        a = call("GET", "/", headers={"Cookie": cookie[:-4] + "0000"})
        check("GET / with a forged session cookie is sent to the login page", a.status in (302, 303), a)

    print("Twilio status callbacks: POST /v1/twilio/status")
    status_url = PUBLIC_URL + "/v1/twilio/status"
    params = status_callback("SM" + uuid.uuid4().hex)
    form = urllib.parse.urlencode(params).encode()
    good = twilio_form_signature(TWILIO_TOKEN, status_url, params)
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "TwilioProxy/1.1", "I-Twilio-Idempotency-Token": str(uuid.uuid4())}
    a = call("POST", "/v1/twilio/status", form, form_headers)
    check("without X-Twilio-Signature", a.status == 401, a)
    forged = twilio_form_signature("0" * 32, status_url, params)
    a = call("POST", "/v1/twilio/status", form, {**form_headers, "X-Twilio-Signature": forged})
    check("with a forged signature (another auth token)", a.status == 403, a)
    tampered = [(k, "+882130000001" if k == "To" else v) for k, v in params]
    a = call("POST", "/v1/twilio/status", urllib.parse.urlencode(tampered).encode(), {**form_headers, "X-Twilio-Signature": good})
    check("with a valid signature over other parameters", a.status == 403, a)
    a = call("POST", "/v1/twilio/status", form, {**form_headers, "X-Twilio-Signature": good})
    check("with a valid signature", a.status == 200 and (a.json() or {}).get("accepted") == 1, a)
    a = call("POST", "/v1/twilio/status", form, {**form_headers, "X-Twilio-Signature": good})
    check("the same callback again (a Twilio retry) is a duplicate", a.status == 200 and (a.json() or {}).get("duplicates") == 1, a)
    bad = [(k, v) for k, v in status_callback("SM" + uuid.uuid4().hex) if k not in ("MessageSid", "SmsSid")]
    a = call("POST", "/v1/twilio/status", urllib.parse.urlencode(bad).encode(),
             {**form_headers, "X-Twilio-Signature": twilio_form_signature(TWILIO_TOKEN, status_url, bad)})
    check("a validly signed callback without MessageSid is malformed", a.status == 400, a)

    print("Twilio Event Streams: POST /v1/twilio/events")
    body = cloud_events()
    signed_url = twilio_json_url(PUBLIC_URL + "/v1/twilio/events", body)
    path_query = signed_url[len(PUBLIC_URL):]
    sig = twilio_form_signature(TWILIO_TOKEN, signed_url, [])
    json_headers = {"Content-Type": "application/json", "User-Agent": "Twilio-Event-Streams/1.0"}
    a = call("POST", "/v1/twilio/events", body, json_headers)
    check("without credentials", a.status == 401, a)
    a = call("POST", path_query, body, {**json_headers, "X-Twilio-Signature": twilio_form_signature("0" * 32, signed_url, [])})
    check("with a forged signature", a.status == 403, a)
    other = cloud_events()
    a = call("POST", path_query, other, {**json_headers, "X-Twilio-Signature": sig})
    check("with a valid signature for another body (bodySHA256 does not match)", a.status == 403, a)
    plain_sig = twilio_form_signature(TWILIO_TOKEN, PUBLIC_URL + "/v1/twilio/events", [])
    a = call("POST", "/v1/twilio/events", body, {**json_headers, "X-Twilio-Signature": plain_sig})
    check("with a signature over the URL without bodySHA256", a.status == 403, a)
    a = call("POST", path_query, body, {**json_headers, "X-Twilio-Signature": sig})
    check("with a valid signature and bodySHA256", a.status == 200 and (a.json() or {}).get("accepted") == 3, a)
    basic = base64.b64encode(f"{TWILIO_USER}:{TWILIO_PASSWORD}".encode()).decode()
    a = call("POST", "/v1/twilio/events", cloud_events(), {**json_headers, "Authorization": f"Basic {basic}"})
    check("with the sink's Basic credentials", a.status == 200 and (a.json() or {}).get("accepted") == 3, a)
    wrong = base64.b64encode(f"{TWILIO_USER}:wrong-password".encode()).decode()
    a = call("POST", "/v1/twilio/events", cloud_events(), {**json_headers, "Authorization": f"Basic {wrong}"})
    check("with a wrong Basic password", a.status == 403, a)
    broken = b'[{"specversion":"1.0","type":"com.twilio.messaging.message.delivered","id":"EZ1"'
    a = call("POST", twilio_json_url(PUBLIC_URL + "/v1/twilio/events", broken)[len(PUBLIC_URL):], broken,
             {**json_headers, "X-Twilio-Signature": twilio_form_signature(TWILIO_TOKEN, twilio_json_url(PUBLIC_URL + "/v1/twilio/events", broken), [])})
    check("a validly signed truncated JSON body is malformed", a.status == 400, a)

    print("Amazon Data Firehose: POST /v1/aws/firehose")
    rid = str(uuid.uuid4())
    body = firehose_body(rid)
    a = call("POST", "/v1/aws/firehose", body, firehose_headers(rid))
    check("without an access key", a.status == 401 and firehose_answer_ok(a, rid, True), a, "Firehose's error body")
    a = call("POST", "/v1/aws/firehose", body, firehose_headers(rid, "wrong-access-key"))
    check("with a wrong access key", a.status == 403 and firehose_answer_ok(a, rid, True), a, "Firehose's error body")
    a = call("POST", "/v1/aws/firehose", body, firehose_headers(rid, FIREHOSE_KEY))
    check("with the access key", a.status == 200 and firehose_answer_ok(a, rid, False), a, "Firehose's body: requestId, timestamp")
    a = call("POST", "/v1/aws/firehose", body, firehose_headers(rid, FIREHOSE_KEY))
    check("the same request again (a Firehose retry)", a.status == 200 and firehose_answer_ok(a, rid, False), a)
    rid2 = str(uuid.uuid4())
    bad = json.dumps({"requestId": rid2, "timestamp": int(time.time() * 1000), "records": [{"data": "not base64!"}]}).encode()
    a = call("POST", "/v1/aws/firehose", bad, firehose_headers(rid2, FIREHOSE_KEY))
    check("a record that is not base64 is malformed", a.status == 400 and firehose_answer_ok(a, rid2, True), a, "Firehose's error body")

    print("body limits and malformed bodies")
    big = json.dumps({"to": "+447700900123", "ip": "203.0.113.9", "purpose": "signup", "padding": "x" * (BODY_LIMIT + 100)}).encode()
    a = call("POST", "/v1/check", big, {**bearer(), "Content-Type": "application/json"})
    check(f"POST /v1/check with {len(big)} bytes (limit {BODY_LIMIT})", a.status == 413, a)
    a = call("POST", "/v1/check", big, {**bearer(), "Content-Type": "application/json"}, chunked=True)
    check(f"POST /v1/check with {len(big)} bytes chunked, no length", a.status == 413, a)
    lines = []
    size = 0
    while size <= INGEST_LIMIT:
        line = cloudtrail_line(str(uuid.uuid4()))
        lines.append(line)
        size += len(line) + 1
    over = ("\n".join(lines) + "\n").encode()
    a = call("POST", "/v1/events", over, {**bearer(), "Content-Type": "application/x-ndjson"})
    check(f"POST /v1/events with {len(over)} bytes (limit {INGEST_LIMIT})", a.status == 413, a)
    a = call("POST", "/v1/events", over, {**bearer(), "Content-Type": "application/x-ndjson"}, chunked=True)
    check(f"POST /v1/events with {len(over)} bytes chunked, no length", a.status == 413, a)
    bomb = gzip.compress(b"\n" * (INGEST_LIMIT * 8 + 1024))
    a = call("POST", "/v1/events", bomb, {**bearer(), "Content-Type": "application/x-ndjson", "Content-Encoding": "gzip"})
    check(f"POST /v1/events with {len(bomb)} gzip bytes inflating past 8x the limit", a.status == 413, a)
    a = call("POST", "/v1/check", b'{"to": "+447700900123", "ip": ', {**bearer(), "Content-Type": "application/json"})
    check("POST /v1/check with truncated JSON", a.status == 400, a)
    a = call("POST", "/v1/check", b'{"to": "call me"}', {**bearer(), "Content-Type": "application/json"})
    check("POST /v1/check with a 'to' that is not a phone number", a.status == 400 and (a.json() or {}).get("error", {}).get("field") == "to", a)
    first = cloudtrail_line(str(uuid.uuid4()))
    bad = (first + "\n{\"eventVersion\": \"1.09\", \"eventTime\": \n").encode()
    a = call("POST", "/v1/events", bad, {**bearer(), "Content-Type": "application/x-ndjson"})
    check("POST /v1/events with a broken second record names it", a.status == 400 and b"record 2" in a.body, a)
    a = call("POST", "/v1/events", (first + "\n").encode(), {**bearer(), "Content-Type": "application/x-ndjson"})
    check("nothing of the refused batch was stored (its good first record is new)", a.status == 200 and (a.json() or {}).get("accepted") == 1, a)
    a = call("POST", "/v1/events?format=nosuchformat", cloudtrail_line(str(uuid.uuid4())).encode(), {**bearer(), "Content-Type": "application/x-ndjson"})
    check("POST /v1/events?format= with an unknown format", a.status == 400, a)
    a = call("POST", "/v1/events", b"\x1f\x8b\x08\x00garbage", {**bearer(), "Content-Type": "application/x-ndjson"})
    check("POST /v1/events with damaged gzip", a.status == 400, a)
    a = call("GET", "/v1/alerts?limit=many", headers=bearer())
    check("GET /v1/alerts?limit=many", a.status == 400, a)
    a = call("GET", "/v1/notifications?state=lost", headers=bearer())
    check("GET /v1/notifications?state=lost", a.status == 400, a)

    log_path = os.environ.get("PW_WALK_LOG")
    if log_path:
        print("the server's log")
        time.sleep(0.5)
        text = open(log_path, errors="replace").read()
        leaked = [name for name, secret in (("bearer token", TOKEN), ("Twilio auth token", TWILIO_TOKEN), ("Basic password", TWILIO_PASSWORD),
                                           ("Firehose access key", FIREHOSE_KEY)) if secret in text]
        check("no secret appears in the server's log", not leaked, None, ", ".join(leaked))
        errors = [line for line in text.splitlines() if '"level":"error"' in line or '"level":"critical"' in line]
        check("no error or critical line in the server's log", not errors, None, errors[0][:300] if errors else "")

    print(f"route-walk: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
