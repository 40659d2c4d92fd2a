//! The MD5 envelope (spec other-gateways §2.2): `req = base64(UTF-8 JSON)` (standard alphabet, padded, one
//! line), `sign = lowercase hex md5(req + key)`. The sign covers the base64 text **before** URL-encoding;
//! percent-encoding happens only when the form is built, so `+` survives transport.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use md5::{Digest, Md5};
use zeroize::Zeroizing;

/// The merchant MD5 key. A secret: `Debug` is redacted, memory zeroized on drop.
#[derive(Clone)]
pub struct MerchantKey(Zeroizing<String>);

impl std::fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MerchantKey(<redacted>)")
    }
}

impl MerchantKey {
    /// Accepts the key as issued (printable ASCII, no spaces, 8..=128 characters; signed byte for byte).
    pub fn new(text: &str) -> Result<MerchantKey, crate::FieldError> {
        let t = text.trim();
        if !(8..=128).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(crate::FieldError::new(
                "key",
                "the merchant key must be 8..128 printable ASCII characters without spaces",
            ));
        }
        Ok(MerchantKey(Zeroizing::new(t.to_string())))
    }

    /// The key text, for building a signed string.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// How strictly a received sign is compared (spec ambiguity 3: all clients produce lowercase, the C#
/// verifier compares case-sensitively; server tolerance unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignCase {
    /// Only lowercase hex is accepted (what every client produces).
    #[default]
    LowercaseOnly,
    /// Uppercase hex is accepted too.
    AnyCase,
}

/// `base64(json)`, standard alphabet with padding, no line breaks.
pub fn encode_req(json: &str) -> String {
    B64.encode(json.as_bytes())
}

/// Lowercase hex `md5(b64 + key)`.
pub fn sign(b64: &str, key: &MerchantKey) -> String {
    let mut h = Md5::new();
    h.update(b64.as_bytes());
    h.update(key.expose().as_bytes());
    hex::encode(h.finalize())
}

/// True when `sig` is the sign of `b64` under `key`. The base64 text is taken exactly as received: no
/// whitespace stripping, no re-encoding (spec ambiguity 2).
pub fn verify(b64: &str, sig: &str, key: &MerchantKey, case: SignCase) -> bool {
    let expected = sign(b64, key);
    let got = match case {
        SignCase::LowercaseOnly => sig.to_string(),
        SignCase::AnyCase => sig.to_ascii_lowercase(),
    };
    // Both are 32 hex chars when valid; compare without early exit.
    expected.len() == got.len() && expected.bytes().zip(got.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

/// Decodes the base64 text into UTF-8 JSON text.
pub fn decode_b64(b64: &str) -> Result<String, crate::Error> {
    let bytes = B64
        .decode(b64.as_bytes())
        .map_err(|e| crate::Error::Decode { path: "resp".into(), message: format!("not standard base64: {e}") })?;
    String::from_utf8(bytes).map_err(|_| crate::Error::Decode { path: "resp".into(), message: "not UTF-8".into() })
}

/// `req=<percent-encoded base64>&sign=<md5>` (field names `resp` for answers and notifications).
pub fn form_body(field: &str, b64: &str, sig: &str) -> String {
    form_urlencoded::Serializer::new(String::new()).append_pair(field, b64).append_pair("sign", sig).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_case_setting() {
        let k = MerchantKey::new("abcdefgh12345678").unwrap();
        let s = sign("eyJhIjoxfQ==", &k);
        assert_eq!(s, s.to_ascii_lowercase(), "produced lowercase");
        assert!(verify("eyJhIjoxfQ==", &s, &k, SignCase::LowercaseOnly));
        assert!(!verify("eyJhIjoxfQ==", &s.to_ascii_uppercase(), &k, SignCase::LowercaseOnly));
        assert!(verify("eyJhIjoxfQ==", &s.to_ascii_uppercase(), &k, SignCase::AnyCase));
        assert!(!verify("eyJhIjoxfQ= =", &s, &k, SignCase::AnyCase), "whitespace changes the signed text");
        assert!(format!("{k:?}").contains("redacted"));
    }
}
