"""Python side of scripts/bench-mrio.sh: pymrio, numpy and scipy timings, and the report.

Subcommands (each prints one JSON object on stdout; run under /usr/bin/time -v by the shell
script, which adds wall time and peak memory):
  prep DIR NPZ          untimed: A = Z·diag(x)⁻¹, S of all extensions, Y_agg and the region
                        masks, saved for the numpy and scipy runs
  pymrio DIR            pymrio.load_all + calc_all, timed separately
  pymrio-load DIR       pymrio.load_all alone (of the Parquet copy)
  to-parquet DIR OUT    untimed: pymrio.load_all(DIR).save_all(OUT, table_format="parquet")
  sizes TEXT PARQUET    untimed: the sizes of the two folders in MB
  numpy NPZ             numpy.linalg.inv(I − A) alone (the floor for L)
  scipy NPZ             scipy.linalg.lu_factor(I − A) and the solves imvo does without L:
                        k transposed (M), R·k transposed with the domestic block zeroed (D_imp),
                        R forward (L·Y_agg)
  report RESULTS.json BENCHMARKS.md COMMAND
                        writes the "Input-output engine" section of BENCHMARKS.md
"""

import json
import sys
import time
from pathlib import Path

import numpy as np


def prep(folder, npz):
    import pymrio

    io = pymrio.load_all(folder)
    Z = io.Z.to_numpy()
    Y = io.Y.to_numpy()
    x = Z.sum(axis=1) + Y.sum(axis=1)
    with np.errstate(divide="ignore"):
        r = 1.0 / x
    r[~np.isfinite(r)] = 0.0
    A = Z * r[None, :]
    S = np.vstack([ext.F.to_numpy() * r[None, :] for ext in io.get_extensions(data=True)])
    fd_regions = io.Y.columns.get_level_values(0)
    regions = list(dict.fromkeys(fd_regions))
    Y_agg = np.column_stack([Y[:, np.asarray(fd_regions == reg)].sum(axis=1) for reg in regions])
    ind_regions = np.asarray(io.Z.index.get_level_values(0))
    mask = np.column_stack([ind_regions == reg for reg in regions])
    np.savez(npz, A=A, S=S, Y_agg=Y_agg, mask=mask)
    nnz = np.count_nonzero(A)
    print(json.dumps({"n": int(A.shape[0]), "k": int(S.shape[0]), "R": len(regions),
                      "density": nnz / A.size, "alpha": float(np.abs(A).sum(axis=0).max())}))


def run_pymrio(folder):
    import pymrio

    t0 = time.perf_counter()
    io = pymrio.load_all(folder)
    t1 = time.perf_counter()
    io.calc_all()
    t2 = time.perf_counter()
    print(json.dumps({"load_s": t1 - t0, "calc_s": t2 - t1, "total_s": t2 - t0}))


def run_pymrio_load(folder):
    import pymrio

    t0 = time.perf_counter()
    io = pymrio.load_all(folder)
    t1 = time.perf_counter()
    print(json.dumps({"load_s": t1 - t0, "check": float(io.Z.iat[0, 0])}))


def to_parquet(folder, out):
    import pymrio

    pymrio.load_all(folder).save_all(out, table_format="parquet")


def folder_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def run_numpy(npz):
    d = np.load(npz)
    A = d["A"]
    IA = np.eye(A.shape[0]) - A
    del A
    t0 = time.perf_counter()
    L = np.linalg.inv(IA)
    t1 = time.perf_counter()
    print(json.dumps({"inv_s": t1 - t0, "check": float(L[0, 0])}))


def run_scipy(npz):
    import scipy.linalg as sl

    d = np.load(npz)
    A, S, Y_agg, mask = d["A"], d["S"], d["Y_agg"], d["mask"]
    IA = np.eye(A.shape[0]) - A
    del A
    t0 = time.perf_counter()
    lu = sl.lu_factor(IA, overwrite_a=True, check_finite=False)
    t1 = time.perf_counter()
    M = sl.lu_solve(lu, S.T, trans=1, check_finite=False)
    t2 = time.perf_counter()
    k, R = S.shape[0], Y_agg.shape[1]
    rhs = np.empty((S.shape[1], k * R))
    for r in range(R):
        rhs[:, r * k:(r + 1) * k] = np.where(mask[:, r:r + 1], 0.0, S.T)
    Mimp = sl.lu_solve(lu, rhs, trans=1, check_finite=False)
    t3 = time.perf_counter()
    X = sl.lu_solve(lu, Y_agg, check_finite=False)
    t4 = time.perf_counter()
    print(json.dumps({"lu_s": t1 - t0, "m_solves_s": t2 - t1, "imp_solves_s": t3 - t2,
                      "fwd_solves_s": t4 - t3, "total_s": t4 - t0,
                      "check": float(M[0, 0] + Mimp[0, 0] + X[0, 0])}))


def fmt_s(v):
    return f"{v:.2f} s"


def fmt_mb(kb):
    return f"{kb / 1024:.0f} MB"


def report(results_path, md_path, command):
    res = json.loads(Path(results_path).read_text())
    g = lambda k: res[k]  # noqa: E731
    py = g("pymrio")
    inv = g("numpy")
    sp = g("scipy")
    fp_c, fp_t = g("footprints_cached"), g("footprints_text")
    nol = g("no_l_cached")
    full = g("full_cached")
    text, cached = g("load_text"), g("load_cached")
    cli = res.get("cli_full")
    acc = res.get("accuracy")
    prep = g("prep")
    py_total, py_rss = py["inner"]["total_s"], py["rss_kb"]
    scipy_same = sp["inner"]["total_s"]
    rows = []

    def row(step, wall, rss, note=""):
        rows.append(f"| {step} | {wall} | {rss} | {note} |")

    row("pymrio `load_all` + `calc_all`", fmt_s(py_total), fmt_mb(py_rss),
        f"load {fmt_s(py['inner']['load_s'])}, calc {fmt_s(py['inner']['calc_s'])}")
    row("numpy `inv(I − A)` alone", fmt_s(inv["inner"]["inv_s"]), fmt_mb(inv["rss_kb"]), "floor for L")
    row("scipy `lu_factor` + the solves imvo does without L", fmt_s(scipy_same), fmt_mb(sp["rss_kb"]),
        f"LU {fmt_s(sp['inner']['lu_s'])}, {prep['k']}+{prep['k'] * prep['R']} transposed and "
        f"{prep['R']} forward solves {fmt_s(sp['inner']['m_solves_s'] + sp['inner']['imp_solves_s'] + sp['inner']['fwd_solves_s'])}")
    for label, r in [
        ("imvo footprints (cached load)", fp_c),
        ("imvo footprints (text parse)", fp_t),
        ("imvo everything but L (cached load)", nol),
        ("imvo full calc with L (cached load)", full),
    ]:
        i = r["inner"]
        row(label, fmt_s(i["load_s"] + i["calc_s"]), fmt_mb(r["rss_kb"]),
            f"load {fmt_s(i['load_s'])}, calc {fmt_s(i['calc_s'])}; {i['solver'][:80]}")
    row("imvo text parse (no cache)", fmt_s(text["inner"]["load_s"]), fmt_mb(text["rss_kb"]), "")
    row("imvo cached load", fmt_s(cached["inner"]["load_s"]), fmt_mb(cached["rss_kb"]),
        f"then decoding every array densely, when a caller asks for all of them: "
        f"{fmt_s(cached['inner']['dense_s'])} more")
    if cli:
        row("`imvo risk calc` with L, end to end (cached, writes text)", fmt_s(cli["wall_s"]),
            fmt_mb(cli["rss_kb"]), "includes writing ≈ 1.3 GB of text")

    fp_total = fp_c["inner"]["load_s"] + fp_c["inner"]["calc_s"]
    fp_text_total = fp_t["inner"]["load_s"] + fp_t["inner"]["calc_s"]
    nol_total = nol["inner"]["load_s"] + nol["inner"]["calc_s"]
    goals = []

    def goal(name, ok, text_):
        goals.append(f"| {name} | {'met' if ok else 'not met'} | {text_} |")

    ra = py_total / fp_total
    rm = fp_c["rss_kb"] / py_rss
    goal("(a) footprints ≥ 20× faster than pymrio, ≤ ¼ of its memory", ra >= 20 and rm <= 0.25,
         f"{ra:.1f}× faster (cached load; {py_total / fp_text_total:.1f}× when parsing text), "
         f"{rm:.2f} of its peak memory ({fp_t['rss_kb'] / py_rss:.2f} parsing text)")
    rb1 = py_total / nol_total
    rb2 = nol["inner"]["calc_s"] / scipy_same
    goal("(b) everything but L ≥ 3× pymrio, within 1.5× of scipy's LU and solves", rb1 >= 3 and rb2 <= 1.5,
         f"{rb1:.1f}× faster than pymrio; calc {rb2:.2f}× scipy's LU + the same solves")
    rc = full["inner"]["calc_s"] / inv["inner"]["inv_s"]
    goal("(c) full calc with L within 1.25× numpy's inverse", rc <= 1.25,
         f"calc (before writing) {rc:.2f}× numpy's inverse alone")
    rd = text["inner"]["load_s"] / cached["inner"]["load_s"]
    goal("(d) cached load ≥ 20× faster than text parse", rd >= 20, f"{rd:.1f}×")

    pq_rows = []
    pq, pqpy = res.get("load_parquet"), res.get("pymrio_parquet")
    wt, wp = res.get("write_text"), res.get("write_parquet")
    if pq and pqpy and wt and wp:
        def pq_row(step, t_text, t_pq, note=""):
            pq_rows.append(f"| {step} | {fmt_s(t_text)} | {fmt_s(t_pq)} | {t_text / t_pq:.1f}× | {note} |")
        pq_row("imvo reads the system (no cache)", text["inner"]["load_s"], pq["inner"]["load_s"],
               f"{res['sizes']['text_mb']:.0f} MB of text against {res['sizes']['parquet_mb']:.0f} MB "
               "of Parquet (written by pymrio)")
        pq_row("pymrio `load_all`", py["inner"]["load_s"], pqpy["inner"]["load_s"], "")
        pq_row("imvo writes the full result with L (`imvo risk calc`'s output)",
               wt["inner"]["write_s"], wp["inner"]["write_s"],
               f"{wt['inner']['bytes'] / 1e6:.0f} MB of text against {wp['inner']['bytes'] / 1e6:.0f} MB of Parquet")
    pq_section = ""
    if pq_rows:
        pq_section = ("\n### Parquet against text\n\nSame run, same system; the Parquet copy was "
                      "written by pymrio (`save_all(table_format=\"parquet\")`). Times inside the "
                      "process; ratio = text ÷ Parquet.\n\n| step | text | Parquet | ratio | note |\n"
                      "|---|---|---|---|---|\n" + "\n".join(pq_rows) + "\n")
    acc_line = ""
    if acc:
        acc_line = (f"\nAccuracy of the iteration on this system: footprints by the iterative solver "
                    f"({acc['inner']['iterative_solver']}) differ from the LU's by at most "
                    f"{acc['inner']['max_rel_diff']:.1e} relative (elementwise).\n")
    loads = res.get('load', ['?', '?'])
    try:
        busy = max(float(x.split()[0]) for x in loads) > 2
    except (ValueError, IndexError):
        busy = True
    load_note = ("above 2: other work shared the two cores and every figure is inflated (ratios "
                 "less so, but unevenly)." if busy else
                 "at most 2: the run had the machine to itself.")
    section = f"""## Input-output engine

Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} in one run of `scripts/bench-mrio.sh`
on this machine ({res['machine']}), on the EXIOBASE-sized synthetic system from
`imvo risk generate --exiobase` ({prep['R']} regions × {prep['n'] // prep['R']} sectors, n = {prep['n']},
{prep['k']} stressors in two extensions, A {prep['density'] * 100:.1f} % non-zero, largest column sum of A
{prep['alpha']:.2f}). Wall time and peak resident memory from `/usr/bin/time -v`, one process per
row; "load" and "calc" are the timings inside the process. numpy/scipy/pymrio ran with
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset. Load average (1, 5, 15 min) before the run
{loads[0]}, after {loads[1]}: {load_note}

Reproduce: `{command}`

| step | time | peak memory | note |
|---|---|---|---|
{chr(10).join(rows)}

| goal | result | measured |
|---|---|---|
{chr(10).join(goals)}
{acc_line}{pq_section}"""
    md = Path(md_path)
    text_md = md.read_text() if md.exists() else "# Benchmarks\n"
    start = text_md.find("## Input-output engine")
    if start >= 0:
        nxt = text_md.find("\n## ", start + 5)
        text_md = text_md[:start] + section + (text_md[nxt + 1:] if nxt >= 0 else "")
    else:
        text_md = text_md.rstrip("\n") + "\n\n" + section
    tmp = md.with_suffix(".md.tmp")
    tmp.write_text(text_md)
    tmp.replace(md)
    print(section)


def main():
    cmd = sys.argv[1]
    if cmd == "prep":
        prep(sys.argv[2], sys.argv[3])
    elif cmd == "pymrio":
        run_pymrio(sys.argv[2])
    elif cmd == "pymrio-load":
        run_pymrio_load(sys.argv[2])
    elif cmd == "to-parquet":
        to_parquet(sys.argv[2], sys.argv[3])
    elif cmd == "sizes":
        print(json.dumps({"text_mb": folder_mb(sys.argv[2]), "parquet_mb": folder_mb(sys.argv[3])}))
    elif cmd == "numpy":
        run_numpy(sys.argv[2])
    elif cmd == "scipy":
        run_scipy(sys.argv[2])
    elif cmd == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(f"unknown subcommand {cmd}")


if __name__ == "__main__":
    main()
