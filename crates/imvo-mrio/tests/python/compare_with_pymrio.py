"""End-to-end check of `imvo risk calc` against pymrio (for tests of the command line).

Usage: python compare_with_pymrio.py INPUT IMVO_OUT [--no-l] [--rtol 1e-9]

INPUT is what was given to `imvo risk calc` (a pymrio folder, or an EXIOBASE 3 zip, read with
pymrio.parse_exiobase3); IMVO_OUT the folder it wrote. pymrio computes calc_all on INPUT and
reads IMVO_OUT with load_all; every array pymrio has must be in IMVO_OUT with identical labels
and values equal to rtol relative (|a − b| ≤ rtol · max(|a|, |b|)). With --no-l, L must be
absent from IMVO_OUT. Exits 0 and prints a summary when equal, 1 with the first difference
otherwise.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pymrio

CORE = ["Z", "Y", "x", "A", "L", "population"]
EXT = ["F", "F_Y", "S", "S_Y", "M", "D_cba", "D_pba", "D_imp", "D_exp", "D_cba_reg",
       "D_pba_reg", "D_imp_reg", "D_exp_reg", "D_cba_cap", "D_pba_cap", "D_imp_cap", "D_exp_cap"]


def same_labels(a, b):
    return list(map(str, a)) == list(map(str, b))


def compare(name, ours, ref, rtol):
    if ours is None:
        return f"{name}: missing in imvo's output"
    if ours.shape != ref.shape:
        return f"{name}: shape {ours.shape} against pymrio's {ref.shape}"
    if not same_labels(ours.index, ref.index) or not same_labels(ours.columns, ref.columns):
        return f"{name}: labels differ from pymrio's"
    a, b = ours.to_numpy(dtype=float), ref.to_numpy(dtype=float)
    diff = np.abs(a - b)
    scale = np.maximum(np.abs(a), np.abs(b))
    bad = diff > rtol * scale
    if bad.any():
        i, j = np.argwhere(bad)[0]
        return (f"{name}[{ref.index[i]!r}, {ref.columns[j]!r}]: imvo {a[i, j]!r}, "
                f"pymrio {b[i, j]!r}")
    return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("input", type=Path)
    p.add_argument("imvo_out", type=Path)
    p.add_argument("--no-l", action="store_true")
    p.add_argument("--rtol", type=float, default=1e-9)
    a = p.parse_args()
    ref = pymrio.parse_exiobase3(a.input) if a.input.suffix == ".zip" else pymrio.load_all(a.input)
    ref.calc_all()
    ours = pymrio.load_all(a.imvo_out)
    errors, checked = [], 0
    for name in CORE:
        r = getattr(ref, name, None)
        if r is None:
            continue
        if name == "L" and a.no_l:
            if getattr(ours, "L", None) is not None:
                errors.append("L: present although --no-l was given")
            continue
        e = compare(name, getattr(ours, name, None), r, a.rtol)
        checked += 1
        if e:
            errors.append(e)
    ours_ext = {e.name: e for e in ours.get_extensions(data=True)}
    for ext in ref.get_extensions(data=True):
        o = ours_ext.get(ext.name)
        if o is None:
            errors.append(f"extension {ext.name}: missing in imvo's output")
            continue
        for name in EXT:
            r = getattr(ext, name, None)
            if r is None:
                continue
            e = compare(f"{ext.name}/{name}", getattr(o, name, None), r, a.rtol)
            checked += 1
            if e:
                errors.append(e)
    if errors:
        print("\n".join(errors))
        return 1
    print(f"imvo's output equals pymrio's calc_all: {checked} arrays within {a.rtol:g} relative")
    return 0


if __name__ == "__main__":
    sys.exit(main())
