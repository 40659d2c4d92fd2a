//! Searching imported trade rows: filters (day range, merchant, trans type, trade type, status, text in
//! any order id), a page of rows, totals, daily totals for a chart, and a CSV export of the filtered set.
//! Rows belong to the profile whose import brought them. Refund rows are those whose `trans_type` says
//! REFUND (or 退款); their `trans_amt` is the refunded amount and `fee_amt` the fee given back.
//!
//! Speed (issue 15: the cost follows what is found, not the table): without a text filter, totals and
//! the daily chart read the daily totals kept on import (`bill_trade_days`, the same filter columns);
//! rows come in the page's order from an index (day, or merchant + day). With a text filter, the text
//! index ([`super::grams`]) names the candidate rows first and the LIKE filter keeps the true matches.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::grams;
use crate::checks;
use crate::csv_out::{CsvLang, CsvOut};
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;
use crate::Desk;

/// A refund row (SQL).
pub(crate) const IS_REFUND: &str = "(upper(trans_type) LIKE '%REFUND%' OR trans_type LIKE '%退款%')";

/// The settled amount of a row: the file's `settlement_amt`, else trade − fee (refunds negative).
const SETTLED: &str = "COALESCE(settlement_amt, CASE WHEN (upper(trans_type) LIKE '%REFUND%' OR trans_type LIKE '%退款%') THEN fee_amt - trans_amt ELSE trans_amt - fee_amt END)";

/// Filters over imported trade rows; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct BillFilter {
    /// First day (`yyyyMMdd`, the row's accounting day), inclusive.
    pub date_from: Option<String>,
    /// Last day, inclusive.
    pub date_to: Option<String>,
    /// Merchant `huifu_id`.
    pub huifu_id: Option<String>,
    /// `PAYMENT` / `REFUND` (as the file says).
    pub trans_type: Option<String>,
    /// Product, e.g. `A_NATIVE`, `T_JSAPI`.
    pub trade_type: Option<String>,
    /// `trans_stat`, e.g. `S`.
    pub status: Option<String>,
    /// Part of any order id: hf_seq_id, req_seq_id, party_order_id, out_trans_id, org_*.
    pub text: Option<String>,
    /// Page size (default 200, at most 10 000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// One imported trade row. Amounts in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillRow {
    pub bill_date: String,
    pub trans_date: String,
    pub trans_time: String,
    pub huifu_id: String,
    pub mer_name: String,
    pub trans_type: String,
    pub trade_type: String,
    pub hf_seq_id: String,
    pub req_seq_id: String,
    pub party_order_id: String,
    pub out_trans_id: String,
    pub org_hf_seq_id: String,
    pub org_req_seq_id: String,
    #[ts(type = "number")]
    pub trans_amt_fen: i64,
    #[ts(type = "number")]
    pub fee_amt_fen: i64,
    /// The file's settlement amount, or trade − fee when the file has none (refunds negative).
    #[ts(type = "number")]
    pub settled_fen: i64,
    pub trans_stat: String,
    pub devs_id: String,
    pub remark: String,
    /// Columns the importer did not know, as the file named them.
    pub extra: BTreeMap<String, String>,
}

/// Totals of a filtered set. Amounts in fen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillTotals {
    #[ts(type = "number")]
    pub count: i64,
    #[ts(type = "number")]
    pub payment_count: i64,
    #[ts(type = "number")]
    pub payment_fen: i64,
    #[ts(type = "number")]
    pub refund_count: i64,
    #[ts(type = "number")]
    pub refund_fen: i64,
    /// Payments − refunds.
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// Fees charged − fees given back on refunds.
    #[ts(type = "number")]
    pub fee_fen: i64,
    /// Sum of the rows' settled amounts.
    #[ts(type = "number")]
    pub settled_fen: i64,
}

/// A page of rows with the totals of the whole filtered set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillPage {
    pub rows: Vec<BillRow>,
    pub totals: BillTotals,
}

/// One day of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DailyTotal {
    pub date: String,
    #[ts(type = "number")]
    pub count: i64,
    /// Payments − refunds.
    #[ts(type = "number")]
    pub amount_fen: i64,
    #[ts(type = "number")]
    pub fee_fen: i64,
    #[ts(type = "number")]
    pub settled_fen: i64,
}

fn opt(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The WHERE clause and its parameters (all text) for `profile` and `f`.
pub(crate) fn where_clause(profile: &str, f: &BillFilter) -> Result<(String, Vec<String>), Error> {
    let mut sql = String::from("import_id IN (SELECT id FROM bill_imports WHERE profile = ?1 AND state = 'done')");
    let mut ps = vec![profile.to_string()];
    let mut add = |cond: &str, v: String, ps: &mut Vec<String>| {
        ps.push(v);
        sql.push_str(&format!(" AND {}", cond.replace('?', &format!("?{}", ps.len()))));
    };
    if let Some(d) = opt(&f.date_from) {
        checks::date8("date_from", d)?;
        add("bill_date >= ?", d.into(), &mut ps);
    }
    if let Some(d) = opt(&f.date_to) {
        checks::date8("date_to", d)?;
        add("bill_date <= ?", d.into(), &mut ps);
    }
    if let Some(h) = opt(&f.huifu_id) {
        add("huifu_id = ?", h.into(), &mut ps);
    }
    if let Some(t) = opt(&f.trans_type) {
        add("upper(trans_type) = upper(?)", t.into(), &mut ps);
    }
    if let Some(t) = opt(&f.trade_type) {
        add("upper(trade_type) = upper(?)", t.into(), &mut ps);
    }
    if let Some(s) = opt(&f.status) {
        add("trans_stat = ?", s.into(), &mut ps);
    }
    if let Some(t) = opt(&f.text) {
        let like = format!("%{}%", t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        ps.push(like);
        let n = ps.len();
        let any: Vec<String> = grams::ID_COLUMNS.iter().map(|c| format!("{c} LIKE ?{n} ESCAPE '\\'")).collect();
        sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    }
    Ok((sql, ps))
}

/// How a filter is answered: on the daily totals (no text filter) or on the rows.
struct Plan {
    /// WHERE clause over bill_trades (a text filter narrowed by the text index when it can be).
    rows: String,
    ps: Vec<String>,
    /// True when the daily totals table can answer totals (the filter has no text).
    days: bool,
}

/// The filter's WHERE clause, with a text filter narrowed to the text index's candidates (imports from
/// before the index are indexed first, once).
fn plan(c: &Connection, profile: &str, f: &BillFilter) -> Result<Plan, Error> {
    let (mut w, mut ps) = where_clause(profile, f)?;
    let Some(text) = opt(&f.text) else { return Ok(Plan { rows: w, ps, days: true }) };
    let Some(grams) = grams::query_grams(text) else { return Ok(Plan { rows: w, ps, days: false }) };
    let imports: Vec<(i64, bool)> = {
        let mut st = c.prepare_cached(
            "SELECT id, text_indexed FROM bill_imports WHERE profile = ?1 AND state = 'done' ORDER BY id",
        )?;
        let rows = st.query_map([profile], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        rows
    };
    let mut ids = Vec::new();
    for (import_id, indexed) in imports {
        if !indexed {
            c.execute_batch("BEGIN IMMEDIATE")?;
            let built = grams::index_import(c, import_id);
            c.execute_batch(if built.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
            built?;
        }
        grams::candidates(c, import_id, &grams, &mut ids)?;
    }
    ps.push(serde_json::to_string(&ids)?);
    w.push_str(&format!(" AND id IN (SELECT value FROM json_each(?{}))", ps.len()));
    Ok(Plan { rows: w, ps, days: false })
}

/// Totals of the filtered set, from the daily totals when the filter allows.
fn plan_totals(c: &Connection, p: &Plan) -> Result<BillTotals, Error> {
    if p.days {
        days_totals(c, &p.rows, &p.ps)
    } else {
        totals(c, &p.rows, &p.ps)
    }
}

/// [`totals`] over `bill_trade_days` (the same WHERE clause: it names only columns both tables have).
fn days_totals(c: &Connection, w: &str, ps: &[String]) -> Result<BillTotals, Error> {
    let sql = format!(
        "SELECT coalesce(sum(rows), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN 0 ELSE rows END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN 0 ELSE trans_amt END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN rows ELSE 0 END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN trans_amt ELSE 0 END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN -fee_amt ELSE fee_amt END), 0),
            coalesce(sum(settled), 0)
         FROM bill_trade_days WHERE {w}"
    );
    totals_row(c, &sql, ps)
}

fn totals_row(c: &Connection, sql: &str, ps: &[String]) -> Result<BillTotals, Error> {
    Ok(c.query_row(sql, params_from_iter(ps), |r| {
        let (pf, rf) = (r.get::<_, i64>(2)?, r.get::<_, i64>(4)?);
        Ok(BillTotals {
            count: r.get(0)?,
            payment_count: r.get(1)?,
            payment_fen: pf,
            refund_count: r.get(3)?,
            refund_fen: rf,
            amount_fen: pf - rf,
            fee_fen: r.get(5)?,
            settled_fen: r.get(6)?,
        })
    })?)
}

fn totals(c: &Connection, w: &str, ps: &[String]) -> Result<BillTotals, Error> {
    let sql = format!(
        "SELECT count(*),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN 0 ELSE 1 END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN 0 ELSE trans_amt END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN 1 ELSE 0 END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN trans_amt ELSE 0 END), 0),
            coalesce(sum(CASE WHEN {IS_REFUND} THEN -fee_amt ELSE fee_amt END), 0),
            coalesce(sum({SETTLED}), 0)
         FROM bill_trades WHERE {w}"
    );
    totals_row(c, &sql, ps)
}

const ROW_COLS: &str = "bill_date, trans_date, trans_time, huifu_id, mer_name, trans_type, trade_type, hf_seq_id, req_seq_id, party_order_id, \
     out_trans_id, org_hf_seq_id, org_req_seq_id, trans_amt, fee_amt, ";

fn each_row(
    c: &Connection,
    w: &str,
    ps: &[String],
    tail: &str,
    mut f: impl FnMut(BillRow) -> Result<(), Error>,
) -> Result<(), Error> {
    let sql = format!("SELECT {ROW_COLS} {SETTLED}, trans_stat, devs_id, remark, extra FROM bill_trades WHERE {w} ORDER BY bill_date, trans_date, trans_time, rowid {tail}");
    let mut st = c.prepare(&sql)?;
    let mut rows = st.query(params_from_iter(ps))?;
    while let Some(r) = rows.next()? {
        let extra: Option<String> = r.get(19)?;
        let extra = extra
            .and_then(|e| serde_json::from_str::<BTreeMap<String, serde_json::Value>>(&e).ok())
            .map(|m| {
                m.into_iter()
                    .map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        f(BillRow {
            bill_date: r.get(0)?,
            trans_date: r.get(1)?,
            trans_time: r.get(2)?,
            huifu_id: r.get(3)?,
            mer_name: r.get(4)?,
            trans_type: r.get(5)?,
            trade_type: r.get(6)?,
            hf_seq_id: r.get(7)?,
            req_seq_id: r.get(8)?,
            party_order_id: r.get(9)?,
            out_trans_id: r.get(10)?,
            org_hf_seq_id: r.get(11)?,
            org_req_seq_id: r.get(12)?,
            trans_amt_fen: r.get(13)?,
            fee_amt_fen: r.get(14)?,
            settled_fen: r.get(15)?,
            trans_stat: r.get(16)?,
            devs_id: r.get(17)?,
            remark: r.get(18)?,
            extra,
        })?;
    }
    Ok(())
}

/// Fen to a yuan string with 2 decimals (`-2.34`).
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.unsigned_abs() / 100, fen.unsigned_abs() % 100)
}

impl Desk {
    /// A page of imported trade rows and the totals of the whole filtered set.
    ///
    /// Errors: `InvalidInput` (`date_from` / `date_to`), `Storage`.
    pub fn query_bills(&self, profile: &Profile, f: &BillFilter) -> Result<BillPage, Error> {
        let limit = f.limit.unwrap_or(200).clamp(1, 10_000);
        let offset = f.offset.unwrap_or(0);
        self.store().with_conn(|c| {
            let p = plan(c, &profile.name, f)?;
            let mut rows = Vec::new();
            each_row(c, &p.rows, &p.ps, &format!("LIMIT {limit} OFFSET {offset}"), |r| {
                rows.push(r);
                Ok(())
            })?;
            Ok(BillPage { rows, totals: plan_totals(c, &p)? })
        })
    }

    /// Totals of the filtered set (limit/offset ignored).
    pub fn bill_totals(&self, profile: &Profile, f: &BillFilter) -> Result<BillTotals, Error> {
        self.store().with_conn(|c| plan_totals(c, &plan(c, &profile.name, f)?))
    }

    /// Per accounting day of the filtered set: count, net amount, fee, settled (for a chart).
    pub fn bill_daily_totals(&self, profile: &Profile, f: &BillFilter) -> Result<Vec<DailyTotal>, Error> {
        self.store().with_conn(|c| {
            let p = plan(c, &profile.name, f)?;
            let sql = if p.days {
                format!(
                    "SELECT bill_date, coalesce(sum(rows), 0), coalesce(sum(CASE WHEN {IS_REFUND} THEN -trans_amt ELSE trans_amt END), 0),
                            coalesce(sum(CASE WHEN {IS_REFUND} THEN -fee_amt ELSE fee_amt END), 0), coalesce(sum(settled), 0)
                     FROM bill_trade_days WHERE {} GROUP BY bill_date ORDER BY bill_date",
                    p.rows
                )
            } else {
                format!(
                    "SELECT bill_date, count(*), coalesce(sum(CASE WHEN {IS_REFUND} THEN -trans_amt ELSE trans_amt END), 0),
                            coalesce(sum(CASE WHEN {IS_REFUND} THEN -fee_amt ELSE fee_amt END), 0), coalesce(sum({SETTLED}), 0)
                     FROM bill_trades WHERE {} GROUP BY bill_date ORDER BY bill_date",
                    p.rows
                )
            };
            let mut st = c.prepare(&sql)?;
            let out = st
                .query_map(params_from_iter(&p.ps), |r| Ok(DailyTotal { date: r.get(0)?, count: r.get(1)?, amount_fen: r.get(2)?, fee_fen: r.get(3)?, settled_fen: r.get(4)? }))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(out)
        })
    }

    /// Writes the whole filtered set (limit/offset ignored) as CSV to `path` ([`crate::csv_out`]: BOM,
    /// formula cells escaped, headers in `lang` — the Chinese ones are names the importer maps back),
    /// amounts in yuan, unknown columns as one JSON column `extra`, through a temporary file renamed into
    /// place. Returns the number of rows written.
    ///
    /// Errors: `InvalidInput`, `Io`, `Storage`.
    pub fn export_bills_csv(
        &self,
        profile: &Profile,
        f: &BillFilter,
        lang: CsvLang,
        path: &Path,
    ) -> Result<u64, Error> {
        let Plan { rows: w, ps, .. } = self.store().with_conn(|c| plan(c, &profile.name, f))?;
        let tmp = path.with_extension("csv.part");
        let file = std::fs::File::create(&tmp)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", tmp.display())))?;
        let mut out = CsvOut::new(std::io::BufWriter::new(file), lang, EXPORT_COLUMNS)?;
        let mut n = 0u64;
        self.store().with_conn(|c| {
            each_row(c, &w, &ps, "", |r| {
                let extra = if r.extra.is_empty() { String::new() } else { serde_json::to_string(&r.extra)? };
                out.row([
                    &r.bill_date,
                    &r.trans_date,
                    &r.trans_time,
                    &r.huifu_id,
                    &r.mer_name,
                    &r.trans_type,
                    &r.trade_type,
                    &r.hf_seq_id,
                    &r.req_seq_id,
                    &r.party_order_id,
                    &r.out_trans_id,
                    &r.org_hf_seq_id,
                    &r.org_req_seq_id,
                    &yuan(r.trans_amt_fen),
                    &yuan(r.fee_amt_fen),
                    &yuan(r.settled_fen),
                    &r.trans_stat,
                    &r.devs_id,
                    &r.remark,
                    &extra,
                ])?;
                n += 1;
                Ok(())
            })
        })?;
        out.finish()?.flush()?;
        std::fs::rename(&tmp, path)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot move {} into place: {e}", tmp.display())))?;
        Ok(n)
    }
}

/// The bill export's columns: (中文, English). The Chinese names are ones [`super::columns`] maps back, so
/// an export imports again.
const EXPORT_COLUMNS: &[(&str, &str)] = &[
    ("账单日期", "bill_date"),
    ("交易日期", "trans_date"),
    ("交易时间", "trans_time"),
    ("商户号", "huifu_id"),
    ("商户名称", "mer_name"),
    ("交易类型", "trans_type"),
    ("支付方式", "trade_type"),
    ("汇付全局流水号", "hf_seq_id"),
    ("请求流水号", "req_seq_id"),
    ("用户账单上的商户订单号", "party_order_id"),
    ("用户账单上的交易订单号", "out_trans_id"),
    ("原交易全局流水号", "org_hf_seq_id"),
    ("原交易请求流水号", "org_req_seq_id"),
    ("交易金额", "trans_amt"),
    ("手续费", "fee_amt"),
    ("结算金额", "settlement_amt"),
    ("交易状态", "trans_stat"),
    ("终端号", "devs_id"),
    ("备注", "remark"),
    ("其他列", "extra"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_has_two_decimals() {
        assert_eq!(yuan(1234), "12.34");
        assert_eq!(yuan(-234), "-2.34");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(0), "0.00");
    }

    #[test]
    fn filters_number_their_parameters_and_escape_like() {
        let f = BillFilter {
            date_from: Some("20261101".into()),
            huifu_id: Some("6666".into()),
            text: Some("a_b%".into()),
            ..Default::default()
        };
        let (w, ps) = where_clause("sandbox", &f).unwrap();
        assert!(w.contains("bill_date >= ?2") && w.contains("huifu_id = ?3") && w.contains("LIKE ?4"), "{w}");
        assert_eq!(ps[3], "%a\\_b\\%%");
        let bad = BillFilter { date_to: Some("2026-11".into()), ..Default::default() };
        assert_eq!(where_clause("p", &bad).unwrap_err().field.as_deref(), Some("date_to"));
    }
}
