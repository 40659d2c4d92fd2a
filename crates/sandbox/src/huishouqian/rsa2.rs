//! The simulator's own reading of 慧收钱's RSA2 scheme (spec other-gateways §1.4), written apart from
//! crates/huishouqian on purpose: if the client misreads the scheme, this side disagrees and the tests fail.
//! Both sides are checked against openssl in crates/sandbox/tests/hsq_seed.rs.
//!
//! - request / notification: `method=..&version=..&format=..&merchantNo=..&signType=..&signContent=..&key=K`
//!   (this order, values exactly as posted, the 32-hex sign key last and never posted);
//! - answer: `result=<result text>&success=true&key=K`, or `errorCode=..&errorMsg=..&success=false&key=K`;
//! - signature: RSASSA-PKCS1-v1_5 over SHA-256 of those UTF-8 bytes, lowercase hex.

use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// The envelope field names in the order they are signed.
pub const SIGNED_ORDER: [&str; 6] = ["method", "version", "format", "merchantNo", "signType", "signContent"];

/// The text a request (or a CALLBACK notification) is signed over, from the received form fields.
/// A field that is absent is signed as empty, so the signature fails rather than shifting the rest.
pub fn request_text(form: &[(String, String)], sign_key: &str) -> String {
    let mut parts: Vec<String> = SIGNED_ORDER
        .iter()
        .map(|name| {
            let value = form.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("");
            format!("{name}={value}")
        })
        .collect();
    parts.push(format!("key={sign_key}"));
    parts.join("&")
}

/// The text an accepted answer is signed over.
pub fn result_text(result: &str, sign_key: &str) -> String {
    ["result=", result, "&success=true&key=", sign_key].concat()
}

/// The text a refused answer is signed over (empty values stay in as `errorMsg=`).
pub fn error_text(code: &str, msg: &str, sign_key: &str) -> String {
    ["errorCode=", code, "&errorMsg=", msg, "&success=false&key=", sign_key].concat()
}

/// Signs `text` with the platform key: lowercase hex, as long as the key's modulus.
pub fn sign(key: &RsaPrivateKey, text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    match key.sign(Pkcs1v15Sign::new::<Sha256>(), &digest) {
        Ok(sig) => sig.iter().map(|b| format!("{b:02x}")).collect(),
        // Signing with a valid key cannot fail; an empty sign makes any client refuse the answer.
        Err(_) => String::new(),
    }
}

/// True when `hex_sig` is the merchant's signature of `text`. Uppercase hex is refused: every client
/// sends lowercase, and accepting more here would hide a client that does not.
pub fn verify(key: &RsaPublicKey, text: &str, hex_sig: &str) -> bool {
    if hex_sig.is_empty()
        || !hex_sig.len().is_multiple_of(2)
        || !hex_sig.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return false;
    }
    let Ok(sig) = hex::decode(hex_sig) else { return false };
    key.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(text.as_bytes()), &sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_fixed_order() {
        let form: Vec<(String, String)> = [
            ("sign", "x"),
            ("signContent", "{\"a\":1}"),
            ("method", "M"),
            ("version", "1.0"),
            ("format", "JSON"),
            ("merchantNo", "8"),
            ("signType", "RSA2"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            request_text(&form, "k"),
            "method=M&version=1.0&format=JSON&merchantNo=8&signType=RSA2&signContent={\"a\":1}&key=k"
        );
        assert_eq!(error_text("E", "", "k"), "errorCode=E&errorMsg=&success=false&key=k");
        assert_eq!(result_text("{}", "k"), "result={}&success=true&key=k");
    }
}
