#![recursion_limit = "256"]
//! Load on loopback: 200 concurrent signed calls at a time (queries and order writes) through the real
//! dougong client, every answer verified; prints calls/s. Bounded (a fixed number of rounds), no timing
//! assertion.

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::*;
use serde_json::json;

const CONCURRENT: usize = 200;
const ROUNDS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_signed_calls_without_error() {
    let env = Arc::new(start().await);
    let (notify, _inbox) = receiver().await;
    let a = env.call("/v2/merchant/basicdata/ent", ent_body(&env, "个体户压测", "5", &notify).await).await;
    let huifu_id = a["huifu_id"].as_str().unwrap().to_string();
    let sys_id = env.sb.credentials().sys_id.clone();
    let open = env
        .call(
            "/v2/merchant/busi/open",
            json!({"req_seq_id": seq("o"), "req_date": today(), "huifu_id": huifu_id,
        "upper_huifu_id": sys_id, "ali_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}]).to_string()}),
        )
        .await;
    env.post(&format!("/sandbox/audits/{}/approve", open["apply_no"].as_str().unwrap()), json!({})).await;

    let started = Instant::now();
    let mut total = 0;
    for round in 0..ROUNDS {
        let mut tasks = Vec::with_capacity(CONCURRENT);
        for i in 0..CONCURRENT {
            let env = env.clone();
            let huifu_id = huifu_id.clone();
            tasks.push(tokio::spawn(async move {
                let (path, data) = if i % 2 == 0 {
                    (
                        "/v2/merchant/basicdata/query",
                        json!({"req_seq_id": seq("q"), "req_date": today(), "huifu_id": huifu_id}),
                    )
                } else {
                    (
                        "/v2/trade/payment/jspay",
                        json!({"req_seq_id": seq(&format!("l{round}_")), "req_date": today(), "huifu_id": huifu_id,
                        "goods_desc": "压测", "trade_type": "A_NATIVE", "trans_amt": "0.01"}),
                    )
                };
                let v = env.client.call_raw(path, data.as_object().unwrap().clone()).await;
                (path, v)
            }));
        }
        for t in tasks {
            let (path, v) = t.await.expect("task");
            let v = v.unwrap_or_else(|e| panic!("{path}: {e}"));
            let code = v["resp_code"].as_str().unwrap_or_default();
            assert!(code == "00000000" || code == "00000100", "{path}: {v}");
            total += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let rate = total as f64 / secs;
    // Baseline in the same run: the RSA work one call needs (client sign, server verify, server sign,
    // client verify), done back to back on one thread without HTTP, SQLite or the world lock.
    let key = dougong::keys::PrivateKey::from_text(&env.sb.credentials().private_key).unwrap();
    let public = key.public_key();
    let msg = br#"{"huifu_id":"6666000200000001","req_date":"20240514","req_seq_id":"baseline"}"#;
    let base_started = Instant::now();
    let base_n = 100;
    for _ in 0..base_n {
        for _ in 0..2 {
            let sig = key.sign(msg);
            assert!(public.verify(msg, &sig), "baseline signature verifies");
        }
    }
    let base_rate = base_n as f64 / base_started.elapsed().as_secs_f64();
    println!(
        "sandbox load: {total} signed calls, {CONCURRENT} concurrent, {secs:.2} s, {rate:.0} calls/s; \
         crypto-only baseline {base_rate:.0} calls/s on one thread; ratio {:.2}",
        rate / base_rate
    );
    let orders = env.get("/sandbox/records/orders").await;
    assert_eq!(
        orders["records"].as_array().unwrap().len(),
        ROUNDS * CONCURRENT / 2,
        "every write created exactly one order"
    );
}
