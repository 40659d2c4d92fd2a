//! Settling an onboarding (§7.2/§7.3) or business open (§7.7) whose answer was lost.
//!
//! The spec gives two queries about merchants and applications, and neither finds a write by its
//! req_seq_id: the merchant detail query (§7.5) needs the `huifu_id`, the application status query (§7.6)
//! needs `apply_no` + `huifu_id`. For an onboarding both ids were in the lost answer; for a business open
//! the `huifu_id` is in the request but the `apply_no` was in the lost answer. The one other place that
//! carries them with the req_seq_id is the audit notification to `async_return_url` (§7.2, §7.7.4:
//! `req_seq_id`, `huifu_id`, `apply_no`, `audit_status`). So: when a verified audit notification about the
//! entry's req_seq_id was received, its ids drive the §7.6 query, and that query's answer settles the
//! entry. Without one (an individual approved at once gets no audit notification; no receiver set up; the
//! audit not finished) the entry stays `unknown`, saying why, and is never sent again.

use serde_json::{json, Value};

use dougong::onboarding::{ApplyStatus, ApplyStatusQuery, AuditStatus};

use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::{Acquirer, Profile};
use crate::write::Settlement;
use crate::Desk;

impl Desk {
    /// The application status query (§7.6) for `apply_no` of `huifu_id` (onboarding, business open).
    pub(crate) async fn apply_status(&self, p: &Profile, huifu_id: &str, apply_no: &str) -> Result<ApplyStatus, Error> {
        let req = ApplyStatusQuery {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            apply_no: apply_no.to_string(),
            huifu_id: huifu_id.to_string(),
        };
        self.call(p, &req).await
    }
}

/// The ids an audit notification gave for the write `e`, if one was received and verified.
fn notified_ids(d: &Desk, p: &Profile, e: &JournalEntry) -> Result<Option<(String, String)>, Error> {
    let Some(n) = d.latest_notification(&p.name, Acquirer::Dougong, &e.req_seq_id)? else {
        return Ok(None);
    };
    let huifu_id = if n.merchant.is_empty() { e.merchant.clone().unwrap_or_default() } else { n.merchant };
    if n.kind != "audit" || n.platform_no.is_empty() || huifu_id.is_empty() {
        return Ok(None);
    }
    Ok(Some((huifu_id, n.platform_no)))
}

/// Settles `e` by the §7.6 query on the ids of its audit notification; `Unknown(no_ids)` without one.
/// Approved or still auditing = the write arrived (found, in the write's answer shape); rejected, failed
/// or refused to sign = it arrived and was refused (a new application needs a new req_seq_id).
pub(crate) async fn settle_by_application(
    d: &Desk,
    p: &Profile,
    e: &JournalEntry,
    no_ids: String,
) -> Result<Settlement, Error> {
    let Some((huifu_id, apply_no)) = notified_ids(d, p, e)? else {
        return Ok(Settlement::Unknown(no_ids));
    };
    let r = d.apply_status(p, &huifu_id, &apply_no).await?;
    let reason = r.apply_reason.clone().unwrap_or_default();
    Ok(match r.apply_status {
        Some(s @ (AuditStatus::Approved | AuditStatus::Auditing)) => {
            let (code, desc) = if s == AuditStatus::Approved { ("00000000", "approved (found by the application status query)") } else { ("00000100", "under audit (found by the application status query)") };
            Settlement::Found(answer(code, desc, &huifu_id, &apply_no, &e.req_seq_id, &e.req_date))
        }
        Some(s) => Settlement::Failed(Error::new(
            ErrorCode::Refused,
            format!("application {apply_no} of merchant {huifu_id} ended {}: {reason}; a new application needs a new req_seq_id", s.as_str()).trim().to_string(),
        )),
        None => Settlement::Unknown(format!("the application status query for {apply_no} named no state; check again later")),
    })
}

/// The write's own answer shape (onboarding and business open answer the same ids).
fn answer(code: &str, desc: &str, huifu_id: &str, apply_no: &str, req_seq_id: &str, req_date: &str) -> Value {
    let mut v = json!({"resp_code": code, "resp_desc": desc, "huifu_id": huifu_id, "req_seq_id": req_seq_id, "req_date": req_date});
    // An approved application needs no follow-up; the answer keeps apply_no only while it is in audit,
    // as Huifu's own answer does.
    if code != "00000000" {
        v["apply_no"] = json!(apply_no);
    }
    v
}
