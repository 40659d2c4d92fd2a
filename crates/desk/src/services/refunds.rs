//! Refunds of scan trades (§7.19): full, partial, several partials, split refunds (`acct_split_bunch`).
//!
//! The flow the refund page follows: [`Desk::prepare_refund`] when the form opens (fixes the refund's own
//! req_seq_id and req_date, and says how much is still refundable), then [`Desk::submit_refund`] with that
//! id — a second submit re-sends the same request (the journal answers it), never a new refund. Amounts
//! above what is refundable are refused here, naming the field `amount`, before anything is sent. Each
//! refund keeps a reason (sent as `remark`) and a local note. [`Desk::follow_refund`] polls the refund
//! query (the refund's own ids) to the final state; the reconciler settles a lost answer the same way.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::refund::{Refund, RefundQuery, RefundResponse};
use dougong::Fen;

use super::orders::{is_not_found, parse_split, split_bunch, SplitPart, TradeRef};
use crate::call::{ids_call, Call};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profiles::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::reconcile::{BoxFuture, ReconcileFn, Settlement};
use crate::Desk;

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// Its id is fixed, nothing sent yet (or certainly not arrived).
    Prepared,
    /// Accepted by Huifu, being processed.
    Pending,
    Success,
    Failed,
    /// Sent, no answer: settled by the refund query (reconcile or follow).
    Unknown,
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
    fn parse(s: &str) -> RefundState {
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
    fn from_stat(s: &str) -> RefundState {
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
#[serde(rename_all = "camelCase", default)]
pub struct RefundForm {
    /// From [`Desk::prepare_refund`]; a second submit with it re-sends the same request. Generated if absent.
    #[ts(optional)]
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
    #[ts(optional)]
    pub notify_url: Option<String>,
}

/// A refund as this desk knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
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
    #[ts(optional)]
    pub hf_seq_id: Option<String>,
    pub resp_code: String,
    pub message: String,
    #[ts(optional)]
    pub batch_id: Option<String>,
    #[ts(optional)]
    pub batch_row: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// Which refunds to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RefundFilter {
    #[ts(optional)]
    pub huifu_id: Option<String>,
    /// The original's req_seq_id or hf_seq_id.
    #[ts(optional)]
    pub trade: Option<String>,
    #[ts(optional)]
    pub batch_id: Option<String>,
    #[ts(optional)]
    pub limit: Option<u32>,
}

ids_call!(write "refund.create", Refund {
    fn reconcile_key(&self) -> Value {
        json!({"org_req_date": self.org_req_date, "org_req_seq_id": self.org_req_seq_id, "org_hf_seq_id": self.org_hf_seq_id})
    }
});

impl Call for RefundQuery {
    fn req_seq_id(&self) -> Option<&str> {
        None
    }
    fn req_date(&self) -> Option<&str> {
        self.org_req_date.as_deref()
    }
    fn merchant(&self) -> Option<&str> {
        Some(&self.huifu_id)
    }
}

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

pub(crate) fn insert_row(tx: &rusqlite::Connection, profile: &str, r: &NewRefundRow<'_>, now: &str) -> rusqlite::Result<usize> {
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

/// A split refund's parts against the trade: each receiver one of the trade's, giving back at most its
/// part still refundable. Refused naming the part's field (`split[i].huifu_id` / `split[i].amount`).
fn check_split_parts(left: &Refundable, parts: &[SplitPart]) -> Result<(), Error> {
    if !parts.is_empty() && left.split.is_empty() {
        return Err(Error::invalid("split", "the trade was not split, so its refund cannot name receivers"));
    }
    for (i, p) in parts.iter().enumerate() {
        let Some(r) = left.split_refundable.iter().find(|r| r.huifu_id == p.huifu_id) else {
            return Err(Error::invalid(format!("split[{i}].huifu_id"), format!("{} is not a receiver of this trade", p.huifu_id)));
        };
        if p.amount_fen > r.amount_fen {
            return Err(Error::invalid(
                format!("split[{i}].amount"),
                format!("{} yuan is more than the {} yuan {} can still give back", Fen(p.amount_fen), Fen(r.amount_fen), p.huifu_id),
            ));
        }
    }
    Ok(())
}

impl Desk {
    /// One locally kept refund by its own req_seq_id.
    pub fn refund(&self, profile: &Profile, req_seq_id: &str) -> Result<Option<RefundRecord>, Error> {
        self.store().with_conn(|c| {
            Ok(c.query_row("SELECT * FROM refunds WHERE profile = ?1 AND req_seq_id = ?2", params![profile.name, req_seq_id], from_row).optional()?)
        })
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
            let rows = st.query_map(params![profile.name, f.huifu_id, f.trade, f.batch_id], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// Local refunds of one trade (matched by either of its ids), except `except`.
    fn refunds_of(&self, profile: &Profile, t: &TradeRef, except: Option<&str>) -> Result<Vec<RefundRecord>, Error> {
        let seq = t.req_seq_id.clone().unwrap_or_default();
        let hf = t.hf_seq_id.clone().unwrap_or_default();
        self.store().with_conn(|c| {
            let mut st = c.prepare(
                "SELECT * FROM refunds WHERE profile = ?1 AND huifu_id = ?2
                   AND ((?3 <> '' AND org_req_seq_id = ?3) OR (?4 <> '' AND org_hf_seq_id = ?4)) AND req_seq_id <> ?5",
            )?;
            let rows = st.query_map(params![profile.name, t.huifu_id, seq, hf, except.unwrap_or("")], from_row)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
    }

    /// How much of the trade is still refundable: what was paid (scan query) minus the refunds known here
    /// that succeeded or may still succeed (pending and unanswered ones are first refreshed by the refund
    /// query). `except` leaves out one refund (the one being re-submitted).
    pub async fn refundable(&self, profile: &Profile, trade: TradeRef) -> Result<Refundable, Error> {
        self.refundable_except(profile, &trade, None).await
    }

    async fn refundable_except(&self, profile: &Profile, trade: &TradeRef, except: Option<&str>) -> Result<Refundable, Error> {
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
        let split: Vec<SplitPart> = q.acct_split_bunch.as_ref().map(|b| b.0.acct_infos.iter().map(|a| SplitPart { huifu_id: a.huifu_id.clone(), amount_fen: a.div_amt.map(|f| f.0).unwrap_or(0) }).collect()).unwrap_or_default();
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
                RefundState::Pending | RefundState::Unknown => pending += x.amount_fen,
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

    /// Sends a refund. The same `reqSeqId` again (a double click, a retry) re-sends the same request
    /// through the journal — never a second refund. Refused here, naming `amount`, when it exceeds the
    /// refundable amount. Answers the refund as accepted (usually pending: follow with
    /// [`Desk::follow_refund`]). Errors: `InvalidInput` naming the field, the call's errors.
    pub async fn submit_refund(&self, profile: &Profile, form: RefundForm) -> Result<RefundRecord, Error> {
        checks::huifu_id("huifu_id", &form.trade.huifu_id)?;
        if form.amount_fen <= 0 {
            return Err(Error::invalid("amount", "must be a positive amount (1 fen = 0.01 yuan)"));
        }
        checks::max_len("reason", &form.reason, 255)?;
        checks::max_len("note", &form.note, 500)?;
        let split = split_bunch("split", &form.split, form.amount_fen)?;
        let seq = self.write_seq(form.req_seq_id.as_deref());
        let existing = self.refund(profile, &seq)?;
        let t = self.resolve_trade_ref(profile, &form.trade)?;
        let row = NewRefundRow {
            req_seq_id: &seq,
            req_date: &match &existing {
                Some(e) => e.req_date.clone(),
                None => self.req_date_for(profile, &seq)?,
            },
            huifu_id: &t.huifu_id,
            org_req_seq_id: t.req_seq_id.as_deref().unwrap_or(""),
            org_hf_seq_id: t.hf_seq_id.as_deref().unwrap_or(""),
            org_req_date: t.req_date.as_deref().unwrap_or(""),
            amount_fen: form.amount_fen,
            split: split.as_ref().map(|s| serde_json::to_string(&s.0)).transpose()?,
            reason: &form.reason,
            note: &form.note,
            batch: None,
        };
        self.send_refund(profile, row, split, form.notify_url.clone()).await
    }

    /// Checks the refundable amount, records the row (if new) and sends through the journal.
    pub(crate) async fn send_refund(
        &self,
        profile: &Profile,
        row: NewRefundRow<'_>,
        split: Option<dougong::wire::JsonStr<dougong::trade::channel::AcctSplitBunch>>,
        notify_url: Option<String>,
    ) -> Result<RefundRecord, Error> {
        let seq = row.req_seq_id.to_string();
        let sent_before = crate::journal::get(self.store(), &profile.name, &seq)?.is_some();
        let org = TradeRef {
            huifu_id: row.huifu_id.to_string(),
            req_seq_id: Some(row.org_req_seq_id.to_string()).filter(|s| !s.is_empty()),
            req_date: Some(row.org_req_date.to_string()).filter(|s| !s.is_empty()),
            hf_seq_id: Some(row.org_hf_seq_id.to_string()).filter(|s| !s.is_empty()),
        };
        if !sent_before {
            let left = self.refundable_except(profile, &org, Some(&seq)).await?;
            if left.trans_stat != "S" {
                return Err(Error::invalid("trade", format!("the trade is not paid (trans_stat {:?}); only a paid trade can be refunded", left.trans_stat)));
            }
            if row.amount_fen > left.refundable_fen {
                return Err(Error::invalid(
                    "amount",
                    format!(
                        "{} yuan is more than the {} yuan still refundable (paid {}, refunded {}, in progress {})",
                        Fen(row.amount_fen),
                        Fen(left.refundable_fen),
                        Fen(left.paid_fen),
                        Fen(left.refunded_fen),
                        Fen(left.pending_fen)
                    ),
                ));
            }
            check_split_parts(&left, &parse_split(row.split.as_deref()))?;
        }
        let now = rfc3339(self.now());
        self.store().with_conn(|c| Ok(insert_row(c, &profile.name, &row, &now)?))?;
        let stored = self.refund(profile, &seq)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"))?;
        let req = Refund {
            req_date: stored.req_date.clone(),
            req_seq_id: seq.clone(),
            huifu_id: stored.huifu_id.clone(),
            ord_amt: Fen(stored.amount_fen),
            org_req_date: stored.org_req_date.clone(),
            // The original is named the way the row was prepared; the answer fills in the other id.
            org_req_seq_id: Some(stored.org_req_seq_id.clone()).filter(|s| !s.is_empty()),
            org_hf_seq_id: if stored.org_req_seq_id.is_empty() { Some(stored.org_hf_seq_id.clone()).filter(|s| !s.is_empty()) } else { None },
            acct_split_bunch: split,
            remark: Some(stored.reason.clone()).filter(|r| !r.is_empty()),
            notify_url: notify_url.filter(|u| !u.is_empty()),
            ..Default::default()
        };
        let r = self.call(profile, &req).await;
        self.fold_refund(profile, &seq, &r)?;
        r?;
        self.refund(profile, &seq)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"))
    }

    /// Folds an answer (refund or refund query) or an error into the local row.
    fn fold_refund(&self, profile: &Profile, seq: &str, r: &Result<RefundResponse, Error>) -> Result<(), Error> {
        let now = rfc3339(self.now());
        let (state, hf, org_seq, org_hf, code, msg) = match r {
            Ok(a) => (
                RefundState::from_stat(a.trans_stat.as_ref().map(|s| s.as_str()).unwrap_or("P")),
                a.hf_seq_id.clone(),
                a.org_req_seq_id.clone(),
                a.org_hf_seq_id.clone(),
                a.resp_code.clone(),
                a.bank_message.clone().unwrap_or_else(|| a.resp_desc.clone()),
            ),
            Err(e) => {
                let state = match e.code {
                    ErrorCode::OutcomeUnknown | ErrorCode::Signature | ErrorCode::Decode => RefundState::Unknown,
                    ErrorCode::Refused => RefundState::Failed,
                    ErrorCode::InFlight => return Ok(()),
                    // Certainly not sent: still only prepared, the same id may go again.
                    _ => RefundState::Prepared,
                };
                (state, None, None, None, e.resp_code.clone().unwrap_or_default(), e.message.clone())
            }
        };
        self.store().with_conn(|c| {
            c.execute(
                "UPDATE refunds SET state = ?3, hf_seq_id = coalesce(?4, hf_seq_id),
                        org_req_seq_id = CASE WHEN org_req_seq_id = '' THEN coalesce(?5, '') ELSE org_req_seq_id END,
                        org_hf_seq_id = CASE WHEN org_hf_seq_id = '' THEN coalesce(?6, '') ELSE org_hf_seq_id END,
                        resp_code = ?7, message = ?8, updated_at = ?9
                 WHERE profile = ?1 AND req_seq_id = ?2",
                params![profile.name, seq, state.as_str(), hf, org_seq, org_hf, code, msg, now],
            )?;
            Ok(())
        })
    }

    /// The refund query with the refund's own ids (raw answer).
    async fn refund_query_raw(&self, profile: &Profile, huifu_id: &str, seq: &str, date: &str) -> Result<RefundResponse, Error> {
        let q = RefundQuery { huifu_id: huifu_id.into(), org_req_date: Some(date.into()), org_req_seq_id: Some(seq.into()), org_hf_seq_id: None, mer_ord_id: None };
        self.call(profile, &q).await
    }

    /// A refund's state now (refund query with its own ids); the local row is updated. A refund Huifu does
    /// not know (`23000001`) that was never answered stays as it is here.
    pub async fn refund_status(&self, profile: &Profile, req_seq_id: &str) -> Result<RefundRecord, Error> {
        let row = self.refund(profile, req_seq_id)?.ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no refund {req_seq_id} is known here")))?;
        if row.state == RefundState::Prepared {
            return Ok(row);
        }
        let q = match self.refund_query_raw(profile, &row.huifu_id, &row.req_seq_id, &row.req_date).await {
            Ok(q) => q,
            Err(e) if is_not_found(&e) && row.state == RefundState::Unknown => {
                // Sent without an answer and unknown to Huifu: it never arrived. Submitting it again with
                // the same id lets the journal prove that and send it once.
                let err = Error::new(ErrorCode::NotSent, "not found by the refund query: it never arrived; submit it again");
                self.fold_refund(profile, req_seq_id, &Err(err))?;
                return self.refund(profile, req_seq_id)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"));
            }
            Err(e) => return Err(e),
        };
        // The query names the refund's own ids org_*: keep the original's ids as they are.
        let a = RefundResponse { org_req_seq_id: None, org_hf_seq_id: None, hf_seq_id: q.org_hf_seq_id.clone(), ..q };
        self.fold_refund(profile, req_seq_id, &Ok(a))?;
        self.refund(profile, req_seq_id)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"))
    }

    /// A refund known only by its ids (made elsewhere): the refund query's answer, not kept.
    pub async fn refund_status_remote(&self, profile: &Profile, huifu_id: &str, req_seq_id: &str, req_date: &str) -> Result<RefundResponse, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        checks::date8("req_date", req_date)?;
        self.refund_query_raw(profile, huifu_id, req_seq_id, req_date).await
    }

    /// Polls the refund query until the refund is final, at most `polls` times `interval_ms` apart.
    pub async fn follow_refund(&self, profile: &Profile, req_seq_id: &str, polls: u32, interval_ms: u64, progress: Progress<'_>) -> Result<RefundRecord, Error> {
        let mut last = self.refund_status(profile, req_seq_id).await?;
        for i in 1..polls {
            if last.state.is_final() || last.state == RefundState::Prepared {
                break;
            }
            progress(ProgressEvent::new("refund.follow", i as u64, Some(polls as u64), format!("refund {req_seq_id} is {}", last.state.as_str())));
            tokio::time::sleep(std::time::Duration::from_millis(interval_ms)).await;
            last = self.refund_status(profile, req_seq_id).await?;
        }
        Ok(last)
    }
}

impl Desk {
    /// A verified refund notification about a refund made here: its state follows trans_stat (S/F/P),
    /// never moving back from a final one. Answers whether a row changed.
    pub(crate) fn apply_refund_notice(&self, profile: &Profile, req_seq_id: &str, trans_stat: &str, hf_seq_id: &str) -> Result<bool, Error> {
        if trans_stat.is_empty() {
            return Ok(false);
        }
        let now = rfc3339(self.now());
        let state = RefundState::from_stat(trans_stat);
        let n = self.store().with_conn(|c| {
            Ok(c.execute(
                "UPDATE refunds SET state = ?3, hf_seq_id = coalesce(nullif(?4, ''), hf_seq_id), updated_at = ?5
                 WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
                params![profile.name, req_seq_id, state.as_str(), hf_seq_id, now],
            )?)
        })?;
        Ok(n > 0)
    }
}

/// A refund is found by the refund query under its own req_seq_id + req_date. The local refund row follows
/// what the query found, as [`Desk::refund_status`] would: the refund list must not keep saying "unknown"
/// about a refund the reconcile already settled (or proved never arrived).
fn reconcile_refund<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> BoxFuture<'a, Result<Settlement, Error>> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let kept = d.refund(p, &e.req_seq_id)?.is_some();
        match d.refund_query_raw(p, &huifu_id, &e.req_seq_id, &e.req_date).await {
            Ok(q) => {
                if kept {
                    // The query names the refund's own ids org_*: keep the original's ids as they are.
                    let a = RefundResponse { org_req_seq_id: None, org_hf_seq_id: None, hf_seq_id: q.org_hf_seq_id.clone(), ..q.clone() };
                    d.fold_refund(p, &e.req_seq_id, &Ok(a))?;
                }
                let stat = q.trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
                let s = |k: &str| e.reconcile.get(k).cloned().unwrap_or(Value::Null);
                Ok(Settlement::Found(json!({
                    "resp_code": if stat == "P" { "00000100" } else { "00000000" }, "resp_desc": "found by refund query",
                    "huifu_id": huifu_id, "req_seq_id": e.req_seq_id, "req_date": e.req_date, "hf_seq_id": q.org_hf_seq_id,
                    "ord_amt": q.ord_amt.map(|f| f.to_yuan_string()), "trans_stat": stat, "bank_message": q.bank_message,
                    "org_req_seq_id": s("org_req_seq_id"), "org_hf_seq_id": s("org_hf_seq_id"), "org_req_date": s("org_req_date"),
                })))
            }
            Err(err) if is_not_found(&err) => {
                if kept {
                    // Never arrived: back to prepared, so the same id may go again (and nothing is reserved).
                    let not_sent = Error::new(ErrorCode::NotSent, "not found by the refund query: it never arrived; submit it again");
                    d.fold_refund(p, &e.req_seq_id, &Err(not_sent))?;
                }
                Ok(Settlement::NotFound)
            }
            Err(err) => Err(err),
        }
    })
}

/// Reconcilers of this module.
pub static RECONCILERS: &[(&str, ReconcileFn)] = &[("refund.create", reconcile_refund)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        for s in [RefundState::Prepared, RefundState::Pending, RefundState::Success, RefundState::Failed, RefundState::Unknown] {
            assert_eq!(RefundState::parse(s.as_str()), s);
        }
        assert!(RefundState::Success.is_final() && !RefundState::Unknown.is_final());
        assert_eq!(RefundState::from_stat("P"), RefundState::Pending);
    }
}
