//! The stages of [`Desk::run_write`]; see the module docs of [`crate::write`].

use std::time::Instant;

use serde_json::{Map, Value};

use super::claim::{self, now_ms};
use super::{Finding, Intent, Settler, Verdict, Wire};
use crate::audit::{self, NewAuditRow, Outcome};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal::{self, JournalEntry, JournalState, NewJournalEntry};
use crate::profile::Profile;
use crate::Desk;

/// A write as the pipeline needs it, whatever its acquirer.
pub struct WriteSpec<'a> {
    pub settler: Settler,
    /// The endpoint the journal names (dougong path, `huishouqian:METHOD`...).
    pub endpoint: &'a str,
    pub req_seq_id: &'a str,
    pub req_date: &'a str,
    pub merchant: Option<&'a str>,
    /// What it touches; see [`JournalEntry::target`].
    pub target: Option<String>,
    /// The part of the request that makes a retry "the same write" (hashed).
    pub identity: &'a Map<String, Value>,
    /// The request for the journal (masked there).
    pub request: &'a Value,
    /// What the reconciling query needs besides the ids (ids only, never personal data).
    pub reconcile: &'a Value,
    /// A word for the intent's audit row (e.g. that the person confirmed a repeat).
    pub note: Option<String>,
}

/// The request as signed, for the audit rows (the [`Wire`] without its call).
struct Signed {
    endpoint: String,
    request: Value,
    signature: Option<String>,
}

/// What the first stage decided.
enum Begun {
    /// Recorded now, or a write proven never to have taken effect going again: send it.
    Send(JournalEntry),
    /// Journalled before and not known to be sendable: settle it first.
    Resume(JournalEntry),
}

/// Lets go of an entry however the write ends (an error, a dropped future): the in-process mark, and the
/// claim in the database when the outcome transaction did not already release it.
struct Held<'a> {
    desk: &'a Desk,
    id: i64,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let owner = self.desk.owner();
        let _ = self.desk.store().with_conn(|c| journal::release(c, self.id, owner.id()));
        owner.deactivate(self.id);
    }
}

impl Desk {
    /// Runs one write through the pipeline and answers its answer in the write's own shape (what the
    /// journal keeps), or the error that says what is known: `Refused` (no effect), `NotSent` (never left;
    /// the same id may go again), `OutcomeUnknown` / `Signature` / `Decode` (may have taken effect: open,
    /// reconcile settles it), `InFlight` (someone is on it now), `Unsettled` (another write on the same
    /// target is open), `ReqSeqIdReused`, or the intent's own refusal (`InvalidInput`...).
    pub(crate) async fn run_write(
        &self,
        profile: &Profile,
        spec: WriteSpec<'_>,
        intent: Intent<'_>,
        wire: Wire,
    ) -> Result<Value, Error> {
        let kind = spec.settler.kind;
        let hash = crate::request_hash(spec.identity);
        let Wire { endpoint, request, signature, call } = wire;
        let wire = Signed { endpoint, request, signature };
        let begun = self.begin(profile, &spec, &hash, intent, &wire)?;
        let id = match &begun {
            Begun::Send(e) | Begun::Resume(e) => e.id,
        };
        let _held = Held { desk: self, id };
        let entry = match begun {
            Begun::Send(e) => {
                self.failpoints().hit("intent.after", kind)?;
                e
            }
            Begun::Resume(e) => match self.resume(profile, &spec, intent, &wire, e).await? {
                Ok(e) => e,
                Err(finding) => return finding.into_result(),
            },
        };

        // Stage 2: `sent` is durable before a byte leaves; if it cannot be recorded, nothing leaves.
        if let Err(e) = self.store().with_tx(|tx| journal::mark_sent(tx, entry.id, &rfc3339(self.now()))) {
            let not_sent = Error::new(
                ErrorCode::NotSent,
                format!("not sent: the journal could not record the send ({})", e.message),
            );
            let _ = self.record(profile, &spec.settler, &entry, &Finding::NotSent(not_sent.clone()), None);
            return Err(not_sent);
        }

        // Stage 3: one request, the claim kept fresh while the answer is awaited.
        let started = Instant::now();
        let Signed { endpoint, request, signature } = wire;
        let result = self.with_heartbeat(entry.id, call).await;
        let duration_ms = started.elapsed().as_millis() as i64;
        self.failpoints().hit("send.after", kind)?;

        // Stage 4: the outcome, the rows and the audit row in one transaction.
        let (finding, duplicate) = match &result {
            Ok(a) => match &a.verdict {
                Verdict::Accepted => (Finding::Took(a.stored.clone()), false),
                Verdict::Refused(e) => (Finding::Refused(e.clone()), false),
                Verdict::Duplicate(e) => (
                    Finding::Open(Error {
                        resp_code: e.resp_code.clone(),
                        resp_desc: e.resp_desc.clone(),
                        ..Error::new(
                            ErrorCode::OutcomeUnknown,
                            "the acquirer reports this id as already used: an earlier send arrived; settling by query",
                        )
                    }),
                    true,
                ),
            },
            Err(e) if e.code == ErrorCode::NotSent => (Finding::NotSent(e.clone()), false),
            Err(e) => (Finding::Open(e.clone()), false),
        };
        let call_row = CallRow {
            endpoint: &endpoint,
            request: &request,
            signature: signature.as_deref(),
            response: result.as_ref().ok().map(|a| &a.raw),
            resp_code: result.as_ref().ok().and_then(|a| a.resp_code.as_deref()),
            duration_ms,
        };
        if let Err(store_err) = self.record(profile, &spec.settler, &entry, &finding, Some(call_row)) {
            return Err(unrecorded(&finding, &store_err));
        }
        self.failpoints().hit("outcome.after", kind)?;
        if duplicate {
            let e = journal::by_id(self.store(), entry.id)?;
            return self.settle_claimed(profile, &spec.settler, &e).await?.into_result();
        }
        finding.into_result()
    }

    /// Stage 1: records the intent of a new write, or claims the entry of one journalled before.
    fn begin(
        &self,
        profile: &Profile,
        spec: &WriteSpec<'_>,
        hash: &str,
        intent: Intent<'_>,
        wire: &Signed,
    ) -> Result<Begun, Error> {
        let owner = self.owner();
        let kind = spec.settler.kind;
        let now = rfc3339(self.now());
        // The in-process mark is set inside the transaction (so that two tasks of this process cannot
        // both take the entry) and undone if the transaction does not commit.
        let marked = std::cell::Cell::new(None);
        let r = self.store().with_tx(|tx| {
            if let Some(e) = journal::find(tx, &profile.name, spec.req_seq_id)? {
                if e.request_hash != hash || e.kind != kind.as_str() {
                    return Err(journal::reused(spec.req_seq_id, &e.kind));
                }
                if let Some(o) = &e.claim_owner {
                    if owner.blocks(o, e.claim_beat, e.id) {
                        return Err(claim::busy(spec.req_seq_id, o, o == owner.id()));
                    }
                }
                if !owner.activate(e.id) {
                    return Err(claim::busy(spec.req_seq_id, owner.id(), true));
                }
                marked.set(Some(e.id));
                journal::claim(tx, e.id, owner.id(), now_ms())?;
                return Ok(Begun::Resume(e));
            }
            self.check_target(tx, profile, spec.target.as_deref(), None)?;
            let e = journal::insert(
                tx,
                &NewJournalEntry {
                    profile: &profile.name,
                    kind: kind.as_str(),
                    endpoint: spec.endpoint,
                    req_seq_id: spec.req_seq_id,
                    req_date: spec.req_date,
                    merchant: spec.merchant,
                    request_hash: hash,
                    request: spec.request,
                    reconcile: spec.reconcile,
                    target: spec.target.as_deref(),
                    owner: owner.id(),
                    now: &now,
                },
                now_ms(),
            )?;
            owner.activate(e.id);
            marked.set(Some(e.id));
            intent(tx, &e)?;
            self.intent_row(tx, profile, spec, wire, &now)?;
            self.failpoints().hit("intent.commit", kind)?;
            Ok(Begun::Send(e))
        });
        if r.is_err() {
            if let Some(id) = marked.get() {
                owner.deactivate(id);
            }
        }
        r
    }

    /// A write on a target that another open write may have changed waits for that one to be settled.
    fn check_target(
        &self,
        tx: &rusqlite::Connection,
        profile: &Profile,
        target: Option<&str>,
        except: Option<i64>,
    ) -> Result<(), Error> {
        let Some(target) = target else { return Ok(()) };
        let owner = self.owner();
        for o in journal::open_on_target(tx, &profile.name, target, except)? {
            let live = o.claim_owner.as_deref().is_some_and(|w| owner.blocks(w, o.claim_beat, o.id));
            // A pending entry nobody works on never left: it does not hold the target.
            if o.state == JournalState::Pending && !live {
                continue;
            }
            let what = if live { "is being sent right now" } else { "may have taken effect and is not settled yet" };
            return Err(Error {
                field: Some("req_seq_id".into()),
                ..Error::new(
                    ErrorCode::Unsettled,
                    format!(
                        "an earlier {} write {} on the same {} {what}; settle it first (query it, or `paydesk reconcile`), or submit it again with its own id {}",
                        o.kind, o.req_seq_id, target_words(target), o.req_seq_id
                    ),
                )
            });
        }
        Ok(())
    }

    /// The audit row "about to send", in the intent's transaction.
    fn intent_row(
        &self,
        tx: &rusqlite::Connection,
        profile: &Profile,
        spec: &WriteSpec<'_>,
        wire: &Signed,
        now: &str,
    ) -> Result<(), Error> {
        audit::append(
            tx,
            self.audit_chain(),
            NewAuditRow {
                at: now.to_string(),
                profile: &profile.name,
                endpoint: &wire.endpoint,
                merchant: spec.merchant,
                req_seq_id: Some(spec.req_seq_id),
                request: &wire.request,
                response: None,
                key_id: profile.key_id.as_deref(),
                signature: wire.signature.as_deref(),
                outcome: Outcome::Intent,
                resp_code: None,
                error: spec.note.as_deref(),
                duration_ms: 0,
            },
        )?;
        Ok(())
    }

    /// A write journalled before, now claimed: its stored outcome, or settle it by query; `Ok(entry)` when
    /// it certainly never took effect and goes again (its intent checks and rows run again first).
    async fn resume(
        &self,
        profile: &Profile,
        spec: &WriteSpec<'_>,
        intent: Intent<'_>,
        wire: &Signed,
        e: JournalEntry,
    ) -> Result<Result<JournalEntry, Finding>, Error> {
        let resend = match e.state {
            JournalState::Settled => return Ok(Err(Finding::Took(e.response.clone().unwrap_or(Value::Null)))),
            JournalState::Failed => match &e.error {
                Some(err) if err.code == ErrorCode::NotSent => true,
                Some(err) => return Ok(Err(Finding::Refused(err.clone()))),
                None => {
                    return Ok(Err(Finding::Refused(Error::new(
                        ErrorCode::Refused,
                        "this write failed before; prepare a new one",
                    ))))
                }
            },
            // Claimed by us now, so nobody is sending it: a pending entry never left.
            JournalState::Pending => true,
            JournalState::Sent | JournalState::Unknown => {
                match self.settle_claimed(profile, &spec.settler, &e).await? {
                    Finding::NotSent(_) => true,
                    other => return Ok(Err(other)),
                }
            }
        };
        debug_assert!(resend);
        let now = rfc3339(self.now());
        let e = self.store().with_tx(|tx| {
            self.check_target(tx, profile, spec.target.as_deref(), Some(e.id))?;
            journal::reopen(tx, e.id, &now)?;
            let e = journal::find(tx, &profile.name, &e.req_seq_id)?
                .ok_or_else(|| Error::new(ErrorCode::Internal, "the journal entry vanished"))?;
            intent(tx, &e)?;
            self.intent_row(tx, profile, spec, wire, &now)?;
            self.failpoints().hit("intent.commit", spec.settler.kind)?;
            Ok(e)
        })?;
        self.failpoints().hit("intent.after", spec.settler.kind)?;
        Ok(Ok(e))
    }

    /// Awaits `call`, refreshing the claim of entry `id` meanwhile.
    async fn with_heartbeat<T>(&self, id: i64, call: super::BoxFuture<'static, T>) -> T {
        let mut call = call;
        let mut tick = tokio::time::interval(claim::BEAT_EVERY);
        tick.tick().await;
        loop {
            tokio::select! {
                r = &mut call => return r,
                _ = tick.tick() => {
                    let _ = self.store().with_conn(|c| journal::beat(c, id, self.owner().id(), now_ms()));
                }
            }
        }
    }
}

/// The audit row of one request on the wire.
pub(crate) struct CallRow<'a> {
    pub endpoint: &'a str,
    pub request: &'a Value,
    pub signature: Option<&'a str>,
    pub response: Option<&'a Value>,
    pub resp_code: Option<&'a str>,
    pub duration_ms: i64,
}

/// What the caller hears when the outcome could not be recorded: the write was sent, and what the desk
/// says must stay true — so "outcome unknown", whatever the answer said.
fn unrecorded(finding: &Finding, store_err: &Error) -> Error {
    let said = match finding {
        Finding::Took(_) => "the acquirer accepted it",
        Finding::Refused(_) => "the acquirer refused it",
        Finding::NotSent(_) => "it did not leave",
        Finding::Open(_) => "no usable answer came",
    };
    Error::new(
        ErrorCode::OutcomeUnknown,
        format!(
            "sent, outcome unknown: {said}, but the desk could not record that ({}); the write stays open and reconcile will settle it by query",
            store_err.message
        ),
    )
}

/// A target in words for a person.
fn target_words(target: &str) -> String {
    match target.split_once(':') {
        Some(("trade", rest)) => format!("trade {rest}"),
        Some(("balance", rest)) => format!("merchant balance {rest}"),
        Some((what, rest)) => format!("{what} {rest}"),
        None => target.to_string(),
    }
}

/// An entry this process has claimed to settle; dropping it lets go.
pub(crate) struct Claimed<'a> {
    pub entry: JournalEntry,
    _held: Held<'a>,
}

impl Desk {
    /// Claims the open entry `id` to settle it, re-read inside the claiming transaction. `None` when it is
    /// no longer open or a live process (or another task of this one) is working on it.
    pub(crate) fn claim_open(&self, id: i64) -> Result<Option<Claimed<'_>>, Error> {
        let owner = self.owner();
        let marked = std::cell::Cell::new(false);
        let r = self.store().with_tx(|tx| {
            let e = journal::by_id_in(tx, id)?;
            if !e.state.is_open() {
                return Ok(None);
            }
            if let Some(o) = &e.claim_owner {
                if owner.blocks(o, e.claim_beat, e.id) {
                    return Ok(None);
                }
            }
            if !owner.activate(e.id) {
                return Ok(None);
            }
            marked.set(true);
            journal::claim(tx, e.id, owner.id(), now_ms())?;
            Ok(Some(e))
        });
        match r {
            Ok(Some(entry)) => Ok(Some(Claimed { _held: Held { desk: self, id: entry.id }, entry })),
            Ok(None) => Ok(None),
            Err(e) => {
                if marked.get() {
                    owner.deactivate(id);
                }
                Err(e)
            }
        }
    }
}
