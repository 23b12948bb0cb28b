#!/usr/bin/env bash
# Load benchmark of filing complaints (issue 4): wrk POSTs new complaints to
# `POST /api/v1/complaints` on `sujarit serve --demo` (SQLite, each receipt
# durable: committed with synchronous=FULL before the 201), on 127.0.0.1 only.
# The client is a machine (no cookie, no Origin), as other portals are. The
# baseline in the same run is GET /healthz on the same server: the cost of
# HTTP alone. The database is counted before and after: the rows stored must
# match the 201s.
#
#   bench/complaints.sh [DURATION_SECONDS] [CONNECTIONS]
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
  --bind 127.0.0.1:8093 --complaints-per-address 100000000 >serve.log 2>&1) &
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:8093/healthz >/dev/null && break; sleep 0.2; done

run() { # name script-args... -> "rps"
  local name="$1"; shift
  local out rps p99
  out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@")"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  printf '%-34s %10s req/s   p99 %s\n' "$name" "$rps" "$p99" >&2
  if grep -E "Non-2xx|Socket errors" <<<"$out" >&2; then
    echo "not every request succeeded" >&2
    exit 1
  fi
  echo "$rps $(awk '/requests in/ {print $1}' <<<"$out")"
}

printf 'wrk: %s s, %s connections, 2 threads\n' "$duration" "$connections" >&2
read -r baseline _ <<<"$(run 'GET /healthz (baseline)' http://127.0.0.1:8093/healthz)"
before="$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM complaints')"
read -r filing acknowledged <<<"$(run 'POST /api/v1/complaints' -s bench/complaint.lua http://127.0.0.1:8093)"
after="$(sqlite3 "$work/bench.db" 'SELECT COUNT(*) FROM complaints')"
printf 'acknowledged (201): %s, complaints stored: %s\n' "$acknowledged" "$((after - before))" >&2
awk -v f="$filing" -v b="$baseline" 'BEGIN {
  printf "acknowledged complaints per second: %.0f (%.2f of the /healthz baseline)\n", f, f / b }'
