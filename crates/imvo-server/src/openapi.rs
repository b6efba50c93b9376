//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations and then
//! completed from the role table: every operation gets its roles (in the description, in the
//! `x-imvo-roles` extension and as `security`), and the error responses every route can give.

use utoipa::OpenApi;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};

use crate::api;
use crate::error::ErrorBody;
use crate::roles::{self, Access};

/// The annotated handlers and schemas; [`document`] completes it.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "imvo",
        description = "The JSON API of imvo: the Dutch policy on international responsible \
business conduct (IMVO) run with data — sectors, trajectories towards covenants, covenants and \
their SMART agreements, measurements, the policy target with its forecast, the progress letter \
to Parliament, the sector risk analysis, and the audit log. Reads are public unless marked; writes need a role. \
Authenticate with the session cookie (browsers; writes then need the X-CSRF-Token header) or \
an API token (`Authorization: Bearer …`, from POST /api/v1/tokens).",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2"),
    ),
    paths(
        api::service::health,
        api::session::login,
        api::session::whoami,
        api::session::logout,
        api::session::create_token,
        api::accounts::list_accounts,
        api::accounts::create_account,
        api::accounts::update_account,
        api::portfolio::portfolio,
        api::portfolio::sectors,
        api::portfolio::trajectories,
        api::portfolio::trajectory,
        api::portfolio::organisations,
        api::portfolio::events,
        api::portfolio::covenants,
        api::portfolio::target,
        api::records::record_event,
        api::records::set_phase,
        api::records::add_organisation,
        api::records::sign_covenant,
        api::records::add_agreement,
        api::records::record_measurement,
        api::records::add_target,
        api::records::append_record,
        api::audit::audit_log,
        api::audit::account_log,
        api::reports::letter,
        api::risk::overview,
        api::risk::sector,
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "service", description = "Health of the service."),
        (name = "accounts", description = "Logging in, API tokens and accounts."),
        (name = "portfolio", description = "Sectors, trajectories and their phases, as of a date."),
        (name = "covenants", description = "Covenants, SMART agreements and measurements."),
        (name = "target", description = "The policy target and its forecast."),
        (name = "reports", description = "The progress letter to Parliament."),
        (name = "audit", description = "The append-only change log and account log."),
        (name = "risk", description = "The sector risk analysis: embodied risk per national sector and theme, hotspots and supply-chain paths."),
    )
)]
struct ApiDoc;

/// The complete OpenAPI document of the server.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "session",
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::cookies::SESSION,
            "The browser session from POST /api/v1/session or the login form. Writes also need \
             the X-CSRF-Token header.",
        ))),
    );
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("An API token from POST /api/v1/tokens."))
                .build(),
        ),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        let ops: [(HttpMethod, &mut Option<Operation>); 5] = [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Patch, &mut item.patch),
            (HttpMethod::Delete, &mut item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op.as_mut() else { continue };
            let method = axum::http::Method::from_bytes(method_name(&method).as_bytes())
                .expect("an HTTP method");
            let rule = roles::lookup(&method, path).unwrap_or_else(|| {
                panic!("{method} {path} is documented but has no entry in roles::ROUTES")
            });
            complete(
                op,
                rule.access,
                rule.method != axum::http::Method::GET,
                path.contains('{'),
            );
        }
    }
    doc
}

fn method_name(m: &HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Head => "HEAD",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Trace => "TRACE",
    }
}

fn error_response(what: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(what)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                        "ErrorBody",
                    ))))
                    .build(),
            )
            .build(),
    )
}

/// Adds the roles and the error responses of one operation.
fn complete(op: &mut Operation, access: Access, writes: bool, has_id: bool) {
    let roles_line = format!("**Roles:** {}.", access.describe());
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{roles_line}"),
        _ => roles_line,
    });
    let ext = ExtensionsBuilder::new()
        .add("x-imvo-roles", access.role_names())
        .build();
    match op.extensions.as_mut() {
        Some(e) => e.merge(ext),
        None => op.extensions = Some(ext),
    }
    if access != Access::Public {
        op.security = Some(vec![
            SecurityRequirement::new("token", Vec::<String>::new()),
            SecurityRequirement::new("session", Vec::<String>::new()),
        ]);
    }
    let responses = &mut op.responses.responses;
    let mut add = |code: &str, what: &str| {
        responses
            .entry(code.to_string())
            .or_insert_with(|| error_response(what));
    };
    add(
        "400",
        "The request cannot be read: malformed JSON, a wrong type or a missing field (named in `field`).",
    );
    if access != Access::Public {
        add(
            "401",
            "Not logged in, or the API token is unknown or expired.",
        );
        add(
            "403",
            "The account's role may not use this route, or the CSRF token is wrong.",
        );
    }
    if has_id {
        add("404", "No such id.");
    }
    if writes {
        add("413", "The body is larger than the server accepts.");
        add("415", "The body is not JSON.");
        add(
            "422",
            "The request breaks a rule of the domain (named in `field`); nothing was stored.",
        );
    }
    add("default", "Any other error, in the same JSON shape.");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every API route of the role table is in the document and vice versa.
    #[test]
    fn the_document_and_the_role_table_agree() {
        let doc = document();
        for rule in roles::ROUTES.iter().filter(|r| r.api) {
            let item = doc.paths.paths.get(rule.path).unwrap_or_else(|| {
                panic!(
                    "{} {} is in the role table but not in the OpenAPI document",
                    rule.method, rule.path
                )
            });
            let op = match rule.method.as_str() {
                "GET" => &item.get,
                "POST" => &item.post,
                "PUT" => &item.put,
                "PATCH" => &item.patch,
                "DELETE" => &item.delete,
                other => panic!("method {other}"),
            };
            assert!(
                op.is_some(),
                "{} {} is not documented",
                rule.method,
                rule.path
            );
        }
    }
}
