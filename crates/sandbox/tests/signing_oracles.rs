#![recursion_limit = "256"]
//! The simulators sign and verify with their own code (src/dougong/{signing,canonical}.rs,
//! src/huishouqian/rsa2.rs, src/mpgateway/md5sign.rs); here openssl, coreutils and Python stand in for a
//! client: requests they sign are accepted, the answers and notifications verify under them, and a
//! request they sign wrongly is refused. dg-sdk's golden vectors (crates/dougong/tests/golden) go through
//! the dougong simulator's code too.

mod common;

use common::oracles;
use sandbox::dougong::{canonical, signing};
use serde_json::value::RawValue;
use serde_json::{json, Value};

async fn post_form(env: &common::Env, path: &str, body: String) -> Value {
    let r = env
        .http
        .post(env.url(path))
        .header("content-type", "application/x-www-form-urlencoded; charset=UTF-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{path}: HTTP {}", r.status());
    r.json().await.unwrap()
}

#[tokio::test]
async fn huishouqian_simulator_agrees_with_openssl() {
    let env = common::start().await;
    let c = env.get("/sandbox/huishouqian/credentials").await;
    let (mn, sk) = (c["merchant_no"].as_str().unwrap(), c["sign_key"].as_str().unwrap());
    let (merchant_pem, platform_pem) =
        (c["merchant_private_key_pem"].as_str().unwrap(), c["platform_public_key_pem"].as_str().unwrap());
    let content = json!({"transNo": "NOPE0001", "queryType": 1}).to_string();
    let text = format!(
        "method=POLYMERIZE_QUERY&version=1.0&format=JSON&merchantNo={mn}&signType=RSA2&signContent={content}&key={sk}"
    );
    let send = |sign: String| {
        oracles::form(&[
            ("method", "POLYMERIZE_QUERY"),
            ("version", "1.0"),
            ("format", "JSON"),
            ("merchantNo", mn),
            ("signType", "RSA2"),
            ("signContent", &content),
            ("sign", &sign),
        ])
    };

    let v = post_form(&env, "/api/acquiring", send(oracles::rsa_sign(merchant_pem, &text))).await;
    assert_eq!(v["success"], true, "a request openssl signed is accepted: {v}");
    let result = v["result"].as_str().unwrap();
    let signed = format!("result={result}&success=true&key={sk}");
    assert!(oracles::rsa_verify(platform_pem, &signed, v["sign"].as_str().unwrap()), "openssl verifies the answer");
    assert!(
        !oracles::rsa_verify(platform_pem, &format!("{signed} "), v["sign"].as_str().unwrap()),
        "and only that text"
    );

    // Signed over something else (the sorted order a client might wrongly use): refused, the refusal signed.
    let sorted = format!(
        "format=JSON&merchantNo={mn}&method=POLYMERIZE_QUERY&signContent={content}&signType=RSA2&version=1.0&key={sk}"
    );
    let v = post_form(&env, "/api/acquiring", send(oracles::rsa_sign(merchant_pem, &sorted))).await;
    assert_eq!(v["success"], false, "{v}");
    let (code, msg) = (v["errorCode"].as_str().unwrap(), v["errorMsg"].as_str().unwrap());
    let signed = format!("errorCode={code}&errorMsg={msg}&success=false&key={sk}");
    assert!(
        oracles::rsa_verify(platform_pem, &signed, v["sign"].as_str().unwrap()),
        "openssl verifies the refusal: {v}"
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn md5_gateway_simulator_agrees_with_coreutils() {
    let env = common::start().await;
    let c = env.get("/sandbox/mpgateway/credentials").await;
    let (merid, key) = (c["merid"].as_str().unwrap(), c["key"].as_str().unwrap());
    let json = json!({"merid": merid, "orderid": "NOPE00000001"}).to_string();
    let req = oracles::b64(&json);
    let v = post_form(&env, "/api/query", oracles::form(&[("req", &req), ("sign", &oracles::md5(&req, key))])).await;
    let resp = v["resp"].as_str().unwrap();
    assert_eq!(v["sign"].as_str().unwrap(), oracles::md5(resp, key), "md5sum agrees with the answer's sign");
    let answer: Value = serde_json::from_str(&oracles::unb64(resp)).unwrap();
    assert_eq!(answer["orderid"], "NOPE00000001", "{answer}");
    assert_ne!(answer["respcode"], "00", "no such order: {answer}");

    // The same request with an uppercase sign (every client sends lowercase) is refused as a bad signature.
    let upper = oracles::md5(&req, key).to_ascii_uppercase();
    let v = post_form(&env, "/api/query", oracles::form(&[("req", &req), ("sign", &upper)])).await;
    let bad: Value = serde_json::from_str(&oracles::unb64(v["resp"].as_str().unwrap())).unwrap();
    assert!(bad["respmsg"].as_str().unwrap().contains("签名"), "{bad}");
    env.sb.shutdown().await;
}

/// The raw `data` text and `sign` of a dougong answer, as a raw-byte verifier (Go SDK) reads them.
fn dougong_answer(body: &[u8]) -> (String, String) {
    #[derive(serde::Deserialize)]
    struct Answer<'a> {
        #[serde(borrow)]
        data: &'a RawValue,
        sign: String,
    }
    let a: Answer<'_> =
        serde_json::from_slice(body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)));
    (a.data.get().to_string(), a.sign)
}

#[tokio::test]
async fn dougong_simulator_agrees_with_python_and_openssl() {
    let env = common::start().await;
    let c = env.sb.credentials().clone();
    let (caller_pem, platform_pem) =
        (oracles::pem("PRIVATE KEY", &c.private_key), oracles::pem("PUBLIC KEY", &c.huifu_public_key));
    // Nested values out of order, an empty string, a null, non-ASCII and `/&<>`: every rule shows.
    let data = |n: &str| {
        format!(
            r#"{{"req_seq_id":"orc{n}{}","req_date":"{}","huifu_id":"6666000200009999","remark":"","memo":null,"goods_desc":"商品/描述&<测试>","risk_check_data":{{"z":"2","a":"中"}},"fee_flag":2}}"#,
            common::seq(""),
            common::today()
        )
    };
    // dg-sdk and Java sign the top level sorted (the first drops "", the second keeps it); a caller that
    // also sorts nested objects signs another text, which the gateway must refuse.
    for (rule, accepted) in [("dg-sdk", true), ("java", true), ("sort-all", false)] {
        let (wire, signed) = oracles::dougong_request(&data(rule), rule);
        let sign = oracles::rsa_sign_base64(&caller_pem, &signed);
        let body = format!(
            r#"{{"sys_id": "{}", "product_id": "{}", "sign": "{sign}", "data": {wire}}}"#,
            c.sys_id, c.product_id
        );
        let r = env
            .http
            .post(env.url("/v2/merchant/basicdata/query"))
            .header("content-type", "application/json")
            .body(body);
        let bytes = r.send().await.unwrap().bytes().await.unwrap();
        let (raw, answer_sign) = dougong_answer(&bytes);
        assert!(oracles::rsa_verify_base64(&platform_pem, &raw, &answer_sign), "{rule}: openssl verifies the answer");
        assert!(!oracles::rsa_verify_base64(&platform_pem, &format!("{raw} "), &answer_sign), "and only that text");
        assert_eq!(oracles::dgsdk_response_text(&raw), raw, "{rule}: dg-sdk's re-sorted text is the signed one");
        let v: Value = serde_json::from_str(&raw).unwrap();
        if accepted {
            assert_eq!(v["resp_code"], "20000005", "{rule}: signature accepted (then: unknown merchant): {v}");
        } else {
            assert_eq!(v["resp_code"], "10000000", "{rule}: {v}");
            assert!(v["resp_desc"].as_str().unwrap().contains("验签失败"), "{rule}: refused as a bad signature: {v}");
        }
    }
    env.sb.shutdown().await;
}

#[test]
fn dougong_simulator_reproduces_dg_sdk_golden_vectors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dougong/tests/golden");
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let private = read("demo_private_key.txt");
    let key = signing::SigningKey::from_text(&private).expect("the demo key reads as bare base64 PKCS#8");
    let public_b64 = oracles::public_of(private.trim());
    let public = signing::VerifyingKey::from_text(&public_b64).unwrap();
    // The Python path drops "" and null on the caller's side; the Java/Go path sends "" and signs it.
    for (case, rule) in [("python_path", "dg-sdk"), ("nested_order", "dg-sdk"), ("java_go_keeps_empty", "java")] {
        let golden = read(&format!("{case}/canonical.txt"));
        let sig = read(&format!("{case}/signature.txt")).trim().to_string();
        let (wire, signed) = oracles::dougong_request(&read(&format!("{case}/data.json")), rule);
        assert_eq!(signed, golden, "{case}: Python's json agrees with dg-sdk");
        assert_eq!(
            canonical::request_text(&wire).unwrap(),
            golden,
            "{case}: the gateway rebuilds the signed text from the wire"
        );
        assert_eq!(key.sign(&golden), sig, "{case}: the simulator's SHA256withRSA is dg-sdk's");
        assert!(public.verify(&golden, &sig), "{case}");
        assert!(!public.verify(&golden.replacen('{', "{ ", 1), &sig), "{case}: another text does not verify");
        assert!(
            oracles::rsa_verify_base64(&oracles::pem("PUBLIC KEY", &public_b64), &golden, &sig),
            "{case}: openssl agrees"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dougong_notification_verifies_under_openssl() {
    let env = common::start().await;
    let platform_pem = oracles::pem("PUBLIC KEY", &env.sb.credentials().huifu_public_key);
    let (notify, inbox) = common::receiver().await;
    let body = common::ent_body(&env, "上海验签通知测试有限公司", "3", &notify).await;
    let applied = env.call("/v2/merchant/basicdata/ent", body).await;
    let apply_no = applied["apply_no"].as_str().unwrap_or_else(|| panic!("goes to audit: {applied}"));
    env.post(&format!("/sandbox/audits/{apply_no}/approve"), json!({})).await;
    assert!(common::until(5, || !inbox.lock().unwrap().is_empty()).await, "the audit result is sent");
    let fields = inbox.lock().unwrap()[0].1.clone();
    let (data, sign) = (common::field(&fields, "data"), common::field(&fields, "sign"));
    assert!(oracles::rsa_verify_base64(&platform_pem, &data, &sign), "openssl verifies the notification: {data}");
    assert!(!oracles::rsa_verify_base64(&platform_pem, &data.replacen(',', ", ", 1), &sign), "and only its raw text");
    assert_eq!(oracles::python_sorted_compact(&data), data, "every object sorted, compact, raw UTF-8 (spec §2.4)");
    assert_eq!(common::field(&fields, "resp_code"), "10000");
    let d: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(d["apply_no"], apply_no, "{d}");
    env.sb.shutdown().await;
}

#[tokio::test]
async fn dougong_keys_of_an_existing_data_dir_still_load() {
    // A data dir as earlier sandboxes left it: bare base64 PKCS#8 in both files (here made by openssl).
    let (platform, caller) = (oracles::new_private_key(), oracles::new_private_key());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("platform_private_key.txt"), &platform).unwrap();
    let creds = json!({"sys_id": "6666000112345678", "product_id": "YYZY", "private_key": caller,
        "huifu_public_key": "", "base_url": ""});
    std::fs::write(dir.path().join("credentials.json"), creds.to_string()).unwrap();
    let env = common::start_in(dir).await;
    assert_eq!(env.sb.credentials().huifu_public_key, oracles::public_of(&platform), "the stored platform key is used");
    let data = json!({"req_seq_id": common::seq("old"), "req_date": common::today(), "huifu_id": "6666000200009999"});
    let a = env.call("/v2/merchant/basicdata/query", data).await;
    assert_eq!(a["resp_code"], "20000005", "the stored caller key signs accepted requests: {a}");
    env.sb.shutdown().await;
}
