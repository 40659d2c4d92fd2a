//! The crate reproduces the vectors that tests/golden/make.sh computed with openssl (never with this crate).

use huishouqian::keys::{KeyError, MerchantKey, PlatformKey, SignKey};
use huishouqian::sign::{self, EnvelopeFields};
use huishouqian::{wire, Error, Notification, OrderStatus};

fn golden(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/golden/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
fn golden_bytes(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/golden/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
fn sign_key() -> SignKey {
    SignKey::new(&golden("merchant_key.txt")).unwrap()
}
fn platform() -> PlatformKey {
    PlatformKey::from_cert_or_pem(&golden_bytes("platform_4096.cer")).unwrap()
}

fn fields<'a>(method: &'a str, version: &'a str, content: &'a str) -> EnvelopeFields<'a> {
    EnvelopeFields { method, version, format: "JSON", merchant_no: "800000000001", sign_type: "RSA2", sign_content: content }
}

#[test]
fn request_plain_and_signature_for_each_key_size() {
    let content = golden("request_query/sign_content.json");
    let plain = sign::envelope_plain(&fields("POLYMERIZE_QUERY", "1.0", &content), sign_key().expose());
    assert_eq!(plain, golden("request_query/plain.txt"), "fixed-order plain text");
    let password = golden("pfx_password.txt");
    for bits in [1024usize, 2048, 4096] {
        let from_pfx = MerchantKey::from_pfx(&golden_bytes(&format!("merchant_{bits}.pfx")), &password).unwrap();
        let from_pem = MerchantKey::from_pem(&golden(&format!("merchant_{bits}.pem"))).unwrap();
        assert_eq!(from_pfx.bits(), bits, "size read from the .pfx key");
        assert_eq!(from_pem.bits(), bits, "size read from the PEM key");
        let expected = golden(&format!("request_query/sign_{bits}.txt"));
        assert_eq!(expected.len(), bits / 4, "openssl's hex is 2 chars per modulus byte");
        assert_eq!(from_pfx.sign_hex(plain.as_bytes()), expected, "{bits}-bit signature from the .pfx key");
        assert_eq!(from_pem.sign_hex(plain.as_bytes()), expected, "{bits}-bit signature from the PEM key");
        let cert = PlatformKey::from_cert_or_pem(&golden_bytes(&format!("merchant_{bits}.cer"))).unwrap();
        assert!(cert.verify_hex(plain.as_bytes(), &expected), "the merchant certificate verifies it");
        assert_eq!(cert, from_pem.public_key(), "certificate and key are a pair");
    }
}

#[test]
fn signed_form_of_a_pay_request_matches_openssl() {
    let content = golden("request_pay/sign_content.json");
    let key = MerchantKey::from_pem(&golden("merchant_2048.pem")).unwrap();
    let form = wire::sign_request("POLYMERIZE_MAIN_SWEPTN", "800000000001", &content, &key, &sign_key());
    assert_eq!(
        sign::envelope_plain(&fields("POLYMERIZE_MAIN_SWEPTN", "1.0", &content), sign_key().expose()),
        golden("request_pay/plain.txt"),
        "UTF-8 content and nested memo string signed verbatim"
    );
    assert_eq!(form.get("sign").unwrap(), golden("request_pay/sign_2048.txt"));
    assert_eq!(form.get("signContent").unwrap(), content, "the posted content is the signed content");
    assert!(!form.to_body().contains("key="), "the sign key is never posted");
}

#[test]
fn wrong_pfx_password_is_named() {
    let err = MerchantKey::from_pfx(&golden_bytes("merchant_1024.pfx"), "wrong").unwrap_err();
    assert_eq!(err, KeyError::WrongPassword);
    assert_eq!(MerchantKey::from_pfx(b"not der", "x").unwrap_err(), KeyError::NotPkcs12);
    let aes = MerchantKey::from_pfx(&golden_bytes("merchant_2048_aes.pfx"), &golden("pfx_password.txt")).unwrap_err();
    assert_eq!(aes, KeyError::NoKeyInPkcs12, "an OpenSSL 3 default (AES) .pfx is named as such, not as a wrong password");
    assert!(aes.to_string().contains("-legacy"), "and the message says how to re-export it");
    let dbg = format!("{:?}", MerchantKey::from_pem(&golden("merchant_1024.pem")).unwrap());
    assert!(dbg.contains("redacted") && !dbg.contains("MII"), "Debug never shows key material: {dbg}");
}

#[test]
fn successful_answer_verifies_and_decodes_the_double_encoded_result() {
    let body = golden("response_ok/body.json");
    let result = wire::verify_response(200, body.as_bytes(), &platform(), &sign_key()).unwrap();
    assert_eq!(result["respCode"], "100201");
    assert_eq!(platform().bits(), 4096, "platform size read from the certificate");
    let plain = golden("response_ok/plain.txt");
    assert_eq!(plain, sign::response_ok_plain(&serde_json::to_string(&result).unwrap(), sign_key().expose()));
    // One changed character of the result breaks it.
    let tampered = body.replace("\\\"orderAmt\\\":1", "\\\"orderAmt\\\":9");
    assert_ne!(tampered, body);
    let err = wire::verify_response(200, tampered.as_bytes(), &platform(), &sign_key()).unwrap_err();
    assert!(matches!(err, Error::Signature { .. }), "{err}");
    // Another merchant key (the sign key) also breaks it.
    let other = SignKey::new("ffffffffffffffffffffffffffffffff").unwrap();
    assert!(matches!(wire::verify_response(200, body.as_bytes(), &platform(), &other), Err(Error::Signature { .. })));
}

#[test]
fn refusal_is_checked_by_the_error_string_rule() {
    let body = golden("response_error/body.json");
    match wire::verify_response(200, body.as_bytes(), &platform(), &sign_key()) {
        Err(Error::Business { code, message, .. }) => {
            assert_eq!(code, "SIGN_ERROR");
            assert_eq!(message, "验签失败");
        }
        other => panic!("expected a verified refusal, got {other:?}"),
    }
    let unsigned = r#"{"success":false,"errorCode":"X","errorMsg":"y"}"#;
    assert!(matches!(wire::verify_response(200, unsigned.as_bytes(), &platform(), &sign_key()), Err(Error::Signature { .. })));
    let gateway = r#"{"status":502,"message":"bad gateway"}"#;
    assert!(matches!(wire::verify_response(502, gateway.as_bytes(), &platform(), &sign_key()), Err(Error::Http { status: 502, .. })));
}

#[test]
fn notification_form_verifies_and_tamper_is_refused() {
    let form = golden("notify_pay/form.txt");
    let content = golden("notify_pay/sign_content.json");
    assert_eq!(
        sign::envelope_plain(&fields("CALLBACK", "1.0.0", &content), sign_key().expose()),
        golden("notify_pay/plain.txt")
    );
    match Notification::from_body(form.as_bytes(), &platform(), &sign_key()).unwrap() {
        Notification::Payment(p) => {
            assert_eq!(p.trans_no, "P20240101000002");
            assert_eq!(p.order_status, OrderStatus::Success);
            assert_eq!(p.order_amt, 1);
        }
        other => panic!("expected a payment notification, got {other:?}"),
    }
    let sig = golden("notify_pay/sign.txt");
    let flipped = if sig.ends_with('0') { "1" } else { "0" };
    let tampered = form.replace(&sig, &format!("{}{}", &sig[..sig.len() - 1], flipped));
    assert!(matches!(Notification::from_body(tampered.as_bytes(), &platform(), &sign_key()), Err(Error::Signature { .. })));
    let amount_changed = form.replace("%22orderAmt%22%3A1", "%22orderAmt%22%3A100");
    assert_ne!(amount_changed, form, "the form carries the amount percent-encoded");
    assert!(matches!(Notification::from_body(amount_changed.as_bytes(), &platform(), &sign_key()), Err(Error::Signature { .. })));
}
