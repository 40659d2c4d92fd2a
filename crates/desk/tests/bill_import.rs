//! The bill importer on files made here: a zip of many CSV parts (each with its own header, spelled
//! differently, parts ordered 1, 2, …, 10, 11), a settlement part, an XLSX with a known and an unknown
//! sheet, and bad files refused whole. Runs on a real SQLite file through `import_file`, the same entry
//! the benchmark uses.

// desk::Error is a flat IPC object on purpose (see crates/desk/src/lib.rs).
#![allow(clippy::result_large_err)]

use std::io::Write;
use std::path::Path;

use desk::services::bill::columns::PartKind;
use desk::services::bill::import::{import_file, import_file_between, ImportOptions, CHUNK_ROWS};
use desk::store::Store;
use desk::ErrorCode;

const NOW: &str = "2026-11-30T00:00:00Z";

fn store(dir: &Path) -> Store {
    Store::open(&dir.join("paydesk.db")).expect("a fresh database with the migrations")
}

fn trade_csv(header: &str, from: usize, to: usize, bom: bool) -> String {
    let mut s = String::new();
    if bom {
        s.push('\u{feff}');
    }
    s.push_str(header);
    s.push_str("\r\n");
    for i in from..to {
        // hf_seq_id, amount (0.01 × (i % 100 + 1)), fee 0.00 or 0.01, a remark with a comma and quotes
        s.push_str(&format!(
            "20261129,101500,20261129,6666000000000001,测试商户,PAYMENT,A_NATIVE,HF{i:08},RQ{i:08},,,,,{}.{:02},0.0{},{},S,,\"note, \"\"{i}\"\"\",X{i}\r\n",
            (i % 100 + 1) / 100,
            (i % 100 + 1) % 100,
            i % 2,
            fen_str((i % 100 + 1) as i64 - (i % 2) as i64),
        ));
    }
    s.push_str("合计,,,,,,,,,,,,,999.99,,,,,,\r\n");
    s
}

fn fen_str(f: i64) -> String {
    format!("{}.{:02}", f / 100, f % 100)
}

const HEADER: &str = "trans_date,trans_time,acct_date,huifu_id,mer_name,trans_type,trade_type,hf_seq_id,req_seq_id,party_order_id,out_trans_id,org_hf_seq_id,org_req_seq_id,trans_amt,fee_amt,settlement_amt,trans_stat,devs_id,remark,file_Name";
const HEADER_CAMEL: &str = "TRANS_DATE,transTime,acctDate,huifuId,merName,transType,tradeType,hfSeqId,reqSeqId,partyOrderId,outTransId,orgHfSeqId,orgReqSeqId,transAmt,feeAmt,settlementAmt,transStat,devsId,remark,fileName";

fn zip_of(path: &Path, parts: &[(String, String)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn a_multi_part_zip_goes_in_whole_mapped_by_header_name() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    // 11 parts of 100 rows, written to the zip out of order; part 3 spells its header in camelCase.
    let mut parts = Vec::new();
    for n in [11usize, 2, 1, 3, 10, 4, 5, 6, 7, 8, 9] {
        let h = if n == 3 { HEADER_CAMEL } else { HEADER };
        parts.push((format!("20261129_6666000000000001_order_{n}.csv"), trade_csv(h, (n - 1) * 100, n * 100, n == 1)));
    }
    parts.push((
        "20261129_6666000000000001_settle_1.csv".into(),
        "settle_date,huifu_id,mer_name,trade_count,trade_amt,refund_count,refund_amt,fee_amt,refund_fee_amt,settle_amt\r\n20261129,6666000000000001,测试商户,1100,555.50,0,0.00,5.50,0.00,550.00\r\n".into(),
    ));
    parts.push(("readme.txt.sig".into(), "not bill data".into()));
    let file = dir.path().join("20261129_6666000000000001_order.zip");
    zip_of(&file, &parts);

    let mut conn = st.open_connection().unwrap();
    let events = std::sync::Mutex::new(Vec::new());
    let rep =
        import_file(&mut conn, "sandbox", &file, ImportOptions::default(), NOW, &|e| events.lock().unwrap().push(e))
            .unwrap();
    assert_eq!(rep.rows, 1101, "{rep:?}");
    let names: Vec<&str> = rep.parts.iter().map(|p| p.name.as_str()).collect();
    let want: Vec<String> = (1..=11).map(|n| format!("20261129_6666000000000001_order_{n}.csv")).collect();
    assert_eq!(&names[..11], want.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), "parts in natural order");
    assert_eq!(rep.parts[11].kind, PartKind::Settle);
    assert!(
        rep.parts[..11].iter().all(|p| p.kind == PartKind::Trade && p.rows == 100 && p.missing_columns.is_empty()),
        "{rep:?}"
    );
    assert_eq!(rep.parts[0].unknown_columns, ["file_Name"], "an unknown column is kept, named as written");
    assert_eq!(rep.parts[2].unknown_columns, ["fileName"]);
    assert!(events.lock().unwrap().iter().any(|e| e.step == "import.done" && e.done == 1101));

    st.with_conn(|c| {
        let (n, sum, fee, settled): (i64, i64, i64, i64) = c.query_row(
            "SELECT count(*), sum(trans_amt), sum(fee_amt), sum(settlement_amt) FROM bill_trades",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let want_sum: i64 = (0..1100).map(|i| (i % 100 + 1) as i64).sum();
        assert_eq!((n, sum, fee, settled), (1100, want_sum, 550, want_sum - 550), "every row once, in fen");
        let (remark, extra, day): (String, String, String) =
            c.query_row("SELECT remark, extra, bill_date FROM bill_trades WHERE hf_seq_id = 'HF00000205'", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        assert_eq!(remark, "note, \"205\"", "RFC 4180 quoting");
        assert_eq!(extra, r#"{"fileName":"X205"}"#);
        assert_eq!(day, "20261129");
        let settle: i64 = c.query_row("SELECT settle_amt FROM bill_settles", [], |r| r.get(0))?;
        assert_eq!(settle, 55000);
        Ok(())
    })
    .unwrap();

    // The same bytes again: nothing doubles.
    let again = import_file(&mut conn, "sandbox", &file, ImportOptions::default(), NOW, &|_| {}).unwrap();
    assert!(again.already_imported && again.import_id == rep.import_id);
    let n: i64 = st.with_conn(|c| Ok(c.query_row("SELECT count(*) FROM bill_trades", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 1100);
}

#[test]
fn an_xlsx_maps_known_sheets_and_keeps_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let path = dir.path().join("20261129_6666000000000001_settlefund.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资金").unwrap();
    for (c, h) in ["结算日期", "资金流水号", "金额", "说明"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2026-11-29").unwrap();
    ws.write_string(1, 1, "F001").unwrap();
    ws.write_number(1, 2, 88.8).unwrap();
    ws.write_string(1, 3, "出款").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("trades").unwrap();
    for (c, h) in ["交易日期", "汇付全局流水号", "交易类型", "交易金额", "手续费", "交易状态"].iter().enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (hf, t, amt, fee)) in [("HFX1", "PAYMENT", 12.34, 0.05), ("HFX2", "REFUND", 2.34, 0.0)].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, "2026-11-29").unwrap();
        ws.write_string(r, 1, *hf).unwrap();
        ws.write_string(r, 2, *t).unwrap();
        ws.write_number(r, 3, *amt).unwrap();
        ws.write_number(r, 4, *fee).unwrap();
        ws.write_string(r, 5, "S").unwrap();
    }
    wb.save(&path).unwrap();

    let mut conn = st.open_connection().unwrap();
    let rep = import_file(&mut conn, "sandbox", &path, ImportOptions::default(), NOW, &|_| {}).unwrap();
    assert_eq!(rep.rows, 3, "{rep:?}");
    assert_eq!(rep.parts.iter().map(|p| p.kind).collect::<Vec<_>>(), [PartKind::Other, PartKind::Trade]);
    st.with_conn(|c| {
        let amts: Vec<(String, i64, i64, String)> = c
            .prepare("SELECT hf_seq_id, trans_amt, fee_amt, trans_date FROM bill_trades ORDER BY hf_seq_id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        assert_eq!(
            amts,
            [
                ("HFX1".to_string(), 1234, 5, "20261129".to_string()),
                ("HFX2".to_string(), 234, 0, "20261129".to_string())
            ]
        );
        let data: String = c.query_row("SELECT data FROM bill_other_rows", [], |r| r.get(0))?;
        let v: serde_json::Value = serde_json::from_str(&data).unwrap();
        assert_eq!(
            (v["资金流水号"].as_str(), v["金额"].as_str()),
            (Some("F001"), Some("88.8")),
            "nothing of an unknown layout is lost: {v}"
        );
        Ok(())
    })
    .unwrap();
}

#[test]
fn bad_files_are_refused_whole_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let mut conn = st.open_connection().unwrap();
    let mut body = trade_csv(HEADER, 0, 50, false);
    body = body.replacen("HF00000042,RQ00000042,,,,,0.43", "HF00000042,RQ00000042,,,,,0.4x", 1);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, body).unwrap();
    let e = import_file(&mut conn, "sandbox", &bad, ImportOptions::default(), NOW, &|_| {}).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("trans_amt")), "{e:?}");
    assert!(e.message.contains("bad.csv line 44"), "{}", e.message);

    let gbk = dir.path().join("gbk.csv");
    std::fs::write(
        &gbk,
        [
            b"trans_date,hf_seq_id,trans_amt\r\n20261129,HF1,1.00\r\n".as_slice(),
            &[0xb2, 0xe2, 0xca, 0xd4, b',', b'1', b',', b'1', b'\r', b'\n'],
        ]
        .concat(),
    )
    .unwrap();
    let e = import_file(&mut conn, "sandbox", &gbk, ImportOptions::default(), NOW, &|_| {}).unwrap_err();
    assert!(e.message.contains("UTF-8"), "{}", e.message);

    let counts: (i64, i64) = st
        .with_conn(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM bill_imports), (SELECT count(*) FROM bill_trades)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(counts, (0, 0), "nothing half-imported");
}

fn counts(st: &Store) -> (i64, i64, String) {
    st.with_conn(|c| {
        Ok(c.query_row(
            "SELECT (SELECT count(*) FROM bill_trades), (SELECT count(DISTINCT hf_seq_id) FROM bill_trades), (SELECT group_concat(state) FROM bill_imports)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, Option<String>>(2)?.unwrap_or_default())),
        )?)
    })
    .unwrap()
}

/// An import cut off after its first chunk (a crash between chunks) keeps that chunk, marked
/// `importing` (readers skip it); importing the same file again resumes after it, and nothing doubles.
#[test]
fn an_import_cut_off_resumes_after_its_last_chunk_and_nothing_doubles() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let total = 2 * CHUNK_ROWS as usize + 77;
    let file = dir.path().join("20261129_6666000000000001_order_cut.csv");
    std::fs::write(&file, trade_csv(HEADER, 0, total, false)).unwrap();

    let mut conn = st.open_connection().unwrap();
    let cut = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        import_file_between(&mut conn, "sandbox", &file, ImportOptions::default(), NOW, &|_| {}, &|| {
            panic!("the app was killed")
        })
    }));
    assert!(cut.is_err(), "cut off after the first chunk");
    drop(conn);
    assert_eq!(
        counts(&st),
        (CHUNK_ROWS as i64, CHUNK_ROWS as i64, "importing".to_string()),
        "the first chunk stays, not yet counted"
    );
    let mut conn = st.open_connection().unwrap();
    let events = std::sync::Mutex::new(Vec::new());
    let rep =
        import_file(&mut conn, "sandbox", &file, ImportOptions::default(), NOW, &|e| events.lock().unwrap().push(e))
            .unwrap();
    assert!(!rep.already_imported && rep.rows == total as u64, "{rep:?}");
    assert!(
        events.lock().unwrap().iter().any(|e| e.step == "import.resume" && e.done == CHUNK_ROWS),
        "resumed after the committed chunk"
    );
    assert_eq!(counts(&st), (total as i64, total as i64, "done".to_string()), "every row once");
    let again = import_file(&mut conn, "sandbox", &file, ImportOptions::default(), NOW, &|_| {}).unwrap();
    assert!(again.already_imported && again.import_id == rep.import_id, "{again:?}");
    assert_eq!(counts(&st).0, total as i64);
}

/// A large import commits chunk by chunk, so a writer of the app (an audit row) gets in while it runs,
/// instead of waiting for the whole file past its 5 s busy timeout.
#[tokio::test(flavor = "multi_thread")]
async fn an_audit_write_during_a_large_import_gets_in_between_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk::Desk::open_without_reconcile(dir.path().join("home")).unwrap();
    let total = 3 * CHUNK_ROWS as usize + 123;
    let file = dir.path().join("20261129_6666000000000001_order_big.csv");
    std::fs::write(&file, trade_csv(HEADER, 0, total, false)).unwrap();
    let p = desk.profile(desk::SANDBOX_PROFILE).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let job = {
        let (desk, file) = (desk.clone(), file.clone());
        tokio::spawn(async move {
            let send = move |e: desk::ProgressEvent| {
                let _ = tx.send(e);
            };
            desk.import_bill(&p, &file, ImportOptions::default(), &send).await
        })
    };
    while rx.recv().await.expect("progress until the first chunk").step != "import.rows" {}
    let request = serde_json::json!({"huifu_id": "6666000000000001"});
    desk::audit::record(
        desk.store(),
        desk.audit_chain(),
        desk::audit::NewAuditRow {
            at: NOW.into(),
            profile: desk::SANDBOX_PROFILE,
            endpoint: "/v2/merchant/basicdata/query",
            merchant: Some("6666000000000001"),
            req_seq_id: Some("20261130000000000001"),
            request: &request,
            response: None,
            key_id: None,
            signature: None,
            outcome: desk::audit::Outcome::Failed,
            resp_code: None,
            error: Some("recorded during an import"),
            duration_ms: 1,
        },
    )
    .expect("the audit write gets in while the import runs");
    assert_eq!(counts(desk.store()).2, "importing", "the write got in between chunks, not after the whole file");
    let seen = desk.bill_totals(&desk.profile(desk::SANDBOX_PROFILE).unwrap(), &Default::default()).unwrap();
    assert_eq!(seen.count, 0, "readers do not count a half import: {seen:?}");
    let rep = job.await.unwrap().unwrap();
    assert_eq!(rep.rows, total as u64);
    assert_eq!(counts(desk.store()), (total as i64, total as i64, "done".to_string()));
    assert!(desk::audit::verify(desk.store(), desk.audit_chain()).unwrap().ok);
}

// ---- Bounds: files from outside cannot make the importer read or hold without limit -------------------

/// Rewrites the uncompressed size of every entry named `name` in a zip file, in its local header and its
/// central directory record (what a forger edits; the CRC and data stay).
fn forge_size(path: &Path, name: &str, size: u32) {
    let mut b = std::fs::read(path).unwrap();
    let mut i = 0;
    let mut patched = 0;
    while i + 46 <= b.len() {
        let sig = u32::from_le_bytes(b[i..i + 4].try_into().unwrap());
        let (name_at, size_at) = match sig {
            0x04034b50 => (i + 30, i + 22), // local file header
            0x02014b50 => (i + 46, i + 24), // central directory record
            _ => {
                i += 1;
                continue;
            }
        };
        let name_len =
            u16::from_le_bytes(b[i + if sig == 0x04034b50 { 26 } else { 28 }..][..2].try_into().unwrap()) as usize;
        if b.get(name_at..name_at + name_len) == Some(name.as_bytes()) {
            b[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(patched, 2, "{name}: a local header and a central record were patched");
    std::fs::write(path, b).unwrap();
}

fn import_err(st: &Store, file: &Path) -> desk::Error {
    let mut conn = st.open_connection().unwrap();
    let e = import_file(&mut conn, "sandbox", file, ImportOptions::default(), NOW, &|_| {}).unwrap_err();
    let n: i64 = st.with_conn(|c| Ok(c.query_row("SELECT count(*) FROM bill_trades", [], |r| r.get(0))?)).unwrap();
    assert_eq!(n, 0, "nothing of a refused file stays");
    e
}

#[test]
fn a_zip_entry_that_inflates_past_its_declared_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let file = dir.path().join("lying.zip");
    // 20,000 rows (about 2 MB) that the header says are 1,000 bytes.
    zip_of(&file, &[("order_1.csv".into(), trade_csv(HEADER, 0, 20_000, false))]);
    forge_size(&file, "order_1.csv", 1000);
    let e = import_err(&st, &file);
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("file")), "{e:?}");
    assert!(
        e.message.contains("order_1.csv") && e.message.contains("1000 bytes its zip header declares"),
        "{}",
        e.message
    );
}

/// A minimal XLSX (one sheet) written with rust_xlsxwriter.
fn small_xlsx(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["交易日期", "汇付全局流水号", "交易金额"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "2026-11-29").unwrap();
    ws.write_string(1, 1, "HFX1").unwrap();
    ws.write_number(1, 2, 1.0).unwrap();
    wb.save(path).unwrap();
}

#[test]
fn an_xlsx_claiming_a_gigabyte_is_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let file = dir.path().join("big.xlsx");
    small_xlsx(&file);
    forge_size(&file, "xl/worksheets/sheet1.xml", 1 << 30);
    let e = import_err(&st, &file);
    assert_eq!(e.field.as_deref(), Some("file"));
    assert!(e.message.contains("unpacks to 1024 MiB"), "{}", e.message);

    // The same spreadsheet inside a bill zip, its own entry claiming 1 GB.
    let inner = std::fs::read(dir.path().join("big.xlsx")).unwrap();
    let outer = dir.path().join("bill.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&outer).unwrap());
        z.start_file("20261129_settle.xlsx", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(&inner).unwrap();
        z.finish().unwrap();
    }
    forge_size(&outer, "20261129_settle.xlsx", 1 << 30);
    let e = import_err(&st, &outer);
    assert!(e.message.contains("20261129_settle.xlsx") && e.message.contains("1 GiB"), "{}", e.message);
}

#[test]
fn an_xlsx_part_that_inflates_past_its_claim_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let file = dir.path().join("lying.xlsx");
    small_xlsx(&file);
    forge_size(&file, "xl/worksheets/sheet1.xml", 10);
    let e = import_err(&st, &file);
    assert!(
        e.message.contains("sheet1.xml") && e.message.contains("10 bytes its zip header declares"),
        "{}",
        e.message
    );
}

#[test]
fn a_hundred_megabyte_line_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let st = store(dir.path());
    let file = dir.path().join("long.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        writeln!(f, "{HEADER}").unwrap();
        let chunk = vec![b'9'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        writeln!(f).unwrap();
    }
    assert!(std::fs::metadata(&file).unwrap().len() > 100 << 20);
    let e = import_err(&st, &file);
    assert_eq!(e.field.as_deref(), Some("file"));
    assert!(e.message.contains("long.csv: line 2 is longer than 1024 KiB"), "{}", e.message);
}
