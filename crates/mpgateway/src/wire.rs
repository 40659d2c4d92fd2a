//! Answers and notifications: `{"resp": base64, "sign": md5(resp + key)}` as JSON (answers) or as form
//! fields `resp`/`sign` (notifications), checked the same way.

use serde_json::Value;

use crate::error::Error;
use crate::sign::{self, MerchantKey, SignCase};

/// Checks an answer body and returns the decoded `resp` JSON object (whatever its respcode).
///
/// An answer with an EMPTY `sign` is a pre-check refusal (seed §2.2: the gateway could not get the
/// caller's key, e.g. an unknown merid): `Error::PreCheck` with its respcode and respmsg, when it decodes
/// to a refusal. An unsigned answer that claims success (`00`), or a wrong sign, is `Error::Signature`.
pub fn verify_answer(status: u16, body: &[u8], key: &MerchantKey, case: SignCase) -> Result<Value, Error> {
    let text = String::from_utf8_lossy(body);
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) if !(200..300).contains(&status) => return Err(Error::Http { status, body: text.into_owned() }),
        Err(e) => return Err(Error::Decode { path: "$".into(), message: format!("the answer is not JSON: {e}") }),
    };
    let Some(resp) = v.get("resp").and_then(Value::as_str) else {
        if !(200..300).contains(&status) {
            return Err(Error::Http { status, body: text.into_owned() });
        }
        return Err(Error::Decode { path: "resp".into(), message: "missing or not a string".into() });
    };
    let sig = v.get("sign").and_then(Value::as_str).unwrap_or_default();
    if sig.is_empty() {
        return Err(unsigned(resp));
    }
    if !sign::verify(resp, sig, key, case) {
        return Err(Error::Signature { reason: "md5(resp + key) does not match the answer's sign".into() });
    }
    parse_object(resp)
}

/// What an answer without a sign is: a pre-check refusal when it says so, else a signature failure.
fn unsigned(resp: &str) -> Error {
    let refusal = parse_object(resp).ok().and_then(|v| {
        let code = v
            .get("respcode")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty() && *c != crate::codes::RESP_OK)?
            .to_string();
        let message = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().to_string();
        Some(Error::PreCheck { code, message })
    });
    refusal
        .unwrap_or_else(|| Error::Signature { reason: "the answer has no sign and is not a pre-check refusal".into() })
}

fn parse_object(b64: &str) -> Result<Value, Error> {
    let json = sign::decode_b64(b64)?;
    let v: Value = serde_json::from_str(&json)
        .map_err(|e| Error::Decode { path: "resp".into(), message: format!("not JSON: {e}") })?;
    if !v.is_object() {
        return Err(Error::Decode { path: "resp".into(), message: "not a JSON object".into() });
    }
    Ok(v)
}

/// Checks a notification given as form fields (POST body, or the GET query of a front notification,
/// already URL-decoded exactly once) and returns the decoded `resp` object.
pub fn verify_notification_fields(
    fields: &[(String, String)],
    key: &MerchantKey,
    case: SignCase,
) -> Result<Value, Error> {
    let get = |n: &str| fields.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
    let resp = get("resp")
        .ok_or_else(|| Error::Decode { path: "resp".into(), message: "missing from the notification".into() })?;
    let sig = get("sign")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Error::Signature { reason: "the notification has no sign".into() })?;
    if !sign::verify(resp, sig, key, case) {
        return Err(Error::Signature { reason: "md5(resp + key) does not match the notification's sign".into() });
    }
    parse_object(resp)
}

/// Checks a notification from its raw form body (or query string).
pub fn verify_notification_body(body: &[u8], key: &MerchantKey, case: SignCase) -> Result<Value, Error> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    verify_notification_fields(&fields, key, case)
}

/// Builds a signed answer body `{"resp":..,"sign":..}` the way the gateway does (sandbox, tests).
pub fn sign_answer(json: &str, key: &MerchantKey) -> String {
    let b64 = sign::encode_req(json);
    let sig = sign::sign(&b64, key);
    serde_json::json!({"resp": b64, "sign": sig}).to_string()
}

/// Builds a signed notification form body `resp=..&sign=..` (sandbox, tests).
pub fn sign_notification(json: &str, key: &MerchantKey) -> String {
    let b64 = sign::encode_req(json);
    let sig = sign::sign(&b64, key);
    sign::form_body("resp", &b64, &sig)
}
