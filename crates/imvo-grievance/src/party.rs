//! Who reports a signal or files a complaint.

use imvo_domain::Lang;
use serde::{Deserialize, Serialize};

/// The kind of party that reports or complains. Kept apart from the party's identity, which is
/// confidential: the kind is what statistics and the secretariat's triage need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// A person: a worker, a resident, anyone using the public form.
    Public,
    /// A non-governmental organisation.
    Ngo,
    /// A trade union.
    Union,
    /// A company (a covenant member or another).
    Company,
    /// Anyone else.
    Other,
}

impl PartyKind {
    /// The kind's name.
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(
            match self {
                PartyKind::Public => "particulier",
                PartyKind::Ngo => "maatschappelijke organisatie",
                PartyKind::Union => "vakbond",
                PartyKind::Company => "bedrijf",
                PartyKind::Other => "anders",
            },
            match self {
                PartyKind::Public => "member of the public",
                PartyKind::Ngo => "NGO",
                PartyKind::Union => "trade union",
                PartyKind::Company => "company",
                PartyKind::Other => "other",
            },
        )
    }
}
