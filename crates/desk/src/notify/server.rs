//! The HTTP side of the receiver: `POST|GET /notify/<profile>` → [`Desk::receive_notification`] → HTTP 200
//! with the acquirer's acknowledgement, 400 for a rejected signature (the acquirer retries; a forger gets
//! nothing), 404 for an unknown profile, 503 when the profile cannot verify yet (missing keys) or the store
//! failed (the acquirer retries later).
//!
//! The receiver faces the internet (behind the deployment's proxy), so what one sender can make it hold is
//! bounded ([`ReceiverLimits`]): the body size (413 past it), the connections open at once (a new one
//! waits for a slot while slow senders holding one are cut off, then is closed), the time to send the headers and the
//! body (a slow sender is cut off), and a connection's whole life. The accept loop is hand-rolled around
//! hyper (like the sandbox's) because `axum::serve` has no connection cap or header timeout.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

use crate::error::{Error, ErrorCode};
use crate::Desk;

/// Bounds on what senders can make the receiver hold. The defaults suit a real acquirer: its
/// notifications are a few KB, and it gives up on an answer after 5 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiverLimits {
    /// The largest body (or GET query) read; a bigger one is answered 413 and not stored.
    pub max_body_bytes: usize,
    /// Connections served at once; more wait for a slot up to twice `header_timeout` (long enough for a
    /// slow sender holding a slot to be cut off), then are closed.
    pub max_connections: usize,
    /// Time to send the request line and headers.
    pub header_timeout: Duration,
    /// Time to send the body once the headers are in.
    pub body_timeout: Duration,
    /// The longest a connection stays open, requests and keep-alive included.
    pub connection_lifetime: Duration,
}

impl Default for ReceiverLimits {
    fn default() -> ReceiverLimits {
        ReceiverLimits {
            max_body_bytes: 64 * 1024,
            max_connections: 128,
            header_timeout: Duration::from_secs(5),
            body_timeout: Duration::from_secs(5),
            connection_lifetime: Duration::from_secs(60),
        }
    }
}

/// A running receiver. Dropping it leaves it running until the runtime ends; [`NotifyReceiver::stop`] ends it.
pub struct NotifyReceiver {
    addr: SocketAddr,
    stop: Option<watch::Sender<bool>>,
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
        format!(
            "http://{}/notify/{}",
            self.addr,
            url::form_urlencoded::byte_serialize(profile.as_bytes()).collect::<String>()
        )
    }

    /// Stops accepting, lets open connections finish their request, and waits for the accept loop to end.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(true);
        }
        let _ = (&mut self.task).await;
    }
}

#[derive(Clone)]
struct Shared {
    desk: Desk,
    limits: ReceiverLimits,
    /// Deliveries being verified and stored at once. tokio's semaphore is first come, first served, so a
    /// genuine notification waits behind at most one delivery per open connection, never behind a pile
    /// of threads racing for the store's lock.
    work: Arc<Semaphore>,
}

async fn receive(
    State(st): State<Shared>,
    Path(profile): Path<String>,
    method: Method,
    RawQuery(query): RawQuery,
    body: axum::body::Body,
) -> Response {
    let max = st.limits.max_body_bytes;
    let body = match tokio::time::timeout(st.limits.body_timeout, axum::body::to_bytes(body, max)).await {
        Err(_) => return (StatusCode::REQUEST_TIMEOUT, "the body was not sent in time").into_response(),
        Ok(Err(_)) => {
            return (StatusCode::PAYLOAD_TOO_LARGE, format!("a notification is at most {max} bytes")).into_response()
        }
        Ok(Ok(b)) => b,
    };
    // The MD5 gateway may notify by GET with the fields in the query string.
    let payload: Vec<u8> =
        if method == Method::GET || body.is_empty() { query.unwrap_or_default().into_bytes() } else { body.to_vec() };
    if payload.len() > max {
        return (StatusCode::PAYLOAD_TOO_LARGE, format!("a notification is at most {max} bytes")).into_response();
    }
    let Ok(_turn) = st.work.acquire().await else {
        return (StatusCode::SERVICE_UNAVAILABLE, "the receiver is stopping").into_response();
    };
    let desk = st.desk;
    // Keychain reads and SQLite are blocking.
    let result = tokio::task::spawn_blocking(move || desk.receive_notification(&profile, &payload)).await;
    let result = match result {
        Ok(r) => r,
        Err(e) => Err(Error::new(ErrorCode::Internal, format!("the receiver task failed: {e}"))),
    };
    match result {
        Ok(r) => match r.ack {
            Some(ack) => (StatusCode::OK, [("content-type", "text/plain; charset=utf-8")], ack).into_response(),
            None => (
                StatusCode::BAD_REQUEST,
                format!("rejected: the signature does not verify (notification #{})", r.row.id),
            )
                .into_response(),
        },
        Err(e) if e.code == ErrorCode::NotFound => (StatusCode::NOT_FOUND, e.message).into_response(),
        Err(e) => {
            tracing::warn!("notification receiver: {}", e.message);
            (StatusCode::SERVICE_UNAVAILABLE, e.message).into_response()
        }
    }
}

/// Resolves once the receiver is told to stop. A dropped [`NotifyReceiver`] never says so: the receiver
/// then runs until the runtime ends.
async fn stopped(rx: &mut watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Serves one connection within the limits; `slot` is held until it closes.
async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    limits: ReceiverLimits,
    mut stop: watch::Receiver<bool>,
    slot: tokio::sync::OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let svc = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let app = app.clone();
        async move { app.oneshot(req.map(axum::body::Body::new)).await }
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        // Request line + headers: a GET notification's query string fits, a header flood does not.
        .max_buf_size((limits.max_body_bytes + 16 * 1024).max(8192))
        .serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    let lifetime = tokio::time::sleep(limits.connection_lifetime);
    tokio::pin!(lifetime);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Past its lifetime, or told to stop: the request in hand is finished (its answer says
        // `Connection: close`), then the connection ends — or is dropped if that takes too long.
        _ = &mut lifetime => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(limits.body_timeout, conn).await;
        }
        _ = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(limits.body_timeout, conn).await;
        }
    }
    drop(slot);
}

impl Desk {
    /// Starts the notification receiver on `listen` (`127.0.0.1:8700`, port 0 for a free one) with the
    /// default [`ReceiverLimits`]. One receiver serves every profile by path. Errors: `InvalidInput`
    /// (`listen`), `Io` (the port is taken).
    pub async fn start_notify_receiver(&self, listen: &str) -> Result<NotifyReceiver, Error> {
        self.start_notify_receiver_with(listen, ReceiverLimits::default()).await
    }

    /// [`Desk::start_notify_receiver`] with other limits (tests use short timeouts).
    pub async fn start_notify_receiver_with(
        &self,
        listen: &str,
        limits: ReceiverLimits,
    ) -> Result<NotifyReceiver, Error> {
        let addr: SocketAddr = listen.trim().parse().map_err(|_| {
            Error::problem("listen", crate::vocab::Problem::ListenAddr, &[("value", listen.trim().to_string())])
        })?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot listen on {addr}: {e}")))?;
        let addr = listener.local_addr().map_err(|e| Error::new(ErrorCode::Io, e.to_string()))?;
        let app = Router::new()
            .route("/", get(|| async { "paydesk notification receiver" }))
            .route("/notify/{profile}", any(receive))
            .with_state(Shared {
                desk: self.clone(),
                limits,
                work: Arc::new(Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get().min(8)))),
            });
        let (tx, rx) = watch::channel(false);
        let slots = Arc::new(Semaphore::new(limits.max_connections));
        // Connections waiting for a slot: beyond these, a new one is closed at once (it costs a socket).
        let waiting = Arc::new(Semaphore::new(limits.max_connections * 4));
        let task = tokio::spawn(async move {
            let mut stop = rx.clone();
            loop {
                let accepted = tokio::select! {
                    a = listener.accept() => a,
                    _ = stopped(&mut stop) => break,
                };
                let Ok((stream, _peer)) = accepted else { continue };
                let (app, conn_stop, slots) = (app.clone(), rx.clone(), slots.clone());
                match slots.clone().try_acquire_owned() {
                    Ok(slot) => {
                        tokio::spawn(serve_connection(stream, app, limits, conn_stop, slot));
                    }
                    Err(_) => {
                        let Ok(queued) = waiting.clone().try_acquire_owned() else { continue };
                        tokio::spawn(async move {
                            if let Ok(Ok(slot)) =
                                tokio::time::timeout(limits.header_timeout * 2, slots.acquire_owned()).await
                            {
                                drop(queued);
                                serve_connection(stream, app, limits, conn_stop, slot).await;
                            }
                        });
                    }
                }
            }
        });
        Ok(NotifyReceiver { addr, stop: Some(tx), task })
    }
}
