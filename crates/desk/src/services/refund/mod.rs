//! Refunds of scan trades (§7.19): full, partial, several partials, split refunds (`acct_split_bunch`).
//!
//! The flow the refund page follows: [`Desk::prepare_refund`] when the form opens (fixes the refund's own
//! req_seq_id and req_date, and says how much is still refundable), then [`Desk::submit_refund`] with that
//! id — a second submit re-sends the same request (the journal answers it), never a new refund. Amounts
//! above what is refundable are refused here, naming the field `amount`, before anything is sent. Each
//! refund keeps a reason (sent as `remark`) and a local note. [`Desk::follow_refund`] polls the refund
//! query (the refund's own ids) to the final state; the reconciler settles a lost answer the same way.

pub mod activity;
pub mod batch;

mod send;
mod settle;

pub(crate) use send::{refund_left, repeat_error, RefundSend};
pub use settle::REFUND_CREATE;

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::refund::{Refund, RefundQuery};
use dougong::Fen;

use super::trade::{parse_split, split_parts, SplitPart, TradeRef};
use crate::call::ids_call;
use crate::error::Error;
use crate::profile::Profile;
use crate::trade_state::TradeState;
use crate::vocab::Problem;
use crate::Desk;

/// Where a refund stands, on every acquirer: the one refund vocabulary (`refundState` in crate::vocab).
/// Answers stored before there was one may say `closed` (a refund that did nothing) or `hold` (held for
/// an investigation, not final); they are read as failed and pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// Its id is fixed, nothing sent yet (or certainly not arrived).
    Prepared,
    /// Accepted by the acquirer, being processed.
    Pending,
    Success,
    Failed,
    /// Sent, no answer: settled by the refund query (reconcile or follow).
    Unknown,
}

impl<'de> Deserialize<'de> for RefundState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "prepared" => RefundState::Prepared,
            "pending" | "hold" => RefundState::Pending,
            "success" => RefundState::Success,
            "failed" | "closed" => RefundState::Failed,
            "unknown" => RefundState::Unknown,
            other => return Err(serde::de::Error::custom(format!("unknown refund state {other:?}"))),
        })
    }
}

impl RefundState {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundState::Prepared => "prepared",
            RefundState::Pending => "pending",
            RefundState::Success => "success",
            RefundState::Failed => "failed",
            RefundState::Unknown => "unknown",
        }
    }
    pub(crate) fn parse(s: &str) -> RefundState {
        match s {
            "prepared" => RefundState::Prepared,
            "pending" => RefundState::Pending,
            "success" => RefundState::Success,
            "failed" => RefundState::Failed,
            _ => RefundState::Unknown,
        }
    }
    /// Success or failed: nothing will change it.
    pub fn is_final(self) -> bool {
        matches!(self, RefundState::Success | RefundState::Failed)
    }
    /// The refunds' one predicate "may have taken effect": its amount is reserved (pending, unknown) or
    /// gone (success). A prepared refund never left; a failed one did nothing.
    pub fn may_have_taken_effect(self) -> bool {
        matches!(self, RefundState::Pending | RefundState::Success | RefundState::Unknown)
    }
    /// A refund's state from the acquirer's answer as normalised for orders ([`TradeState`]): a closed
    /// refund did nothing (failed); one held for an investigation is not final (pending).
    pub fn of_trade_state(s: TradeState) -> RefundState {
        match s {
            TradeState::Pending | TradeState::Hold => RefundState::Pending,
            TradeState::Success => RefundState::Success,
            TradeState::Failed | TradeState::Closed => RefundState::Failed,
            TradeState::Unknown => RefundState::Unknown,
        }
    }
    pub(crate) fn from_stat(s: &str) -> RefundState {
        match s {
            "S" => RefundState::Success,
            "F" => RefundState::Failed,
            _ => RefundState::Pending,
        }
    }
}

/// How much of a trade can still be refunded, known before the form opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Refundable {
    /// The trade as the scan query names it (req_seq_id, req_date, hf_seq_id all filled).
    pub trade: TradeRef,
    /// The trade's trans_stat now (only `S` can be refunded).
    pub trans_stat: String,
    #[ts(type = "number")]
    pub paid_fen: i64,
    /// Refunds that succeeded.
    #[ts(type = "number")]
    pub refunded_fen: i64,
    /// Refunds accepted but not final, or sent without an answer yet: reserved.
    #[ts(type = "number")]
    pub pending_fen: i64,
    #[ts(type = "number")]
    pub refundable_fen: i64,
    /// The trade's split (a split refund says what each receiver gives back).
    pub split: Vec<SplitPart>,
    /// Each receiver's part still refundable: its share minus its parts of split refunds that succeeded or
    /// may still succeed (Huifu refuses a receiver giving back more than it got, `23000003`). Empty when the
    /// trade was not split.
    pub split_refundable: Vec<SplitPart>,
}

/// The refund form as it opens: the refund's own ids fixed, and what is refundable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundDraft {
    pub req_seq_id: String,
    pub req_date: String,
    pub refundable: Refundable,
}

/// A refund to send.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct RefundForm {
    /// From [`Desk::prepare_refund`]; a second submit with it re-sends the same request. Generated if absent.
    pub req_seq_id: Option<String>,
    /// The original trade.
    pub trade: TradeRef,
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// Why (sent to Huifu as `remark`, kept locally).
    pub reason: String,
    /// A note kept locally only.
    pub note: String,
    /// Split refund: what each receiver gives back (adds up to the amount); empty = not split.
    pub split: Vec<SplitPart>,
    pub notify_url: Option<String>,
    /// The person confirmed that a refund of the same trade and amount as one made in the last 24 hours is
    /// meant (refused with `confirm_repeat` otherwise). Recorded in the audit log.
    pub allow_repeat: bool,
}

/// A refund as this desk knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct RefundRecord {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub org_req_seq_id: String,
    pub org_hf_seq_id: String,
    pub org_req_date: String,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub split: Vec<SplitPart>,
    pub reason: String,
    pub note: String,
    pub state: RefundState,
    pub hf_seq_id: Option<String>,
    pub resp_code: String,
    pub message: String,
    pub batch_id: Option<String>,
    #[ts(optional, type = "number")]
    pub batch_row: Option<i64>,
    /// A batch row that was not sent because an earlier refund of the same trade and amount already did
    /// it: that refund's req_seq_id (and its batch and row, when it came from one).
    pub covered_by: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Which refunds to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct RefundFilter {
    pub huifu_id: Option<String>,
    /// The original's req_seq_id or hf_seq_id.
    pub trade: Option<String>,
    pub batch_id: Option<String>,
    pub limit: Option<u32>,
}

ids_call!(write REFUND_CREATE, Refund {
    fn reconcile_key(&self) -> Value {
        json!({"org_req_date": self.org_req_date, "org_req_seq_id": self.org_req_seq_id, "org_hf_seq_id": self.org_hf_seq_id})
    }
});

ids_call!(read RefundQuery of original);

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<RefundRecord> {
    let state: String = r.get("state")?;
    let split: Option<String> = r.get("split")?;
    Ok(RefundRecord {
        req_seq_id: r.get("req_seq_id")?,
        req_date: r.get("req_date")?,
        huifu_id: r.get("huifu_id")?,
        org_req_seq_id: r.get("org_req_seq_id")?,
        org_hf_seq_id: r.get("org_hf_seq_id")?,
        org_req_date: r.get("org_req_date")?,
        amount_fen: r.get("amount_fen")?,
        split: parse_split(split.as_deref()),
        reason: r.get("reason")?,
        note: r.get("note")?,
        state: RefundState::parse(&state),
        hf_seq_id: r.get("hf_seq_id")?,
        resp_code: r.get("resp_code")?,
        message: r.get("message")?,
        batch_id: r.get("batch_id")?,
        batch_row: r.get("batch_row")?,
        covered_by: r.get("covered_by")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// A refund row to write when a refund is prepared (form submit, CSV import).
pub(crate) struct NewRefundRow<'a> {
    pub req_seq_id: &'a str,
    pub req_date: &'a str,
    pub huifu_id: &'a str,
    pub org_req_seq_id: &'a str,
    pub org_hf_seq_id: &'a str,
    pub org_req_date: &'a str,
    pub amount_fen: i64,
    pub split: Option<String>,
    pub reason: &'a str,
    pub note: &'a str,
    pub batch: Option<(&'a str, i64)>,
}

pub(crate) fn insert_row(
    tx: &rusqlite::Connection,
    profile: &str,
    r: &NewRefundRow<'_>,
    now: &str,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT OR IGNORE INTO refunds(profile, req_seq_id, req_date, huifu_id, org_req_seq_id, org_hf_seq_id, org_req_date, amount_fen,
                                       split, reason, note, state, batch_id, batch_row, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'prepared', ?12, ?13, ?14, ?14)",
        params![
            profile, r.req_seq_id, r.req_date, r.huifu_id, r.org_req_seq_id, r.org_hf_seq_id, r.org_req_date, r.amount_fen, r.split, r.reason,
            r.note, r.batch.map(|b| b.0), r.batch.map(|b| b.1), now
        ],
    )
}

/// Refunds of one trade however each named it (by the trade's req_seq_id or hf_seq_id, as prepared or as
/// resolved by the scan query), except `except`, oldest first.
pub(crate) fn refunds_of_trade(
    c: &rusqlite::Connection,
    profile: &str,
    t: &TradeRef,
    except: Option<&str>,
) -> Result<Vec<RefundRecord>, Error> {
    let seq = t.req_seq_id.clone().unwrap_or_default();
    let hf = t.hf_seq_id.clone().unwrap_or_default();
    let mut st = c.prepare(
        "SELECT * FROM refunds WHERE profile = ?1 AND huifu_id = ?2
           AND ((?3 <> '' AND (org_req_seq_id = ?3 OR trade_req_seq_id = ?3)) OR (?4 <> '' AND (org_hf_seq_id = ?4 OR trade_hf_seq_id = ?4)))
           AND req_seq_id <> ?5
         ORDER BY created_at, rowid",
    )?;
    let rows = st
        .query_map(params![profile, t.huifu_id, seq, hf, except.unwrap_or("")], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A split refund's parts against the trade: each receiver one of the trade's, giving back at most its
/// part still refundable. Refused naming the part's field (`split[i].huifu_id` / `split[i].amount`).
fn check_split_parts(left: &Refundable, parts: &[SplitPart]) -> Result<(), Error> {
    if !parts.is_empty() && left.split.is_empty() {
        return Err(Error::problem("split", Problem::SplitNotSplit, &[]));
    }
    for (i, p) in parts.iter().enumerate() {
        let Some(r) = left.split_refundable.iter().find(|r| r.huifu_id == p.huifu_id) else {
            return Err(Error::problem(
                format!("split[{i}].huifu_id"),
                Problem::SplitNotReceiver,
                &[("huifu_id", p.huifu_id.clone())],
            ));
        };
        if p.amount_fen > r.amount_fen {
            return Err(Error::problem(
                format!("split[{i}].amount"),
                Problem::SplitPartLeft,
                &[
                    ("amount", Fen(p.amount_fen).to_string()),
                    ("left", Fen(r.amount_fen).to_string()),
                    ("huifu_id", p.huifu_id.clone()),
                ],
            ));
        }
    }
    Ok(())
}

impl Desk {
    /// One locally kept refund by its own req_seq_id.
    pub fn refund(&self, profile: &Profile, req_seq_id: &str) -> Result<Option<RefundRecord>, Error> {
        let sql = "SELECT * FROM refunds WHERE profile = ?1 AND req_seq_id = ?2";
        self.store().row(sql, params![profile.name, req_seq_id], from_row)
    }

    /// Locally kept refunds, newest first.
    pub fn list_refunds(&self, profile: &Profile, f: &RefundFilter) -> Result<Vec<RefundRecord>, Error> {
        self.store().with_conn(|c| {
            let mut st = c.prepare(&format!(
                "SELECT * FROM refunds WHERE profile = ?1 AND (?2 IS NULL OR huifu_id = ?2)
                   AND (?3 IS NULL OR org_req_seq_id = ?3 OR org_hf_seq_id = ?3) AND (?4 IS NULL OR batch_id = ?4)
                 ORDER BY created_at DESC, rowid DESC LIMIT {}",
                f.limit.unwrap_or(500).clamp(1, 100_000)
            ))?;
            let rows = st
                .query_map(params![profile.name, f.huifu_id, f.trade, f.batch_id], from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Local refunds of one trade (matched by either of its ids), except `except`.
    fn refunds_of(&self, profile: &Profile, t: &TradeRef, except: Option<&str>) -> Result<Vec<RefundRecord>, Error> {
        self.store().with_conn(|c| refunds_of_trade(c, &profile.name, t, except))
    }

    /// How much of the trade is still refundable: what was paid (scan query) minus the refunds known here
    /// that succeeded or may still succeed (pending and unanswered ones are first refreshed by the refund
    /// query). `except` leaves out one refund (the one being re-submitted).
    pub async fn refundable(&self, profile: &Profile, trade: TradeRef) -> Result<Refundable, Error> {
        self.refundable_except(profile, &trade, None).await
    }

    async fn refundable_except(
        &self,
        profile: &Profile,
        trade: &TradeRef,
        except: Option<&str>,
    ) -> Result<Refundable, Error> {
        let r = self.resolve_trade_ref(profile, trade)?;
        let q = self.scan_query(profile, &r).await?;
        let t = TradeRef {
            huifu_id: r.huifu_id.clone(),
            req_seq_id: q.org_req_seq_id.clone().or(r.req_seq_id.clone()),
            req_date: q.org_req_date.clone().or(r.req_date.clone()),
            hf_seq_id: q.org_hf_seq_id.clone().or(r.hf_seq_id.clone()),
        };
        let stat = q.trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
        let paid = if stat == "S" { q.trans_amt.map(|f| f.0).unwrap_or(0) } else { 0 };
        let split: Vec<SplitPart> = q.acct_split_bunch.as_ref().map(|b| split_parts(&b.0)).unwrap_or_default();
        let mut split_refundable = split.clone();
        let (mut refunded, mut pending) = (0, 0);
        for mut x in self.refunds_of(profile, &t, except)? {
            if matches!(x.state, RefundState::Pending | RefundState::Unknown) {
                // Ask before reserving: a refund that failed frees its amount.
                if let Ok(fresh) = self.refund_status(profile, &x.req_seq_id).await {
                    x = fresh;
                }
            }
            match x.state {
                RefundState::Success => refunded += x.amount_fen,
                s if s.may_have_taken_effect() => pending += x.amount_fen,
                _ => continue,
            }
            for part in &x.split {
                if let Some(r) = split_refundable.iter_mut().find(|r| r.huifu_id == part.huifu_id) {
                    r.amount_fen = (r.amount_fen - part.amount_fen).max(0);
                }
            }
        }
        Ok(Refundable {
            trade: t,
            trans_stat: stat,
            paid_fen: paid,
            refunded_fen: refunded,
            pending_fen: pending,
            refundable_fen: (paid - refunded - pending).max(0),
            split,
            split_refundable,
        })
    }

    /// Opens the refund form: fixes the refund's req_seq_id and req_date and says what is refundable.
    pub async fn prepare_refund(&self, profile: &Profile, trade: TradeRef) -> Result<RefundDraft, Error> {
        let refundable = self.refundable(profile, trade).await?;
        Ok(RefundDraft { req_seq_id: self.new_req_seq_id(), req_date: self.req_date(), refundable })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        for s in [
            RefundState::Prepared,
            RefundState::Pending,
            RefundState::Success,
            RefundState::Failed,
            RefundState::Unknown,
        ] {
            assert_eq!(RefundState::parse(s.as_str()), s);
        }
        assert!(RefundState::Success.is_final() && !RefundState::Unknown.is_final());
        assert_eq!(RefundState::from_stat("P"), RefundState::Pending);
        // Answers journalled before the one refund vocabulary spoke the order states.
        for (old, new) in [("\"closed\"", RefundState::Failed), ("\"hold\"", RefundState::Pending)] {
            assert_eq!(serde_json::from_str::<RefundState>(old).unwrap(), new);
        }
        assert_eq!(serde_json::from_str::<RefundState>("\"success\"").unwrap(), RefundState::Success);
        assert!(serde_json::from_str::<RefundState>("\"paid\"").is_err());
    }
}
