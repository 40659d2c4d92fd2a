//! The audit log: one row per outgoing call (and per change of where a profile sends requests), personal
//! data masked, in a chain no one can quietly rewrite.
//!
//! `row_hash = HMAC-SHA256(key, prev_hash ␟ seq ␟ at ␟ profile ␟ … ␟ duration_ms)` with a key kept in the OS
//! keychain; the first row's `prev_hash` is 64 zeros. The last committed (seq, hash) is kept both in
//! `audit_head` and, outside the database, in the keychain's anchor ([`chain`]). So an edited, inserted or
//! deleted row, a log cut short or emptied together with its head table, and a log re-hashed without the
//! key are each found and named by [`verify`]. [`digest`] signs a summary of the log up to now that anyone
//! can check later with the public key alone.

pub mod chain;
pub mod digest;
mod errors;
pub mod mask;
mod search;
mod verify;

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use ts_rs::TS;

pub use chain::{Anchor, AuditChain};
pub use errors::{error_groups, AuditErrorGroup};
pub use search::{AuditFilter, AuditPage};
pub use verify::{AuditProblem, AuditProblemKind, AuditReport};

use crate::error::Error;
use crate::store::Store;

/// How a call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A write about to be sent: recorded with its journal entry before a byte leaves.
    Intent,
    /// Huifu answered and accepted (success or processing).
    Ok,
    /// Huifu answered and refused (resp_code).
    Refused,
    /// Certainly not processed (not sent, bad input, bad signature on our side...).
    Failed,
    /// May have been processed; no usable answer.
    Unknown,
}

impl Outcome {
    /// Database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Intent => "intent",
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
        }
    }
    /// Reads the database spelling.
    pub fn parse(s: &str) -> Option<Outcome> {
        Some(match s {
            "intent" => Outcome::Intent,
            "ok" => Outcome::Ok,
            "refused" => Outcome::Refused,
            "failed" => Outcome::Failed,
            "unknown" => Outcome::Unknown,
            _ => return None,
        })
    }
}

/// What a caller hands to [`record`]. `request`/`response` are the raw JSON: masking happens here, so no
/// caller can forget it.
#[derive(Debug, Clone)]
pub struct NewAuditRow<'a> {
    pub at: String,
    pub profile: &'a str,
    pub endpoint: &'a str,
    pub merchant: Option<&'a str>,
    pub req_seq_id: Option<&'a str>,
    pub request: &'a Value,
    pub response: Option<&'a Value>,
    pub key_id: Option<&'a str>,
    /// The signature as sent; only its SHA-256 is stored.
    pub signature: Option<&'a str>,
    pub outcome: Outcome,
    pub resp_code: Option<&'a str>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
}

/// A stored audit row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub profile: String,
    pub endpoint: String,
    pub merchant: Option<String>,
    pub req_seq_id: Option<String>,
    /// Masked request JSON.
    pub request: String,
    /// Masked response JSON.
    pub response: Option<String>,
    pub key_id: Option<String>,
    pub sign_hash: Option<String>,
    pub outcome: Outcome,
    pub resp_code: Option<String>,
    pub error: Option<String>,
    #[ts(type = "number")]
    pub duration_ms: i64,
    pub prev_hash: String,
    pub row_hash: String,
}

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// SHA-256 hex of a signature string.
pub fn sign_hash(signature: &str) -> String {
    hex::encode(Sha256::digest(signature.as_bytes()))
}

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<AuditRow> {
    let outcome: String = r.get("outcome")?;
    Ok(AuditRow {
        seq: r.get("seq")?,
        at: r.get("at")?,
        profile: r.get("profile")?,
        endpoint: r.get("endpoint")?,
        merchant: r.get("merchant")?,
        req_seq_id: r.get("req_seq_id")?,
        request: r.get("request")?,
        response: r.get("response")?,
        key_id: r.get("key_id")?,
        sign_hash: r.get("sign_hash")?,
        // An unreadable outcome is reported by verify (the hash covers it); show it as unknown here.
        outcome: Outcome::parse(&outcome).unwrap_or(Outcome::Unknown),
        resp_code: r.get("resp_code")?,
        error: r.get("error")?,
        duration_ms: r.get("duration_ms")?,
        prev_hash: r.get("prev_hash")?,
        row_hash: r.get("row_hash")?,
    })
}

/// Appends one row in its own transaction and anchors it. See [`append`].
pub fn record(store: &Store, chain: &Arc<AuditChain>, new: NewAuditRow<'_>) -> Result<i64, Error> {
    store.with_tx(|tx| append(tx, chain, new))
}

/// Appends one row inside the caller's transaction (the write pipeline commits a journal change and its
/// audit row together), masking request, response and error, keyed with the chain's key (read from the
/// keychain, or made, on the first write), and moves the head. Returns the row's seq. The anchor outside
/// the database follows once the transaction has committed (the chain's writer checks that it did). The
/// caller's transaction must hold the write lock (`BEGIN IMMEDIATE`, as [`Store::with_tx`] does), or two
/// processes could read the same head.
///
/// Errors: `Keychain` (the key cannot be read: a locked keychain — nothing is written), `Storage`.
pub fn append(tx: &rusqlite::Connection, chain: &Arc<AuditChain>, new: NewAuditRow<'_>) -> Result<i64, Error> {
    let key = chain.key_for_write(tx)?;
    let request = mask::mask_for(new.endpoint, new.request).to_string();
    let response = new.response.map(|v| mask::mask_for(new.endpoint, v).to_string());
    let error = new.error.map(mask::mask_text);
    let head: Option<(i64, String)> =
        tx.query_row("SELECT seq, row_hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).ok();
    let (prev_seq, prev_hash) = head.unwrap_or((0, GENESIS.to_string()));
    let mut row = AuditRow {
        seq: prev_seq + 1,
        at: new.at.clone(),
        profile: new.profile.to_string(),
        endpoint: new.endpoint.to_string(),
        merchant: new.merchant.map(str::to_string),
        req_seq_id: new.req_seq_id.map(str::to_string),
        request,
        response,
        key_id: new.key_id.map(str::to_string),
        sign_hash: new.signature.map(sign_hash),
        outcome: new.outcome,
        resp_code: new.resp_code.map(str::to_string),
        error,
        duration_ms: new.duration_ms,
        prev_hash,
        row_hash: String::new(),
    };
    row.row_hash = key.expected(&row);
    tx.execute(
        "INSERT INTO audit_log(seq, at, profile, endpoint, merchant, req_seq_id, request, response, key_id, sign_hash,
                               outcome, resp_code, error, duration_ms, prev_hash, row_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            row.seq,
            row.at,
            row.profile,
            row.endpoint,
            row.merchant,
            row.req_seq_id,
            row.request,
            row.response,
            row.key_id,
            row.sign_hash,
            row.outcome.as_str(),
            row.resp_code,
            row.error,
            row.duration_ms,
            row.prev_hash,
            row.row_hash
        ],
    )?;
    tx.execute(
        "INSERT INTO audit_head(id, seq, row_hash) VALUES (1, ?1, ?2)
         ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, row_hash = excluded.row_hash",
        params![row.seq, row.row_hash],
    )?;
    chain.appended(row.seq, &row.row_hash);
    Ok(row.seq)
}

pub use search::{export_csv, search};
pub use verify::verify;
