#!/usr/bin/env bash
# Load benchmark of the public pages (issue 3): `sujarit serve --demo` on SQLite
# against the same pages' bytes served as static files by the same stack, in
# the same run, on 127.0.0.1 only. The server is measured as it runs by
# default (rendered public pages kept up to 5 s, dropped on any write) and
# with that cache off (`--page-cache-seconds 0`: every request renders).
# Prints requests/s and p99 latency for each and the dynamic/static ratios.
#
#   bench/load.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
connections="${2:-32}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release -q -p sujarit
cargo build --release -q -p sujarit-web --example static_files
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

./target/release/sujarit --database "sqlite://$work/bench.db" serve --demo --bind 127.0.0.1:8090 \
  --files "$work/files" >"$work/serve.log" 2>&1 &
./target/release/sujarit --database "sqlite://$work/uncached.db" serve --demo --bind 127.0.0.1:8092 \
  --files "$work/files" --page-cache-seconds 0 >"$work/uncached.log" 2>&1 &
for port in 8090 8092; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
done

mkdir "$work/static"
curl -sf http://127.0.0.1:8090/o/demo -o "$work/static/plan.html"
curl -sf http://127.0.0.1:8090/o/demo/items/1.1 -o "$work/static/item.html"
./target/release/examples/static_files "$work/static" 127.0.0.1:8091 >/dev/null &
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:8091/plan.html >/dev/null && break; sleep 0.2; done

run() { # name url -> "rps p99"
  local out
  out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$2")"
  local rps p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  printf '%-28s %10s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps"
}

printf 'wrk: %s s, %s connections, 2 threads; page sizes: plan %s bytes, item %s bytes\n' \
  "$duration" "$connections" "$(wc -c <"$work/static/plan.html")" "$(wc -c <"$work/static/item.html")"
plan_static="$(run 'static plan.html' http://127.0.0.1:8091/plan.html)"
plan_dynamic="$(run 'dynamic /o/demo' http://127.0.0.1:8090/o/demo)"
plan_uncached="$(run 'uncached /o/demo' http://127.0.0.1:8092/o/demo)"
item_static="$(run 'static item.html' http://127.0.0.1:8091/item.html)"
item_dynamic="$(run 'dynamic /o/demo/items/1.1' http://127.0.0.1:8090/o/demo/items/1.1)"
item_uncached="$(run 'uncached /o/demo/items/1.1' http://127.0.0.1:8092/o/demo/items/1.1)"
awk -v pd="$plan_dynamic" -v ps="$plan_static" -v id="$item_dynamic" -v is="$item_static" \
    -v pu="$plan_uncached" -v iu="$item_uncached" 'BEGIN {
  printf "ratio dynamic/static (as served): plan page %.2f, item page %.2f\n", pd / ps, id / is
  printf "ratio dynamic/static (cache off): plan page %.2f, item page %.2f\n", pu / ps, iu / is }'
