//! `paydesk bill`: statements — config, list a day's files, download with progress, import (any bill
//! zip / CSV / XLSX, reporting rows/s), query, totals (with daily totals and the settlement check),
//! export. Progress of download and import goes to stderr as lines (JSON lines with `--json`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk::services::bill::query::yuan;
use desk::services::bill::{BillConfigForm, BillFilter, BillListQuery, ImportOptions};
use desk::{Error, ProgressEvent};

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Show the bill config, or change it with --on / --off.
    Config {
        /// Merchant or channel huifu_id (default: the profile's sys_id).
        #[arg(long)]
        huifu_id: Option<String>,
        /// Turn bill generation on.
        #[arg(long, conflicts_with = "off")]
        on: bool,
        /// Turn bill generation off.
        #[arg(long)]
        off: bool,
        /// file_type codes: 1 trade, 2 settlement, 3 split, 4 withdrawal.
        #[arg(long, value_delimiter = ',', default_value = "1,2,3,4")]
        types: Vec<String>,
        #[arg(long)]
        notify_url: Option<String>,
        /// Reuse the req_seq_id of an earlier attempt.
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// A file date's files and batch tasks (state: config_off, not_run_yet, running, ready, no_records, failed).
    List(DayArgs),
    /// Download the ready files of a file date into <home>/bills/.
    Download {
        #[command(flatten)]
        day: DayArgs,
        /// Import each file after downloading it.
        #[arg(long)]
        import: bool,
    },
    /// Import bill files (zip of CSVs, CSV, XLSX) into the local database; prints rows/s.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Import again even when the same content was imported before.
        #[arg(long)]
        replace: bool,
    },
    /// Imported trade rows matching the filters.
    Query(FilterArgs),
    /// Totals of the filtered rows; --daily per day; --settlement checks settled amounts.
    Totals {
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long)]
        daily: bool,
        /// Settled = trade − fee − refunds + refunded fees, per day and merchant, against the settlement file.
        #[arg(long)]
        settlement: bool,
    },
    /// Write the filtered rows to a CSV file.
    /// Write the filtered rows as CSV (BOM, formula cells escaped; headers in Chinese unless --lang en or
    /// the app was last switched to English).
    Export {
        out: PathBuf,
        #[command(flatten)]
        filter: FilterArgs,
        /// Header language: zh or en.
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Args, Debug)]
pub struct DayArgs {
    /// File date yyyyMMdd (= trade date + 1; monthly files on the 1st).
    #[arg(long)]
    date: String,
    #[arg(long)]
    huifu_id: Option<String>,
    /// TRADE_BILL, SETTLE_BILL, SPLIT_BILL, WITHDRAWAL_BILL, TRADE_BILL_MONTH, SETTLE_BILL_MONTH.
    #[arg(long = "type")]
    bill_type: Option<String>,
}

impl DayArgs {
    fn query(self) -> BillListQuery {
        BillListQuery { huifu_id: self.huifu_id.unwrap_or_default(), file_date: self.date, bill_type: self.bill_type }
    }
}

#[derive(Args, Debug, Default)]
pub struct FilterArgs {
    /// First accounting day yyyyMMdd.
    #[arg(long)]
    from: Option<String>,
    /// Last accounting day yyyyMMdd.
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    huifu_id: Option<String>,
    /// PAYMENT or REFUND.
    #[arg(long)]
    trans_type: Option<String>,
    /// e.g. A_NATIVE.
    #[arg(long)]
    trade_type: Option<String>,
    /// trans_stat, e.g. S.
    #[arg(long)]
    status: Option<String>,
    /// Part of any order id.
    #[arg(long)]
    text: Option<String>,
    #[arg(long)]
    limit: Option<u32>,
    #[arg(long)]
    offset: Option<u32>,
}

impl FilterArgs {
    fn filter(&self) -> BillFilter {
        BillFilter {
            date_from: self.from.clone(),
            date_to: self.to.clone(),
            huifu_id: self.huifu_id.clone(),
            trans_type: self.trans_type.clone(),
            trade_type: self.trade_type.clone(),
            status: self.status.clone(),
            text: self.text.clone(),
            limit: self.limit,
            offset: self.offset,
        }
    }
}

/// Progress lines on stderr: plain words, or JSON lines with `--json` (stdout stays the result).
fn progress(json: bool) -> impl Fn(ProgressEvent) + Send + Sync {
    move |e: ProgressEvent| {
        if json {
            eprintln!("{}", serde_json::to_string(&e).unwrap_or_default());
        } else {
            match e.total {
                Some(t) if t > 0 => eprintln!("{} {}/{} ({}%) {}", e.step, e.done, t, e.done * 100 / t, e.message),
                _ => eprintln!("{} {}", e.step, e.message),
            }
        }
    }
}

fn totals_text(t: &desk::services::bill::BillTotals) -> String {
    format!(
        "{} rows: {} payments {} yuan, {} refunds {} yuan, net {} yuan, fee {} yuan, settled {} yuan",
        t.count,
        t.payment_count,
        yuan(t.payment_fen),
        t.refund_count,
        yuan(t.refund_fen),
        yuan(t.amount_fen),
        yuan(t.fee_fen),
        yuan(t.settled_fen)
    )
}

fn import_text(r: &desk::services::bill::ImportReport) -> String {
    if r.already_imported {
        return format!(
            "{}: already imported ({} rows, import {}); --replace to import again",
            r.source, r.rows, r.import_id
        );
    }
    let parts: Vec<String> =
        r.parts.iter().map(|p| format!("  {} [{}] {} rows", p.name, p.kind.as_str(), p.rows)).collect();
    format!("{}: {} rows in {} ms ({:.0} rows/s)\n{}", r.source, r.rows, r.millis, r.rows_per_sec, parts.join("\n"))
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let json = ctx.g.json;
    match cmd {
        Cmd::Config { huifu_id, on, off, types, notify_url, req_seq_id } => {
            let v = if on || off {
                let p = ctx.profile_for_write("Change the bill config")?;
                let form = BillConfigForm {
                    req_seq_id,
                    huifu_id: huifu_id.unwrap_or_default(),
                    enabled: on,
                    file_types: types,
                    notify_url,
                };
                ctx.desk.set_bill_config(&p, form).await?
            } else {
                let p = ctx.profile()?;
                ctx.desk.bill_config(&p, huifu_id.as_deref().unwrap_or("")).await?
            };
            ctx.print(&v, |v| {
                if !v.configured {
                    format!("{}: no bill config (turn it on with --on)", v.huifu_id)
                } else {
                    format!("{}: {} types {}", v.huifu_id, if v.enabled { "on" } else { "off" }, v.file_types.join(","))
                }
            });
        }
        Cmd::List(d) => {
            let p = ctx.profile()?;
            let l = ctx.desk.list_bills(&p, d.query()).await?;
            ctx.print(&l, |l| {
                let mut s = format!(
                    "{} {}: {} — {}",
                    l.huifu_id,
                    l.file_date,
                    serde_json::to_value(l.state).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    l.message
                );
                for t in &l.tasks {
                    s.push_str(&format!(
                        "\n  task {} {} data {} {}",
                        t.bill_type, t.task_stat, t.data_date, t.file_name
                    ));
                }
                for f in &l.files {
                    s.push_str(&format!(
                        "\n  file {} {}{}",
                        f.bill_type,
                        f.file_name,
                        f.local_path.as_deref().map(|p| format!(" (downloaded: {p})")).unwrap_or_default()
                    ));
                }
                s
            });
        }
        Cmd::Download { day, import } => {
            let p = ctx.profile()?;
            let l = ctx.desk.list_bills(&p, day.query()).await?;
            if l.files.is_empty() {
                return Err(Error::new(desk::ErrorCode::NotFound, format!("no file to download: {}", l.message)));
            }
            let pr = progress(json);
            let mut out = Vec::new();
            for f in &l.files {
                let d = ctx.desk.download_bill(&p, f, &pr).await?;
                let imported = if import {
                    Some(ctx.desk.import_bill(&p, std::path::Path::new(&d.path), ImportOptions::default(), &pr).await?)
                } else {
                    None
                };
                out.push(serde_json::json!({"file": d, "import": imported}));
            }
            ctx.print(&out, |o| {
                o.iter()
                    .map(|x| format!("{} ({} bytes)", x["file"]["path"].as_str().unwrap_or(""), x["file"]["bytes"]))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Cmd::Import { files, replace } => {
            let p = ctx.profile()?;
            let pr = progress(json);
            let mut reports = Vec::new();
            for f in files {
                reports.push(ctx.desk.import_bill(&p, &f, ImportOptions { replace }, &pr).await?);
            }
            ctx.print(&reports, |r| r.iter().map(import_text).collect::<Vec<_>>().join("\n"));
        }
        Cmd::Query(f) => {
            let p = ctx.profile()?;
            let page = ctx.desk.query_bills(&p, &f.filter())?;
            ctx.print(&page, |pg| {
                let mut s: Vec<String> = pg
                    .rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{} {} {} {} {} {} {} fee {} {}",
                            r.bill_date,
                            r.trans_time,
                            r.huifu_id,
                            r.trans_type,
                            r.trade_type,
                            r.hf_seq_id,
                            yuan(r.trans_amt_fen),
                            yuan(r.fee_amt_fen),
                            r.trans_stat
                        )
                    })
                    .collect();
                s.push(totals_text(&pg.totals));
                s.join("\n")
            });
        }
        Cmd::Totals { filter, daily, settlement } => {
            let p = ctx.profile()?;
            let f = filter.filter();
            let totals = ctx.desk.bill_totals(&p, &f)?;
            let days = if daily { Some(ctx.desk.bill_daily_totals(&p, &f)?) } else { None };
            let check = if settlement { Some(ctx.desk.check_settlement(&p, &f)?) } else { None };
            let v = serde_json::json!({"totals": totals, "daily": days, "settlement": check});
            ctx.print(&v, |_| {
                let mut s = vec![totals_text(&totals)];
                for d in days.iter().flatten() {
                    s.push(format!("  {} {} rows, {} yuan", d.date, d.count, yuan(d.amount_fen)));
                }
                if let Some(c) = &check {
                    s.push(format!(
                        "settlement: {} match, {} mismatch, {} one side only",
                        c.matched, c.mismatched, c.incomplete
                    ));
                    for r in &c.rows {
                        let file = r.file_settled_fen.map(yuan).unwrap_or_else(|| "-".into());
                        s.push(format!(
                            "  {} {} expected {} file {} {:?}",
                            r.date,
                            r.huifu_id,
                            yuan(r.expected_fen),
                            file,
                            r.verdict
                        ));
                    }
                }
                s.join("\n")
            });
        }
        Cmd::Export { out, filter, lang } => {
            let p = ctx.profile()?;
            let mut f = filter.filter();
            f.limit = None;
            let lang =
                lang.as_deref().map(desk::csv_out::CsvLang::parse).transpose()?.unwrap_or_else(|| ctx.desk.csv_lang());
            let n = ctx.desk.export_bills_csv(&p, &f, lang, &out)?;
            ctx.print(&serde_json::json!({"rows": n, "path": out.display().to_string()}), |_| {
                format!("{n} rows written to {}", out.display())
            });
        }
    }
    Ok(())
}
