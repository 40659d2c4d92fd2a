//! The legacy MD5 gateway simulator (spec other-gateways §3.2): `/api/mpgateway`, `/api/query`,
//! `/api/cancel` taking form fields `req` (base64 JSON) and `sign` (md5(req + key)), decoded exactly once;
//! answers `{"resp","sign"}`; background notifications `resp=..&sign=..` acknowledged by `0000` and retried
//! 10 s ×3, 60 s ×3, 180 s ×3 (10 calls with the first; configurable); front notification as a 302.
//! Error respcodes are the sandbox's own (the seed's list is cut off): see README.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};

pub mod md5sign;
pub mod state;

pub use state::{MpgCredentials, MpgState};

use crate::clock::ymdhms;
use crate::controls::err;
use crate::notify::Outgoing;
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

/// Sandbox respcodes for refusals (ASSUMED).
pub const SIGN_FAILED: (&str, &str) = ("01", "签名错误");
pub const BAD_PARAM: &str = "02";
pub const DUPLICATE: (&str, &str) = ("03", "订单号重复");
pub const NOT_FOUND: (&str, &str) = ("04", "订单不存在");
pub const UNKNOWN_MERCHANT: (&str, &str) = ("05", "商户不存在");
pub const ALREADY_PAID: (&str, &str) = ("06", "订单已支付，不能撤销");

/// The actions of seed §3.1.2.
const ACTIONS: &[&str] = &["WxCode", "WxSao", "WxJsApi", "WxH5", "AliCode", "AliSao", "QQCode", "QQSao", "USao"];

/// `resultmsg` for a resultcode (seed §3.4.3).
fn result_msg(code: &str) -> &'static str {
    match code {
        "0000" => "交易成功",
        "1001" => "未支付",
        "1002" => "交易处理中",
        "1003" => "交易失败",
        "1004" => "协查调单",
        _ => "",
    }
}

/// The signed acquirer routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/mpgateway", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Pay)))
        .route("/api/query", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Query)))
        .route("/api/cancel", post(|State(s): State<Arc<Shared>>, b: Bytes| handle(s, b, Op::Cancel)))
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

fn answer(s: &Shared, v: Value, mut note: LogNote) -> Response {
    note.acquirer = "mpgateway";
    note.resp_code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().into();
    note.resp_desc = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().into();
    let body = md5sign::answer(&v.to_string(), Some(&s.mpg.creds.key));
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json;charset=UTF-8")], body).into_response();
    r.extensions_mut().insert(note);
    r
}

fn refuse(s: &Shared, code: &str, msg: &str, note: LogNote) -> Response {
    answer(s, json!({"respcode": code, "respmsg": msg}), note)
}

fn text(m: &Map<String, Value>, k: &str) -> String {
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
    if req.is_empty() || sig.is_empty() {
        return refuse(&s, BAD_PARAM, "缺少req或sign", note);
    }
    if !md5sign::verify(req, sig, &s.mpg.creds.key) {
        return refuse(&s, SIGN_FAILED.0, SIGN_FAILED.1, note);
    }
    let m: Map<String, Value> = match md5sign::decode(req).and_then(|j| serde_json::from_str(&j).ok()) {
        Some(Value::Object(m)) => m,
        _ => return refuse(&s, BAD_PARAM, "req不是base64编码的JSON对象", note),
    };
    let merid = text(&m, "merid");
    note.sys_id = merid.clone();
    note.req_seq_id = text(&m, "orderid");
    if merid != s.mpg.creds.merid {
        return refuse(&s, UNKNOWN_MERCHANT.0, UNKNOWN_MERCHANT.1, note);
    }
    let v = match op {
        Op::Pay => pay_order(&s, &m),
        Op::Query => query(&s, &m),
        Op::Cancel => cancel(&s, &m),
    };
    answer(&s, v, note)
}

fn bad(msg: &str) -> Value {
    json!({"respcode": BAD_PARAM, "respmsg": msg})
}

fn pay_order(s: &Shared, m: &Map<String, Value>) -> Value {
    let orderid = text(m, "orderid");
    if !(8..=32).contains(&orderid.len()) || !orderid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return bad("orderid须为8-32位字母数字");
    }
    let txnamt = match m.get("txnamt") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(t)) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
        _ => None,
    };
    let Some(txnamt) = txnamt.filter(|a| *a > 0) else { return bad("txnamt须为正整数(分)") };
    let action = text(m, "action");
    if !ACTIONS.contains(&action.as_str()) {
        return bad(&format!("action {action} 不支持"));
    }
    let backurl = text(m, "backurl");
    if !(backurl.starts_with("http://") || backurl.starts_with("https://")) {
        return bad("backurl须为http(s)地址");
    }
    if action == "WxH5" && text(m, "ip").is_empty() {
        return bad("WxH5须上送ip");
    }
    let mut w = s.mpg.lock();
    if w.orders.contains_key(&orderid) {
        return json!({"respcode": DUPLICATE.0, "respmsg": DUPLICATE.1, "orderid": orderid});
    }
    let seq = w.next(&s.store);
    let queryid = format!("MP{}{seq:06}", ymdhms(s.clock.now_ms()));
    let formaction = match action.as_str() {
        "WxCode" | "WxSao" => format!("weixin://wxpay/bizpayurl?pr={queryid}"),
        "AliCode" | "AliSao" => format!("https://qr.alipay.com/{queryid}"),
        "QQCode" | "QQSao" => format!("https://qpay.qq.com/qr/{queryid}"),
        "USao" => format!("https://qr.95516.com/{queryid}"),
        "WxH5" => format!("{}/sandbox/mpgateway/orders/{orderid}", s.base_url),
        _ => format!("JSAPI{queryid}"),
    };
    let o = state::Order {
        orderid: orderid.clone(),
        queryid: queryid.clone(),
        action: action.clone(),
        txnamt,
        resultcode: "1001".into(),
        backurl,
        fronturl: text(m, "fronturl"),
        formaction: formaction.clone(),
        paytime: String::new(),
        cancelled: false,
    };
    state::save(&s.store, &o);
    w.orders.insert(orderid.clone(), o);
    json!({"respcode": "00", "respmsg": "成功", "txnamt": txnamt.to_string(), "merid": s.mpg.creds.merid,
           "orderid": orderid, "queryid": queryid, "formaction": formaction})
}

fn order_view(s: &Shared, o: &state::Order) -> Value {
    let msg = result_msg(&o.resultcode);
    json!({"respcode": "00", "respmsg": "成功", "resultcode": o.resultcode, "resultmsg": msg, "queryid": o.queryid,
           "txnamt": o.txnamt.to_string(), "merid": s.mpg.creds.merid, "orderid": o.orderid, "paytime": o.paytime})
}

fn query(s: &Shared, m: &Map<String, Value>) -> Value {
    let orderid = text(m, "orderid");
    let queryid = text(m, "queryid");
    let w = s.mpg.lock();
    // Precedence when both are given (ambiguity 9): the sandbox finds by orderid, and a queryid must match.
    match w.orders.get(&orderid).filter(|o| queryid.is_empty() || o.queryid == queryid) {
        Some(o) => order_view(s, o),
        None => json!({"respcode": NOT_FOUND.0, "respmsg": NOT_FOUND.1, "orderid": orderid}),
    }
}

fn cancel(s: &Shared, m: &Map<String, Value>) -> Value {
    let orderid = text(m, "orderid");
    let mut w = s.mpg.lock();
    let Some(o) = w.orders.get_mut(&orderid) else {
        return json!({"respcode": NOT_FOUND.0, "respmsg": NOT_FOUND.1, "orderid": orderid});
    };
    if ["0000", "1002", "1004"].contains(&o.resultcode.as_str()) {
        return json!({"respcode": ALREADY_PAID.0, "respmsg": ALREADY_PAID.1, "orderid": orderid});
    }
    o.resultcode = "1003".into();
    o.cancelled = true;
    state::save(&s.store, o);
    json!({"respcode": "00", "respmsg": "撤销成功", "orderid": orderid, "resultcode": "1003"})
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
    /// The resultcode to move the order to: 0000 (default), 1002, 1004 (paid variants) or 1003 (failed).
    #[serde(default)]
    resultcode: Option<String>,
    /// Send the notification with a corrupted sign.
    #[serde(default)]
    tamper_sign: bool,
}

/// Makes the payer pay an order (with the chosen resultcode) and sends the background notification.
async fn pay(State(s): State<Arc<Shared>>, Path(orderid): Path<String>, body: Option<Json<PayControl>>) -> Response {
    let c = body.map(|b| b.0).unwrap_or_default();
    let code = c.resultcode.unwrap_or_else(|| "0000".into());
    if !["0000", "1002", "1003", "1004"].contains(&code.as_str()) {
        return err(StatusCode::BAD_REQUEST, format!("resultcode {code} is not 0000, 1002, 1003 or 1004"));
    }
    let o = {
        let mut w = s.mpg.lock();
        let Some(o) = w.orders.get_mut(&orderid) else { return err(StatusCode::NOT_FOUND, format!("no order {orderid}")) };
        if o.resultcode != "1001" {
            return err(StatusCode::CONFLICT, format!("order {orderid} is {}, not waiting for payment", o.resultcode));
        }
        o.resultcode = code;
        o.paytime = ymdhms(s.clock.now_ms());
        state::save(&s.store, o);
        o.clone()
    };
    let content = json!({"resultcode": o.resultcode, "resultmsg": result_msg(&o.resultcode),
        "queryid": o.queryid, "txnamt": o.txnamt.to_string(), "merid": s.mpg.creds.merid, "orderid": o.orderid});
    let mut body = md5sign::form(&content.to_string(), &s.mpg.creds.key);
    if c.tamper_sign {
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
        format!("{}{}{}", o.fronturl, if o.fronturl.contains('?') { "&" } else { "?" }, md5sign::form(&content.to_string(), &s.mpg.creds.key))
    });
    Json(json!({"order": order_view(&s, &o), "notification": id, "front_redirect": front})).into_response()
}
