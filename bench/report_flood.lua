-- wrk script: every request asks for the same public report PDF with a new
-- query string, as an attacker would to get past a cache keyed on the URL.
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/o/demo/reports/monitoring-2568-6m.pdf?n=" .. math.random(1, 1000000000))
end
