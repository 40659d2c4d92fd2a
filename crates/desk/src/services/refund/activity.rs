//! Trades and refunds across merchants, one list with filters (date, merchant, state, amount, ids): what
//! an operator scans all day. Read-only over the `trades` and `refunds` tables the order and refund
//! services keep; a trade's state says "refunded" or "partly refunded" from its successful refunds, so a
//! fully refunded trade no longer reads "paid".

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Error;
use crate::services::refund::RefundState;
use crate::Desk;

/// A trade or a refund.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Trade,
    Refund,
}

/// A trade's state in the list: the order's state, or how much of it went back (words: `tradeState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TradeRowState {
    Pending,
    Success,
    PartlyRefunded,
    Refunded,
    Failed,
    Closed,
    Unknown,
}

/// What a row is and where it stands: a trade in its vocabulary, a refund in the refunds' one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "state", rename_all = "snake_case")]
pub enum ActivityState {
    Trade(TradeRowState),
    Refund(RefundState),
}

impl ActivityState {
    pub fn kind(self) -> ActivityKind {
        match self {
            ActivityState::Trade(_) => ActivityKind::Trade,
            ActivityState::Refund(_) => ActivityKind::Refund,
        }
    }
    /// The state's word code (what the filter names).
    fn code(self) -> String {
        let v = match self {
            ActivityState::Trade(s) => serde_json::to_value(s),
            ActivityState::Refund(s) => serde_json::to_value(s),
        };
        v.ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }
}

/// Which rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityFilter {
    /// Trades or refunds; both when absent.
    pub kind: Option<ActivityKind>,
    /// First and last req_date (`yyyyMMdd`), inclusive.
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub huifu_id: Option<String>,
    /// A state of either vocabulary ([`TradeRowState`] for trades, [`RefundState`] for refunds): a code
    /// both have (`success`) matches both.
    pub state: Option<String>,
    #[ts(optional, type = "number")]
    pub min_fen: Option<i64>,
    #[ts(optional, type = "number")]
    pub max_fen: Option<i64>,
    /// Part of any id (req_seq_id, hf_seq_id, the original's ids).
    pub text: Option<String>,
    /// At most this many rows (default 200), newest first.
    pub limit: Option<u32>,
}

/// One trade or refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityRow {
    /// `kind` (trade or refund) and `state` in that kind's vocabulary.
    #[serde(flatten)]
    pub what: ActivityState,
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
    /// Trades: `A_NATIVE`...; refunds: empty.
    pub trade_type: String,
    #[ts(optional)]
    pub hf_seq_id: Option<String>,
    /// Refunds: the original trade's req_seq_id (or hf_seq_id).
    pub org_id: String,
    pub created_at: String,
}

/// A trade's state from its wire status, its close and its successful refunds.
pub fn trade_state(trans_stat: &str, close_stat: &str, amount_fen: i64, refunded_fen: i64) -> TradeRowState {
    match trans_stat {
        "S" if refunded_fen >= amount_fen && amount_fen > 0 => TradeRowState::Refunded,
        "S" if refunded_fen > 0 => TradeRowState::PartlyRefunded,
        "S" => TradeRowState::Success,
        "F" if close_stat == "S" => TradeRowState::Closed,
        "F" => TradeRowState::Failed,
        "P" | "I" => TradeRowState::Pending,
        _ => TradeRowState::Unknown,
    }
}

impl Desk {
    /// Trades and refunds of `profile` matching `f`, newest first. Errors: `Storage`.
    pub fn list_activity(&self, profile: &str, f: &ActivityFilter) -> Result<Vec<ActivityRow>, Error> {
        if let Some(s) = f.state.as_deref().filter(|s| !s.is_empty()) {
            let known = serde_json::from_value::<TradeRowState>(s.into()).is_ok()
                || serde_json::from_value::<RefundState>(s.into()).is_ok();
            if !known {
                return Err(Error::invalid("state", format!("{s:?} is not a trade or refund state")));
            }
        }
        let limit = f.limit.unwrap_or(200).min(2000) as usize;
        let want = |k: ActivityKind| f.kind.is_none_or(|x| x == k);
        let mut rows = Vec::new();
        self.store().with_conn(|c| {
            let names = "(SELECT name FROM merchants m WHERE m.profile = x.profile AND m.huifu_id = x.huifu_id)";
            if want(ActivityKind::Trade) {
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
                        what: ActivityState::Trade(trade_state(&stat, &close, amount, refunded)),
                        req_seq_id: r.get(0)?,
                        req_date: r.get(1)?,
                        huifu_id: r.get(2)?,
                        merchant_name: r.get(3)?,
                        amount_fen: amount,
                        refunded_fen: refunded,
                        trade_type: r.get(8)?,
                        hf_seq_id: r.get(9)?,
                        org_id: String::new(),
                        created_at: r.get(10)?,
                    })
                })?;
                rows.extend(it.collect::<Result<Vec<_>, _>>()?);
            }
            if want(ActivityKind::Refund) {
                let sql = format!(
                    "SELECT x.req_seq_id, x.req_date, x.huifu_id, coalesce({names}, ''), x.amount_fen, x.state, x.hf_seq_id,
                            CASE WHEN x.org_req_seq_id <> '' THEN x.org_req_seq_id ELSE x.org_hf_seq_id END, x.created_at
                     FROM refunds x WHERE x.profile = ?1 ORDER BY x.created_at DESC"
                );
                let mut st = c.prepare(&sql)?;
                let it = st.query_map(params![profile], |r| {
                    let state: String = r.get(5)?;
                    Ok(ActivityRow {
                        what: ActivityState::Refund(RefundState::parse(&state)),
                        req_seq_id: r.get(0)?,
                        req_date: r.get(1)?,
                        huifu_id: r.get(2)?,
                        merchant_name: r.get(3)?,
                        amount_fen: r.get(4)?,
                        refunded_fen: 0,
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
                && f.state.as_deref().is_none_or(|s| s.is_empty() || a.what.code() == s)
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
    use super::*;

    #[test]
    fn a_refunded_trade_no_longer_reads_paid() {
        assert_eq!(trade_state("S", "", 100, 0), TradeRowState::Success);
        assert_eq!(trade_state("S", "", 100, 30), TradeRowState::PartlyRefunded);
        assert_eq!(trade_state("S", "", 100, 100), TradeRowState::Refunded);
        assert_eq!(trade_state("F", "S", 100, 0), TradeRowState::Closed);
        assert_eq!(trade_state("", "", 100, 0), TradeRowState::Unknown);
    }

    #[test]
    fn a_row_names_its_kind_and_its_state_in_that_kinds_words() {
        let s = ActivityState::Trade(TradeRowState::PartlyRefunded);
        assert_eq!(serde_json::to_value(s).unwrap(), serde_json::json!({"kind": "trade", "state": "partly_refunded"}));
        assert_eq!((s.kind(), s.code().as_str()), (ActivityKind::Trade, "partly_refunded"));
        let r = ActivityState::Refund(RefundState::Unknown);
        assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!({"kind": "refund", "state": "unknown"}));
    }
}
