-- Posts NDJSON batches of CloudTrail records to POST /v1/events for bench/serve/run, as
-- `ingest.py throughput` does but with wrk, whose own cost is a small part of a core.
-- The batch templates (PW_TEMPLATES, files separated by ':') hold placeholders: every request
-- fills in a fresh counter (8 hex digits in every eventID, 4 digits in every texted number) and
-- the current time, so no record repeats one sent before. Each template is cut at its
-- placeholders once per thread; a body is the pieces joined. Counts the events accepted and the
-- duplicates from the answers; prints one PW_RESULT line when done.

local token = os.getenv("PW_TOKEN") or ""
local run = tonumber(os.getenv("PW_RUN") or "0")
local templates = {}
local threads = {}
local headers = { ["Content-Type"] = "application/x-ndjson", ["Authorization"] = "Bearer " .. token }
local placeholders = { ["@@@@@@@@"] = "counter", ["%%%%"] = "block", ["&&&&-&&-&&T&&:&&:&&Z"] = "time" }

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- The template as a list: literal text, and the names of the placeholders between them.
local function cut(text)
  local parts = {}
  local pos = 1
  while true do
    local best, bestEnd, bestName
    for mark, name in pairs(placeholders) do
      local s, e = string.find(text, mark, pos, true)
      if s and (not best or s < best) then best, bestEnd, bestName = s, e, name end
    end
    if not best then break end
    table.insert(parts, string.sub(text, pos, best - 1))
    table.insert(parts, { bestName })
    pos = bestEnd + 1
  end
  table.insert(parts, string.sub(text, pos))
  return parts
end

function init(args)
  for path in string.gmatch(os.getenv("PW_TEMPLATES") or "", "[^:]+") do
    local f = assert(io.open(path, "rb"))
    table.insert(templates, cut(f:read("*a")))
    f:close()
  end
  sent = 0
  accepted = 0
  duplicates = 0
  bytes = 0
  non2xx = 0
end

function request()
  -- Counters never meet: the run (warm-up 0, measured 1) is the top bit, the thread the next 7.
  local c = run * 0x80000000 + id * 0x1000000 + sent
  sent = sent + 1
  local values = {
    counter = string.format("%08x", c),
    block = string.format("%04d", 2000 + c % 8000),
    time = os.date("!%Y-%m-%dT%H:%M:%SZ"),
  }
  local parts = templates[(c % #templates) + 1]
  local out = {}
  for i = 1, #parts do
    local p = parts[i]
    if type(p) == "table" then out[i] = values[p[1]] else out[i] = p end
  end
  local body = table.concat(out)
  bytes = bytes + #body
  return wrk.format("POST", "/v1/events", headers, body)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then
    accepted = accepted + tonumber(string.match(body, '"accepted"%s*:%s*(%d+)') or 0)
    duplicates = duplicates + tonumber(string.match(body, '"duplicates"%s*:%s*(%d+)') or 0)
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local a, d, b, n = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted")
    d = d + t:get("duplicates")
    b = b + t:get("bytes")
    n = n + t:get("non2xx")
  end
  io.write(string.format(
    "PW_RESULT requests=%d duration_us=%d accepted=%d duplicates=%d bytes=%d non2xx=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, a, d, b, n, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
