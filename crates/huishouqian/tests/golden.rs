//! Golden vectors computed inside the test by tools that share nothing with this crate: `openssl dgst
//! -sha256 -sign` makes every signature, Python's urllib makes the form encoding, and the signed texts are
//! written out here from the spec's rule, not by the crate. Keys and certificates are fixtures made by
//! openssl (tests/golden/make.sh). The seed 003 example request and answer are fixtures too
//! (tests/fixtures/seed003_*.json, verbatim from the seed).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use huishouqian::codes::{self, CodeClass};
use huishouqian::keys::{KeyError, MerchantKey, PlatformKey, SignKey};
use huishouqian::methods::{PayOutput, PayType, QrCode};
use huishouqian::sign::{self, EnvelopeFields};
use huishouqian::{wire, Error, Notification, OrderStatus};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
}
fn golden(path: &str) -> String {
    std::fs::read_to_string(dir().join("golden").join(path)).unwrap()
}
fn golden_bytes(path: &str) -> Vec<u8> {
    std::fs::read(dir().join("golden").join(path)).unwrap()
}
fn fixture(path: &str) -> String {
    std::fs::read_to_string(dir().join("fixtures").join(path)).unwrap()
}
fn sign_key() -> SignKey {
    SignKey::new(&golden("merchant_key.txt")).unwrap()
}
fn platform() -> PlatformKey {
    PlatformKey::from_cert_or_pem(&golden_bytes("platform_4096.cer")).unwrap()
}

/// Runs `program args` with `input` on stdin and returns stdout; the tool must be installed (setup.sh).
fn run(program: &str, args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} is needed for the golden vectors (scripts/setup.sh installs it): {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// SHA256withRSA of `text` by openssl with the PEM key `key` (a file under tests/golden), lowercase hex.
fn openssl_sign(key: &str, text: &str) -> String {
    let path = dir().join("golden").join(key);
    let sig = run("openssl", &["dgst", "-sha256", "-sign", path.to_str().unwrap()], text.as_bytes());
    sig.iter().map(|b| format!("{b:02x}")).collect()
}

/// `application/x-www-form-urlencoded` by Python's urllib.
fn python_form(fields: &[(&str, &str)]) -> String {
    let json = serde_json::to_string(fields).unwrap();
    let code = "import sys, json, urllib.parse; sys.stdout.write(urllib.parse.urlencode([tuple(p) for p in json.load(sys.stdin)]))";
    String::from_utf8(run("python3", &["-c", code], json.as_bytes())).unwrap()
}

const MERCHANT_NO: &str = "800000000001";

/// The spec's request rule written out by hand: fixed order, raw values, the sign key last.
fn request_text(method: &str, version: &str, format: &str, merchant_no: &str, content: &str) -> String {
    format!(
        "method={method}&version={version}&format={format}&merchantNo={merchant_no}&signType=RSA2&signContent={content}&key={}",
        golden("merchant_key.txt")
    )
}

fn fields<'a>(
    method: &'a str,
    version: &'a str,
    format: &'a str,
    merchant_no: &'a str,
    content: &'a str,
) -> EnvelopeFields<'a> {
    EnvelopeFields { method, version, format, merchant_no, sign_type: "RSA2", sign_content: content }
}

#[test]
fn request_signatures_match_openssl_for_each_key_size() {
    let content = r#"{"transNo":"T20240101000001","queryType":1}"#;
    let text = request_text("POLYMERIZE_QUERY", "1.0", "JSON", MERCHANT_NO, content);
    assert_eq!(
        sign::envelope_plain(&fields("POLYMERIZE_QUERY", "1.0", "JSON", MERCHANT_NO, content), sign_key().expose()),
        text
    );
    let password = golden("pfx_password.txt");
    for bits in [1024usize, 2048, 4096] {
        let expected = openssl_sign(&format!("merchant_{bits}.pem"), &text);
        assert_eq!(expected.len(), bits / 4, "openssl's signature is one modulus long");
        let from_pfx = MerchantKey::from_pfx(&golden_bytes(&format!("merchant_{bits}.pfx")), &password).unwrap();
        let from_pem = MerchantKey::from_pem(&golden(&format!("merchant_{bits}.pem"))).unwrap();
        assert_eq!((from_pfx.bits(), from_pem.bits()), (bits, bits), "size read from the keys");
        assert_eq!(from_pfx.sign_hex(text.as_bytes()), expected, "{bits}-bit signature from the .pfx key");
        let form = wire::sign_request("POLYMERIZE_QUERY", MERCHANT_NO, content, &from_pem, &sign_key());
        assert_eq!(form.get("sign").unwrap(), expected, "{bits}-bit signature of the signed form");
        let cert = PlatformKey::from_cert_or_pem(&golden_bytes(&format!("merchant_{bits}.cer"))).unwrap();
        assert!(cert.verify_hex(text.as_bytes(), &expected), "the certificate verifies openssl's signature");
        assert_eq!(cert, from_pem.public_key(), "certificate and key are a pair");
    }
}

#[test]
fn the_seed_example_request_is_signed_like_openssl_signs_it() {
    // Seed 003's 公共请求示例: format=json, merchantNo=8000000026, a 256-hex sign (a 1024-bit key).
    let envelope = fixture("seed003_request_envelope.txt");
    let seed_sign = envelope.split("sign=").nth(1).unwrap().split(',').next().unwrap();
    let content = fixture("seed003_request.json");
    let text = request_text("POLYMERIZE_MAIN_SWEPTN", "1.0", "json", "8000000026", &content);
    assert_eq!(
        sign::envelope_plain(
            &fields("POLYMERIZE_MAIN_SWEPTN", "1.0", "json", "8000000026", &content),
            sign_key().expose()
        ),
        text
    );
    let expected = openssl_sign("merchant_1024.pem", &text);
    assert_eq!(expected.len(), seed_sign.len(), "the seed's sign is as long as a 1024-bit key's");
    let key = MerchantKey::from_pem(&golden("merchant_1024.pem")).unwrap();
    assert_eq!(key.sign_hex(text.as_bytes()), expected);
    // The example's amounts are strings of fen and its memo a JSON string holding front_callback_url as
    // another JSON string: what this client sends (methods::pay / methods::memo tests).
    let v: serde_json::Value = serde_json::from_str(&content).unwrap();
    assert_eq!((v["orderAmt"].as_str(), v["payType"].as_str()), (Some("1"), Some("WQF_APPLET")));
    let memo: serde_json::Value = serde_json::from_str(v["memo"].as_str().unwrap()).unwrap();
    assert!(memo["front_callback_url"].is_string(), "front_callback_url is a JSON text in the example");
}

#[test]
fn the_seed_example_answer_verifies_and_reads_as_a_mini_program() {
    let result = fixture("seed003_response.json");
    let sig =
        openssl_sign("platform_4096.pem", &format!("result={result}&success=true&key={}", golden("merchant_key.txt")));
    let body = serde_json::json!({"success": true, "errorCode": null, "errorMsg": null, "result": result, "sign": sig})
        .to_string();
    let v = wire::verify_response(200, body.as_bytes(), &platform(), &sign_key()).unwrap();
    let out: PayOutput = huishouqian::client::decode(v).unwrap();
    assert_eq!(
        (out.order_amt, out.order_status.clone()),
        (1, OrderStatus::Processing),
        "\"orderAmt\":\"1\" is one fen"
    );
    let code = out.resp_code.as_deref().unwrap();
    assert_eq!(codes::classify(code), CodeClass::Processing, "100201 交易处理中,请稍后查询");
    let mp = match out.qr(&PayType::WqfApplet).unwrap() {
        Some(QrCode::MiniProgram(mp)) => mp,
        other => panic!("WQF_APPLET's qrCode is the mini-program JSON, not a URL: {other:?}"),
    };
    assert_eq!(
        (mp.mp_appid.as_str(), mp.mp_username.as_str(), mp.mp_version.as_str()),
        ("wx1121decaed78f83f", "gh_918a17273472", "trial")
    );
    assert!(mp.mp_path.starts_with("pages/checkout/counter?q="));
    // One changed character of the result breaks the signature.
    let tampered = body.replace("\\\"orderAmt\\\":\\\"1\\\"", "\\\"orderAmt\\\":\\\"9\\\"");
    assert_ne!(tampered, body);
    assert!(matches!(
        wire::verify_response(200, tampered.as_bytes(), &platform(), &sign_key()),
        Err(Error::Signature { .. })
    ));
    let other = SignKey::new("ffffffffffffffffffffffffffffffff").unwrap();
    assert!(matches!(wire::verify_response(200, body.as_bytes(), &platform(), &other), Err(Error::Signature { .. })));
}

#[test]
fn a_refusal_is_checked_by_the_error_string_rule() {
    let key = golden("merchant_key.txt");
    let sig =
        openssl_sign("platform_4096.pem", &format!("errorCode=SIGN_ERROR&errorMsg=验签失败&success=false&key={key}"));
    let body = serde_json::json!({"success": false, "errorCode": "SIGN_ERROR", "errorMsg": "验签失败", "sign": sig})
        .to_string();
    match wire::verify_response(200, body.as_bytes(), &platform(), &sign_key()) {
        Err(Error::Business { code, message, .. }) => {
            assert_eq!((code.as_str(), message.as_str()), ("SIGN_ERROR", "验签失败"))
        }
        other => panic!("expected a verified refusal, got {other:?}"),
    }
    // An empty errorMsg stays in the signed text as `errorMsg=` (spec §1.4.2, ASSUMED).
    let sig = openssl_sign("platform_4096.pem", &format!("errorCode=E1&errorMsg=&success=false&key={key}"));
    let body = serde_json::json!({"success": false, "errorCode": "E1", "errorMsg": "", "sign": sig}).to_string();
    assert!(matches!(
        wire::verify_response(200, body.as_bytes(), &platform(), &sign_key()),
        Err(Error::Business { .. })
    ));
    let unsigned = r#"{"success":false,"errorCode":"X","errorMsg":"y"}"#;
    assert!(matches!(
        wire::verify_response(200, unsigned.as_bytes(), &platform(), &sign_key()),
        Err(Error::Signature { .. })
    ));
    let gateway = r#"{"status":502,"message":"bad gateway"}"#;
    assert!(matches!(
        wire::verify_response(502, gateway.as_bytes(), &platform(), &sign_key()),
        Err(Error::Http { status: 502, .. })
    ));
}

#[test]
fn a_notification_signed_by_openssl_and_encoded_by_python_verifies() {
    let content = r#"{"transNo":"P20240101000002","tradeNo":"H0002","orderAmt":"1","orderStatus":"SUCCESS","finishedDate":"20240101120100","payType":"WQF_APPLET","goodsInfo":"测试+商品&1"}"#;
    let sig = openssl_sign("platform_4096.pem", &request_text("CALLBACK", "1.0.0", "JSON", MERCHANT_NO, content));
    let form = python_form(&[
        ("method", "CALLBACK"),
        ("version", "1.0.0"),
        ("format", "JSON"),
        ("merchantNo", MERCHANT_NO),
        ("signType", "RSA2"),
        ("signContent", content),
        ("sign", &sig),
    ]);
    match Notification::from_body(form.as_bytes(), &platform(), &sign_key()).unwrap() {
        Notification::Payment(p) => {
            assert_eq!(
                (p.trans_no.as_str(), p.order_amt, p.order_status),
                ("P20240101000002", 1, OrderStatus::Success)
            );
            assert_eq!(p.goods_info.as_deref(), Some("测试+商品&1"), "'+' and '&' survive the form encoding");
        }
        other => panic!("expected a payment notification, got {other:?}"),
    }
    let flipped = format!("{}{}", &sig[..sig.len() - 1], if sig.ends_with('0') { "1" } else { "0" });
    let tampered = form.replace(&sig, &flipped);
    assert!(matches!(
        Notification::from_body(tampered.as_bytes(), &platform(), &sign_key()),
        Err(Error::Signature { .. })
    ));
    let amount_changed = form.replace("%22orderAmt%22%3A%221%22", "%22orderAmt%22%3A%22100%22");
    assert_ne!(amount_changed, form, "the form carries the amount percent-encoded");
    assert!(matches!(
        Notification::from_body(amount_changed.as_bytes(), &platform(), &sign_key()),
        Err(Error::Signature { .. })
    ));
}

#[test]
fn every_code_of_the_seed_table_is_known_with_the_seed_text() {
    let mut rows = 0;
    for line in fixture("seed003_codes.txt").lines() {
        let Some((code, text)) = line.split_once(' ') else { continue };
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        rows += 1;
        let row = codes::lookup(code).unwrap_or_else(|| panic!("seed code {code} is missing"));
        assert_eq!(row.description, text.trim(), "{code}: the seed's text");
        assert_eq!(row.source, codes::Source::Seed);
    }
    assert_eq!(rows, codes::SEED_CODES.len(), "the table holds the seed's rows and no invented ones");
}

#[test]
fn pfx_problems_are_named() {
    let err = MerchantKey::from_pfx(&golden_bytes("merchant_1024.pfx"), "wrong").unwrap_err();
    assert_eq!(err, KeyError::WrongPassword);
    assert_eq!(MerchantKey::from_pfx(b"not der", "x").unwrap_err(), KeyError::NotPkcs12);
    let aes = MerchantKey::from_pfx(&golden_bytes("merchant_2048_aes.pfx"), &golden("pfx_password.txt")).unwrap_err();
    assert_eq!(
        aes,
        KeyError::NoKeyInPkcs12,
        "an OpenSSL 3 default (AES) .pfx is named as such, not as a wrong password"
    );
    assert!(aes.to_string().contains("-legacy"), "and the message says how to re-export it");
    let dbg = format!("{:?}", MerchantKey::from_pem(&golden("merchant_1024.pem")).unwrap());
    assert!(dbg.contains("redacted") && !dbg.contains("MII"), "Debug never shows key material: {dbg}");
}
