#!/usr/bin/env python3
"""A webhook receiver for pumpwatch's alert notifications, for the serve proof scripts.

Listens on 127.0.0.1:PORT and appends one JSON line per delivery to LOG:

    {"delivery": "17", "alert_id": 42, "key": "...", "rule": "...", "received_at": 1795773600.123,
     "signature_ok": true, "bytes": 1234, "complete": true}

`delivery` is the `Pumpwatch-Delivery` header (the outbox id, the same on every retry);
`signature_ok` says whether `Pumpwatch-Signature` verifies with the secret in the environment
variable named by --secret-env (docs/webhooks.md); `complete` is false when the body ended before
its Content-Length (the sender was killed mid-request). Every delivery is answered 200, after
--delay seconds. Writes its port to --port-file once listening (use port 0 for a free one).

    receiver.py --log deliveries.ndjson --secret-env HOOK_SECRET --port 0 --port-file port
"""
import argparse
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import time


def verify(secret: bytes, header: str, body: bytes) -> bool:
    fields = [part.strip().split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in fields if key == "t"]
    signatures = [value for key, value in fields if key == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    if abs(time.time() - int(timestamps[0])) > 300:
        return False
    expected = hmac.new(secret, timestamps[0].encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, s) for s in signatures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True, help="file the deliveries are appended to, one JSON line each")
    parser.add_argument("--secret-env", required=True, help="environment variable holding the signing secret")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", help="file to write the listening port to")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds to wait before answering each delivery")
    args = parser.parse_args()
    secret = os.environ.get(args.secret_env, "").encode()
    if not secret:
        print(f"receiver: the environment variable {args.secret_env} is not set", file=sys.stderr)
        return 2
    lock = threading.Lock()
    out = open(args.log, "a", buffering=1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            received = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            try:
                alert = json.loads(body)
            except ValueError:
                alert = {}
            record = {
                "delivery": self.headers.get("Pumpwatch-Delivery"),
                "alert_id": alert.get("id") if isinstance(alert, dict) else None,
                "key": alert.get("key") if isinstance(alert, dict) else None,
                "rule": alert.get("rule") if isinstance(alert, dict) else None,
                "entities": alert.get("entities") if isinstance(alert, dict) else None,
                "received_at": received,
                "signature_ok": verify(secret, self.headers.get("Pumpwatch-Signature", ""), body),
                "bytes": len(body),
                # A sender killed mid-request leaves a short body: not a delivery, it is retried.
                "complete": len(body) == length,
            }
            with lock:
                out.write(json.dumps(record) + "\n")
            if args.delay > 0:
                time.sleep(args.delay)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(args.port_file + ".tmp", args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
