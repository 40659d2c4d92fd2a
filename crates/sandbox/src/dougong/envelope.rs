//! The dougong envelope on the server side: parse `{sys_id, product_id, sign, data}`, check the caller and
//! verify the signature by spec §2.6, refuse a reused req_seq_id, run the endpoint, and answer HTTP 200
//! with `data` in §2.4 simulator form (every object sorted, compact, raw UTF-8) signed by the platform key.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::state::{persist, Seen, World};
use super::validate::{refuse, Data, Out, Refusal};
use crate::clock::Millis;
use crate::traffic::{sign_hash, LogNote};
use crate::Shared;

/// The code and text for a request whose signature does not verify. Huifu's real code is not in our
/// sources (spec §5 has none); ASSUMED: the parameter-check code with an explicit text.
pub const SIGN_FAILED: (&str, &str) = ("10000000", "验签失败(sign与data不匹配，请检查私钥及签名原文)");

/// What a handler sees.
pub struct Ctx<'a> {
    pub s: &'a Shared,
    pub w: &'a mut World,
    pub now: Millis,
    pub sys_id: String,
    pub product_id: String,
}

/// An endpoint body: pure over the world, the clock and the request data.
pub type Handler = fn(&mut Ctx<'_>, &Data) -> Out;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    sys_id: Option<String>,
    #[serde(default)]
    product_id: Option<String>,
    #[serde(default)]
    sign: Option<String>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

/// The platform-signed HTTP answer for `data`.
pub fn signed_response(s: &Shared, data: &Value, mut note: LogNote) -> Response {
    let canonical = super::canonical::response_text(data);
    let sign = s.platform.sign(&canonical);
    let body = format!("{{\"data\":{canonical},\"sign\":\"{sign}\"}}");
    note.acquirer = "dougong";
    note.resp_code = data.get("resp_code").and_then(Value::as_str).unwrap_or_default().to_string();
    note.resp_desc = data.get("resp_desc").and_then(Value::as_str).unwrap_or_default().to_string();
    let mut resp = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json;charset=UTF-8")], body).into_response();
    resp.extensions_mut().insert(note);
    resp
}

/// `data` for an outcome: resp_code and resp_desc first, then the endpoint's fields.
pub fn outcome_data(out: &Out) -> Value {
    let mut m = Map::new();
    match out {
        Ok(r) => {
            m.insert("resp_code".into(), r.code.into());
            m.insert("resp_desc".into(), r.desc.into());
            for (k, v) in &r.fields {
                m.insert(k.clone(), v.clone());
            }
        }
        Err(Refusal { code, desc }) => {
            m.insert("resp_code".into(), code.clone().into());
            m.insert("resp_desc".into(), desc.clone().into());
        }
    }
    Value::Object(m)
}

/// Who is calling, after the signature check.
pub struct Caller {
    pub sys_id: String,
    pub product_id: String,
}

/// Checks sys_id, product_id and the signature over `raw_data` (§2.6). `sign` may be skipped only when
/// `sign_optional` (picture upload, whose SDKs often send none).
pub fn authenticate(
    s: &Shared,
    sys_id: &str,
    product_id: &str,
    sign: &str,
    raw_data: &str,
    sign_optional: bool,
) -> Result<Caller, Refusal> {
    if sys_id.is_empty() {
        return Err(refuse("10000000", "sys_id不能为空"));
    }
    if product_id.is_empty() {
        return Err(refuse("10000000", "产品号不能为空"));
    }
    let acct = s.dg.lock().accounts.get(sys_id).cloned();
    let Some(acct) = acct else {
        return Err(refuse("00000103", format!("请求系统号[{sys_id}]无接口访问权限")));
    };
    if acct.product_id != product_id {
        return Err(refuse("22000000", format!("产品号[{product_id}]不存在")));
    }
    if sign.is_empty() {
        if sign_optional {
            return Ok(Caller { sys_id: sys_id.into(), product_id: product_id.into() });
        }
        return Err(refuse("10000000", "sign不能为空"));
    }
    let Ok(canonical) = super::canonical::request_text(raw_data) else {
        return Err(refuse("10000000", "data不符合JSON对象格式"));
    };
    let Some(key) = crate::credentials::parse_public(&acct.public_key) else {
        return Err(refuse("98888888", "系统错误:商户公钥配置有误"));
    };
    if !key.verify(&canonical, sign) {
        return Err(refuse(SIGN_FAILED.0, SIGN_FAILED.1));
    }
    Ok(Caller { sys_id: sys_id.into(), product_id: product_id.into() })
}

/// The key that makes a req_seq_id unique: per target merchant (or caller), per day.
fn seen_key(caller: &Caller, d: &Data, path: &str) -> Option<String> {
    let seq = d.get("req_seq_id")?;
    let target = d.get("huifu_id").or_else(|| d.get("upper_huifu_id")).unwrap_or_else(|| caller.sys_id.clone());
    let group = if path.contains("/trade/") { "trade" } else { "merchant" };
    Some(format!("{group}|{target}|{}|{seq}", d.s("req_date")))
}

/// Runs `handler` for an authenticated caller: duplicate check for writes, then the endpoint.
pub fn run(s: &Shared, caller: &Caller, path: &str, write: bool, handler: Handler, d: &Data) -> Out {
    let mut w = s.dg.lock();
    let key = if write { seen_key(caller, d, path) } else { None };
    if let Some(k) = &key {
        if w.seen.contains(k) {
            return Err(refuse("20000000", "重复交易"));
        }
    }
    let now = s.clock.now_ms();
    let mut ctx = Ctx { s, w: &mut w, now, sys_id: caller.sys_id.clone(), product_id: caller.product_id.clone() };
    let out = handler(&mut ctx, d);
    if let (Some(k), Ok(_)) = (key, &out) {
        w.seen.insert(k.clone());
        persist(&s.store, &Seen { key: k });
    }
    out
}

/// The axum side of a JSON endpoint.
pub async fn handle_json(
    s: Arc<Shared>,
    path: &'static str,
    write: bool,
    handler: Handler,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(env) = serde_json::from_slice::<Envelope<'_>>(&body) else {
        return (StatusCode::BAD_REQUEST, "request body is not a JSON object").into_response();
    };
    let sign = env.sign.clone().unwrap_or_default();
    let mut note =
        LogNote { sign_sha256: sign_hash(&sign), sys_id: env.sys_id.clone().unwrap_or_default(), ..Default::default() };
    let Some(raw) = env.data else {
        return signed_response(&s, &outcome_data(&Err(refuse("10000000", "data不能为空"))), note);
    };
    // Some clients send `data` as a JSON string holding the object.
    let raw_text: String = match serde_json::from_str::<String>(raw.get()) {
        Ok(inner) => inner,
        Err(_) => raw.get().to_string(),
    };
    let parsed = match serde_json::from_str::<Value>(&raw_text) {
        Ok(Value::Object(m)) => Data(m),
        _ => return signed_response(&s, &outcome_data(&Err(refuse("10000000", "data不符合JSON对象格式"))), note),
    };
    note.huifu_id = parsed.s("huifu_id");
    note.req_seq_id = parsed.s("req_seq_id");
    let sm2 = headers.get("signType").and_then(|v| v.to_str().ok()).is_some_and(|v| v.eq_ignore_ascii_case("SM2"));
    if sm2 {
        let r = refuse(
            "10000000",
            "not implemented in the sandbox: signType SM2 (the sandbox verifies RSA signatures only)",
        );
        return signed_response(&s, &outcome_data(&Err(r)), note);
    }
    let sys_id = env.sys_id.unwrap_or_default();
    let product_id = env.product_id.unwrap_or_default();
    let out = match authenticate(&s, &sys_id, &product_id, &sign, &raw_text, false) {
        Ok(caller) => run(&s, &caller, path, write, handler, &parsed),
        Err(r) => Err(r),
    };
    signed_response(&s, &outcome_data(&out), note)
}
