//! Settles journalled writes whose outcome is open (pending, sent, unknown) by the matching query, never
//! by sending them again. Start-up runs [`Desk::reconcile`] for every profile; `paydesk reconcile` runs it
//! on demand.
//!
//! Each write kind registers one reconciler: a function that runs the query that finds the write (by its
//! req_seq_id, or by what it created) and answers in the shape of the write's own answer, so a resumed
//! write returns what the first send would have. Services list theirs in a `RECONCILERS` slice and
//! [`reconciler_for`] looks through those lists; add yours to [`ALL`].

use std::future::Future;
use std::pin::Pin;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::{self, JournalEntry, JournalState};
use crate::profiles::Profile;
use crate::Desk;

/// What the reconciling query found.
#[derive(Debug, Clone)]
pub enum Settlement {
    /// The write took effect; the value is its answer in the write's own shape (`resp_code` included).
    Found(Value),
    /// The write arrived and failed (the query says so).
    Failed(Error),
    /// The write certainly never took effect: safe to send again with the same req_seq_id.
    NotFound,
    /// Cannot tell yet (query failed, or no query can find this kind); stays `unknown`.
    Unknown(String),
}

/// A boxed future of a reconciler.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs the query that settles `entry`.
pub type ReconcileFn = for<'a> fn(&'a Desk, &'a Profile, &'a JournalEntry) -> BoxFuture<'a, Result<Settlement, Error>>;

/// Every service's reconcilers. Add a line for a new service module.
pub static ALL: &[&[(&str, ReconcileFn)]] = &[
    crate::services::onboarding::RECONCILERS,
    crate::services::busi::RECONCILERS,
    crate::services::realname::RECONCILERS,
    crate::services::wxconfig::RECONCILERS,
    crate::services::terminal::RECONCILERS,
    crate::services::split::RECONCILERS,
    crate::services::bills::RECONCILERS,
    crate::services::orders::RECONCILERS,
    crate::services::trade_close::RECONCILERS,
    crate::services::refunds::RECONCILERS,
    crate::services::cashout::RECONCILERS,
    crate::acquiring::hsq::RECONCILERS,
    crate::acquiring::mpg::RECONCILERS,
];

/// The reconciler of a write kind.
pub fn reconciler_for(kind: &str) -> Option<ReconcileFn> {
    ALL.iter().flat_map(|l| l.iter()).find(|(k, _)| *k == kind).map(|(_, f)| *f)
}

/// One settled (or still open) entry in a reconcile run.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconciledEntry {
    pub profile: String,
    pub kind: String,
    pub req_seq_id: String,
    pub before: JournalState,
    pub after: JournalState,
    pub note: String,
}

/// The result of a reconcile run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    pub checked: u32,
    pub settled: u32,
    pub failed: u32,
    pub still_open: u32,
    pub entries: Vec<ReconciledEntry>,
}

impl Desk {
    /// Settles every open journal entry (of one profile, or all) by its query. Entries being sent by this
    /// process right now are skipped. A failing query leaves its entry open and is reported, not raised.
    pub async fn reconcile(&self, profile: Option<&str>) -> Result<ReconcileReport, Error> {
        let mut report = ReconcileReport::default();
        for e in journal::open_entries(self.store(), profile)? {
            let key = (e.profile.clone(), e.req_seq_id.clone());
            if self.inflight().lock().unwrap_or_else(|p| p.into_inner()).contains(&key) {
                continue;
            }
            report.checked += 1;
            let p = match self.profile(&e.profile) {
                Ok(p) => p,
                Err(err) => {
                    report.still_open += 1;
                    report.entries.push(entry_line(&e, e.state, format!("profile unavailable: {}", err.message)));
                    continue;
                }
            };
            let before = e.state;
            let (after, note) = match self.settle_entry(&p, &e).await {
                Ok(Settlement::Found(_)) => (JournalState::Settled, "found by query: it took effect".to_string()),
                Ok(Settlement::Failed(err)) => (JournalState::Failed, format!("the query says it failed: {}", err.message)),
                Ok(Settlement::NotFound) => (JournalState::Failed, "not found by query: it never took effect; safe to submit again".to_string()),
                Ok(Settlement::Unknown(why)) => (JournalState::Unknown, why),
                Err(err) => (JournalState::Unknown, format!("query failed: {}", err.message)),
            };
            match after {
                JournalState::Settled => report.settled += 1,
                JournalState::Failed => report.failed += 1,
                _ => report.still_open += 1,
            }
            report.entries.push(ReconciledEntry { before, after, ..entry_line(&e, after, note) });
        }
        Ok(report)
    }

    /// Runs the reconciler of one entry and records what it found in the journal.
    pub(crate) async fn settle_entry(&self, profile: &Profile, e: &JournalEntry) -> Result<Settlement, Error> {
        let Some(f) = reconciler_for(&e.kind) else {
            let s = Settlement::Unknown(format!("no query can settle a {} write; check it in Huifu's console", e.kind));
            self.record_settlement(e, &s)?;
            return Ok(s);
        };
        let s = match f(self, profile, e).await {
            Ok(s) => s,
            Err(err) if err.code == ErrorCode::OutcomeUnknown || err.code == ErrorCode::NotSent => {
                Settlement::Unknown(format!("the query could not run: {}", err.message))
            }
            Err(err) => return Err(err),
        };
        self.record_settlement(e, &s)?;
        Ok(s)
    }

    fn record_settlement(&self, e: &JournalEntry, s: &Settlement) -> Result<(), Error> {
        let now = rfc3339(self.now());
        match s {
            Settlement::Found(v) => journal::finish(self.store(), e.id, JournalState::Settled, Some(v), None, &now),
            Settlement::Failed(err) => journal::finish(self.store(), e.id, JournalState::Failed, None, Some(err), &now),
            Settlement::NotFound => {
                let err = Error::new(ErrorCode::NotSent, "not found by query: it never took effect");
                journal::finish(self.store(), e.id, JournalState::Failed, None, Some(&err), &now)
            }
            Settlement::Unknown(why) => {
                let err = Error::new(ErrorCode::OutcomeUnknown, why.clone());
                journal::finish(self.store(), e.id, JournalState::Unknown, None, Some(&err), &now)
            }
        }
    }
}

fn entry_line(e: &JournalEntry, after: JournalState, note: String) -> ReconciledEntry {
    ReconciledEntry { profile: e.profile.clone(), kind: e.kind.clone(), req_seq_id: e.req_seq_id.clone(), before: e.state, after, note }
}
