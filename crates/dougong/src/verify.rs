//! Verifying a synchronous response body (spec §2.2, §2.4).
//!
//! Order of attempts: the raw bytes of `data` as they appear in the body (what Huifu signs); the same bytes
//! with `\u0026 \u003c \u003e` written back as `& < >` (gateways that HTML-escape after signing); then the
//! re-canonicalised forms from the raw text with number literals verbatim (dg-sdk's top-level sort, and
//! all-levels sort). Floats are never re-serialised.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::canonical;
use crate::error::Error;
use crate::keys::PublicKey;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    data: Option<&'a RawValue>,
    #[serde(default)]
    sign: Option<String>,
}

/// The verified `data` JSON text of a response body, exactly as it appeared on the wire.
pub fn verified_data_text<'a>(body: &'a [u8], huifu_pub: &PublicKey) -> Result<&'a str, Error> {
    let text = std::str::from_utf8(body).map_err(|_| Error::Signature {
        reason: "response body is not UTF-8".into(),
        body: String::from_utf8_lossy(body).into_owned(),
    })?;
    let env: Envelope<'a> = serde_json::from_str(text).map_err(|e| Error::Signature {
        reason: format!("response body is not a JSON envelope: {e}"),
        body: text.to_string(),
    })?;
    let data =
        env.data.ok_or_else(|| Error::Signature { reason: "response has no `data`".into(), body: text.to_string() })?;
    let sign = match env.sign.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => return Err(Error::Signature { reason: "response has no `sign`".into(), body: text.to_string() }),
    };
    let raw = data.get();
    // Huifu's `data` is always an object (spec §2.2); anything else is refused before any key is tried, so
    // a signed array or scalar is never handed on as a result.
    if !raw.starts_with('{') {
        return Err(Error::Signature { reason: "response `data` is not a JSON object".into(), body: text.to_string() });
    }
    if verify_data_text(raw, &sign, huifu_pub) {
        Ok(raw)
    } else {
        Err(Error::Signature {
            reason: "no canonical form of `data` verifies against Huifu's public key".into(),
            body: text.to_string(),
        })
    }
}

/// True when `sign` verifies the raw `data` JSON text under any of the accepted forms (see module docs).
/// Also used for notifications, whose `resp_data`/`data` string is the signed text.
pub fn verify_data_text(raw_data: &str, sign: &str, huifu_pub: &PublicKey) -> bool {
    if huifu_pub.verify(raw_data.as_bytes(), sign) {
        return true;
    }
    if raw_data.contains("\\u00") {
        let unescaped = raw_data.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">");
        if unescaped != raw_data && huifu_pub.verify(unescaped.as_bytes(), sign) {
            return true;
        }
    }
    match canonical::response_fallback_strings(raw_data) {
        Ok(candidates) => candidates.iter().any(|c| c != raw_data && huifu_pub.verify(c.as_bytes(), sign)),
        Err(_) => false,
    }
}

/// Verifies a response body and returns its `data` as a JSON value (objects keep the wire order).
/// A missing or failing signature is an error, never a result.
pub fn verify_response_body(body: &[u8], huifu_pub: &PublicKey) -> Result<serde_json::Value, Error> {
    let raw = verified_data_text(body, huifu_pub)?;
    serde_json::from_str(raw).map_err(|e| Error::Decode { path: "data".into(), message: e.to_string() })
}
