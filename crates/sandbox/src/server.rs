//! The HTTP server loop. Hand-rolled around hyper (instead of `axum::serve`) for one reason: the `drop`
//! fault must close a connection after the request was processed, without any answer, which an
//! infallible axum service cannot express. A response carrying [`DropConnection`] makes the service fail,
//! and hyper then closes the connection.

use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::traffic::DropConnection;

#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedOnPurpose {}

/// Accepts connections until `shutdown` turns true; open connections finish their current request.
pub async fn serve(listener: TcpListener, router: Router, shutdown: watch::Receiver<bool>) {
    let mut stop = shutdown.clone();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = stop.changed() => break,
        };
        let Ok((stream, _peer)) = accepted else { continue };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut conn_stop = shutdown.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let router = router.clone();
                async move {
                    let resp = match router.oneshot(req.map(axum::body::Body::new)).await {
                        Ok(r) => r,
                        Err(never) => match never {},
                    };
                    if resp.extensions().get::<DropConnection>().is_some() {
                        return Err(DroppedOnPurpose);
                    }
                    Ok::<_, DroppedOnPurpose>(resp)
                }
            });
            let conn = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = conn_stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
}
