//! Recording what is known about a write — from its answer, its reconciling query or a notification —
//! in one transaction with the write's own rows and an audit row; and settling a claimed entry by query
//! with the two-step "not found" rule.

use serde_json::{json, Value};

use super::claim::now_ms;
use super::pipeline::CallRow;
use super::{Finding, Settlement, Settler};
use crate::audit::{self, NewAuditRow, Outcome};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::{self, JournalEntry, JournalState};
use crate::profile::Profile;
use crate::Desk;

/// How long after a first "not found" a second query may conclude that a write never took effect, unless
/// the profile sets `extra.absent_grace_ms`. Long enough for a request still travelling (or held in an
/// acquirer's queue) to arrive and show up.
pub const ABSENT_GRACE_MS: i64 = 60_000;

fn absent_grace(p: &Profile) -> i64 {
    p.extra
        .get("absent_grace_ms")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|ms| (0..=86_400_000).contains(ms))
        .unwrap_or(ABSENT_GRACE_MS)
}

fn audit_outcome(f: &Finding) -> Outcome {
    match f {
        Finding::Took(_) => Outcome::Ok,
        Finding::Refused(_) => Outcome::Refused,
        Finding::NotSent(_) => Outcome::Failed,
        Finding::Open(_) => Outcome::Unknown,
    }
}

impl Desk {
    /// Records `finding` for `e`: the journal state, the write's rows ([`Settler::apply`]), an audit row (the
    /// call's when `call` is given, else one saying how it was settled) and the release of this process's
    /// claim — one transaction, or nothing.
    pub(crate) fn record(
        &self,
        profile: &Profile,
        settler: &Settler,
        e: &JournalEntry,
        finding: &Finding,
        call: Option<CallRow<'_>>,
    ) -> Result<(), Error> {
        let now = rfc3339(self.now());
        let (state, response, error) = match finding {
            Finding::Took(v) => (JournalState::Settled, Some(v), None),
            Finding::Refused(err) | Finding::NotSent(err) => (JournalState::Failed, None, Some(err)),
            Finding::Open(err) => (JournalState::Unknown, None, Some(err)),
        };
        let settled_by = json!({"settled": e.kind, "req_seq_id": e.req_seq_id});
        self.store().with_tx(|tx| {
            // An entry someone else already closed (a notification settled it while this process waited
            // for the answer) keeps its state, and its rows keep what that closing put there.
            if journal::finish(tx, e.id, state, response, error, &now)? {
                if matches!(finding, Finding::Took(_)) {
                    journal::set_absent(tx, e.id, None)?;
                }
                (settler.apply)(tx, e, finding, &now)?;
            }
            let row = match &call {
                Some(c) => NewAuditRow {
                    at: now.clone(),
                    profile: &profile.name,
                    endpoint: c.endpoint,
                    merchant: e.merchant.as_deref(),
                    req_seq_id: Some(&e.req_seq_id),
                    request: c.request,
                    response: c.response,
                    key_id: profile.key_id.as_deref(),
                    signature: c.signature,
                    outcome: audit_outcome(finding),
                    resp_code: c.resp_code.or(error.and_then(|x| x.resp_code.as_deref())),
                    error: error.map(|x| x.message.as_str()),
                    duration_ms: c.duration_ms,
                },
                None => NewAuditRow {
                    at: now.clone(),
                    profile: &profile.name,
                    endpoint: &e.endpoint,
                    merchant: e.merchant.as_deref(),
                    req_seq_id: Some(&e.req_seq_id),
                    request: &settled_by,
                    response,
                    key_id: profile.key_id.as_deref(),
                    signature: None,
                    outcome: audit_outcome(finding),
                    resp_code: error.and_then(|x| x.resp_code.as_deref()),
                    error: error.map(|x| x.message.as_str()),
                    duration_ms: 0,
                },
            };
            audit::append(tx, self.audit_chain(), row)?;
            journal::release(tx, e.id, self.owner().id())?;
            // Only the write's own outcome is a stage boundary; a reconcile's finding is not.
            if call.is_some() {
                self.failpoints().hit("outcome.commit", settler.kind)?;
            }
            Ok(())
        })
    }

    /// Settles an entry this process has claimed by its query (never by sending it again), records the
    /// finding, and answers it. A "not found" is final only when a second query at least the profile's
    /// grace later agrees (`extra.absent_grace_ms`, default [`ABSENT_GRACE_MS`]); until then the entry
    /// stays open and says when it will be checked again.
    pub(crate) async fn settle_claimed(
        &self,
        profile: &Profile,
        settler: &Settler,
        e: &JournalEntry,
    ) -> Result<Finding, Error> {
        let s = match (settler.settle)(self, profile, e).await {
            Ok(s) => s,
            Err(err) => Settlement::Unknown(format!("the query could not run: {}", err.message)),
        };
        let open = |why: String| Finding::Open(Error::new(ErrorCode::OutcomeUnknown, why));
        let mut first_absence = false;
        let finding = match s {
            Settlement::Found(v) => Finding::Took(v),
            Settlement::Failed(err) => Finding::Refused(err),
            Settlement::Unknown(why) => open(format!("may have taken effect and cannot be checked yet: {why}")),
            Settlement::NotFound => {
                let grace = absent_grace(profile);
                let now = now_ms();
                match e.absent_since_ms {
                    Some(t) if now - t >= grace => Finding::NotSent(Error::new(
                        ErrorCode::NotSent,
                        format!("not found by two queries {} s apart: it never took effect; the same id may be sent again", (now - t) / 1000),
                    )),
                    Some(t) => open(format!(
                        "not found by query yet; a write whose answer was lost is only taken as never arrived when a second query at least {} s after the first agrees (again from {})",
                        grace / 1000,
                        rfc3339(time::OffsetDateTime::from_unix_timestamp_nanos((t + grace) as i128 * 1_000_000).unwrap_or(self.now()))
                    )),
                    None => {
                        first_absence = true;
                        open(format!(
                            "not found by query yet; a write whose answer was lost is only taken as never arrived when a second query at least {} s later agrees",
                            grace / 1000
                        ))
                    }
                }
            }
        };
        if first_absence {
            self.store().with_conn(|c| journal::set_absent(c, e.id, Some(now_ms())))?;
        }
        self.record(profile, settler, e, &finding, None)?;
        Ok(finding)
    }

    /// Records that a verified notification proved the write took effect (`answer` in its own shape). No
    /// claim is needed: a verified notification is the truth, and a settled entry never moves back.
    pub(crate) fn record_notice(
        &self,
        profile: &Profile,
        settler: &Settler,
        e: &JournalEntry,
        answer: Value,
    ) -> Result<bool, Error> {
        if !e.state.is_open() {
            return Ok(false);
        }
        self.record(profile, settler, e, &Finding::Took(answer), None)?;
        Ok(true)
    }
}

impl Desk {
    /// Settles one open entry now, if nobody else is on it: a `pending` one never left (failed, no query);
    /// the others by their query. `None` when it is not open or a live process is working on it.
    pub(crate) async fn settle_open(
        &self,
        profile: &Profile,
        settler: &Settler,
        id: i64,
    ) -> Result<Option<Finding>, Error> {
        let Some(claimed) = self.claim_open(id)? else { return Ok(None) };
        let e = &claimed.entry;
        if e.state == JournalState::Pending {
            let f = Finding::NotSent(Error::new(
                ErrorCode::NotSent,
                "never sent: the process stopped before the request left; the same id may be sent again",
            ));
            self.record(profile, settler, e, &f, None)?;
            return Ok(Some(f));
        }
        Ok(Some(self.settle_claimed(profile, settler, e).await?))
    }
}
