//! Batch refunds from a CSV file.
//!
//! Columns are found by header name (any order, case-insensitive): `huifu_id`, `org_req_seq_id` or
//! `org_hf_seq_id`, `org_req_date`, `amount` (yuan), optional `reason` and `note`. Every row is checked
//! before anything is stored; errors name the row and the field. Importing stores one refund row per
//! CSV row with its own req_seq_id fixed right then, so running the batch again after a crash re-sends
//! the same requests through the journal (settled by query, never a second refund) and skips rows
//! already final. Importing the same file again finds the same batch.
//!
//! A row's identity is its content — the merchant, the trade however the row names it, the amount — not the
//! file's bytes: running a re-saved, re-ordered or overlapping file never sends a row that earlier refunds
//! already cover (see [`run`]).

mod run;

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use dougong::Fen;

use super::{insert_row, NewRefundRow, RefundFilter, RefundRecord, RefundState};
use crate::checks;
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;

use crate::Desk;

/// One problem in the CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchRowError {
    /// Data row, 1-based (the header is row 0).
    pub row: u32,
    /// The column (wire name), or `file` for the file as a whole.
    pub field: String,
    pub message: String,
}

/// A checked CSV row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub row: u32,
    pub huifu_id: String,
    pub org_req_seq_id: String,
    pub org_hf_seq_id: String,
    pub org_req_date: String,
    pub amount_fen: i64,
    pub reason: String,
    pub note: String,
}

/// How many rows stand where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchCounts {
    pub prepared: u32,
    pub pending: u32,
    pub success: u32,
    pub failed: u32,
    pub unknown: u32,
}

/// An imported batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundBatch {
    pub id: String,
    pub source: String,
    pub rows: u32,
    #[ts(type = "number")]
    pub total_fen: i64,
    pub counts: BatchCounts,
    pub created_at: String,
}

/// How to run a batch.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BatchRunOptions {
    /// Send a row that repeats another row of the same trade and amount (two returned items of the same
    /// price). Without it such a row is held with `confirm_repeat`; the audit log records that it was given.
    pub allow_repeat: bool,
    /// Refunds in flight at once (1–16, default 4).
    pub concurrency: u32,
    /// Wait until every accepted refund is final before answering.
    pub follow: bool,
    /// Poll interval while waiting for a refund to be final.
    #[ts(type = "number")]
    pub poll_ms: u64,
    /// At most this many polls per refund.
    pub max_polls: u32,
    /// Where to write the result CSV (default `<home>/refund-batches/<id>-result.csv`).
    #[ts(optional)]
    pub result_path: Option<String>,
}

impl Default for BatchRunOptions {
    fn default() -> Self {
        BatchRunOptions {
            allow_repeat: false,
            concurrency: 4,
            follow: true,
            poll_ms: 250,
            max_polls: 240,
            result_path: None,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchReport {
    pub batch: RefundBatch,
    /// Rows sent (or re-sent through the journal) in this run.
    pub sent: u32,
    /// Rows already final, not touched.
    pub skipped: u32,
    /// Rows not sent because earlier refunds of the same trade and amount already cover them (the row's
    /// `coveredBy` names which).
    pub covered: u32,
    /// Rows refused here or by Huifu in this run, with the reason.
    pub errors: Vec<BatchRowError>,
    pub result_csv: String,
}

const COLUMNS: &[&str] = &["huifu_id", "org_req_seq_id", "org_hf_seq_id", "org_req_date", "amount", "reason", "note"];

/// Reads and checks a refund CSV. All problems are reported at once; `Ok` only when there are none.
pub fn parse_refund_csv(text: &str) -> Result<Vec<BatchRow>, Vec<BatchRowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let file_err = |m: String| vec![BatchRowError { row: 0, field: "file".into(), message: m }];
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Err(file_err(format!("cannot read the header: {e}"))),
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut errs = Vec::new();
    for need in ["huifu_id", "org_req_date", "amount"] {
        if col(need).is_none() {
            errs.push(BatchRowError {
                row: 0,
                field: need.into(),
                message: format!("the header has no {need} column (columns: {})", COLUMNS.join(", ")),
            });
        }
    }
    if col("org_req_seq_id").is_none() && col("org_hf_seq_id").is_none() {
        errs.push(BatchRowError {
            row: 0,
            field: "org_req_seq_id".into(),
            message: "the header needs an org_req_seq_id or org_hf_seq_id column".into(),
        });
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = (i + 1) as u32;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errs.push(BatchRowError { row, field: "file".into(), message: format!("unreadable: {e}") });
                continue;
            }
        };
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let get = |name: &str| col(name).and_then(|c| rec.get(c)).unwrap_or("").to_string();
        let mut bad = |field: &str, message: String| errs.push(BatchRowError { row, field: field.into(), message });
        let huifu_id = get("huifu_id");
        if let Err(e) = checks::huifu_id("huifu_id", &huifu_id) {
            bad("huifu_id", e.message);
        }
        let (seq, hf) = (get("org_req_seq_id"), get("org_hf_seq_id"));
        match (seq.is_empty(), hf.is_empty()) {
            (true, true) => bad("org_req_seq_id", "give org_req_seq_id or org_hf_seq_id of the original trade".into()),
            (false, false) => bad("org_hf_seq_id", "give only one of org_req_seq_id and org_hf_seq_id".into()),
            _ => {
                let (f, v) = if seq.is_empty() { ("org_hf_seq_id", &hf) } else { ("org_req_seq_id", &seq) };
                if v.len() > 128 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                    bad(f, "must be up to 128 letters, digits, - or _".into());
                }
            }
        }
        let date = get("org_req_date");
        if let Err(e) = checks::date8("org_req_date", &date) {
            bad("org_req_date", e.message);
        }
        let amount = get("amount");
        let amount_fen = match Fen::parse_yuan(&amount) {
            Ok(f) if f.0 > 0 => f.0,
            Ok(_) => {
                bad("amount", "must be more than 0".into());
                0
            }
            Err(e) => {
                bad("amount", format!("{amount:?} is not an amount in yuan (e.g. 12.34): {e}"));
                0
            }
        };
        let (reason, note) = (get("reason"), get("note"));
        if reason.chars().count() > 255 {
            bad("reason", "at most 255 characters".into());
        }
        if note.chars().count() > 500 {
            bad("note", "at most 500 characters".into());
        }
        rows.push(BatchRow {
            row,
            huifu_id,
            org_req_seq_id: seq,
            org_hf_seq_id: hf,
            org_req_date: date,
            amount_fen,
            reason,
            note,
        });
    }
    if rows.is_empty() && errs.is_empty() {
        errs.push(BatchRowError { row: 0, field: "file".into(), message: "no rows".into() });
    }
    if errs.is_empty() {
        Ok(rows)
    } else {
        Err(errs)
    }
}

fn errors_to_error(errs: &[BatchRowError]) -> Error {
    let first = &errs[0];
    let shown: Vec<String> =
        errs.iter().take(20).map(|e| format!("row {} {}: {}", e.row, e.field, e.message)).collect();
    let more = if errs.len() > 20 { format!(" (and {} more)", errs.len() - 20) } else { String::new() };
    Error {
        field: Some(first.field.clone()),
        ..Error::new(
            ErrorCode::InvalidInput,
            format!("{} problem(s) in the CSV, nothing imported: {}{more}", errs.len(), shown.join("; ")),
        )
    }
}

impl Desk {
    /// Checks a refund CSV without importing it: every problem, by row and field (empty = fine).
    pub fn check_refund_csv(&self, path: &Path) -> Result<Vec<BatchRowError>, Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::invalid("file", format!("cannot read {}: {e}", path.display())))?;
        Ok(parse_refund_csv(&text).err().unwrap_or_default())
    }

    /// Imports a refund CSV as a batch: checks every row first (nothing stored if any is wrong; the error
    /// names the first field and lists the rows), then fixes each row's req_seq_id. The same file again
    /// answers the batch it made before.
    pub fn import_refund_batch(&self, profile: &Profile, path: &Path) -> Result<RefundBatch, Error> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::invalid("file", format!("cannot read {}: {e}", path.display())))?;
        let text = String::from_utf8(bytes.clone()).map_err(|_| Error::invalid("file", "the CSV must be UTF-8"))?;
        let rows = parse_refund_csv(&text).map_err(|e| errors_to_error(&e))?;
        let hash = hex::encode(Sha256::digest(&bytes));
        let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let now = rfc3339(self.now());
        let date = self.req_date();
        let new_id = format!("B{}", self.new_req_seq_id());
        let seqs: Vec<String> = rows.iter().map(|_| self.new_req_seq_id()).collect();
        let id = self.store().with_tx(|tx| {
            let existing: Option<String> =
                tx.query_row("SELECT id FROM refund_batches WHERE profile = ?1 AND content_hash = ?2", params![profile.name, hash], |r| r.get(0)).optional()?;
            if let Some(id) = existing {
                return Ok(id);
            }
            tx.execute(
                "INSERT INTO refund_batches(id, profile, source, content_hash, rows, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![new_id, profile.name, source, hash, rows.len() as i64, now],
            )?;
            for (r, seq) in rows.iter().zip(&seqs) {
                let row = NewRefundRow {
                    req_seq_id: seq,
                    req_date: &date,
                    huifu_id: &r.huifu_id,
                    org_req_seq_id: &r.org_req_seq_id,
                    org_hf_seq_id: &r.org_hf_seq_id,
                    org_req_date: &r.org_req_date,
                    amount_fen: r.amount_fen,
                    split: None,
                    reason: &r.reason,
                    note: &r.note,
                    batch: Some((&new_id, r.row as i64)),
                };
                insert_row(tx, &profile.name, &row, &now)?;
            }
            Ok(new_id.clone())
        })?;
        self.refund_batch(profile, &id)
    }

    /// A batch with its rows' counts.
    pub fn refund_batch(&self, profile: &Profile, id: &str) -> Result<RefundBatch, Error> {
        let (source, rows, created_at): (String, i64, String) = self.store().with_conn(|c| {
            c.query_row(
                "SELECT source, rows, created_at FROM refund_batches WHERE profile = ?1 AND id = ?2",
                params![profile.name, id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("no refund batch {id} in profile {}", profile.name)))
        })?;
        let list = self.batch_rows(profile, id)?;
        let mut counts = BatchCounts::default();
        for r in &list {
            match r.state {
                RefundState::Prepared => counts.prepared += 1,
                RefundState::Pending => counts.pending += 1,
                RefundState::Success => counts.success += 1,
                RefundState::Failed => counts.failed += 1,
                RefundState::Unknown => counts.unknown += 1,
            }
        }
        Ok(RefundBatch {
            id: id.into(),
            source,
            rows: rows as u32,
            total_fen: list.iter().map(|r| r.amount_fen).sum(),
            counts,
            created_at,
        })
    }

    /// The profile's batches, newest first.
    pub fn list_refund_batches(&self, profile: &Profile) -> Result<Vec<RefundBatch>, Error> {
        let ids: Vec<String> = self.store().with_conn(|c| {
            let mut st =
                c.prepare("SELECT id FROM refund_batches WHERE profile = ?1 ORDER BY created_at DESC, rowid DESC")?;
            let ids = st.query_map([&profile.name], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })?;
        ids.iter().map(|id| self.refund_batch(profile, id)).collect()
    }

    pub(crate) fn batch_rows(&self, profile: &Profile, id: &str) -> Result<Vec<RefundRecord>, Error> {
        let mut rows = self.list_refunds(
            profile,
            &RefundFilter { batch_id: Some(id.into()), limit: Some(100_000), ..Default::default() },
        )?;
        rows.sort_by_key(|r| r.batch_row);
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_by_header_and_every_problem_named() {
        let ok = "\u{feff}Amount,huifu_id,org_req_date,org_req_seq_id,reason,note\n0.50,6666000100000001,20261130,20261130010101abc,damaged,call back\n";
        let rows = parse_refund_csv(ok).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].amount_fen, rows[0].reason.as_str(), rows[0].note.as_str()), (50, "damaged", "call back"));

        let bad = "huifu_id,org_req_seq_id,org_hf_seq_id,org_req_date,amount\n\
                   6666000100000001,a1,,20261130,1.00\n\
                   12x,,,2026-11-30,abc\n\
                   6666000100000001,a2,h2,20261130,0\n";
        let errs = parse_refund_csv(bad).unwrap_err();
        let named: Vec<(u32, &str)> = errs.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(
            named,
            vec![
                (2, "huifu_id"),
                (2, "org_req_seq_id"),
                (2, "org_req_date"),
                (2, "amount"),
                (3, "org_hf_seq_id"),
                (3, "amount")
            ]
        );

        let no_amount = "huifu_id,org_req_seq_id,org_req_date\n6666000100000001,a,20261130\n";
        assert_eq!(parse_refund_csv(no_amount).unwrap_err()[0].field, "amount");
    }
}
