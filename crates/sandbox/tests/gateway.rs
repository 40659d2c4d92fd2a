#![recursion_limit = "256"]
//! The gateway over real loopback HTTP with the real dougong client: credentials.json, signatures both
//! ways, field checks, duplicates, onboarding with audit and notification, restart, faults, request log.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_writes_what_the_console_would_hand_out() {
    let env = start().await;
    let text = std::fs::read_to_string(env.dir.path().join("credentials.json")).expect("credentials.json");
    let v: Value = serde_json::from_str(&text).unwrap();
    for k in ["sys_id", "product_id", "private_key", "huifu_public_key", "base_url"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "credentials.json has {k}");
    }
    assert_eq!(v["base_url"], env.sb.base_url());
    let key = dougong::keys::PrivateKey::from_text(v["private_key"].as_str().unwrap()).expect("bare base64 PKCS#8");
    assert_eq!(key.bits(), 2048);
    assert!(!v["private_key"].as_str().unwrap().contains("BEGIN"), "bare base64, no PEM armour");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_signatures_and_bad_fields_get_huifu_codes() {
    let env = start().await;
    let creds = env.sb.credentials().clone();
    // A body signed with some other key.
    let other = dougong::keys::PrivateKey::generate(2048).unwrap();
    let data = json!({"req_seq_id": seq("q"), "req_date": today(), "huifu_id": "6666000200000001"});
    let sign = other.sign(dougong::canonical::request_string(data.as_object().unwrap()).as_bytes());
    let body = json!({"sys_id": creds.sys_id, "product_id": creds.product_id, "sign": sign, "data": data});
    let r = env.http.post(env.url("/v2/merchant/basicdata/query")).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 200, "business errors are HTTP 200");
    let bytes = r.bytes().await.unwrap();
    let answer =
        dougong::verify::verify_response_body(&bytes, env.client.huifu_public_key()).expect("even refusals are signed");
    assert_eq!(answer["resp_code"], "10000000");
    assert!(answer["resp_desc"].as_str().unwrap().contains("验签失败"), "{answer}");

    // Unknown sys_id.
    let body = json!({"sys_id": "6666000199999999", "product_id": creds.product_id, "sign": "x", "data": {}});
    let r = env.http.post(env.url("/v2/merchant/basicdata/query")).json(&body).send().await.unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["data"]["resp_code"], "00000103");

    // Field checks come back with Huifu's wording.
    let a = env.call("/v2/merchant/basicdata/query", json!({"req_date": today(), "huifu_id": "1"})).await;
    assert_eq!((a["resp_code"].as_str(), a["resp_desc"].as_str()), (Some("10000000"), Some("req_seq_id不能为空")));
    let a = env
        .call(
            "/v2/merchant/basicdata/query",
            json!({"req_seq_id": "x".repeat(33), "req_date": today(), "huifu_id": "1"}),
        )
        .await;
    assert_eq!(a["resp_desc"], "req_seq_id最大长度为32位");
    let a = env
        .call(
            "/v2/merchant/basicdata/query",
            json!({"req_seq_id": "a", "req_date": today(), "huifu_id": "6666000200009999"}),
        )
        .await;
    assert_eq!(a["resp_code"], "20000005", "unknown merchant: {a}");
    // Not parseable at all: not 200.
    let r = env.http.post(env.url("/v2/merchant/basicdata/query")).body("not json").send().await.unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enterprise_onboarding_goes_to_audit_and_notifies() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let body = ent_body(&env, "上海沙箱测试有限公司", "3", &notify).await;
    let a = env.call("/v2/merchant/basicdata/ent", body.clone()).await;
    assert_eq!(a["resp_code"], "00000100", "enterprise goes to audit: {a}");
    let huifu_id = a["huifu_id"].as_str().unwrap().to_string();
    let apply_no = a["apply_no"].as_str().unwrap().to_string();
    assert_eq!(huifu_id.len(), 16);

    let dup = env.call("/v2/merchant/basicdata/ent", body.clone()).await;
    assert_eq!((dup["resp_code"].as_str(), dup["resp_desc"].as_str()), (Some("20000000"), Some("重复交易")));

    let st = env
        .call(
            "/v2/merchant/basicdata/status/query",
            json!({"req_seq_id": seq("s"), "req_date": today(), "huifu_id": huifu_id, "apply_no": apply_no}),
        )
        .await;
    assert_eq!(st["apply_status"], "P");
    env.post(&format!("/sandbox/audits/{apply_no}/approve"), json!({})).await;
    let st = env
        .call(
            "/v2/merchant/basicdata/status/query",
            json!({"req_seq_id": seq("s"), "req_date": today(), "huifu_id": huifu_id, "apply_no": apply_no}),
        )
        .await;
    assert_eq!(st["apply_status"], "Y");

    assert!(until(5, || !inbox.lock().unwrap().is_empty()).await, "audit notification arrives");
    let (path, fields) = inbox.lock().unwrap()[0].clone();
    assert_eq!(path, "/audit");
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    assert_eq!(get("resp_code"), "10000");
    let data = get("data");
    assert!(
        env.client.huifu_public_key().verify(data.as_bytes(), &get("sign")),
        "notification signature verifies over the raw data text"
    );
    let d: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(d["audit_status"], "Y");
    assert_eq!(d["huifu_id"], huifu_id.as_str());
    assert!(d["token_no"].as_str().is_some_and(|t| !t.is_empty()));
    let notes = env.get("/sandbox/notifications").await;
    assert_eq!(notes["notifications"][0]["kind"], "audit");

    // A missing file reference is refused.
    let mut bad = ent_body(&env, "上海另一家有限公司", "3", &notify).await;
    bad["license_pic"] = json!("00000000-0000-0000-0000-000000000000");
    let a = env.call("/v2/merchant/basicdata/ent", bad).await;
    assert_eq!(a["resp_code"], "10000000");
    assert!(a["resp_desc"].as_str().unwrap().contains("license_pic"), "{a}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_and_credentials_survive_a_restart() {
    let env = start().await;
    let (notify, _inbox) = receiver().await;
    let a = env.call("/v2/merchant/basicdata/ent", ent_body(&env, "个体户王五", "5", &notify).await).await;
    assert_eq!(a["resp_code"], "00000000", "个体工商户 passes at once: {a}");
    let huifu_id = a["huifu_id"].as_str().unwrap().to_string();
    let sys_id = env.sb.credentials().sys_id.clone();
    let Env { dir, sb, .. } = env;
    sb.shutdown().await;
    let env = start_in(dir).await;
    assert_eq!(env.sb.credentials().sys_id, sys_id, "the same account after a restart");
    let q = env
        .call(
            "/v2/merchant/basicdata/query",
            json!({"req_seq_id": seq("q"), "req_date": today(), "huifu_id": huifu_id}),
        )
        .await;
    assert_eq!(q["resp_code"], "00000000");
    assert_eq!(q["reg_name"], "个体户王五");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_hit_the_next_calls_and_the_log_keeps_only_hashes() {
    let env = start().await;
    let q = json!({"req_seq_id": "q1", "req_date": today(), "huifu_id": "6666000200000001"});
    env.post("/sandbox/faults", json!({"kind": "http5xx", "count": 1, "status": 503})).await;
    let e = env.client.call_raw("/v2/merchant/basicdata/query", q.as_object().unwrap().clone()).await.unwrap_err();
    assert!(matches!(e, dougong::Error::Http { status: 503, .. }), "{e}");
    env.post("/sandbox/faults", json!({"kind": "bad_sign", "path": "/v2/merchant/basicdata/query"})).await;
    let e = env.client.call_raw("/v2/merchant/basicdata/query", q.as_object().unwrap().clone()).await.unwrap_err();
    assert!(matches!(e, dougong::Error::Signature { .. }), "{e}");
    env.post("/sandbox/faults", json!({"kind": "drop"})).await;
    let e = env.client.call_raw("/v2/merchant/basicdata/query", q.as_object().unwrap().clone()).await.unwrap_err();
    assert!(e.may_have_reached_server(), "a dropped connection after the request was read: {e}");
    env.post("/sandbox/faults", json!({"kind": "latency", "latency_ms": 300})).await;
    let t = std::time::Instant::now();
    env.call("/v2/merchant/basicdata/query", q.clone()).await;
    assert!(t.elapsed().as_millis() >= 300, "latency applied");
    let ok = env.call("/v2/merchant/basicdata/query", q).await;
    assert_eq!(ok["resp_code"], "20000005", "faults used up, normal answers again");

    let log = env.get("/sandbox/requests?limit=10").await;
    let rows = log["requests"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let faults: Vec<String> = rows.iter().map(|r| r["faults"].to_string()).collect();
    assert_eq!(faults, ["[\"http5xx\"]", "[\"bad_sign\"]", "[\"drop\"]", "[\"latency\"]", "[]"]);
    let text = log.to_string();
    assert!(rows[4]["sign_sha256"].as_str().unwrap().len() == 64, "hash of the signature");
    assert!(!text.contains("\"sign\":"), "never the signature itself");
}

/// Bodies as the Java, Go and PHP SDKs build them (spec §2.3 table): each signs its own canonical
/// string; the §2.6 rule must accept all of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn java_go_and_php_bodies_verify() {
    let env = start().await;
    let creds = env.sb.credentials().clone();
    let key = dougong::keys::PrivateKey::from_text(&creds.private_key).unwrap();
    let seq_id = seq("sdk");
    // Java (fastjson): compact, "" kept and signed, top level sorted for signing, nested as sent.
    let java_body = format!(
        r#"{{"sys_id":"{}","product_id":"{}","sign":"SIGN","data":{{"req_seq_id":"{seq_id}j","req_date":"{}","huifu_id":"6666000200000001","remark":"","wx":{{"b":"2","a":"1"}}}}}}"#,
        creds.sys_id,
        creds.product_id,
        today()
    );
    let java_signed = format!(
        r#"{{"huifu_id":"6666000200000001","remark":"","req_date":"{}","req_seq_id":"{seq_id}j","wx":{{"b":"2","a":"1"}}}}"#,
        today()
    );
    // Go: json.Marshal of a map, every level sorted, "" kept; the body is the signed JSON itself.
    let go_data = format!(
        r#"{{"huifu_id":"6666000200000001","remark":"","req_date":"{}","req_seq_id":"{seq_id}g","wx":{{"a":"1","b":"2"}}}}"#,
        today()
    );
    // PHP: "" and false dropped before signing and sending, ksort, unescaped unicode and slashes.
    let php_data = format!(
        r#"{{"goods_desc":"商品/描述","huifu_id":"6666000200000001","req_date":"{}","req_seq_id":"{seq_id}p"}}"#,
        today()
    );
    let cases = [
        ("java", java_body.replace("SIGN", &key.sign(java_signed.as_bytes()))),
        (
            "go",
            format!(
                r#"{{"data":{go_data},"product_id":"{}","sign":"{}","sys_id":"{}"}}"#,
                creds.product_id,
                key.sign(go_data.as_bytes()),
                creds.sys_id
            ),
        ),
        (
            "php",
            format!(
                r#"{{"sys_id":"{}","product_id":"{}","data":{php_data},"sign":"{}"}}"#,
                creds.sys_id,
                creds.product_id,
                key.sign(php_data.as_bytes())
            ),
        ),
    ];
    for (name, body) in cases {
        let r = env
            .http
            .post(env.url("/v2/merchant/basicdata/query"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let bytes = r.bytes().await.unwrap();
        let v = dougong::verify::verify_response_body(&bytes, env.client.huifu_public_key()).unwrap();
        assert_eq!(v["resp_code"], "20000005", "{name} body passes the signature check (then: unknown merchant): {v}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_limits_and_unsupported_sign_types_are_answered() {
    let env = start().await;
    let creds = env.sb.credentials().clone();
    let send = |file_type: &str, name: &str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("sys_id", creds.sys_id.clone())
            .text("product_id", creds.product_id.clone())
            .text("sign", "")
            .text("data", format!(r#"{{"file_type": "{file_type}", "picture": "{name}"}}"#))
            .part("picture", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
        env.http.post(env.url("/v2/supplementary/picture")).multipart(form).send()
    };
    let mut big_png = b"\x89PNG\r\n\x1a\n".to_vec();
    big_png.resize(3 * 1024 * 1024, 0);
    let v: Value = send("F07", "licence.png", big_png).await.unwrap().json().await.unwrap();
    assert_eq!(v["data"]["resp_desc"], "图片大小不能超过2M", "{v}");
    let v: Value = send("F17", "extra.zip", vec![b'P'; 3 * 1024 * 1024]).await.unwrap().json().await.unwrap();
    assert_eq!(v["data"]["resp_code"], "00000000", "other files up to 10 MB (the Python SDK's part name): {v}");
    let v: Value = send("F122", "x.png", b"\x89PNG\r\n\x1a\nxx".to_vec()).await.unwrap().json().await.unwrap();
    assert_eq!(v["data"]["resp_code"], "90000000", "console-only file types: {v}");

    let data = json!({"req_seq_id": "sm2", "req_date": today(), "huifu_id": "6666000200000001"});
    let body = json!({"sys_id": creds.sys_id, "product_id": creds.product_id, "sign": "3045022100", "data": data});
    let v: Value = env
        .http
        .post(env.url("/v2/merchant/basicdata/query"))
        .header("signType", "SM2")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        v["data"]["resp_desc"].as_str().unwrap().starts_with("not implemented in the sandbox: signType SM2"),
        "{v}"
    );
}
