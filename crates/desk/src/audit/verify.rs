//! Walks the audit chain with the keychain's key and compares its end with the anchor kept outside the
//! database, naming what was tampered with: an edited, inserted or deleted row, rows re-hashed without the
//! key, a log cut short (even with `audit_head` moved back to match) or emptied.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::chain::{legacy_hash, Anchor, AuditChain, ChainKey};
use super::{from_row, AuditRow, GENESIS};
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
    /// One or more rows are missing from the middle.
    Deleted,
    /// Rows were cut off the end: the anchor outside the database says the log went further.
    Truncated,
    /// Every row is gone, though the anchor says there were some.
    Wiped,
    /// Rows were changed and their hashes recomputed without the key: they link up, but none is keyed.
    Rehashed,
    /// Something needed to vouch for the log is missing (the key or the anchor in the keychain).
    Unverifiable,
}

/// One finding, naming the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditProblem {
    pub kind: AuditProblemKind,
    /// The first row concerned (the edited or inserted row, the first missing one).
    #[ts(type = "number")]
    pub seq: i64,
    pub message: String,
}

/// The result of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub rows: i64,
    pub problems: Vec<AuditProblem>,
    /// The last row the anchor outside the database vouches for.
    #[ts(optional, type = "number")]
    pub anchored_seq: Option<i64>,
    /// Rows after the anchor (written since it was last moved; 0 normally).
    #[ts(type = "number")]
    pub unanchored: i64,
    /// The chain is keyed with the keychain's key (false: an older log, keyed at its next write).
    pub keyed: bool,
    /// Why part of the check could not be made (e.g. the anchor could not be moved: a locked keychain).
    pub note: Option<String>,
}

fn push(problems: &mut Vec<AuditProblem>, kind: AuditProblemKind, seq: i64, message: String) {
    problems.push(AuditProblem { kind, seq, message });
}

/// Checks every row's keyed hash, the links between rows, the numbering, and the end of the log against the
/// anchor in the keychain. Reads the key; never makes one.
///
/// Errors: `Keychain` (locked: unlock and retry), `Storage`.
pub fn verify(store: &Store, chain: &Arc<AuditChain>) -> Result<AuditReport, Error> {
    let anchor_error = chain.flush();
    let key = chain.existing_key()?;
    let anchor = chain.read_anchor()?;
    let (rows, head) = store.with_conn(|c| {
        let mut st = c.prepare("SELECT * FROM audit_log ORDER BY seq")?;
        let rows = st.query_map([], from_row)?.collect::<Result<Vec<_>, _>>()?;
        let head: Option<(i64, String)> =
            c.query_row("SELECT seq, row_hash FROM audit_head WHERE id = 1", [], |r| Ok((r.get(0)?, r.get(1)?))).ok();
        Ok((rows, head))
    })?;
    let mut problems = Vec::new();
    match (&key, &anchor) {
        (None, Some(a)) => push(
            &mut problems,
            AuditProblemKind::Unverifiable,
            a.keyed_from,
            format!("the audit key is missing from the keychain: rows from {} on cannot be vouched for", a.keyed_from),
        ),
        (Some(k), None) if !rows.is_empty() => push(
            &mut problems,
            AuditProblemKind::Unverifiable,
            k.keyed_from,
            "the anchor outside the database is missing from the keychain: a log cut short could not be told apart"
                .into(),
        ),
        _ => {}
    }
    if let Some(k) = key.as_ref().filter(|k| !k.legacy_ok && k.keyed_from > 1) {
        push(
            &mut problems,
            AuditProblemKind::Unverifiable,
            1,
            format!("rows 1..{} were not an intact chain when keying began (or the key was lost since): they cannot be vouched for", k.keyed_from - 1),
        );
    }
    walk(&rows, key.as_ref(), &mut problems);
    let last = rows.last();
    let mut anchored_seq = None;
    let mut unanchored = 0;
    match &anchor {
        Some(a) => {
            anchored_seq = Some(a.seq);
            check_anchor(a, &rows, head.as_ref(), &mut problems);
            unanchored = last.map_or(0, |l| (l.seq - a.seq).max(0));
        }
        None => check_head(head.as_ref(), last, &mut problems),
    }
    let note = anchor_error
        .filter(|_| unanchored > 0)
        .map(|e| format!("the anchor could not be moved past row {}: {e}", anchored_seq.unwrap_or(0)));
    Ok(AuditReport {
        ok: problems.is_empty(),
        rows: rows.len() as i64,
        problems,
        anchored_seq,
        unanchored,
        keyed: key.is_some(),
        note,
    })
}

/// The chain's own checks: each row's hash, its link, its number.
fn walk(rows: &[AuditRow], key: Option<&ChainKey>, problems: &mut Vec<AuditProblem>) {
    let expected = |r: &AuditRow| key.map_or_else(|| legacy_hash(r), |k| k.expected(r));
    let hash_as = |r: &AuditRow, seq: i64| expected(&AuditRow { seq, ..r.clone() });
    let ok = |r: &AuditRow| expected(r) == r.row_hash;
    let mut skip_to = 0usize;
    for (i, row) in rows.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        let prev = if i == 0 { None } else { Some(&rows[i - 1]) };
        let prev_prev = if i < 2 { None } else { Some(&rows[i - 2]) };
        let expected_seq = prev.map_or(1, |p| p.seq + 1);
        let expected_prev_hash = prev.map_or(GENESIS.to_string(), |p| p.row_hash.clone());
        let own_ok = ok(row);
        // A row whose hash only matches under another number was shifted by an insertion or deletion.
        let shifted_up = !own_ok && (1..=3).any(|k| hash_as(row, row.seq - k) == row.row_hash);
        let shifted_down = !own_ok && (1..=3).any(|k| hash_as(row, row.seq + k) == row.row_hash);

        if row.seq > expected_seq {
            push(
                problems,
                AuditProblemKind::Deleted,
                expected_seq,
                format!("rows {expected_seq}..{} are missing", row.seq - 1),
            );
        } else if row.prev_hash != expected_prev_hash {
            if prev_prev.is_some_and(|pp| pp.row_hash == row.prev_hash) {
                let p = prev.expect("prev exists when prev_prev does");
                if problems.last().is_some_and(|x| x.kind == AuditProblemKind::Inserted && x.seq == p.seq) {
                    continue;
                }
                push(
                    problems,
                    AuditProblemKind::Inserted,
                    p.seq,
                    format!("row {} was inserted: row {} links past it", p.seq, row.seq),
                );
            } else if shifted_down || (own_ok && prev.is_some_and(ok)) {
                push(
                    problems,
                    AuditProblemKind::Deleted,
                    row.seq,
                    format!("a row before row {} was deleted: its link points to a row that is gone", row.seq),
                );
            } else if prev.is_some_and(ok) {
                push(
                    problems,
                    AuditProblemKind::Edited,
                    row.seq,
                    format!("row {} was edited: its link to row {} is wrong", row.seq, expected_seq - 1),
                );
            }
            // else: the previous row was already reported as edited; its rewritten hash breaks this link.
            continue;
        }
        if own_ok || shifted_up {
            continue;
        }
        if rows.get(i + 1).is_some_and(|n| n.prev_hash == expected_prev_hash) {
            push(
                problems,
                AuditProblemKind::Inserted,
                row.seq,
                format!("row {} was inserted: row {} links past it", row.seq, row.seq + 1),
            );
            continue;
        }
        // A run of rows that link to each other, none keyed: re-hashed without the key from this row on.
        let mut end = i;
        while rows
            .get(end + 1)
            .is_some_and(|n| n.prev_hash == rows[end].row_hash && n.seq == rows[end].seq + 1 && !ok(n))
        {
            end += 1;
        }
        if end > i {
            push(
                problems,
                AuditProblemKind::Rehashed,
                row.seq,
                format!(
                    "rows {}..{} were rewritten and their hashes recomputed without the audit key; row {} is the first that differs",
                    row.seq, rows[end].seq, row.seq
                ),
            );
            skip_to = end + 1;
            continue;
        }
        let next_links = rows.get(i + 1).is_some_and(|n| n.prev_hash == row.row_hash);
        let how =
            if next_links { "its content no longer matches its hash" } else { "its content and hash were rewritten" };
        push(problems, AuditProblemKind::Edited, row.seq, format!("row {} was edited: {how}", row.seq));
    }
}

/// The end of the log against the anchor kept outside the database.
fn check_anchor(a: &Anchor, rows: &[AuditRow], head: Option<&(i64, String)>, problems: &mut Vec<AuditProblem>) {
    let Some(last) = rows.last() else {
        if a.seq > 0 {
            push(
                problems,
                AuditProblemKind::Wiped,
                1,
                format!(
                    "the log is empty, but the anchor outside the database says it held {} rows: all were deleted",
                    a.seq
                ),
            );
        }
        return;
    };
    if last.seq < a.seq {
        let moved = if head.is_some_and(|h| h.0 == last.seq) { "; audit_head was moved back to match" } else { "" };
        push(
            problems,
            AuditProblemKind::Truncated,
            last.seq + 1,
            format!(
                "rows {}..{} were cut off the end: the anchor outside the database says the log reached row {}{moved}",
                last.seq + 1,
                a.seq,
                a.seq
            ),
        );
        return;
    }
    let anchored = rows.iter().find(|r| r.seq == a.seq);
    let already = problems.iter().any(|p| p.seq <= a.seq && p.kind != AuditProblemKind::Unverifiable);
    if a.seq > 0 && !already && anchored.is_none_or(|r| r.row_hash != a.hash) {
        push(
            problems,
            AuditProblemKind::Edited,
            a.seq,
            format!("row {} does not match the anchor kept outside the database", a.seq),
        );
    }
}

/// Without an anchor (a log from before keying): the end against `audit_head`.
fn check_head(head: Option<&(i64, String)>, last: Option<&AuditRow>, problems: &mut Vec<AuditProblem>) {
    match (head, last) {
        (Some((hseq, hhash)), Some(l)) => {
            if l.seq < *hseq {
                push(
                    problems,
                    AuditProblemKind::Truncated,
                    l.seq + 1,
                    format!("rows {}..{hseq} were cut off the end", l.seq + 1),
                );
            } else if l.seq > *hseq {
                push(
                    problems,
                    AuditProblemKind::Inserted,
                    hseq + 1,
                    format!("rows {}..{} were appended outside Paydesk", hseq + 1, l.seq),
                );
            } else if &l.row_hash != hhash && problems.is_empty() {
                push(
                    problems,
                    AuditProblemKind::Edited,
                    l.seq,
                    format!("row {} was edited: it no longer matches the recorded head", l.seq),
                );
            }
        }
        (Some((hseq, _)), None) => push(problems, AuditProblemKind::Wiped, 1, format!("all {hseq} rows were deleted")),
        (None, Some(l)) => push(
            problems,
            AuditProblemKind::Inserted,
            1,
            format!("{} rows exist but Paydesk never recorded any", l.seq),
        ),
        (None, None) => {}
    }
}
