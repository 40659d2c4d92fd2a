//! `paydesk bill` from the binary: import a standalone CSV (rows/s reported, progress on stderr), query,
//! totals with daily figures, export; and `bill list` against the built-in sandbox saying plainly that
//! bill generation is off. Real SQLite file in a temporary PAYDESK_HOME, real keychain.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Env {
    home: tempfile::TempDir,
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_paydesk"))
            .args(args)
            .env("PAYDESK_HOME", self.home.path())
            .env_remove("PAYDESK_PROFILE")
            .stdin(Stdio::null())
            .output()
            .expect("paydesk runs")
    }
    fn json(&self, args: &[&str]) -> (Value, String) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "paydesk {args:?} failed: {err}");
        (
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!("paydesk {args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout))
            }),
            err,
        )
    }
}

#[test]
fn import_query_totals_export_from_the_binary() {
    let env = Env { home: tempfile::tempdir().unwrap() };
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("trades.csv");
    let mut body = String::from(
        "trans_date,trans_time,huifu_id,trans_type,trade_type,hf_seq_id,req_seq_id,trans_amt,fee_amt,trans_stat,shop\n",
    );
    for i in 0..120 {
        let day = if i < 100 { "20261128" } else { "20261129" };
        let (t, amt) = if i % 10 == 9 { ("REFUND", "0.50") } else { ("PAYMENT", "1.00") };
        body.push_str(&format!("{day},120000,6666000000000001,{t},A_NATIVE,HF{i:06},RQ{i:06},{amt},0.01,S,门店{i}\n"));
    }
    std::fs::write(&csv, body).unwrap();

    let (v, err) = env.json(&["bill", "import", csv.to_str().unwrap()]);
    assert_eq!(v[0]["rows"], 120, "{v}");
    assert!(v[0]["rowsPerSec"].as_f64().unwrap() > 0.0);
    assert_eq!(v[0]["parts"][0]["unknownColumns"][0], "shop");
    let last: Value = serde_json::from_str(err.lines().last().expect("progress on stderr")).unwrap();
    assert_eq!((last["step"].as_str(), last["done"].as_u64()), (Some("import.done"), Some(120)), "{err}");
    let human = env.run(&["bill", "import", csv.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("already imported"), "{human:?}");

    let (q, _) = env.json(&["bill", "query", "--text", "HF000042"]);
    assert_eq!(q["rows"].as_array().unwrap().len(), 1);
    assert_eq!(q["rows"][0]["extra"]["shop"], "门店42");
    let (t, _) = env.json(&["bill", "totals", "--daily", "--from", "20261128", "--to", "20261129"]);
    // 108 payments of 1.00, 12 refunds of 0.50; fee 0.01 each way.
    assert_eq!(
        (t["totals"]["paymentFen"].as_i64(), t["totals"]["refundFen"].as_i64(), t["totals"]["amountFen"].as_i64()),
        (Some(10800), Some(600), Some(10200)),
        "{t}"
    );
    assert_eq!(t["totals"]["feeFen"], 108 - 12);
    assert_eq!(t["daily"].as_array().unwrap().len(), 2);
    assert_eq!((t["daily"][1]["date"].as_str(), t["daily"][1]["count"].as_i64()), (Some("20261129"), Some(20)));
    let (r, _) = env.json(&["bill", "totals", "--trans-type", "REFUND", "--huifu-id", "6666000000000001"]);
    assert_eq!(r["totals"]["count"], 12);

    let out = files.path().join("refunds.csv");
    let (e, _) = env.json(&["bill", "export", out.to_str().unwrap(), "--trans-type", "REFUND"]);
    assert_eq!(e["rows"], 12);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("\u{feff}账单日期,") && text.lines().count() == 13 && text.contains(",0.50,0.01,"),
        "{text}"
    );
    let (_, _) = env.json(&["bill", "export", out.to_str().unwrap(), "--trans-type", "REFUND", "--lang", "en"]);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("\u{feff}bill_date,trans_date,"), "--lang en");

    let bad = env.run(&["bill", "totals", "--from", "2026-11"]);
    assert_eq!(bad.status.code(), Some(2), "bad input exits 2");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("date_from"));
}

#[test]
fn list_says_plainly_that_bill_generation_is_off() {
    let env = Env { home: tempfile::tempdir().unwrap() };
    let (l, _) = env.json(&["bill", "list", "--date", "20261201"]);
    assert_eq!(l["state"], "config_off", "{l}");
    let human = env.run(&["bill", "list", "--date", "20261201"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("not turned on"), "{human:?}");
}
