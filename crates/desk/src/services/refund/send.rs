//! Sending a refund through the write pipeline. The checks that keep money from leaving twice sit in the
//! refund's intent transaction (the same `BEGIN IMMEDIATE` as its journal entry), so no other window,
//! process or batch can slip a second refund of the same money in between:
//! - every refund of the trade that may have taken effect (success, pending, unknown — under any id,
//!   however it named the trade) is reserved, and the amount must fit what is left;
//! - a refund of the same trade that may have taken effect but is not settled (`unknown`) stops a new one,
//!   naming it;
//! - a refund of the same trade and amount as one made in the last 24 hours needs the person's word
//!   (`allow_repeat`), which the audit log records;
//! - a batch row is not sent when earlier refunds of the same trade and amount already cover it (see
//!   [`super::batch`]).

use std::sync::Mutex;

use rusqlite::params;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use dougong::refund::Refund;
use dougong::trade::channel::AcctSplitBunch;
use dougong::wire::JsonStr;
use dougong::Fen;

use super::{
    check_split_parts, insert_row, parse_split, refunds_of_trade, NewRefundRow, RefundForm, RefundRecord, RefundState,
};
use crate::call::{preview_of, RequestPreview, WriteOpts};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::trade::{split_bunch, trade_target, TradeRef};
use crate::vocab::Problem;
use crate::Desk;

/// How a refund came to be sent, beyond its row.
#[derive(Debug, Clone, Default)]
pub(crate) struct RefundSend {
    pub notify_url: Option<String>,
    /// The person said a repeat of the same trade and amount is meant.
    pub allow_repeat: bool,
    /// A batch row: the how-many-th row of its file with this trade and amount (1 = the first).
    pub occurrence: Option<u32>,
}

/// A refund form's values, checked, before anything is stored.
struct FormRefund {
    seq: String,
    req_date: String,
    /// The trade with the ids desk knows for it.
    trade: TradeRef,
    split: Option<JsonStr<AcctSplitBunch>>,
    split_text: Option<String>,
    /// The refund already stored under the same id (a second submit sends what it stored).
    existing: Option<RefundRecord>,
}

impl FormRefund {
    fn row<'a>(&'a self, form: &'a RefundForm) -> NewRefundRow<'a> {
        NewRefundRow {
            req_seq_id: &self.seq,
            req_date: &self.req_date,
            huifu_id: &self.trade.huifu_id,
            org_req_seq_id: self.trade.req_seq_id.as_deref().unwrap_or(""),
            org_hf_seq_id: self.trade.hf_seq_id.as_deref().unwrap_or(""),
            org_req_date: self.trade.req_date.as_deref().unwrap_or(""),
            amount_fen: form.amount_fen,
            split: self.split_text.clone(),
            reason: &form.reason,
            note: &form.note,
            batch: None,
        }
    }
}

/// What of a refund row goes on the wire.
struct RefundWire<'a> {
    req_seq_id: &'a str,
    req_date: &'a str,
    huifu_id: &'a str,
    amount_fen: i64,
    org_req_date: &'a str,
    org_req_seq_id: &'a str,
    org_hf_seq_id: &'a str,
    reason: &'a str,
}

impl<'a> From<&'a RefundRecord> for RefundWire<'a> {
    fn from(r: &'a RefundRecord) -> Self {
        RefundWire {
            req_seq_id: &r.req_seq_id,
            req_date: &r.req_date,
            huifu_id: &r.huifu_id,
            amount_fen: r.amount_fen,
            org_req_date: &r.org_req_date,
            org_req_seq_id: &r.org_req_seq_id,
            org_hf_seq_id: &r.org_hf_seq_id,
            reason: &r.reason,
        }
    }
}

impl<'a> From<&'a NewRefundRow<'a>> for RefundWire<'a> {
    fn from(r: &'a NewRefundRow<'a>) -> Self {
        RefundWire {
            req_seq_id: r.req_seq_id,
            req_date: r.req_date,
            huifu_id: r.huifu_id,
            amount_fen: r.amount_fen,
            org_req_date: r.org_req_date,
            org_req_seq_id: r.org_req_seq_id,
            org_hf_seq_id: r.org_hf_seq_id,
            reason: r.reason,
        }
    }
}

/// The dougong refund request for a row: what a send signs and a preview shows.
fn refund_request(r: &RefundWire<'_>, split: Option<JsonStr<AcctSplitBunch>>, notify_url: Option<&str>) -> Refund {
    let some = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    Refund {
        req_date: r.req_date.to_string(),
        req_seq_id: r.req_seq_id.to_string(),
        huifu_id: r.huifu_id.to_string(),
        ord_amt: Fen(r.amount_fen),
        org_req_date: r.org_req_date.to_string(),
        // The original is named the way the row was prepared; the answer fills in the other id.
        org_req_seq_id: some(r.org_req_seq_id),
        org_hf_seq_id: if r.org_req_seq_id.is_empty() { some(r.org_hf_seq_id) } else { None },
        acct_split_bunch: split,
        remark: some(r.reason),
        notify_url: notify_url.and_then(some),
        ..Default::default()
    }
}

/// Why a refund was not sent although nothing is wrong with it: earlier refunds already did it.
#[derive(Debug, Clone)]
pub(crate) struct Covered {
    pub by: String,
}

/// The refund's checks against every other refund of the trade, inside its intent transaction.
struct Guard<'a> {
    profile: &'a str,
    trade: TradeRef,
    paid_fen: i64,
    amount_fen: i64,
    send: &'a RefundSend,
    now: OffsetDateTime,
    covered: Mutex<Option<Covered>>,
}

impl Guard<'_> {
    fn check(&self, c: &rusqlite::Connection, e: &JournalEntry) -> Result<(), Error> {
        let others = refunds_of_trade(c, self.profile, &self.trade, Some(&e.req_seq_id))?;
        if let Some(open) = others.iter().find(|r| r.state == RefundState::Unknown) {
            return Err(Error {
                field: Some("amount".into()),
                ..Error::new(
                    ErrorCode::Unsettled,
                    format!(
                        "refund {} of this trade ({} yuan) may have taken effect and is not settled yet; query it (or run `paydesk reconcile`) before a new refund, or submit it again with its own id {}",
                        open.req_seq_id,
                        Fen(open.amount_fen),
                        open.req_seq_id
                    ),
                )
            });
        }
        let effective: Vec<&RefundRecord> = others.iter().filter(|r| r.state.may_have_taken_effect()).collect();
        let reserved: i64 = effective.iter().map(|r| r.amount_fen).sum();
        if self.amount_fen > self.paid_fen - reserved {
            return Err(refund_left(self.amount_fen, self.paid_fen, reserved));
        }
        let same: Vec<&&RefundRecord> = effective.iter().filter(|r| r.amount_fen == self.amount_fen).collect();
        match self.send.occurrence {
            Some(n) => {
                if same.len() >= n as usize {
                    let by = same[n as usize - 1];
                    let from = match (&by.batch_id, by.batch_row) {
                        (Some(b), Some(row)) => format!(" (batch {b} row {row})"),
                        _ => String::new(),
                    };
                    *self.covered.lock().unwrap_or_else(|p| p.into_inner()) =
                        Some(Covered { by: format!("{}{from}", by.req_seq_id) });
                    return Err(Error::new(
                        ErrorCode::AlreadyExists,
                        format!("already refunded by {}{from}", by.req_seq_id),
                    ));
                }
                if n > 1 && !self.send.allow_repeat {
                    return Err(repeat_error(
                        same.last().map(|r| r.req_seq_id.as_str()).unwrap_or("an earlier row"),
                        self.amount_fen,
                    ));
                }
            }
            None if !self.send.allow_repeat => {
                let day_ago = self.now - time::Duration::hours(24);
                let recent =
                    same.iter().find(|r| OffsetDateTime::parse(&r.created_at, &Rfc3339).is_ok_and(|t| t >= day_ago));
                if let Some(r) = recent {
                    return Err(repeat_error(&r.req_seq_id, self.amount_fen));
                }
            }
            None => {}
        }
        Ok(())
    }
}

/// A refund of the same trade and amount as `earlier`: the person confirms (app) or says `--allow-repeat`.
pub(crate) fn repeat_error(earlier: &str, amount: i64) -> Error {
    let e = Error::problem_as(
        ErrorCode::ConfirmRepeat,
        "amount",
        Problem::RefundRepeat,
        &[("amount", Fen(amount).to_string()), ("earlier", earlier.to_string())],
    );
    Error { message: format!("{} (CLI: --allow-repeat)", e.message), ..e }
}

/// More than is left to refund of what was paid, counting every refund that may have taken effect.
pub(crate) fn refund_left(amount: i64, paid: i64, reserved: i64) -> Error {
    Error::problem(
        "amount",
        Problem::RefundLeft,
        &[
            ("amount", Fen(amount).to_string()),
            ("left", Fen((paid - reserved).max(0)).to_string()),
            ("paid", Fen(paid).to_string()),
            ("reserved", Fen(reserved).to_string()),
        ],
    )
}

impl Desk {
    /// Sends a refund. The same `reqSeqId` again (a double click, a retry) re-sends the same request
    /// through the journal — never a second refund. Refused before anything is sent when it exceeds the
    /// refundable amount (`amount`), when another refund of the trade is unsettled (`unsettled`), or when
    /// it repeats a recent refund of the same amount without `allowRepeat` (`confirm_repeat`). Answers the
    /// refund as accepted (usually pending: follow with [`Desk::follow_refund`]).
    pub async fn submit_refund(&self, profile: &Profile, form: RefundForm) -> Result<RefundRecord, Error> {
        let f = self.form_refund(profile, &form)?;
        let send =
            RefundSend { notify_url: form.notify_url.clone(), allow_repeat: form.allow_repeat, occurrence: None };
        self.send_refund(profile, f.row(&form), f.split.clone(), &send).await.map_err(|e| e.0)
    }

    /// The request [`Desk::submit_refund`] would send for `form`, from the same code, with nothing stored
    /// or sent: the refund page shows it before the person confirms. The trade's refundable amount and the
    /// checks against other refunds are the send's; a preview states only what would be signed.
    pub fn preview_refund(&self, profile: &Profile, form: RefundForm) -> Result<RequestPreview, Error> {
        let f = self.form_refund(profile, &form)?;
        let req = match &f.existing {
            Some(e) => refund_request(&RefundWire::from(e), f.split.clone(), form.notify_url.as_deref()),
            None => refund_request(&RefundWire::from(&f.row(&form)), f.split.clone(), form.notify_url.as_deref()),
        };
        preview_of(&req)
    }

    /// A form's refund, checked the way a send checks it before anything is stored.
    fn form_refund(&self, profile: &Profile, form: &RefundForm) -> Result<FormRefund, Error> {
        checks::huifu_id("huifu_id", &form.trade.huifu_id)?;
        if form.amount_fen <= 0 {
            return Err(Error::problem("amount", Problem::AmountPositive, &[]));
        }
        checks::max_len("reason", &form.reason, 255)?;
        checks::max_len("note", &form.note, 500)?;
        let split = split_bunch("split", &form.split, form.amount_fen)?;
        let seq = self.write_seq(form.req_seq_id.as_deref());
        let existing = self.refund(profile, &seq)?;
        let trade = self.resolve_trade_ref(profile, &form.trade)?;
        let req_date = match &existing {
            Some(e) => e.req_date.clone(),
            None => self.req_date_for(profile, &seq)?,
        };
        let split_text = split.as_ref().map(|s| serde_json::to_string(&s.0)).transpose()?;
        Ok(FormRefund { seq, req_date, trade, split, split_text, existing })
    }

    /// Checks the trade, then sends through the write pipeline with the refund's guard and row in its
    /// intent. A batch row already covered by earlier refunds comes back as `Err((_, Some(covered)))`.
    pub(crate) async fn send_refund(
        &self,
        profile: &Profile,
        row: NewRefundRow<'_>,
        split: Option<JsonStr<AcctSplitBunch>>,
        send: &RefundSend,
    ) -> Result<RefundRecord, (Error, Option<Covered>)> {
        let plain = |e: Error| (e, None);
        let seq = row.req_seq_id.to_string();
        let journalled = crate::journal::get(self.store(), &profile.name, &seq).map_err(plain)?;
        let org = TradeRef {
            huifu_id: row.huifu_id.to_string(),
            req_seq_id: Some(row.org_req_seq_id.to_string()).filter(|s| !s.is_empty()),
            req_date: Some(row.org_req_date.to_string()).filter(|s| !s.is_empty()),
            hf_seq_id: Some(row.org_hf_seq_id.to_string()).filter(|s| !s.is_empty()),
        };
        // What the trade is and what was paid (the scan query); the guard counts the refunds locally.
        let left = self.refundable_except(profile, &org, Some(&seq)).await.map_err(plain)?;
        if journalled.is_none() {
            if left.trans_stat != "S" {
                return Err(plain(Error::problem(
                    "trade",
                    Problem::TradeNotPaid,
                    &[("stat", format!("{:?}", left.trans_stat))],
                )));
            }
            check_split_parts(&left, &parse_split(row.split.as_deref())).map_err(plain)?;
        }
        let now = rfc3339(self.now());
        let created = self.store().with_conn(|c| Ok(insert_row(c, &profile.name, &row, &now)?)).map_err(plain)?;
        let stored = self
            .refund(profile, &seq)
            .map_err(plain)?
            .ok_or_else(|| plain(Error::new(ErrorCode::Internal, "the refund row vanished")))?;
        let req = refund_request(&RefundWire::from(&stored), split, send.notify_url.as_deref());
        let trade = left.trade.clone();
        let guard = Guard {
            profile: &profile.name,
            trade: trade.clone(),
            paid_fen: left.paid_fen,
            amount_fen: stored.amount_fen,
            send,
            now: self.now(),
            covered: Mutex::new(None),
        };
        let intent = |c: &rusqlite::Connection, e: &JournalEntry| -> Result<(), Error> {
            guard.check(c, e)?;
            // From here the refund may take effect: its amount is reserved until an outcome says otherwise.
            c.execute(
                "UPDATE refunds SET state = 'unknown', message = 'being sent', trade_req_seq_id = ?3, trade_hf_seq_id = ?4, updated_at = ?5
                 WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
                params![e.profile, e.req_seq_id, trade.req_seq_id.clone().unwrap_or_default(), trade.hf_seq_id.clone().unwrap_or_default(), rfc3339(self.now())],
            )?;
            Ok(())
        };
        let target =
            trade.req_seq_id.as_deref().or(trade.hf_seq_id.as_deref()).map(|id| trade_target(&trade.huifu_id, id));
        let note =
            send.allow_repeat.then(|| "the person confirmed a repeat refund of the same trade and amount".to_string());
        let r = self.call_write(profile, &req, WriteOpts { target, intent: &intent, note }).await;
        if let Err(e) = r {
            let covered = guard.covered.lock().unwrap_or_else(|p| p.into_inner()).clone();
            // Refused before any intent was recorded: a row made only for this attempt goes again.
            if created > 0
                && journalled.is_none()
                && crate::journal::get(self.store(), &profile.name, &seq).map_err(plain)?.is_none()
                && stored.batch_id.is_none()
            {
                self.store()
                    .with_conn(|c| {
                        Ok(c.execute(
                            "DELETE FROM refunds WHERE profile = ?1 AND req_seq_id = ?2 AND state = 'prepared'",
                            params![profile.name, seq],
                        )?)
                    })
                    .map_err(plain)?;
            }
            return Err((e, covered));
        }
        self.refund(profile, &seq)
            .map_err(plain)?
            .ok_or_else(|| plain(Error::new(ErrorCode::Internal, "the refund row vanished")))
    }
}
