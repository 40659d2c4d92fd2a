//! Walks the audit chain and names what was tampered with.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{content_hash, from_row, AuditRow, GENESIS};
use crate::error::Error;
use crate::store::Store;

/// What kind of tampering a problem shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditProblemKind {
    /// The row's content no longer matches its hash (or its hash was rewritten).
    Edited,
    /// A row that the chain does not account for.
    Inserted,
    /// One or more rows are missing.
    Deleted,
}

/// One finding, naming the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditProblem {
    pub kind: AuditProblemKind,
    /// The seq of the edited or inserted row; for deletions, the first missing seq.
    pub seq: i64,
    pub message: String,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    pub ok: bool,
    pub rows: i64,
    pub problems: Vec<AuditProblem>,
}

fn hash_as(row: &AuditRow, seq: i64) -> String {
    content_hash(&AuditRow { seq, ..row.clone() })
}

/// Checks every row's hash, the links between rows, the numbering and the head.
pub fn verify(store: &Store) -> Result<AuditReport, Error> {
    let (rows, head) = store.with_conn(|c| {
        let mut st = c.prepare("SELECT * FROM audit_log ORDER BY seq")?;
        let rows = st.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
        let head: Option<(i64, String)> =
            c.query_row("SELECT seq, row_hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).ok();
        Ok((rows, head))
    })?;
    let mut problems = Vec::new();

    for (i, row) in rows.iter().enumerate() {
        let prev = if i == 0 { None } else { Some(&rows[i - 1]) };
        let prev_prev = if i < 2 { None } else { Some(&rows[i - 2]) };
        let expected_seq = prev.map_or(1, |p| p.seq + 1);
        let expected_prev_hash = prev.map_or(GENESIS.to_string(), |p| p.row_hash.clone());
        let own_ok = content_hash(row) == row.row_hash;
        // A row whose hash only matches under another number was shifted by an insertion or deletion.
        let shifted_up = !own_ok && (1..=3).any(|k| hash_as(row, row.seq - k) == row.row_hash);
        let shifted_down = !own_ok && (1..=3).any(|k| hash_as(row, row.seq + k) == row.row_hash);

        if row.seq > expected_seq {
            push(&mut problems, AuditProblemKind::Deleted, expected_seq, format!("rows {expected_seq}..{} are missing", row.seq - 1));
        } else if row.prev_hash != expected_prev_hash {
            if prev_prev.is_some_and(|pp| pp.row_hash == row.prev_hash) {
                let p = prev.expect("prev exists when prev_prev does");
                if problems.last().is_some_and(|x| x.kind == AuditProblemKind::Inserted && x.seq == p.seq) {
                    continue;
                }
                push(&mut problems, AuditProblemKind::Inserted, p.seq, format!("row {} was inserted: row {} links past it", p.seq, row.seq));
            } else if shifted_down || (own_ok && prev.is_some_and(|p| content_hash(p) == p.row_hash)) {
                push(&mut problems, AuditProblemKind::Deleted, row.seq, format!("a row before row {} was deleted: its link points to a row that is gone", row.seq));
            } else if prev.is_some_and(|p| content_hash(p) == p.row_hash) {
                push(&mut problems, AuditProblemKind::Edited, row.seq, format!("row {} was edited: its link to row {} is wrong", row.seq, expected_seq - 1));
            }
            // else: the previous row was already reported as edited; its rewritten hash breaks this link.
            continue;
        }
        if !own_ok && !shifted_up && rows.get(i + 1).is_some_and(|n| n.prev_hash == expected_prev_hash) {
            push(&mut problems, AuditProblemKind::Inserted, row.seq, format!("row {} was inserted: row {} links past it", row.seq, row.seq + 1));
            continue;
        }
        if !own_ok && !shifted_up {
            let next_links = rows.get(i + 1).is_some_and(|n| n.prev_hash == row.row_hash);
            let how = if next_links { "its content no longer matches its hash" } else { "its content and hash were rewritten" };
            push(&mut problems, AuditProblemKind::Edited, row.seq, format!("row {} was edited: {how}", row.seq));
        }
    }

    let last = rows.last();
    match (&head, last) {
        (Some((hseq, hhash)), Some(l)) => {
            if l.seq < *hseq {
                push(&mut problems, AuditProblemKind::Deleted, l.seq + 1, format!("rows {}..{hseq} were cut off the end", l.seq + 1));
            } else if l.seq > *hseq {
                push(&mut problems, AuditProblemKind::Inserted, hseq + 1, format!("rows {}..{} were appended outside Paydesk", hseq + 1, l.seq));
            } else if &l.row_hash != hhash && problems.is_empty() {
                push(&mut problems, AuditProblemKind::Edited, l.seq, format!("row {} was edited: it no longer matches the recorded head", l.seq));
            }
        }
        (Some((hseq, _)), None) => push(&mut problems, AuditProblemKind::Deleted, 1, format!("all {hseq} rows were deleted")),
        (None, Some(l)) => push(&mut problems, AuditProblemKind::Inserted, 1, format!("{} rows exist but Paydesk never recorded any", l.seq)),
        (None, None) => {}
    }
    Ok(AuditReport { ok: problems.is_empty(), rows: rows.len() as i64, problems })
}

fn push(problems: &mut Vec<AuditProblem>, kind: AuditProblemKind, seq: i64, message: String) {
    problems.push(AuditProblem { kind, seq, message });
}
