//! Inputs the fuzzers (crates/fuzz) found, kept as ordinary tests.

use dougong::canonical::{request_string_from_json, response_data_string, CanonicalError};
use serde_json::Value;

/// cargo fuzz `canonical`, crash-fb206847: a float near 1.2e23 written by response_data_string parsed back
/// one ULP off (serde_json's default parser is not exactly round-trip), so canonicalising twice differed.
/// Fixed by serde_json's `float_roundtrip` feature in the workspace.
#[test]
fn response_canonical_form_is_a_fixed_point_for_large_floats() {
    let text = r#"{"z":{"b":0.00,"a":""},"a":[],"big":123456789001234567890123.0}"#;
    let v: Value = serde_json::from_str(text).unwrap();
    let once = response_data_string(&v);
    let back: Value = serde_json::from_str(&once).unwrap();
    assert_eq!(response_data_string(&back), once);
}

/// cargo fuzz `canonical`, crash-86d592df: a float literal beyond f64 (`1234567890e236666666666`) is read by
/// Python as `inf` and written `Infinity`, which is not JSON, so the canonical text did not parse again.
/// Such a request can never be read by a gateway: refused before signing, naming the literal.
#[test]
fn a_float_beyond_f64_is_refused_before_signing() {
    let text = r#"{"z":{"b":0.00,"+e":"","a":[],"big":1234567890e236666666666,"a":""},"n":null,"neg":-5.2}"#;
    assert_eq!(
        request_string_from_json(text).unwrap_err(),
        CanonicalError::NotFinite("1234567890e236666666666".into())
    );
    for t in [r#"{"a":[1e400]}"#, r#"{"a":-1.0e309}"#] {
        assert!(matches!(request_string_from_json(t), Err(CanonicalError::NotFinite(_))), "{t}");
    }
    // Big integers stay exact (Python ints), and large finite floats are fine.
    assert_eq!(
        request_string_from_json(r#"{"a":1e308,"b":123456789012345678901234567890}"#).unwrap(),
        r#"{"a":1e+308,"b":123456789012345678901234567890}"#
    );
}

/// cargo fuzz `dougong_response` (CI, 2026-12-07): a body whose `data` is `null` was signed by the target and
/// then refused as "response has no `data`". Huifu's `data` is always an object (spec §2.2); a null, array
/// or scalar `data` is refused with a reason, never taken as a result, whatever its signature.
#[test]
fn a_signed_response_whose_data_is_not_an_object_is_refused_with_a_reason() {
    use dougong::keys::PrivateKey;
    use dougong::verify::verify_response_body;
    use dougong::wire::signed_response_body;
    let key = PrivateKey::generate(1024).unwrap();
    let public = key.public_key();
    for data in ["null", "[]", "1", "\"x\"", "true"] {
        let v: Value = serde_json::from_str(data).unwrap();
        let body = signed_response_body(&v, &key);
        let err = verify_response_body(body.as_bytes(), &public).unwrap_err().to_string();
        assert!(err.contains("data"), "{data}: {err}");
    }
    let v: Value = serde_json::from_str(r#"{"resp_code":"00000000","n":null}"#).unwrap();
    let body = signed_response_body(&v, &key);
    assert_eq!(verify_response_body(body.as_bytes(), &public).unwrap(), v);
}
