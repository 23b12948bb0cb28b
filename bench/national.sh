#!/usr/bin/env bash
# National load benchmark (issue 15): a PostgreSQL database `sujarit_national`
# (dropped and made again) filled by `sujarit demo national`, served on
# 127.0.0.1 with the page cache off, and wrk against the overseers' national
# and province pages, one LAO's plan page and the provinces API; then the same
# plan page on one-LAO installations (`serve --demo` on SQLite and on a
# PostgreSQL database holding only the demo LAO) in the same run. Prints
# p50/p95/p99, the ratio national/one-LAO, the national server's peak RSS and
# the database size.
#
#   bench/national.sh [ORGANIZATIONS] [COMPLAINTS] [DURATION_SECONDS]
#
# ORGANIZATIONS: empty or "all" for the whole directory (~7,150 LAOs; the
# search index and five years of figures take hours on 2 cores). The servers
# run with the figures' refresh off (`sujarit oversight refresh` is the
# generator's last step), so the load is only wrk's. SUJARIT_BIN: a built binary to use
# instead of building the release one. PG_URL: the PostgreSQL server
# (default postgres://postgres@127.0.0.1:5432, trust auth).
set -euo pipefail
cd "$(dirname "$0")/.."
orgs="${1:-all}"
complaints="${2:-1000000}"
duration="${3:-20}"
pg="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is needed" >&2; exit 1; }

if [ -n "${SUJARIT_BIN:-}" ]; then
  bin="$SUJARIT_BIN"
else
  cargo build --release -q -p sujarit
  bin=./target/release/sujarit
fi
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

national="$pg/sujarit_national"
one="$pg/sujarit_one"
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS sujarit_one WITH (FORCE)" -c "CREATE DATABASE sujarit_one"
if [ -n "${SKIP_GENERATE:-}" ]; then
  # Serve the sujarit_national left by an earlier run (its key file is gone:
  # only the demo LAO's sealed contacts need it, and no page here opens them).
  echo "== reusing sujarit_national"
else
psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS sujarit_national WITH (FORCE)" \
  -c "CREATE DATABASE sujarit_national"

echo "== generator"
cap=()
if [ "$orgs" != "all" ] && [ -n "$orgs" ]; then cap=(--organizations "$orgs"); fi
start=$(date +%s)
RUST_LOG="${RUST_LOG:-warn,sqlx=error}" "$bin" --database "$national" demo national "${cap[@]}" --complaints "$complaints" \
  --key-file "$work/national.key" 2> >(grep -v 'INFO' >&2)
echo "generator wall time: $(( $(date +%s) - start )) s"
cp "$work/national.key" "$work/key-8095"
fi

serve() { # database port log [extra…]
  local database="$1" port="$2" log="$3"; shift 3
  "$bin" --database "$database" serve --bind "127.0.0.1:$port" --files "$work/files-$port" \
    --key-file "$work/key-$port" --page-cache-seconds 0 --link-check-hours 0 \
    --oversight-refresh-minutes 0 "$@" >"$log" 2>&1 &
  echo $!
}
# Start-up publishes the generated disclosure pages of every LAO once
# (--link-check-hours 0) before listening: minutes on a national database.
wait_up() {
  local t0; t0=$(date +%s)
  for _ in $(seq 1 9000); do  # up to 30 min
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && { echo "server on $1 up after $(( $(date +%s) - t0 )) s"; return; }
    sleep 0.2
  done
  echo "server on $1 did not start" >&2; exit 1
}
national_pid="$(serve "$national" 8095 "$work/national.log")"; pids+=("$national_pid")
one_pg_pid="$(serve "$one" 8096 "$work/one-pg.log" --demo)"; pids+=("$one_pg_pid")
one_sqlite_pid="$(serve "sqlite://$work/one.db" 8097 "$work/one-sqlite.log" --demo)"; pids+=("$one_sqlite_pid")
for port in 8095 8096 8097; do wait_up "$port"; done

results="$work/results"
run() { # name url
  local out line
  out="$(wrk -t2 -c16 -d"${duration}s" --latency -s bench/percentiles.lua "$2")"
  line="$(grep '^PCT' <<<"$out" | sed 's/^PCT //')"
  printf '%-46s %s\n' "$1" "$line"
  echo "$1|$line" >>"$results"
}
p50() { grep "^$1|" "$results" | sed 's/.*p50=\([0-9.]*\)ms.*/\1/'; }
p99() { grep "^$1|" "$results" | sed 's/.*p99=\([0-9.]*\)ms.*/\1/'; }

slug="$(psql "$national" -Atc "SELECT o.slug FROM organizations o JOIN organization_directory d \
  USING (organization_id) WHERE o.slug <> 'demo' ORDER BY d.kind DESC, o.slug LIMIT 1")"
year="$(psql "$national" -Atc "SELECT max(fiscal_year) FROM organization_figures")"
echo "== wrk -t2 -c16 -d${duration}s, page cache off; one generated LAO: $slug; fiscal year $year"
for path in /oversight /oversight/provinces/80; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:8095$path")"
  [ "$code" = 200 ] || echo "note: $path answers $code (the overseers' pages come with the oversight branch)"
done
run "national /oversight" "http://127.0.0.1:8095/oversight"
run "national /oversight/provinces/80" "http://127.0.0.1:8095/oversight/provinces/80"
run "national /api/v1/oversight/provinces" "http://127.0.0.1:8095/api/v1/oversight/provinces?fiscal_year=$year"
run "national /o/$slug" "http://127.0.0.1:8095/o/$slug"
run "national /o/demo" "http://127.0.0.1:8095/o/demo"
run "one LAO (PostgreSQL) /o/demo" "http://127.0.0.1:8096/o/demo"
run "one LAO (SQLite) /o/demo" "http://127.0.0.1:8097/o/demo"

awk -v n="$(p50 'national /o/demo')" -v g="$(p50 "national /o/$slug")" \
    -v p="$(p50 'one LAO (PostgreSQL) /o/demo')" -v s="$(p50 'one LAO (SQLite) /o/demo')" \
    -v n99="$(p99 'national /o/demo')" -v p99="$(p99 'one LAO (PostgreSQL) /o/demo')" 'BEGIN {
  printf "plan page p50 national/one-LAO: %.2f (PostgreSQL), %.2f (SQLite); generated LAO/one-LAO (PostgreSQL) %.2f; p99 national/one-LAO (PostgreSQL) %.2f\n",
    n / p, n / s, g / p, n99 / p99 }'
echo "national server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$national_pid/status")"
echo "one-LAO servers peak RSS: PostgreSQL $(awk '/VmHWM/ {print $2, $3}' "/proc/$one_pg_pid/status"), SQLite $(awk '/VmHWM/ {print $2, $3}' "/proc/$one_sqlite_pid/status")"
echo "database size: $(psql "$national" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))")"
