//! The crate reproduces the vectors that tests/golden/make.sh computed with base64 and md5sum.

use mpgateway::sign::{self, MerchantKey, SignCase};
use mpgateway::{wire, Error};

fn golden(path: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/golden/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
fn key() -> MerchantKey {
    MerchantKey::new(&golden("merchant_key.txt")).unwrap()
}

#[test]
fn every_case_matches_coreutils() {
    for case in ["pay_wxsao", "query", "resp_pay", "notify_paid"] {
        let json = golden(&format!("{case}/json.txt"));
        let b64 = sign::encode_req(&json);
        assert_eq!(b64, golden(&format!("{case}/base64.txt")), "{case}: base64");
        let sig = sign::sign(&b64, &key());
        assert_eq!(sig, golden(&format!("{case}/sign.txt")), "{case}: md5(base64 + key)");
        assert_eq!(sign::form_body("req", &b64, &sig), golden(&format!("{case}/form.txt")), "{case}: form body");
    }
    assert!(golden("pay_wxsao/base64.txt").contains('+'), "the vector exercises '+'");
    assert!(golden("pay_wxsao/form.txt").contains("%2B"), "and its percent-encoding");
}

#[test]
fn answer_and_notification_checked_the_same_way() {
    let b64 = golden("resp_pay/base64.txt");
    let body = serde_json::json!({"resp": b64, "sign": golden("resp_pay/sign.txt")}).to_string();
    let v = wire::verify_answer(200, body.as_bytes(), &key(), SignCase::LowercaseOnly).unwrap();
    assert_eq!(v["respmsg"], "成功");
    assert_eq!(v["formaction"], "weixin://wxpay/bizpayurl?pr=abc");

    let form = golden("notify_paid/form.txt").replacen("req=", "resp=", 1);
    let v = wire::verify_notification_body(form.as_bytes(), &key(), SignCase::LowercaseOnly).unwrap();
    assert_eq!(v["resultcode"], "0000");

    // Tampered: one character of the base64 or the sign.
    let bad = body.replace(&b64[..8], "eyJyZXNX");
    assert!(matches!(wire::verify_answer(200, bad.as_bytes(), &key(), SignCase::LowercaseOnly), Err(Error::Signature { .. })));
    let sig = golden("notify_paid/sign.txt");
    let bad_form = form.replace(&sig, &sig.chars().rev().collect::<String>());
    assert!(matches!(
        wire::verify_notification_body(bad_form.as_bytes(), &key(), SignCase::LowercaseOnly),
        Err(Error::Signature { .. })
    ));
    // A '+' that arrives unencoded decodes to a space: the signature must fail, never be "repaired".
    let b64_plus = golden("pay_wxsao/base64.txt");
    let raw = format!("resp={}&sign={}", b64_plus, golden("pay_wxsao/sign.txt"));
    assert!(matches!(
        wire::verify_notification_body(raw.as_bytes(), &key(), SignCase::LowercaseOnly),
        Err(Error::Signature { .. })
    ));
}
