#![recursion_limit = "256"]
//! The simulators sign and verify with their own code (src/huishouqian/rsa2.rs, src/mpgateway/md5sign.rs);
//! here openssl, coreutils and Python stand in for a client: requests they sign are accepted, the answers
//! verify under them, and a request they sign wrongly is refused.

mod common;

use common::oracles;
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
