//! `paydesk audit`: search, export and verify the audit log.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk::audit::{self, AuditFilter, Outcome};
use desk::{Error, ErrorCode};

use crate::ctx::Ctx;

#[derive(Args, Debug, Clone, Default)]
pub struct Filter {
    /// From this date (yyyy-MM-dd, UTC) or time.
    #[arg(long)]
    from: Option<String>,
    /// Up to this date (inclusive).
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    merchant: Option<String>,
    /// A path or part of it, e.g. busi/open.
    #[arg(long)]
    endpoint: Option<String>,
    /// ok, refused, failed or unknown.
    #[arg(long)]
    outcome: Option<String>,
    #[arg(long)]
    req_seq_id: Option<String>,
    /// Only this profile's calls.
    #[arg(long = "of-profile")]
    of_profile: Option<String>,
}

impl Filter {
    fn to_filter(&self, limit: Option<u32>) -> Result<AuditFilter, Error> {
        let outcome = match &self.outcome {
            None => None,
            Some(o) => Some(Outcome::parse(o).ok_or_else(|| Error::invalid("outcome", "must be ok, refused, failed or unknown"))?),
        };
        Ok(AuditFilter {
            from: self.from.clone(),
            to: self.to.clone(),
            profile: self.of_profile.clone(),
            merchant: self.merchant.clone(),
            endpoint: self.endpoint.clone(),
            outcome,
            req_seq_id: self.req_seq_id.clone(),
            limit,
            offset: None,
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Newest calls first.
    Search {
        #[command(flatten)]
        filter: Filter,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Write matching rows to a CSV file (BOM, formula cells escaped; headers in Chinese unless --lang en
    /// or the app was last switched to English).
    Export {
        #[command(flatten)]
        filter: Filter,
        #[arg(long)]
        out: PathBuf,
        /// Header language: zh or en.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Check the hash chain; exits 1 and names the row when a row was edited, inserted or deleted.
    Verify,
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let store = ctx.desk.store();
    match cmd {
        Cmd::Search { filter, limit } => {
            let page = audit::search(store, &filter.to_filter(Some(limit))?)?;
            ctx.print(&page, |p| {
                let mut s: Vec<String> = p.rows.iter().map(|r| format!("{:>5} {} {:<8} {:<40} {:<8} {} {}ms {}", r.seq, r.at, r.profile, r.endpoint, r.outcome.as_str(), r.resp_code.as_deref().unwrap_or("-"), r.duration_ms, r.req_seq_id.as_deref().unwrap_or(""))).collect();
                s.push(format!("{} of {} rows", p.rows.len(), p.total));
                s.join("\n")
            });
        }
        Cmd::Export { filter, out, lang } => {
            let lang = lang.as_deref().map(desk::csv_out::CsvLang::parse).transpose()?.unwrap_or_else(|| ctx.desk.csv_lang());
            let f = std::fs::File::create(&out)?;
            let n = audit::export_csv(store, &filter.to_filter(None)?, lang, std::io::BufWriter::new(f))?;
            ctx.print(&serde_json::json!({"rows": n, "file": out}), |_| format!("{n} rows written to {}", out.display()));
        }
        Cmd::Verify => {
            let r = audit::verify(store)?;
            ctx.print(&r, |r| {
                if r.ok {
                    format!("audit log intact: {} rows", r.rows)
                } else {
                    r.problems.iter().map(|p| format!("{:?} row {}: {}", p.kind, p.seq, p.message)).collect::<Vec<_>>().join("\n")
                }
            });
            if !r.ok {
                return Err(Error::new(ErrorCode::Storage, format!("the audit log was tampered with: {}", r.problems[0].message)));
            }
        }
    }
    Ok(())
}
