//! The OECD Due Diligence Guidance for Responsible Business Conduct (2018): its six steps, to
//! which every criterion of a framework is mapped, and the three ways a company can be involved
//! in an adverse impact, which a company states for each risk it prioritises.

use std::fmt;

use imvo_domain::Lang;
use serde::{Deserialize, Serialize};

/// One of the six steps of OECD due diligence, numbered as the guidance numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum OecdStep {
    /// 1. Embed responsible business conduct into policies and management systems.
    Embed = 1,
    /// 2. Identify and assess adverse impacts in operations, supply chains and business
    ///    relationships.
    Identify = 2,
    /// 3. Cease, prevent or mitigate adverse impacts.
    Prevent = 3,
    /// 4. Track implementation and results.
    Track = 4,
    /// 5. Communicate how impacts are addressed.
    Communicate = 5,
    /// 6. Provide for or cooperate in remediation when appropriate.
    Remediate = 6,
}

impl OecdStep {
    /// All six, in order.
    pub const ALL: [OecdStep; 6] = [
        OecdStep::Embed,
        OecdStep::Identify,
        OecdStep::Prevent,
        OecdStep::Track,
        OecdStep::Communicate,
        OecdStep::Remediate,
    ];

    /// The step's number, 1 to 6.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The step's short name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (OecdStep::Embed, Lang::Nl) => "verankeren in beleid en beheer",
            (OecdStep::Embed, Lang::En) => "embed in policies and management systems",
            (OecdStep::Identify, Lang::Nl) => "risico's identificeren en beoordelen",
            (OecdStep::Identify, Lang::En) => "identify and assess adverse impacts",
            (OecdStep::Prevent, Lang::Nl) => "stoppen, voorkomen en beperken",
            (OecdStep::Prevent, Lang::En) => "cease, prevent and mitigate",
            (OecdStep::Track, Lang::Nl) => "uitvoering en resultaten monitoren",
            (OecdStep::Track, Lang::En) => "track implementation and results",
            (OecdStep::Communicate, Lang::Nl) => "communiceren",
            (OecdStep::Communicate, Lang::En) => "communicate",
            (OecdStep::Remediate, Lang::Nl) => "herstel bieden of eraan meewerken",
            (OecdStep::Remediate, Lang::En) => "provide for or cooperate in remediation",
        }
    }
}

impl TryFrom<u8> for OecdStep {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        OecdStep::ALL
            .get(usize::from(n).wrapping_sub(1))
            .copied()
            .ok_or_else(|| format!("OECD step {n} does not exist: the guidance has steps 1 to 6"))
    }
}

impl From<OecdStep> for u8 {
    fn from(s: OecdStep) -> u8 {
        s.number()
    }
}

impl fmt::Display for OecdStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

/// How a company is involved in an adverse impact (OECD guidance, section II): what it is
/// expected to do follows from it — cease and remediate what it causes, use its leverage where
/// it is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Involvement {
    /// The company's own activities cause the impact.
    Cause,
    /// Its activities contribute to an impact another causes.
    Contribute,
    /// The impact is directly linked to its products or services through a business
    /// relationship.
    DirectlyLinked,
}

impl Involvement {
    /// The involvement's name.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Involvement::Cause, Lang::Nl) => "veroorzaakt",
            (Involvement::Cause, Lang::En) => "causes",
            (Involvement::Contribute, Lang::Nl) => "draagt bij",
            (Involvement::Contribute, Lang::En) => "contributes",
            (Involvement::DirectlyLinked, Lang::Nl) => "direct verbonden",
            (Involvement::DirectlyLinked, Lang::En) => "directly linked",
        }
    }
}
