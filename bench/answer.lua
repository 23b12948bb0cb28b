-- wrk script: every request answers the survey in SURVEY_PATH through the
-- JSON API with a new respondent token (one answer per device is enforced,
-- so each token is unique: the thread's id, then a counter).
local counter = 0
local thread_id = 0
local path = os.getenv("SURVEY_PATH")
-- A new token space for every run: wrk starts each run's counters again.
local run = os.time()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
request = function()
  counter = counter + 1
  local rating = 3 + (counter % 3)
  local body = string.format(
    '{"answers":{"q1":%d,"q2":%d,"q3":5,"q4":4,"q5":%d,"q6":"%d","q7":"ทดสอบ"},' ..
    '"respondent":"bench-%d-%s-%d"}',
    rating, rating, rating, counter % 5, run, tostring(tid), counter)
  return wrk.format(nil, path, nil, body)
end
