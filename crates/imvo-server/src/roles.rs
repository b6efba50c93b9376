//! Who may do what: the roles and the one table that says, for every route, which roles may use
//! it. The authorization check, the OpenAPI document and the role-matrix test all read this
//! table, so the rule lives in exactly one place. The routes themselves are declared by the
//! routers (`api::router`, `web::routes`); tests check that every routed route has its row here
//! and every row its route.

use axum::http::Method;

/// The role of an account: the workspace's one account-role type, from the domain.
pub use imvo_domain::AccountRole as Role;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, logged in or not.
    Public,
    /// Any logged-in account, whatever its role.
    AnyAccount,
    /// Only accounts with one of these roles.
    Roles(&'static [Role]),
}

impl Access {
    /// Whether a client with this role (None: anonymous) may use the route.
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Access::Public, _) => true,
            (_, None) => false,
            (Access::AnyAccount, Some(_)) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
        }
    }

    /// The roles that may use the route, for documentation (`public` and `any` spelled out).
    pub fn describe(self) -> String {
        match self {
            Access::Public => "public (no login needed)".to_string(),
            Access::AnyAccount => "any logged-in account".to_string(),
            Access::Roles(roles) => roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The role names, for the `x-imvo-roles` OpenAPI extension.
    pub fn role_names(self) -> Vec<&'static str> {
        match self {
            Access::Public => vec!["public"],
            Access::AnyAccount => Role::ALL.iter().map(|r| r.as_str()).collect(),
            Access::Roles(roles) => roles.iter().map(|r| r.as_str()).collect(),
        }
    }
}

/// One row of the route table.
#[derive(Debug, Clone)]
pub struct RouteRule {
    /// The HTTP method.
    pub method: Method,
    /// The path as the router declares it (axum syntax, `{id}` for parameters).
    pub path: &'static str,
    /// Who may use it.
    pub access: Access,
    /// Whether the route is an operation of the OpenAPI document (the JSON API's routes); the
    /// dashboard's routes and `/openapi.json` itself are not.
    pub api: bool,
}

use Role::{Admin, Company, Ministry, Secretariat};

/// Policy staff: the roles that maintain the portfolio.
const STAFF: &[Role] = &[Admin, Ministry, Secretariat];
/// Who records measurements: the secretariat monitors, companies report their own progress.
const MEASURERS: &[Role] = &[Admin, Secretariat, Company];
/// Who sets the policy target.
const POLICY: &[Role] = &[Admin, Ministry];
/// The two parties to a company's due-diligence file: the company and its covenant's
/// secretariat. The use cases then check which company and which covenant (`imvo_app::diligence::access`).
const DILIGENCE_PARTIES: &[Role] = &[Company, Secretariat];
/// The covenants' secretariats.
const SECRETARIAT: &[Role] = &[Secretariat];
/// Companies (the use cases then check which company).
const COMPANY: &[Role] = &[Company];
/// Account and data administration.
const ADMIN: &[Role] = &[Admin];

macro_rules! rule {
    ($method:ident, $path:literal, $access:expr, api) => {
        RouteRule {
            method: Method::$method,
            path: $path,
            access: $access,
            api: true,
        }
    };
    ($method:ident, $path:literal, $access:expr, web) => {
        RouteRule {
            method: Method::$method,
            path: $path,
            access: $access,
            api: false,
        }
    };
}

/// THE table: every route of the server, the roles that may use it. A route missing here is
/// refused by the middleware (and the role-matrix test fails), so a new route cannot slip in
/// without a decision about who may use it.
pub static ROUTES: &[RouteRule] = &[
    // Service
    rule!(GET, "/health", Access::Public, api),
    rule!(GET, "/openapi.json", Access::Public, web),
    // Session and accounts
    rule!(POST, "/api/v1/session", Access::Public, api),
    rule!(GET, "/api/v1/session", Access::AnyAccount, api),
    rule!(DELETE, "/api/v1/session", Access::AnyAccount, api),
    rule!(POST, "/api/v1/tokens", Access::AnyAccount, api),
    rule!(GET, "/api/v1/accounts", Access::Roles(ADMIN), api),
    rule!(POST, "/api/v1/accounts", Access::Roles(ADMIN), api),
    rule!(PATCH, "/api/v1/accounts/{id}", Access::Roles(ADMIN), api),
    // Reading the portfolio: public, as the letter to Parliament is
    rule!(GET, "/api/v1/portfolio", Access::Public, api),
    rule!(GET, "/api/v1/sectors", Access::Public, api),
    rule!(GET, "/api/v1/trajectories", Access::Public, api),
    rule!(GET, "/api/v1/trajectories/{id}", Access::Public, api),
    rule!(GET, "/api/v1/organisations", Access::Public, api),
    rule!(GET, "/api/v1/events", Access::Public, api),
    rule!(GET, "/api/v1/covenants", Access::Public, api),
    rule!(GET, "/api/v1/target", Access::Public, api),
    rule!(GET, "/api/v1/reports/letter", Access::Public, api),
    // The sector risk analysis is published as the SRA report is.
    rule!(GET, "/api/v1/risk", Access::Public, api),
    rule!(GET, "/api/v1/risk/sectors/{id}", Access::Public, api),
    // The covenants' due diligence. The frameworks, the members and the figures that passed
    // the disclosure rule are public; a company's file is its own and its secretariat's only —
    // not the ministry's, nor an administrator's (who manages accounts, not assessments).
    rule!(GET, "/api/v1/diligence/frameworks", Access::Public, api),
    rule!(
        GET,
        "/api/v1/diligence/frameworks/{id}/{version}",
        Access::Public,
        api
    ),
    rule!(GET, "/api/v1/covenants/{id}/diligence", Access::Public, api),
    rule!(
        GET,
        "/api/v1/covenants/{id}/diligence/reports/{year}",
        Access::Public,
        api
    ),
    rule!(
        GET,
        "/api/v1/covenants/{id}/diligence/companies/{company}",
        Access::Roles(DILIGENCE_PARTIES),
        api
    ),
    rule!(
        GET,
        "/api/v1/covenants/{id}/diligence/workbench",
        Access::Roles(SECRETARIAT),
        api
    ),
    rule!(
        POST,
        "/api/v1/covenants/{id}/diligence/steps",
        Access::Roles(DILIGENCE_PARTIES),
        api
    ),
    // The audit log names accounts: staff only
    rule!(GET, "/api/v1/audit", Access::Roles(STAFF), api),
    // Who created or changed which account: for administrators, who manage accounts.
    rule!(GET, "/api/v1/audit/accounts", Access::Roles(ADMIN), api),
    // Writes: policy staff record the process; companies (and the secretariat) report
    // measurements; the ministry sets targets; any other kind of record is for administrators.
    rule!(POST, "/api/v1/events", Access::Roles(STAFF), api),
    rule!(POST, "/api/v1/phases", Access::Roles(STAFF), api),
    rule!(POST, "/api/v1/organisations", Access::Roles(STAFF), api),
    rule!(POST, "/api/v1/covenants", Access::Roles(STAFF), api),
    rule!(POST, "/api/v1/agreements", Access::Roles(STAFF), api),
    rule!(POST, "/api/v1/measurements", Access::Roles(MEASURERS), api),
    rule!(POST, "/api/v1/targets", Access::Roles(POLICY), api),
    rule!(POST, "/api/v1/records", Access::Roles(ADMIN), api),
    // Web dashboard
    rule!(GET, "/", Access::Public, web),
    rule!(GET, "/login", Access::Public, web),
    rule!(POST, "/login", Access::Public, web),
    rule!(POST, "/logout", Access::AnyAccount, web),
    // Dashboard pages: public, as the API reads are; the letter in every format too.
    rule!(GET, "/sectors", Access::Public, web),
    rule!(GET, "/sectors/{id}", Access::Public, web),
    rule!(GET, "/trajectories/{id}", Access::Public, web),
    rule!(GET, "/target", Access::Public, web),
    rule!(GET, "/letter", Access::Public, web),
    rule!(GET, "/letter/download", Access::Public, web),
    rule!(GET, "/risk", Access::Public, web),
    // Account administration in the dashboard, as POST /api/v1/accounts.
    rule!(GET, "/accounts", Access::Roles(ADMIN), web),
    rule!(POST, "/accounts", Access::Roles(ADMIN), web),
    rule!(POST, "/accounts/{id}", Access::Roles(ADMIN), web),
    rule!(GET, "/risk/{id}", Access::Public, web),
    // Due diligence on the dashboard, as the API's routes.
    rule!(GET, "/diligence", Access::Public, web),
    rule!(GET, "/covenants/{id}/diligence", Access::Public, web),
    rule!(
        GET,
        "/covenants/{id}/diligence/companies/{company}",
        Access::Roles(DILIGENCE_PARTIES),
        web
    ),
    rule!(
        GET,
        "/covenants/{id}/diligence/workbench",
        Access::Roles(SECRETARIAT),
        web
    ),
    // The cycle's steps as forms, as POST /api/v1/covenants/{id}/diligence/steps: a company
    // submits and responds for itself, the secretariat assesses.
    rule!(
        GET,
        "/covenants/{id}/diligence/companies/{company}/submit",
        Access::Roles(COMPANY),
        web
    ),
    rule!(
        POST,
        "/covenants/{id}/diligence/companies/{company}/submit",
        Access::Roles(COMPANY),
        web
    ),
    rule!(
        GET,
        "/covenants/{id}/diligence/companies/{company}/respond",
        Access::Roles(COMPANY),
        web
    ),
    rule!(
        POST,
        "/covenants/{id}/diligence/companies/{company}/respond",
        Access::Roles(COMPANY),
        web
    ),
    rule!(
        GET,
        "/covenants/{id}/diligence/companies/{company}/assess",
        Access::Roles(SECRETARIAT),
        web
    ),
    rule!(
        POST,
        "/covenants/{id}/diligence/companies/{company}/assess",
        Access::Roles(SECRETARIAT),
        web
    ),
    rule!(GET, "/assets/{file}", Access::Public, web),
    // Dashboard forms: the form is shown to exactly the roles that may submit it, which are
    // the roles of the matching API write.
    rule!(GET, "/record/event", Access::Roles(STAFF), web),
    rule!(POST, "/record/event", Access::Roles(STAFF), web),
    rule!(GET, "/record/phase", Access::Roles(STAFF), web),
    rule!(POST, "/record/phase", Access::Roles(STAFF), web),
    rule!(GET, "/record/agreement", Access::Roles(STAFF), web),
    rule!(POST, "/record/agreement", Access::Roles(STAFF), web),
    rule!(GET, "/record/measurement", Access::Roles(MEASURERS), web),
    rule!(POST, "/record/measurement", Access::Roles(MEASURERS), web),
];

/// The rule for a method and a router path, if the table has one.
pub fn lookup(method: &Method, path: &str) -> Option<&'static RouteRule> {
    ROUTES
        .iter()
        .find(|r| r.method == *method && r.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_route_is_listed_twice() {
        for (i, a) in ROUTES.iter().enumerate() {
            for b in &ROUTES[i + 1..] {
                assert!(
                    !(a.method == b.method && a.path == b.path),
                    "{} {} listed twice",
                    a.method,
                    a.path
                );
            }
        }
    }

    #[test]
    fn anonymous_clients_cannot_write_except_to_log_in() {
        for rule in ROUTES {
            if rule.method != Method::GET && rule.access.allows(None) {
                assert!(
                    rule.path.ends_with("/session") || rule.path == "/login",
                    "{} {} lets anonymous clients write",
                    rule.method,
                    rule.path
                );
            }
        }
    }
}
