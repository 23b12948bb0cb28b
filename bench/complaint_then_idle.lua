-- wrk script for bench/cancelled.sh: each connection files general complaints
-- through the JSON API for FILING_SECONDS (default 2; os.time counts whole
-- seconds, so 1–2 s in practice), then asks /healthz
-- until wrk stops, so that no filing is in flight when wrk cuts its
-- connections and every stored complaint had its answer read. Counts the
-- answers to filings by status and prints them when wrk is done.
local threads = {}
local counter = 0
local started = nil
local filing_seconds = tonumber(os.getenv("FILING_SECONDS") or "2")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  created = 0
  refused = 0
  filing = true
  started = os.time()
end

request = function()
  if filing and os.time() - started >= filing_seconds then
    filing = false
  end
  if not filing then
    return wrk.format("GET", "/healthz", {}, nil)
  end
  counter = counter + 1
  local body = string.format(
    '{"organization":"demo","channel":"general","category":"waste",' ..
    '"subject":"ขยะไม่ได้จัดเก็บ %d-%d","details":"รถเก็บขยะไม่มาสามวันแล้ว",' ..
    '"contact":{"name":"ผู้ทดสอบ %d","phone":"0812345678"}}', id, counter, counter)
  return wrk.format("POST", "/api/v1/complaints",
    { ["Content-Type"] = "application/json" }, body)
end

response = function(status, headers, body)
  -- A filing answers 201, /healthz 200; anything else is a failure.
  if status == 201 then
    created = created + 1
  elseif status ~= 200 then
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local total_created, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format("filings answered 201: %d\n", total_created))
  io.write(string.format("answers neither 201 nor 200: %d\n", total_refused))
end
