//! Golden vectors computed inside the test by tools that share nothing with this crate: coreutils
//! `base64 -w0` and `md5sum` (seed 002 §2.2: `req = base64(JSON)`, `sign = md5(req + key)` lowercase) and
//! Python's urllib for the form encoding.

use std::io::Write;
use std::process::{Command, Stdio};

use mpgateway::sign::{self, MerchantKey, SignCase};
use mpgateway::{wire, Error};

const KEY: &str = "8f2c1e0d9b7a6c5d4e3f2a1b0c9d8e7f";

fn key() -> MerchantKey {
    MerchantKey::new(KEY).unwrap()
}

fn run(program: &str, args: &[&str], input: &[u8]) -> String {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} is needed for the golden vectors: {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// (base64, sign) of `json` by coreutils.
fn coreutils(json: &str) -> (String, String) {
    let b64 = run("base64", &["-w0"], json.as_bytes());
    let md5 = run("md5sum", &[], format!("{b64}{KEY}").as_bytes());
    (b64, md5.split_whitespace().next().unwrap().to_string())
}

/// `name=<b64>&sign=<md5>` by Python's urllib.
fn python_form(name: &str, b64: &str, sig: &str) -> String {
    let code = "import sys, urllib.parse; a = sys.stdin.read().split('\\n'); sys.stdout.write(urllib.parse.urlencode([(a[0], a[1]), ('sign', a[2])]))";
    run("python3", &["-c", code], format!("{name}\n{b64}\n{sig}").as_bytes())
}

/// Requests of every shape the seed describes, with Chinese text and base64 that holds '+' and '/'.
const REQUESTS: &[&str] = &[
    // 3.1 pay, forward scan (txnamt int, seed 3.1.2).
    r#"{"action":"WxSao","txnamt":1,"merid":"100000000001","orderid":"T2024010100000001","backurl":"http://127.0.0.1:9/notify?a=1&b=>>>","ip":"127.0.0.1"}"#,
    // 3.1 pay, reverse scan with the payer's code.
    r#"{"action":"AliCode","txnamt":250,"merid":"100000000001","orderid":"T2024010100000002","code":"287654321098765432","backurl":"http://127.0.0.1:9/n"}"#,
    // 3.5 query by queryid (wins over orderid).
    r#"{"merid":"100000000001","queryid":"Q0001","orderid":"T2024010100000001"}"#,
    // 3.3 gopay.html with the PayId.
    r#"{"merid":"100000000001","orderid":"T2024010100000003","code":"PAYID~~~???"}"#,
];

#[test]
fn requests_match_coreutils() {
    for json in REQUESTS {
        let (b64, sig) = coreutils(json);
        assert_eq!(sign::encode_req(json), b64, "base64 of {json}");
        assert_eq!(sign::sign(&b64, &key()), sig, "md5(base64 + key) of {json}");
        assert_eq!(sign::form_body("req", &b64, &sig), python_form("req", &b64, &sig), "form body of {json}");
    }
    let all: String = REQUESTS.iter().map(|j| coreutils(j).0).collect();
    assert!(all.contains('+') && all.contains('/'), "the vectors exercise '+' and '/'");
}

#[test]
fn answers_and_notifications_signed_by_coreutils_verify() {
    let answer = r#"{"respcode":"00","respmsg":"成功","txnamt":1,"merid":"100000000001","orderid":"T2024010100000001","queryid":"Q0001","formaction":"weixin://wxpay/bizpayurl?pr=abc"}"#;
    let (b64, sig) = coreutils(answer);
    let body = serde_json::json!({"resp": b64, "sign": sig}).to_string();
    let v = wire::verify_answer(200, body.as_bytes(), &key(), SignCase::LowercaseOnly).unwrap();
    assert_eq!((v["respmsg"].as_str(), v["txnamt"].as_i64()), (Some("成功"), Some(1)));

    // A notification with empty resultcode / resultmsg / paytime (seed 3.4.3: 可空).
    let notice = r#"{"resultcode":"","resultmsg":"","queryid":"Q0001","txnamt":1,"merid":"100000000001","orderid":"T2024010100000001","paytime":""}"#;
    let (nb64, nsig) = coreutils(notice);
    let form = python_form("resp", &nb64, &nsig);
    let v = wire::verify_notification_body(form.as_bytes(), &key(), SignCase::LowercaseOnly).unwrap();
    assert_eq!(v["queryid"], "Q0001");

    // Tampered base64 or sign.
    let bad = body.replace(&b64[..8], "eyJyZXNX");
    assert!(matches!(
        wire::verify_answer(200, bad.as_bytes(), &key(), SignCase::LowercaseOnly),
        Err(Error::Signature { .. })
    ));
    let bad_form = form.replace(&nsig, &nsig.chars().rev().collect::<String>());
    assert!(matches!(
        wire::verify_notification_body(bad_form.as_bytes(), &key(), SignCase::LowercaseOnly),
        Err(Error::Signature { .. })
    ));
    // A '+' that arrives unencoded decodes to a space: the signature fails, it is never "repaired".
    let (pb64, psig) = coreutils(REQUESTS[0]);
    assert!(pb64.contains('+'));
    let raw = format!("resp={pb64}&sign={psig}");
    assert!(matches!(
        wire::verify_notification_body(raw.as_bytes(), &key(), SignCase::LowercaseOnly),
        Err(Error::Signature { .. })
    ));
}

#[test]
fn an_empty_sign_is_a_pre_check_refusal_only_when_it_refuses() {
    // Seed §2.2: a pre-check error (e.g. unknown merid) answers with an empty sign.
    let (b64, _) = coreutils(r#"{"respcode":"05","respmsg":"商户不存在","merid":"999"}"#);
    let body = serde_json::json!({"resp": b64, "sign": ""}).to_string();
    match wire::verify_answer(200, body.as_bytes(), &key(), SignCase::LowercaseOnly) {
        Err(Error::PreCheck { code, message }) => assert_eq!((code.as_str(), message.as_str()), ("05", "商户不存在")),
        other => panic!("expected the pre-check refusal, got {other:?}"),
    }
    // Unsigned and claiming success, or unsigned and unreadable: a signature failure.
    let (ok, _) = coreutils(r#"{"respcode":"00","respmsg":"成功","orderid":"T1"}"#);
    for resp in [ok.as_str(), "not base64!"] {
        let body = serde_json::json!({"resp": resp, "sign": ""}).to_string();
        assert!(
            matches!(
                wire::verify_answer(200, body.as_bytes(), &key(), SignCase::LowercaseOnly),
                Err(Error::Signature { .. })
            ),
            "{resp}"
        );
    }
}
