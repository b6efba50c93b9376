"""Builds pymrio's reference results for the Rust engine's tests (tests/pymrio.rs).

Usage: python pymrio_reference.py OUT_DIR [--exio ZIP]

For each case it writes OUT_DIR/<case>/input (the system before calc_all, as pymrio's
save_all writes it) and OUT_DIR/<case>/result (pymrio.load_all(input).calc_all(), saved with
17 significant digits so the comparison is not limited by the text format). The Rust side reads
the same input, computes, and compares every array with result.

Cases:
- test: pymrio.load_test() (Z, Y, two extensions with F_Y, population);
- generated: a small deterministic system with an industry without output (a zero column
  in A), a stressor row that is zero, negative value added nowhere, an extension without F_Y,
  single-level stressor labels and a population;
- exio: the EXIOBASE-3-shaped zip given with --exio, parsed by pymrio.parse_exiobase3 (A and Y
  only, so pymrio computes x from L and y and Z from A and x). Its input is the zip itself.
"""

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio

FULL = "%.17g"


def generated_system():
    rng = np.random.default_rng(20150710)
    regions = ["NL", "DE", "CN"]
    sectors = ["agriculture", "mining", "food", "textiles", "services"]
    categories = ["households", "government"]
    ind = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    fd = pd.MultiIndex.from_product([regions, categories], names=["region", "category"])
    n = len(ind)
    z = rng.uniform(0.0, 10.0, size=(n, n)) * (rng.uniform(size=(n, n)) < 0.6)
    y = rng.uniform(1.0, 50.0, size=(n, len(fd)))
    # CN mining does not exist: no inputs, no deliveries, no final demand, hence x = 0.
    dead = ind.get_loc(("CN", "mining"))
    z[dead, :] = 0.0
    z[:, dead] = 0.0
    y[dead, :] = 0.0
    Z = pd.DataFrame(z, index=ind, columns=ind)
    Y = pd.DataFrame(y, index=ind, columns=fd)
    unit = pd.DataFrame({"unit": ["M.EUR"] * n}, index=ind)
    pop = pd.DataFrame([[17.9e6, 84.5e6, 1.41e9]], index=["Population"], columns=regions)
    io = pymrio.IOSystem(Z=Z, Y=Y, unit=unit, population=pop, name="generated", version="1", system="ixi",
                         description="synthetic test system")
    st = pd.MultiIndex.from_tuples(
        [("CO2", "air"), ("CH4", "air"), ("N", "water"), ("Pb", "soil")],
        names=["stressor", "compartment"],
    )
    f = rng.uniform(0.0, 100.0, size=(len(st), n))
    f[3, :] = 0.0  # a stressor nobody emits
    f[:, dead] = 0.0
    f_y = rng.uniform(0.0, 5.0, size=(len(st), len(fd)))
    io.emissions = pymrio.Extension(
        name="Emissions",
        F=pd.DataFrame(f, index=st, columns=ind),
        F_Y=pd.DataFrame(f_y, index=st, columns=fd),
        unit=pd.DataFrame({"unit": ["kg", "kg", "kg", "kg"]}, index=st),
    )
    emp = pd.Index(["low skilled", "high skilled"], name="stressor")
    io.employment = pymrio.Extension(
        name="Employment",
        F=pd.DataFrame(rng.uniform(0.0, 3.0, size=(2, n)) * (np.arange(n) != dead), index=emp,
                       columns=ind),
        unit=pd.DataFrame({"unit": ["1000 persons"] * 2}, index=emp),
    )
    return io


def write_case(out: Path, name: str, system, save_input=True):
    case = out / name
    if save_input:
        system.save_all(case / "input")
        system = pymrio.load_all(case / "input")
    system.calc_all()
    system.save_all(case / "result", float_format=FULL)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("--exio", type=Path)
    a = p.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    write_case(a.out, "test", pymrio.load_test())
    write_case(a.out, "generated", generated_system())
    if a.exio is not None:
        write_case(a.out, "exio", pymrio.parse_exiobase3(a.exio), save_input=False)
    print(f"pymrio {pymrio.__version__}: reference cases written to {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
