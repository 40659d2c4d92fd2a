#![recursion_limit = "256"]
//! Bill files over loopback: config, nothing before the batch hour, task states I → … → S, a real zip
//! of CSVs built from the sandbox's own trades (daily and monthly), large files split into several CSVs.

mod common;

use std::io::Read;

use common::*;
use serde_json::{json, Value};

const APPID: &str = "wx1234567890abcdef";

/// Moves the sandbox clock to `hour`:00 Beijing time, `days` days after today.
async fn move_to(env: &Env, days: i64, hour: i64) {
    let now = env.get("/sandbox/clock").await["now_ms"].as_i64().unwrap();
    let midnight = sandbox::clock::parse_ymd(&sandbox::clock::ymd(now)).unwrap();
    let target = midnight + days * sandbox::clock::DAY_MS + hour * 3_600_000;
    let secs = (target - now) / 1000 + 1;
    assert!(secs > 0, "the clock only moves forward");
    env.post("/sandbox/clock/advance", json!({"seconds": secs})).await;
}

async fn filequery(env: &Env, huifu_id: &str, file_date: &str, bill_type: Option<&str>) -> Value {
    let mut q = json!({"req_seq_id": seq("f"), "req_date": today(), "huifu_id": huifu_id, "file_date": file_date});
    if let Some(t) = bill_type {
        q["bill_type"] = json!(t);
    }
    env.call("/v2/trade/check/filequery", q).await
}

async fn wait_file(env: &Env, huifu_id: &str, file_date: &str, bill_type: &str) -> (Value, Vec<String>) {
    let mut seen = Vec::new();
    for _ in 0..300 {
        let r = filequery(env, huifu_id, file_date, Some(bill_type)).await;
        if let Some(t) = r["task_details"].as_array().and_then(|a| a.first()) {
            let st = t["task_stat"].as_str().unwrap().to_string();
            if seen.last() != Some(&st) {
                seen.push(st.clone());
            }
            if st == "S" {
                return (r, seen);
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("bill task never finished: {seen:?}");
}

fn unzip(bytes: &[u8]) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.push((f.name().to_string(), s));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daily_files_appear_after_their_batch_and_hold_our_trades() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, APPID).await;
    let trade_date = today();
    let o = env
        .call(
            "/v2/trade/payment/jspay",
            json!({"req_seq_id": seq("b"), "req_date": trade_date, "huifu_id": huifu_id,
        "goods_desc": "对账测试", "trade_type": "A_NATIVE", "trans_amt": "12.34"}),
        )
        .await;
    let hf = o["hf_seq_id"].as_str().unwrap().to_string();
    env.post(&format!("/sandbox/orders/{hf}/pay"), json!({})).await;
    let r = env
        .call(
            "/v2/trade/payment/scanpay/refund",
            json!({"req_seq_id": seq("r"), "req_date": trade_date, "huifu_id": huifu_id,
        "ord_amt": "2.34", "org_req_date": trade_date, "org_hf_seq_id": hf}),
        )
        .await;
    assert_eq!(r["resp_code"], "00000100");
    env.poll(
        "/v2/trade/payment/scanpay/refundquery",
        json!({"huifu_id": huifu_id, "org_req_date": trade_date, "org_req_seq_id": r["req_seq_id"]}),
        |v| v["trans_stat"] == "S",
    )
    .await;

    let c = env
        .call(
            "/v2/merchant/busi/bill/config",
            json!({"req_seq_id": seq("bc"), "req_date": trade_date, "huifu_id": huifu_id,
        "recon_send_flag": "Y", "file_type": "1,2,3,4", "notify_url": format!("{notify}/bills")}),
        )
        .await;
    assert_eq!(c["resp_code"], "00000000", "{c}");
    let bad = env
        .call(
            "/v2/merchant/busi/bill/config",
            json!({"req_seq_id": seq("bc"), "req_date": trade_date, "huifu_id": huifu_id,
        "recon_send_flag": "Y", "file_type": "9"}),
        )
        .await;
    assert_eq!(bad["resp_code"], "10000000");

    let tomorrow = sandbox::clock::ymd(sandbox::clock::parse_ymd(&trade_date).unwrap() + sandbox::clock::DAY_MS);
    let r = filequery(&env, &huifu_id, &tomorrow, None).await;
    assert_eq!(r["resp_code"], "00000000");
    assert_eq!(r["file_details"], json!([]), "nothing before the batch ran");
    assert_eq!(r["task_details"], json!([]));

    move_to(&env, 1, 18).await;
    let (r, states) = wait_file(&env, &huifu_id, &tomorrow, "TRADE_BILL").await;
    assert_eq!(states.last().map(String::as_str), Some("S"));
    assert!(states.len() >= 2, "the task was seen in progress first: {states:?}");
    let file = &r["file_details"][0];
    assert_eq!(file["file_name"], format!("{trade_date}_{huifu_id}_order.zip"));
    let url = file["download_url"].as_str().unwrap();
    let bytes = env.http.get(url).send().await.unwrap().bytes().await.unwrap();
    let csvs = unzip(&bytes);
    assert_eq!(csvs.len(), 1);
    assert_eq!(csvs[0].0, format!("{trade_date}_{huifu_id}_order_1.csv"));
    let lines: Vec<&str> = csvs[0].1.lines().collect();
    assert!(lines[0].starts_with("trans_date,trans_time,acct_date,huifu_id"), "{}", lines[0]);
    assert_eq!(lines.len(), 3, "header, the payment, the refund: {lines:?}");
    assert!(lines.iter().any(|l| l.contains(&hf) && l.contains("PAYMENT") && l.contains("12.34")));
    assert!(lines.iter().any(|l| l.contains("REFUND") && l.contains("2.34")));

    // The file server resumes: a range comes as 206 with Content-Range, a stale If-Range gets the
    // whole file, and a range past the end is 416.
    let resp = env.http.get(url).header("range", "bytes=10-").send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 206);
    assert_eq!(
        resp.headers()["content-range"].to_str().unwrap(),
        format!("bytes 10-{}/{}", bytes.len() - 1, bytes.len())
    );
    let etag = resp.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(resp.bytes().await.unwrap(), bytes.slice(10..));
    let same = env.http.get(url).header("range", "bytes=10-").header("if-range", &etag).send().await.unwrap();
    assert_eq!(same.status().as_u16(), 206, "the same file resumes");
    let stale = env.http.get(url).header("range", "bytes=10-").header("if-range", "\"other\"").send().await.unwrap();
    assert_eq!(stale.status().as_u16(), 200, "a changed file comes whole");
    assert_eq!(stale.bytes().await.unwrap(), bytes);
    let past = env.http.get(url).header("range", format!("bytes={}-", bytes.len())).send().await.unwrap();
    assert_eq!(past.status().as_u16(), 416);

    let (r, _) = wait_file(&env, &huifu_id, &tomorrow, "SETTLE_BILL").await;
    let bytes = env
        .http
        .get(r["file_details"][0]["download_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let settle = unzip(&bytes).remove(0).1;
    // 12.34 paid, fee 0.05; 2.34 refunded with 0.00 fee back (0.05 * 2.34 / 12.34 rounds down) → 9.95.
    assert!(settle.lines().nth(1).unwrap().ends_with(",9.95"), "{settle}");

    assert!(
        until(5, || inbox
            .lock()
            .unwrap()
            .iter()
            .any(|(p, f)| p == "/bills" && field(f, "resp_data").contains("TRADE_BILL")))
        .await,
        "batch-finished notification"
    );
    let r = filequery(&env, &huifu_id, &tomorrow, Some("SETTLE_FUND_BILL")).await;
    assert!(r["resp_desc"].as_str().unwrap().contains("not implemented"), "visibly unfinished: {r}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_and_monthly_files() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = sandbox::SandboxConfig {
        data_dir: dir.path().to_path_buf(),
        timing: fast_timing(),
        bill_rows_per_csv: 1000,
        ..Default::default()
    };
    let sb = sandbox::start(cfg).await.unwrap();
    let env = Env {
        client: client_for(sb.credentials()),
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        dir,
        sb,
    };
    let (notify, _inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, APPID).await;
    let trade_date = today();
    env.post("/sandbox/bills/seed", json!({"huifu_id": huifu_id, "date": trade_date, "count": 2500, "amount": "0.01"}))
        .await;
    env.call(
        "/v2/merchant/busi/bill/config",
        json!({"req_seq_id": seq("bc"), "req_date": trade_date, "huifu_id": huifu_id,
        "recon_send_flag": "Y", "file_type": "1"}),
    )
    .await;
    let tomorrow = sandbox::clock::ymd(sandbox::clock::parse_ymd(&trade_date).unwrap() + sandbox::clock::DAY_MS);
    move_to(&env, 1, 4).await;
    let (r, _) = wait_file(&env, &huifu_id, &tomorrow, "TRADE_BILL").await;
    let bytes = env
        .http
        .get(r["file_details"][0]["download_url"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let csvs = unzip(&bytes);
    let names: Vec<&str> = csvs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 3, "2500 rows at 1000 per CSV: {names:?}");
    let rows: usize = csvs.iter().map(|(_, c)| c.lines().count() - 1).sum();
    assert_eq!(rows, 2500, "every CSV has its own header");

    // Monthly: the file of the 1st of next month covers this month.
    let now = env.get("/sandbox/clock").await["now_ms"].as_i64().unwrap();
    let mut day = sandbox::clock::parse_ymd(&sandbox::clock::ymd(now)).unwrap();
    while !sandbox::clock::ymd(day).ends_with("01") {
        day += sandbox::clock::DAY_MS;
    }
    let first = sandbox::clock::ymd(day);
    let days = (day - sandbox::clock::parse_ymd(&sandbox::clock::ymd(now)).unwrap()) / sandbox::clock::DAY_MS;
    move_to(&env, days, 6).await;
    let (r, _) = wait_file(&env, &huifu_id, &first, "TRADE_BILL_MONTH").await;
    let file = &r["file_details"][0];
    assert_eq!(file["file_name"], format!("{}_{huifu_id}_order_month.zip", &trade_date[..6]));
    let bytes = env.http.get(file["download_url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    let month = unzip(&bytes).remove(0).1;
    assert!(
        month.lines().any(|l| l.starts_with(&format!("{trade_date},{huifu_id},")) && l.contains(",2500,25.00,")),
        "{month}"
    );
}
