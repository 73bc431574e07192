-- POST /ledgers/demo/sales with wrk (https://github.com/wg/wrk; Debian: apt-get install -y wrk), each request a new
-- sale with its own Idempotency-Key, the body and key the load tool's HTTP scenario posts. By hand, against an API
-- started with the demo data:
--   wrk -t2 -c32 -d20s --latency -s bench/wrk/sales.lua http://127.0.0.1:5000 -- run-1
-- The argument after "--" starts every key (default "wrk"): give each run its own, or a key used before is answered
-- as a replay. The load tool runs it with --http-wrk. At the end it prints "created N, other M" (201s and the rest).

api_key = "cf_demo_elder-care_demo-elder-care"

local thread_number = 0
local threads = {}

function setup(thread)
  thread_number = thread_number + 1
  thread:set("number", thread_number)
  table.insert(threads, thread)
end

function init(args)
  prefix = (args[1] or "wrk") .. "-" .. number .. "-"
  sent = 0
  created = 0
  other = 0
end

function request()
  sent = sent + 1
  local body = string.format(
    '{"provider":"elder-care","packageId":"elder-meals","tier":"paid","quantity":%d,' ..
    '"unitPrice":{"amount":"100.00","currency":"CNY"},"channel":"weChatPay","date":"2026-06-04","residentReference":"r-%d"}',
    1 + sent % 3, sent % 5000)
  return wrk.format("POST", "/ledgers/demo/sales",
    { ["Content-Type"] = "application/json", ["X-Api-Key"] = api_key, ["Idempotency-Key"] = prefix .. sent }, body)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    o = o + thread:get("other")
  end
  io.write(string.format("created %d, other %d\n", c, o))
end
