//! Extractors that turn a bad request into an [`ApiError`] naming the field at fault, instead of
//! axum's plain-text rejections.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ErrorCode};

/// A JSON body, parsed with the path of the field at fault in every error.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim();
                v.eq_ignore_ascii_case("application/json")
                    || (v.starts_with("application/") && v.ends_with("+json"))
            });
        if !is_json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            )
            .with_field("Content-Type"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        // Every body of this API is an object; serde would also read a struct from an array
        // of its fields in order (`[null, null]`), which no schema here allows. Only the top
        // level is checked here: a nested struct given as such an array is still read.
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|&b| b != b'{') {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidJson,
                "the body must be a JSON object (`{ … }`) with the fields of the request",
            ));
        }
        parse_json(&bytes).map(ApiJson)
    }
}

/// Maps a failure to read the body: too large is 413, the rest 400.
pub fn body_error(rejection: axum::extract::rejection::BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BodyTooLarge,
            "the request body is larger than the server accepts (setting max_body_bytes)",
        )
    } else {
        ApiError::bad_request(
            ErrorCode::UnreadableBody,
            format!("the request body could not be read: {rejection}"),
        )
    }
}

/// Parses JSON, naming the field at fault: the path to it, or the missing field.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(value) => Ok(value),
        Err(err) => {
            let path = err.path().to_string();
            let inner = err.into_inner();
            let message = inner.to_string();
            Err(if inner.is_syntax() || inner.is_eof() {
                ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    format!("the body is not valid JSON: {message}"),
                )
            } else {
                let field = field_of(&path, &message);
                ApiError::bad_request(ErrorCode::InvalidField, message).with_field(field)
            })
        }
    }
}

/// The field a serde message is about: the path, completed with the name in "missing field `x`"
/// or "unknown field `x`".
pub(crate) fn field_of(path: &str, message: &str) -> String {
    let named = ["missing field `", "unknown field `"]
        .iter()
        .find_map(|prefix| {
            let start = message.find(prefix)? + prefix.len();
            let end = message[start..].find('`')? + start;
            Some(&message[start..end])
        });
    match (path, named) {
        (".", Some(name)) | ("", Some(name)) => name.to_string(),
        (path, Some(name)) if path == name || path.ends_with(&format!(".{name}")) => {
            path.to_string()
        }
        (path, Some(name)) => format!("{path}.{name}"),
        (path, None) => path.to_string(),
    }
}

/// Query parameters, with the parameter at fault named in every error.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize::<_, T>(de)
            .map(ApiQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                let message = err.into_inner().to_string();
                ApiError::bad_request(
                    ErrorCode::InvalidQuery,
                    format!("query parameter: {message}"),
                )
                .with_field(field_of(&path, &message))
            })
    }
}

/// Path parameters, with the parameter at fault named.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|rejection| {
                ApiError::bad_request(ErrorCode::InvalidPath, rejection.body_text())
                    .with_field("id")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Inner,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        value: f64,
    }

    #[test]
    fn errors_name_the_field() {
        let e = parse_json::<Outer>(br#"{"name": 3, "inner": {"value": 1}}"#).unwrap_err();
        assert_eq!(e.field(), Some("name"));
        let e = parse_json::<Outer>(br#"{"name": "x", "inner": {"value": "a"}}"#).unwrap_err();
        assert_eq!(e.field(), Some("inner.value"));
        let e = parse_json::<Outer>(br#"{"name": "x", "inner": {}}"#).unwrap_err();
        assert_eq!(e.field(), Some("inner.value"));
        let e = parse_json::<Outer>(br#"{"inner": {"value": 1}}"#).unwrap_err();
        assert_eq!(e.field(), Some("name"));
        let e =
            parse_json::<Outer>(br#"{"name": "x", "inner": {"value": 1}, "x": 1}"#).unwrap_err();
        assert_eq!(e.field(), Some("x"));
        let e = parse_json::<Outer>(br#"{"name": "#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidJson);
    }
}
