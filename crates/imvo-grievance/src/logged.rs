//! A step as kept in a state: what, when, by whom.

use chrono::NaiveDate;
use serde::Serialize;

/// A dated step by someone. The actor is an account's username: internal, so public views copy
/// the date and the content, never this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Logged<T> {
    /// When.
    pub date: NaiveDate,
    /// By whom.
    pub actor: String,
    /// What.
    pub what: T,
}
