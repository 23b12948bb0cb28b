#!/usr/bin/env bash
# Benchmark of surveys (issue 10), on 127.0.0.1 only, against
# `sujarit serve --demo` (SQLite; the page cache off, so reads are uncached):
#   1. durable answers per second: wrk POSTs answers to the demo's open
#      service-satisfaction survey through
#      POST /api/v1/organizations/demo/surveys/{id}/responses (each 201 is
#      committed with synchronous=FULL), each with a new respondent token;
#      the answers stored are counted and must match the 201s;
#   2. the survey is filled up to 100,000 answers the same way, then
#      GET …/surveys/{id}/results is measured (p99).
# The baseline of both, in the same run, is GET /healthz on the same server.
#
#   bench/surveys.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-64}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install sqlite3" >&2; exit 1; }

cargo build --release -q -p sujarit
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && exec "$OLDPWD/target/release/sujarit" --database sqlite://bench.db serve --demo \
  --bind 127.0.0.1:8094 --page-cache-seconds 0 --answers-per-address 1000000000 >serve.log 2>&1) &
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8094/healthz >/dev/null && break; sleep 0.2; done

survey="$(curl -sf http://127.0.0.1:8094/api/v1/organizations/demo/surveys | python3 -c '
import json, sys
surveys = [s for s in json.load(sys.stdin) if s["kind"] == "satisfaction"]
print(next(s["id"] for s in surveys if "ให้บริการ" in s["title"]))')"
export SURVEY_PATH="/api/v1/organizations/demo/surveys/$survey/responses"
stored() { sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM survey_responses WHERE survey_id = '$survey'"; }

run() { # name seconds wrk-args... -> "rps requests p99"
  local name="$1" seconds="$2"; shift 2
  local out rps p99
  out="$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  printf '%-44s %10s req/s   p99 %s\n' "$name" "$rps" "$p99" >&2
  if grep -E "Non-2xx|Socket errors" <<<"$out" >&2; then
    echo "not every request succeeded" >&2
    exit 1
  fi
  echo "$rps $(awk '/requests in/ {print $1}' <<<"$out") $p99"
}
millis() { # "1.23ms" / "850.00us" / "1.20s" -> milliseconds
  awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v += 0; else if (t ~ /s$/) v *= 1000; print v }'
}

printf 'wrk: %s s, %s connections, 2 threads; survey %s\n' "$duration" "$connections" "$survey" >&2
read -r baseline _ base_p99 <<<"$(run 'GET /healthz (baseline)' "$duration" http://127.0.0.1:8094/healthz)"
before="$(stored)"
read -r answering acknowledged _ <<<"$(run 'POST …/responses (durable answers)' "$duration" -s bench/answer.lua http://127.0.0.1:8094)"
after="$(stored)"
printf 'acknowledged (201): %s, answers stored: %s\n' "$acknowledged" "$((after - before))" >&2
# Every 201 is stored; wrk stops with up to one request per connection in
# flight, which may be stored without wrk counting its answer.
stored_now=$((after - before))
if [ "$stored_now" -lt "$acknowledged" ] || [ "$stored_now" -gt "$((acknowledged + connections))" ]; then
  echo "stored answers ($stored_now) do not match the 201s ($acknowledged, $connections in flight)" >&2
  exit 1
fi
awk -v f="$answering" -v b="$baseline" 'BEGIN {
  printf "durable answers per second: %.0f (%.2f of the /healthz baseline)\n", f, f / b }'

# Fill to 100,000 answers at the rate just measured.
missing=$((100000 - after))
if [ "$missing" -gt 0 ]; then
  fill=$(awk -v m="$missing" -v r="$answering" 'BEGIN { printf "%d", m / r + 3 }')
  run 'filling to 100,000 answers' "$fill" -s bench/answer.lua http://127.0.0.1:8094 >/dev/null
fi
total="$(stored)"
printf 'answers in the survey: %s\n' "$total" >&2
[ "$total" -ge 100000 ] || { echo "could not reach 100,000 answers" >&2; exit 1; }
results="http://127.0.0.1:8094/api/v1/organizations/demo/surveys/$survey/results"
curl -sf "$results" | python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["responses"] >= 100000, r["responses"]'
read -r base2 _ base2_p99 <<<"$(run 'GET /healthz (baseline)' "$duration" http://127.0.0.1:8094/healthz)"
read -r reading _ read_p99 <<<"$(run 'GET …/results (100,000 answers)' "$duration" "$results")"
awk -v r="$reading" -v b="$base2" -v p="$(millis "$read_p99")" -v bp="$(millis "$base2_p99")" 'BEGIN {
  printf "results of 100,000 answers: %.0f req/s (%.2f of the baseline), p99 %.2f ms (baseline p99 %.2f ms)\n", r, r / b, p, bp }'
