//! The one error type of the HTTP layer, turned into a response in one place:
//! `{ "error": { "code": ..., "message": ..., "field": ... } }`. What the client can fix is a 4xx
//! naming the field; what broke inside is a 500 whose details go to the log, not to the client.
//!
//! The codes are one enum, [`ErrorCode`], in the OpenAPI document: a client (and this crate's
//! own pages and tests) matches on a closed list instead of on string literals that can drift.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The JSON body of every error response.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, for a person and for a program.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code.
    pub code: ErrorCode,
    /// A sentence for a person: what is wrong and what to do.
    pub message: String,
    /// The request field at fault (a JSON path such as `agreement.indicator`), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub field: Option<String>,
}

/// Every machine-readable error code the server answers with. New codes are added here, so the
/// document lists all of them and a client can match exhaustively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON, or not a JSON object.
    InvalidJson,
    /// A field has the wrong type or value, is missing, or is unknown.
    InvalidField,
    /// A query parameter cannot be read.
    InvalidQuery,
    /// A path parameter cannot be read.
    InvalidPath,
    /// An id is not a valid id (lowercase letters, digits, `-`, `_`).
    InvalidId,
    /// The body is not sent as JSON.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    BodyTooLarge,
    /// The body could not be read.
    UnreadableBody,
    /// No such route, or no such thing.
    NotFound,
    /// The route does not take this method.
    MethodNotAllowed,
    /// The route needs a login.
    Unauthenticated,
    /// The API token is unknown, revoked or expired.
    InvalidToken,
    /// The username or password is wrong.
    InvalidCredentials,
    /// Too many failed logins for the username; wait and try again.
    TooManyFailedLogins,
    /// The role may not use the route, or the CSRF token is wrong.
    Forbidden,
    /// The username is taken.
    UsernameTaken,
    /// The password is too weak.
    WeakPassword,
    /// Administrators may not demote or deactivate their own account.
    OwnAccount,
    /// A rule of the domain refuses the change; nothing was stored.
    Rejected,
    /// A dataset cannot be read or breaks a rule.
    InvalidDataset,
    /// No letter can be written for the date.
    NoLetter,
    /// The server holds no sector risk analysis.
    NoRiskAnalysis,
    /// Something broke inside the server; the cause is in its log.
    Internal,
}

/// The code as JSON writes it (`invalid_json`), from serde's own name so the two cannot differ.
impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => f.write_str(&name),
            _ => write!(f, "{self:?}"),
        }
    }
}

/// An error of a request.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    field: Option<String>,
}

impl ApiError {
    /// An error with this status, code and message.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// The same error, naming the field at fault.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = if field.is_empty() || field == "." {
            None
        } else {
            Some(field)
        };
        self
    }

    /// 400: the request cannot be read (malformed JSON, wrong type, missing field).
    pub fn bad_request(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: the request is well-formed but breaks a rule of the domain.
    pub fn unprocessable(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    /// 404: the thing named does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// 401: the route needs a login (session cookie or Bearer token).
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "log in first: send the session cookie or an `Authorization: Bearer` API token",
        )
    }

    /// 403: logged in, but the role may not use this route.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    /// 500: something broke inside. The cause is logged here; the client gets no details.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "the server failed to handle the request; the cause is in its log",
        )
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The machine-readable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message for a person.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The field at fault, if any.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({field}): {}", self.code, self.message),
            None => write!(f, "{}: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                field: self.field,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer realm=\"imvo\""),
            );
        }
        response
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
