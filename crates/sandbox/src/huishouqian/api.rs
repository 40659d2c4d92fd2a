//! `POST /api/acquiring`: parse the form, check merchant and signature by the fixed-order rule, dispatch on
//! `method`, answer with a platform-signed `result` string (or a signed `success:false`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::rsa2;
use super::state::{save_order, save_refund, Order, Refund, World};
use crate::clock::{parse_ymdhms, ymdhms, Millis};
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

/// Envelope error codes (ASSUMED: the real ones are not public).
pub const SIGN_ERROR: (&str, &str) = ("SIGN_ERROR", "验签失败");
pub const PARAM_ERROR: &str = "PARAM_ERROR";

type Outcome = Result<Value, (String, String)>;

fn answer(s: &Shared, outcome: Outcome, mut note: LogNote) -> Response {
    let (key, sign_key) = (&s.hsq.platform_key, s.hsq.creds.sign_key.as_str());
    let body = match &outcome {
        Ok(result) => {
            note.resp_code = result.get("respCode").and_then(Value::as_str).unwrap_or_default().to_string();
            note.resp_desc = result.get("respMsg").and_then(Value::as_str).unwrap_or_default().to_string();
            let text = result.to_string();
            let sign = rsa2::sign(key, &rsa2::result_text(&text, sign_key));
            json!({"success": true, "errorCode": null, "errorMsg": null, "result": text, "sign": sign}).to_string()
        }
        Err((code, msg)) => {
            note.resp_code = code.clone();
            note.resp_desc = msg.clone();
            let sign = rsa2::sign(key, &rsa2::error_text(code, msg, sign_key));
            json!({"success": false, "errorCode": code, "errorMsg": msg, "sign": sign}).to_string()
        }
    };
    note.acquirer = "huishouqian";
    let mut resp = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json;charset=UTF-8")], body).into_response();
    resp.extensions_mut().insert(note);
    resp
}

/// The handler of `/api/acquiring`.
pub async fn handle(s: Arc<Shared>, body: Bytes) -> Response {
    let fields: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let mut note = LogNote { sign_sha256: sign_hash(get("sign").unwrap_or_default()), ..LogNote::default() };
    let mut missing = Vec::new();
    for f in ["method", "version", "format", "merchantNo", "signType", "signContent", "sign"] {
        if get(f).is_none_or(str::is_empty) {
            missing.push(f);
        }
    }
    if !missing.is_empty() {
        return answer(&s, Err((PARAM_ERROR.into(), format!("缺少参数: {}", missing.join(",")))), note);
    }
    let (method, merchant_no, sign_type) = (get("method").unwrap_or_default(), get("merchantNo").unwrap_or_default(), get("signType").unwrap_or_default());
    note.sys_id = merchant_no.to_string();
    if merchant_no != s.hsq.creds.merchant_no {
        return answer(&s, Err(("MERCHANT_NOT_EXIST".into(), format!("商户{merchant_no}不存在"))), note);
    }
    if sign_type != "RSA2" {
        return answer(&s, Err((PARAM_ERROR.into(), format!("signType {sign_type} 不支持 (sandbox: RSA2 only)"))), note);
    }
    // Rebuilt from the received values: a client that signs anything but what it posted fails here.
    let signed = rsa2::request_text(&fields, &s.hsq.creds.sign_key);
    if !rsa2::verify(&s.hsq.merchant_public, &signed, get("sign").unwrap_or_default()) {
        return answer(&s, Err((SIGN_ERROR.0.into(), SIGN_ERROR.1.into())), note);
    }
    let content: Map<String, Value> = match serde_json::from_str(get("signContent").unwrap_or_default()) {
        Ok(Value::Object(m)) => m,
        _ => return answer(&s, Err((PARAM_ERROR.into(), "signContent 不是JSON对象".into())), note),
    };
    note.req_seq_id = text(&content, "transNo");
    let now = s.clock.now_ms();
    let outcome = {
        let mut w = s.hsq.lock();
        match method {
            "POLYMERIZE_MAIN_SWEPTN" | "POLYMERIZE_BE_SWEPTN" => pay(&s, &mut w, method, &content, now),
            "POLYMERIZE_QUERY" => Ok(query(&w, &content)),
            "POLYMERIZE_CLOSE" => Ok(close(&s, &mut w, &content, now)),
            "POLYMERIZE_REFUND" => refund(&s, &mut w, &content, now),
            "POLYMERIZE_REFUND_QUERY" => Ok(refund_query(&w, &content)),
            other => Err(("METHOD_NOT_SUPPORT".into(), format!("method {other} 不支持"))),
        }
    };
    // A pay by payment code succeeds at once: notify after the lock is released.
    if method == "POLYMERIZE_BE_SWEPTN" {
        if let Ok(r) = &outcome {
            if r["orderStatus"] == "SUCCESS" {
                super::notify_order(&s, &text(&content, "transNo"), false);
            }
        }
    }
    answer(&s, outcome, note)
}

fn text(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

fn amount(m: &Map<String, Value>, k: &str) -> Option<i64> {
    match m.get(k)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .filter(|a| *a > 0)
}

fn refusal(code: &str, msg: &str, trans_no: &str) -> Outcome {
    Ok(json!({"transNo": trans_no, "respCode": code, "respMsg": msg}))
}

/// `requestDate` must be within 10 minutes of the platform clock (spec §1.5.1).
fn check_request_date(m: &Map<String, Value>, now: Millis) -> Result<(), &'static str> {
    let d = text(m, "requestDate");
    match parse_ymdhms(&d) {
        Some(t) if (t - now).abs() <= 10 * 60 * 1000 => Ok(()),
        Some(_) => Err("requestDate 与平台时间相差超过10分钟"),
        None => Err("requestDate 格式应为yyyyMMddHHmmss"),
    }
}

const PAY_TYPES: &[&str] = &[
    "ALI_JSAPI", "ALI_APPLET", "ALI_BARCODEPAY", "WECHAT_APPLET", "WECHAT_JSAPI", "WECHAT_MICROPAY", "DYNAMIC_WECHAT",
    "DYNAMIC_ALPAY", "DYNAMIC_UNION", "DYNAMIC_ALL", "WQF_APPLET",
];

fn pay(s: &Shared, w: &mut World, method: &str, m: &Map<String, Value>, now: Millis) -> Outcome {
    let trans_no = text(m, "transNo");
    if trans_no.is_empty() || trans_no.len() > 64 {
        return refusal("100004", "transNo 必填且不超过64位", &trans_no);
    }
    let Some(order_amt) = amount(m, "orderAmt") else { return refusal("100004", "orderAmt 必须为正整数(分)", &trans_no) };
    let pay_type = text(m, "payType");
    if !PAY_TYPES.contains(&pay_type.as_str()) {
        return refusal("100004", &format!("payType {pay_type} 不支持"), &trans_no);
    }
    if let Err(e) = check_request_date(m, now) {
        return refusal("100207", e, &trans_no);
    }
    if w.orders.contains_key(&trans_no) {
        return refusal("100203", "订单号重复", &trans_no);
    }
    let memo_text = text(m, "memo");
    let memo: Map<String, Value> = if memo_text.is_empty() {
        Map::new()
    } else {
        match serde_json::from_str(&memo_text) {
            Ok(Value::Object(o)) => o,
            _ => return refusal("100004", "memo 须为JSON字符串", &trans_no),
        }
    };
    let needs_openid = ["WECHAT_JSAPI", "WECHAT_APPLET", "ALI_JSAPI", "ALI_APPLET"].contains(&pay_type.as_str());
    if needs_openid && text(&memo, "openid").is_empty() {
        return refusal("100004", "memo.openid 必填", &trans_no);
    }
    let barcode = method == "POLYMERIZE_BE_SWEPTN";
    if barcode && text(m, "payCode").is_empty() {
        return refusal("100004", "payCode 必填", &trans_no);
    }
    let seq = w.next(&s.store);
    let trade_no = format!("HSQ{}{seq:06}", ymdhms(now));
    let qr_code = match pay_type.as_str() {
        t if t.starts_with("DYNAMIC_") => format!("{}/sandbox/huishouqian/qr/{trade_no}", s.base_url),
        "WECHAT_JSAPI" | "WECHAT_APPLET" => json!({
            "appId": text(&memo, "appid"), "timeStamp": (now / 1000).to_string(), "nonceStr": format!("n{seq}"),
            "package": format!("prepay_id=wx{trade_no}"), "signType": "RSA", "paySign": "sandbox"
        })
        .to_string(),
        "ALI_JSAPI" | "ALI_APPLET" => format!("2088{}{seq:06}", ymdhms(now)),
        // WQF_APPLET: format unconfirmed (spec §1.7); the sandbox answers a mini-program path.
        "WQF_APPLET" => format!("pages/pay/index?tradeNo={trade_no}"),
        _ => String::new(),
    };
    let (status, code, msg) = if barcode { ("SUCCESS", "100201", "交易成功") } else { ("PROCESSING", "100213", "下单成功，等待支付") };
    let order = Order {
        trans_no: trans_no.clone(),
        trade_no,
        method: method.into(),
        pay_type,
        order_amt,
        status: status.into(),
        resp_code: code.into(),
        resp_msg: msg.into(),
        goods_info: text(m, "goodsInfo"),
        request_date: text(m, "requestDate"),
        return_url: text(m, "returnUrl"),
        extend: text(m, "extend"),
        memo: memo_text,
        qr_code,
        channel_order_no: format!("CH{seq:010}"),
        finished_date: if barcode { ymdhms(now) } else { String::new() },
        expires_at: parse_ymdhms(&text(&memo, "timeExpire")),
        refunded: 0,
    };
    save_order(&s.store, &order);
    let mut out = order_json(&order);
    out["qrCode"] = json!(order.qr_code);
    w.orders.insert(trans_no, order);
    Ok(out)
}

/// An order as query and notification show it.
pub fn order_json(o: &Order) -> Value {
    json!({
        "transNo": o.trans_no, "tradeNo": o.trade_no, "orderAmt": o.order_amt, "orderStatus": o.status,
        "finishedDate": o.finished_date, "respCode": o.resp_code, "respMsg": o.resp_msg, "payType": o.pay_type,
        "goodsInfo": o.goods_info, "requestDate": o.request_date, "buyerName": if o.status == "SUCCESS" { "沙箱买家" } else { "" },
        "channelOrderNo": o.channel_order_no, "payOrderNo": if o.status == "SUCCESS" { format!("PO{}", o.trade_no) } else { String::new() },
        "fundChannel": "", "fundBankCode": "", "extend": o.extend, "memo": o.memo,
    })
}

/// A refund as refund query and notification show it.
pub fn refund_json(r: &Refund) -> Value {
    json!({
        "transNo": r.trans_no, "origTransNo": r.orig_trans_no, "tradeNo": r.trade_no, "orderAmt": r.order_amt,
        "orderStatus": r.status, "finishedDate": r.finished_date, "respCode": r.resp_code, "respMsg": r.resp_msg,
        "extend": r.extend,
    })
}

fn query(w: &World, m: &Map<String, Value>) -> Value {
    let trans_no = text(m, "transNo");
    match w.orders.get(&trans_no) {
        Some(o) => order_json(o),
        None => json!({"transNo": trans_no, "respCode": "100204", "respMsg": "原交易不存在"}),
    }
}

fn close(s: &Shared, w: &mut World, m: &Map<String, Value>, now: Millis) -> Value {
    let trans_no = text(m, "transNo");
    let Some(o) = w.orders.get_mut(&trans_no) else {
        return json!({"transNo": trans_no, "respCode": "100204", "respMsg": "原交易不存在"});
    };
    if o.status == "SUCCESS" {
        return json!({"transNo": trans_no, "respCode": "100205", "respMsg": "订单已支付，不能关闭，请退款"});
    }
    if o.status != "FAIL" {
        // ASSUMED: a closed order reads FAIL (the status set has no CLOSED).
        o.status = "FAIL".into();
        o.resp_code = "100201".into();
        o.resp_msg = "订单已关闭".into();
        o.finished_date = ymdhms(now);
        save_order(&s.store, o);
    }
    json!({"transNo": trans_no, "orderStatus": o.status, "respCode": "100201", "respMsg": "订单已关闭"})
}

fn refund(s: &Shared, w: &mut World, m: &Map<String, Value>, now: Millis) -> Outcome {
    let trans_no = text(m, "transNo");
    let orig = text(m, "origTransNo");
    if trans_no.is_empty() || orig.is_empty() {
        return refusal("100004", "transNo 与 origTransNo 必填", &trans_no);
    }
    let Some(amt) = amount(m, "orderAmt") else { return refusal("100004", "orderAmt 必须为正整数(分)", &trans_no) };
    if let Err(e) = check_request_date(m, now) {
        return refusal("100207", e, &trans_no);
    }
    if w.refunds.contains_key(&trans_no) || w.orders.contains_key(&trans_no) {
        return refusal("100203", "订单号重复", &trans_no);
    }
    let Some(o) = w.orders.get_mut(&orig) else { return refusal("100204", "原交易不存在", &trans_no) };
    if amount(m, "origOrderAmt") != Some(o.order_amt) {
        return refusal("100004", "origOrderAmt 与原交易金额不一致", &trans_no);
    }
    if o.status != "SUCCESS" {
        return refusal("100205", "原交易未成功，不能退款", &trans_no);
    }
    if o.refunded + amt > o.order_amt {
        return refusal("100206", "退款金额超过可退金额", &trans_no);
    }
    o.refunded += amt;
    save_order(&s.store, o);
    let seq = w.next(&s.store);
    let r = Refund {
        trans_no: trans_no.clone(),
        orig_trans_no: orig,
        trade_no: format!("HSQR{}{seq:06}", ymdhms(now)),
        order_amt: amt,
        status: "PROCESSING".into(),
        resp_code: "100202".into(),
        resp_msg: "退款处理中".into(),
        return_url: text(m, "returnUrl"),
        extend: text(m, "extend"),
        finished_date: String::new(),
        settle_at: now + i64::try_from(s.cfg.timing.settle.as_millis()).unwrap_or(0),
    };
    save_refund(&s.store, &r);
    let mut out = refund_json(&r);
    out["merchantNo"] = json!(s.hsq.creds.merchant_no);
    w.refunds.insert(trans_no, r);
    Ok(out)
}

fn refund_query(w: &World, m: &Map<String, Value>) -> Value {
    let trans_no = text(m, "transNo");
    match w.refunds.get(&trans_no) {
        Some(r) => refund_json(r),
        None => json!({"transNo": trans_no, "respCode": "100204", "respMsg": "退款记录不存在"}),
    }
}
