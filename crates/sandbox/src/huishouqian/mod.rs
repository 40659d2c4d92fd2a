//! The 慧收钱 simulator, read from seed 003 on its own (its signing is [`rsa2`], not the client crate's):
//! one form endpoint `/api/acquiring` dispatching on `method`, fixed-order RSA2 signatures checked on
//! requests and made on answers and notifications, every field checked for type and length ([`fields`]),
//! the seed's respCodes ([`orders`]), WQF_APPLET answered with the mini-program JSON ([`pay`]), orders and
//! refunds with their states, CALLBACK notifications acknowledged by `SUCCESS` and retried on the
//! huishouqian schedule, and test controls under `/sandbox/huishouqian/...`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub mod api;
pub mod fields;
pub mod orders;
pub mod outcome;
pub mod pay;
pub mod rsa2;
pub mod state;

pub use state::{HsqCredentials, HsqState};

use crate::clock::ymdhms;
use crate::controls::err;
use crate::notify::Outgoing;
use crate::Shared;

/// The signed acquirer route (goes behind the fault/log layer).
pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/api/acquiring", post(|State(s): State<Arc<Shared>>, body: Bytes| api::handle(s, body)))
}

/// The unsigned test controls.
pub fn controls() -> Router<Arc<Shared>> {
    Router::new()
        .route("/sandbox/huishouqian/credentials", get(credentials))
        .route("/sandbox/huishouqian/orders", get(orders))
        .route("/sandbox/huishouqian/orders/{trans_no}/pay", post(pay))
        .route("/sandbox/huishouqian/qr/{trade_no}", get(qr))
}

async fn credentials(State(s): State<Arc<Shared>>) -> Json<Value> {
    let c = &s.hsq.creds;
    Json(json!({
        "base_url": s.base_url,
        "merchant_no": c.merchant_no,
        "sign_key": c.sign_key,
        "merchant_private_key_pem": c.merchant_private_key_pem,
        "platform_public_key_pem": c.platform_public_key_pem,
    }))
}

async fn orders(State(s): State<Arc<Shared>>) -> Json<Value> {
    let w = s.hsq.lock();
    Json(json!({
        "orders": w.orders.values().map(orders::order_json).collect::<Vec<_>>(),
        "refunds": w.refunds.values().map(orders::refund_json).collect::<Vec<_>>(),
    }))
}

async fn qr(State(s): State<Arc<Shared>>, Path(trade_no): Path<String>) -> Response {
    let w = s.hsq.lock();
    match w.orders.values().find(|o| o.trade_no == trade_no) {
        Some(o) => Json(orders::order_json(o)).into_response(),
        None => err(StatusCode::NOT_FOUND, format!("no order {trade_no}")),
    }
}

#[derive(Deserialize, Default)]
struct PayControl {
    /// `success` (default) or `fail`.
    #[serde(default)]
    outcome: Option<String>,
    /// Send the notification with a corrupted signature (the receiver must refuse it).
    #[serde(default)]
    tamper_sign: bool,
}

/// Makes the payer pay (or fail) an order that waits for payment, and notifies.
async fn pay(State(s): State<Arc<Shared>>, Path(trans_no): Path<String>, body: Option<Json<PayControl>>) -> Response {
    let c = body.map(|b| b.0).unwrap_or_default();
    let success = match c.outcome.as_deref() {
        None | Some("success") => true,
        Some("fail") => false,
        Some(other) => return err(StatusCode::BAD_REQUEST, format!("outcome {other:?} is not success or fail")),
    };
    let now = s.clock.now_ms();
    let order = {
        let mut w = s.hsq.lock();
        let Some(o) = w.orders.get_mut(&trans_no) else {
            return err(StatusCode::NOT_FOUND, format!("no order {trans_no}"));
        };
        if o.status != "PROCESSING" && o.status != "INIT" {
            return err(StatusCode::CONFLICT, format!("order {trans_no} is {}, not waiting for payment", o.status));
        }
        orders::finish(o, success, now);
        state::save_order(&s.store, o);
        o.clone()
    };
    let id = notify_order(&s, &trans_no, c.tamper_sign);
    Json(json!({"order": orders::order_json(&order), "notification": id})).into_response()
}

fn send(s: &Shared, kind: &'static str, about: &str, url: &str, content: &Value, tamper: bool) -> Option<String> {
    if url.trim().is_empty() {
        return None;
    }
    // ASSUMED (spec §1.6, fx.amiya): notifications carry method CALLBACK and version 1.0.0.
    let mut fields: Vec<(String, String)> = [
        ("method", "CALLBACK"),
        ("version", "1.0.0"),
        ("format", "JSON"),
        ("merchantNo", s.hsq.creds.merchant_no.as_str()),
        ("signType", "RSA2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    fields.push(("signContent".into(), content.to_string()));
    let mut sig = rsa2::sign(&s.hsq.platform_key, &rsa2::request_text(&fields, &s.hsq.creds.sign_key));
    if tamper {
        let flipped = if sig.starts_with('0') { "1" } else { "0" };
        sig.replace_range(0..1, flipped);
    }
    fields.push(("sign".into(), sig));
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields.iter()).finish();
    // The acknowledgement public integrations answer (spec §1.6).
    let form = Outgoing::form("huishouqian", kind, about, url, body, "SUCCESS".into());
    Some(s.outbox.send(Outgoing { retry: Some(s.cfg.timing.huishouqian_notify_retry.clone()), ..form }))
}

/// Sends the payment notification of an order to its `returnUrl`.
pub fn notify_order(s: &Shared, trans_no: &str, tamper: bool) -> Option<String> {
    let (url, content) = {
        let w = s.hsq.lock();
        let o = w.orders.get(trans_no)?;
        (o.return_url.clone(), orders::order_json(o))
    };
    send(s, "trade", trans_no, &url, &content, tamper)
}

/// Moves due work forward: refunds settle after `timing.settle`; unpaid orders past `memo.timeExpire` fail.
pub fn tick(s: &Shared) {
    let now = s.clock.now_ms();
    let mut notices = Vec::new();
    {
        let mut w = s.hsq.lock();
        for r in w.refunds.values_mut() {
            if r.status == "PROCESSING" && r.settle_at <= now {
                r.status = "SUCCESS".into();
                (r.resp_code, r.resp_msg) = (String::new(), String::new());
                r.finished_date = ymdhms(now);
                state::save_refund(&s.store, r);
                notices.push((r.trans_no.clone(), r.return_url.clone(), orders::refund_json(r)));
            }
        }
        for o in w.orders.values_mut() {
            if (o.status == "PROCESSING" || o.status == "INIT") && o.expires_at.is_some_and(|t| t <= now) {
                o.status = "FAIL".into();
                (o.resp_code, o.resp_msg) = ("100204".into(), "订单已过期,请使用新的订单号发起交易".into());
                o.finished_date = ymdhms(now);
                state::save_order(&s.store, o);
            }
        }
    }
    for (id, url, content) in notices {
        send(s, "refund", &id, &url, &content, false);
    }
}
