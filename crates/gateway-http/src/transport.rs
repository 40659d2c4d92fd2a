//! The HTTP POST of a signed form. Every failure is mapped onto the kinds that decide a write's fate:
//! a connection that never came up is `sent: false` (safe to resend); anything after the request may have
//! left is `sent: true` (the caller reconciles by query, never resends blindly).
//!
//! Only connection set-up is retried here: the request bytes never left.

use std::time::Duration;

use crate::error::Error;

/// Whole-request timeout when the profile sets none.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// A verified-later answer: the HTTP status and the raw body, as the gateway sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A form-posting HTTP client. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Transport {
    http: reqwest::Client,
    connect_retries: u32,
}

impl Transport {
    /// `timeout` covers the whole request (default 15 s); connecting gets at most 5 s of it.
    /// `connect_retries`: how often a failed connection set-up is tried again.
    pub fn new(timeout: Option<Duration>, connect_retries: u32) -> Result<Transport, Error> {
        let timeout = timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()
            .map_err(|e| Error::Transport { sent: false, message: format!("cannot build HTTP client: {e}") })?;
        Ok(Transport { http, connect_retries })
    }

    /// Posts `body` as `application/x-www-form-urlencoded` and reads the whole answer, whatever its status.
    pub async fn post_form(&self, url: &str, body: String) -> Result<Answer, Error> {
        let make = || {
            self.http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded; charset=UTF-8")
                .body(body.clone())
        };
        send_retrying(make, self.connect_retries, 200).await
    }
}

/// Sends the request `make` builds and reads the whole answer, building and sending it again only while the
/// connection could not be set up (at most `connect_retries` times, waiting `backoff_ms << attempt`).
/// Any client can use it with its own request (a multipart upload, extra headers).
pub async fn send_retrying(
    make: impl Fn() -> reqwest::RequestBuilder,
    connect_retries: u32,
    backoff_ms: u64,
) -> Result<Answer, Error> {
    let mut attempt = 0u32;
    let resp = loop {
        match make().send().await {
            Ok(r) => break r,
            Err(e) if e.is_connect() && attempt < connect_retries => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(backoff_ms << attempt.min(4))).await;
            }
            Err(e) => return Err(send_error(&e)),
        }
    };
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.map_err(|e| {
        if e.is_timeout() {
            Error::Timeout { sent: true }
        } else {
            Error::Transport { sent: true, message: format!("reading the answer failed: {e}") }
        }
    })?;
    Ok(Answer { status, body: bytes.to_vec() })
}

/// A failure before an answer: only a connection that never came up (or a request that could not be
/// built) certainly did not leave.
fn send_error(e: &reqwest::Error) -> Error {
    let sent = !e.is_connect() && !e.is_builder();
    if e.is_timeout() {
        return Error::Timeout { sent };
    }
    Error::Transport { sent, message: error_chain(e) }
}

/// An error with all its causes, `outer: inner: innermost` (reqwest's own text hides the OS error).
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_was_not_sent() {
        // A port that was just free: nothing listens, so the connection is refused.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let t = Transport::new(Some(Duration::from_secs(2)), 1).unwrap();
        let e = t.post_form(&format!("http://127.0.0.1:{port}/x"), "a=1".into()).await.unwrap_err();
        assert!(matches!(e, Error::Transport { sent: false, .. }), "{e}");
    }

    #[tokio::test]
    async fn no_answer_in_time_may_have_been_sent() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Accepts and reads, never answers.
        tokio::spawn(async move {
            let (_s, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
        let t = Transport::new(Some(Duration::from_millis(300)), 0).unwrap();
        let e = t.post_form(&format!("http://{addr}/x"), "a=1".into()).await.unwrap_err();
        assert!(matches!(e, Error::Timeout { sent: true }), "{e}");
        assert!(e.may_have_been_sent());
    }

    #[tokio::test]
    async fn the_answer_comes_back_whatever_its_status() {
        use axum::routing::post;
        let app = axum::Router::new().route(
            "/x",
            post(|body: String| async move { (axum::http::StatusCode::BAD_GATEWAY, format!("got {body}")) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let t = Transport::new(None, 0).unwrap();
        let a = t.post_form(&format!("http://{addr}/x"), "a=1&b=%E6".into()).await.unwrap();
        assert_eq!(a, Answer { status: 502, body: b"got a=1&b=%E6".to_vec() });
    }
}
