//! Readers of the US Department of Labor's (ILAB) XML files: the country findings on the worst
//! forms of child labour (`<Countries><Country><Name>…`, with statistics such as
//! `Total_Percentage_of_Working_Children`) and the List of Goods Produced by Child Labor or
//! Forced Labor (`<Goods><Good><Good_Name>…<Countries><Country><Country_Name>…`).
//!
//! The files carry no year per value: the edition year comes from `indicator_sources.csv`.
//! A good listed for forced child labour counts for both child labour and forced labour, as
//! ILAB defines forced child labour as both.

use std::path::Path;

use roxmltree::{Document, Node};

use super::crosswalk::Crosswalk;
use super::series::{Read, Resolver, Series, Unmatched, value};
use crate::error::{Result, RiskError};

fn parse<'a>(path: &Path, text: &'a str) -> Result<Document<'a>> {
    Document::parse(text.trim_start_matches('\u{feff}')).map_err(|e| RiskError::Input {
        path: path.to_path_buf(),
        line: u64::from(e.pos().row),
        field: "(xml)".into(),
        message: format!("not well-formed XML: {e}"),
    })
}

fn line(doc: &Document<'_>, node: Node<'_, '_>) -> u64 {
    u64::from(doc.text_pos_at(node.range().start).row)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(name))
}

fn text_of<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|n| n.text()).map(str::trim)
}

fn required<'a>(
    doc: &Document<'_>,
    path: &Path,
    node: Node<'a, '_>,
    name: &str,
) -> Result<&'a str> {
    text_of(node, name)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| RiskError::Input {
            path: path.to_path_buf(),
            line: line(doc, node),
            field: name.to_string(),
            message: format!(
                "`<{}>` has no `<{name}>`; the file is not in ILAB's format",
                node.tag_name().name()
            ),
        })
}

fn elements<'a, 'i>(
    doc: &'a Document<'i>,
    path: &Path,
    root: &str,
    item: &str,
) -> Result<impl Iterator<Item = Node<'a, 'i>>> {
    let r = doc.root_element();
    if !r.has_tag_name(root) {
        return Err(RiskError::Input {
            path: path.to_path_buf(),
            line: line(doc, r),
            field: "(xml)".into(),
            message: format!(
                "the root element is `<{}>`, not `<{root}>`",
                r.tag_name().name()
            ),
        });
    }
    let item = item.to_string();
    Ok(r.children().filter(move |n| n.has_tag_name(item.as_str())))
}

/// Reads, per country, the statistics named in `fields` (elements anywhere inside
/// `<Country>`, e.g. `Total_Percentage_of_Working_Children`), dated `year`.
pub fn countries(
    path: &Path,
    text: &str,
    fields: &[&str],
    year: i32,
    cw: &Crosswalk,
) -> Result<Read> {
    let doc = parse(path, text)?;
    let mut resolver = Resolver::new(cw, path);
    let mut series: Vec<Series> = vec![Series::default(); fields.len()];
    for country in elements(&doc, path, "Countries", "Country")? {
        let name = required(&doc, path, country, "Name")?;
        let Some(c) = resolver.country(&[name], line(&doc, country)) else {
            continue;
        };
        for (f, field) in fields.iter().enumerate() {
            let Some(node) = country.descendants().find(|n| n.has_tag_name(*field)) else {
                continue;
            };
            let v = value(node.text().unwrap_or("")).map_err(|m| RiskError::Input {
                path: path.to_path_buf(),
                line: line(&doc, node),
                field: field.to_string(),
                message: m,
            })?;
            if let Some(v) = v {
                series[f].push(c, year, v, line(&doc, node));
            }
        }
    }
    let mut out = Read::default();
    for (f, s) in fields.iter().zip(series) {
        out.series.insert(f.to_string(), s.finish(path, f, cw)?);
    }
    out.unmatched = resolver.into_unmatched();
    Ok(out)
}

/// One good listed for one country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Country (position in the crosswalk).
    pub country: usize,
    /// The good, as ILAB names it.
    pub good: String,
    /// Listed for child labour (or forced child labour).
    pub child_labour: bool,
    /// Listed for forced labour (or forced child labour).
    pub forced_labour: bool,
    /// Line of the listing.
    pub line: u64,
}

fn yes(doc: &Document<'_>, path: &Path, node: Node<'_, '_>, name: &str) -> Result<bool> {
    match text_of(node, name) {
        None | Some("") | Some("No") | Some("no") => Ok(false),
        Some("Yes") | Some("yes") => Ok(true),
        Some(other) => Err(RiskError::Input {
            path: path.to_path_buf(),
            line: line(doc, node),
            field: name.to_string(),
            message: format!("`{other}` is neither Yes nor No"),
        }),
    }
}

/// Reads the list of goods: one [`Listing`] per good and country.
pub fn goods(path: &Path, text: &str, cw: &Crosswalk) -> Result<(Vec<Listing>, Vec<Unmatched>)> {
    let doc = parse(path, text)?;
    let mut resolver = Resolver::new(cw, path);
    let mut out = Vec::new();
    for good in elements(&doc, path, "Goods", "Good")? {
        let name = required(&doc, path, good, "Good_Name")?;
        let Some(countries) = child(good, "Countries") else {
            continue;
        };
        for country in countries.children().filter(|n| n.has_tag_name("Country")) {
            let cname = required(&doc, path, country, "Country_Name")?;
            let Some(c) = resolver.country(&[cname], line(&doc, country)) else {
                continue;
            };
            let forced_child = yes(&doc, path, country, "Forced_Child_Labor")?;
            out.push(Listing {
                country: c,
                good: name.to_string(),
                child_labour: forced_child || yes(&doc, path, country, "Child_Labor")?,
                forced_labour: forced_child || yes(&doc, path, country, "Forced_Labor")?,
                line: line(&doc, country),
            });
        }
    }
    Ok((out, resolver.into_unmatched()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CW: &str = "# SYNTHETIC test crosswalk
iso3,name,aliases,kind,wiod
MMR,Myanmar,Burma,country,RoW
BGD,Bangladesh,,country,RoW
";

    fn cw() -> Crosswalk {
        Crosswalk::parse(Path::new("countries.csv"), CW).unwrap()
    }

    #[test]
    fn country_statistics() {
        let xml = "\u{feff}<?xml version=\"1.0\"?>
<Countries>
  <Country><Name>Burma</Name>
    <Country_Statistics><Children_Work_Statistics>
      <Total_Percentage_of_Working_Children>0.093</Total_Percentage_of_Working_Children>
    </Children_Work_Statistics></Country_Statistics>
  </Country>
  <Country><Name>Bangladesh</Name>
    <Total_Percentage_of_Working_Children>Unavailable</Total_Percentage_of_Working_Children>
  </Country>
  <Country><Name>Tokelau</Name></Country>
</Countries>";
        let f = "Total_Percentage_of_Working_Children";
        let r = countries(Path::new("ilab.xml"), xml, &[f], 2016, &cw()).unwrap();
        assert_eq!(r.series[f].nearest(0, 2011), Some((2016, 0.093)));
        assert_eq!(r.series[f].nearest(1, 2011), None);
        assert_eq!(r.unmatched[0].name, "Tokelau");
        assert_eq!(r.unmatched[0].line, 11);
    }

    #[test]
    fn goods_and_forced_child_labour_counting_for_both() {
        let xml =
            "<Goods><Good><Good_Name>Bricks</Good_Name><Good_Sector>Manufacturing</Good_Sector>
<Countries><Country><Country_Name>Burma</Country_Name><Child_Labor>No</Child_Labor>
<Forced_Labor>No</Forced_Labor><Forced_Child_Labor>Yes</Forced_Child_Labor></Country>
<Country><Country_Name>Bangladesh</Country_Name><Child_Labor>Yes</Child_Labor>
<Forced_Labor>No</Forced_Labor><Forced_Child_Labor>No</Forced_Child_Labor></Country>
</Countries></Good></Goods>";
        let (l, u) = goods(Path::new("goods.xml"), xml, &cw()).unwrap();
        assert!(u.is_empty());
        assert_eq!(l.len(), 2);
        assert!(l[0].child_labour && l[0].forced_labour);
        assert!(l[1].child_labour && !l[1].forced_labour);
    }

    #[test]
    fn bad_xml_names_the_line() {
        let e = goods(Path::new("goods.xml"), "<Goods>\n<Good>\n</Goods>", &cw()).unwrap_err();
        assert!(
            e.to_string().starts_with("goods.xml:3: field `(xml)`"),
            "{e}"
        );
        let e = goods(
            Path::new("goods.xml"),
            "<Goods>\n<Good><Countries/></Good></Goods>",
            &cw(),
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("goods.xml:2: field `Good_Name`"),
            "{e}"
        );
        let e = goods(
            Path::new("goods.xml"),
            "<Goods><Good><Good_Name>X</Good_Name><Countries><Country>\n<Country_Name>Burma</Country_Name><Child_Labor>Maybe</Child_Labor></Country></Countries></Good></Goods>",
            &cw(),
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("`Maybe` is neither Yes nor No"),
            "{e}"
        );
    }
}
