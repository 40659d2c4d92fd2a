//! Trades and refunds across merchants, one list with filters (date, merchant, state, amount, ids): what
//! an operator scans all day. Read-only over the `trades` and `refunds` tables the order and refund
//! services keep; a trade's state says "refunded" or "partly refunded" from its successful refunds, so a
//! fully refunded trade no longer reads "paid".

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::Desk;

/// Which rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityFilter {
    /// `trade` or `refund`; both when absent.
    #[ts(optional)]
    pub kind: Option<String>,
    /// First and last req_date (`yyyyMMdd`), inclusive.
    #[ts(optional)]
    pub date_from: Option<String>,
    #[ts(optional)]
    pub date_to: Option<String>,
    #[ts(optional)]
    pub huifu_id: Option<String>,
    /// A word code of `tradeState` (trades) or `refundState` (refunds).
    #[ts(optional)]
    pub state: Option<String>,
    #[ts(optional, type = "number")]
    pub min_fen: Option<i64>,
    #[ts(optional, type = "number")]
    pub max_fen: Option<i64>,
    /// Part of any id (req_seq_id, hf_seq_id, the original's ids).
    #[ts(optional)]
    pub text: Option<String>,
    /// At most this many rows (default 200), newest first.
    #[ts(optional)]
    pub limit: Option<u32>,
}

/// One trade or refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityRow {
    /// `trade` or `refund`.
    pub kind: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// The merchant's name in the index (masked for individuals); empty when not in the index.
    pub merchant_name: String,
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// Trades: what successful refunds gave back so far.
    #[ts(type = "number")]
    pub refunded_fen: i64,
    /// A `tradeState` code (incl. `refunded`, `partly_refunded`) or a `refundState` code.
    pub state: String,
    /// Trades: `A_NATIVE`...; refunds: empty.
    pub trade_type: String,
    #[ts(optional)]
    pub hf_seq_id: Option<String>,
    /// Refunds: the original trade's req_seq_id (or hf_seq_id).
    pub org_id: String,
    pub created_at: String,
}

/// A trade's state from its wire status, its close and its successful refunds.
pub fn trade_state(trans_stat: &str, close_stat: &str, amount_fen: i64, refunded_fen: i64) -> &'static str {
    match trans_stat {
        "S" if refunded_fen >= amount_fen && amount_fen > 0 => "refunded",
        "S" if refunded_fen > 0 => "partly_refunded",
        "S" => "success",
        "F" if close_stat == "S" => "closed",
        "F" => "failed",
        "P" | "I" => "pending",
        _ => "unknown",
    }
}

impl Desk {
    /// Trades and refunds of `profile` matching `f`, newest first. Errors: `Storage`.
    pub fn list_activity(&self, profile: &str, f: &ActivityFilter) -> Result<Vec<ActivityRow>, Error> {
        let limit = f.limit.unwrap_or(200).min(2000) as usize;
        let want = |k: &str| f.kind.as_deref().is_none_or(|x| x.is_empty() || x == k);
        let mut rows = Vec::new();
        self.store().with_conn(|c| {
            let names = "(SELECT name FROM merchants m WHERE m.profile = x.profile AND m.huifu_id = x.huifu_id)";
            if want("trade") {
                let sql = format!(
                    "SELECT x.req_seq_id, x.req_date, x.huifu_id, coalesce({names}, ''), x.amount_fen,
                            coalesce((SELECT sum(r.amount_fen) FROM refunds r WHERE r.profile = x.profile AND r.state = 'success'
                                      AND ((r.org_req_seq_id <> '' AND r.org_req_seq_id = x.req_seq_id)
                                           OR (r.org_hf_seq_id <> '' AND r.org_hf_seq_id = x.hf_seq_id))), 0),
                            x.trans_stat, x.close_stat, x.trade_type, x.hf_seq_id, x.created_at
                     FROM trades x WHERE x.profile = ?1 ORDER BY x.created_at DESC"
                );
                let mut st = c.prepare(&sql)?;
                let it = st.query_map(params![profile], |r| {
                    let amount: i64 = r.get(4)?;
                    let refunded: i64 = r.get(5)?;
                    let stat: String = r.get(6)?;
                    let close: String = r.get(7)?;
                    Ok(ActivityRow {
                        kind: "trade".into(),
                        req_seq_id: r.get(0)?,
                        req_date: r.get(1)?,
                        huifu_id: r.get(2)?,
                        merchant_name: r.get(3)?,
                        amount_fen: amount,
                        refunded_fen: refunded,
                        state: trade_state(&stat, &close, amount, refunded).into(),
                        trade_type: r.get(8)?,
                        hf_seq_id: r.get(9)?,
                        org_id: String::new(),
                        created_at: r.get(10)?,
                    })
                })?;
                rows.extend(it.collect::<Result<Vec<_>, _>>()?);
            }
            if want("refund") {
                let sql = format!(
                    "SELECT x.req_seq_id, x.req_date, x.huifu_id, coalesce({names}, ''), x.amount_fen, x.state, x.hf_seq_id,
                            CASE WHEN x.org_req_seq_id <> '' THEN x.org_req_seq_id ELSE x.org_hf_seq_id END, x.created_at
                     FROM refunds x WHERE x.profile = ?1 ORDER BY x.created_at DESC"
                );
                let mut st = c.prepare(&sql)?;
                let it = st.query_map(params![profile], |r| {
                    Ok(ActivityRow {
                        kind: "refund".into(),
                        req_seq_id: r.get(0)?,
                        req_date: r.get(1)?,
                        huifu_id: r.get(2)?,
                        merchant_name: r.get(3)?,
                        amount_fen: r.get(4)?,
                        refunded_fen: 0,
                        state: r.get(5)?,
                        trade_type: String::new(),
                        hf_seq_id: r.get(6)?,
                        org_id: r.get(7)?,
                        created_at: r.get(8)?,
                    })
                })?;
                rows.extend(it.collect::<Result<Vec<_>, _>>()?);
            }
            Ok(())
        })?;
        let text = f.text.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let keep = |a: &ActivityRow| {
            f.date_from.as_deref().is_none_or(|d| d.is_empty() || a.req_date.as_str() >= d)
                && f.date_to.as_deref().is_none_or(|d| d.is_empty() || a.req_date.as_str() <= d)
                && f.huifu_id.as_deref().is_none_or(|h| h.is_empty() || a.huifu_id == h)
                && f.state.as_deref().is_none_or(|s| s.is_empty() || a.state == s)
                && f.min_fen.is_none_or(|m| a.amount_fen >= m)
                && f.max_fen.is_none_or(|m| a.amount_fen <= m)
                && text.is_none_or(|t| {
                    a.req_seq_id.contains(t)
                        || a.org_id.contains(t)
                        || a.hf_seq_id.as_deref().is_some_and(|h| h.contains(t))
                })
        };
        rows.retain(keep);
        rows.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        rows.truncate(limit);
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::trade_state;

    #[test]
    fn a_refunded_trade_no_longer_reads_paid() {
        assert_eq!(trade_state("S", "", 100, 0), "success");
        assert_eq!(trade_state("S", "", 100, 30), "partly_refunded");
        assert_eq!(trade_state("S", "", 100, 100), "refunded");
        assert_eq!(trade_state("F", "S", 100, 0), "closed");
        assert_eq!(trade_state("", "", 100, 0), "unknown");
    }
}
