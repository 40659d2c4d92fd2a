//! The one write pipeline. Every write of every acquirer — dougong services, 慧收钱, the MD5 gateway:
//! orders, closes, refunds, withdrawals, onboarding, business, config, terminals, split, bill config —
//! goes through [`crate::Desk::run_write`], in stages that are each durable before the next:
//!
//! 1. **intent** — one transaction: the journal entry (`pending`, claimed by this process), the write's
//!    own rows and checks ([`Intent`]: a refund reserves its amount, a withdrawal its row), and an audit
//!    row "about to send" with the signature's hash. A write on a [`WriteSpec::target`] another open write
//!    may have changed is refused here. Nothing has left yet.
//! 2. **sent** — the entry is marked `sent` and committed; only then does a byte leave. If that commit
//!    fails, nothing is sent.
//! 3. **send** — one request, its claim's heartbeat refreshed while the answer is awaited.
//! 4. **outcome** — one transaction: the journal state, the write's own rows ([`Settler::apply`]), the audit
//!    row of the call, the claim released. If this cannot be recorded, the entry stays `sent` — "sent,
//!    outcome unknown" — and the caller hears exactly that; reconcile settles it later. `failed` is only
//!    written when the write certainly had no effect (it never left, the acquirer refused it, or two
//!    queries a while apart did not find it).
//!
//! A retry with the same id never makes a second effect: a settled entry answers its stored answer, one
//! being worked on by any live process is refused (`InFlight`), an open one is first settled by its
//! query ([`Settler::settle`]), and only a write proven never to have taken effect goes again.
//!
//! Each write kind declares its [`Settler`] next to its request type; [`crate::reconcile`] maps the
//! journal's [`WriteKind`] to it with an exhaustive match. This module imports no service.

pub mod claim;
pub mod failpoints;
mod kind;
mod pipeline;
mod record;

use std::future::Future;
use std::pin::Pin;

use rusqlite::Connection;
use serde_json::Value;

pub use kind::WriteKind;
pub use pipeline::WriteSpec;

use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::Desk;

/// A boxed future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a reconciling query found.
#[derive(Debug, Clone)]
pub enum Settlement {
    /// The write took effect; the value is its answer in the write's own shape.
    Found(Value),
    /// The write arrived and failed (the query says so).
    Failed(Error),
    /// The query does not find the write. Final ("never took effect") only when a second query a while
    /// later agrees; see [`crate::Desk::run_write`].
    NotFound,
    /// Cannot tell (the query failed, or no query can find this kind).
    Unknown(String),
}

/// What is known about a write after a step: the one vocabulary of outcomes.
#[derive(Debug, Clone)]
pub enum Finding {
    /// It took effect; the answer in the write's own shape.
    Took(Value),
    /// It reached the acquirer and was refused: no effect.
    Refused(Error),
    /// It certainly never took effect (never left, or not found twice): the same id may go again.
    NotSent(Error),
    /// It may have taken effect and nobody can tell yet: stays open for reconcile.
    Open(Error),
}

impl Finding {
    /// The one predicate of a finding: may the write have changed something at the acquirer?
    pub fn may_have_taken_effect(&self) -> bool {
        matches!(self, Finding::Took(_) | Finding::Open(_))
    }

    /// The result a caller sees.
    pub fn into_result(self) -> Result<Value, Error> {
        match self {
            Finding::Took(v) => Ok(v),
            Finding::Refused(e) | Finding::NotSent(e) | Finding::Open(e) => Err(e),
        }
    }
}

/// Runs the query that settles an entry (never sends the write again).
pub type SettleFn = for<'a> fn(&'a Desk, &'a Profile, &'a JournalEntry) -> Settling<'a>;

/// What a [`SettleFn`] answers: the settlement its query found, in time.
pub type Settling<'a> = BoxFuture<'a, Result<Settlement, Error>>;

/// Moves the write's own rows (a refund's, a withdrawal's, a trade's) to what a finding says, inside the
/// transaction that records the finding in the journal. Must never move a final state back.
pub type ApplyFn = fn(&Connection, &JournalEntry, &Finding, &str) -> Result<(), Error>;

/// How one kind of write is settled: its query and the rows it keeps.
#[derive(Clone, Copy)]
pub struct Settler {
    pub kind: WriteKind,
    pub settle: SettleFn,
    pub apply: ApplyFn,
}

impl std::fmt::Debug for Settler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settler").field("kind", &self.kind).finish_non_exhaustive()
    }
}

/// [`ApplyFn`] of a write that keeps no rows of its own.
pub fn no_rows(_: &Connection, _: &JournalEntry, _: &Finding, _: &str) -> Result<(), Error> {
    Ok(())
}

/// The checks and rows of a write that belong in its intent transaction (a refund's reservation), run
/// again when a write proven never to have taken effect is sent again. An `Err` refuses the write before
/// anything is recorded.
pub type Intent<'a> = &'a (dyn Fn(&Connection, &JournalEntry) -> Result<(), Error> + Sync);

/// An [`Intent`] that checks nothing and keeps no rows.
pub fn no_intent(_: &Connection, _: &JournalEntry) -> Result<(), Error> {
    Ok(())
}

/// One request ready to go: signed, not sent. The future does nothing until the pipeline polls it, after
/// `sent` is committed.
pub struct Wire {
    /// The endpoint as the audit log names it (`/v2/...`, `huishouqian:METHOD`, `mpgateway:/api/...`).
    pub endpoint: String,
    /// The request as signed, for the audit rows (masked there).
    pub request: Value,
    /// The signature as sent (only its hash is kept).
    pub signature: Option<String>,
    pub call: BoxFuture<'static, Result<Answered, Error>>,
}

/// An answer that arrived and verified.
#[derive(Debug, Clone)]
pub struct Answered {
    /// What the journal keeps: the answer in the write's own shape.
    pub stored: Value,
    /// The answer as received, for the audit row.
    pub raw: Value,
    pub resp_code: Option<String>,
    pub verdict: Verdict,
}

/// What an answer says about the write.
#[derive(Debug, Clone)]
pub enum Verdict {
    Accepted,
    /// Refused: no effect.
    Refused(Error),
    /// "This id was used before": an earlier send arrived; the query decides.
    Duplicate(Error),
}

/// A failure that certainly happened before the request left (`NotSent`) or may have happened after.
pub fn left(e: &Error) -> bool {
    e.code != ErrorCode::NotSent
}
