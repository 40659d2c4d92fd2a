//! The HTTP side of the receiver: `POST|GET /notify/<profile>` → [`Desk::receive_notification`] → HTTP 200
//! with the acquirer's acknowledgement, 400 for a rejected signature (the acquirer retries; a forger gets
//! nothing), 404 for an unknown profile, 503 when the profile cannot verify yet (missing keys) or the store
//! failed (the acquirer retries later).

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::sync::oneshot;

use crate::error::{Error, ErrorCode};
use crate::Desk;

/// A running receiver. Dropping it leaves it running until the runtime ends; [`NotifyReceiver::stop`] ends it.
pub struct NotifyReceiver {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for NotifyReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotifyReceiver").field("addr", &self.addr).finish_non_exhaustive()
    }
}

impl NotifyReceiver {
    /// The address it listens on (the real port when started on port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://<addr>/notify/<profile>`: the loopback URL of a profile (sandbox notify_url).
    pub fn url_for(&self, profile: &str) -> String {
        format!("http://{}/notify/{}", self.addr, url::form_urlencoded::byte_serialize(profile.as_bytes()).collect::<String>())
    }

    /// Stops accepting and waits for the server task to end.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = (&mut self.task).await;
    }
}

async fn receive(State(desk): State<Desk>, Path(profile): Path<String>, method: Method, RawQuery(query): RawQuery, body: Bytes) -> Response {
    // The MD5 gateway may notify by GET with the fields in the query string.
    let payload: Vec<u8> = if method == Method::GET || body.is_empty() { query.unwrap_or_default().into_bytes() } else { body.to_vec() };
    // Keychain reads and SQLite are blocking.
    let result = tokio::task::spawn_blocking(move || desk.receive_notification(&profile, &payload)).await;
    let result = match result {
        Ok(r) => r,
        Err(e) => Err(Error::new(ErrorCode::Internal, format!("the receiver task failed: {e}"))),
    };
    match result {
        Ok(r) => match r.ack {
            Some(ack) => (StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], ack).into_response(),
            None => (StatusCode::BAD_REQUEST, format!("rejected: the signature does not verify (notification #{})", r.row.id)).into_response(),
        },
        Err(e) if e.code == ErrorCode::NotFound => (StatusCode::NOT_FOUND, e.message).into_response(),
        Err(e) => {
            tracing::warn!("notification receiver: {}", e.message);
            (StatusCode::SERVICE_UNAVAILABLE, e.message).into_response()
        }
    }
}

impl Desk {
    /// Starts the notification receiver on `listen` (`127.0.0.1:8700`, port 0 for a free one). One receiver
    /// serves every profile by path. Errors: `InvalidInput` (`listen`), `Io` (the port is taken).
    pub async fn start_notify_receiver(&self, listen: &str) -> Result<NotifyReceiver, Error> {
        let addr: SocketAddr = listen.trim().parse().map_err(|_| Error::invalid("listen", format!("{listen:?} is not host:port with an IP address")))?;
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| Error::new(ErrorCode::Io, format!("cannot listen on {addr}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| Error::new(ErrorCode::Io, e.to_string()))?;
        let app = Router::new()
            .route("/", get(|| async { "paydesk notification receiver" }))
            .route("/notify/{profile}", any(receive))
            .with_state(self.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::warn!("notification receiver stopped: {e}");
            }
        });
        Ok(NotifyReceiver { addr, stop: Some(tx), task })
    }
}
