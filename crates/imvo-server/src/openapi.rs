//! The OpenAPI 3 document. Its operations come from the API's router ([`crate::api::router`],
//! built from the handlers' `#[utoipa::path]` annotations); this module adds the parts no
//! handler states: the description, the tags, the security schemes, and from the role table
//! every operation's roles (in the description, in the `x-imvo-roles` extension and as
//! `security`) and the error responses every route can give.
//!
//! Every body in it is a named schema: requests are the domain's record format (see
//! [`crate::api::records`]), responses the server's views (see [`crate::api::views`]), errors
//! [`ErrorBody`] with its closed list of [`crate::error::ErrorCode`]s. A test walks the document
//! and fails on any body left untyped.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::schema::{Components, Schema};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};

use crate::error::ErrorBody;
use crate::roles::{self, Access};

/// What the document says beyond its operations; [`document`] adds these.
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
        (name = "diligence", description = "The covenants' companies and their yearly due-diligence cycle: frameworks, steps, a company's confidential file, the secretariat's workbench, and the public figures and annual report."),
    )
)]
struct ApiDoc;

/// The complete OpenAPI document of the server.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::api::router().into_openapi());
    let components = doc.components.get_or_insert_with(Default::default);
    inline_tagged_variants(components, "Change");
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

/// `GET /openapi.json`: the document, serialised once.
pub async fn serve() -> impl IntoResponse {
    static DOC: OnceLock<String> = OnceLock::new();
    let body = DOC.get_or_init(|| {
        document()
            .to_pretty_json()
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    });
    ([(header::CONTENT_TYPE, "application/json")], body.as_str())
}

/// Rewrites the variants of the internally tagged enum `name` into what serde reads: the
/// payload's object with the `kind` tag among its properties.
///
/// utoipa derives such a variant as `allOf: [{$ref: payload}, {kind}]`. The payloads refuse
/// unknown fields (serde's `deny_unknown_fields`, so `additionalProperties: false`), and under
/// that the two halves of the `allOf` exclude each other: no body would be valid, and a client
/// generator or fuzzer reading the document could not make one.
fn inline_tagged_variants(components: &mut Components, name: &str) {
    let Some(RefOr::T(Schema::OneOf(mut one_of))) = components.schemas.get(name).cloned() else {
        panic!("the schema {name} is not a oneOf of its variants");
    };
    for item in &mut one_of.items {
        let RefOr::T(Schema::AllOf(all_of)) = item else {
            continue;
        };
        let [RefOr::Ref(payload), RefOr::T(Schema::Object(tag))] = all_of.items.as_slice() else {
            continue;
        };
        let payload_name = payload.ref_location.rsplit('/').next().unwrap_or_default();
        let Some(RefOr::T(Schema::Object(mut object))) =
            components.schemas.get(payload_name).cloned()
        else {
            panic!("the variant payload {payload_name} of {name} is not an object schema");
        };
        let mut properties = tag.properties.clone();
        properties.extend(object.properties);
        object.properties = properties;
        object.required = tag
            .required
            .iter()
            .chain(&object.required)
            .cloned()
            .collect();
        *item = RefOr::T(Schema::Object(object));
    }
    components
        .schemas
        .insert(name.to_string(), RefOr::T(Schema::OneOf(one_of)));
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
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;

    /// Every API route of the role table is in the document, and every operation of the
    /// document (which is built from the router) has a row in the role table marked `api`.
    #[test]
    fn the_document_and_the_role_table_agree() {
        let doc = serde_json::to_value(document()).unwrap();
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                documented.insert((method.to_uppercase(), path.clone()));
            }
        }
        let table: BTreeSet<(String, String)> = roles::ROUTES
            .iter()
            .filter(|r| r.api)
            .map(|r| (r.method.to_string(), r.path.to_string()))
            .collect();
        let undocumented: Vec<_> = table.difference(&documented).collect();
        let unlisted: Vec<_> = documented.difference(&table).collect();
        assert!(
            undocumented.is_empty(),
            "in the role table as API routes but not routed and documented: {undocumented:?}"
        );
        assert!(
            unlisted.is_empty(),
            "routed and documented but without an API row in the role table: {unlisted:?}"
        );
    }

    /// Where a schema describes nothing a client can rely on: an object without properties
    /// (`type: object` alone, or a free map), or no type at all (`{}`, any JSON).
    fn untyped(schema: &Value) -> Option<&'static str> {
        let obj = schema.as_object()?;
        let described = ["$ref", "type", "oneOf", "anyOf", "allOf", "enum", "const"]
            .iter()
            .any(|k| obj.contains_key(*k));
        if !described {
            return Some("a schema without a type (any JSON)");
        }
        let is_object = match &obj.get("type") {
            Some(Value::String(t)) => t == "object",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
            _ => false,
        };
        let free_map = match obj.get("additionalProperties") {
            Some(Value::Bool(true)) => true,
            Some(Value::Object(m)) => m.is_empty(),
            _ => false,
        };
        let has_properties = obj
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        let typed_map =
            matches!(obj.get("additionalProperties"), Some(Value::Object(m)) if !m.is_empty());
        if free_map {
            Some("a free map (`additionalProperties` of any value)")
        } else if is_object && !has_properties && !typed_map {
            Some("an object without properties")
        } else {
            None
        }
    }

    /// Walks `schema` and every schema it refers to, listing the untyped ones by their path.
    fn walk<'a>(
        schema: &'a Value,
        schemas: &'a Value,
        at: String,
        seen: &mut BTreeSet<String>,
        found: &mut Vec<String>,
    ) {
        match schema {
            Value::Object(obj) => {
                if let Some(Value::String(r)) = obj.get("$ref") {
                    let name = r.rsplit('/').next().unwrap().to_string();
                    if seen.insert(name.clone()) {
                        walk(
                            &schemas[&name],
                            schemas,
                            format!("{at}→{name}"),
                            seen,
                            found,
                        );
                    }
                    return;
                }
                if let Some(what) = untyped(schema) {
                    found.push(format!("{at}: {what}"));
                }
                for (key, value) in obj {
                    match key.as_str() {
                        "properties" => {
                            for (name, property) in value.as_object().into_iter().flatten() {
                                walk(property, schemas, format!("{at}.{name}"), seen, found);
                            }
                        }
                        "items"
                        | "additionalProperties"
                        | "oneOf"
                        | "anyOf"
                        | "allOf"
                        | "prefixItems" => walk(value, schemas, at.clone(), seen, found),
                        _ => {}
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, schemas, at.clone(), seen, found);
                }
            }
            _ => {}
        }
    }

    /// No request or response body of any operation is, or holds, an untyped object.
    #[test]
    fn every_body_is_typed() {
        let doc = serde_json::to_value(document()).unwrap();
        let schemas = &doc["components"]["schemas"];
        let mut found = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let mut bodies = vec![("request".to_string(), &op["requestBody"])];
                for (status, response) in op["responses"].as_object().into_iter().flatten() {
                    bodies.push((status.clone(), response));
                }
                for (what, body) in bodies {
                    for (media, content) in body["content"].as_object().into_iter().flatten() {
                        if !media.contains("json") {
                            continue;
                        }
                        let at = format!("{method} {path} {what}");
                        walk(
                            &content["schema"],
                            schemas,
                            at,
                            &mut BTreeSet::new(),
                            &mut found,
                        );
                    }
                }
            }
        }
        assert!(found.is_empty(), "untyped bodies:\n{}", found.join("\n"));
    }

    /// The walk finds what it is meant to find.
    #[test]
    fn the_walk_finds_untyped_objects() {
        for schema in [
            serde_json::json!({"type": "object"}),
            serde_json::json!({"type": "object", "additionalProperties": {}}),
            serde_json::json!({"description": "anything"}),
        ] {
            assert!(untyped(&schema).is_some(), "{schema}");
        }
        for schema in [
            serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}}),
            serde_json::json!({"$ref": "#/components/schemas/Text"}),
        ] {
            assert!(untyped(&schema).is_none(), "{schema}");
        }
    }

    /// A change of `POST /api/v1/records` is one of the payloads with its `kind`, for every kind
    /// the domain knows, and no variant is an `allOf` the payloads' closed objects rule out.
    #[test]
    fn a_change_is_a_payload_with_its_kind() {
        let doc = serde_json::to_value(document()).unwrap();
        let variants = doc["components"]["schemas"]["Change"]["oneOf"]
            .as_array()
            .unwrap();
        let kinds: Vec<&str> = variants
            .iter()
            .map(|v| {
                assert!(v.get("allOf").is_none(), "{v}");
                assert!(v["required"].as_array().unwrap().contains(&"kind".into()));
                v["properties"]["kind"]["enum"][0].as_str().unwrap()
            })
            .collect();
        assert_eq!(kinds, imvo_domain::Change::KINDS);
    }
}
