-- Posts varied /v1/check bodies: numbers from cheap and expensive destinations, including a
-- sequential block, random client addresses, users, sessions and purposes. Bodies are built once
-- per thread (so wrk's own cost stays low) and drawn at random for each request.
-- The bearer token comes from PW_TOKEN. Prints one PW_RESULT line when done.

local token = os.getenv("PW_TOKEN") or ""
local bodies = {}
local threads = {}
local count = 20000

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 7919 + (id or 0))
  local destinations = {
    { "+447700", 6 }, { "+447911", 6 }, { "+1555", 7 }, { "+1202", 7 }, { "+4915", 9 },
    { "+33612", 6 }, { "+23480", 8 }, { "+8801", 9 }, { "+88213", 6 }, { "+9891", 8 },
  }
  local purposes = { "signup", "login", "reset", "other" }
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  for i = 1, count do
    local to
    if i % 10 == 0 then
      -- a pumping block: neighbouring numbers from rotating addresses
      to = string.format("+44770090%04d", i % 400)
    else
      local d = destinations[math.random(#destinations)]
      to = d[1] .. string.format("%0" .. d[2] .. "d", math.random(0, 10 ^ d[2] - 1))
    end
    local ip = string.format("%d.%d.%d.%d", math.random(1, 223), math.random(0, 255), math.random(0, 255), math.random(1, 254))
    local body = string.format(
      '{"to":"%s","ip":"%s","user":"u-%d","session":"s-%d","purpose":"%s","channel":"sms"}',
      to, ip, math.random(1, 50000), math.random(1, 200000), purposes[math.random(#purposes)])
    bodies[i] = wrk.format("POST", "/v1/check", headers, body)
  end
end

function request()
  return bodies[math.random(count)]
end

function done(summary, latency, requests)
  io.write(string.format(
    "PW_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
