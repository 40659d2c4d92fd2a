//! Asynchronous notifications for every simulated acquirer: an outbox persisted in SQLite and a delivery
//! task per message that POSTs it to a loopback URL, waits at most 5 s for the acknowledgement body, and
//! retries on the configured schedule (default: 1 try + 3 retries, as the dg-payment-skills sandbox reads
//! "at most 3 retries"). Non-loopback URLs are refused unless the config allows them.

use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use crate::clock::{Clock, Millis};
use crate::store::Store;

/// One delivery attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Attempt {
    pub at: Millis,
    pub ok: bool,
    /// `HTTP 200: RECV_ORD_ID_…` (body cut to 200 chars), `timeout`, `connect error: …`, `refused: …`.
    pub outcome: String,
}

/// One notification and its delivery history.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notification {
    pub id: String,
    /// `dougong`, later `huishouqian`, `mpgateway`.
    pub acquirer: String,
    /// `trade`, `refund`, `withdrawal`, `audit`, `busi`, `bill`, …
    pub kind: String,
    /// The record it is about (hf_seq_id, apply_no, …).
    pub about: String,
    pub url: String,
    pub content_type: String,
    pub body: String,
    /// The answer body must contain this to count as acknowledged (e.g. `RECV_ORD_ID_<req_seq_id>`);
    /// empty = any HTTP 2xx.
    pub ack: String,
    pub created_at: Millis,
    /// `pending`, `delivered`, `failed` (all tries used), `refused` (not a loopback URL).
    pub state: String,
    /// This notification's own retry delays in ms (an acquirer's schedule); absent = the outbox default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_ms: Option<Vec<u64>>,
    pub attempts: Vec<Attempt>,
}

/// What an acquirer hands to the outbox.
pub struct Outgoing {
    pub acquirer: &'static str,
    pub kind: &'static str,
    pub about: String,
    pub url: String,
    pub content_type: &'static str,
    pub body: String,
    pub ack: String,
    /// The acquirer's retry delays after the first try; `None` = the outbox default.
    pub retry: Option<Vec<Duration>>,
}

impl Outgoing {
    /// A form-encoded notification to `url` (trimmed) about `about`, acknowledged by `ack`, on the outbox's
    /// default retry schedule.
    pub fn form(acquirer: &'static str, kind: &'static str, about: &str, url: &str, body: String, ack: String) -> Self {
        Outgoing {
            acquirer,
            kind,
            about: about.to_string(),
            url: url.trim().to_string(),
            content_type: "application/x-www-form-urlencoded",
            body,
            ack,
            retry: None,
        }
    }
}

/// The outbox.
pub struct Outbox {
    inner: Mutex<Vec<Notification>>,
    store: Arc<Store>,
    clock: Arc<Clock>,
    retry_delays: Vec<Duration>,
    allow_any_host: bool,
    http: reqwest::Client,
    shutdown: watch::Receiver<bool>,
}

/// Strips Huifu's message-bus prefix (`virgo://http://…`) and checks the URL may be called.
pub fn delivery_url(raw: &str, allow_any_host: bool) -> Result<String, String> {
    let s = raw.trim();
    let s = s.strip_prefix("virgo://").unwrap_or(s);
    let u = url::Url::parse(s).map_err(|e| format!("not a URL ({e})"))?;
    if u.scheme() != "http" && u.scheme() != "https" {
        return Err(format!("scheme {} is not http(s)", u.scheme()));
    }
    if allow_any_host {
        return Ok(u.to_string());
    }
    let loopback = match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    if loopback {
        Ok(u.to_string())
    } else {
        Err("the sandbox only notifies loopback addresses (127.0.0.1, ::1, localhost)".into())
    }
}

impl Outbox {
    /// Loads the outbox and restarts delivery of anything still pending.
    pub fn start(
        store: Arc<Store>,
        clock: Arc<Clock>,
        retry_delays: Vec<Duration>,
        allow_any_host: bool,
        shutdown: watch::Receiver<bool>,
    ) -> Result<Arc<Outbox>, crate::SandboxError> {
        let list: Vec<Notification> = store.all("notification")?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| crate::SandboxError::Io(e.to_string()))?;
        let pending: Vec<String> = list.iter().filter(|n| n.state == "pending").map(|n| n.id.clone()).collect();
        let ob =
            Arc::new(Outbox { inner: Mutex::new(list), store, clock, retry_delays, allow_any_host, http, shutdown });
        for id in pending {
            ob.clone().spawn_delivery(id);
        }
        Ok(ob)
    }

    /// Queues a notification and starts delivering it.
    pub fn send(self: &Arc<Self>, out: Outgoing) -> String {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let n = Notification {
            id: id.clone(),
            acquirer: out.acquirer.into(),
            kind: out.kind.into(),
            about: out.about,
            url: out.url,
            content_type: out.content_type.into(),
            body: out.body,
            ack: out.ack,
            created_at: self.clock.now_ms(),
            state: "pending".into(),
            retry_ms: out.retry.map(|v| v.iter().map(|d| d.as_millis() as u64).collect()),
            attempts: Vec::new(),
        };
        self.save(&n);
        self.lock().push(n);
        self.clone().spawn_delivery(id.clone());
        id
    }

    /// Sends a notification again from its first try (its history is kept). `None` if unknown.
    pub fn replay(self: &Arc<Self>, id: &str) -> Option<Notification> {
        let n = {
            let mut g = self.lock();
            let n = g.iter_mut().find(|n| n.id == id)?;
            n.state = "pending".into();
            n.clone()
        };
        self.save(&n);
        self.clone().spawn_delivery(id.to_string());
        Some(n)
    }

    /// Every notification, oldest first.
    pub fn list(&self) -> Vec<Notification> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Notification>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn save(&self, n: &Notification) {
        if let Err(e) = self.store.put("notification", &n.id, n) {
            tracing::warn!("sandbox: could not persist notification {}: {e}", n.id);
        }
    }

    fn record(&self, id: &str, attempt: Attempt, final_state: Option<&str>) -> Option<Notification> {
        let n = {
            let mut g = self.lock();
            let n = g.iter_mut().find(|n| n.id == id)?;
            n.attempts.push(attempt);
            if let Some(s) = final_state {
                n.state = s.into();
            }
            n.clone()
        };
        self.save(&n);
        Some(n)
    }

    fn spawn_delivery(self: Arc<Self>, id: String) {
        tokio::spawn(async move {
            let mut shutdown = self.shutdown.clone();
            let own = self.lock().iter().find(|n| n.id == id).and_then(|n| n.retry_ms.clone());
            let delays: Vec<Duration> = match own {
                Some(ms) => ms.into_iter().map(Duration::from_millis).collect(),
                None => self.retry_delays.clone(),
            };
            let tries = delays.len() + 1;
            for i in 0..tries {
                if i > 0 {
                    tokio::select! {
                        _ = tokio::time::sleep(delays[i - 1]) => {}
                        _ = shutdown.changed() => return,
                    }
                }
                if *shutdown.borrow() {
                    return;
                }
                let Some(n) = self.lock().iter().find(|n| n.id == id).cloned() else { return };
                let url = match delivery_url(&n.url, self.allow_any_host) {
                    Ok(u) => u,
                    Err(why) => {
                        let a = Attempt { at: self.clock.now_ms(), ok: false, outcome: format!("refused: {why}") };
                        self.record(&id, a, Some("refused"));
                        return;
                    }
                };
                let (ok, outcome) = self.post_once(&url, &n).await;
                let last = i + 1 == tries;
                let state = if ok {
                    Some("delivered")
                } else if last {
                    Some("failed")
                } else {
                    None
                };
                self.record(&id, Attempt { at: self.clock.now_ms(), ok, outcome }, state);
                if ok {
                    return;
                }
            }
        });
    }

    async fn post_once(&self, url: &str, n: &Notification) -> (bool, String) {
        let res = self.http.post(url).header("Content-Type", &n.content_type).body(n.body.clone()).send().await;
        match res {
            Err(e) if e.is_timeout() => (false, "timeout (no answer within 5 s)".into()),
            Err(e) => (false, format!("connect error: {e}")),
            Ok(r) => {
                let status = r.status();
                let text = r.text().await.unwrap_or_default();
                let short: String = text.chars().take(200).collect();
                let ok = status.is_success() && (n.ack.is_empty() || text.contains(&n.ack));
                (ok, format!("HTTP {}: {short}", status.as_u16()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls_are_called() {
        assert_eq!(delivery_url("virgo://http://127.0.0.1:9000/n", false).unwrap(), "http://127.0.0.1:9000/n");
        assert!(delivery_url("http://localhost:8001/x", false).is_ok());
        assert!(delivery_url("http://[::1]:8001/x", false).is_ok());
        assert!(delivery_url("https://example.com/notify", false).is_err(), "public host refused");
        assert!(delivery_url("http://10.0.0.1/notify", false).is_err(), "private but not loopback refused");
        assert!(delivery_url("archer://C_SSPM", false).is_err(), "message-bus topics are not URLs we call");
        assert!(delivery_url("https://example.com/notify", true).is_ok(), "allowed when configured");
    }
}
