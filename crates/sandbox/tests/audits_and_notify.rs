#![recursion_limit = "256"]
//! Audits (split above the threshold, rejection by name, auto-approval after the delay) and the
//! notification outbox (retry schedule, failure, replay, loopback-only).

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn split_above_the_threshold_goes_to_audit() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, "wx1234567890abcdef").await;
    let split = |ratio: &str| {
        json!({"req_seq_id": seq("sp"), "req_date": today(), "huifu_id": huifu_id, "rule_origin": "01",
        "div_flag": "Y", "apply_ratio": ratio, "start_type": "0", "async_return_url": format!("{notify}/split")})
    };
    let r = env.call("/v2/merchant/split/config", split("50.00")).await;
    assert_eq!(r["resp_code"], "10000000", "an enterprise above 20 % needs mer_icp: {r}");
    assert!(r["resp_desc"].as_str().unwrap().contains("mer_icp"));
    let m = env
        .call(
            "/v2/merchant/basicdata/modify",
            json!({"req_seq_id": seq("m"), "req_date": today(),
        "upper_huifu_id": env.sb.credentials().sys_id, "huifu_id": huifu_id, "mer_icp": "沪ICP备00000000号"}),
        )
        .await;
    assert_eq!(m["resp_code"], "00000000", "{m}");
    let r = env.call("/v2/merchant/split/config", split("50.00")).await;
    assert_eq!(r["resp_code"], "00000100", "above 20 % goes to audit: {r}");
    let q = env
        .call("/v2/merchant/split/query", json!({"req_seq_id": seq("q"), "req_date": today(), "huifu_id": huifu_id}))
        .await;
    assert_eq!(q["apply_status"], "P");
    env.post(&format!("/sandbox/audits/{}/approve", r["apply_no"].as_str().unwrap()), json!({})).await;
    let q = env
        .call("/v2/merchant/split/query", json!({"req_seq_id": seq("q"), "req_date": today(), "huifu_id": huifu_id}))
        .await;
    assert_eq!((q["apply_status"].as_str(), q["apply_ratio"].as_str()), (Some("Y"), Some("50.00")));
    assert!(until(5, || inbox.lock().unwrap().iter().any(|(p, _)| p == "/split")).await, "split audit notification");
    let resp = env
        .http
        .post(env.url(&format!("/sandbox/audits/{}/approve", r["apply_no"].as_str().unwrap())))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 409, "a final application cannot be decided twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audits_finish_by_themselves_and_names_can_ask_for_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let mut timing = fast_timing();
    timing.audit_auto_approve = Some(Duration::from_secs(600));
    let cfg = sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), timing, ..Default::default() };
    let sb = sandbox::start(cfg).await.unwrap();
    let env = Env {
        client: client_for(sb.credentials()),
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        dir,
        sb,
    };
    let (notify, inbox) = receiver().await;
    let ok = env.call("/v2/merchant/basicdata/ent", ent_body(&env, "上海自动通过有限公司", "3", &notify).await).await;
    let bad = env.call("/v2/merchant/basicdata/ent", ent_body(&env, "上海拒绝测试有限公司", "3", &notify).await).await;
    assert_eq!((ok["resp_code"].as_str(), bad["resp_code"].as_str()), (Some("00000100"), Some("00000100")));
    env.post("/sandbox/clock/advance", json!({"minutes": 11})).await;
    assert!(until(5, || inbox.lock().unwrap().len() == 2).await, "two audit notifications");
    let statuses: Vec<(String, String)> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|(_, f)| {
            let d: Value = serde_json::from_str(&field(f, "data")).unwrap();
            (d["huifu_id"].as_str().unwrap().to_string(), d["audit_status"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(statuses.contains(&(ok["huifu_id"].as_str().unwrap().into(), "Y".into())));
    assert!(statuses.contains(&(bad["huifu_id"].as_str().unwrap().into(), "N".into())));
    let q = env.call("/v2/merchant/busi/open", json!({"req_seq_id": seq("o"), "req_date": today(), "huifu_id": bad["huifu_id"],
        "upper_huifu_id": env.sb.credentials().sys_id, "ali_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}]).to_string()})).await;
    assert_eq!(q["resp_code"], "20000006", "a rejected merchant cannot open businesses: {q}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notifications_retry_fail_and_replay_and_stay_on_loopback() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    // The receiver answers HTTP 500 on /fail: 1 try + 3 retries, then failed.
    env.call(
        "/v2/merchant/basicdata/ent",
        ent_body(&env, "上海重试测试有限公司", "3", &format!("{notify}/fail")).await,
    )
    .await;
    let apps = env.get("/sandbox/records/applications").await;
    let apply_no = apps["records"][0]["apply_no"].as_str().unwrap().to_string();
    env.post(&format!("/sandbox/audits/{apply_no}/approve"), json!({})).await;
    let mut n = Value::Null;
    for _ in 0..150 {
        n = env.get("/sandbox/notifications").await["notifications"][0].clone();
        if n["state"] == "failed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(n["state"], "failed", "{n}");
    assert_eq!(n["attempts"].as_array().unwrap().len(), 4, "one try and three retries");
    assert!(n["attempts"][0]["outcome"].as_str().unwrap().starts_with("HTTP 500"));
    assert_eq!(inbox.lock().unwrap().len(), 4);
    let id = n["id"].as_str().unwrap();
    env.post(&format!("/sandbox/notifications/{id}/replay"), json!({})).await;
    assert!(until(5, || inbox.lock().unwrap().len() == 5).await, "replay sends again");

    // A public notify URL is refused without being called.
    env.call("/v2/merchant/basicdata/ent", ent_body(&env, "上海外网测试有限公司", "3", "https://example.com").await)
        .await;
    let apps = env.get("/sandbox/records/applications").await;
    let second = apps["records"].as_array().unwrap().iter().find(|a| a["status"] == "P").unwrap()["apply_no"]
        .as_str()
        .unwrap()
        .to_string();
    env.post(&format!("/sandbox/audits/{second}/approve"), json!({})).await;
    let mut state = String::new();
    for _ in 0..40 {
        let list = env.get("/sandbox/notifications").await;
        if let Some(x) = list["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["url"].as_str().unwrap().starts_with("https://example.com"))
        {
            state = x["state"].as_str().unwrap().to_string();
            if state == "refused" {
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(state, "refused");
}
