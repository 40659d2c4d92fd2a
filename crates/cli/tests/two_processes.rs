//! Many processes, one truth: several `paydesk` processes on one PAYDESK_HOME submit, retry and reconcile
//! the same refunds at the same time while the gateway answers slowly — the same refund twice (a double
//! click in two windows), a refund of the same money under a new id (a retry by hand after a lost
//! answer), and a reconcile that must not settle what another live process is sending. Every trade ends
//! with exactly one refund at the gateway, and the local view agrees with it.

mod common;

use std::process::{Child, Stdio};
use std::time::Duration;

use common::*;
use serde_json::json;

const REFUND: &str = "/v2/trade/payment/scanpay/refund";

fn spawn(env: &Env, args: &[&str]) -> Child {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    env.cmd(&all).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

/// (succeeded, the error code it printed when it did not).
fn finish(c: Child) -> (bool, String) {
    let out = c.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let code = err
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .and_then(|v| v["code"].as_str().map(str::to_string));
    (out.status.success(), code.unwrap_or_else(|| err.to_string()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn processes_racing_on_the_same_refunds_make_one_refund_per_trade() {
    let sb = Sandbox::start().await;
    let env = profile_on(&sb);
    let h = onboard_indv(&env, "并发商户", "race@example.com");
    env.json(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    let mut orders = Vec::new();
    for _ in 0..4 {
        let o = env.json(&["trade", "--merchant", &h, "create", "--amount", "1.00"]);
        sb.post(&format!("/sandbox/orders/{}/pay", o["hfSeqId"].as_str().unwrap()), json!({})).await;
        orders.push(o["reqSeqId"].as_str().unwrap().to_string());
    }

    // Every refund call waits 800 ms at the gateway, so the processes overlap.
    sb.post("/sandbox/faults", json!({"kind": "latency", "path": REFUND, "latency_ms": 800, "count": 100})).await;
    let before = sb.requests_to(REFUND).await;
    let mut procs = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        let id = format!("20261207RACE{i:04}0000000");
        let other = format!("20261207RACE{i:04}1111111");
        let refund = |rid: &str| {
            vec!["refund", "--merchant", &h, "create", "--order", o, "--amount", "0.40", "--req-seq-id", rid]
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        };
        for args in [refund(&id), refund(&id), refund(&other)] {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            procs.push(spawn(&env, &a));
        }
        procs.push(spawn(&env, &["reconcile"]));
    }
    let results: Vec<(bool, String)> = procs.into_iter().map(finish).collect();
    let refusals: Vec<&String> = results.iter().filter(|r| !r.0).map(|r| &r.1).collect();
    for code in &refusals {
        assert!(
            ["in_flight", "unsettled", "confirm_repeat", "invalid_input"].contains(&code.as_str()),
            "a racing process is refused with a reason, never a second refund: {code}"
        );
    }

    // Once everything is quiet, a last reconcile; then each trade has exactly one refund, at the gateway and here.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    env.json(&["reconcile"]);
    let records = sb.get("/sandbox/records/refunds").await["records"].as_array().cloned().unwrap();
    let db = env.db();
    for o in &orders {
        let at_gateway: Vec<_> = records.iter().filter(|r| r["org_req_seq_id"] == o.as_str()).collect();
        let here: Vec<(String, String)> = db
            .prepare("SELECT req_seq_id, state FROM refunds WHERE org_req_seq_id = ?1 AND state IN ('pending', 'success', 'unknown')")
            .unwrap()
            .query_map([o], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(at_gateway.len(), 1, "trade {o}: one refund at the gateway: {at_gateway:?} (results {results:?})");
        assert_eq!(here.len(), 1, "trade {o}: one refund that may have taken effect here: {here:?}");
        assert_eq!(at_gateway[0]["req_seq_id"], here[0].0.as_str(), "trade {o}: the same refund");
        assert_ne!(here[0].1, "unknown", "trade {o}: settled after the last reconcile");
    }
    let sent = sb.requests_to(REFUND).await - before;
    assert_eq!(sent, orders.len(), "one refund request per trade reached the gateway, not one per process");
    println!(
        "{} processes on one home: {} refused (in_flight / unsettled / confirm_repeat), {} refunds sent for {} trades",
        results.len(),
        refusals.len(),
        sent,
        orders.len()
    );
    sb.shutdown().await;
}
