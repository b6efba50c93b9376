#!/usr/bin/env bash
# Load test of `imvo serve` with wrk, on SQLite and on PostgreSQL, in a release build.
#
# Loopback only (127.0.0.1) and bounded: every run lasts DURATION seconds (default 10) with
# CONNECTIONS connections (default 32) on THREADS wrk threads (default 2). Measures:
#   1. GET  /api/v1/portfolio?as_of=2015-07-10        (the cached portfolio read)
#   2. GET  /api/v1/trajectories/textile?as_of=...    (another read: cached replay, fresh JSON)
#   3. POST /api/v1/events                            (a write: validated append, dated WRITE_DATE)
# and prints one Markdown table row per run (requests/s, p50, p99), as in BENCHMARKS.md.
#
# Usage: bash scripts/load-test.sh [sqlite|postgres|both]   (default both)
# Needs: wrk (installed from Debian when missing), curl, python3, PostgreSQL on 127.0.0.1:5432
# for the postgres runs (IMVO_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WHICH=${1:-both}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
# The date of the events written: today, as a secretariat records what just happened. An earlier
# date than the log's last record (the shipped history reaches 2020-07-10) takes the slower
# back-dated path, which replays every record after it again.
WRITE_DATE=${WRITE_DATE:-$(date +%F)}
ADMIN_URL=${IMVO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PASSWORD="load-test-password-1"

if ! command -v wrk >/dev/null; then
  echo "installing wrk" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi

# IMVO_BIN names a binary built already (e.g. with other profile settings); otherwise a
# release build is made here.
if [[ -z ${IMVO_BIN:-} ]]; then
  cargo build --release -p imvo-cli >&2
fi
BIN=${IMVO_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/imvo}

WORK=$(mktemp -d)
SERVER_PID=
PG_DB=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n $PG_DB ]]; then
    python3 - "$ADMIN_URL" "$PG_DB" <<'PY' || true
import subprocess, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
subprocess.run(["psql", "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres",
                "-d", u.path.lstrip("/") or "postgres", "-qc", f"DROP DATABASE IF EXISTS {sys.argv[2]} WITH (FORCE)"], check=True)
PY
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

psql_admin() {
  python3 - "$ADMIN_URL" "$1" <<'PY'
import subprocess, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
subprocess.run(["psql", "-h", u.hostname or "127.0.0.1", "-p", str(u.port or 5432), "-U", u.username or "postgres",
                "-d", u.path.lstrip("/") or "postgres", "-qc", sys.argv[2]], check=True)
PY
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

# The write: one new event per request, with an id unique per wrk thread and request.
cat >"$WORK/write.lua" <<'LUA'
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  counter = 0
  token = args[1]
  date = args[2]
end
function request()
  counter = counter + 1
  local body = string.format(
    '{"date":"' .. date .. '","source":{"document":"load test","locator":"wrk"},' ..
    '"change":{"id":"load-%d-%d","event":"meeting","trajectories":["textile"],' ..
    '"description":{"nl":"Belasting","en":"Load"}}}', tid, counter)
  return wrk.format("POST", "/api/v1/events",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
LUA
cat >"$WORK/report.lua" <<'LUA'
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
end
LUA
cat "$WORK/report.lua" >>"$WORK/write.lua"

run_wrk() { # label, then wrk arguments
  local label=$1; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s "$@")
  read -r rps p50 p99 total errors < <(grep '^RESULT' <<<"$out" | cut -d' ' -f2-)
  printf '| %s | %s | %s | %s ms | %s ms | %s | %s |\n' "$STORE" "$label" "$rps" "$p50" "$p99" "$total" "$errors"
}

bench_store() {
  STORE=$1
  local db
  case $STORE in
    sqlite) db=$WORK/imvo.db ;;
    postgres)
      PG_DB=imvo_load_$$
      psql_admin "DROP DATABASE IF EXISTS $PG_DB"
      psql_admin "CREATE DATABASE $PG_DB"
      db="${ADMIN_URL%/*}/$PG_DB" ;;
  esac
  "$BIN" --db "$db" init >&2
  "$BIN" --db "$db" load data/portfolio/seed-2015-07-10.toml data/portfolio/history-2014-2019.toml >&2
  echo "$PASSWORD" | "$BIN" --db "$db" user add loadtest --role secretariat --password-stdin >&2
  IMVO_LOG=warn "$BIN" --db "$db" serve --addr "127.0.0.1:$PORT" >"$WORK/server-$STORE.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$PORT"
  local csrf token
  csrf=$(curl -sf -c "$WORK/jar" -H 'Content-Type: application/json' \
    -d "{\"username\":\"loadtest\",\"password\":\"$PASSWORD\"}" "$base/api/v1/session" | json_field csrf_token)
  token=$(curl -sf -b "$WORK/jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
    -d '{"name":"load test"}' "$base/api/v1/tokens" | json_field token)
  # Warm the caches once, as any earlier reader would have.
  curl -sf "$base/api/v1/portfolio?as_of=2015-07-10" >/dev/null
  curl -sf "$base/api/v1/trajectories/textile?as_of=2015-07-10" >/dev/null
  run_wrk "GET /api/v1/portfolio" -s "$WORK/report.lua" "$base/api/v1/portfolio?as_of=2015-07-10"
  run_wrk "GET /api/v1/trajectories/textile" -s "$WORK/report.lua" "$base/api/v1/trajectories/textile?as_of=2015-07-10"
  run_wrk "POST /api/v1/events ($WRITE_DATE)" -s "$WORK/write.lua" "$base" -- "$token" "$WRITE_DATE"
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

echo "| store | endpoint | requests/s | p50 | p99 | requests | errors |"
echo "|---|---|---|---|---|---|---|"
case $WHICH in
  sqlite|postgres) bench_store "$WHICH" ;;
  both) bench_store sqlite; bench_store postgres ;;
  *) echo "usage: $0 [sqlite|postgres|both]" >&2; exit 2 ;;
esac
