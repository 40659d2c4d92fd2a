//! The journal: every write, recorded with its req_seq_id BEFORE it is sent, so that a crash, a timeout
//! or a double click can never make a second effect. The stages that move an entry live in
//! [`crate::write`]; this module only stores entries.
//!
//! States: `pending` (intent recorded, certainly not on the wire) → `sent` (about to go or gone) →
//! `settled` (took effect: answered and accepted, found by the reconciling query, or proven by a
//! notification) | `failed` (certainly no effect: never left, refused by the acquirer, or not found by two
//! queries a while apart) | `unknown` (may have taken effect; the reconciling query decides).
//! `(profile, req_seq_id)` is unique: a second submit of the same write finds the first entry.
//! A settled or failed entry never becomes open again, except a failed one whose error is `not_sent`,
//! which a retry with the same id may send (its [`reopen`]).

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::error::{Error, ErrorCode};
use crate::store::Store;

/// Where a write stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JournalState {
    Pending,
    Sent,
    Settled,
    Failed,
    Unknown,
}

impl JournalState {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalState::Pending => "pending",
            JournalState::Sent => "sent",
            JournalState::Settled => "settled",
            JournalState::Failed => "failed",
            JournalState::Unknown => "unknown",
        }
    }
    fn parse(s: &str) -> JournalState {
        match s {
            "pending" => JournalState::Pending,
            "sent" => JournalState::Sent,
            "settled" => JournalState::Settled,
            "failed" => JournalState::Failed,
            _ => JournalState::Unknown,
        }
    }
    /// True while the outcome is open (pending, sent, unknown): reconcile decides.
    pub fn is_open(self) -> bool {
        matches!(self, JournalState::Pending | JournalState::Sent | JournalState::Unknown)
    }
    /// The one predicate "may have taken effect": settled, or sent without a recorded outcome. A pending
    /// entry never left (the pipeline records `sent` before a byte goes); a failed one certainly did nothing.
    pub fn may_have_taken_effect(self) -> bool {
        matches!(self, JournalState::Sent | JournalState::Unknown | JournalState::Settled)
    }
}

/// One journalled write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    pub id: i64,
    pub profile: String,
    /// The kind of write (`terminal.add`), which selects the reconciling query.
    pub kind: String,
    pub endpoint: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub merchant: Option<String>,
    pub request_hash: String,
    /// Masked request JSON, for people.
    pub request: String,
    /// What the reconciling query needs (ids only).
    #[ts(type = "unknown")]
    pub reconcile: Value,
    pub state: JournalState,
    /// The answer's `data` (or the reconciling query's finding in the write's answer shape).
    #[ts(type = "unknown")]
    pub response: Option<Value>,
    pub error: Option<Error>,
    pub attempts: i64,
    /// What the write touches (`trade:<huifu_id>:<req_seq_id>`...): another write on it waits for this one.
    pub target: Option<String>,
    /// The process sending or settling it right now.
    pub claim_owner: Option<String>,
    #[ts(optional, type = "number")]
    pub claim_beat: Option<i64>,
    /// When a query first did not find it (ms since the epoch); a second query a while later decides.
    #[ts(optional, type = "number")]
    pub absent_since_ms: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
}

/// A write about to be sent.
#[derive(Debug, Clone)]
pub struct NewJournalEntry<'a> {
    pub profile: &'a str,
    pub kind: &'a str,
    pub endpoint: &'a str,
    pub req_seq_id: &'a str,
    pub req_date: &'a str,
    pub merchant: Option<&'a str>,
    pub request_hash: &'a str,
    /// Raw request JSON: masked here.
    pub request: &'a Value,
    pub reconcile: &'a Value,
    pub target: Option<&'a str>,
    /// The claim taken with the intent.
    pub owner: &'a str,
    pub now: &'a str,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    let state: String = r.get("state")?;
    let reconcile: String = r.get("reconcile")?;
    let response: Option<String> = r.get("response")?;
    let error: Option<String> = r.get("error")?;
    Ok(JournalEntry {
        id: r.get("id")?,
        profile: r.get("profile")?,
        kind: r.get("kind")?,
        endpoint: r.get("endpoint")?,
        req_seq_id: r.get("req_seq_id")?,
        req_date: r.get("req_date")?,
        merchant: r.get("merchant")?,
        request_hash: r.get("request_hash")?,
        request: r.get("request")?,
        reconcile: serde_json::from_str(&reconcile).unwrap_or(Value::Null),
        state: JournalState::parse(&state),
        response: response.and_then(|s| serde_json::from_str(&s).ok()),
        error: error.and_then(|s| serde_json::from_str(&s).ok()),
        attempts: r.get("attempts")?,
        target: r.get("target")?,
        claim_owner: r.get("claim_owner")?,
        claim_beat: r.get("claim_beat")?,
        absent_since_ms: r.get("absent_since_ms")?,
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// The entry of `(profile, req_seq_id)`, inside the caller's transaction.
pub fn find(c: &Connection, profile: &str, req_seq_id: &str) -> Result<Option<JournalEntry>, Error> {
    Ok(c.query_row(
        "SELECT * FROM journal WHERE profile = ?1 AND req_seq_id = ?2",
        params![profile, req_seq_id],
        from_row,
    )
    .optional()?)
}

/// The error for a req_seq_id that arrives with a different request than the one journalled under it.
pub fn reused(req_seq_id: &str, earlier_kind: &str) -> Error {
    Error {
        field: Some("req_seq_id".into()),
        ..Error::new(
            ErrorCode::ReqSeqIdReused,
            format!("req_seq_id {req_seq_id} was already used for a different request ({earlier_kind}); a changed request needs a new id"),
        )
    }
}

/// Records a new write as `pending`, claimed by `new.owner`. The request is masked here.
pub(crate) fn insert(c: &Connection, new: &NewJournalEntry<'_>, beat_ms: i64) -> Result<JournalEntry, Error> {
    let masked = crate::audit::mask::mask_for(new.endpoint, new.request).to_string();
    c.execute(
        "INSERT INTO journal(profile, kind, endpoint, req_seq_id, req_date, merchant, request_hash, request, reconcile,
                             state, target, claim_owner, claim_beat, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?11, ?12, ?13, ?13)",
        params![
            new.profile,
            new.kind,
            new.endpoint,
            new.req_seq_id,
            new.req_date,
            new.merchant,
            new.request_hash,
            masked,
            new.reconcile.to_string(),
            new.target,
            new.owner,
            beat_ms,
            new.now
        ],
    )?;
    let id = c.last_insert_rowid();
    Ok(c.query_row("SELECT * FROM journal WHERE id = ?1", [id], from_row)?)
}

/// Takes the claim of an entry for `owner` (the caller checked that nobody alive holds it).
pub(crate) fn claim(c: &Connection, id: i64, owner: &str, beat_ms: i64) -> Result<(), Error> {
    c.execute("UPDATE journal SET claim_owner = ?2, claim_beat = ?3 WHERE id = ?1", params![id, owner, beat_ms])?;
    Ok(())
}

/// Refreshes `owner`'s claim (a write still waiting for its answer).
pub(crate) fn beat(c: &Connection, id: i64, owner: &str, beat_ms: i64) -> Result<(), Error> {
    c.execute("UPDATE journal SET claim_beat = ?3 WHERE id = ?1 AND claim_owner = ?2", params![id, owner, beat_ms])?;
    Ok(())
}

/// Lets go of `owner`'s claim.
pub(crate) fn release(c: &Connection, id: i64, owner: &str) -> Result<(), Error> {
    c.execute(
        "UPDATE journal SET claim_owner = NULL, claim_beat = NULL WHERE id = ?1 AND claim_owner = ?2",
        params![id, owner],
    )?;
    Ok(())
}

/// A write that certainly never took effect goes again under the same id: back to `pending`.
pub(crate) fn reopen(c: &Connection, id: i64, now: &str) -> Result<(), Error> {
    c.execute(
        "UPDATE journal SET state = 'pending', error = NULL, absent_since_ms = NULL, updated_at = ?2
         WHERE id = ?1 AND (state = 'pending' OR (state = 'failed' AND json_extract(error, '$.code') = 'not_sent'))",
        params![id, now],
    )?;
    Ok(())
}

/// Marks an entry as on the wire (and counts the attempt); committed before the request leaves.
pub(crate) fn mark_sent(c: &Connection, id: i64, now: &str) -> Result<(), Error> {
    c.execute(
        "UPDATE journal SET state = 'sent', attempts = attempts + 1, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

/// Moves an open entry to `state` with the answer or the error. An entry already settled or failed keeps
/// its state (a notification may have settled it while its sender waited); answers whether it moved.
pub(crate) fn finish(
    c: &Connection,
    id: i64,
    state: JournalState,
    response: Option<&Value>,
    error: Option<&Error>,
    now: &str,
) -> Result<bool, Error> {
    let response = response.map(Value::to_string);
    let error = error.map(serde_json::to_string).transpose()?;
    let n = c.execute(
        "UPDATE journal SET state = ?2, response = coalesce(?3, response), error = ?4, updated_at = ?5
         WHERE id = ?1 AND state IN ('pending', 'sent', 'unknown')",
        params![id, state.as_str(), response, error, now],
    )?;
    Ok(n > 0)
}

/// Notes when a query first did not find the write (`None` clears it: found after all).
pub(crate) fn set_absent(c: &Connection, id: i64, since_ms: Option<i64>) -> Result<(), Error> {
    c.execute("UPDATE journal SET absent_since_ms = ?2 WHERE id = ?1", params![id, since_ms])?;
    Ok(())
}

/// Open entries of `profile` on `target` other than `except_id`.
pub(crate) fn open_on_target(
    c: &Connection,
    profile: &str,
    target: &str,
    except_id: Option<i64>,
) -> Result<Vec<JournalEntry>, Error> {
    let mut st = c.prepare(
        "SELECT * FROM journal WHERE profile = ?1 AND target = ?2 AND id <> ?3 AND state IN ('pending','sent','unknown') ORDER BY id",
    )?;
    let rows =
        st.query_map(params![profile, target, except_id.unwrap_or(-1)], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// One entry by profile and req_seq_id.
pub fn get(store: &Store, profile: &str, req_seq_id: &str) -> Result<Option<JournalEntry>, Error> {
    store.with_conn(|c| {
        Ok(c.query_row(
            "SELECT * FROM journal WHERE profile = ?1 AND req_seq_id = ?2",
            params![profile, req_seq_id],
            from_row,
        )
        .optional()?)
    })
}

/// One entry by id, inside the caller's transaction.
pub fn by_id_in(c: &Connection, id: i64) -> Result<JournalEntry, Error> {
    c.query_row("SELECT * FROM journal WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no journal entry {id}")))
}

/// One entry by id.
pub fn by_id(store: &Store, id: i64) -> Result<JournalEntry, Error> {
    store.with_conn(|c| {
        c.query_row("SELECT * FROM journal WHERE id = ?1", [id], from_row)
            .optional()?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no journal entry {id}")))
    })
}

/// Entries whose outcome is open (pending, sent, unknown), oldest first; all profiles when `profile` is None.
pub fn open_entries(store: &Store, profile: Option<&str>) -> Result<Vec<JournalEntry>, Error> {
    store.with_conn(|c| {
        let mut st = c.prepare(
            "SELECT * FROM journal WHERE state IN ('pending','sent','unknown') AND (?1 IS NULL OR profile = ?1) ORDER BY id",
        )?;
        let rows = st.query_map([profile], from_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    })
}

/// The latest entries, newest first (for a journal page), optionally of one profile.
pub fn recent(store: &Store, profile: Option<&str>, limit: u32) -> Result<Vec<JournalEntry>, Error> {
    store.with_conn(|c| {
        let mut st = c.prepare(&format!(
            "SELECT * FROM journal WHERE (?1 IS NULL OR profile = ?1) ORDER BY id DESC LIMIT {}",
            limit.min(10_000)
        ))?;
        let rows = st.query_map([profile], from_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    })
}
