//! A batch row is its content — the merchant, the trade however it is named, the amount — not the file's
//! bytes. A batch file opened and saved again in a spreadsheet (CRLF line ends, quoted cells, rows in
//! another order, a trade named by Huifu's number instead of the order number) with one new row added
//! sends only the new row; the result file says which earlier batch and row did each of the others. A row
//! repeating another of the same trade and amount (two returned items of the same price) is held until the
//! person says it is meant (`--allow-repeat`), and then sent once.

mod common;

use common::*;
use serde_json::{json, Value};

const REFUND: &str = "/v2/trade/payment/scanpay/refund";

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_re_saved_batch_sends_only_its_new_row() {
    let sb = Sandbox::start().await;
    let env = profile_on(&sb);
    let h = onboard_indv(&env, "批量商户", "batch@example.com");
    env.json(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    let mut orders = Vec::new();
    for _ in 0..5 {
        let o = env.json(&["trade", "--merchant", &h, "create", "--amount", "1.00"]);
        sb.post(&format!("/sandbox/orders/{}/pay", o["hfSeqId"].as_str().unwrap()), json!({})).await;
        orders.push((
            o["reqSeqId"].as_str().unwrap().to_string(),
            o["reqDate"].as_str().unwrap().to_string(),
            o["hfSeqId"].as_str().unwrap().to_string(),
        ));
    }
    let f = env.files.path();
    let run = |file: &str, extra: &[&str]| -> Value {
        let mut args = vec!["refund", "batch", file];
        args.extend_from_slice(extra);
        env.json(&args)
    };

    // The first file: four trades by order number, the fifth by Huifu's number, and trade 0 a second time.
    let (o0, o1, o2, o3, o4) = (&orders[0], &orders[1], &orders[2], &orders[3], &orders[4]);
    let mut a = String::from("huifu_id,org_req_seq_id,org_hf_seq_id,org_req_date,amount,reason\n");
    for o in [o0, o1, o2, o3] {
        a.push_str(&format!("{h},{},,{},0.05,退货\n", o.0, o.1));
    }
    a.push_str(&format!("{h},,{},{},0.07,退货\n", o4.2, o4.1));
    a.push_str(&format!("{h},{},,{},0.05,第二件\n", o0.0, o0.1));
    std::fs::write(f.join("a.csv"), &a).unwrap();
    let before = sb.requests_to(REFUND).await;
    let ra = run(f.join("a.csv").to_str().unwrap(), &[]);
    assert_eq!(ra["sent"], 5, "{ra}");
    let held: Vec<&Value> = ra["errors"].as_array().unwrap().iter().collect();
    assert_eq!(held.len(), 1, "the repeat of trade 0 is held: {ra}");
    assert_eq!(held[0]["row"], 6, "{ra}");
    assert!(held[0]["message"].as_str().unwrap().contains("--allow-repeat"), "{ra}");
    assert_eq!(sb.requests_to(REFUND).await - before, 5);

    // Saved again by a spreadsheet: CRLF, every cell quoted, rows reversed, trade 4 now named by its order
    // number, and one new row (trade 1, a different amount).
    let mut b =
        String::from("\"huifu_id\",\"org_req_seq_id\",\"org_hf_seq_id\",\"org_req_date\",\"amount\",\"reason\"\r\n");
    b.push_str(&format!("\"{h}\",\"{}\",\"\",\"{}\",\"0.03\",\"新的一行\"\r\n", o1.0, o1.1));
    b.push_str(&format!("\"{h}\",\"{}\",\"\",\"{}\",\"0.05\",\"第二件\"\r\n", o0.0, o0.1));
    b.push_str(&format!("\"{h}\",\"{}\",\"\",\"{}\",\"0.07\",\"退货\"\r\n", o4.0, o4.1));
    for o in [o3, o2, o1, o0] {
        b.push_str(&format!("\"{h}\",\"{}\",\"\",\"{}\",\"0.05\",\"退货\"\r\n", o.0, o.1));
    }
    std::fs::write(f.join("b.csv"), &b).unwrap();
    let rb = run(f.join("b.csv").to_str().unwrap(), &[]);
    assert_ne!(rb["batch"]["id"], ra["batch"]["id"], "new bytes: a new batch");
    assert_eq!((rb["sent"].as_u64(), rb["covered"].as_u64()), (Some(1), Some(5)), "only the new row goes: {rb}");
    assert_eq!(sb.requests_to(REFUND).await - before, 6);
    // The result file names, for each covered row, the refund that did it with its batch and row.
    let result = std::fs::read_to_string(rb["resultCsv"].as_str().unwrap()).unwrap();
    let a_id = ra["batch"]["id"].as_str().unwrap();
    let covered_lines = result.lines().filter(|l| l.contains(&format!("batch {a_id} row"))).count();
    assert_eq!(covered_lines, 5, "{result}");

    // The person says the second item of trade 0 is meant: it goes once, whichever file says so first.
    let rb2 = run(f.join("b.csv").to_str().unwrap(), &["--allow-repeat"]);
    assert_eq!(rb2["sent"], 1, "{rb2}");
    let ra2 = run(f.join("a.csv").to_str().unwrap(), &["--allow-repeat"]);
    assert_eq!(ra2["sent"], 0, "{ra2}");
    assert_eq!(sb.requests_to(REFUND).await - before, 7, "5 + the new row + the confirmed repeat");
    let records = sb.get("/sandbox/records/refunds").await["records"].as_array().cloned().unwrap();
    let of = |o: &str, fen: i64| records.iter().filter(|r| r["org_req_seq_id"] == o && r["ord_amt"] == fen).count();
    assert_eq!((of(&o0.0, 5), of(&o1.0, 5), of(&o1.0, 3), of(&o2.0, 5), of(&o3.0, 5)), (2, 1, 1, 1, 1));
    let db = env.db();
    let confirmed: i64 = db
        .query_row(
            "SELECT count(*) FROM audit_log WHERE outcome = 'intent' AND error LIKE '%confirmed a repeat%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(confirmed >= 1, "the audit log records that the repeat was confirmed");
    sb.shutdown().await;
}
