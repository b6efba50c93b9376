#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of the production-location matcher (`imvo locations match`). Not a test; kept out
# of CI: the dedupe run alone takes several minutes and several GB.
#
# In one run, on SYNTHETIC ground truths made by scripts/bench_locations.py:
#   loc5k   5,000 rows (2,000 true locations, 50 companies): Python dedupe (as Open Supply
#           Hub configures it, trained on labelled pairs from the truth), imvo, and two
#           exact-match baselines, side by side;
#   loc100k 100,000 rows (40,000 true locations, 1,000 companies): imvo and the baselines;
#           then the hook for a 5,000-row upload into the 100,000-location store.
# Each step runs in its own process under /usr/bin/time -v (wall time, peak RSS); every
# clustering is scored by pairwise precision and recall against the truth. Prints a
# markdown table and the goals, and keeps it in WORK/report.md.
#
# Usage: scripts/bench-locations.sh [WORK]        (default target/bench-locations)
#   IMVO_BIN=path   use this imvo binary instead of `cargo build --release -p imvo-cli`
#   SEED=n          seed of the generated sets (default 1)
#   DEDUPE_SWEEP    extra dedupe thresholds to score (default 0.2,…,0.9)
# Installs its pinned Python tools into .venv-bench-locations (from
# scripts/requirements-bench-locations.txt; PyPI). Needs python3 (3.11) and /usr/bin/time.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/target/bench-locations}"
SEED="${SEED:-1}"
SWEEP="${DEDUPE_SWEEP:-0.2,0.3,0.4,0.6,0.7,0.8,0.9}"
VENV="$ROOT/.venv-bench-locations"
REQ="$ROOT/scripts/requirements-bench-locations.txt"
HELPER="$ROOT/scripts/bench_locations.py"
PY="$VENV/bin/python"
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"

# The venv is reinstalled whenever the requirements file changes.
[ -x "$PY" ] || python3 -m venv "$VENV"
STAMP="$VENV/.requirements.sha256"
if ! sha256sum --status -c "$STAMP" 2>/dev/null; then
  echo "installing the pinned benchmark tools into $VENV…" >&2
  "$VENV/bin/pip" install -q -r "$REQ"
  sha256sum "$REQ" > "$STAMP"
fi

if [ -z "${IMVO_BIN:-}" ]; then
  echo "building imvo (release)…" >&2
  (cd "$ROOT" && cargo build --release -q -p imvo-cli) ||
    { echo "build failed; IMVO_BIN=path runs with a binary built elsewhere" >&2; exit 1; }
  IMVO_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/imvo"
fi
[ -x "$IMVO_BIN" ] || { echo "no imvo binary at $IMVO_BIN" >&2; exit 1; }

# generate SET ARGS…: the set in WORK/SET (company files in uploads/), kept while its
# arguments and the generator are unchanged (the generator is deterministic).
generate() {
  local set="$1"; shift
  local dir="$WORK/$set" args="$* --seed $SEED" key
  key="$args $(sha256sum "$HELPER" | cut -c1-16)"
  if [ -f "$dir/summary.json" ] && [ "$(cat "$dir/args.txt" 2>/dev/null)" = "$key" ]; then
    return
  fi
  echo "generating $set…" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  "$PY" "$HELPER" generate $args --out "$dir/uploads" > "$dir/summary.json"
  echo "$key" > "$dir/args.txt"
}

# measure SET TOOL CMD…: runs CMD under /usr/bin/time -v, which writes SET/TOOL.csv (the
# clustering), then scores it. A failure is reported in the table, not fatal.
measure() {
  local dir="$WORK/$1" tool="$2"; shift 2
  echo "measuring $tool on $(basename "$dir")…" >&2
  rm -f "$dir/$tool".{time,skip,csv,score.json,stats.json,log}
  if /usr/bin/time -v -o "$dir/$tool.time" "$@" > "$dir/$tool.log" 2>&1; then
    "$PY" "$HELPER" score --truth "$dir/truth.csv" --predicted "$dir/$tool.csv" \
      --json "$dir/$tool.score.json" > /dev/null
  else
    echo "$tool failed on $(basename "$dir"): see $dir/$tool.log" >&2
  fi
}

# run_imvo SET: `imvo locations match`, or a note that the binary has no such command yet.
run_imvo() {
  local dir="$WORK/$1"
  if "$IMVO_BIN" locations match --help > /dev/null 2>&1; then
    measure "$1" imvo "$IMVO_BIN" locations match "$dir/uploads" --out "$dir/imvo.csv"
  else
    rm -f "$dir"/imvo.{time,csv,score.json,log}
    echo "no \`imvo locations match\` in $IMVO_BIN" > "$dir/imvo.skip"
  fi
}

# upload SET: the hook for "a 5,000-row upload into the 100,000-location store matched in
# under 5 s". Assumed interface, to adjust here when the command lands:
#   imvo locations upload --store STORE DIR [--out FILE.csv]
# adds every company file in DIR to the store (created when missing) and writes
# company,row,location_id for the rows it was given. The store is built from the 100,000
# rows first (untimed); the 5,000-row upload is timed and scored on its own rows (existing
# and new factories) against both truths.
upload() {
  local dir="$WORK/$1"
  rm -rf "$dir"/upload.{time,skip,csv,score.json,log} "$dir/store"
  if ! "$IMVO_BIN" locations upload --help > /dev/null 2>&1; then
    echo "no upload command" > "$dir/upload.skip"
    echo "not measured: no upload command" >&2
    return
  fi
  echo "building the store from $1 (untimed)…" >&2
  "$IMVO_BIN" locations upload --store "$dir/store" "$dir/uploads" > /dev/null
  echo "measuring the upload into the store…" >&2
  if /usr/bin/time -v -o "$dir/upload.time" "$IMVO_BIN" locations upload --store "$dir/store" \
      "$dir/upload" --out "$dir/upload.csv" > "$dir/upload.log" 2>&1; then
    "$PY" "$HELPER" score --truth "$dir/truth.csv" --truth "$dir/upload-truth.csv" \
      --predicted "$dir/upload.csv" --only-predicted --json "$dir/upload.score.json" > /dev/null
  fi
}

generate loc5k --locations 2000 --rows 5000 --companies 50
generate loc100k --locations 40000 --rows 100000 --companies 1000 --upload-rows 5000

# Other work on the machine inflates every figure; the report states the load around the run.
cut -d' ' -f1-3 /proc/loadavg > "$WORK/load_before.txt"
# dedupe iterates over sets of strings: a fixed hash seed makes its run repeatable.
measure loc5k dedupe env PYTHONHASHSEED="$SEED" "$PY" "$HELPER" dedupe --dir "$WORK/loc5k/uploads" \
  --truth "$WORK/loc5k/truth.csv" --out "$WORK/loc5k/dedupe.csv" \
  --stats "$WORK/loc5k/dedupe.stats.json" --sweep "$SWEEP" --seed "$SEED"
for set in loc5k loc100k; do
  run_imvo "$set"
  for key in exact name; do
    measure "$set" "baseline-$key" "$PY" "$HELPER" baseline --dir "$WORK/$set/uploads" \
      --out "$WORK/$set/baseline-$key.csv" --key "$key"
  done
done
upload loc100k
cut -d' ' -f1-3 /proc/loadavg > "$WORK/load_after.txt"

MACHINE="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
"$PY" "$HELPER" report --work "$WORK" --sets loc5k loc100k --machine "$MACHINE" \
  | tee "$WORK/report.md"
