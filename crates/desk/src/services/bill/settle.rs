//! Reconciling settled amounts. The spec's check (§7.22, from Huifu's FAQ): settled amount = trade
//! amount − fee − refunds + refunded fees. For each day and merchant, the imported trade rows give the
//! expected figure; the settlement file (`_settle_`, or the monthly `_settle_month_` when no daily one
//! was imported) gives what Huifu settled, and its own columns must obey the same formula.
//!
//! ASSUMED: that the settlement file's day is the trade rows' accounting day (`acct_date`) — true of the
//! sandbox's layout; Huifu's layout is not published. A day present on one side only is reported as
//! such, never as a match.

use std::collections::BTreeMap;

use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::query::{where_clause, BillFilter, IS_REFUND};
use crate::error::Error;
use crate::profile::Profile;
use crate::Desk;

/// How a day and merchant came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SettleVerdict {
    /// The settlement file's amount equals the formula over the trade rows.
    Match,
    /// They differ (see `differenceFen`), or the file's own columns break the formula.
    Mismatch,
    /// Trade rows but no settlement row imported for that day.
    NoSettleFile,
    /// A settlement row but no trade rows imported for that day.
    NoTrades,
}

/// One day and merchant. Amounts in fen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettleCheckRow {
    pub date: String,
    pub huifu_id: String,
    #[ts(type = "number")]
    pub trade_count: i64,
    #[ts(type = "number")]
    pub trade_fen: i64,
    #[ts(type = "number")]
    pub fee_fen: i64,
    #[ts(type = "number")]
    pub refund_count: i64,
    #[ts(type = "number")]
    pub refund_fen: i64,
    #[ts(type = "number")]
    pub refund_fee_fen: i64,
    /// trade − fee − refund + refunded fee, over the trade rows.
    #[ts(type = "number")]
    pub expected_fen: i64,
    /// `settle_amt` of the settlement file.
    #[ts(optional, type = "number")]
    pub file_settled_fen: Option<i64>,
    /// The formula over the settlement file's own columns.
    #[ts(optional, type = "number")]
    pub file_formula_fen: Option<i64>,
    /// file − expected (0 when they agree or one side is missing).
    #[ts(type = "number")]
    pub difference_fen: i64,
    pub verdict: SettleVerdict,
}

/// The result of a settlement check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettleCheck {
    pub rows: Vec<SettleCheckRow>,
    pub matched: u32,
    pub mismatched: u32,
    /// Days found on one side only.
    pub incomplete: u32,
}

#[derive(Default)]
struct Side {
    trades: Option<[i64; 6]>,
    file: Option<[i64; 7]>,
}

impl Desk {
    /// Checks settled amounts per day and merchant over the filtered days (only `dateFrom`, `dateTo`,
    /// `huifuId` of the filter apply). See the module docs.
    ///
    /// Errors: `InvalidInput` (dates), `Storage`.
    pub fn check_settlement(&self, profile: &Profile, f: &BillFilter) -> Result<SettleCheck, Error> {
        let scope = BillFilter {
            date_from: f.date_from.clone(),
            date_to: f.date_to.clone(),
            huifu_id: f.huifu_id.clone(),
            ..Default::default()
        };
        let (w, ps) = where_clause(&profile.name, &scope)?;
        let mut days: BTreeMap<(String, String), Side> = BTreeMap::new();
        self.store().with_conn(|c| {
            let sql = format!(
                "SELECT bill_date, huifu_id,
                    sum(CASE WHEN {IS_REFUND} THEN 0 ELSE 1 END), sum(CASE WHEN {IS_REFUND} THEN 0 ELSE trans_amt END),
                    sum(CASE WHEN {IS_REFUND} THEN 0 ELSE fee_amt END), sum(CASE WHEN {IS_REFUND} THEN 1 ELSE 0 END),
                    sum(CASE WHEN {IS_REFUND} THEN trans_amt ELSE 0 END), sum(CASE WHEN {IS_REFUND} THEN fee_amt ELSE 0 END)
                 FROM bill_trades WHERE {w} GROUP BY bill_date, huifu_id"
            );
            let mut st = c.prepare(&sql)?;
            let mut rows = st.query(params_from_iter(&ps))?;
            while let Some(r) = rows.next()? {
                let v = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?];
                days.entry((r.get(0)?, r.get(1)?)).or_default().trades = Some(v);
            }
            // The same filter over the settlement table: its day column is settle_date.
            let sw = w.replace("bill_date", "settle_date");
            for kind in ["settle", "settle_month"] {
                let sql = format!(
                    "SELECT settle_date, huifu_id, sum(trade_count), sum(trade_amt), sum(fee_amt), sum(refund_count), sum(refund_amt),
                            sum(refund_fee_amt), sum(settle_amt)
                     FROM bill_settles WHERE {sw} AND file_kind = '{kind}' GROUP BY settle_date, huifu_id"
                );
                let mut st = c.prepare(&sql)?;
                let mut rows = st.query(params_from_iter(&ps))?;
                while let Some(r) = rows.next()? {
                    let v = [r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
                    let side = days.entry((r.get(0)?, r.get(1)?)).or_default();
                    if side.file.is_none() {
                        side.file = Some(v);
                    }
                }
            }
            Ok(())
        })?;
        let mut out = SettleCheck::default();
        for ((date, huifu_id), side) in days {
            let t = side.trades.unwrap_or_default();
            let expected = t[1] - t[2] - t[4] + t[5];
            let file_settled = side.file.map(|v| v[6]);
            let file_formula = side.file.map(|v| v[1] - v[2] - v[4] + v[5]);
            let (verdict, diff) = match (side.trades.is_some(), file_settled) {
                (true, Some(s)) if s == expected && file_formula == Some(s) => (SettleVerdict::Match, 0),
                (true, Some(s)) => (SettleVerdict::Mismatch, s - expected),
                (true, None) => (SettleVerdict::NoSettleFile, 0),
                (false, _) => (SettleVerdict::NoTrades, 0),
            };
            match verdict {
                SettleVerdict::Match => out.matched += 1,
                SettleVerdict::Mismatch => out.mismatched += 1,
                _ => out.incomplete += 1,
            }
            out.rows.push(SettleCheckRow {
                date,
                huifu_id,
                trade_count: t[0],
                trade_fen: t[1],
                fee_fen: t[2],
                refund_count: t[3],
                refund_fen: t[4],
                refund_fee_fen: t[5],
                expected_fen: expected,
                file_settled_fen: file_settled,
                file_formula_fen: file_formula,
                difference_fen: diff,
                verdict,
            });
        }
        Ok(out)
    }
}
