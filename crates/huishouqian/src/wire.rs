//! The envelope on the wire: the seven form fields of a request, the JSON answer with its double-encoded
//! `result`, and the form-posted notification (spec other-gateways §1.3, §1.4, §1.6).

use serde_json::Value;

use crate::error::Error;
use crate::keys::{MerchantKey, PlatformKey, SignKey};
use crate::sign::{self, EnvelopeFields};

/// `version` of requests.
pub const VERSION: &str = "1.0";
/// `format` of requests (one PHP integration sends `json`; whatever is sent is what is signed).
pub const FORMAT: &str = "JSON";
/// `signType` of requests: SHA256withRSA. (The legacy `CFCA` mode is not implemented.)
pub const SIGN_TYPE: &str = "RSA2";
/// The body to answer a notification with once it is handled.
pub const NOTIFY_ACK: &str = "SUCCESS";

/// A signed request: the form fields exactly as they are posted, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedForm {
    pub fields: Vec<(&'static str, String)>,
}

impl SignedForm {
    /// The value of one field.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    /// `application/x-www-form-urlencoded` body (percent-encoding happens only here, after signing).
    pub fn to_body(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.fields {
            s.append_pair(k, v);
        }
        s.finish()
    }
}

/// Signs `sign_content` (the exact JSON text that will be posted) for `method`.
pub fn sign_request(
    method: &str,
    merchant_no: &str,
    sign_content: &str,
    key: &MerchantKey,
    sign_key: &SignKey,
) -> SignedForm {
    let f =
        EnvelopeFields { method, version: VERSION, format: FORMAT, merchant_no, sign_type: SIGN_TYPE, sign_content };
    let sign = key.sign_hex(sign::envelope_plain(&f, sign_key.expose()).as_bytes());
    SignedForm {
        fields: vec![
            ("method", method.to_string()),
            ("version", VERSION.to_string()),
            ("format", FORMAT.to_string()),
            ("merchantNo", merchant_no.to_string()),
            ("signType", SIGN_TYPE.to_string()),
            ("signContent", sign_content.to_string()),
            ("sign", sign),
        ],
    }
}

fn success_flag(v: &Value) -> Option<bool> {
    // A JSON boolean in practice; the C# SDK reads it as a string, so accept "true"/"false" too.
    match v.get("success")? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("true")),
        _ => None,
    }
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Checks an answer body and returns the verified, parsed `result` object.
///
/// Rule (§1.4.2): `success:true` is signed over `result=<result string>&success=true&key=..`,
/// `success:false` over `errorCode=..&errorMsg=..&success=false&key=..`, both with the platform key.
/// A refusal that verifies is `Error::Business`; an unsigned or badly signed body is `Error::Signature`
/// whatever it says (a forged refusal could hide a payment that went through).
pub fn verify_response(status: u16, body: &[u8], platform: &PlatformKey, sign_key: &SignKey) -> Result<Value, Error> {
    let body_text = String::from_utf8_lossy(body);
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) if !(200..300).contains(&status) => return Err(Error::Http { status, body: body_text.into_owned() }),
        Err(e) => return Err(Error::Decode { path: "$".into(), message: format!("the answer is not JSON: {e}") }),
    };
    let Some(success) = success_flag(&v) else {
        // Gateway-level failures come back as {"status":..,"message":..} without a signature.
        if v.get("status").is_some() || !(200..300).contains(&status) {
            return Err(Error::Http { status, body: body_text.into_owned() });
        }
        return Err(Error::Decode { path: "success".into(), message: "missing or not a boolean".into() });
    };
    let sig = text(&v, "sign");
    if success {
        let result = match v.get("result") {
            Some(Value::String(s)) => s.clone(),
            _ => return Err(Error::Decode { path: "result".into(), message: "missing or not a JSON string".into() }),
        };
        if sig.is_empty() {
            return Err(Error::Signature { reason: "the answer has no sign".into() });
        }
        if !platform.verify_hex(sign::response_ok_plain(&result, sign_key.expose()).as_bytes(), &sig) {
            return Err(Error::Signature { reason: "the answer's sign does not verify with the platform key".into() });
        }
        serde_json::from_str(&result).map_err(|e| Error::Decode {
            path: "result".into(),
            message: format!("the result string is not JSON: {e}"),
        })
    } else {
        let code = text(&v, "errorCode");
        let msg = text(&v, "errorMsg");
        if sig.is_empty() {
            return Err(Error::Signature { reason: format!("unsigned refusal {code} {msg}") });
        }
        if !platform.verify_hex(sign::response_error_plain(&code, &msg, sign_key.expose()).as_bytes(), &sig) {
            return Err(Error::Signature {
                reason: format!("the refusal {code}'s sign does not verify with the platform key"),
            });
        }
        Err(Error::Business { hint: crate::codes::hint(&code), code, message: msg })
    }
}

/// A notification after its signature checked out.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedNotification {
    /// `CALLBACK` for payment and refund notifications.
    pub method: String,
    pub merchant_no: String,
    /// The parsed `signContent`.
    pub content: Value,
}

/// Verifies a notification from its form fields (POST body or GET query string, already URL-decoded
/// once). The signed string is rebuilt from the **received** values, whatever they are.
pub fn verify_notification_fields(
    fields: &[(String, String)],
    platform: &PlatformKey,
    sign_key: &SignKey,
) -> Result<VerifiedNotification, Error> {
    let get = |name: &str| -> Result<&str, Error> {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Error::Decode { path: name.into(), message: "missing from the notification".into() })
    };
    let f = EnvelopeFields {
        method: get("method")?,
        version: get("version")?,
        format: get("format")?,
        merchant_no: get("merchantNo")?,
        sign_type: get("signType")?,
        sign_content: get("signContent")?,
    };
    let sig = get("sign").map_err(|_| Error::Signature { reason: "the notification has no sign".into() })?;
    if !platform.verify_hex(sign::envelope_plain(&f, sign_key.expose()).as_bytes(), sig) {
        return Err(Error::Signature {
            reason: "the notification's sign does not verify with the platform key".into(),
        });
    }
    let content = serde_json::from_str(f.sign_content)
        .map_err(|e| Error::Decode { path: "signContent".into(), message: format!("not JSON: {e}") })?;
    Ok(VerifiedNotification { method: f.method.to_string(), merchant_no: f.merchant_no.to_string(), content })
}

/// Verifies a notification from its raw `application/x-www-form-urlencoded` body (or query string).
pub fn verify_notification_body(
    body: &[u8],
    platform: &PlatformKey,
    sign_key: &SignKey,
) -> Result<VerifiedNotification, Error> {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    verify_notification_fields(&fields, platform, sign_key)
}

/// Signs a notification the way the platform does (the sandbox and test helpers use this).
pub fn sign_notification(
    merchant_no: &str,
    sign_content: &str,
    platform_key: &MerchantKey,
    sign_key: &SignKey,
) -> SignedForm {
    let (method, version) = ("CALLBACK", "1.0.0");
    let f = EnvelopeFields { method, version, format: FORMAT, merchant_no, sign_type: SIGN_TYPE, sign_content };
    let sign = platform_key.sign_hex(sign::envelope_plain(&f, sign_key.expose()).as_bytes());
    SignedForm {
        fields: vec![
            ("method", method.into()),
            ("version", version.into()),
            ("format", FORMAT.into()),
            ("merchantNo", merchant_no.into()),
            ("signType", SIGN_TYPE.into()),
            ("signContent", sign_content.into()),
            ("sign", sign),
        ],
    }
}

/// Builds a signed answer body the way the platform does (the sandbox uses this): `Ok(result JSON text)`
/// or `Err((errorCode, errorMsg))`.
pub fn sign_response(outcome: Result<&str, (&str, &str)>, platform_key: &MerchantKey, sign_key: &SignKey) -> String {
    match outcome {
        Ok(result) => {
            let sign = platform_key.sign_hex(sign::response_ok_plain(result, sign_key.expose()).as_bytes());
            serde_json::json!({"success": true, "errorCode": null, "errorMsg": null, "result": result, "sign": sign})
                .to_string()
        }
        Err((code, msg)) => {
            let sign = platform_key.sign_hex(sign::response_error_plain(code, msg, sign_key.expose()).as_bytes());
            serde_json::json!({"success": false, "errorCode": code, "errorMsg": msg, "sign": sign}).to_string()
        }
    }
}
