-- wrk script: wrong-password logins, counting the answers by status.
-- LOGIN_EMAIL set: every guess is for that account (the throttle's case);
-- unset: a made-up e-mail each time (each one runs argon2id: the memory case).
local threads = {}
function setup(thread) table.insert(threads, thread) end

function init(args)
  statuses = {}
  email = os.getenv("LOGIN_EMAIL")
  origin = os.getenv("LOGIN_ORIGIN")
  math.randomseed(os.time() + math.random(1, 100000))
end

request = function()
  local who = email or ("u" .. math.random(1, 1000000000) .. "@x.th")
  local body = "organization=demo&email=" .. who:gsub("@", "%%40") ..
    "&password=guess" .. math.random(1, 1000000000)
  return wrk.format("POST", "/staff/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
