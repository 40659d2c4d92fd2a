//! Where a refund stands: its settler (the refund query under its own ids; the refund row follows every
//! finding in the same transaction as the journal), the status and follow queries, and notifications.

use rusqlite::params;
use serde_json::json;

use dougong::refund::{RefundQuery, RefundResponse};

use super::{RefundRecord, RefundState};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::{self, JournalEntry};
use crate::profile::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::services::trade::is_not_found;
use crate::trade_state::StatNotice;
use crate::write::{Finding, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// How a refund is settled: the refund query under its own req_seq_id + req_date.
pub const REFUND_CREATE: Settler =
    Settler { kind: WriteKind::RefundCreate, settle: reconcile_refund, apply: apply_refund };

/// What an answer (of the refund, or of the refund query in the refund's shape) says of the row.
fn fold_answer(c: &rusqlite::Connection, profile: &str, seq: &str, a: &RefundResponse, now: &str) -> Result<(), Error> {
    let state = RefundState::from_stat(a.trans_stat.as_ref().map(|s| s.as_str()).unwrap_or("P"));
    let msg = a.bank_message.clone().unwrap_or_else(|| a.resp_desc.clone());
    c.execute(
        "UPDATE refunds SET state = ?3, hf_seq_id = coalesce(?4, hf_seq_id),
                org_req_seq_id = CASE WHEN org_req_seq_id = '' THEN coalesce(?5, '') ELSE org_req_seq_id END,
                org_hf_seq_id = CASE WHEN org_hf_seq_id = '' THEN coalesce(?6, '') ELSE org_hf_seq_id END,
                resp_code = ?7, message = ?8, updated_at = ?9
         WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
        params![profile, seq, state.as_str(), a.hf_seq_id, a.org_req_seq_id, a.org_hf_seq_id, a.resp_code, msg, now],
    )?;
    Ok(())
}

/// The refund row follows what is known of its write: accepted (pending or final), refused (failed), never
/// took effect (prepared again: its amount is free, the same id may go again), or open (unknown: its
/// amount stays reserved). A final row is never moved back.
fn apply_refund(c: &rusqlite::Connection, e: &JournalEntry, f: &Finding, now: &str) -> Result<(), Error> {
    let (state, code, msg) = match f {
        Finding::Took(v) => {
            return match dougong::client::decode_value::<RefundResponse>(v.clone()) {
                Ok(a) => fold_answer(c, &e.profile, &e.req_seq_id, &a, now),
                Err(err) => {
                    let m = format!("accepted; its answer could not be read: {err}");
                    c.execute(
                        "UPDATE refunds SET state = 'pending', message = ?3, updated_at = ?4 WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
                        params![e.profile, e.req_seq_id, m, now],
                    )?;
                    Ok(())
                }
            };
        }
        Finding::Refused(err) => (RefundState::Failed, err.resp_code.clone().unwrap_or_default(), err.message.clone()),
        Finding::NotSent(err) => (RefundState::Prepared, String::new(), err.message.clone()),
        Finding::Open(err) => (RefundState::Unknown, err.resp_code.clone().unwrap_or_default(), err.message.clone()),
    };
    c.execute(
        "UPDATE refunds SET state = ?3, resp_code = ?4, message = ?5, updated_at = ?6
         WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
        params![e.profile, e.req_seq_id, state.as_str(), code, msg, now],
    )?;
    Ok(())
}

impl Desk {
    /// The refund query with the refund's own ids (raw answer).
    async fn refund_query_raw(
        &self,
        profile: &Profile,
        huifu_id: &str,
        seq: &str,
        date: &str,
    ) -> Result<RefundResponse, Error> {
        let q = RefundQuery {
            huifu_id: huifu_id.into(),
            org_req_date: Some(date.into()),
            org_req_seq_id: Some(seq.into()),
            org_hf_seq_id: None,
            mer_ord_id: None,
        };
        self.call(profile, &q).await
    }

    /// A refund's state now; the local row follows. A refund whose outcome is still open is settled
    /// through the journal (claimed, queried, the two-step "not found" rule) — never concluded "never
    /// arrived" from one query; an accepted one is asked with the refund query.
    pub async fn refund_status(&self, profile: &Profile, req_seq_id: &str) -> Result<RefundRecord, Error> {
        let row = self
            .refund(profile, req_seq_id)?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no refund {req_seq_id} is known here")))?;
        if row.state == RefundState::Prepared {
            return Ok(row);
        }
        let entry = journal::get(self.store(), &profile.name, req_seq_id)?;
        if let Some(e) = entry.filter(|e| e.state.is_open()) {
            // Someone else on it leaves the row as it is; it moves when they record the outcome.
            self.settle_open(profile, &REFUND_CREATE, e.id).await?;
            return self
                .refund(profile, req_seq_id)?
                .ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"));
        }
        let q = self.refund_query_raw(profile, &row.huifu_id, &row.req_seq_id, &row.req_date).await?;
        // The query names the refund's own ids org_*: keep the original's ids as they are.
        let a = RefundResponse { org_req_seq_id: None, org_hf_seq_id: None, hf_seq_id: q.org_hf_seq_id.clone(), ..q };
        let now = rfc3339(self.now());
        self.store().with_conn(|c| fold_answer(c, &profile.name, req_seq_id, &a, &now))?;
        self.refund(profile, req_seq_id)?.ok_or_else(|| Error::new(ErrorCode::Internal, "the refund row vanished"))
    }

    /// A refund known only by its ids (made elsewhere): the refund query's answer, not kept.
    pub async fn refund_status_remote(
        &self,
        profile: &Profile,
        huifu_id: &str,
        req_seq_id: &str,
        req_date: &str,
    ) -> Result<RefundResponse, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        checks::date8("req_date", req_date)?;
        self.refund_query_raw(profile, huifu_id, req_seq_id, req_date).await
    }

    /// Polls until the refund is final, at most `polls` times `interval_ms` apart.
    pub async fn follow_refund(
        &self,
        profile: &Profile,
        req_seq_id: &str,
        polls: u32,
        interval_ms: u64,
        progress: Progress<'_>,
    ) -> Result<RefundRecord, Error> {
        let mut last = self.refund_status(profile, req_seq_id).await?;
        for i in 1..polls {
            if last.state.is_final() || last.state == RefundState::Prepared {
                break;
            }
            progress(ProgressEvent::new(
                "refund.follow",
                i as u64,
                Some(polls as u64),
                format!("refund {req_seq_id} is {}", last.state.as_str()),
            ));
            tokio::time::sleep(std::time::Duration::from_millis(interval_ms)).await;
            last = self.refund_status(profile, req_seq_id).await?;
        }
        Ok(last)
    }

    /// A verified refund notification about a refund made here: its state follows trans_stat (S/F/P),
    /// never moving back from a final one. Answers whether a row changed.
    pub(crate) fn apply_refund_notice(&self, profile: &Profile, n: &StatNotice<'_>) -> Result<bool, Error> {
        if n.trans_stat.is_empty() {
            return Ok(false);
        }
        let now = rfc3339(self.now());
        let state = RefundState::from_stat(n.trans_stat);
        let n = self.store().with_conn(|c| {
            Ok(c.execute(
                "UPDATE refunds SET state = ?3, hf_seq_id = coalesce(nullif(?4, ''), hf_seq_id), updated_at = ?5
                 WHERE profile = ?1 AND req_seq_id = ?2 AND state NOT IN ('success', 'failed')",
                params![profile.name, n.req_seq_id, state.as_str(), n.hf_seq_id, now],
            )?)
        })?;
        Ok(n > 0)
    }
}

/// A refund is found by the refund query under its own req_seq_id + req_date; the answer is given in the
/// refund's own shape (the row follows it in [`apply_refund`]).
fn reconcile_refund<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        match d.refund_query_raw(p, &huifu_id, &e.req_seq_id, &e.req_date).await {
            Ok(q) => {
                let stat = q.trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
                Ok(Settlement::Found(json!({
                    "resp_code": if stat == "P" { "00000100" } else { "00000000" }, "resp_desc": "found by refund query",
                    "huifu_id": huifu_id, "req_seq_id": e.req_seq_id, "req_date": e.req_date, "hf_seq_id": q.org_hf_seq_id,
                    "ord_amt": q.ord_amt.map(|f| f.to_yuan_string()), "trans_stat": stat, "bank_message": q.bank_message,
                })))
            }
            Err(err) if is_not_found(&err) => Ok(Settlement::NotFound),
            Err(err) => Err(err),
        }
    })
}
