//! The screening mode: every industry of the system is a national sector of its own, ranked —
//! as the 2014 SRA screened the whole economy before it named its 13 sectors. Names, codes and
//! the link to the SRA sector (for its initiatives and agreements) come from the
//! classification's concordance file when there is one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Result;
use crate::inputs::{ConcordanceRow, NationalSector, Sourced, Table};

/// The concordance files shipped per classification (`sector_groups.csv`'s names).
const CONCORDANCES: [(&str, &str, &str); 2] = [
    (
        "wiod",
        "data/risk/concordance_wiod_sra.csv",
        include_str!("../../../../data/risk/concordance_wiod_sra.csv"),
    ),
    (
        "exio3",
        "data/risk/concordance_exio3_sra.csv",
        include_str!("../../../../data/risk/concordance_exio3_sra.csv"),
    ),
];

/// The shipped concordance to the SRA sectors for a classification: its label and text.
pub fn concordance_for(classification: &str) -> Option<(&'static str, &'static str)> {
    CONCORDANCES
        .iter()
        .find(|(c, _, _)| *c == classification)
        .map(|(_, p, t)| (*p, *t))
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').chars().take(48).collect()
}

/// The sector list and the identity concordance of a screening of `sectors`. `concordance` is
/// the classification's concordance to the SRA sectors (columns `mrio_sector`, optional `code`
/// and `name_nl`, `sra_sector`), used for ids, Dutch names and the SRA sector's portfolio
/// link; `label` names the system in each sector's source.
pub fn screening(
    sectors: &[String],
    concordance: Option<(&Path, &str)>,
    sra: &Sourced<NationalSector>,
    label: &str,
    year: i32,
) -> Result<(Sourced<NationalSector>, Sourced<ConcordanceRow>)> {
    let mut info: HashMap<String, (String, String, String)> = HashMap::new();
    if let Some((path, text)) = concordance {
        let t = Table::parse(path, text, &["mrio_sector", "sra_sector"])?;
        for (line, rec) in &t.records {
            let m = t.required(*line, rec, "mrio_sector")?;
            info.insert(
                m.to_string(),
                (
                    t.get(rec, "code").to_string(),
                    t.get(rec, "name_nl").to_string(),
                    t.get(rec, "sra_sector").to_string(),
                ),
            );
        }
    }
    let mut ids = HashSet::new();
    let mut rows = Vec::new();
    let mut conc = Vec::new();
    for s in sectors {
        let (code, name_nl, sra_id) = info.get(s).cloned().unwrap_or_default();
        let mut id = if code.is_empty() {
            slug(s)
        } else {
            code.clone()
        };
        while !ids.insert(id.clone()) {
            id.push('_');
        }
        let sra_sector = sra.rows.iter().find(|x| x.id == sra_id);
        rows.push(NationalSector {
            id: id.clone(),
            name_nl: if name_nl.is_empty() {
                s.clone()
            } else {
                name_nl
            },
            name_en: s.clone(),
            chapter: sra_id.clone(),
            portfolio_id: sra_sector.and_then(|x| x.portfolio_id.clone()),
            source: if code.is_empty() {
                format!("{label}: industry `{s}` (screening)")
            } else {
                format!("{label}: industry {code} (screening)")
            },
            year,
        });
        conc.push(ConcordanceRow {
            mrio_sector: s.clone(),
            national_sector: id,
            reason: "screening: every industry is its own sector".into(),
            line: 0,
        });
    }
    let path = PathBuf::from(format!("(screening of {label})"));
    Ok((
        Sourced {
            path: path.clone(),
            rows,
            synthetic: false,
        },
        Sourced {
            path,
            rows: conc,
            synthetic: false,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::parse_sectors;

    #[test]
    fn every_wiod_industry_becomes_a_sector_with_its_code_and_dutch_name() {
        let (p, text) = concordance_for("wiod").unwrap();
        let sectors: Vec<String> = Table::parse(Path::new(p), text, &["mrio_sector"])
            .unwrap()
            .records
            .iter()
            .map(|(_, r)| r[0].to_string())
            .collect();
        let sra = parse_sectors(
            Path::new("sectors.csv"),
            include_str!("../../../../data/risk/sectors.csv"),
        )
        .unwrap();
        let (s, c) = screening(&sectors, Some((Path::new(p), text)), &sra, "WIOD", 2011).unwrap();
        assert_eq!(s.rows.len(), 35);
        assert_eq!(c.rows.len(), 35);
        assert_eq!(s.rows[3].id, "c4");
        assert_eq!(s.rows[3].name_nl, "Textiel en kleding");
        assert_eq!(s.rows[3].portfolio_id.as_deref(), Some("textile"));
        assert_eq!(c.rows[3].national_sector, "c4");
    }

    #[test]
    fn without_a_concordance_ids_are_slugs() {
        let sra = Sourced {
            path: PathBuf::new(),
            rows: vec![],
            synthetic: false,
        };
        let sectors = [
            "Retail trade (52)".to_string(),
            "Retail trade 52".to_string(),
        ];
        let (s, _) = screening(&sectors, None, &sra, "X", 2011).unwrap();
        assert_eq!(s.rows[0].id, "retail_trade_52");
        assert_eq!(s.rows[1].id, "retail_trade_52_");
    }
}
