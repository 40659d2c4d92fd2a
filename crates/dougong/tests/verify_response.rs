//! Response verification (spec §2.4): raw bytes first, then fallbacks that keep number literals.

use dougong::keys::PrivateKey;
use dougong::verify::verify_response_body;
use dougong::Error;

fn key() -> PrivateKey {
    PrivateKey::from_text(include_str!("golden/demo_private_key.txt")).unwrap()
}

fn body(data_on_wire: &str, signed: &str) -> String {
    format!(r#"{{"data":{data_on_wire},"sign":"{}"}}"#, key().sign(signed.as_bytes()))
}

#[test]
fn raw_bytes_verify_even_when_not_canonical() {
    // Unsorted, spaced, with 0.00: only raw-byte verification can accept this.
    let data = r#"{ "z":"1", "enter_fee": 0.00, "a":"中" }"#;
    let v = verify_response_body(body(data, data).as_bytes(), &key().public_key()).unwrap();
    assert_eq!(v["a"], "中");
    assert_eq!(v.as_object().unwrap().keys().next().unwrap(), "z", "wire order kept");
}

#[test]
fn html_escaped_body_verifies_against_plain_characters() {
    let signed = r#"{"goods_desc":"a&b<c>","resp_code":"00000000"}"#;
    let wire = r#"{"goods_desc":"a\u0026b\u003cc\u003e","resp_code":"00000000"}"#;
    let v = verify_response_body(body(wire, signed).as_bytes(), &key().public_key()).unwrap();
    assert_eq!(v["goods_desc"], "a&b<c>");
}

#[test]
fn recanonicalised_fallback_keeps_number_literals() {
    // Signed over dg-sdk's form (top level sorted, null dropped) with 0.00 kept; wire is pretty and unsorted.
    let signed = r#"{"a_list":[{"y":"1","x":"2"}],"enter_fee":0.00,"resp_code":"00000000","resp_desc":"成功\u0026"}"#;
    let signed_plain = signed.replace("\\u0026", "&");
    let wire = "{\n \"resp_desc\": \"成功\\u0026\",\n \"resp_code\": \"00000000\", \"n\": null,\n \"enter_fee\": 0.00,\n \"a_list\": [{\"y\": \"1\", \"x\": \"2\"}]\n}";
    let v = verify_response_body(body(wire, &signed_plain).as_bytes(), &key().public_key()).unwrap();
    assert_eq!(v["resp_desc"], "成功&");
}

#[test]
fn all_levels_sorted_fallback() {
    let signed = r#"{"a_list":[{"x":"2","y":"1"}],"resp_code":"00000000"}"#;
    let wire = r#"{"resp_code":"00000000","a_list":[{"y":"1","x":"2"}]}"#;
    assert!(verify_response_body(body(wire, signed).as_bytes(), &key().public_key()).is_ok());
}

#[test]
fn tampered_or_unsigned_is_an_error_with_the_raw_body() {
    let data = r#"{"resp_code":"00000000","trans_amt":"1.00"}"#;
    let good = body(data, data);
    let bad = good.replace("1.00", "9.00");
    match verify_response_body(bad.as_bytes(), &key().public_key()) {
        Err(Error::Signature { body, .. }) => assert_eq!(body, bad, "raw answer kept for the developer"),
        other => panic!("tampered body must fail, got {other:?}"),
    }
    let unsigned = format!(r#"{{"data":{data}}}"#);
    assert!(matches!(verify_response_body(unsigned.as_bytes(), &key().public_key()), Err(Error::Signature { .. })));
    let other_key = dougong::keys::PublicKey::from_text(include_str!("golden/demo_huifu_public_key.txt")).unwrap();
    assert!(matches!(verify_response_body(good.as_bytes(), &other_key), Err(Error::Signature { .. })));
}
