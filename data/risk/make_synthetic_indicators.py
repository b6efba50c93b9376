"""Writes indicators_synthetic.csv: a SYNTHETIC risk-indicator set for `imvo risk demo`.

Not a measurement of anything. Likelihoods in [0, 1] per EXIOBASE 3 region x theme, from a
coarse region group and a deterministic hash jitter, plus a few region x sector rows that give
the demo recognisable hotspots. Run: python data/risk/make_synthetic_indicators.py
"""
import csv, hashlib, pathlib

REGIONS = ("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK GB "
           "US JP CN CA KR BR IN MX RU AU CH TR TW NO ID ZA WA WL WE WF WM").split()
HIGH = set("AT BE CY CZ DE DK EE ES FI FR IE IT LU MT NL PT SE SI SK GB US JP CA KR AU CH TW NO".split())
MIDDLE = set("BG GR HR HU LT LV PL RO CN BR MX RU TR ZA WE WL".split())
# everything else (IN ID WA WF WM) is the high-risk group
BASE = {"high": 0.12, "middle": 0.40, "risk": 0.68}
HERE = pathlib.Path(__file__).parent
themes = [r["id"] for r in csv.DictReader(l for l in open(HERE / "themes.csv") if not l.startswith("#"))]

def jitter(*key):
    h = hashlib.sha256("|".join(key).encode()).digest()
    return (h[0] / 255.0 - 0.5) * 0.3   # in [-0.15, 0.15]

SOURCE = "SYNTHETIC (imvo demo, make_synthetic_indicators.py; not a measurement)"
HOTSPOTS = [  # region, MRIO sector, theme, likelihood
    ("WF", "Cultivation of crops nec", "child_labour", 0.95),
    ("WA", "Cultivation of plant-based fibers", "forced_labour", 0.90),
    ("WA", "Manufacture of wearing apparel; dressing and dyeing of fur (18)", "health_safety", 0.95),
    ("WA", "Manufacture of textiles (17)", "wages", 0.92),
    ("ID", "Cultivation of oil seeds", "biodiversity_deforestation", 0.95),
    ("BR", "Cattle farming", "biodiversity_deforestation", 0.93),
    ("WF", "Mining of precious metal ores and concentrates", "conflict_security", 0.97),
    ("CN", "Manufacture of office machinery and computers (30)", "freedom_of_association", 0.90),
    ("WF", "Mining of other non-ferrous metal ores and concentrates", "child_labour", 0.93),
    ("IN", "Quarrying of stone", "child_labour", 0.90),
    ("RU", "Extraction of crude petroleum and services related to crude oil extraction, excluding surveying", "local_communities", 0.85),
    ("WM", "Extraction of crude petroleum and services related to crude oil extraction, excluding surveying", "conflict_security", 0.88),
]
with open(HERE / "indicators_synthetic.csv", "w", newline="") as f:
    f.write("# SYNTHETIC risk indicators for the imvo demo. NOT real data: do not cite, do not use for policy.\n")
    f.write("# Columns: region (EXIOBASE 3 code); sector (MRIO sector label, empty = every sector of the region); theme (id in themes.csv);\n")
    f.write("# likelihood (in [0,1], SER heat-map axis 'likelihood'); source; year. A region x sector row overrides the region row for that sector.\n")
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["region", "sector", "theme", "likelihood", "source", "year"])
    for r in REGIONS:
        group = "high" if r in HIGH else "middle" if r in MIDDLE else "risk"
        for t in themes:
            v = min(1.0, max(0.0, BASE[group] + jitter(r, t)))
            w.writerow([r, "", t, f"{v:.3f}", SOURCE, 2014])
    for r, s, t, v in HOTSPOTS:
        w.writerow([r, s, t, f"{v:.3f}", SOURCE, 2014])
