//! `POST /api/acquiring`: parse the form, check the envelope (seed 003 公共请求参数: required, lengths),
//! the merchant and the signature by the fixed-order rule ([`super::rsa2`]), dispatch on `method`, answer
//! with a platform-signed `result` string (or a signed `success:false`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

use super::outcome::{text, Outcome};
use super::rsa2;
use super::{orders, pay};
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

/// Envelope error codes (the sandbox's own: seed 003 gives no errorCode values).
pub const SIGN_ERROR: (&str, &str) = ("SIGN_ERROR", "验签失败");
pub use super::fields::PARAM_ERROR;

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
    // 公共请求参数 lengths. `sign` is string[1,128] in the table while the seed's own example carries 256
    // hex characters (and its answer 1024): the sandbox does not hold anyone to that number.
    for (f, max) in [("method", 32), ("version", 16), ("format", 16), ("merchantNo", 16), ("signType", 16)] {
        if get(f).unwrap_or_default().chars().count() > max {
            return answer(&s, Err((PARAM_ERROR.into(), format!("{f} 长度超过{max}"))), note);
        }
    }
    if !get("format").unwrap_or_default().eq_ignore_ascii_case("JSON") {
        return answer(&s, Err((PARAM_ERROR.into(), "format 只支持JSON".into())), note);
    }
    let (method, merchant_no, sign_type) =
        (get("method").unwrap_or_default(), get("merchantNo").unwrap_or_default(), get("signType").unwrap_or_default());
    note.sys_id = merchant_no.to_string();
    if merchant_no != s.hsq.creds.merchant_no {
        return answer(&s, Err(("MERCHANT_NOT_EXIST".into(), format!("商户{merchant_no}不存在"))), note);
    }
    if sign_type != "RSA2" {
        return answer(
            &s,
            Err((PARAM_ERROR.into(), format!("signType {sign_type} 不支持 (sandbox: RSA2 only)"))),
            note,
        );
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
            "POLYMERIZE_MAIN_SWEPTN" | "POLYMERIZE_BE_SWEPTN" => pay::pay(&s, &mut w, method, &content, now),
            "POLYMERIZE_QUERY" => Ok(orders::query(&w, &content)),
            "POLYMERIZE_CLOSE" => Ok(orders::close(&s, &mut w, &content, now)),
            "POLYMERIZE_REFUND" => orders::refund(&s, &mut w, &content, now),
            "POLYMERIZE_REFUND_QUERY" => Ok(orders::refund_query(&w, &content)),
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
