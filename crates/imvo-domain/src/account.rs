//! The role of an account of the server and the CLI: what a person who logs in may do.
//!
//! It lives in the domain, which every front end, the use-case layer and the report can reach
//! without I/O, so the whole workspace has one role type: the store keeps its name as text
//! (`as_str`) and the use cases read it back with `FromStr`. It is not [`crate::Role`], the role
//! an organisation plays in a trajectory.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The role of an account. Each account has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AccountRole {
    /// Runs the system: accounts, datasets, everything.
    Admin,
    /// The ministry: policy owner; records trajectories, phases, covenants, targets.
    Ministry,
    /// The covenant secretariat (SER): records events, phases, agreements, measurements.
    Secretariat,
    /// A company or branch organisation party to a covenant: reports measurements.
    Company,
    /// An NGO, union or other stakeholder: reads what the public reads, logged in.
    Stakeholder,
}

impl AccountRole {
    /// Every role, in the order of decreasing reach.
    pub const ALL: [AccountRole; 5] = [
        AccountRole::Admin,
        AccountRole::Ministry,
        AccountRole::Secretariat,
        AccountRole::Company,
        AccountRole::Stakeholder,
    ];

    /// The lowercase name used in JSON, the CLI and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountRole::Admin => "admin",
            AccountRole::Ministry => "ministry",
            AccountRole::Secretariat => "secretariat",
            AccountRole::Company => "company",
            AccountRole::Stakeholder => "stakeholder",
        }
    }
}

impl fmt::Display for AccountRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a name that is not an account role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`: use one of admin, ministry, secretariat, company, stakeholder")]
pub struct UnknownAccountRole(pub String);

impl FromStr for AccountRole {
    type Err = UnknownAccountRole;

    /// Reads a role name, ignoring case and surrounding spaces: people type them (`--role`, a
    /// form), and the stored names are the lowercase ones.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AccountRole::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownAccountRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_from_their_names() {
        for role in AccountRole::ALL {
            assert_eq!(role.as_str().parse::<AccountRole>(), Ok(role));
            assert_eq!(role.to_string(), role.as_str());
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(" Admin ".parse::<AccountRole>(), Ok(AccountRole::Admin));
        let err = "root".parse::<AccountRole>().unwrap_err();
        assert!(err.to_string().contains("root") && err.to_string().contains("stakeholder"));
    }
}
