#!/usr/bin/env bash
# Takes a screenshot of the web console with real alerts in it, for the docs and for review.
#
# Builds the debug binary, simulates a week of telemetry with attacks, starts `pumpwatch serve`
# on a free port (temporary configuration and SQLite store), posts the telemetry to /v1/events so
# that the detections raise alerts, acknowledges one, signs in through the login form, and has a
# headless Chromium open the console with that session and save bench/console.png.
#
# Chromium is installed from Debian's packages when missing. The token never appears in a URL:
# the session cookie is handed to Chromium over the DevTools protocol.
#
#   scripts/console-screenshot.sh            # writes bench/console.png and prints its path
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
say() { echo "[${SECONDS}s] $*" >&2; }
cd "$root"
out="$root/bench/console.png"
mkdir -p "$root/bench"

if ! command -v chromium >/dev/null 2>&1; then
    say "installing chromium"
    if [ "$(id -u)" -eq 0 ]; then
        apt-get install -y chromium >&2
    else
        sudo apt-get install -y chromium >&2
    fi
fi
for tool in curl python3 sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is required" >&2; exit 2; }
done

say "building pumpwatch (debug)"
swift build --product pumpwatch 2>&1 | grep -E "error|Compiling|Build" >&2 || true
bin="$root/.build/debug/pumpwatch"
[ -x "$bin" ] || { echo "error: $bin was not built" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
browser_pid=""
cleanup() {
    [ -n "$browser_pid" ] && kill "$browser_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
port="$(free_port)"
devtools_port="$(free_port)"
base="http://127.0.0.1:$port"

token="$(head -c 32 /dev/urandom | base64 | tr -d '=+/' | cut -c1-40)"
digest="$(printf %s "$token" | sha256sum | cut -d' ' -f1)"
cat > "$work/pumpwatch.yml" <<YAML
server:
  listen: 127.0.0.1:$port
  log_level: warning
  tokens:
    - {name: oncall, sha256: $digest}
store:
  path: $work/pumpwatch.sqlite
detection:
  evaluate_interval: 0.2s
YAML

say "simulating telemetry"
"$bin" simulate all --out "$work/sim" --scale 0.3 >/dev/null

say "starting pumpwatch serve on $base"
"$bin" serve --config "$work/pumpwatch.yml" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "error: the server stopped" >&2; exit 1; }
    sleep 0.2
done

say "posting the telemetry to /v1/events"
posted=0
while IFS= read -r -d '' file; do
    status="$(curl -sS -o "$work/ingest.json" -w '%{http_code}' -X POST "$base/v1/events" \
        -H "Authorization: Bearer $token" --data-binary "@$file")"
    if [ "$status" = "200" ]; then
        posted=$((posted + 1))
    else
        echo "  $file: HTTP $status $(head -c 300 "$work/ingest.json")" >&2
    fi
done < <(find "$work/sim" -type f \( -name '*.json' -o -name '*.gz' -o -name '*.ndjson' -o -name '*.log' \) -print0 | sort -z)
say "posted $posted files"

say "waiting for the detections"
count=0
for _ in $(seq 1 150); do
    count="$(curl -fsS "$base/v1/alerts?limit=1000" -H "Authorization: Bearer $token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')"
    [ "$count" -gt 0 ] && { sleep 2; break; }
    sleep 0.2
done
count="$(curl -fsS "$base/v1/alerts?limit=1000" -H "Authorization: Bearer $token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')"
say "$count alerts"
[ "$count" -gt 0 ] || { echo "error: no alert was raised; see $work/serve.log" >&2; cat "$work/serve.log" >&2; exit 1; }

# Acknowledge the second newest alert, so that the page shows a triaged one too.
second="$(curl -fsS "$base/v1/alerts?limit=2" -H "Authorization: Bearer $token" | python3 -c 'import json, sys; a = json.load(sys.stdin)["alerts"]; print(a[-1]["id"])')"
curl -fsS -X POST "$base/v1/alerts/$second/acknowledge" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data '{"note": "blocking the number range at the SMS provider"}' >/dev/null

say "signing in through the login form"
cookie="$(curl -sS -o /dev/null -D - -X POST "$base/console/login" -H "Origin: $base" \
    --data-urlencode "token=$token" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: pumpwatch_session=\([^;]*\).*/\1/p')"
[ -n "$cookie" ] || { echo "error: the login form set no session cookie" >&2; exit 1; }

say "opening the console in headless Chromium"
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
    --remote-debugging-port="$devtools_port" --user-data-dir="$work/chromium" about:blank \
    >"$work/chromium.log" 2>&1 &
browser_pid=$!

python3 - "$devtools_port" "$base" "$cookie" "$out" <<'PY'
"""Drives Chromium over the DevTools protocol with the standard library only: sets the session
cookie, opens the console, waits for it to load and saves a PNG screenshot."""
import base64, json, os, socket, struct, sys, time, urllib.request

devtools_port, base, cookie, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

target = None
for _ in range(100):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list", timeout=1) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        if pages:
            target = pages[0]["webSocketDebuggerUrl"]
            break
    except OSError:
        pass
    time.sleep(0.1)
if target is None:
    sys.exit("error: Chromium's DevTools endpoint did not answer")

class WebSocket:
    """A minimal RFC 6455 client: masked text frames out, unfragmented or fragmented frames in."""

    def __init__(self, url):
        rest = url.split("://", 1)[1]
        hostport, path = rest.split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                sys.exit("error: the DevTools websocket closed during the handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            sys.exit("error: DevTools refused the websocket: " + head.decode(errors="replace"))

    def send(self, text):
        data = text.encode()
        header = bytearray([0x81])
        if len(data) < 126:
            header.append(0x80 | len(data))
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _exact(self, n):
        buf = bytearray()
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                sys.exit("error: the DevTools websocket closed")
            buf += chunk
        return bytes(buf)

    def receive(self):
        message = bytearray()
        while True:
            b0, b1 = self._exact(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(length)
            opcode = b0 & 0x0F
            if opcode == 0x8:
                sys.exit("error: DevTools closed the websocket")
            if opcode in (0x9, 0xA):
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()

ws = WebSocket(target)
next_id = 0

def call(method, **params):
    global next_id
    next_id += 1
    ws.send(json.dumps({"id": next_id, "method": method, "params": params}))
    while True:
        message = json.loads(ws.receive())
        if message.get("id") == next_id:
            if "error" in message:
                sys.exit(f"error: {method}: {message['error']}")
            return message.get("result", {})

def wait_for(event, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        message = json.loads(ws.receive())
        if message.get("method") == event:
            return message
    sys.exit(f"error: no {event} within {timeout} s")

call("Network.enable")
call("Page.enable")
result = call("Network.setCookie", name="pumpwatch_session", value=cookie, url=base + "/", path="/",
              httpOnly=True, sameSite="Strict")
if not result.get("success", True):
    sys.exit("error: Chromium refused the session cookie")
call("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
call("Page.navigate", url=base + "/")
wait_for("Page.loadEventFired")
location = call("Runtime.evaluate", expression="location.pathname", returnByValue=True)["result"].get("value")
if location != "/":
    sys.exit(f"error: the console sent the browser to {location} instead of showing the alerts")
time.sleep(0.3)
shot = call("Page.captureScreenshot", format="png")
with open(out, "wb") as f:
    f.write(base64.b64decode(shot["data"]))
PY

echo "$out"
