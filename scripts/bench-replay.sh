#!/usr/bin/env bash
# Replay at 1,000,000 records: how long `imvo portfolio --as-of`, `imvo target` and a server
# read of a date not yet cached take on a long change log, and how much memory they use.
#
# Generates a synthetic, deterministic log (crates/imvo-app/examples/generate_log.rs) as an
# export file, imports it into a fresh SQLite store per binary, and measures each binary on its
# own store: the new build of this tree, and the old binary when its path is given (any imvo
# that reads export format version 2). Wall time and peak resident memory from /usr/bin/time;
# the server's read time from curl, its resident memory from ps after the reads. Each CLI
# figure is the median of RUNS runs after one first run, which is shown apart ("first"): in
# the new build the first replay of a long stretch saves a snapshot that the next ones use.
# Not part of CI: scripts/test.sh does not run it (it takes minutes and gigabytes).
#
# Usage: scripts/bench-replay.sh [OLD_IMVO_BINARY]
# Environment: RECORDS (default 1000000), SEED (42), RUNS (3), PORT (18090), AS_OF (2025-12-31),
# WORK (target/bench-replay: the log and the stores are kept there between runs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OLD=${1:-}
RECORDS=${RECORDS:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
PORT=${PORT:-18090}
AS_OF=${AS_OF:-2025-12-31}
WORK=${WORK:-$ROOT/target/bench-replay}
# Server reads: dates not yet cached, late in the log where the state is largest; then early
# ones, far back from the end of the log.
NEW_DATES=(2025-06-02 2025-09-15 2025-11-28 2025-12-15 2025-12-30)
EARLY_DATES=(2015-03-02 2017-06-15 2019-09-02 2021-12-01 2023-03-15)
mkdir -p "$WORK"

# Two builds: naming an example builds only the targets named, not the imvo binary.
cargo build --release -p imvo-cli >&2
cargo build --release -p imvo-app --example generate_log >&2
NEW=${CARGO_TARGET_DIR:-$ROOT/target}/release/imvo
GEN=${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/generate_log

LOG=$WORK/log-$RECORDS-$SEED.json
if [[ ! -s $LOG ]]; then
  "$GEN" "$LOG.tmp" "$RECORDS" "$SEED" >&2
  mv "$LOG.tmp" "$LOG"
fi

SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

# "seconds kB" of one run of the command, its output discarded.
measure() {
  /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" \
    || { cat "$WORK/stderr" >&2; return 1; }
  cat "$WORK/time"
}

# One table row: the first run, then the median wall time and peak memory of RUNS more.
row() {
  local label=$1 name=$2; shift 2
  local first times=() mems=() t m
  first=$(measure "$@")
  for _ in $(seq "$RUNS"); do
    read -r t m < <(measure "$@")
    times+=("$t"); mems+=("$m")
  done
  python3 - "$label" "$name" "$first" "${times[*]}" "${mems[*]}" <<'PY'
import statistics, sys
label, name, first, times, mems = sys.argv[1:]
ft, fm = first.split()
t = statistics.median(float(x) for x in times.split())
m = statistics.median(int(x) for x in mems.split())
print(f"| {label} | {name} | {t * 1000:.0f} ms | {m / 1024:.0f} MB | first run {float(ft) * 1000:.0f} ms, {int(fm) / 1024:.0f} MB |")
PY
}

server_rows() {
  local label=$1 bin=$2 db=$3
  IMVO_LOG=warn "$bin" --db "$db" serve --addr "127.0.0.1:$PORT" >"$WORK/server-$label.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.1; done
  local base="http://127.0.0.1:$PORT/api/v1/portfolio"
  local first rest=() early=()
  first=$(curl -sf -o /dev/null -w '%{time_total}' "$base?as_of=$AS_OF")
  for d in "${NEW_DATES[@]}"; do
    rest+=("$(curl -sf -o /dev/null -w '%{time_total}' "$base?as_of=$d")")
  done
  local rss
  rss=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
  for d in "${EARLY_DATES[@]}"; do
    early+=("$(curl -sf -o /dev/null -w '%{time_total}' "$base?as_of=$d")")
  done
  local rss_early
  rss_early=$(ps -o rss= -p "$SERVER_PID" | tr -d ' ')
  python3 - "$label" "$first" "${rest[*]}" "$rss" "${early[*]}" "$rss_early" <<'PY'
import statistics, sys
label, first, rest, rss, early, rss_early = sys.argv[1:]
for what, times, mem, note in [
    ("a date not yet cached, late", rest, rss, f"first read after start {float(first) * 1000:.0f} ms"),
    ("a date not yet cached, early", early, rss_early, "after the late ones"),
]:
    r = [float(x) for x in times.split()]
    print(f"| {label} | server: GET /api/v1/portfolio, {what} | {statistics.median(r) * 1000:.0f} ms "
          f"(median of {len(r)}; max {max(r) * 1000:.0f} ms) | {int(mem) / 1024:.0f} MB resident after the reads "
          f"| {note} |")
PY
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

bench() {
  local label=$1 bin=$2
  local db=$WORK/$label.db
  if [[ ! -s $db ]]; then
    rm -f "$db" "$db-wal" "$db-shm"
    "$bin" --db "$db" init >&2
    "$bin" --db "$db" import "$LOG" >&2
  fi
  row "$label" "imvo portfolio --as-of $AS_OF" "$bin" --db "$db" portfolio --as-of "$AS_OF"
  row "$label" "imvo target --as-of $AS_OF" "$bin" --db "$db" target --as-of "$AS_OF"
  server_rows "$label" "$bin" "$db"
}

echo "Replay at $RECORDS records (seed $SEED), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| build | what | time | memory | note |"
echo "|---|---|---|---|---|"
if [[ -n $OLD ]]; then bench old "$OLD"; fi
bench new "$NEW"
echo
echo "Goals: imvo portfolio --as-of and imvo target < 200 ms each; a server read of a date not"
echo "yet cached < 50 ms; server resident memory < 1 GB."
