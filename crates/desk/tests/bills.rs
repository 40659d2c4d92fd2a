//! Statements through desk against the real built-in sandbox (loopback HTTP, real keychain, real SQLite
//! file): config off → turned on → batch not run yet → the sandbox clock moves past the batch hour →
//! files listed, downloaded with byte progress, imported, filtered, totalled, exported, and the settled
//! amounts reconciled; a config write whose answer was dropped is settled by query.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::services::bill::{
    BillConfigForm, BillDayState, BillFilter, BillListQuery, BillListing, ImportOptions, SettleVerdict,
};
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::{ErrorCode, ProgressEvent, SANDBOX_PROFILE};
use sandbox_controls::{indv_form, Controls};
use serde_json::{json, Map, Value};

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => unreachable!("an object literal"),
    }
}

/// Moves the sandbox clock to `hour`:00 Beijing, `days` days after the sandbox's today.
async fn move_to(ctl: &Controls, days: i64, hour: i64) {
    let now = ctl.get("/sandbox/clock").await["now_ms"].as_i64().unwrap();
    let midnight = sandbox::clock::parse_ymd(&sandbox::clock::ymd(now)).unwrap();
    let target = midnight + days * sandbox::clock::DAY_MS + hour * 3_600_000;
    assert!(target > now, "the sandbox clock only moves forward");
    ctl.advance(((target - now) / 1000 + 1) as u64).await;
}

async fn wait_listing(
    desk: &desk::Desk,
    p: &desk::Profile,
    q: &BillListQuery,
    until: impl Fn(&BillListing) -> bool,
) -> BillListing {
    let mut last = None;
    for _ in 0..150 {
        let l = desk.list_bills(p, q.clone()).await.unwrap();
        if until(&l) {
            return l;
        }
        last = Some(l);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("the listing never got there: {last:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn statements_from_config_to_reconciled_settlement() {
    let (dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();

    // A merchant with Alipay open, one paid order and a partial refund, plus 300 synthetic trades.
    let pics = tempfile::tempdir().unwrap();
    let h = desk.onboard_individual(&p, indv_form(pics.path()), &|_| {}).await.unwrap().huifu_id;
    desk.open_business(
        &p,
        BusiOpenForm {
            huifu_id: h.clone(),
            ali: vec![PayConfForm { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }],
            online_busi_type: Some("H7999AL".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    ctl.advance(10).await;
    let client = desk.client(&p).await.unwrap();
    let trade_date = sandbox::clock::ymd(ctl.get("/sandbox/clock").await["now_ms"].as_i64().unwrap());
    let o = client
        .call_raw(
            "/v2/trade/payment/jspay",
            obj(json!({"req_seq_id": desk.new_req_seq_id(), "req_date": trade_date, "huifu_id": h,
            "goods_desc": "对账", "trade_type": "A_NATIVE", "trans_amt": "12.34"})),
        )
        .await
        .unwrap();
    let hf = o["hf_seq_id"].as_str().expect("an order").to_string();
    assert!(ctl.post(&format!("/sandbox/orders/{hf}/pay"), json!({})).await.status().is_success());
    let refund_seq = desk.new_req_seq_id();
    let r = client
        .call_raw(
            "/v2/trade/payment/scanpay/refund",
            obj(json!({"req_seq_id": refund_seq, "req_date": trade_date, "huifu_id": h,
            "ord_amt": "2.34", "org_req_date": trade_date, "org_hf_seq_id": hf})),
        )
        .await
        .unwrap();
    assert_eq!(r["resp_code"], "00000100", "{r}");
    ctl.advance(5).await;
    let seeded = ctl
        .post("/sandbox/bills/seed", json!({"huifu_id": h, "date": trade_date, "count": 300, "amount": "0.01"}))
        .await;
    assert!(seeded.status().is_success());

    // No config yet: the listing says so plainly.
    let file_date = sandbox::clock::ymd(sandbox::clock::parse_ymd(&trade_date).unwrap() + sandbox::clock::DAY_MS);
    let q = BillListQuery { huifu_id: h.clone(), file_date: file_date.clone(), bill_type: None };
    let l = desk.list_bills(&p, q.clone()).await.unwrap();
    assert_eq!(l.state, BillDayState::ConfigOff, "{l:?}");
    assert!(desk.bill_config(&p, &h).await.unwrap().configured.eq(&false));

    // Bad input is stopped before sending; then trade and settlement files are turned on.
    let e = desk
        .set_bill_config(
            &p,
            BillConfigForm { huifu_id: h.clone(), enabled: true, file_types: vec!["9".into()], ..Default::default() },
        )
        .await
        .unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("file_type")));
    let c = desk
        .set_bill_config(
            &p,
            BillConfigForm {
                huifu_id: h.clone(),
                enabled: true,
                file_types: vec!["2".into(), "1".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(c.configured && c.enabled && c.file_types == ["1", "2"], "{c:?}");

    // The batch has not run yet (the sandbox clock is still on the trade date).
    let l = desk.list_bills(&p, q.clone()).await.unwrap();
    assert_eq!(l.state, BillDayState::NotRunYet, "{l:?}");
    assert!(l.message.contains("not run yet"));

    // Past 17:00 of the file date both batches run (and, on the 1st, the monthly ones); the files come
    // when their tasks finish.
    move_to(&ctl, 1, 18).await;
    let l = wait_listing(&desk, &p, &q, |l| l.state == BillDayState::Ready).await;
    let trade = l.files.iter().find(|f| f.bill_type == "TRADE_BILL").expect("a trade file").clone();
    let settle = l.files.iter().find(|f| f.bill_type == "SETTLE_BILL").expect("a settlement file").clone();
    assert_eq!(trade.file_name, format!("{trade_date}_{h}_order.zip"));
    assert!(trade.local_path.is_none());

    // A download cut off half-way (the sandbox drops the connection mid-body) keeps its .part.
    let file_path = reqwest::Url::parse(&trade.download_url).unwrap().path().to_string();
    ctl.fault("drop", &file_path, json!({})).await;
    let e = desk.download_bill(&p, &trade, &|_| {}).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Io, "{e:?}");
    assert!(e.message.contains("broke off") && e.message.contains("resume"), "{}", e.message);
    let parts: Vec<_> = files_under(dir.path().join("bills").as_path())
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with(".part"))
        .collect();
    assert_eq!(parts.len(), 1, "{parts:?}");
    let kept = std::fs::metadata(&parts[0]).unwrap().len();
    assert!(kept > 0, "the bytes before the break are kept");

    // Download again with byte progress into <home>/bills, audited: only the rest is asked for.
    let events = std::sync::Mutex::new(Vec::<ProgressEvent>::new());
    let d = desk.download_bill(&p, &trade, &|e| events.lock().unwrap().push(e)).await.unwrap();
    let on_disk = std::fs::metadata(&d.path).unwrap().len();
    assert_eq!(d.bytes, on_disk);
    assert!(d.path.starts_with(&dir.path().join("bills").display().to_string()), "{}", d.path);
    let ev = events.lock().unwrap().clone();
    assert!(ev.iter().all(|e| e.step == "download"));
    assert_eq!(ev.last().map(|e| (e.done, e.total)), Some((on_disk, Some(on_disk))), "{ev:?}");
    assert!(ev.windows(2).all(|w| w[0].done <= w[1].done), "progress only grows: {ev:?}");
    assert_eq!(ev[0].done, kept, "resumed after the kept bytes: {ev:?}");
    let log = ctl.get("/sandbox/requests?limit=1000").await;
    let gets: Vec<&Value> = log["requests"]
        .as_array()
        .or(log["records"].as_array())
        .unwrap()
        .iter()
        .filter(|r| r["path"] == file_path.as_str())
        .collect();
    assert_eq!(gets.len(), 2, "{gets:?}");
    let last = gets.iter().max_by_key(|r| r["seq"].as_i64()).unwrap();
    assert_eq!(
        (last["http_status"].as_u64(), last["resp_desc"].as_str()),
        (Some(206), Some(format!("range bytes={kept}-").as_str())),
        "{last}"
    );
    let whole = reqwest::get(&trade.download_url).await.unwrap().bytes().await.unwrap();
    assert_eq!(std::fs::read(&d.path).unwrap(), whole.to_vec(), "the resumed file is the whole file");
    use sha2::Digest;
    assert_eq!(d.sha256, hex::encode(sha2::Sha256::digest(&whole)), "its hash covers the kept bytes too");
    let parts: Vec<_> = files_under(dir.path().join("bills").as_path())
        .into_iter()
        .filter(|f| f.to_string_lossy().ends_with(".part"))
        .collect();
    assert!(parts.is_empty(), "no partial file stays: {parts:?}");
    let audit = desk::audit::search(desk.store(), &Default::default()).unwrap();
    let row = audit.rows.iter().find(|r| r.endpoint == "bill/download").expect("the download is audited");
    assert!(row.request.contains(&trade.file_name) && !row.request.contains('?'), "{}", row.request);
    let d2 = desk.download_bill(&p, &settle, &|_| {}).await.unwrap();
    let l = desk.list_bills(&p, q.clone()).await.unwrap();
    let local = |t: &str| l.files.iter().find(|f| f.bill_type == t).and_then(|f| f.local_path.clone());
    assert!(
        local("TRADE_BILL").is_some() && local("SETTLE_BILL").is_some(),
        "the listing knows what is downloaded: {l:?}"
    );

    // Import: 2 real rows + 300 synthetic; the settlement file one row.
    let rep = desk.import_bill(&p, std::path::Path::new(&d.path), ImportOptions::default(), &|_| {}).await.unwrap();
    assert_eq!(rep.rows, 302, "{rep:?}");
    assert!(!rep.already_imported);
    let srep = desk.import_downloaded_bill(&p, &settle, ImportOptions::default(), &|_| {}).await.unwrap();
    assert_eq!((srep.rows, srep.parts[0].kind.as_str()), (1, "settle"), "{srep:?} {}", d2.path);

    // Filters and totals.
    let one = desk
        .query_bills(&p, &BillFilter { text: Some(hf[hf.len() - 12..].to_string()), ..Default::default() })
        .unwrap();
    let pay = one.rows.iter().find(|r| r.trans_type == "PAYMENT").expect("the payment row by part of its hf_seq_id");
    assert_eq!((pay.trans_amt_fen, pay.huifu_id.as_str(), pay.trade_type.as_str()), (1234, h.as_str(), "A_NATIVE"));
    let fee = pay.fee_amt_fen;
    assert!(fee > 0, "the sandbox charges a fee");
    let refunds =
        desk.query_bills(&p, &BillFilter { trans_type: Some("refund".into()), ..Default::default() }).unwrap();
    assert_eq!(refunds.rows.len(), 1);
    let rf = &refunds.rows[0];
    assert_eq!((rf.trans_amt_fen, rf.req_seq_id.as_str()), (234, refund_seq.as_str()));
    let t = desk
        .bill_totals(
            &p,
            &BillFilter {
                huifu_id: Some(h.clone()),
                date_from: Some(trade_date.clone()),
                date_to: Some(trade_date.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((t.count, t.payment_count, t.payment_fen, t.refund_count, t.refund_fen), (302, 301, 1234 + 300, 1, 234));
    assert_eq!(t.settled_fen, 1534 - fee - 234 + rf.fee_amt_fen);
    assert_eq!(desk.bill_totals(&p, &BillFilter { status: Some("F".into()), ..Default::default() }).unwrap().count, 0);
    assert_eq!(
        desk.bill_totals(&p, &BillFilter { date_from: Some(file_date.clone()), ..Default::default() }).unwrap().count,
        0
    );
    let page = desk.query_bills(&p, &BillFilter { limit: Some(10), offset: Some(295), ..Default::default() }).unwrap();
    assert_eq!((page.rows.len(), page.totals.count), (7, 302), "a page, totals of the whole set");
    let days = desk.bill_daily_totals(&p, &BillFilter::default()).unwrap();
    assert_eq!(days.len(), 1);
    assert_eq!((days[0].date.as_str(), days[0].count, days[0].amount_fen), (trade_date.as_str(), 302, 1534 - 234));

    // Export the refunds and payments of the merchant.
    let out = dir.path().join("export.csv");
    let n = desk
        .export_bills_csv(&p, &BillFilter { huifu_id: Some(h.clone()), ..Default::default() }, desk.csv_lang(), &out)
        .unwrap();
    assert_eq!(n, 302);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 303);
    assert!(text.starts_with("\u{feff}账单日期,交易日期,"), "a BOM and Chinese headers by default");
    assert!(text.lines().any(|l| l.contains(&hf) && l.contains(",12.34,")), "amounts back in yuan");
    // The export imports again (its Chinese headers are names the importer knows) into a fresh store.
    let again = desk::store::Store::open(&dir.path().join("again.db")).unwrap();
    let rep = desk::services::bill::import::import_file(
        &mut again.open_connection().unwrap(),
        "x",
        &out,
        ImportOptions::default(),
        "2026-12-01T00:00:00Z",
        &|_| {},
    )
    .unwrap();
    assert_eq!((rep.rows, rep.parts[0].kind.as_str()), (302, "trade"), "{rep:?}");

    // Reconcile: trade − fee − refunds + refunded fees equals the settlement file's figure.
    let check = desk.check_settlement(&p, &BillFilter::default()).unwrap();
    assert_eq!((check.matched, check.mismatched, check.incomplete), (1, 0, 0), "{check:?}");
    let row = &check.rows[0];
    assert_eq!(
        (row.verdict, row.expected_fen, row.file_settled_fen),
        (SettleVerdict::Match, t.settled_fen, Some(t.settled_fen))
    );

    // The same file again adds nothing; with replace it is imported anew, still once.
    let again = desk.import_bill(&p, std::path::Path::new(&d.path), ImportOptions::default(), &|_| {}).await.unwrap();
    assert!(again.already_imported);
    let again =
        desk.import_bill(&p, std::path::Path::new(&d.path), ImportOptions { replace: true }, &|_| {}).await.unwrap();
    assert_eq!(again.replaced, Some(rep.import_id));
    assert_eq!(desk.bill_totals(&p, &BillFilter::default()).unwrap().count, 302);

    // A config write whose answer is lost is settled by the config query, not sent twice.
    ctl.fault("drop", "/v2/merchant/busi/bill/config", json!({})).await;
    let seq = desk.new_req_seq_id();
    let form = BillConfigForm {
        req_seq_id: Some(seq.clone()),
        huifu_id: h.clone(),
        enabled: true,
        file_types: vec!["1".into(), "2".into(), "3".into()],
        ..Default::default()
    };
    let e = desk.set_bill_config(&p, form.clone()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    let sent = ctl.requests_to("/v2/merchant/busi/bill/config").await;
    let rep = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    assert_eq!(rep.settled, 1, "{rep:?}");
    let c = desk.set_bill_config(&p, form).await.unwrap();
    assert_eq!(c.file_types, ["1", "2", "3"]);
    assert_eq!(ctl.requests_to("/v2/merchant/busi/bill/config").await, sent, "the retry was answered from the journal");
    desk.shutdown().await;
}
