//! EXIOBASE 3 as published: `IOT_<year>_ixi.zip` / `_pxp.zip` with one folder inside in pymrio's
//! layout. Read the way `pymrio.parse_exiobase3` reads it, so that labels match pymrio's:
//! `load_all`, then `F_hh` becomes `F_Y` (done by the pymrio reader), then the three-letter
//! region codes of some 3.4 ixi releases are renamed to EXIOBASE's two-letter codes.

use std::path::Path;

use crate::error::MrioError;
use crate::progress::Progress;
use crate::pymrio::read_source;
use crate::source::Source;
use crate::system::{Index, IoSystem, Labelled};

/// The renames `pymrio.parse_exiobase3` applies (pymrio 0.7.0, `tools/ioparser.py`): some
/// EXIOBASE 3.4 ixi releases carry ISO-3 region codes where the rest of EXIOBASE uses its own
/// two-letter codes.
pub const REGION_RENAMES: [(&str, &str); 49] = [
    ("AUS", "AU"),
    ("AUT", "AT"),
    ("BEL", "BE"),
    ("BGR", "BG"),
    ("BRA", "BR"),
    ("CAN", "CA"),
    ("CHE", "CH"),
    ("CHN", "CN"),
    ("CYP", "CY"),
    ("CZE", "CZ"),
    ("DEU", "DE"),
    ("DNK", "DK"),
    ("ESP", "ES"),
    ("EST", "EE"),
    ("FIN", "FI"),
    ("FRA", "FR"),
    ("GBR", "GB"),
    ("GRC", "GR"),
    ("HRV", "HR"),
    ("HUN", "HU"),
    ("IDN", "ID"),
    ("IND", "IN"),
    ("IRL", "IE"),
    ("ITA", "IT"),
    ("JPN", "JP"),
    ("KOR", "KR"),
    ("LTU", "LT"),
    ("LUX", "LU"),
    ("LVA", "LV"),
    ("MEX", "MX"),
    ("MLT", "MT"),
    ("NLD", "NL"),
    ("NOR", "NO"),
    ("POL", "PL"),
    ("PRT", "PT"),
    ("ROM", "RO"),
    ("RUS", "RU"),
    ("SVK", "SK"),
    ("SVN", "SI"),
    ("SWE", "SE"),
    ("TUR", "TR"),
    ("TWN", "TW"),
    ("USA", "US"),
    ("ZAF", "ZA"),
    ("WWA", "WA"),
    ("WWE", "WE"),
    ("WWF", "WF"),
    ("WWL", "WL"),
    ("WWM", "WM"),
];

fn rename_index(idx: &mut Index) {
    for l in 0..idx.nlevels() {
        for s in idx.level_mut(l) {
            if let Some((_, to)) = REGION_RENAMES.iter().find(|(from, _)| from == s) {
                *s = (*to).to_string();
            }
        }
    }
}

fn rename_matrix(m: &mut Option<Labelled>) {
    if let Some(m) = m {
        rename_index(m.rows_mut());
        rename_index(m.cols_mut());
    }
}

/// Applies [`REGION_RENAMES`] to every label of every array, as pandas' `rename(index=…,
/// columns=…)` does in pymrio (all levels, rows and columns).
pub fn rename_regions(sys: &mut IoSystem) {
    for m in [
        &mut sys.z,
        &mut sys.a,
        &mut sys.x,
        &mut sys.y,
        &mut sys.l,
        &mut sys.population,
    ] {
        rename_matrix(m);
    }
    if let Some(u) = &mut sys.unit {
        rename_index(&mut u.rows);
    }
    for ext in &mut sys.extensions {
        for name in crate::system::EXTENSION_ARRAYS {
            if let Some(slot) = ext.array_slot(name) {
                rename_matrix(slot);
            }
        }
        if let Some(u) = &mut ext.unit {
            rename_index(&mut u.rows);
        }
    }
}

/// Reads an EXIOBASE 3 zip (or its extracted folder) as `pymrio.parse_exiobase3` does, and
/// checks it.
pub fn read_exiobase3(path: &Path, progress: &dyn Progress) -> Result<IoSystem, MrioError> {
    let src = Source::open(path)?;
    let mut sys = read_source(&src, progress)?;
    rename_regions(&mut sys);
    sys.check()?;
    Ok(sys)
}
