//! The local receiver of asynchronous notifications from all three acquirers: dougong (§3: form with
//! `resp_data` or `data` + `sign`), 慧收钱 (`method=CALLBACK`), the MD5 gateway (`resp=..&sign=..`).
//!
//! Each delivery is verified with the profile's keys (the same checks as
//! [`Desk::acquiring_verify_notification`]), stored once (a repeat bumps `count`), acknowledged with the body
//! the acquirer expects (`RECV_ORD_ID_<id>`, `SUCCESS`, `0000`) and applied: a withdrawal moves to its final
//! state, an open journal entry is settled, an audit result updates the merchant index. A bad signature is
//! answered with HTTP 400 and never acted on; it is counted ([`Desk::rejected_notifications`]) and only the
//! newest [`KEEP_REJECTED`] are kept as `rejected` rows, so a flood of forged bodies cannot grow the store.
//! The HTTP side bounds body size, connections and time ([`ReceiverLimits`]). A final state is never moved back by an
//! older notification that arrives late.
//!
//! # Where notifications come in
//!
//! The receiver listens on the profile setting `notify_listen` (e.g. `127.0.0.1:8700`) and takes
//! `POST /notify/<profile>` (GET too: the MD5 gateway may send a query string). The URL handed to the
//! acquirer ([`Desk::notify_url_for`]) is
//! - `notify_public_url` + `/notify/<profile>` when that setting is present: how a real deployment is
//!   reached. Huifu must reach it from the internet: put the receiver behind a reverse proxy with TLS
//!   (nginx / Caddy forwarding `https://pay.example.com/paydesk/notify/...` to `notify_listen`) or a
//!   tunnel; no query string, no redirects, answer within 5 s, custom ports within 8000-9005 (spec §3.2);
//! - `http://<notify_listen>/notify/<profile>` for sandbox profiles: the built-in sandbox only calls
//!   loopback addresses, so a loopback listen address is all it needs;
//! - none otherwise (a production acquirer cannot call a loopback address; such a profile needs
//!   `notify_public_url`).

mod classify;
mod effect;
mod server;

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub use server::{NotifyReceiver, ReceiverLimits};

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Environment, Profile, ProfileChanges};
use crate::vocab::Problem;
use crate::Desk;

/// Rejected deliveries kept per profile for a person to look at (the rest are only counted).
pub const KEEP_REJECTED: i64 = 20;
/// How much of a rejected body is kept to show (masked).
const SHOWN_REJECTED_BYTES: usize = 2048;

/// The rejected deliveries of a profile: all of them counted, the newest [`KEEP_REJECTED`] kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RejectedCount {
    #[ts(type = "number")]
    pub count: i64,
    #[ts(optional)]
    pub last_at: Option<String>,
}

/// Profile setting: the address the receiver listens on (`127.0.0.1:8700`).
pub const SETTING_LISTEN: &str = "notify_listen";
/// Profile setting: the public base URL that reaches the receiver (`https://pay.example.com/paydesk`).
pub const SETTING_PUBLIC_URL: &str = "notify_public_url";
/// Where `paydesk notify serve` listens when nothing is set (a port in dougong's 8000-9005 range).
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8700";

/// One received notification as the UI lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRow {
    #[ts(type = "number")]
    pub id: i64,
    pub profile: String,
    pub acquirer: Acquirer,
    /// `trade`, `refund`, `withdrawal`, `audit`, `busi`, `bill`, `unknown` (rejected ones).
    pub kind: String,
    /// The merchant number it is about (req_seq_id / transNo / orderid; ord_id, file_id).
    pub order_no: String,
    /// The acquirer's number (hf_seq_id / tradeNo / queryid / apply_no).
    pub platform_no: String,
    /// Dougong huifu_id.
    pub merchant: String,
    /// `pending`, `success`, `failed`, `closed`, `unknown`, or `rejected` (signature did not verify).
    pub state: String,
    #[ts(optional, type = "number")]
    pub amount_fen: Option<i64>,
    pub verified: bool,
    /// The business body with personal data masked.
    pub body: String,
    /// What was answered (empty: not acknowledged).
    pub ack: String,
    /// What receiving it changed ("withdrawal X: success; journal X settled", "no matching entry").
    pub effect: String,
    /// How many times it was delivered.
    #[ts(type = "number")]
    pub count: i64,
    pub received_at: String,
    pub last_received_at: String,
}

/// Filters of the notification list (all optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct NotificationFilter {
    pub profile: Option<String>,
    pub acquirer: Option<Acquirer>,
    pub kind: Option<String>,
    pub state: Option<String>,
    /// Exact order / req_seq_id / platform number.
    pub order_no: Option<String>,
    pub verified: Option<bool>,
    /// RFC 3339 lower bound of `receivedAt` (inclusive).
    pub since: Option<String>,
    /// RFC 3339 upper bound of `receivedAt` (exclusive).
    pub until: Option<String>,
    /// Default 100, at most 1000.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// A page of the list, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    #[ts(type = "number")]
    pub total: i64,
    pub rows: Vec<NotificationRow>,
}

/// What the receiver did with one delivery.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub row: NotificationRow,
    /// The body to answer with HTTP 200; `None` = rejected (answer an error, the acquirer retries).
    #[ts(optional)]
    pub ack: Option<String>,
    /// True when the same notification had been received before (nothing applied again).
    pub duplicate: bool,
}

/// The receiver settings of a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct NotifySettings {
    /// `host:port` the receiver listens on; `None` = no receiver.
    pub listen: Option<String>,
    /// Public base URL that reaches the receiver (real deployments).
    pub public_url: Option<String>,
    /// The notify_url desk hands to the acquirer (derived; read-only).
    pub notify_url: Option<String>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<NotificationRow> {
    let acquirer: String = r.get("acquirer")?;
    Ok(NotificationRow {
        id: r.get("id")?,
        profile: r.get("profile")?,
        acquirer: Acquirer::parse(&acquirer).unwrap_or(Acquirer::Dougong),
        kind: r.get("kind")?,
        order_no: r.get("order_no")?,
        platform_no: r.get("platform_no")?,
        merchant: r.get("merchant")?,
        state: r.get("state")?,
        amount_fen: r.get("amount_fen")?,
        verified: r.get::<_, i64>("verified")? != 0,
        body: r.get("body")?,
        ack: r.get("ack")?,
        effect: r.get("effect")?,
        count: r.get("count")?,
        received_at: r.get("received_at")?,
        last_received_at: r.get("last_received_at")?,
    })
}

fn check_listen(v: &str) -> Result<(), Error> {
    v.parse::<std::net::SocketAddr>()
        .map(|_| ())
        .map_err(|_| Error::problem("listen", Problem::ListenAddr, &[("value", v.to_string())]))
}

fn check_public_url(v: &str) -> Result<(), Error> {
    let u = url::Url::parse(v).map_err(|_| Error::problem("publicUrl", Problem::NotAUrl, &[]))?;
    if u.scheme() != "https" && u.scheme() != "http" {
        return Err(Error::problem("publicUrl", Problem::UrlScheme, &[]));
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err(Error::problem("publicUrl", Problem::UrlQuery, &[]));
    }
    // Huifu calls custom ports only within 8000-9005 (spec §3.2).
    if let Some(port) = u.port() {
        if !(8000..=9005).contains(&port) {
            return Err(Error::problem("publicUrl", Problem::NotifyPort, &[("port", port.to_string())]));
        }
    }
    // The longest profile path must still fit dougong's shortest notify_url (String(128)).
    if v.len() > 80 {
        return Err(Error::problem("publicUrl", Problem::PublicUrlLength, &[]));
    }
    Ok(())
}

/// Inserts a notification in `tx`, or bumps the count of the same one received before. Returns (row,
/// duplicate).
#[allow(clippy::too_many_arguments)]
fn store_tx(
    tx: &rusqlite::Transaction<'_>,
    p: &Profile,
    key: &str,
    n: &classify::Parsed,
    verified: bool,
    ack: &str,
    now: &str,
    effect: &str,
) -> Result<(NotificationRow, bool), Error> {
    let existing: Option<i64> = tx
        .query_row("SELECT id FROM notifications WHERE profile = ?1 AND dedupe_key = ?2", params![p.name, key], |r| {
            r.get(0)
        })
        .optional()?;
    let (id, dup) = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE notifications SET count = count + 1, last_received_at = ?2 WHERE id = ?1",
                params![id, now],
            )?;
            (id, true)
        }
        None => {
            tx.execute(
                "INSERT INTO notifications(profile, acquirer, kind, dedupe_key, order_no, platform_no, merchant, state, amount_fen, verified,
                                           body, ack, effect, count, received_at, last_received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14, ?14)",
                params![
                    p.name, p.acquirer.as_str(), n.kind, key, n.order_no, n.platform_no, n.merchant, n.state, n.amount_fen, verified as i64,
                    n.body, ack, effect, now
                ],
            )?;
            (tx.last_insert_rowid(), false)
        }
    };
    Ok((tx.query_row("SELECT * FROM notifications WHERE id = ?1", [id], from_row)?, dup))
}

impl Desk {
    /// The notify_url to hand to the acquirer for `profile` (see the module docs), or `None`.
    pub fn notify_url_for(&self, profile: &Profile) -> Option<String> {
        let path =
            format!("/notify/{}", url::form_urlencoded::byte_serialize(profile.name.as_bytes()).collect::<String>());
        if let Some(base) = profile.extra.get(SETTING_PUBLIC_URL).filter(|s| !s.trim().is_empty()) {
            return Some(format!("{}{path}", base.trim().trim_end_matches('/')));
        }
        let listen = profile.extra.get(SETTING_LISTEN).filter(|s| !s.trim().is_empty())?;
        (profile.environment == Environment::Sandbox).then(|| format!("http://{}{path}", listen.trim()))
    }

    /// Every distinct `notify_listen` address of the profiles: what the app starts receivers on.
    pub fn notify_listen_addresses(&self) -> Result<Vec<String>, Error> {
        let mut out: Vec<String> =
            self.list_profiles()?.into_iter().filter_map(|p| p.extra.get(SETTING_LISTEN).cloned()).collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// The receiver settings of a profile.
    pub fn notify_settings(&self, profile: &str) -> Result<NotifySettings, Error> {
        let p = self.profile(profile)?;
        Ok(NotifySettings {
            listen: p.extra.get(SETTING_LISTEN).cloned(),
            public_url: p.extra.get(SETTING_PUBLIC_URL).cloned(),
            notify_url: self.notify_url_for(&p),
        })
    }

    /// Sets (or, with `None` / empty, removes) a profile's receiver settings. Errors: `InvalidInput` naming
    /// `listen` or `publicUrl`, `NotFound`.
    pub fn set_notify_settings(
        &self,
        profile: &str,
        listen: Option<&str>,
        public_url: Option<&str>,
    ) -> Result<NotifySettings, Error> {
        let mut extra = self.profile(profile)?.extra;
        for (key, value, check) in [
            (SETTING_LISTEN, listen, check_listen as fn(&str) -> Result<(), Error>),
            (SETTING_PUBLIC_URL, public_url, check_public_url),
        ] {
            match value.map(str::trim).filter(|v| !v.is_empty()) {
                Some(v) => {
                    check(v)?;
                    extra.insert(key.into(), v.trim_end_matches('/').into());
                }
                None => {
                    extra.remove(key);
                }
            }
        }
        self.update_profile(profile, ProfileChanges { extra: Some(extra), ..Default::default() })?;
        self.notify_settings(profile)
    }

    /// Handles one delivery for `profile` (the body as received: a form POST body or a GET query string):
    /// verify, store once, apply, and say what to answer. Errors: `NotFound` (no such profile), `KeyMissing`
    /// (the profile cannot verify anything yet; answer 5xx so the acquirer retries later), `Storage`.
    pub fn receive_notification(&self, profile: &str, body: &[u8]) -> Result<Received, Error> {
        let p = self.profile(profile)?;
        // Verified before taking the turn below: a flood of forged bodies costs CPU, never a place in
        // the queue genuine notifications wait in.
        let parsed = match classify::verify(self, &p, body) {
            Ok(n) => n,
            Err(e) if e.code == ErrorCode::Signature || e.code == ErrorCode::Decode => {
                // Not acted on; the last few are kept so a person sees the forgery or the broken sender,
                // and every one is counted.
                let now = rfc3339(self.now());
                let key = format!("rejected:{}", hex::encode(Sha256::digest(body)));
                let mut shown = classify::unverified_body(body);
                if shown.len() > SHOWN_REJECTED_BYTES {
                    let cut = (0..=SHOWN_REJECTED_BYTES).rev().find(|i| shown.is_char_boundary(*i)).unwrap_or(0);
                    shown.truncate(cut);
                    shown.push('…');
                }
                let row = self.store_rejected(
                    &p,
                    &key,
                    &classify::Parsed::rejected(shown),
                    &now,
                    &format!("rejected: {}", e.message),
                )?;
                return Ok(Received { duplicate: row.1, row: row.0, ack: None });
            }
            Err(e) => return Err(e),
        };
        // One at a time: the channel and the accounting notification of one record often arrive together,
        // and "is a final state already known" must see the one stored just before.
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
        let now = rfc3339(self.now());
        let key = parsed.dedupe_key(p.acquirer);
        let ack = parsed.ack.clone();
        let (row, duplicate) = self.store().with_tx(|tx| store_tx(tx, &p, &key, &parsed, true, &ack, &now, ""))?;
        if duplicate {
            return Ok(Received { row, ack: Some(ack), duplicate });
        }
        let effect = effect::apply(self, &p, &parsed, row.id)?;
        self.store().with_conn(|c| {
            c.execute("UPDATE notifications SET effect = ?2 WHERE id = ?1", params![row.id, effect])?;
            Ok(())
        })?;
        Ok(Received { row: self.notification(row.id)?, ack: Some(ack), duplicate })
    }

    /// Stores a rejected delivery within bounds: the profile's counter goes up, the row is kept (or a
    /// repeat of it counted), and only the newest [`KEEP_REJECTED`] rejected rows of the profile stay.
    fn store_rejected(
        &self,
        p: &Profile,
        key: &str,
        n: &classify::Parsed,
        now: &str,
        effect: &str,
    ) -> Result<(NotificationRow, bool), Error> {
        // One transaction: the row is read back before another delivery's trim could remove it.
        self.store().with_tx(|tx| {
            let stored = store_tx(tx, p, key, n, false, "", now, effect)?;
            tx.execute(
                "INSERT INTO notify_rejections(profile, count, last_at) VALUES (?1, 1, ?2)
                 ON CONFLICT(profile) DO UPDATE SET count = count + 1, last_at = excluded.last_at",
                params![p.name, now],
            )?;
            tx.execute(
                "DELETE FROM notifications WHERE profile = ?1 AND verified = 0 AND id < (
                   SELECT min(id) FROM (SELECT id FROM notifications WHERE profile = ?1 AND verified = 0 ORDER BY id DESC LIMIT ?2))",
                params![p.name, KEEP_REJECTED],
            )?;
            Ok(stored)
        })
    }

    /// How many deliveries to `profile` were rejected (bad signature, unreadable) since it was created,
    /// and when the last one came: the list keeps only the newest [`KEEP_REJECTED`].
    pub fn rejected_notifications(&self, profile: &str) -> Result<RejectedCount, Error> {
        self.store().with_conn(|c| {
            let r = c
                .query_row("SELECT count, last_at FROM notify_rejections WHERE profile = ?1", [profile], |r| {
                    Ok(RejectedCount { count: r.get(0)?, last_at: r.get(1)? })
                })
                .optional()?;
            Ok(r.unwrap_or_default())
        })
    }

    /// One notification by id. Errors: `NotFound`.
    pub fn notification(&self, id: i64) -> Result<NotificationRow, Error> {
        self.store()
            .with_conn(|c| Ok(c.query_row("SELECT * FROM notifications WHERE id = ?1", [id], from_row).optional()?))?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no notification {id}")))
    }

    /// Received notifications, newest first, filtered.
    pub fn list_notifications(&self, f: &NotificationFilter) -> Result<NotificationPage, Error> {
        let wh = "WHERE (?1 IS NULL OR profile = ?1) AND (?2 IS NULL OR acquirer = ?2) AND (?3 IS NULL OR kind = ?3)
                    AND (?4 IS NULL OR state = ?4) AND (?5 IS NULL OR order_no = ?5 OR platform_no = ?5)
                    AND (?6 IS NULL OR verified = ?6) AND (?7 IS NULL OR received_at >= ?7) AND (?8 IS NULL OR received_at < ?8)";
        let acquirer = f.acquirer.map(|a| a.as_str());
        let verified = f.verified.map(|v| v as i64);
        let limit = f.limit.unwrap_or(100).clamp(1, 1000);
        let offset = f.offset.unwrap_or(0);
        self.store().with_conn(|c| {
            let args = params![f.profile, acquirer, f.kind, f.state, f.order_no, verified, f.since, f.until];
            let total: i64 = c.query_row(&format!("SELECT count(*) FROM notifications {wh}"), args, |r| r.get(0))?;
            let mut st =
                c.prepare(&format!("SELECT * FROM notifications {wh} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"))?;
            let rows = st.query_map(args, from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(NotificationPage { total, rows })
        })
    }

    /// The latest verified notification about `order_no` (for services that want the pushed state).
    pub fn latest_notification(
        &self,
        profile: &str,
        acquirer: Acquirer,
        order_no: &str,
    ) -> Result<Option<NotificationRow>, Error> {
        self.store().row(
            "SELECT * FROM notifications WHERE profile = ?1 AND acquirer = ?2 AND order_no = ?3 AND verified = 1 ORDER BY id DESC LIMIT 1",
            params![profile, acquirer.as_str(), order_no],
            from_row,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_and_shape_the_notify_url() {
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(dir.path()).unwrap();
        let new = |name: &str, env| crate::NewProfile {
            name: name.into(),
            environment: Some(env),
            base_url: Some(
                if env == Environment::Prod { "https://api.huifu.com" } else { "http://127.0.0.1:1" }.into(),
            ),
            sys_id: "6666000108854952".into(),
            product_id: "YYZY".into(),
            ..Default::default()
        };
        desk.create_profile(new("sb", Environment::Sandbox)).unwrap();
        desk.create_profile(new("live", Environment::Prod)).unwrap();
        let e = desk.set_notify_settings("sb", Some("localhost:99999"), None).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("listen"));
        let e = desk.set_notify_settings("sb", None, Some("https://x.example/n?a=1")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("publicUrl"));
        let e = desk.set_notify_settings("sb", None, Some("https://x.example:9443/n")).unwrap_err();
        assert!(e.message.contains("8000-9005"), "{}", e.message);
        let s = desk.set_notify_settings("sb", Some("127.0.0.1:8700"), None).unwrap();
        assert_eq!(s.notify_url.as_deref(), Some("http://127.0.0.1:8700/notify/sb"));
        let s = desk.set_notify_settings("sb", Some("127.0.0.1:8700"), Some("https://pay.example.com/pd/")).unwrap();
        assert_eq!(s.notify_url.as_deref(), Some("https://pay.example.com/pd/notify/sb"));
        let s = desk.set_notify_settings("sb", None, None).unwrap();
        assert_eq!(s, NotifySettings::default());
        // A production acquirer cannot call a loopback address: only a public URL makes a notify_url.
        let s = desk.set_notify_settings("live", Some("127.0.0.1:8700"), None).unwrap();
        assert_eq!(s.notify_url, None);
        let s = desk.set_notify_settings("live", Some("0.0.0.0:8700"), Some("https://pay.example.com")).unwrap();
        assert_eq!(s.notify_url.as_deref(), Some("https://pay.example.com/notify/live"));
        desk.set_notify_settings("sb", Some("0.0.0.0:8700"), None).unwrap();
        assert_eq!(desk.notify_listen_addresses().unwrap(), ["0.0.0.0:8700"]);
    }
}
