//! Mapping bill file columns by header name. Huifu publishes no column layout (spec §7.22: "CSV column
//! layouts were not found in any source"), so the importer never trusts positions: each part's header
//! decides which known field sits where, tolerant of case, `_`/`-`/spaces (`file_name`, `file_Name`,
//! `fileName` are one name) and of the Chinese headers a real file may carry. The Chinese aliases are
//! ASSUMED (guessed from the API field descriptions), as is the English layout the sandbox writes.
//! Columns nobody knows are kept (as JSON in the row's `extra`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a part (one CSV, one sheet) holds, decided from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// Payments and refunds (`_order_` files).
    Trade,
    /// Per day and merchant summaries (`_settle_`, `_order_month_`, `_settle_month_`).
    Settle,
    /// Split rows (`_split_`).
    Split,
    /// Withdrawals (`_outcash_`).
    Withdrawal,
    /// A header matching no known layout: kept row by row as JSON.
    Other,
}

impl PartKind {
    /// The stable name stored in `bill_imports.kinds`.
    pub fn as_str(self) -> &'static str {
        match self {
            PartKind::Trade => "trade",
            PartKind::Settle => "settle",
            PartKind::Split => "split",
            PartKind::Withdrawal => "withdrawal",
            PartKind::Other => "other",
        }
    }

    /// The known fields of this kind, in the order the insert statement binds them, each with its
    /// accepted header names (compared after [`normalize`]).
    pub fn fields(self) -> &'static [(&'static str, &'static [&'static str])] {
        match self {
            PartKind::Trade => TRADE,
            PartKind::Settle => SETTLE,
            PartKind::Split => SPLIT,
            PartKind::Withdrawal => WITHDRAWAL,
            PartKind::Other => &[],
        }
    }
}

const TRADE: &[(&str, &[&str])] = &[
    ("trans_date", &["交易日期", "订单日期"]),
    ("trans_time", &["交易时间", "订单时间"]),
    ("acct_date", &["记账日期", "账务日期", "清算日期"]),
    ("huifu_id", &["商户号", "汇付商户号", "商户编号"]),
    ("mer_name", &["商户名称", "商户名"]),
    ("trans_type", &["交易类型"]),
    ("trade_type", &["支付方式", "交易方式", "支付类型"]),
    ("hf_seq_id", &["汇付全局流水号", "全局流水号"]),
    ("req_seq_id", &["请求流水号", "商户请求流水号"]),
    ("party_order_id", &["用户账单上的商户订单号", "商户订单号"]),
    ("out_trans_id", &["用户账单上的交易订单号", "通道订单号", "交易订单号"]),
    ("org_hf_seq_id", &["原交易全局流水号", "原全局流水号"]),
    ("org_req_seq_id", &["原交易请求流水号", "原请求流水号"]),
    ("trans_amt", &["交易金额", "订单金额", "ord_amt"]),
    ("fee_amt", &["手续费", "手续费金额", "fee_amount"]),
    ("settlement_amt", &["结算金额", "入账金额", "settle_amt"]),
    ("trans_stat", &["交易状态", "状态"]),
    ("devs_id", &["终端号", "设备号"]),
    ("remark", &["备注"]),
];

const SETTLE: &[(&str, &[&str])] = &[
    ("settle_date", &["结算日期", "日期", "trans_date"]),
    ("huifu_id", &["商户号", "汇付商户号"]),
    ("mer_name", &["商户名称"]),
    ("trade_count", &["交易笔数"]),
    ("trade_amt", &["交易金额"]),
    ("refund_count", &["退款笔数"]),
    ("refund_amt", &["退款金额"]),
    ("fee_amt", &["手续费", "手续费金额"]),
    ("refund_fee_amt", &["退还手续费", "退款手续费"]),
    ("settle_amt", &["结算金额"]),
];

const SPLIT: &[(&str, &[&str])] = &[
    ("trans_date", &["交易日期"]),
    ("huifu_id", &["商户号"]),
    ("trans_type", &["交易类型"]),
    ("hf_seq_id", &["汇付全局流水号", "全局流水号"]),
    ("req_seq_id", &["请求流水号"]),
    ("trans_amt", &["交易金额"]),
    ("div_huifu_id", &["分账商户号", "分账方"]),
    ("div_amt", &["分账金额"]),
];

const WITHDRAWAL: &[(&str, &[&str])] = &[
    ("trans_date", &["交易日期", "取现日期"]),
    ("trans_time", &["交易时间"]),
    ("huifu_id", &["商户号"]),
    ("hf_seq_id", &["汇付全局流水号", "全局流水号"]),
    ("req_seq_id", &["请求流水号"]),
    ("into_acct_date_type", &["到账类型", "取现类型"]),
    ("token_no", &["取现卡序列号", "卡序列号"]),
    ("cash_amt", &["取现金额"]),
    ("fee_amt", &["手续费"]),
    ("trans_stat", &["交易状态", "状态"]),
];

/// Fields that hold money (yuan in the file, fen in the database).
pub fn is_money(field: &str) -> bool {
    field.ends_with("_amt")
}

/// Fields that hold counts.
pub fn is_count(field: &str) -> bool {
    field.ends_with("_count")
}

/// Compares header names: ASCII lower case, without `_`, `-`, spaces, a BOM and surrounding quotes.
pub fn normalize(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '"' | '\t' | '（' | '）' | '(' | ')'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where each known field of a kind sits in a header, and which columns are unknown.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub kind: PartKind,
    /// For each of `kind.fields()`, the column index in the header (None = the file lacks it).
    pub index: Vec<Option<usize>>,
    /// Columns no known field claimed: (index, header as written).
    pub unknown: Vec<(usize, String)>,
}

fn find(norm: &[String], name: &str, aliases: &[&str]) -> Option<usize> {
    let n = normalize(name);
    norm.iter().position(|h| *h == n).or_else(|| {
        aliases.iter().find_map(|a| {
            let a = normalize(a);
            norm.iter().position(|h| *h == a)
        })
    })
}

/// Decides the kind of a part from its header (the file name only breaks ties) and maps its columns.
pub fn map_header(header: &[&str], part_name: &str) -> Mapping {
    let norm: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let has = |kind: PartKind, field: &str| {
        kind.fields().iter().find(|(f, _)| *f == field).is_some_and(|(f, a)| find(&norm, f, a).is_some())
    };
    let lower = part_name.to_ascii_lowercase();
    let kind = if has(PartKind::Split, "div_amt") {
        PartKind::Split
    } else if has(PartKind::Withdrawal, "cash_amt") {
        PartKind::Withdrawal
    } else if has(PartKind::Settle, "settle_amt")
        && (has(PartKind::Settle, "trade_count") || has(PartKind::Settle, "refund_amt"))
    {
        PartKind::Settle
    } else if has(PartKind::Trade, "trans_amt")
        && (has(PartKind::Trade, "hf_seq_id") || has(PartKind::Trade, "req_seq_id"))
    {
        PartKind::Trade
    } else if lower.contains("_settle") && has(PartKind::Settle, "settle_amt") {
        PartKind::Settle
    } else {
        PartKind::Other
    };
    let mut index = Vec::new();
    let mut claimed = vec![false; header.len()];
    for (f, aliases) in kind.fields() {
        let i = find(&norm, f, aliases).filter(|&i| !claimed[i]);
        if let Some(i) = i {
            claimed[i] = true;
        }
        index.push(i);
    }
    let unknown = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !claimed[*i])
        .map(|(i, h)| (i, h.trim_start_matches('\u{feff}').trim().to_string()))
        .collect();
    Mapping { kind, index, unknown }
}

/// Yuan text (`12.34`, `-2.34`, `12`, `1,234.5`, `¥12.34`) to fen. Empty is 0 (a file may leave a fee
/// blank). More than 2 decimals is refused rather than rounded: money is never guessed.
pub fn parse_fen(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() || t == "-" {
        return Ok(0);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let body = body.trim_start_matches(['¥', '￥']);
    let mut int: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0;
    let mut seen_dot = false;
    let mut any = false;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                any = true;
                let d = (b - b'0') as i64;
                if seen_dot {
                    frac_digits += 1;
                    if frac_digits > 2 {
                        if d != 0 {
                            return Err(format!("{s:?} has more than 2 decimals"));
                        }
                        continue;
                    }
                    frac = frac * 10 + d;
                } else {
                    int = int
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(d))
                        .ok_or_else(|| format!("{s:?} is too large"))?;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            b',' if !seen_dot => {}
            _ => return Err(format!("{s:?} is not an amount in yuan")),
        }
    }
    if !any {
        return Err(format!("{s:?} is not an amount in yuan"));
    }
    if frac_digits == 1 {
        frac *= 10;
    }
    let fen = int.checked_mul(100).and_then(|v| v.checked_add(frac)).ok_or_else(|| format!("{s:?} is too large"))?;
    Ok(if neg { -fen } else { fen })
}

/// A count (`3`, `3.0` from a spreadsheet); empty is 0.
pub fn parse_count(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.strip_suffix(".0").unwrap_or(t).parse::<i64>().map_err(|_| format!("{s:?} is not a count"))
}

/// A date as `yyyyMMdd` from `yyyyMMdd`, `yyyy-MM-dd`, `yyyy/MM/dd` (a time after it is dropped);
/// anything else as given (trimmed). Borrowed in the common case: no allocation per row.
pub fn date8(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(t);
    }
    let day = t.split([' ', 'T']).next().unwrap_or("");
    if day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(day);
    }
    let digits: String = day.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 && (day.contains('-') || day.contains('/')) {
        return std::borrow::Cow::Owned(digits);
    }
    std::borrow::Cow::Borrowed(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_to_fen() {
        for (s, f) in [
            ("12.34", 1234),
            ("-2.34", -234),
            ("12", 1200),
            ("0.5", 50),
            ("1,234.50", 123450),
            ("", 0),
            ("¥0.01", 1),
            ("3.100", 310),
        ] {
            assert_eq!(parse_fen(s), Ok(f), "{s}");
        }
        for s in ["abc", "1.234", "1.2.3", "--1"] {
            assert!(parse_fen(s).is_err(), "{s} must be refused");
        }
    }

    #[test]
    fn headers_map_by_name_whatever_the_spelling() {
        let m = map_header(&["\u{feff}TRANS_DATE", "hfSeqId", "transAmt", "fee_amt", "file_Name", "交易状态"], "x.csv");
        assert_eq!(m.kind, PartKind::Trade);
        let at = |f: &str| m.index[PartKind::Trade.fields().iter().position(|(n, _)| *n == f).unwrap()];
        assert_eq!(at("trans_date"), Some(0));
        assert_eq!(at("hf_seq_id"), Some(1));
        assert_eq!(at("trans_amt"), Some(2));
        assert_eq!(at("trans_stat"), Some(5));
        assert_eq!(at("req_seq_id"), None);
        assert_eq!(m.unknown, vec![(4, "file_Name".to_string())], "unknown columns are kept");
        assert_eq!(normalize("file_Name"), normalize("file_name"));
        let s = map_header(&["settle_date", "huifu_id", "trade_count", "settle_amt"], "a_settle_1.csv");
        assert_eq!(s.kind, PartKind::Settle);
        assert_eq!(map_header(&["a", "b"], "x.csv").kind, PartKind::Other);
        assert_eq!(map_header(&["trans_date", "div_huifu_id", "div_amt"], "x.csv").kind, PartKind::Split);
    }

    #[test]
    fn dates_become_yyyymmdd() {
        assert_eq!(date8("2026-11-30"), "20261130");
        assert_eq!(date8("20261130"), "20261130");
        assert_eq!(date8("2026/11/30 12:00:00"), "20261130");
    }
}
