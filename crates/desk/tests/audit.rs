//! The audit chain on a real SQLite file: verify names an edited, inserted or deleted row; search and CSV
//! export filter by date, merchant, endpoint and outcome; personal data never reaches a row.
#![allow(clippy::result_large_err)]

mod common;

use common::*;
use desk::audit::{self, AuditFilter, AuditProblemKind, NewAuditRow, Outcome};
use desk::csv_out::CsvLang;
use serde_json::json;

fn fill(desk: &desk::Desk, n: i64) {
    for i in 1..=n {
        let req = json!({"huifu_id": format!("66660001000000{:02}", i % 3), "legal_name": "张三", "card_info": "{\"card_no\":\"6222021234567890123\"}"});
        let resp = json!({"resp_code": "00000000", "mobile": "13812345678"});
        audit::record(
            desk.store(),
            desk.audit_chain(),
            NewAuditRow {
                at: format!("2026-11-{:02}T10:00:00.000Z", 20 + (i % 3)),
                profile: "sandbox",
                endpoint: if i % 2 == 0 { "/v2/merchant/busi/open" } else { "/v2/terminaldevice/deviceInfo/add" },
                merchant: Some(&format!("66660001000000{:02}", i % 3)),
                req_seq_id: Some(&format!("seq{i}")),
                request: &req,
                response: Some(&resp),
                key_id: Some("0123456789abcdef"),
                signature: Some("c2lnbmF0dXJl"),
                outcome: if i == 3 { Outcome::Refused } else { Outcome::Ok },
                resp_code: Some("00000000"),
                error: None,
                duration_ms: 5,
            },
        )
        .unwrap();
    }
}

fn first_problem(desk: &desk::Desk) -> (AuditProblemKind, i64) {
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert!(!r.ok, "tampering must be found");
    (r.problems[0].kind, r.problems[0].seq)
}

fn sql(desk: &desk::Desk, s: &str) {
    desk.store().with_conn(|c| Ok(c.execute_batch(s)?)).unwrap();
}

#[test]
fn an_intact_chain_verifies_and_rows_are_masked() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert!(r.ok && r.rows == 6, "{r:?}");
    let page = audit::search(desk.store(), &AuditFilter::default()).unwrap();
    for row in &page.rows {
        let text = format!("{} {}", row.request, row.response.clone().unwrap_or_default());
        for plain in ["张三", "6222021234567890123", "13812345678", "c2lnbmF0dXJl"] {
            assert!(!text.contains(plain), "{plain} in an audit row: {text}");
        }
        assert!(row.request.contains("张*"), "names masked as 张*: {}", row.request);
        assert_eq!(row.sign_hash.as_deref().map(str::len), Some(64), "a SHA-256 of the signature is kept");
    }
}

#[test]
fn verify_names_an_edited_row() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "UPDATE audit_log SET outcome = 'ok' WHERE seq = 3");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Edited, 3));
}

#[test]
fn verify_names_an_edited_row_whose_hash_was_rewritten() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "UPDATE audit_log SET outcome = 'ok', row_hash = 'ffff' WHERE seq = 3");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Edited, 3));
}

#[test]
fn verify_names_a_deleted_row() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "DELETE FROM audit_log WHERE seq = 4");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Deleted, 4));
}

#[test]
fn verify_names_a_deleted_row_even_when_the_rest_was_renumbered() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4; UPDATE audit_head SET seq = 5");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Deleted, 4));
}

#[test]
fn verify_names_rows_cut_off_the_end() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "DELETE FROM audit_log WHERE seq >= 5");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Truncated, 5));
}

#[test]
fn verify_names_rows_cut_off_the_end_even_with_the_head_moved_back() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    // Everything inside the database agrees: only the anchor in the keychain remembers row 6.
    sql(&desk, "DELETE FROM audit_log WHERE seq >= 5; UPDATE audit_head SET seq = 4, row_hash = (SELECT row_hash FROM audit_log WHERE seq = 4)");
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert_eq!((r.problems[0].kind, r.problems[0].seq), (AuditProblemKind::Truncated, 5), "{r:?}");
    assert!(r.problems[0].message.contains("audit_head was moved back"), "{}", r.problems[0].message);
}

#[test]
fn verify_names_a_wiped_log() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    sql(&desk, "DELETE FROM audit_log; DELETE FROM audit_head");
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert_eq!((r.problems[0].kind, r.rows), (AuditProblemKind::Wiped, 0), "{r:?}");
    assert!(r.problems[0].message.contains("held 6 rows"), "{}", r.problems[0].message);
}

/// The row encoding the module docs publish (length-prefixed fields), as a forger would rebuild it.
fn encode(c: &rusqlite::Connection, seq: i64) -> Vec<u8> {
    let cols = "prev_hash, seq, at, profile, endpoint, merchant, req_seq_id, request, response, key_id, sign_hash, outcome, resp_code, error, duration_ms";
    let fields: Vec<String> = c
        .query_row(&format!("SELECT {cols} FROM audit_log WHERE seq = ?1"), [seq], |r| {
            (0..15).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<Result<Vec<_>, _>>()
        })
        .unwrap()
        .into_iter()
        .map(|v| match v {
            rusqlite::types::Value::Text(t) => t,
            rusqlite::types::Value::Integer(i) => i.to_string(),
            _ => String::new(),
        })
        .collect();
    fields.iter().flat_map(|f| (f.len() as u64).to_le_bytes().into_iter().chain(f.bytes())).collect()
}

/// Edits row `from` and recomputes every hash from there on, and the head, the way the log was chained
/// before keying (plain SHA-256) — all a forger without the keychain can do.
fn edit_and_rehash(desk: &desk::Desk, from: i64) {
    use sha2::Digest;
    desk.store()
        .with_conn(|c| {
            c.execute("UPDATE audit_log SET outcome = 'ok', resp_code = '00000000' WHERE seq = ?1", [from])?;
            let last: i64 = c.query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))?;
            for seq in from..=last {
                c.execute("UPDATE audit_log SET prev_hash = (SELECT row_hash FROM audit_log WHERE seq = ?1 - 1) WHERE seq = ?1", [seq])?;
                let h = hex::encode(sha2::Sha256::digest(encode(c, seq)));
                c.execute("UPDATE audit_log SET row_hash = ?2 WHERE seq = ?1", rusqlite::params![seq, h])?;
            }
            c.execute("UPDATE audit_head SET row_hash = (SELECT row_hash FROM audit_log WHERE seq = ?1)", [last])?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn verify_names_an_edit_whose_hashes_were_recomputed() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    edit_and_rehash(&desk, 3);
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert_eq!((r.problems[0].kind, r.problems[0].seq), (AuditProblemKind::Rehashed, 3), "{r:?}");
    assert_eq!(r.problems.len(), 1, "one finding names the run: {r:?}");
}

#[test]
fn verify_names_an_inserted_row() {
    let (_d, desk) = temp_desk();
    fill(&desk, 6);
    // Make room at 3 and insert a row that links correctly to row 2 (a forger who knows the scheme).
    sql(
        &desk,
        "UPDATE audit_log SET seq = seq + 10 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 9 WHERE seq >= 13;",
    );
    sql(&desk, "INSERT INTO audit_log SELECT 3, at, profile, endpoint, merchant, 'forged', request, response, key_id, sign_hash, outcome, resp_code, error, duration_ms, (SELECT row_hash FROM audit_log WHERE seq = 2), 'x' FROM audit_log WHERE seq = 2");
    assert_eq!(first_problem(&desk), (AuditProblemKind::Inserted, 3));
}

#[test]
fn verify_names_a_row_appended_outside_paydesk() {
    let (_d, desk) = temp_desk();
    fill(&desk, 3);
    sql(&desk, "INSERT INTO audit_log SELECT 4, at, profile, endpoint, merchant, 'forged', request, response, key_id, sign_hash, outcome, resp_code, error, duration_ms, row_hash, row_hash FROM audit_log WHERE seq = 3");
    let r = audit::verify(desk.store(), desk.audit_chain()).unwrap();
    assert!(r.problems.iter().any(|p| p.seq == 4), "row 4 is named: {r:?}");
}

#[test]
fn search_and_csv_export_filter() {
    let (_d, desk) = temp_desk();
    fill(&desk, 9);
    let by = |f: AuditFilter| audit::search(desk.store(), &f).unwrap().total;
    assert_eq!(by(AuditFilter { endpoint: Some("busi/open".into()), ..Default::default() }), 4);
    assert_eq!(by(AuditFilter { outcome: Some(Outcome::Refused), ..Default::default() }), 1);
    assert_eq!(by(AuditFilter { merchant: Some("6666000100000001".into()), ..Default::default() }), 3);
    assert_eq!(
        by(AuditFilter { from: Some("2026-11-21".into()), to: Some("2026-11-21".into()), ..Default::default() }),
        3
    );
    let bad =
        audit::search(desk.store(), &AuditFilter { from: Some("yesterday".into()), ..Default::default() }).unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("from"));
    let mut out = Vec::new();
    let n = audit::export_csv(
        desk.store(),
        &AuditFilter { endpoint: Some("deviceInfo".into()), ..Default::default() },
        CsvLang::En,
        &mut out,
    )
    .unwrap();
    assert_eq!(n, 5);
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 6, "header + 5 rows");
    assert!(text.starts_with("\u{feff}seq,at,profile,endpoint"), "a BOM, then English headers");
    assert!(!text.contains("张三"));
    let mut out = Vec::new();
    audit::export_csv(desk.store(), &AuditFilter::default(), desk.csv_lang(), &mut out).unwrap();
    assert!(String::from_utf8(out).unwrap().starts_with("\u{feff}序号,时间,配置,接口"), "Chinese headers by default");
}

#[test]
fn an_exported_cell_never_runs_as_a_formula() {
    let (_d, desk) = temp_desk();
    let req = json!({"remark": "=HYPERLINK(\"http://evil.example\",\"click\")", "trans_amt": "-2.34"});
    audit::record(
        desk.store(),
        desk.audit_chain(),
        NewAuditRow {
            at: "2026-11-25T10:00:00.000Z".into(),
            profile: "sandbox",
            endpoint: "/v2/trade/payment/jspay",
            merchant: Some("6666000100000001"),
            req_seq_id: Some("=1+2"),
            request: &req,
            response: None,
            key_id: None,
            signature: None,
            outcome: Outcome::Failed,
            resp_code: None,
            error: Some("@SUM(A1:A9)"),
            duration_ms: 5,
        },
    )
    .unwrap();
    let mut out = Vec::new();
    audit::export_csv(desk.store(), &AuditFilter::default(), CsvLang::En, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut rd = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = rd.records().next().unwrap().unwrap();
    assert_eq!(&row[5], "'=1+2", "req_seq_id escaped");
    assert_eq!(&row[8], "'@SUM(A1:A9)", "error escaped");
    for cell in row.iter() {
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?} would run in a spreadsheet");
    }
}

#[test]
fn failed_calls_are_grouped_by_resp_code_with_counts_and_hints() {
    let (_d, desk) = temp_desk();
    fill(&desk, 2);
    let add = |code: Option<&str>, desc: &str, outcome: Outcome, error: Option<&str>| {
        let resp = code.map(|c| json!({"data": {"resp_code": c, "resp_desc": desc}}));
        audit::record(
            desk.store(),
            desk.audit_chain(),
            NewAuditRow {
                at: "2026-11-25T10:00:00.000Z".into(),
                profile: "sandbox",
                endpoint: "/v2/trade/payment/jspay",
                merchant: Some("6666000100000001"),
                req_seq_id: None,
                request: &json!({"trans_amt": "1.00"}),
                response: resp.as_ref(),
                key_id: None,
                signature: None,
                outcome,
                resp_code: code,
                error,
                duration_ms: 5,
            },
        )
        .unwrap();
    };
    add(Some("10000000"), "产品号不能为空", Outcome::Refused, None);
    add(Some("22000002"), "接口权限认证失败", Outcome::Refused, None);
    add(Some("22000002"), "接口权限认证失败", Outcome::Refused, None);
    add(None, "", Outcome::Unknown, Some("timed out"));
    let groups = audit::error_groups(desk.store(), &AuditFilter::default()).unwrap();
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert_eq!((groups[0].resp_code.as_deref(), groups[0].count), (Some("22000002"), 2), "most frequent first");
    assert!(groups[0].hint.is_some(), "the FAQ knows 接口权限认证失败: {groups:?}");
    assert_eq!(groups[0].description.as_deref(), Some("接口权限认证失败"));
    let unknown = groups.iter().find(|g| g.resp_code.is_none()).unwrap();
    assert_eq!((unknown.outcome, unknown.description.as_deref()), (Outcome::Unknown, Some("timed out")));
    let only_jspay = AuditFilter { endpoint: Some("busi/open".into()), ..Default::default() };
    assert!(audit::error_groups(desk.store(), &only_jspay).unwrap().is_empty(), "filters apply");
}
