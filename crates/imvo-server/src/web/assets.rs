//! The dashboard's static files, compiled into the binary: one style sheet, the logo, and the
//! Open Sans font the PDF letter uses too (taken from `imvo-pdf/fonts`, Apache-2.0; see the
//! README there). Pages link them with a content hash in the query (`/assets/imvo.css?v=…`), so
//! they can be cached for a year and a new build is fetched at once.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

static FILES: &[Asset] = &[
    Asset {
        name: "imvo.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../../assets/imvo.css"),
    },
    Asset {
        name: "logo.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../../assets/logo.svg"),
    },
    Asset {
        name: "OpenSans-Regular.ttf",
        content_type: "font/ttf",
        bytes: include_bytes!("../../../imvo-pdf/fonts/OpenSans-Regular.ttf"),
    },
    Asset {
        name: "OpenSans-Semibold.ttf",
        content_type: "font/ttf",
        bytes: include_bytes!("../../../imvo-pdf/fonts/OpenSans-Semibold.ttf"),
    },
];

/// The short content hash of every file, computed once.
static HASHES: LazyLock<Vec<String>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|f| hex::encode(&Sha256::digest(f.bytes)[..6]))
        .collect()
});

/// The address of an asset with its content hash (`/assets/imvo.css?v=…`).
pub fn url(name: &str) -> String {
    match FILES.iter().position(|f| f.name == name) {
        Some(i) => format!("/assets/{name}?v={}", HASHES[i]),
        None => format!("/assets/{name}"),
    }
}

/// `GET /assets/{file}`: the file, cacheable for a year, with an ETag for revalidation.
pub async fn serve(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(i) = FILES.iter().position(|f| f.name == name) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let file = &FILES[i];
    let etag = format!("\"{}\"", HASHES[i]);
    let cache = HeaderValue::from_static("public, max-age=31536000, immutable");
    let etag_value =
        HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    if fresh {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag_value), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(file.content_type),
            ),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, cache),
        ],
        file.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_urls_carry_their_hash() {
        let u = url("imvo.css");
        assert!(u.starts_with("/assets/imvo.css?v=") && u.len() > "/assets/imvo.css?v=".len());
        assert_eq!(url("missing.css"), "/assets/missing.css");
    }
}
