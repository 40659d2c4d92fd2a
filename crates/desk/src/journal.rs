//! The journal: every write, recorded with its req_seq_id BEFORE it is sent, so that a crash, a timeout
//! or a double click can never make a second effect.
//!
//! States: `pending` (recorded, not yet on the wire) → `sent` (on the wire) → `settled` (answered and
//! accepted, or found by the reconciling query) | `failed` (certainly no effect: refused, not sent, or
//! not found by the query) | `unknown` (may have had an effect; the reconciling query decides).
//! `(profile, req_seq_id)` is unique: a second submit of the same write finds the first entry.

use rusqlite::{params, OptionalExtension, Row};
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
}

/// One journalled write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    pub id: i64,
    pub profile: String,
    /// The kind of write (`terminal.add`), which selects the reconciling query.
    pub kind: String,
    pub endpoint: String,
    pub req_seq_id: String,
    pub req_date: String,
    #[ts(optional)]
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
    #[ts(optional)]
    pub error: Option<Error>,
    pub attempts: i64,
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
    pub now: &'a str,
}

/// What [`begin`] found.
#[derive(Debug, Clone)]
pub enum Begun {
    /// A new entry, state `pending`.
    New(JournalEntry),
    /// The same write (same profile and req_seq_id, same request) was journalled before.
    Existing(JournalEntry),
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
        created_at: r.get("created_at")?,
        updated_at: r.get("updated_at")?,
    })
}

/// Records a write before it is sent, or returns the entry of the same write journalled earlier.
/// Errors: `ReqSeqIdReused` when the req_seq_id is known with a different request.
pub fn begin(store: &Store, new: NewJournalEntry<'_>) -> Result<Begun, Error> {
    let masked = crate::audit::mask::mask_for(new.endpoint, new.request).to_string();
    store.with_tx(|tx| {
        let existing = tx
            .query_row(
                "SELECT * FROM journal WHERE profile = ?1 AND req_seq_id = ?2",
                params![new.profile, new.req_seq_id],
                from_row,
            )
            .optional()?;
        if let Some(e) = existing {
            if e.request_hash != new.request_hash || e.kind != new.kind {
                return Err(Error {
                    field: Some("req_seq_id".into()),
                    ..Error::new(
                        ErrorCode::ReqSeqIdReused,
                        format!("req_seq_id {} was already used for a different request ({}); a changed request needs a new id", new.req_seq_id, e.kind),
                    )
                });
            }
            return Ok(Begun::Existing(e));
        }
        tx.execute(
            "INSERT INTO journal(profile, kind, endpoint, req_seq_id, req_date, merchant, request_hash, request, reconcile,
                                 state, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?10)",
            params![
                new.profile, new.kind, new.endpoint, new.req_seq_id, new.req_date, new.merchant, new.request_hash, masked,
                new.reconcile.to_string(), new.now
            ],
        )?;
        let id = tx.last_insert_rowid();
        Ok(Begun::New(tx.query_row("SELECT * FROM journal WHERE id = ?1", [id], from_row)?))
    })
}

/// Marks an entry as on the wire (and counts the attempt). Called right before the HTTP request.
pub fn mark_sent(store: &Store, id: i64, now: &str) -> Result<(), Error> {
    store.with_conn(|c| {
        c.execute("UPDATE journal SET state = 'sent', attempts = attempts + 1, updated_at = ?2 WHERE id = ?1", params![id, now])?;
        Ok(())
    })
}

/// Moves an entry to a final or unknown state with the answer or the error.
pub fn finish(store: &Store, id: i64, state: JournalState, response: Option<&Value>, error: Option<&Error>, now: &str) -> Result<(), Error> {
    let response = response.map(Value::to_string);
    let error = error.map(serde_json::to_string).transpose()?;
    store.with_conn(|c| {
        c.execute(
            "UPDATE journal SET state = ?2, response = coalesce(?3, response), error = ?4, updated_at = ?5 WHERE id = ?1",
            params![id, state.as_str(), response, error, now],
        )?;
        Ok(())
    })
}

/// One entry by profile and req_seq_id.
pub fn get(store: &Store, profile: &str, req_seq_id: &str) -> Result<Option<JournalEntry>, Error> {
    store.with_conn(|c| {
        Ok(c.query_row("SELECT * FROM journal WHERE profile = ?1 AND req_seq_id = ?2", params![profile, req_seq_id], from_row)
            .optional()?)
    })
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
