//! What the caller knows about the world outside a log: the themes, the covenant's companies,
//! the portfolio's organisations.

use std::collections::BTreeSet;

use imvo_domain::Id;

/// The lists a new entry is checked against. They live elsewhere (the themes in
/// `data/risk/themes.csv`, the companies in the covenant's due-diligence log, the organisations
/// in the portfolio), so the caller passes them in.
///
/// Only recording a new entry checks against them ([`crate::signal::Book::apply`],
/// [`crate::complaint::Book::apply`]); replaying a stored log does not. The lists change (a
/// company leaves the covenant, a theme list is revised), the log does not: an entry that was
/// right when it was recorded stays in the history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The theme ids a signal may name (the 22 shipped themes).
    pub themes: BTreeSet<Id>,
    /// The covenant's companies: a signal is forwarded only to these, a complaint is only about
    /// one of these.
    pub companies: BTreeSet<Id>,
    /// The portfolio's organisations: the complaints committee's members, and a complainant
    /// that is an organisation of the portfolio.
    pub organisations: BTreeSet<Id>,
}
