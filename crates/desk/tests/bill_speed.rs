//! The statements page's fast paths (issue 15) give exactly what scanning the rows gives: totals and daily
//! totals read from the daily totals kept on import, and an order-id search narrowed by the text index,
//! held against an oracle written here in plain Rust over every imported row. Files span several import
//! chunks (the index and the totals are written per chunk), two imports share the profile, one import
//! is made "from before the index" (its index is built at the first search), and one is replaced.

// desk::Error is a flat IPC object on purpose (see crates/desk/src/lib.rs).
#![allow(clippy::result_large_err)]

use std::path::Path;

use desk::services::bill::import::{ImportOptions, CHUNK_ROWS};
use desk::services::bill::query::BillFilter;
use desk::{Desk, Profile};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const MERCHANTS: &[&str] = &["6666000100000001", "6666000100000002", "6666000100000003"];
const TYPES: &[&str] = &["PAYMENT", "REFUND", "payment", "部分退款"];
const TRADES: &[&str] = &["A_NATIVE", "T_JSAPI", "t_jsapi"];
const STATS: &[&str] = &["S", "F", "P"];

/// One row as the oracle keeps it.
#[derive(Debug, Clone)]
struct Row {
    day: String,
    huifu: String,
    trans_type: String,
    trade_type: String,
    stat: String,
    ids: [String; 6],
    amt: i64,
    fee: i64,
    settlement: Option<i64>,
}

fn yuan(f: i64) -> String {
    format!("{}{}.{:02}", if f < 0 { "-" } else { "" }, f.abs() / 100, f.abs() % 100)
}

/// A CSV of `n` rows (ids with digits, letters of both cases and a Chinese one now and then), with or
/// without the settlement column.
fn write_csv(path: &Path, n: usize, seed: u64, with_settlement: bool) -> Vec<Row> {
    let mut r = Rng(seed);
    let mut out = String::from("trans_date,trans_time,acct_date,huifu_id,mer_name,trans_type,trade_type,hf_seq_id,req_seq_id,party_order_id,out_trans_id,org_hf_seq_id,org_req_seq_id,trans_amt,fee_amt,");
    if with_settlement {
        out.push_str("settlement_amt,");
    }
    out.push_str("trans_stat,devs_id,remark\r\n");
    let mut rows = Vec::new();
    for i in 0..n {
        let day = format!("202612{:02}", 1 + r.below(5));
        let id = |r: &mut Rng, p: &str| match r.below(5) {
            0 => String::new(),
            1 => format!("{p}订单{}", r.below(100_000)),
            _ => format!("{p}{:x}{}", r.below(1 << 20), r.below(1_000_000)),
        };
        // Past the first import chunk, now and then an id whose trigrams no earlier row has: a search for
        // it must look past chunks that lack them.
        let last = if i >= CHUNK_ROWS as usize && i % 1000 == 0 { format!("ZQXJ{i}") } else { format!("{i}") };
        let ids = [id(&mut r, "HF"), id(&mut r, "rq"), id(&mut r, "Po"), id(&mut r, "42"), id(&mut r, "oHf"), last];
        let (amt, fee) = (r.below(100_000) as i64, r.below(300) as i64);
        let settlement = with_settlement.then(|| amt - fee - r.below(3) as i64);
        let row = Row {
            huifu: r.pick(MERCHANTS).into(),
            trans_type: r.pick(TYPES).into(),
            trade_type: r.pick(TRADES).into(),
            stat: r.pick(STATS).into(),
            day,
            ids,
            amt,
            fee,
            settlement,
        };
        out.push_str(&format!(
            "{},101010,{},{},商户,{},{},",
            row.day, row.day, row.huifu, row.trans_type, row.trade_type
        ));
        out.push_str(&row.ids.join(","));
        out.push_str(&format!(",{},{},", yuan(amt), yuan(fee)));
        if let Some(s) = settlement {
            out.push_str(&format!("{},", yuan(s)));
        }
        out.push_str(&format!("{},,\r\n", row.stat));
        rows.push(row);
    }
    std::fs::write(path, out).unwrap();
    rows
}

fn is_refund(t: &str) -> bool {
    t.to_ascii_uppercase().contains("REFUND") || t.contains("退款")
}

/// (count, payments, payment fen, refunds, refund fen, fee, settled).
type Totals = (i64, i64, i64, i64, i64, i64, i64);

/// What the page must show for `f`, computed over `rows`: (count, payments, payment fen, refunds,
/// refund fen, fee, settled) and the per-day counts.
fn oracle(rows: &[Row], f: &BillFilter) -> (Totals, Vec<(String, i64)>) {
    let eq = |want: &Option<String>, have: &str, fold: bool| match want {
        None => true,
        Some(w) if fold => w.eq_ignore_ascii_case(have),
        Some(w) => w == have,
    };
    let text = f.text.as_ref().map(|t| t.to_ascii_lowercase());
    let mut t = (0, 0, 0, 0, 0, 0, 0);
    let mut days = std::collections::BTreeMap::new();
    for r in rows.iter().filter(|r| {
        f.date_from.as_ref().is_none_or(|d| &r.day >= d)
            && f.date_to.as_ref().is_none_or(|d| &r.day <= d)
            && eq(&f.huifu_id, &r.huifu, false)
            && eq(&f.trans_type, &r.trans_type, true)
            && eq(&f.trade_type, &r.trade_type, true)
            && eq(&f.status, &r.stat, false)
            && text.as_ref().is_none_or(|x| r.ids.iter().any(|id| id.to_ascii_lowercase().contains(x.as_str())))
    }) {
        let refund = is_refund(&r.trans_type);
        t.0 += 1;
        if refund {
            t.3 += 1;
            t.4 += r.amt;
            t.5 -= r.fee;
        } else {
            t.1 += 1;
            t.2 += r.amt;
            t.5 += r.fee;
        }
        t.6 += r.settlement.unwrap_or(if refund { r.fee - r.amt } else { r.amt - r.fee });
        *days.entry(r.day.clone()).or_insert(0) += 1;
    }
    (t, days.into_iter().collect())
}

fn check(desk: &Desk, p: &Profile, rows: &[Row], f: &BillFilter) {
    let (want, want_days) = oracle(rows, f);
    let page = desk.query_bills(p, f).unwrap();
    let got = page.totals.clone();
    let got =
        (got.count, got.payment_count, got.payment_fen, got.refund_count, got.refund_fen, got.fee_fen, got.settled_fen);
    assert_eq!(got, want, "totals for {f:?}");
    assert_eq!(desk.bill_totals(p, f).unwrap(), page.totals, "bill_totals = the page's totals for {f:?}");
    let days: Vec<(String, i64)> =
        desk.bill_daily_totals(p, f).unwrap().into_iter().map(|d| (d.date, d.count)).collect();
    assert_eq!(days, want_days, "daily totals for {f:?}");
    assert_eq!(page.rows.len() as i64, want.0.min(200), "a page of rows for {f:?}");
    let mut sorted = page.rows.clone();
    sorted.sort_by(|a, b| {
        (&a.bill_date, &a.trans_date, &a.trans_time).cmp(&(&b.bill_date, &b.trans_date, &b.trans_time))
    });
    assert_eq!(sorted, page.rows, "rows come in the page's order for {f:?}");
}

/// Filters over every field, and texts cut from real ids (1 to 9 characters, case changed), a
/// Chinese one and one that is nowhere.
fn filters(rows: &[Row], seed: u64) -> Vec<BillFilter> {
    let mut r = Rng(seed);
    let mut out = vec![BillFilter::default()];
    for _ in 0..60 {
        let mut f = BillFilter::default();
        if r.below(2) == 0 {
            let a = 1 + r.below(5);
            f.date_from = Some(format!("202612{a:02}"));
            f.date_to = Some(format!("202612{:02}", a + r.below(3)));
        }
        if r.below(2) == 0 {
            f.huifu_id = Some(r.pick(MERCHANTS).into());
        }
        if r.below(3) == 0 {
            f.trans_type = Some(r.pick(&["PAYMENT", "refund", "部分退款"]).into());
        }
        if r.below(4) == 0 {
            f.trade_type = Some(r.pick(&["T_JSAPI", "a_native"]).into());
        }
        if r.below(4) == 0 {
            f.status = Some(r.pick(STATS).into());
        }
        if r.below(2) == 0 {
            let row = &rows[r.below(rows.len() as u64) as usize];
            let id = &row.ids[r.below(6) as usize];
            let chars: Vec<char> = id.chars().collect();
            if !chars.is_empty() {
                let len = 1 + r.below(9.min(chars.len() as u64)) as usize;
                let at = r.below((chars.len() - len + 1) as u64) as usize;
                let piece: String = chars[at..at + len].iter().collect();
                f.text = Some(if r.below(2) == 0 { piece.to_ascii_uppercase() } else { piece });
            }
        }
        out.push(f);
    }
    for t in ["订单", "zzzzzz", "42", "%", "_", "zqxj", "QXJ5", "Xj51000"] {
        out.push(BillFilter { text: Some(t.into()), ..Default::default() });
    }
    out
}

#[tokio::test]
async fn fast_paths_give_what_a_scan_of_the_rows_gives() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open_without_reconcile(dir.path().join("home")).unwrap();
    let p = desk.profile(desk::SANDBOX_PROFILE).unwrap();
    let n = CHUNK_ROWS as usize + 7_000;
    let a = dir.path().join("a.csv");
    let mut rows = write_csv(&a, n, 1, true);
    let ra = desk.import_bill(&p, &a, ImportOptions::default(), &|_| {}).await.unwrap();
    assert_eq!(ra.rows, n as u64);
    let b = dir.path().join("b.csv");
    rows.extend(write_csv(&b, 3_000, 2, false));
    desk.import_bill(&p, &b, ImportOptions::default(), &|_| {}).await.unwrap();
    for f in filters(&rows, 3) {
        check(&desk, &p, &rows, &f);
    }

    // An import from before the index: no chunks, no trigrams, text_indexed 0. The first text search
    // indexes it and answers the same.
    desk.store()
        .with_conn(|c| {
            c.execute("DELETE FROM bill_trade_grams WHERE import_id = ?1", [ra.import_id])?;
            c.execute("DELETE FROM bill_trade_chunks WHERE import_id = ?1", [ra.import_id])?;
            c.execute("UPDATE bill_imports SET text_indexed = 0 WHERE id = ?1", [ra.import_id])?;
            Ok(())
        })
        .unwrap();
    for f in filters(&rows, 4).into_iter().filter(|f| f.text.is_some()) {
        check(&desk, &p, &rows, &f);
    }
    let indexed: i64 = desk
        .store()
        .with_conn(|c| Ok(c.query_row("SELECT min(text_indexed) FROM bill_imports", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(indexed, 1, "the old import was indexed by the first search");

    // A file of the same name with new content replaces its rows, their daily totals and their index.
    let rows_b2 = write_csv(&b, 2_000, 5, true);
    let r = desk.import_bill(&p, &b, ImportOptions::default(), &|_| {}).await.unwrap();
    assert!(r.replaced.is_some(), "{r:?}");
    rows.truncate(n);
    rows.extend(rows_b2);
    for f in filters(&rows, 6) {
        check(&desk, &p, &rows, &f);
    }
    let orphans: i64 = desk
        .store()
        .with_conn(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM bill_trade_days WHERE import_id NOT IN (SELECT id FROM bill_imports))
                      + (SELECT count(*) FROM bill_trade_grams WHERE import_id NOT IN (SELECT id FROM bill_imports))
                      + (SELECT count(*) FROM bill_trade_chunks WHERE import_id NOT IN (SELECT id FROM bill_imports))",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(orphans, 0, "the replaced import left no totals or index behind");
}
