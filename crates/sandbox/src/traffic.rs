//! The layer in front of every acquirer router: applies armed faults and writes the request log (a hash of
//! each request signature, never the signature itself).

use std::sync::Arc;
use std::time::Instant;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::Shared;

/// What a handler tells the log about the call it answered (attached as a response extension).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LogNote {
    pub acquirer: &'static str,
    pub sys_id: String,
    pub huifu_id: String,
    pub req_seq_id: String,
    pub resp_code: String,
    pub resp_desc: String,
    /// SHA-256 (hex) of the request's signature; empty when it carried none.
    pub sign_sha256: String,
}

/// Marker: the server must close the connection instead of sending this response.
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// One request-log row: the call as the layer saw it and what its handler noted.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub seq: i64,
    pub at: i64,
    pub method: String,
    pub path: String,
    pub http_status: u16,
    #[serde(flatten)]
    pub note: LogNote,
    pub faults: Vec<String>,
    pub duration_ms: u64,
}

/// SHA-256 hex of a signature, for the log.
pub fn sign_hash(sign: &str) -> String {
    use sha2::{Digest, Sha256};
    if sign.is_empty() {
        return String::new();
    }
    hex::encode(Sha256::digest(sign.as_bytes()))
}

/// Replaces the first characters of the JSON `"sign"` value so the signature no longer verifies.
fn corrupt_sign(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body).into_owned();
    let Some(pos) = text.rfind("\"sign\":\"") else { return body.to_vec() };
    let start = pos + 8;
    let rest = &text[start..];
    let end = rest.find('"').map(|e| start + e).unwrap_or(text.len());
    if end - start < 4 {
        return body.to_vec();
    }
    let replacement = if &text[start..start + 4] == "AAAA" { "BBBB" } else { "AAAA" };
    format!("{}{}{}", &text[..start], replacement, &text[start + 4..]).into_bytes()
}

/// axum middleware for acquirer routes. The call is handled in a task of its own: a real gateway goes on
/// processing a request whose client stopped waiting (a timeout), so a slow answer must not be a request
/// that never happened just because hyper dropped the connection's future.
pub async fn layer(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    match tokio::spawn(handle(s, req, next)).await {
        Ok(resp) => resp,
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("sandbox: handler failed: {e}")).into_response(),
    }
}

async fn handle(s: Arc<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let hit = s.faults.take(&path);
    if let Some(ms) = hit.latency_ms {
        tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
    }
    let mut resp = match hit.http_status {
        Some(code) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_GATEWAY);
            (status, format!("{} {}", code, status.canonical_reason().unwrap_or("Server Error"))).into_response()
        }
        None => next.run(req).await,
    };
    if hit.bad_sign {
        let (parts, body) = resp.into_parts();
        let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
        let mut parts = parts;
        let bad = corrupt_sign(&bytes);
        parts.headers.insert("content-length", HeaderValue::from(bad.len()));
        resp = Response::from_parts(parts, Body::from(bad));
    }
    let note = resp.extensions().get::<LogNote>().cloned().unwrap_or_default();
    let entry = LogEntry {
        seq: 0,
        at: s.clock.now_ms(),
        method,
        path,
        http_status: resp.status().as_u16(),
        note,
        faults: hit.labels().into_iter().map(String::from).collect(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    if let Ok(json) = serde_json::to_string(&entry) {
        if let Err(e) = s.store.log_request(&json) {
            tracing::warn!("sandbox: request log write failed: {e}");
        }
    }
    if hit.drop {
        resp.extensions_mut().insert(DropConnection);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupted_sign_differs_and_keeps_the_json_shape() {
        let body = br#"{"data":{"a":"1"},"sign":"QUJDRA=="}"#;
        let bad = String::from_utf8(corrupt_sign(body)).unwrap();
        assert_eq!(bad, r#"{"data":{"a":"1"},"sign":"AAAARA=="}"#);
        let v: serde_json::Value = serde_json::from_str(&bad).expect("still JSON");
        assert_ne!(v["sign"], "QUJDRA==", "the signature changed");
        assert_eq!(sign_hash(""), "", "no sign, no hash");
        assert_eq!(sign_hash("x").len(), 64);
    }
}
