//! Deadline arithmetic shared by signals and complaints: a step is due a number of days after
//! the step it waits on, and overdue from the day after.

use chrono::{Days, NaiveDate};

/// The deadline `days` after `from` (saturating at the last representable date, so a
/// far-future or malformed date can never panic a view).
pub(crate) fn due(from: NaiveDate, days: u32) -> NaiveDate {
    from.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// Days past the deadline on `today`, when it is past: overdue is the day after the deadline,
/// not the deadline itself.
pub(crate) fn days_late(due: NaiveDate, today: NaiveDate) -> Option<i64> {
    (today > due).then(|| (today - due).num_days())
}
