//! The columns of an upload (those of Open Supply Hub's list format) and the headers that
//! name them, in English and Dutch. Headers are compared without case, spaces, underscores,
//! punctuation or diacritics: "Number of workers", "number_of_workers" and "Aantal werknemers"
//! all name one column.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::UploadError;
use crate::normalise::text;

/// A column of the upload format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The factory's name (required).
    Name,
    /// Its address (required).
    Address,
    /// Its country (required).
    Country,
    /// Sector(s).
    Sector,
    /// Product type(s).
    ProductType,
    /// Facility type (e.g. final product assembly, raw material processing).
    FacilityType,
    /// Processing type (e.g. cutting, dyeing).
    ProcessingType,
    /// Number of workers.
    NumberOfWorkers,
    /// The group the factory belongs to.
    ParentCompany,
    /// Latitude (WGS 84, degrees).
    Lat,
    /// Longitude (WGS 84, degrees).
    Lng,
}

impl Column {
    /// All columns, in the order of the upload format.
    pub const ALL: [Column; 11] = [
        Column::Name,
        Column::Address,
        Column::Country,
        Column::Sector,
        Column::ProductType,
        Column::FacilityType,
        Column::ProcessingType,
        Column::NumberOfWorkers,
        Column::ParentCompany,
        Column::Lat,
        Column::Lng,
    ];

    /// The columns every upload must have.
    pub const REQUIRED: [Column; 3] = [Column::Name, Column::Address, Column::Country];

    /// The header Open Supply Hub's format uses.
    pub fn header(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Address => "address",
            Column::Country => "country",
            Column::Sector => "sector",
            Column::ProductType => "product_type",
            Column::FacilityType => "facility_type",
            Column::ProcessingType => "processing_type",
            Column::NumberOfWorkers => "number_of_workers",
            Column::ParentCompany => "parent_company",
            Column::Lat => "lat",
            Column::Lng => "lng",
        }
    }

    /// Every header accepted for the column, as written in the documentation.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &[
                "name",
                "naam",
                "facility name",
                "factory name",
                "site name",
                "location name",
                "facility",
                "factory",
                "fabriek",
                "fabrieksnaam",
                "naam fabriek",
                "naam vestiging",
                "vestigingsnaam",
                "productielocatie",
                "locatienaam",
                "naam productielocatie",
            ],
            Column::Address => &[
                "address",
                "adres",
                "facility address",
                "factory address",
                "full address",
                "site address",
                "vestigingsadres",
                "locatieadres",
                "fabrieksadres",
                "straatadres",
            ],
            Column::Country => &[
                "country",
                "land",
                "country name",
                "country code",
                "facility country",
                "landcode",
                "landnaam",
                "land van vestiging",
            ],
            Column::Sector => &["sector", "sectors", "sectoren", "branche"],
            Column::ProductType => &[
                "product type",
                "product types",
                "producttype",
                "products",
                "product",
                "productsoort",
                "soort product",
                "type product",
                "producten",
            ],
            Column::FacilityType => &[
                "facility type",
                "type facility",
                "type faciliteit",
                "locatietype",
                "type locatie",
                "soort locatie",
                "faciliteitstype",
                "vestigingstype",
                "type vestiging",
            ],
            Column::ProcessingType => &[
                "processing type",
                "process type",
                "processing",
                "verwerkingstype",
                "bewerkingstype",
                "type verwerking",
                "type bewerking",
                "productieproces",
                "proces",
            ],
            Column::NumberOfWorkers => &[
                "number of workers",
                "workers",
                "no of workers",
                "num workers",
                "worker count",
                "employees",
                "number of employees",
                "aantal werknemers",
                "werknemers",
                "aantal medewerkers",
                "medewerkers",
                "aantal arbeiders",
                "aantal werkers",
            ],
            Column::ParentCompany => &[
                "parent company",
                "parent",
                "group",
                "moederbedrijf",
                "moedermaatschappij",
                "moederonderneming",
                "concern",
            ],
            Column::Lat => &["lat", "latitude", "breedtegraad", "breedte"],
            Column::Lng => &["lng", "lon", "long", "longitude", "lengtegraad", "lengte"],
        }
    }

    /// The column a header names, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let key = text::squash(header);
        Column::ALL
            .into_iter()
            .find(|c| c.aliases().iter().any(|a| text::squash(a) == key))
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header())
    }
}

/// Where each column is in a file, with the header as written there.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Column → (position, header as written).
    found: Vec<(Column, usize, String)>,
    /// Headers that name no column, as written.
    pub ignored: Vec<String>,
}

impl Layout {
    /// Reads the header row: every required column present, no column named twice.
    pub fn from_headers(headers: &[String]) -> Result<Layout, UploadError> {
        let mut layout = Layout::default();
        for (i, h) in headers.iter().enumerate() {
            let written = h.trim().trim_start_matches('\u{feff}').to_owned();
            match Column::from_header(&written) {
                Some(c) => {
                    if let Some((_, _, first)) = layout.found.iter().find(|(k, _, _)| *k == c) {
                        return Err(UploadError::DuplicateColumn {
                            column: c,
                            first: first.clone(),
                            second: written,
                        });
                    }
                    layout.found.push((c, i, written));
                }
                None if written.is_empty() => {}
                None => layout.ignored.push(written),
            }
        }
        let missing: Vec<Column> = Column::REQUIRED
            .into_iter()
            .filter(|c| layout.position(*c).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(UploadError::MissingColumns { missing });
        }
        Ok(layout)
    }

    /// The position of a column in a row.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.found
            .iter()
            .find(|(c, _, _)| *c == column)
            .map(|(_, i, _)| *i)
    }

    /// The header of a column as the file writes it.
    pub fn header(&self, column: Column) -> Option<&str> {
        self.found
            .iter()
            .find(|(c, _, _)| *c == column)
            .map(|(_, _, h)| h.as_str())
    }

    /// The number of positions the header row covers.
    pub fn width(&self) -> usize {
        self.found.iter().map(|(_, i, _)| i + 1).max().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_dutch_and_english() {
        assert_eq!(Column::from_header("Naam"), Some(Column::Name));
        assert_eq!(Column::from_header("ADRES"), Some(Column::Address));
        assert_eq!(Column::from_header(" land "), Some(Column::Country));
        assert_eq!(
            Column::from_header("Number_of workers"),
            Some(Column::NumberOfWorkers)
        );
        assert_eq!(
            Column::from_header("aantal werknemers"),
            Some(Column::NumberOfWorkers)
        );
        assert_eq!(
            Column::from_header("Moederbedrijf"),
            Some(Column::ParentCompany)
        );
        assert_eq!(
            Column::from_header("product-type"),
            Some(Column::ProductType)
        );
        assert_eq!(Column::from_header("remarks"), None);
    }

    #[test]
    fn no_alias_names_two_columns() {
        let mut seen = std::collections::HashMap::new();
        for c in Column::ALL {
            assert!(
                c.aliases().contains(&c.header().replace('_', " ").as_str())
                    || Column::from_header(c.header()) == Some(c)
            );
            for a in c.aliases() {
                if let Some(other) = seen.insert(text::squash(a), c) {
                    assert_eq!(other, c, "{a} names two columns");
                }
            }
        }
    }

    #[test]
    fn missing_and_doubled_columns() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches!(
            Layout::from_headers(&h(&["naam", "land"])),
            Err(UploadError::MissingColumns { missing }) if missing == [Column::Address]
        ));
        assert!(matches!(
            Layout::from_headers(&h(&["name", "naam", "address", "country"])),
            Err(UploadError::DuplicateColumn {
                column: Column::Name,
                ..
            })
        ));
        let l = Layout::from_headers(&h(&["\u{feff}Name", "Adres", "Land", "Opmerking"])).unwrap();
        assert_eq!(l.position(Column::Country), Some(2));
        assert_eq!(l.ignored, ["Opmerking"]);
    }
}
