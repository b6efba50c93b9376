"""A system built from scratch in memory with pymrio, as a user would, saved for imvo.

Usage: python scratch_system.py OUT_DIR

Builds an IOSystem from DataFrames (no metadata given, so pymrio saves `null` for `system` and
`version`), with the variants pymrio's save_all then writes:
- an extension whose name is None (`"name": null` in its file_parameters.json) and whose F was
  built from integers (an int64 column in Parquet, integers in text) with an unnamed
  single-level stressor index (`__index_level_0__` in Parquet);
- an extension with a numeric name (`"name": 7`), multi-level stressors and F_Y;
- no x, no A, no unit, no population: pymrio computes them.

Writes OUT_DIR/input_txt and OUT_DIR/input_parquet (save_all in both table formats, before
calc_all) and OUT_DIR/result (calc_all, saved as text with 17 significant digits so that the
comparison is not limited by the format). Prints what it wrote.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio


def build():
    rng = np.random.default_rng(16)
    regions = ["NL", "BD", "CN", "TR"]
    sectors = ["agriculture", "textiles", "chemicals", "services"]
    ind = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector"])
    fd = pd.MultiIndex.from_product([regions, ["households", "investment"]],
                                    names=["region", "category"])
    n = len(ind)
    z = rng.uniform(0.0, 20.0, size=(n, n)) * (rng.uniform(size=(n, n)) < 0.7)
    y = rng.uniform(5.0, 80.0, size=(n, len(fd)))
    io = pymrio.IOSystem(Z=pd.DataFrame(z, index=ind, columns=ind),
                         Y=pd.DataFrame(y, index=ind, columns=fd))
    io.labour = pymrio.Extension(
        name=None,
        F=pd.DataFrame(rng.integers(0, 500, size=(2, n)), index=["child labour", "forced labour"],
                       columns=ind),
    )
    st = pd.MultiIndex.from_tuples([("CO2", "air"), ("N", "water"), ("Pb", "soil")],
                                   names=["stressor", "compartment"])
    io.emissions = pymrio.Extension(
        name=7,
        F=pd.DataFrame(rng.uniform(0.0, 90.0, size=(3, n)), index=st, columns=ind),
        F_Y=pd.DataFrame(rng.uniform(0.0, 4.0, size=(3, len(fd))), index=st, columns=fd),
    )
    return io


def main():
    out = Path(sys.argv[1])
    build().save_all(out / "input_txt")
    build().save_all(out / "input_parquet", table_format="parquet")
    io = build()
    io.calc_all()
    io.save_all(out / "result", float_format="%.17g")
    print(f"pymrio {pymrio.__version__}: a system built in memory, saved to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
