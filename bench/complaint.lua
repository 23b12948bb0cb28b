-- wrk script: every request files a new general complaint through the JSON API.
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format(
    '{"organization":"demo","channel":"general","category":"waste",' ..
    '"subject":"ขยะไม่ได้จัดเก็บ %d","details":"รถเก็บขยะไม่มาสามวันแล้ว",' ..
    '"contact":{"name":"ผู้ทดสอบ %d","phone":"0812345678"}}', counter, counter)
  return wrk.format(nil, "/api/v1/complaints", nil, body)
end
