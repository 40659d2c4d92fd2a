//! `paydesk trade` and `paydesk refund` from the binary against the real sandbox over loopback (real
//! keychain, real SQLite file in a temporary PAYDESK_HOME): a QR order, a refund refused above what is
//! refundable, and a 52-row CSV batch killed with SIGKILL mid-way and run again — every refund exists
//! exactly once at the gateway.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

mod common;
use common::*;

const REFUND: &str = "/v2/trade/payment/scanpay/refund";

/// How many refunds left the `prepared` state.
fn refunds_touched(env: &Env) -> i64 {
    env.db().query_row("SELECT count(*) FROM refunds WHERE state <> 'prepared'", [], |r| r.get(0)).unwrap_or(0)
}

/// A sandbox in this process, a profile `sbx` pointing at it, and a merchant with Alipay open.
async fn setup() -> (Env, Sandbox, String) {
    let sb = Sandbox::start().await;
    let env = profile_on(&sb);
    let h = onboard_indv(&env, "李四", "lisi@example.com");
    env.json(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    assert_eq!(env.json(&["busi", "status", &h])["applyStatus"], "Y");
    (env, sb, h)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn orders_refunds_and_a_killed_batch_resumed_from_the_cli() {
    let (env, sb, h) = setup().await;
    let f = env.files.path();

    // A QR order, saved as PNG and SVG, paid by the sandbox's control, queried.
    let png_path = f.join("order.png");
    let svg_path = f.join("order.svg");
    let o = env.json(&[
        "trade",
        "--merchant",
        &h,
        "create",
        "--amount",
        "1.00",
        "--qr-png",
        png_path.to_str().unwrap(),
        "--qr-svg",
        svg_path.to_str().unwrap(),
    ]);
    assert_eq!(
        (o["state"].as_str(), o["amountFen"].as_i64(), o["tradeType"].as_str()),
        (Some("pending"), Some(100), Some("A_NATIVE")),
        "{o}"
    );
    assert!(image::open(&png_path).unwrap().width() >= 256);
    assert!(std::fs::read_to_string(&svg_path).unwrap().contains("<svg"));
    let seq = o["reqSeqId"].as_str().unwrap().to_string();
    sb.post(&format!("/sandbox/orders/{}/pay", o["hfSeqId"].as_str().unwrap()), json!({})).await;
    assert_eq!(env.json(&["trade", "--merchant", &h, "query", &seq])["state"], "success");

    // Refunds: the draft says what is left; more than that is refused here (exit 2, field named).
    let d = env.json(&["refund", "--merchant", &h, "prepare", "--order", &seq]);
    assert_eq!(d["refundable"]["refundableFen"], 100, "{d}");
    let out = env.run(&["refund", "--merchant", &h, "create", "--order", &seq, "--amount", "1.01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("amount"), "{}", String::from_utf8_lossy(&out.stderr));
    let rid = d["reqSeqId"].as_str().unwrap();
    let r = env.json(&[
        "refund",
        "--merchant",
        &h,
        "create",
        "--order",
        &seq,
        "--amount",
        "0.40",
        "--reason",
        "退货",
        "--note",
        "n1",
        "--req-seq-id",
        rid,
        "--follow",
    ]);
    assert_eq!((r["state"].as_str(), r["reason"].as_str()), (Some("success"), Some("退货")), "{r}");
    // The same id again: the same refund, not a second one.
    let again = env.json(&[
        "refund",
        "--merchant",
        &h,
        "create",
        "--order",
        &seq,
        "--amount",
        "0.40",
        "--reason",
        "退货",
        "--note",
        "n1",
        "--req-seq-id",
        rid,
    ]);
    assert_eq!(again["hfSeqId"], r["hfSeqId"]);
    assert_eq!(sb.requests_to(REFUND).await, 1);
    assert_eq!(env.json(&["refund", "list", "--order", &seq]).as_array().unwrap().len(), 1);

    // 50 paid orders of 0.10 for the batch (made with desk directly: faster than 100 processes).
    let mut orders = Vec::new();
    {
        let desk = desk::Desk::open_without_reconcile(env.home.path()).unwrap();
        let p = desk.profile("sbx").unwrap();
        for _ in 0..50 {
            let form =
                desk::services::trade::QrOrderForm { huifu_id: h.clone(), amount_fen: Some(10), ..Default::default() };
            let o = desk.create_qr_order(&p, form).await.unwrap();
            sb.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), json!({})).await;
            orders.push((o.trade.req_seq_id, o.trade.req_date, o.trade.hf_seq_id.unwrap()));
        }
    }
    // 52 rows: one 0.05 refund per order, and two orders refunded twice (the rows of one order go in turn).
    // The last ten name the original by Huifu's number instead.
    let mut csv = String::from("org_req_date,amount,huifu_id,org_req_seq_id,org_hf_seq_id,reason,note\n");
    for (i, (s, d, hf)) in orders.iter().enumerate() {
        if i < 40 {
            csv.push_str(&format!("{d},0.05,{h},{s},,批量退款,row {i}\n"));
        } else {
            csv.push_str(&format!("{d},0.05,{h},,{hf},批量退款,row {i}\n"));
        }
    }
    for (s, d, _) in &orders[..2] {
        csv.push_str(&format!("{d},0.05,{h},{s},,第二次,\n"));
    }
    let file = f.join("refunds.csv");
    std::fs::write(&file, &csv).unwrap();

    // A bad file is refused whole, naming row and field.
    let bad = f.join("bad.csv");
    std::fs::write(
        &bad,
        format!("huifu_id,org_req_seq_id,org_req_date,amount\n{h},x1,20261301,0.05\n{h},x2,20261130,-1\n"),
    )
    .unwrap();
    let out = env.run(&["refund", "batch", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 1 org_req_date") && err.contains("row 2 amount"), "{err}");

    // Slow the gateway down, start the batch and kill it (SIGKILL) part way.
    let before = sb.requests_to(REFUND).await;
    sb.post("/sandbox/faults", json!({"kind": "latency", "path": REFUND, "latency_ms": 400, "count": 30})).await;
    // The two rows refunding an order a second time are meant: --allow-repeat.
    let mut child = env
        .cmd(&["refund", "batch", file.to_str().unwrap(), "--concurrency", "4", "--allow-repeat"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while refunds_touched(&env) < 1 + 12 {
        assert!(started.elapsed() < Duration::from_secs(60), "the batch makes progress");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done_before_kill = refunds_touched(&env) - 1;
    assert!(done_before_kill < 52, "killed part way ({done_before_kill} rows touched)");
    tokio::time::sleep(Duration::from_millis(1000)).await; // what reached the gateway is processed
    let sends_before_resume = sb.requests_to(REFUND).await - before;

    // The same file again: the same batch, resumed; rows already sent are not sent again. A row in flight
    // when the process was killed that the gateway never took is found absent twice, the grace apart (a
    // minute by default; 1 s here), before it goes again under its own id.
    env.json(&["profile", "tune", "sbx", "absent_grace_ms=1000"]);
    let mut report = env.json(&["refund", "batch", file.to_str().unwrap(), "--concurrency", "4", "--allow-repeat"]);
    if report["batch"]["counts"]["success"] != 52 {
        assert!(report.to_string().contains("not found by query yet"), "only rows not found once are left: {report}");
        tokio::time::sleep(Duration::from_millis(1200)).await;
        report = env.json(&["refund", "batch", file.to_str().unwrap(), "--concurrency", "4", "--allow-repeat"]);
    }
    assert_eq!(report["batch"]["rows"], 52, "{report}");
    assert_eq!(report["batch"]["counts"]["success"], 52, "{report}");
    let records = sb.get("/sandbox/records/refunds").await["records"].as_array().cloned().unwrap();
    let ids: Vec<String> = env
        .db()
        .prepare("SELECT req_seq_id FROM refunds WHERE batch_id IS NOT NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids.len(), 52);
    for id in &ids {
        assert_eq!(
            records.iter().filter(|r| r["req_seq_id"] == id.as_str()).count(),
            1,
            "refund {id} exists exactly once at the gateway"
        );
    }
    assert_eq!(records.len(), 53, "52 batch refunds + the one above, nothing more");
    // A row is sent again only when the query proved the gateway never took it (a request cut off by the
    // kill before the gateway processed it): at most the rows that were in flight.
    let sends = sb.requests_to(REFUND).await - before;
    assert!((52..=56).contains(&sends), "{sends} sends for 52 rows ({sends_before_resume} before the kill)");
    let result = std::fs::read_to_string(report["resultCsv"].as_str().unwrap()).unwrap();
    assert_eq!(result.lines().count(), 53, "a header and a line per row");
    assert!(result.lines().skip(1).all(|l| l.contains(",success,")), "{result}");
    // A third run finds everything final.
    let again = env.json(&["refund", "batch", file.to_str().unwrap()]);
    assert_eq!((again["sent"].as_u64(), again["skipped"].as_u64()), (Some(0), Some(52)), "{again}");
    assert_eq!(sb.requests_to(REFUND).await - before, sends, "nothing sent by the third run");

    // The other acquirers route through the shared interface.
    let o = env.json(&["trade", "--acquirer", "huishouqian", "create", "--product", "DYNAMIC_ALL", "--amount", "0.50"]);
    assert_eq!((o["acquirer"].as_str(), o["amountFen"].as_i64()), (Some("huishouqian"), Some(50)), "{o}");
    let out = env.run(&["refund", "--acquirer", "mpgateway", "list"]);
    assert_eq!(out.status.code(), Some(2), "batch/list are dougong only");
    sb.running.unwrap().shutdown().await;
}
