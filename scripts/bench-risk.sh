#!/usr/bin/env bash
# Benchmark of the sector risk analysis (not a test; kept out of CI).
#
# In one run on the synthetic EXIOBASE-sized system (49 regions × 163 industries, 22 risk
# themes, NL's final demand split over the SRA's 13 sectors + other) it measures:
#   1. imvo: read the system (pymrio text) + the whole analysis (footprints of every theme for
#      every sector, hotspots, structural paths), without the reports;
#   2. pymrio 0.7: load_all + calc_all of the same system with the same risk extension, then
#      the same footprints (D_cba of NL summed per sector) — pymrio has no hotspot/path step;
# and checks that both give the same footprints (max relative difference). Wall time and peak
# resident memory come from /usr/bin/time. Prints a Markdown section for BENCHMARKS.md.
#
# Usage: scripts/bench-risk.sh [workdir]     (needs ~1 GB of disk in workdir)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${IMVO_PYTHON:-$ROOT/.venv/bin/python}
WORK=${1:-$(mktemp -d)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -q -p imvo-cli
IMVO=$CARGO_TARGET_DIR/release/imvo
TIME=/usr/bin/time

echo "== preparing the system with the risk extension in $WORK/sys" >&2
rm -rf "$WORK/sys" "$WORK/prep" "$WORK/run"
"$IMVO" risk demo --out "$WORK/prep" --formats md --export-system "$WORK/sys" >/dev/null

echo "== imvo: read + analyse" >&2
$TIME -f '%e %M' -o "$WORK/imvo.time" "$IMVO" risk demo --system "$WORK/sys" --out "$WORK/run" \
  --formats md > "$WORK/imvo.out"
analysis_line=$(grep '^Analysis time' "$WORK/imvo.out")

echo "== pymrio: load_all + calc_all + footprints" >&2
cat > "$WORK/pymrio_risk.py" <<'PY'
import json, sys, time
import pandas as pd, pymrio
sysdir, conc_path, analysis_path = sys.argv[1:4]
t0 = time.perf_counter()
io = pymrio.load_all(sysdir)
t1 = time.perf_counter()
io.calc_all()
t2 = time.perf_counter()
conc = pd.read_csv(conc_path, comment="#")
group = dict(zip(conc.mrio_sector, conc.sra_sector))
D = io.risk.D_cba.xs("NL", axis=1, level="region")
fp = D.T.groupby(D.columns.map(group)).sum().T     # theme × national sector
t3 = time.perf_counter()
an = json.load(open(analysis_path))
worst = 0.0
for s in an["sectors"]:
    for c in s["cells"]:
        want = fp.loc[c["theme"], s["sector"]["id"]]
        if want != 0:
            worst = max(worst, abs(c["embodied"] - want) / abs(want))
print(f"{t1-t0:.2f} {t2-t1:.2f} {t3-t2:.2f} {worst:.1e}")
PY
$TIME -f '%e %M' -o "$WORK/pymrio.time" "$PY" "$WORK/pymrio_risk.py" "$WORK/sys" \
  data/risk/concordance_exio3_sra.csv "$WORK/run/analysis.json" > "$WORK/pymrio.out"

read -r imvo_wall imvo_kb < "$WORK/imvo.time"
read -r py_wall py_kb < "$WORK/pymrio.time"
read -r py_load py_calc py_fp worst < "$WORK/pymrio.out"
analysis_s=$(echo "$analysis_line" | sed -E 's/^Analysis time: ([0-9.]+) s.*/\1/')
paths_line=$(grep '^Paths:' "$WORK/imvo.out" || true)
ratio=$(python3 -c "print(f'{$py_wall/$analysis_s:.1f}')")
ratio_wall=$(python3 -c "print(f'{$py_wall/$imvo_wall:.1f}')")
mem=$(python3 -c "print(f'{$py_kb/$imvo_kb:.1f}')")
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)
cat <<MD
## Sector risk analysis

Command: \`scripts/bench-risk.sh\` ($(date -u +%Y-%m-%d), $(nproc) cores, $cpu). One run, the same
synthetic EXIOBASE-sized system (49 × 163, the SRA concordance, 22 themes, NL's final demand),
read from the same pymrio text folder by both sides.

| step | wall time | peak RSS |
|---|---|---|
| imvo \`risk demo --system\` (read text + whole analysis, no reports) | ${imvo_wall} s | $((imvo_kb / 1024)) MB |
| of which the analysis proper (${analysis_line#Analysis time: }) | ${analysis_s} s | |
| pymrio \`load_all\` + \`calc_all\` + D_cba per sector | ${py_wall} s | $((py_kb / 1024)) MB |
| of which load_all / calc_all / grouping | ${py_load} / ${py_calc} / ${py_fp} s | |

- pymrio end to end ÷ imvo end to end: **${ratio_wall}×**; pymrio ÷ imvo's analysis time
  (both including reading the system): **${ratio}×**; memory ratio ${mem}×.
- imvo additionally computes hotspots and structural paths for every sector × theme; pymrio
  computes L and accounts the analysis does not need (that is its only route to D_cba).
- Same footprints: max relative difference of every sector × theme embodied risk to pymrio's
  D_cba: ${worst}.
- ${paths_line}
MD
