#!/usr/bin/env bash
# Benchmark of the sector risk analysis (not a test; kept out of CI).
#
# In one run on the synthetic EXIOBASE-sized system (49 regions × 163 industries, seed 1) with
# the risk extension of the shipped inputs (22 themes, SYNTHETIC indicators, the SRA
# concordance), both read from the same pymrio text folder:
#   1. imvo (examples/bench_risk, release): read + the whole analysis — footprints of every
#      theme for every sector, hotspots, structural paths (5 main themes per sector);
#   2. pymrio 0.7: load_all + calc_all + D_cba of NL summed per sector (the same footprints);
# checks that both give the same footprints (max relative difference) and prints wall time and
# peak resident memory (/usr/bin/time). The example builds without the report machinery, so no
# PDF engine is compiled.
#
# Usage: scripts/bench-risk.sh [workdir]     (needs ~350 MB of disk in workdir)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${IMVO_PYTHON:-$ROOT/.venv/bin/python}
WORK=${1:-$(mktemp -d)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
cargo build --release -q -p imvo-risk --no-default-features --example bench_risk
BENCH=$CARGO_TARGET_DIR/release/examples/bench_risk

rm -rf "$WORK/sys"
"$BENCH" export "$WORK/sys"
/usr/bin/time -f '%e %M' -o "$WORK/imvo.time" "$BENCH" run "$WORK/sys" "$WORK/imvo.json" > "$WORK/imvo.out"
cat > "$WORK/pm.py" <<'PY'
import json, sys, time
import pandas as pd, pymrio
t0 = time.perf_counter(); io = pymrio.load_all(sys.argv[1]); t1 = time.perf_counter()
io.calc_all(); t2 = time.perf_counter()
conc = pd.read_csv(sys.argv[2], comment="#"); group = dict(zip(conc.mrio_sector, conc.sra_sector))
D = io.risk.D_cba.xs("NL", axis=1, level="region"); fp = D.T.groupby(D.columns.map(group)).sum().T
t3 = time.perf_counter()
worst = 0.0
for sid, th, v in json.load(open(sys.argv[3])):
    w = fp.loc[th, sid]
    if w != 0:
        worst = max(worst, abs(v - w) / abs(w))
print(f"load {t1-t0:.2f} calc {t2-t1:.2f} group {t3-t2:.2f} worst {worst:.1e}")
PY
/usr/bin/time -f '%e %M' -o "$WORK/pm.time" "$PY" "$WORK/pm.py" "$WORK/sys" \
  data/risk/concordance_exio3_sra.csv "$WORK/imvo.json" > "$WORK/pm.out"
echo "imvo:   $(head -1 "$WORK/imvo.out")   [wall s, peak KB: $(cat "$WORK/imvo.time")]"
echo "        $(sed -n 2p "$WORK/imvo.out")"
echo "pymrio: $(cat "$WORK/pm.out")   [wall s, peak KB: $(cat "$WORK/pm.time")]"
read -r iw ik < "$WORK/imvo.time"; read -r pw pk < "$WORK/pm.time"
python3 -c "print(f'ratio pymrio/imvo wall {$pw/$iw:.1f}x, memory {$pk/$ik:.1f}x')"
