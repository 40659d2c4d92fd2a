//! The legacy MD5 gateway simulator, read from seed 002 on its own (its signing is [`md5sign`], not the
//! client crate's): `/api/mpgateway`, `/api/query`, `/api/cancel` take form fields `req` (base64 JSON) and
//! `sign` (md5(req + key)), decoded exactly once; answers `{"resp","sign"}`, with an EMPTY sign for a
//! pre-check error such as an unknown merid (seed §2.2); the WxJsApi pages `/wxjsapi/openid.html` and
//! `/wxjsapi/gopay.html` ([`wxjsapi`]); background notifications `resp=..&sign=..` acknowledged by `0000`
//! and retried 10 s ×3, 60 s ×3, 180 s ×3 (10 calls with the first; configurable); front notification as
//! a 302. The seed's error-code list is empty: the refusal respcodes are the sandbox's own (README).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub mod api;
pub mod md5sign;
pub mod state;
pub mod wxjsapi;

pub use state::{MpgCredentials, MpgState};

use crate::clock::ymdhms;
use crate::controls::err;
use crate::notify::Outgoing;
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

/// Sandbox respcodes for refusals (the seed's §4 list is empty; these are the sandbox's own).
pub const SIGN_FAILED: (&str, &str) = ("01", "签名错误");
pub const BAD_PARAM: &str = "02";
pub const DUPLICATE: (&str, &str) = ("03", "订单号重复");
pub const NOT_FOUND: (&str, &str) = ("04", "订单不存在");
pub const UNKNOWN_MERCHANT: (&str, &str) = ("05", "商户不存在");
pub const ALREADY_PAID: (&str, &str) = ("06", "订单已支付,不能撤销");

/// The signed acquirer routes and the WxJsApi pages.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/mpgateway", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Pay)))
        .route("/api/query", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Query)))
        .route("/api/cancel", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Cancel)))
        .merge(wxjsapi::routes())
}

/// The unsigned test controls.
pub fn controls() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sandbox/mpgateway/credentials", get(credentials))
        .route("/sandbox/mpgateway/orders", get(orders))
        .route("/sandbox/mpgateway/orders/{orderid}/pay", post(pay))
}

#[derive(Clone, Copy)]
enum Op {
    Pay,
    Query,
    Cancel,
}

/// Answers `v`; signed with the merchant's key, or unsigned (`key == None`) for a pre-check error.
fn answer(v: Value, key: Option<&str>, mut note: LogNote) -> Response {
    note.acquirer = "mpgateway";
    note.resp_code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().into();
    note.resp_desc = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().into();
    let body = md5sign::answer(&v.to_string(), key);
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json;charset=UTF-8")], body).into_response();
    r.extensions_mut().insert(note);
    r
}

/// A field as text (numbers as their digits); absent and null are empty.
pub(crate) fn text(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

async fn handle(s: Arc<Shared>, body: Bytes, op: Op) -> Response {
    // Decoded exactly once: a '+' sent unencoded arrives as a space and the signature fails.
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()).unwrap_or_default();
    let (req, sig) = (get("req"), get("sign"));
    let mut note = LogNote { sign_sha256: sign_hash(sig), ..LogNote::default() };
    // Pre-checks: until the merchant is known there is no key to sign with, so these answers go unsigned.
    if req.is_empty() || sig.is_empty() {
        return answer(json!({"respcode": BAD_PARAM, "respmsg": "缺少req或sign"}), None, note);
    }
    let m: Map<String, Value> = match md5sign::decode(req).and_then(|j| serde_json::from_str(&j).ok()) {
        Some(Value::Object(m)) => m,
        _ => return answer(json!({"respcode": BAD_PARAM, "respmsg": "req不是base64编码的JSON对象"}), None, note),
    };
    let merid = text(&m, "merid");
    note.sys_id = merid.clone();
    note.req_seq_id = text(&m, "orderid");
    if merid != s.mpg.creds.merid {
        let (code, msg) = UNKNOWN_MERCHANT;
        return answer(json!({"respcode": code, "respmsg": format!("{msg}: {merid}"), "merid": merid}), None, note);
    }
    let key = s.mpg.creds.key.as_str();
    if !md5sign::verify(req, sig, key) {
        return answer(json!({"respcode": SIGN_FAILED.0, "respmsg": SIGN_FAILED.1, "merid": merid}), Some(key), note);
    }
    let (v, paid_at_once) = match op {
        Op::Pay => api::pay_order(&s, &m),
        Op::Query => (api::query(&s, &m), None),
        Op::Cancel => (api::cancel(&s, &m), None),
    };
    if let Some(orderid) = paid_at_once {
        notify(&s, &orderid, false);
    }
    answer(v, Some(key), note)
}

/// A notification's content for an order (seed §3.4.3).
pub(crate) fn notice_content(s: &Shared, o: &state::Order) -> Value {
    json!({"resultcode": o.resultcode, "resultmsg": api::result_msg(&o.resultcode), "queryid": o.queryid, "txnamt": o.txnamt,
           "merid": s.mpg.creds.merid, "orderid": o.orderid, "paytime": o.paytime})
}

/// Sends the background notification of an order; returns its id and the front-redirect URL, if any.
pub(crate) fn notify(s: &Shared, orderid: &str, tamper: bool) -> Option<(String, Option<String>)> {
    let o = s.mpg.lock().orders.get(orderid).cloned()?;
    let content = notice_content(s, &o).to_string();
    let key = &s.mpg.creds.key;
    let mut body = md5sign::form(&content, key);
    if tamper {
        let at = body.rfind("sign=").map(|i| i + 5).unwrap_or(0);
        let flipped = if body[at..].starts_with('0') { "1" } else { "0" };
        body.replace_range(at..at + 1, flipped);
    }
    let id = s.outbox.send(Outgoing {
        acquirer: "mpgateway",
        kind: "trade",
        about: o.orderid.clone(),
        url: o.backurl.clone(),
        content_type: "application/x-www-form-urlencoded",
        body,
        ack: "0000".into(), // seed §3.4.1
        retry: Some(s.cfg.timing.mpgateway_notify_retry.clone()),
    });
    let front = (!o.fronturl.is_empty()).then(|| {
        format!("{}{}{}", o.fronturl, if o.fronturl.contains('?') { "&" } else { "?" }, md5sign::form(&content, key))
    });
    Some((id, front))
}

async fn credentials(State(s): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({"base_url": s.base_url, "merid": s.mpg.creds.merid, "key": s.mpg.creds.key}))
}

async fn orders(State(s): State<Arc<Shared>>) -> Json<Value> {
    let w = s.mpg.lock();
    Json(json!({"orders": w.orders.values().collect::<Vec<_>>()}))
}

#[derive(Deserialize, Default)]
struct PayControl {
    /// The resultcode to move the order to: 0000 (default), 1002, 1003 or 1004.
    #[serde(default)]
    resultcode: Option<String>,
    /// Send the notification with a corrupted sign.
    #[serde(default)]
    tamper_sign: bool,
}

/// Moves an order to a resultcode (the payer pays, fails, or the acquirer holds / releases it) and sends
/// the background notification. From unpaid any of 0000/1002/1003/1004; from 1002 or 1004 (held) to 0000
/// or 1003.
async fn pay(State(s): State<Arc<Shared>>, Path(orderid): Path<String>, body: Option<Json<PayControl>>) -> Response {
    let c = body.map(|b| b.0).unwrap_or_default();
    let code = c.resultcode.unwrap_or_else(|| "0000".into());
    if !["0000", "1002", "1003", "1004"].contains(&code.as_str()) {
        return err(StatusCode::BAD_REQUEST, format!("resultcode {code} is not 0000, 1002, 1003 or 1004"));
    }
    let o = {
        let mut w = s.mpg.lock();
        let Some(o) = w.orders.get_mut(&orderid) else {
            return err(StatusCode::NOT_FOUND, format!("no order {orderid}"));
        };
        let from = o.resultcode.as_str();
        let allowed =
            api::is_unpaid(from) || (matches!(from, "1002" | "1004") && matches!(code.as_str(), "0000" | "1003"));
        if !allowed {
            return err(StatusCode::CONFLICT, format!("order {orderid} is {from:?}; it cannot move to {code}"));
        }
        o.resultcode = code;
        if o.resultcode != "1003" && o.paytime.is_empty() {
            o.paytime = ymdhms(s.clock.now_ms());
        }
        state::save(&s.store, o);
        o.clone()
    };
    let (id, front) = notify(&s, &orderid, c.tamper_sign).unzip();
    Json(json!({"order": api::order_view(&s, &o), "notification": id, "front_redirect": front.flatten()}))
        .into_response()
}
