#!/usr/bin/env bash
# Benchmark of the input-output engine (issue 6, item 6). Not a test; kept out of CI.
#
# One run on the EXIOBASE-sized synthetic system (49 regions × 163 sectors, 7 final-demand
# categories, 20 stressors in two extensions) measures, one process per step, wall time and
# peak resident memory (/usr/bin/time -v) of: pymrio load_all + calc_all; numpy's inverse of
# I − A; scipy's LU with the solves imvo does without L; imvo with L, without L, footprints
# only; imvo's text parse against its cached load; and Parquet against text: imvo and pymrio
# reading the same system saved by pymrio as Parquet, and imvo writing the full result (with L,
# as `imvo risk calc` does) in each format. It writes the figures and the ratios to the
# "Input-output engine" section of BENCHMARKS.md.
#
# Usage: scripts/bench-mrio.sh [WORK_DIR]      (default /tmp/imvo-bench-mrio; ≈ 3 GB of disk)
#        BENCH_CLI=1 scripts/bench-mrio.sh   also times `imvo risk calc` end to end (builds imvo)
# The binary cache goes to WORK_DIR/cache (IMVO_CACHE_DIR), emptied first.
# Needs: IMVO_PYTHON (default .venv/bin/python) with pymrio 0.7.0, numpy, scipy; /usr/bin/time.
# Takes a few minutes and both cores: do not run it next to other heavy work.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-/tmp/imvo-bench-mrio}"
PY="${IMVO_PYTHON:-$ROOT/.venv/bin/python}"
HELPER="$ROOT/scripts/bench_mrio.py"
mkdir -p "$WORK"
cd "$ROOT"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
IMVO="$TARGET/release/imvo"
if [ "${BENCH_CLI:-0}" = 1 ]; then
  echo "building imvo (release)…" >&2
  cargo build --release -q -p imvo-cli
fi
echo "building the bench binary (release)…" >&2
# BENCH_BIN=<path> skips the build (e.g. when another build holds the target directory).
BENCH="${BENCH_BIN:-}"
[ -n "$BENCH" ] || BENCH="$(cargo bench -q -p imvo-mrio --bench mrio --no-run --message-format=json 2>/dev/null \
  | "$PY" -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "mrio" and m.get("executable"):
        print(m["executable"])')"
[ -x "$BENCH" ] || { echo "bench binary missing" >&2; exit 1; }

SYS="$WORK/exio49"
if [ ! -f "$SYS/Z.txt" ]; then
  echo "generating the synthetic system (as imvo risk generate --exiobase)…" >&2
  "$BENCH" "$SYS" generate > /dev/null
fi
[ -f "$WORK/prep.json" ] && [ -f "$WORK/arrays.npz" ] ||
  "$PY" "$HELPER" prep "$SYS" "$WORK/arrays.npz" > "$WORK/prep.json"
PQ="$WORK/exio49_parquet"
if [ ! -f "$PQ/Z.parquet" ]; then
  echo "saving the system as Parquet with pymrio…" >&2
  "$PY" "$HELPER" to-parquet "$SYS" "$PQ"
fi

# measure NAME CMD…: runs CMD under /usr/bin/time -v; stdout (JSON) to NAME.json.
measure() {
  local name="$1"; shift
  echo "measuring $name…" >&2
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.json"
}
# numpy, scipy and pymrio with OpenBLAS choosing its own kernels and cache sizes.
NOPIN=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)

export IMVO_CACHE_DIR="$WORK/cache"
rm -rf "$IMVO_CACHE_DIR" "$SYS.imvo-cache"
# Other work on the machine inflates every figure; the report states the load around the run.
cut -d' ' -f1-3 /proc/loadavg > "$WORK/load_before.txt"
measure pymrio "${NOPIN[@]}" "$PY" "$HELPER" pymrio "$SYS"
measure numpy "${NOPIN[@]}" "$PY" "$HELPER" numpy "$WORK/arrays.npz"
measure scipy "${NOPIN[@]}" "$PY" "$HELPER" scipy "$WORK/arrays.npz"
measure load_text "$BENCH" "$SYS" load --no-cache
measure footprints_text "$BENCH" "$SYS" footprints --no-cache
measure load_write_cache "$BENCH" "$SYS" load
measure load_cached "$BENCH" "$SYS" load
measure footprints_cached "$BENCH" "$SYS" footprints
measure no_l_cached "$BENCH" "$SYS" no-l
measure full_cached "$BENCH" "$SYS" full
measure accuracy "$BENCH" "$SYS" accuracy
measure pymrio_parquet "${NOPIN[@]}" "$PY" "$HELPER" pymrio-load "$PQ"
measure load_parquet "$BENCH" "$PQ" load --no-cache
rm -rf "$WORK/out_txt" "$WORK/out_parquet"
measure write_text "$BENCH" "$SYS" write txt "$WORK/out_txt"
rm -rf "$WORK/out_txt"
measure write_parquet "$BENCH" "$SYS" write parquet "$WORK/out_parquet"
rm -rf "$WORK/out_parquet"
rm -rf "$WORK/out" "$WORK/cli_full.time"
if [ "${BENCH_CLI:-0}" = 1 ]; then
  echo "measuring cli_full…" >&2
  /usr/bin/time -v -o "$WORK/cli_full.time" "$IMVO" risk calc "$SYS" --out "$WORK/out" > "$WORK/cli_full.txt"
  rm -rf "$WORK/out"
fi

cut -d' ' -f1-3 /proc/loadavg > "$WORK/load_after.txt"
"$PY" "$HELPER" sizes "$SYS" "$PQ" > "$WORK/sizes.json"
"$PY" - "$WORK" <<'PYEOF' > "$WORK/results.json"
import json, platform, re, subprocess, sys
from pathlib import Path
w = Path(sys.argv[1])
def timing(name):
    t = (w / f"{name}.time").read_text()
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    el = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = 0.0
    for part in el.split(":"):
        secs = secs * 60 + float(part)
    return rss, secs
out = {"prep": json.loads((w / "prep.json").read_text()),
       "sizes": json.loads((w / "sizes.json").read_text())}
for name in ["pymrio", "numpy", "scipy", "load_text", "footprints_text", "load_write_cache",
             "load_cached", "footprints_cached", "no_l_cached", "full_cached", "accuracy",
             "pymrio_parquet", "load_parquet", "write_text", "write_parquet"]:
    rss, secs = timing(name)
    out[name] = {"inner": json.loads((w / f"{name}.json").read_text()), "rss_kb": rss, "wall_s": secs}
if (w / "cli_full.time").exists():
    rss, secs = timing("cli_full")
    out["cli_full"] = {"rss_kb": rss, "wall_s": secs, "stdout": (w / "cli_full.txt").read_text()}
cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
model = re.search(r"Model name:\s+(.*)", cpu)
out["machine"] = f"{model.group(1).strip() if model else platform.processor()}, 2 cores"
out["load"] = [(w / f"load_{t}.txt").read_text().strip() for t in ("before", "after")]
print(json.dumps(out, indent=1))
PYEOF
"$PY" "$HELPER" report "$WORK/results.json" "$ROOT/BENCHMARKS.md" "scripts/bench-mrio.sh"
