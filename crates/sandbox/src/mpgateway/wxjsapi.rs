//! The WxJsApi pages of seed 002 §3.2–3.3, as a payer's browser inside WeChat meets them:
//! `GET /wxjsapi/openid.html?backurl=..[&payway=..][&merid=..]` (unsigned) redirects to `backurl` with the
//! payer's openid appended as `openid=` (the seed says only "附加到返回地址"); `GET /wxjsapi/gopay.html` takes
//! `req` (base64 JSON `merid`, `orderid`, `code` = the PayId) and `sign` in the query string, like every
//! signed message (§2.1), and shows a pay button; pressing it pays the order and sends the notification.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{api, md5sign, state, text};
use crate::clock::ymdhms;
use crate::controls::pages::{esc, page};
use crate::Shared;

/// The two pages.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/wxjsapi/openid.html", get(openid))
        .route("/wxjsapi/gopay.html", get(gopay_page).post(gopay_pay))
}

fn refuse(status: StatusCode, title: &str, msg: &str) -> Response {
    (status, page(title, &format!("<p id=\"error\">{}</p>", esc(msg)))).into_response()
}

/// The sandbox payer's openid under this merchant: stable, so the same payer keeps the same id.
pub fn sandbox_openid(merid: &str) -> String {
    let h = Sha256::digest(format!("sandbox-payer:{merid}").as_bytes());
    format!("oSBX{}", h.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>())
}

async fn openid(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let backurl = q.get("backurl").map(String::as_str).unwrap_or_default();
    if !(backurl.starts_with("http://") || backurl.starts_with("https://")) {
        return refuse(StatusCode::BAD_REQUEST, "获取openid", "backurl必填,须为http(s)地址");
    }
    if let Some(p) = q.get("payway").filter(|p| !p.is_empty()) {
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return refuse(StatusCode::BAD_REQUEST, "获取openid", "payway须为int");
        }
    }
    let merid = q.get("merid").cloned().unwrap_or_default();
    if !merid.is_empty() && merid != s.mpg.creds.merid {
        return refuse(StatusCode::BAD_REQUEST, "获取openid", "商户不存在");
    }
    let pair = form_urlencoded::Serializer::new(String::new())
        .append_pair("openid", &sandbox_openid(&s.mpg.creds.merid))
        .finish();
    let to = format!("{backurl}{}{pair}", if backurl.contains('?') { "&" } else { "?" });
    (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
}

/// Checks the signed query of gopay.html; returns the order it names, its PayId matching.
fn checked(s: &Shared, q: &HashMap<String, String>) -> Result<state::Order, (StatusCode, String)> {
    let bad = |m: &str| (StatusCode::BAD_REQUEST, m.to_string());
    let (req, sig) =
        (q.get("req").map(String::as_str).unwrap_or_default(), q.get("sign").map(String::as_str).unwrap_or_default());
    let m: Map<String, Value> = match md5sign::decode(req).and_then(|j| serde_json::from_str(&j).ok()) {
        Some(Value::Object(m)) => m,
        _ => return Err(bad("req不是base64编码的JSON对象")),
    };
    if text(&m, "merid") != s.mpg.creds.merid {
        return Err(bad("商户不存在"));
    }
    if !md5sign::verify(req, sig, &s.mpg.creds.key) {
        return Err(bad("签名错误"));
    }
    let (orderid, code) = (text(&m, "orderid"), text(&m, "code"));
    let w = s.mpg.lock();
    let o = w.orders.get(&orderid).ok_or((StatusCode::NOT_FOUND, "订单不存在".to_string()))?;
    if o.action != "WxJsApi" {
        return Err(bad("该订单不是WxJsApi订单"));
    }
    if code.is_empty() || code != o.formaction {
        return Err(bad("支付Id(code)与交易接口返回的不一致"));
    }
    Ok(o.clone())
}

async fn gopay_page(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let o = match checked(&s, &q) {
        Ok(o) => o,
        Err((status, msg)) => return refuse(status, "微信支付", &msg),
    };
    let state = if api::is_unpaid(&o.resultcode) {
        "待支付".to_string()
    } else {
        api::result_msg(&o.resultcode).to_string()
    };
    let body = format!(
        "<p>订单: <span id=\"orderid\">{}</span></p><p>金额: <b id=\"amount\">{}.{:02}</b> 元</p><p>状态: <b id=\"stat\">{}</b></p>\
         <form method=\"post\"><button id=\"pay\">确认支付</button></form>",
        esc(&o.orderid),
        o.txnamt / 100,
        o.txnamt % 100,
        esc(&state)
    );
    page("微信支付", &body).into_response()
}

async fn gopay_pay(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>, _body: Bytes) -> Response {
    let o = match checked(&s, &q) {
        Ok(o) => o,
        Err((status, msg)) => return refuse(status, "微信支付", &msg),
    };
    if !api::is_unpaid(&o.resultcode) {
        return refuse(StatusCode::CONFLICT, "微信支付", &format!("订单已是{}", api::result_msg(&o.resultcode)));
    }
    {
        let mut w = s.mpg.lock();
        if let Some(o) = w.orders.get_mut(&o.orderid) {
            o.resultcode = "0000".into();
            o.paytime = ymdhms(s.clock.now_ms());
            state::save(&s.store, o);
        }
    }
    let front = super::notify(&s, &o.orderid, false).and_then(|(_, f)| f);
    match front {
        Some(url) => (StatusCode::FOUND, [(header::LOCATION, url)]).into_response(),
        None => page("微信支付", "<p>支付成功。状态: <b id=\"stat\">交易成功</b></p>").into_response(),
    }
}
