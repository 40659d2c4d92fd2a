//! Running (or resuming) a batch. Before anything is sent every row's trade is resolved by the scan query
//! (both of its ids, however the row named it), so the rows of one trade run one after the other and each
//! row knows which occurrence it is of its trade and amount in the file (the first 5.00 of trade T, the
//! second...). A row is its content: the n-th occurrence is already done when n refunds of that trade and
//! amount may have taken effect — from this batch, an earlier batch or the refund page — and is then
//! marked covered by the n-th of them instead of being sent; a second occurrence in the file is a repeat
//! the person must allow. The count is made in the refund's intent transaction (see
//! [`crate::services::refund`]), so two processes running overlapping files cannot both send one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rusqlite::params;

use dougong::Fen;

use super::{BatchReport, BatchRowError, BatchRunOptions};
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::services::refund::{NewRefundRow, RefundRecord, RefundSend, RefundState};
use crate::services::trade::TradeRef;
use crate::Desk;

enum Outcome {
    Skipped(RefundRecord),
    Sent(RefundRecord),
    Covered(RefundRecord),
    Refused(RefundRecord, Error),
}

/// A row ready to run: its resolved trade and its occurrence of (trade, amount) in the file.
struct Planned {
    row: RefundRecord,
    occurrence: u32,
}

impl Desk {
    /// Runs (or resumes) a batch: rows already final or covered are skipped, the others are sent with their
    /// fixed req_seq_id (the journal makes a resend of an earlier attempt safe), rows of one trade in order.
    /// Reports `refund.row` progress per row and writes the result CSV.
    pub async fn run_refund_batch(
        &self,
        profile: &Profile,
        id: &str,
        opts: BatchRunOptions,
        progress: Progress<'_>,
    ) -> Result<BatchReport, Error> {
        let rows = self.batch_rows(profile, id)?;
        if rows.is_empty() {
            return Err(Error::new(ErrorCode::NotFound, format!("no refund batch {id} in profile {}", profile.name)));
        }
        let total = rows.len() as u64;
        let done = Arc::new(AtomicU64::new(0));
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Outcome>();

        // The trades, resolved once per name the file uses.
        let mut resolved: HashMap<(String, String, String), Result<TradeRef, Error>> = HashMap::new();
        let mut groups: BTreeMap<(String, String), Vec<Planned>> = BTreeMap::new();
        let mut seen: HashMap<(String, String, i64), u32> = HashMap::new();
        for r in rows {
            let name = (r.huifu_id.clone(), r.org_req_seq_id.clone(), r.org_hf_seq_id.clone());
            if !resolved.contains_key(&name) {
                let t = TradeRef {
                    huifu_id: r.huifu_id.clone(),
                    req_seq_id: Some(r.org_req_seq_id.clone()).filter(|s| !s.is_empty()),
                    req_date: Some(r.org_req_date.clone()).filter(|s| !s.is_empty()),
                    hf_seq_id: Some(r.org_hf_seq_id.clone()).filter(|s| !s.is_empty()),
                };
                let got = match self.resolve_trade_ref(profile, &t) {
                    Ok(t) => self.scan_query(profile, &t).await.map(|q| TradeRef {
                        huifu_id: t.huifu_id.clone(),
                        req_seq_id: q.org_req_seq_id.clone().or(t.req_seq_id.clone()),
                        req_date: q.org_req_date.clone().or(t.req_date.clone()),
                        hf_seq_id: q.org_hf_seq_id.clone().or(t.hf_seq_id.clone()),
                    }),
                    Err(e) => Err(e),
                };
                resolved.insert(name.clone(), got);
            }
            let trade = match &resolved[&name] {
                Ok(t) => t.hf_seq_id.clone().or(t.req_seq_id.clone()).unwrap_or_default(),
                Err(e) => {
                    let _ = tx.send(Outcome::Refused(r, e.clone()));
                    continue;
                }
            };
            let n = seen.entry((r.huifu_id.clone(), trade.clone(), r.amount_fen)).or_insert(0);
            *n += 1;
            let occurrence = *n;
            groups.entry((r.huifu_id.clone(), trade)).or_default().push(Planned { row: r, occurrence });
        }

        let sem = Arc::new(tokio::sync::Semaphore::new(opts.concurrency.clamp(1, 16) as usize));
        let mut set = tokio::task::JoinSet::new();
        for (_, group) in groups {
            let (desk, p, sem, tx, opts) = (self.clone(), profile.clone(), sem.clone(), tx.clone(), opts.clone());
            set.spawn(async move {
                let Ok(_permit) = sem.acquire_owned().await else { return };
                let n = group.len();
                for (i, planned) in group.into_iter().enumerate() {
                    // Only a row with another row of the same trade after it waits here (Huifu takes one
                    // refund at a time per trade); the rest are followed together at the end.
                    let out = desk.run_row(&p, planned, i + 1 < n, &opts).await;
                    if tx.send(out).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let (mut sent, mut skipped, mut covered, mut errors) = (0u32, 0u32, 0u32, Vec::new());
        while let Some(o) = rx.recv().await {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            let msg = match &o {
                Outcome::Skipped(r) => {
                    skipped += 1;
                    format!("row {} already {}", r.batch_row.unwrap_or(0), r.state.as_str())
                }
                Outcome::Covered(r) => {
                    covered += 1;
                    format!(
                        "row {} already refunded by {}",
                        r.batch_row.unwrap_or(0),
                        r.covered_by.clone().unwrap_or_default()
                    )
                }
                Outcome::Sent(r) => {
                    sent += 1;
                    format!("row {} {}", r.batch_row.unwrap_or(0), r.state.as_str())
                }
                Outcome::Refused(r, e) => {
                    if e.code != ErrorCode::ConfirmRepeat
                        && e.code != ErrorCode::Unsettled
                        && e.code != ErrorCode::InvalidInput
                    {
                        sent += 1;
                    }
                    let row = r.batch_row.unwrap_or(0);
                    errors.push(BatchRowError {
                        row: row as u32,
                        field: e.field.clone().unwrap_or_else(|| "refund".into()),
                        message: e.message.clone(),
                    });
                    format!("row {row} not refunded: {}", e.message)
                }
            };
            progress(ProgressEvent::new("refund.row", n, Some(total), msg));
        }
        while let Some(j) = set.join_next().await {
            j.map_err(|e| Error::new(ErrorCode::Internal, format!("a batch worker failed: {e}")))?;
        }
        if opts.follow {
            self.follow_batch(profile, id, &opts, progress).await?;
        }
        errors.sort_by_key(|e| e.row);
        let path = opts
            .result_path
            .clone()
            .map(PathBuf::from)
            .unwrap_or_else(|| self.home().join("refund-batches").join(format!("{id}-result.csv")));
        let result_csv = self.write_refund_batch_result(profile, id, &path)?;
        Ok(BatchReport { batch: self.refund_batch(profile, id)?, sent, skipped, covered, errors, result_csv })
    }

    /// Polls the rows still pending (or unanswered) until they are final, in rounds `poll_ms` apart, at
    /// most `max_polls` rounds.
    async fn follow_batch(
        &self,
        profile: &Profile,
        id: &str,
        opts: &BatchRunOptions,
        progress: Progress<'_>,
    ) -> Result<(), Error> {
        for round in 0..opts.max_polls.max(1) {
            let open: Vec<RefundRecord> = self
                .batch_rows(profile, id)?
                .into_iter()
                .filter(|r| matches!(r.state, RefundState::Pending | RefundState::Unknown))
                .collect();
            if open.is_empty() {
                return Ok(());
            }
            progress(ProgressEvent::new(
                "refund.follow",
                round as u64,
                None,
                format!("{} refund(s) not final yet", open.len()),
            ));
            if round > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(opts.poll_ms)).await;
            }
            for r in open {
                // A failing query leaves the row as it is; the next round (or a later run) asks again.
                let _ = self.refund_status(profile, &r.req_seq_id).await;
            }
        }
        Ok(())
    }

    /// One row: skip if final or covered, follow if already accepted, else send (then follow when asked).
    async fn run_row(&self, p: &Profile, planned: Planned, follow: bool, opts: &BatchRunOptions) -> Outcome {
        let Planned { row, occurrence } = planned;
        if row.state.is_final() || row.covered_by.is_some() {
            return Outcome::Skipped(row);
        }
        let quiet: Progress<'_> = &|_| {};
        let seq = row.req_seq_id.clone();
        let result = if row.state == RefundState::Pending {
            Ok(row.clone())
        } else {
            let new = NewRefundRow {
                req_seq_id: &row.req_seq_id,
                req_date: &row.req_date,
                huifu_id: &row.huifu_id,
                org_req_seq_id: &row.org_req_seq_id,
                org_hf_seq_id: &row.org_hf_seq_id,
                org_req_date: &row.org_req_date,
                amount_fen: row.amount_fen,
                split: None,
                reason: &row.reason,
                note: &row.note,
                batch: row.batch_id.as_deref().map(|b| (b, row.batch_row.unwrap_or(0))),
            };
            let send = RefundSend { notify_url: None, allow_repeat: opts.allow_repeat, occurrence: Some(occurrence) };
            self.send_refund(p, new, None, &send).await
        };
        match result {
            Ok(r) if follow && !r.state.is_final() => {
                match self.follow_refund(p, &seq, opts.max_polls.max(1), opts.poll_ms, quiet).await {
                    Ok(r) => Outcome::Sent(r),
                    Err(_) => Outcome::Sent(r),
                }
            }
            Ok(r) => Outcome::Sent(r),
            Err((e, Some(c))) => {
                let msg = format!("not sent: already refunded by {}", c.by);
                let _ = self.store().with_conn(|conn| {
                    conn.execute(
                        "UPDATE refunds SET covered_by = ?3, message = ?4 WHERE profile = ?1 AND req_seq_id = ?2 AND state = 'prepared'",
                        params![p.name, seq, c.by, msg],
                    )?;
                    Ok(())
                });
                let _ = e;
                Outcome::Covered(self.refund(p, &seq).ok().flatten().unwrap_or(row))
            }
            Err((e, None)) => {
                // Refused here (amount, repeat, an unsettled refund) or by Huifu: the row's state says which;
                // keep the reason on it.
                if matches!(e.code, ErrorCode::InvalidInput | ErrorCode::ConfirmRepeat | ErrorCode::Unsettled) {
                    let _ = self.store().with_conn(|c| {
                        c.execute(
                            "UPDATE refunds SET message = ?3 WHERE profile = ?1 AND req_seq_id = ?2",
                            params![p.name, seq, e.message],
                        )?;
                        Ok(())
                    });
                }
                let r = self.refund(p, &seq).ok().flatten().unwrap_or(row);
                Outcome::Refused(r, e)
            }
        }
    }

    /// Writes the batch's rows as they stand to `path` (CSV, UTF-8, a header row); answers the path.
    pub fn write_refund_batch_result(&self, profile: &Profile, id: &str, path: &Path) -> Result<String, Error> {
        let rows = self.batch_rows(profile, id)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::new(ErrorCode::Io, format!("cannot create {}: {e}", dir.display())))?;
        }
        let file = std::fs::File::create(path)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", path.display())))?;
        // BOM, formula cells escaped, headers in the person's language: crate::csv_out.
        let mut w = crate::csv_out::CsvOut::new(std::io::BufWriter::new(file), self.csv_lang(), RESULT_COLUMNS)?;
        for r in rows {
            w.row([
                r.batch_row.unwrap_or(0).to_string(),
                r.huifu_id,
                r.org_req_seq_id,
                r.org_hf_seq_id,
                r.org_req_date,
                Fen(r.amount_fen).to_yuan_string(),
                r.req_seq_id,
                r.req_date,
                r.state.as_str().to_string(),
                r.hf_seq_id.unwrap_or_default(),
                r.resp_code,
                r.message,
                r.covered_by.unwrap_or_default(),
                r.reason,
                r.note,
            ])?;
        }
        std::io::Write::flush(&mut w.finish()?)
            .map_err(|e| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", path.display())))?;
        Ok(path.display().to_string())
    }
}

/// The result file's columns: (中文, English).
const RESULT_COLUMNS: &[(&str, &str)] = &[
    ("行号", "row"),
    ("商户号", "huifu_id"),
    ("原交易请求流水号", "org_req_seq_id"),
    ("原交易全局流水号", "org_hf_seq_id"),
    ("原交易请求日期", "org_req_date"),
    ("退款金额", "amount"),
    ("退款请求流水号", "req_seq_id"),
    ("退款请求日期", "req_date"),
    ("状态", "state"),
    ("汇付全局流水号", "hf_seq_id"),
    ("返回码", "resp_code"),
    ("说明", "message"),
    ("已由该退款完成", "covered_by"),
    ("退款原因", "reason"),
    ("备注", "note"),
];
