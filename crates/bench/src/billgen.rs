//! A large trade bill in the sandbox's layout (crates/sandbox/README.md "Bills": the `order` CSV, header
//! `sandbox::dougong::bill_files::ORDER_HEADER`, UTF-8 without BOM, CRLF, RFC 4180 quoting, yuan with two
//! decimals), shaped like a service provider's year (issue 15): `MERCHANTS` merchants at 1,000 trades a
//! day each, day after day from `FIRST_DAY` (1,000,000 rows are 34 days, 10,000,000 a little over 11
//! months), a tenth refunds, several trade types, Chinese merchant names and remarks. Deterministic for
//! a given row count, so runs compare.
//!
//! What the bill figures look for is counted while writing: the payments of merchant `MERCHANT_PICK`
//! within the last `RANGE_DAYS` days of the file, and the rows where any order id (the six id columns
//! Paydesk's text search covers) contains `SEARCH_ID`.

use std::io::{BufWriter, Write};
use std::path::Path;

use sandbox::dougong::bill_files::ORDER_HEADER;

/// The merchant the filtered total picks.
pub const MERCHANT_PICK: &str = "6666000100000007";
/// What the text search looks for: part of an order id.
pub const SEARCH_ID: &str = "4242";
/// The file's first trade day.
pub const FIRST_DAY: time::Date = time::macros::date!(2026 - 01 - 01);
pub const MERCHANTS: u64 = 30;
pub const ROWS_PER_DAY: u64 = MERCHANTS * 1_000;
/// The filtered total's day range: the file's last days (a month).
pub const RANGE_DAYS: u64 = 30;

const NAMES: &[&str] = &[
    "上海测试便利店",
    "杭州西湖茶馆",
    "北京烤鸭餐厅",
    "深圳数码商城",
    "成都火锅, 总店",
    "广州\"早茶\"酒楼",
    "南京书店",
    "苏州丝绸坊",
];
const TRADE_TYPES: &[&str] = &["A_NATIVE", "T_JSAPI", "T_MINIAPP", "A_JSAPI", "U_NATIVE", "T_MICROPAY", "A_MICROPAY"];
const REMARKS: &[&str] = &["", "", "", "午餐", "晚餐", "外卖订单", "充值", "团购券核销", "礼品, 包装"];

/// xorshift64*: enough variety, no dependency, same file every run.
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
}

fn field(out: &mut impl Write, f: &str) -> std::io::Result<()> {
    if f.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", f.replace('"', "\"\""))
    } else {
        out.write_all(f.as_bytes())
    }
}

fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

/// What the generator planted, to check both importers' answers against.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Truth {
    pub rows: u64,
    /// The filtered total's day range (yyyyMMdd, inclusive): the last `RANGE_DAYS` days of the file.
    pub range: (String, String),
    /// Sum of `trans_amt` of PAYMENT rows of `MERCHANT_PICK` within `range`, in fen.
    pub pick_payment_fen: i64,
    pub pick_payment_rows: u64,
    /// Rows where one of the six order-id columns contains `SEARCH_ID`.
    pub search_rows: u64,
}

/// Writes `rows` data rows (plus the header) to `path`.
/// yyyyMMdd of the file's `n`th day.
pub fn day(n: u64) -> String {
    let d = FIRST_DAY + time::Duration::days(n as i64);
    format!("{:04}{:02}{:02}", d.year(), d.month() as u8, d.day())
}

/// The filtered total's first and last day numbers for a file of `rows` rows.
fn range_days(rows: u64) -> (u64, u64) {
    let days = rows.div_ceil(ROWS_PER_DAY).max(1);
    (days.saturating_sub(RANGE_DAYS), days - 1)
}

pub fn generate(path: &Path, rows: u64) -> std::io::Result<Truth> {
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (first_in_range, last) = range_days(rows);
    let mut truth = Truth { rows, range: (day(first_in_range), day(last)), ..Default::default() };
    let line = |out: &mut BufWriter<std::fs::File>, fields: &[&str]| -> std::io::Result<()> {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            field(out, f)?;
        }
        out.write_all(b"\r\n")
    };
    line(&mut out, ORDER_HEADER)?;
    for i in 0..rows {
        let d = i / ROWS_PER_DAY;
        let date = day(d);
        let m = (i % MERCHANTS) as usize;
        let huifu_id = format!("66660001{:08}", m);
        let name = format!("{}{}号店", NAMES[m % NAMES.len()], m);
        let secs = rng.below(86_400);
        let time = format!("{:02}{:02}{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        let refund = rng.below(10) == 0;
        let fen = 1 + rng.below(50_000) as i64; // 0.01 .. 500.00
        let fee = (fen * 38 + 5_000) / 10_000; // 0.38 %, half up
        let hf_seq_id = format!("0029{date}{:020}", i);
        let req_seq_id = format!("bench{date}{i:010}");
        let remark = REMARKS[rng.below(REMARKS.len() as u64) as usize];
        let (trans_type, trade_type, org_hf, org_req, settle) = if refund {
            (
                "REFUND",
                "TRANS_REFUND",
                format!("0029{date}{:020}", i.saturating_sub(1)),
                format!("bench{date}{:010}", i.saturating_sub(1)),
                -(fen - fee),
            )
        } else {
            (
                "PAYMENT",
                TRADE_TYPES[rng.below(TRADE_TYPES.len() as u64) as usize],
                String::new(),
                String::new(),
                fen - fee,
            )
        };
        if !refund && huifu_id == MERCHANT_PICK && d >= first_in_range {
            truth.pick_payment_fen += fen;
            truth.pick_payment_rows += 1;
        }
        let party = if refund { String::new() } else { format!("{date}22001{:012}", rng.below(1_000_000_000_000)) };
        let out_trans = if refund { String::new() } else { format!("4200{:024}", i) };
        let devs = if i % 7 == 0 { format!("SN{:010}", m) } else { String::new() };
        if [&hf_seq_id, &req_seq_id, &party, &out_trans, &org_hf, &org_req].iter().any(|id| id.contains(SEARCH_ID)) {
            truth.search_rows += 1;
        }
        line(
            &mut out,
            &[
                &date,
                &time,
                &date,
                &huifu_id,
                &name,
                trans_type,
                trade_type,
                &hf_seq_id,
                &req_seq_id,
                &party,
                &out_trans,
                &org_hf,
                &org_req,
                &yuan(fen),
                &yuan(fee),
                &yuan(settle),
                "S",
                &devs,
                remark,
            ],
        )?;
    }
    out.flush()?;
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_file_has_the_planted_rows_and_the_sandbox_header() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.csv");
        let t = generate(&p, 1000).unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[0], ORDER_HEADER.join(","));
        assert_eq!(lines.len(), 1001);
        let ids = |l: &&str| {
            l.split(',').enumerate().any(|(i, f)| [7, 8, 9, 10, 11, 12].contains(&i) && f.contains(SEARCH_ID))
        };
        assert_eq!(t.search_rows, lines[1..].iter().filter(|l| ids(l)).count() as u64);
        assert_eq!(
            t.pick_payment_rows,
            lines.iter().filter(|l| l.contains(MERCHANT_PICK) && l.contains(",PAYMENT,")).count() as u64
        );
        assert!(t.pick_payment_fen > 0);
        assert_eq!(t.range, (day(0), day(0)), "1,000 rows are one day");
        assert_eq!(range_days(ROWS_PER_DAY * 40 + 1), (11, 40), "41 days: the last 30");
        assert_eq!(range_days(10_000_000), (304, 333));
        assert_eq!((day(0).as_str(), day(31).as_str()), ("20260101", "20260201"));
        assert_eq!(yuan(-1234), "-12.34");
    }
}
