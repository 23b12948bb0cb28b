#!/usr/bin/env bash
# Load test of issue 16: a burst of page reads whose connections wrk cuts when
# it stops, then at once a burst of filings, on a small server: `sujarit serve
# --demo` (SQLite, release build, page cache off) pinned to core 0, wrk pinned
# to core 1, on 127.0.0.1 only. Before the fix, 30–75 % of the filings after
# such a burst answered 500 ("Safety level may not be changed inside a
# transaction").
#
# Round 0 files without a read burst before it (the baseline); rounds 1..N
# run the read burst first. Each filing burst files for 1–2 s (wrk's Lua
# clock counts whole seconds) and then
# asks /healthz until wrk stops, so no filing is cut off: the complaints
# stored must equal the 201s. Exits non-zero on any other answer, on a
# socket error during filing, or on a count that differs.
#
#   bench/cancelled.sh [ROUNDS] [CONNECTIONS]
#   SUJARIT_BIN=path/to/sujarit bench/cancelled.sh   (measure another build)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
connections="${2:-64}"
[ "$rounds" -ge 1 ] || { echo "ROUNDS must be at least 1" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed: apt-get install sqlite3" >&2; exit 1; }
[ "$(nproc)" -ge 2 ] || { echo "two cores are needed (server and wrk apart)" >&2; exit 1; }

binary="${SUJARIT_BIN:+$(realpath "${SUJARIT_BIN}")}"
if [ -z "$binary" ]; then
  cargo build --release -q -p sujarit
  binary="$PWD/target/release/sujarit"
fi
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=8094
(cd "$work" && exec taskset -c 0 "$binary" --database sqlite://bench.db \
  serve --demo --bind "127.0.0.1:$port" --page-cache-seconds 0 \
  --complaints-per-address 1000000000 >serve.log 2>&1) &
up=0
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && { up=1; break; }; sleep 0.2; done
[ "$up" -eq 1 ] || { echo "the server did not start (port $port busy?):" >&2; cat "$work/serve.log" >&2; exit 1; }

stored() { sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM complaints'; }
failed=0
total_created=0
total_refused=0
for round in $(seq 0 "$rounds"); do
  if [ "$round" -gt 0 ]; then
    reads="$(taskset -c 1 wrk -t4 -c"$connections" -d2s "http://127.0.0.1:$port/o/demo/items/1.1")"
    read_rps="$(awk '/Requests\/sec/ {print $2}' <<<"$reads")"
  else
    read_rps="-"
  fi
  before="$(stored)"
  filings="$(FILING_SECONDS=2 taskset -c 1 wrk -t4 -c"$connections" -d4s \
    -s bench/complaint_then_idle.lua "http://127.0.0.1:$port")"
  after="$(stored)"
  created="$(awk -F': ' '/filings answered 201/ {print $2}' <<<"$filings")"
  refused="$(awk -F': ' '/answers neither 201 nor 200/ {print $2}' <<<"$filings")"
  if [ -z "$created" ] || [ -z "$refused" ]; then
    echo "wrk printed no counts:" >&2; echo "$filings" >&2; exit 1
  fi
  errors="$(grep -E 'Socket errors' <<<"$filings" || true)"
  count=$((after - before))
  printf 'round %s: reads %s req/s before; filings: %s answered 201, %s other answers, %s stored%s\n' \
    "$round" "$read_rps" "$created" "$refused" "$count" "${errors:+; $errors}"
  if [ "$round" -eq 0 ]; then baseline="$created"; else
    total_created=$((total_created + created)); total_refused=$((total_refused + refused)); fi
  if [ "$refused" -ne 0 ] || [ "$count" -ne "$created" ] || [ -n "$errors" ]; then failed=1; fi
done
awk -v c="$total_created" -v r="$rounds" -v b="$baseline" 'BEGIN {
  printf "filings after a cut read burst: %.0f per round on average", c / r
  if (b > 0) printf ", %.2f of the baseline round", (c / r) / b
  printf "\n" }'
closed="$(grep -cE 'came back inside a transaction|was inside a transaction; closed' "$work/serve.log" || true)"
echo "connections closed by the pool hygiene: ${closed:-0}"
if [ "$failed" -ne 0 ]; then
  echo "FAILED: a filing was refused, a socket failed, or the stored count differs" >&2
  grep -m5 -iE 'error|failed' "$work/serve.log" >&2 || true
  exit 1
fi
echo "every filing answered 201 and was stored"
