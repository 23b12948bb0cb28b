#!/usr/bin/env bash
# Load tests of issue 12 (hardening), on 127.0.0.1 only, against
# `sujarit serve --demo` (SQLite, release build, as it runs by default):
#
# 1. The plan page's throughput alone, then while other clients ask for a
#    report PDF with a new query string each time (report_flood.lua), and
#    while others send wrong-password logins with made-up e-mails
#    (login_flood.lua): printed as ratios to the plan page alone, measured in
#    the same run.
# 2. Wrong passwords for one account from many connections at once: how many
#    were checked (401) and how many refused (429), and the server's peak
#    memory during the made-up e-mail flood (argon2id behind a semaphore).
#
#   bench/hardening.sh [DURATION_SECONDS] [CONNECTIONS]
#   SUJARIT_BIN=path/to/sujarit bench/hardening.sh   (measure another build)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

binary="${SUJARIT_BIN:+$(realpath "${SUJARIT_BIN}")}"
if [ -z "$binary" ]; then
  cargo build --release -q -p sujarit
  binary="$PWD/target/release/sujarit"
fi
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=8097
base="http://127.0.0.1:$port"

"$binary" --database "sqlite://$work/bench.db" serve --demo --bind "127.0.0.1:$port" \
  --files "$work/files" --key-file "$work/keys.txt" --link-check-hours 0 \
  >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$base/o/demo/reports/monitoring-2568-6m.pdf" -o /dev/null \
  || { echo "the demo's report is missing" >&2; exit 1; }

rps() { awk '/Requests\/sec/ {print $2}'; }
plan() { wrk -t1 -c"$connections" -d"${duration}s" "$base/o/demo" | rps; }

alone="$(plan)"
wrk -t1 -c"$connections" -d"$((duration + 2))s" -s bench/report_flood.lua "$base" \
  >"$work/reports.txt" 2>&1 &
sleep 1
with_reports="$(plan)"
wait $!
reports_rps="$(rps <"$work/reports.txt")"

peak=0
watch_memory() {
  while kill -0 "$server" 2>/dev/null; do
    rss="$(awk '/VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null || echo 0)"
    [ "${rss:-0}" -gt "$(cat "$work/peak" 2>/dev/null || echo 0)" ] && echo "$rss" >"$work/peak"
    sleep 0.1
  done
}
echo 0 >"$work/peak"
before_rss="$(awk '/VmRSS/ {print $2}' "/proc/$server/status")"
watch_memory &
watcher=$!
LOGIN_ORIGIN="$base" wrk -t1 -c"$connections" -d"$((duration + 2))s" -s bench/login_flood.lua \
  "$base" >"$work/logins.txt" 2>&1 &
sleep 1
with_logins="$(plan)"
wait $!
kill "$watcher" 2>/dev/null || true
logins_rps="$(rps <"$work/logins.txt")"

LOGIN_ORIGIN="$base" LOGIN_EMAIL="admin@demo.sujarit.local" \
  wrk -t1 -c200 -d3s -s bench/login_flood.lua "$base" >"$work/one.txt" 2>&1

echo "plan page alone:                 $alone req/s"
echo "plan page during report flood:   $with_reports req/s (report requests answered: $reports_rps/s)"
echo "plan page during login flood:    $with_logins req/s (made-up e-mail logins answered: $logins_rps/s)"
awk -v a="$alone" -v r="$with_reports" -v l="$with_logins" 'BEGIN {
  printf "ratio under report flood: %.2f; under login flood: %.2f\n", r / a, l / a }'
echo "made-up e-mail logins: $(grep '^status' "$work/logins.txt" | tr '\n' ' ')"
echo "server memory: $before_rss kB before the login flood, peak $(cat "$work/peak") kB during it"
echo "200 connections guessing one account for 3 s: $(grep '^status' "$work/one.txt" | tr '\n' ' ')"
