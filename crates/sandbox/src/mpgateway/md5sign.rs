//! The simulator's own reading of the MD5 gateway's envelope (seed 002 §2.2), written apart from
//! crates/mpgateway on purpose so that a client which misreads it is caught by the tests:
//! `req` / `resp` = base64 of the UTF-8 JSON (standard alphabet, padded, one line), `sign` = lowercase hex
//! md5 of that base64 text followed directly by the merchant key. Checked against md5sum / Python's hashlib
//! in crates/sandbox/tests/mpg_seed.rs.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use md5::{Digest, Md5};

/// `md5(b64 + key)` in lowercase hex.
pub fn sign(b64: &str, key: &str) -> String {
    let mut h = Md5::new();
    h.update(format!("{b64}{key}").as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// True when `sig` is exactly (lowercase) the sign of the received base64 text.
pub fn verify(b64: &str, sig: &str, key: &str) -> bool {
    sign(b64, key) == sig
}

/// The base64 of a JSON text.
pub fn encode(json: &str) -> String {
    STANDARD.encode(json.as_bytes())
}

/// The JSON text inside a received base64 field, if it is standard base64 of UTF-8.
pub fn decode(b64: &str) -> Option<String> {
    String::from_utf8(STANDARD.decode(b64.as_bytes()).ok()?).ok()
}

/// A signed answer `{"resp": base64, "sign": md5}`; with `signed == false` the sign is empty, as the gateway
/// answers a pre-check error when it cannot find the caller's key (seed §2.2).
pub fn answer(json: &str, key: Option<&str>) -> String {
    let resp = encode(json);
    let sign = key.map(|k| sign(&resp, k)).unwrap_or_default();
    serde_json::json!({"resp": resp, "sign": sign}).to_string()
}

/// A form body `resp=<percent-encoded base64>&sign=<md5>` (background notification, front redirect query).
pub fn form(json: &str, key: &str) -> String {
    let resp = encode(json);
    let sign = sign(&resp, key);
    form_urlencoded::Serializer::new(String::new()).append_pair("resp", &resp).append_pair("sign", &sign).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_is_over_the_base64_text() {
        // md5("eyJhIjoxfQ==k") computed by `printf 'eyJhIjoxfQ==k' | md5sum`.
        assert_eq!(encode("{\"a\":1}"), "eyJhIjoxfQ==");
        assert_eq!(sign("eyJhIjoxfQ==", "k"), "47eeaea4b5a71243887d9a92a54a58b6");
        assert!(!verify("eyJhIjoxfQ==", "47EEAEA4B5A71243887D9A92A54A58B6", "k"), "lowercase only");
    }
}
