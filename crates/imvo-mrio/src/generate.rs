//! Deterministic synthetic systems in pymrio's shape, for tests and benchmarks where real data
//! cannot be shipped (EXIOBASE is 1 GB per year and not ours to redistribute).
//!
//! What a generated system looks like, and why:
//! - `A` about 15 % non-zero: the domestic block of each region 60 % dense, imports spread
//!   thinly so the whole matches EXIOBASE's density; every column sums to between 0.2 and 0.6,
//!   so `‖A‖₁ < 1` and `I − A` is productive (its inverse exists and is non-negative);
//! - `Y` dense and non-negative over 7 final-demand categories per region, mostly domestic, with
//!   a zero `Export` column as in EXIOBASE ixi;
//! - `x` solved from `x = A·x + y` by the Leontief series (it converges since `‖A‖₁ ≤ 0.6`),
//!   then `Z = A·diag(x)`; the system ships `Z` and `Y` only, like pymrio's test system, so
//!   pymrio's `calc_all` computes everything else;
//! - two extensions (`emissions` with `(stressor, compartment)` rows and `resources` with a single
//!   `stressor` level) sharing the stressors, each with `F` and an `F_Y` on household demand;
//! - a population per region, so the per-capita accounts exist.
//!
//! The same [`GenerateSpec`] gives the same numbers on every machine: the generator is a
//! SplitMix64 stream, not the platform's random source. `metadata.json` says "synthetic".

use faer::Mat;

use crate::error::MrioError;
use crate::system::{Extension, Index, IoSystem, Labelled, Metadata, TextColumn};

/// The EXIOBASE 3 ixi classification shipped in `data/exiobase3` (see its README for source
/// and licence), embedded so the binary works from any directory.
pub mod exiobase3 {
    const REGIONS: &str = include_str!("../../../data/exiobase3/regions.tsv");
    const SECTORS: &str = include_str!("../../../data/exiobase3/sectors.tsv");
    const FINAL_DEMAND: &str = include_str!("../../../data/exiobase3/finaldemand.tsv");

    /// Column `col` of a shipped TSV table, header dropped.
    fn column(table: &str, col: usize) -> Vec<String> {
        table
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| l.split('\t').nth(col).map(str::to_string))
            .collect()
    }

    /// The 49 region codes in EXIOBASE 3 order.
    pub fn regions() -> Vec<String> {
        column(REGIONS, 0)
    }

    /// The 163 industry names (`ExioName`), as EXIOBASE's `A.txt` labels them.
    pub fn sectors() -> Vec<String> {
        column(SECTORS, 1)
    }

    /// The 7 final-demand category names.
    pub fn final_demand() -> Vec<String> {
        column(FINAL_DEMAND, 1)
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSpec {
    /// Number of regions (≤ 49 with `exiobase`).
    pub regions: usize,
    /// Sectors per region (≤ 163 with `exiobase`).
    pub sectors: usize,
    /// Stressors in all, split over the two extensions (first half `emissions`).
    pub stressors: usize,
    /// Seed of the random stream.
    pub seed: u64,
    /// Use EXIOBASE 3's region codes and industry names instead of `reg1`, `sec1` ….
    pub exiobase: bool,
}

/// SplitMix64: tiny, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Log-uniform in [lo, hi): spreads values over orders of magnitude as real data does.
    fn log_range(&mut self, lo: f64, hi: f64) -> f64 {
        (lo.ln() + (hi.ln() - lo.ln()) * self.unit()).exp()
    }
}

/// Share of each final-demand category in a region's demand (households, NPISH, government,
/// capital formation, inventories, valuables, export): a plausible spread, nothing more.
const CATEGORY_SHARES: [f64; 7] = [0.6, 0.02, 0.15, 0.2, 0.025, 0.005, 0.0];

fn labels(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}{i}")).collect()
}

/// Generates the system described by `spec` (see the module docs).
pub fn generate(spec: &GenerateSpec) -> Result<IoSystem, MrioError> {
    if spec.regions == 0 || spec.sectors == 0 {
        return Err(MrioError::Invalid(
            "a system needs at least one region and one sector".into(),
        ));
    }
    let (regions, sectors) = if spec.exiobase {
        let (r, s) = (exiobase3::regions(), exiobase3::sectors());
        if spec.regions > r.len() || spec.sectors > s.len() {
            return Err(MrioError::Invalid(format!(
                "EXIOBASE 3 ixi has {} regions and {} industries; asked for {} and {}",
                r.len(),
                s.len(),
                spec.regions,
                spec.sectors
            )));
        }
        (r[..spec.regions].to_vec(), s[..spec.sectors].to_vec())
    } else {
        (labels("reg", spec.regions), labels("sec", spec.sectors))
    };
    let categories = exiobase3::final_demand();
    let (nr, ns, nc) = (regions.len(), sectors.len(), categories.len());
    let n = nr * ns;
    let mut rng = Rng(spec.seed ^ 0x1D_E5_A7_0B_A5_E3);

    // A, column by column, kept sparse while x is solved.
    let p_dom = 0.6f64;
    let p_for = if nr > 1 {
        ((0.15 * nr as f64 - p_dom) / (nr as f64 - 1.0)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mut cols: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
    for j in 0..n {
        let rj = j / ns;
        let mut col = Vec::new();
        let mut dom = 0.0;
        let mut imp = 0.0;
        for i in 0..n {
            let domestic = i / ns == rj;
            let p = if domestic { p_dom } else { p_for };
            if i == j || rng.unit() < p {
                let w = rng.log_range(1e-3, 1.0);
                if domestic {
                    dom += w;
                } else {
                    imp += w;
                }
                col.push((i, w));
            }
        }
        let total = rng.range(0.2, 0.6);
        let import_share = if imp > 0.0 { rng.range(0.1, 0.4) } else { 0.0 };
        for (i, w) in &mut col {
            *w *= if *i / ns == rj {
                total * (1.0 - import_share) / dom
            } else {
                total * import_share / imp
            };
        }
        cols.push(col);
    }

    // Y: region rr's demand for industry i.
    let fd = Index::product("region", &regions, "category", &categories);
    let ind = Index::product("region", &regions, "sector", &sectors);
    let mut y = Mat::<f64>::zeros(n, nr * nc);
    let mut size = vec![0.0; n];
    for (i, s) in size.iter_mut().enumerate() {
        let _ = i;
        *s = rng.log_range(10.0, 1e5);
    }
    for rr in 0..nr {
        for (c, share) in CATEGORY_SHARES.iter().enumerate() {
            if *share == 0.0 {
                continue;
            }
            let mut col = y.col_mut(rr * nc + c);
            for i in 0..n {
                let domestic = i / ns == rr;
                let f = if domestic { 1.0 } else { 0.02 };
                col[i] = size[i] * share * f * rng.range(0.5, 1.5);
            }
        }
    }
    let yrow: Vec<f64> = (0..n)
        .map(|i| (0..y.ncols()).map(|c| y[(i, c)]).sum())
        .collect();

    // x = A x + y by the Leontief series, until it stops changing.
    let mut x = yrow.clone();
    for _ in 0..500 {
        let mut next = yrow.clone();
        for (j, col) in cols.iter().enumerate() {
            for &(i, a) in col {
                next[i] += a * x[j];
            }
        }
        let change = next
            .iter()
            .zip(&x)
            .map(|(a, b)| (a - b).abs() / a.abs().max(f64::MIN_POSITIVE))
            .fold(0.0, f64::max);
        x = next;
        if change < 1e-15 {
            break;
        }
    }
    let mut z = Mat::<f64>::zeros(n, n);
    for (j, col) in cols.iter().enumerate() {
        let mut zc = z.col_mut(j);
        for &(i, a) in col {
            zc[i] = a * x[j];
        }
    }
    drop(cols);

    let mut sys = IoSystem {
        meta: synthetic_meta(spec),
        z: Some(Labelled::new(ind.clone(), ind.clone(), z)?),
        y: Some(Labelled::new(ind.clone(), fd.clone(), y)?),
        unit: Some(TextColumn {
            rows: ind.clone(),
            name: "unit".into(),
            values: vec!["M.EUR".into(); n],
        }),
        ..IoSystem::default()
    };
    let pop = Mat::from_fn(1, nr, |_, _| rng.log_range(3e5, 1.4e9).round());
    sys.population = Some(Labelled::new(
        Index::single("", vec!["Population".into()]),
        Index::single("", regions.clone()),
        pop,
    )?);

    // Extensions: intensities spread over orders of magnitude; F = S · diag(x).
    let k1 = spec.stressors.div_ceil(2);
    let k2 = spec.stressors - k1;
    let compartments = ["air", "water", "soil"];
    let mut add_ext =
        |folder: &str, name: &str, rows: Index, unit: &str| -> Result<(), MrioError> {
            let k = rows.len();
            if k == 0 {
                return Ok(());
            }
            let mut f = Mat::<f64>::zeros(k, n);
            let mut fy = Mat::<f64>::zeros(k, nr * nc);
            for s in 0..k {
                let scale = rng.log_range(1e-2, 1e3);
                for j in 0..n {
                    if rng.unit() < 0.85 {
                        f[(s, j)] = scale * rng.log_range(1e-3, 1.0) * x[j];
                    }
                }
                if s % 2 == 0 {
                    for rr in 0..nr {
                        fy[(s, rr * nc)] = scale * rng.log_range(1.0, 1e4);
                    }
                }
            }
            let mut ext = Extension::new(
                folder,
                format!("{name} (synthetic)"),
                Labelled::new(rows.clone(), ind.clone(), f)?,
            );
            ext.f_y = Some(Labelled::new(rows.clone(), fd.clone(), fy)?);
            ext.unit = Some(TextColumn {
                values: vec![unit.into(); k],
                rows,
                name: "unit".into(),
            });
            sys.extensions.push(ext);
            Ok(())
        };
    let e_names = labels("emission", k1);
    let e_comp: Vec<String> = (0..k1)
        .map(|i| compartments[i % compartments.len()].to_string())
        .collect();
    add_ext(
        "emissions",
        "Emissions",
        Index::new(
            vec!["stressor".into(), "compartment".into()],
            vec![e_names, e_comp],
        )?,
        "kg",
    )?;
    add_ext(
        "resources",
        "Resources",
        Index::single("stressor", labels("resource", k2)),
        "t",
    )?;
    sys.check()?;
    Ok(sys)
}

fn synthetic_meta(spec: &GenerateSpec) -> Metadata {
    let mut extra = serde_json::Map::new();
    extra.insert("synthetic".into(), true.into());
    extra.insert(
        "generator".into(),
        serde_json::json!({
            "program": "imvo risk generate",
            "regions": spec.regions,
            "sectors": spec.sectors,
            "stressors": spec.stressors,
            "seed": spec.seed,
            "exiobase_labels": spec.exiobase,
        }),
    );
    Metadata {
        description: format!(
            "synthetic system: values are random (imvo risk generate, seed {}){}; not real data",
            spec.seed,
            if spec.exiobase {
                ", labels are EXIOBASE 3 ixi's"
            } else {
                ""
            }
        ),
        name: if spec.exiobase {
            "synthetic_exio3_ixi".into()
        } else {
            "synthetic".into()
        },
        system: Some("ixi".into()),
        version: Some(format!("synthetic-{}", spec.seed)),
        history: vec![format!(
            "imvo - SYNTHETIC - generated {} regions × {} sectors, {} stressors, seed {}",
            spec.regions, spec.sectors, spec.stressors, spec.seed
        )],
        extra,
    }
}
