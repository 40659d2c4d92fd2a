//! `paydesk refund`: refunds of paid orders — create (full, partial, split), query, list, and batch refunds
//! from a CSV. Dougong goes through desk's refund services (refundable amount checked first, ids fixed and
//! kept, reason and note stored); 慧收钱 goes through desk's acquiring interface as `paydesk acquiring` does.

use clap::Subcommand;
use desk::services::refund::batch::{BatchReport, BatchRunOptions};
use desk::services::refund::{RefundDraft, RefundFilter, RefundForm, RefundRecord};
use desk::services::trade::TradeRef;
use desk::Error;

use crate::acquiring::{self, fen, yuan, AcquirerArg};
use crate::ctx::Ctx;
use crate::trade::{merchant_of, parse_split};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Fix a refund's id and show what is still refundable (what the refund form shows when it opens).
    Prepare {
        /// The paid order's req_seq_id.
        #[arg(long)]
        order: String,
        /// The order's req_date (yyyyMMdd) when it was not made here.
        #[arg(long)]
        date: Option<String>,
    },
    /// Refund all or part of a paid order. More than is refundable is refused before sending.
    Create {
        #[arg(long)]
        order: String,
        /// Refund amount in yuan (default: everything still refundable).
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        date: Option<String>,
        /// Sent to Huifu as remark and kept here.
        #[arg(long, default_value = "")]
        reason: String,
        /// Kept here only.
        #[arg(long, default_value = "")]
        note: String,
        /// The refund's own id (from `prepare`, or an earlier attempt: never a second refund).
        #[arg(long, alias = "refund-no")]
        req_seq_id: Option<String>,
        /// Split refund: RECEIVER_HUIFU_ID:YUAN, repeated (adds up to the amount).
        #[arg(long)]
        split: Vec<String>,
        /// 慧收钱: the paid order's amount in yuan.
        #[arg(long)]
        order_amount: Option<String>,
        /// Wait until the refund is final.
        #[arg(long)]
        follow: bool,
        /// A refund of the same order and amount as one made in the last 24 hours is meant (without it,
        /// such a refund is refused; with it, the audit log records that you said so).
        #[arg(long)]
        allow_repeat: bool,
    },
    /// A refund's state now (refund query with the refund's own ids).
    Query {
        refund_no: String,
        /// Wait until it is final.
        #[arg(long)]
        follow: bool,
    },
    /// Refunds kept here (dougong), newest first.
    List {
        /// Only this order's (req_seq_id or hf_seq_id).
        #[arg(long)]
        order: Option<String>,
        /// Only this batch's.
        #[arg(long)]
        batch: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Refunds from a CSV (columns by header: huifu_id, org_req_seq_id or org_hf_seq_id, org_req_date,
    /// amount in yuan, reason, note). Every row is checked first; running the same file again resumes it
    /// (each row's id was fixed at import) and skips rows already final.
    Batch {
        file: std::path::PathBuf,
        /// Only check the file; send nothing.
        #[arg(long)]
        check: bool,
        /// Refunds in flight at once.
        #[arg(long, default_value_t = 4)]
        concurrency: u32,
        /// Do not wait for accepted refunds to be final.
        #[arg(long)]
        no_follow: bool,
        /// Where to write the result CSV (default under PAYDESK_HOME/refund-batches).
        #[arg(long)]
        result: Option<std::path::PathBuf>,
        /// Send rows that repeat another row of the same order and amount (two returned items of the same
        /// price). A row an earlier refund already covers is never sent, with or without this.
        #[arg(long)]
        allow_repeat: bool,
    },
}

fn refund_text(r: &RefundRecord) -> String {
    let org = if r.org_req_seq_id.is_empty() { &r.org_hf_seq_id } else { &r.org_req_seq_id };
    let mut s = format!(
        "refund {} of {} {} yuan: {} hf_seq_id={}",
        r.req_seq_id,
        org,
        yuan(r.amount_fen),
        r.state.as_str(),
        r.hf_seq_id.as_deref().unwrap_or("-")
    );
    if !r.message.is_empty() {
        s.push_str(&format!(" ({})", r.message));
    }
    s
}

fn draft_text(d: &RefundDraft) -> String {
    let r = &d.refundable;
    format!(
        "refund id {} ({})\npaid {} yuan, refunded {}, in progress {}, refundable {}",
        d.req_seq_id,
        d.req_date,
        yuan(r.paid_fen),
        yuan(r.refunded_fen),
        yuan(r.pending_fen),
        yuan(r.refundable_fen)
    )
}

fn report_text(r: &BatchReport) -> String {
    let c = &r.batch.counts;
    let mut s = format!(
        "batch {} ({} rows, {} yuan): sent {}, skipped {}, already refunded {} | success {}, pending {}, failed {}, unknown {}, not sent {}\nresult: {}",
        r.batch.id,
        r.batch.rows,
        yuan(r.batch.total_fen),
        r.sent,
        r.skipped,
        r.covered,
        c.success,
        c.pending,
        c.failed,
        c.unknown,
        c.prepared,
        r.result_csv
    );
    for e in &r.errors {
        s.push_str(&format!("\nrow {} {}: {}", e.row, e.field, e.message));
    }
    s
}

pub async fn run(ctx: Ctx, acquirer: Option<AcquirerArg>, merchant: Option<String>, cmd: Cmd) -> Result<(), Error> {
    let acquirer = acquirer.unwrap_or(AcquirerArg::Dougong);
    if acquirer != AcquirerArg::Dougong {
        let routed = match cmd {
            Cmd::Create { order, amount, reason, req_seq_id, order_amount, allow_repeat, .. } => {
                acquiring::Cmd::Refund {
                    order_no: order,
                    amount: amount.ok_or_else(|| Error::invalid("amount", "give --amount"))?,
                    order_amount: order_amount.ok_or_else(|| {
                        Error::invalid("order_amount", "give --order-amount (the paid order's amount)")
                    })?,
                    refund_no: req_seq_id,
                    reason: Some(reason).filter(|r| !r.is_empty()),
                    allow_repeat,
                }
            }
            Cmd::Query { refund_no, .. } => acquiring::Cmd::RefundQuery { refund_no },
            _ => return Err(Error::invalid("acquirer", "prepare, list and batch are dougong only")),
        };
        return acquiring::run(ctx, Some(acquirer), merchant, routed).await;
    }
    let p = acquiring::profile(&ctx, Some(acquirer)).await?;
    let h = merchant_of(&p, &merchant);
    let tref = |order: String, date: Option<String>| TradeRef {
        huifu_id: h.clone(),
        req_seq_id: Some(order),
        req_date: date,
        hf_seq_id: None,
    };
    let progress = ctx.progress();
    match cmd {
        Cmd::Prepare { order, date } => ctx.print(&ctx.desk.prepare_refund(&p, tref(order, date)).await?, draft_text),
        Cmd::Create { order, amount, date, reason, note, req_seq_id, split, follow, allow_repeat, .. } => {
            let p = ctx.confirm_write(p, "Refund")?;
            let trade = tref(order, date);
            let amount_fen = match amount {
                Some(a) => fen("amount", &a)?,
                None => ctx.desk.refundable(&p, trade.clone()).await?.refundable_fen,
            };
            let form = RefundForm {
                req_seq_id,
                trade,
                amount_fen,
                reason,
                note,
                split: parse_split(&split)?,
                notify_url: None,
                allow_repeat,
            };
            let mut r = ctx.desk.submit_refund(&p, form).await?;
            if follow {
                r = ctx.desk.follow_refund(&p, &r.req_seq_id, 120, 500, &progress).await?;
            }
            ctx.print(&r, refund_text);
        }
        Cmd::Query { refund_no, follow } => {
            if ctx.desk.refund(&p, &refund_no)?.is_none() {
                // Not made here: ask through the shared interface (the number carries its date).
                let v = ctx.desk.acquiring_refund_query(&p, &refund_no, Some(&h)).await?;
                ctx.print(&v, |v| {
                    format!("refund {} {:?} ({}) {} yuan", v.refund_no, v.state, v.raw_status, yuan(v.amount_fen))
                });
                return Ok(());
            }
            let r = if follow {
                ctx.desk.follow_refund(&p, &refund_no, 120, 500, &progress).await?
            } else {
                ctx.desk.refund_status(&p, &refund_no).await?
            };
            ctx.print(&r, refund_text);
        }
        Cmd::List { order, batch, limit } => {
            let l = ctx.desk.list_refunds(
                &p,
                &RefundFilter { huifu_id: merchant.clone(), trade: order, batch_id: batch, limit: Some(limit) },
            )?;
            ctx.print(&l, |l| l.iter().map(refund_text).collect::<Vec<_>>().join("\n"));
        }
        Cmd::Batch { file, check, concurrency, no_follow, result, allow_repeat } => {
            if check {
                let errs = ctx.desk.check_refund_csv(&file)?;
                ctx.print(&errs, |e| {
                    if e.is_empty() {
                        "the file is fine".into()
                    } else {
                        e.iter()
                            .map(|e| format!("row {} {}: {}", e.row, e.field, e.message))
                            .collect::<Vec<_>>()
                            .join("\n")
                    }
                });
                if !errs.is_empty() {
                    return Err(Error::invalid(
                        errs[0].field.clone(),
                        format!("{} problem(s) in {}", errs.len(), file.display()),
                    ));
                }
                return Ok(());
            }
            let p = ctx.confirm_write(p, "Batch refunds")?;
            let b = ctx.desk.import_refund_batch(&p, &file)?;
            if !ctx.g.json {
                eprintln!("batch {} from {}: {} rows, {} yuan", b.id, b.source, b.rows, yuan(b.total_fen));
            }
            let opts = BatchRunOptions {
                allow_repeat,
                concurrency,
                follow: !no_follow,
                result_path: result.map(|r| r.display().to_string()),
                ..Default::default()
            };
            let report = ctx.desk.run_refund_batch(&p, &b.id, opts, &progress).await?;
            ctx.print(&report, report_text);
        }
    }
    Ok(())
}
