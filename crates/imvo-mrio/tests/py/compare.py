"""Compare a system written by imvo with pymrio's own reading of a reference.

usage: compare.py OURS REF_KIND REF_PATH RTOL [calc [no-l]]
  OURS      folder written by imvo (read with pymrio.load_all)
  REF_KIND  load_all | exiobase3  (how pymrio reads REF_PATH)
  RTOL      largest accepted relative difference per array
  calc      run calc_all on the reference first (to compare computed results); the reference
            then goes through pymrio's own save_all and load_all, so both sides pass through
            the same text format (it keeps no name for a single-level column header)
  no-l      OURS was written without L: L must be absent from it and is not compared
Prints one line per problem and exits 1 if there is any. Labels (index and column values and
level names) must be identical. Unit tables are compared by their values only: pymrio reads
EXIOBASE's satellite unit.txt with the unit as a second index level (see imvo-mrio docs).
"""
import sys
import tempfile

import numpy as np
import pandas as pd
import pymrio

CORE = ["Z", "Y", "x", "A", "L", "population"]
EXT = ["F", "F_Y", "S", "S_Y", "M", "D_cba", "D_pba", "D_imp", "D_exp", "D_cba_reg",
       "D_pba_reg", "D_imp_reg", "D_exp_reg", "D_cba_cap", "D_pba_cap", "D_imp_cap", "D_exp_cap"]


def frames(io):
    out = {}
    for n in CORE + ["unit"]:
        v = getattr(io, n, None)
        if isinstance(v, pd.DataFrame):
            out[n] = v
    for e in io.get_extensions(data=True):
        for n in EXT + ["unit"]:
            v = getattr(e, n, None)
            if isinstance(v, pd.DataFrame):
                out[e.name + "/" + n] = v
    return out


def unit_values(df):
    if df.shape[1] >= 1:
        return list(df.iloc[:, 0].astype(str))
    return [str(k[-1]) for k in df.index]


def main():
    ours_path, kind, ref_path, rtol = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    calc = len(sys.argv) > 5 and sys.argv[5] == "calc"
    ref = pymrio.parse_exiobase3(ref_path) if kind == "exiobase3" else pymrio.load_all(ref_path)
    no_l = len(sys.argv) > 6 and sys.argv[6] == "no-l"
    if calc:
        ref.calc_all()
        with tempfile.TemporaryDirectory() as tmp:
            ref.save_all(tmp)
            ref = pymrio.load_all(tmp)
    if no_l:
        ref.L = None
    ours = pymrio.load_all(ours_path)
    a, b = frames(ours), frames(ref)
    problems = []
    # Extension display names may differ (ours keeps the folder's name); match on names.
    for k in sorted(set(b) - set(a)):
        problems.append(f"missing in ours: {k}")
    for k in sorted(set(a) - set(b)):
        if not k.endswith("/L") and k != "L":
            problems.append(f"extra in ours: {k}")
    worst = 0.0
    for k in sorted(set(a) & set(b)):
        x, y = a[k], b[k]
        if k.endswith("unit"):
            if unit_values(x) != unit_values(y):
                problems.append(f"{k}: unit values differ")
            continue
        if not (x.index.equals(y.index) and x.columns.equals(y.columns)):
            problems.append(f"{k}: labels differ")
            continue
        if list(x.index.names) != list(y.index.names) or list(x.columns.names) != list(y.columns.names):
            problems.append(f"{k}: level names differ {x.index.names}/{y.index.names} {x.columns.names}/{y.columns.names}")
        xv, yv = x.to_numpy(float), y.to_numpy(float)
        if xv.size == 0:
            continue
        scale = np.maximum(np.abs(yv), np.max(np.abs(yv)) * 1e-12 + 1e-300)
        rel = float(np.max(np.abs(xv - yv) / scale))
        worst = max(worst, rel)
        if not rel <= rtol:
            problems.append(f"{k}: max relative difference {rel:.3e} > {rtol:.1e}")
    for p in problems:
        print(p)
    print(f"compared {len(set(a) & set(b))} arrays, worst relative difference {worst:.3e}")
    sys.exit(1 if problems else 0)


main()
