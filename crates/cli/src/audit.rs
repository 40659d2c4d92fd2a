//! `paydesk audit`: search, export and verify the audit log.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use desk::audit::{self, digest, AuditFilter, AuditProblem, AuditProblemKind, Outcome};
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
            Some(o) => Some(
                Outcome::parse(o).ok_or_else(|| Error::invalid("outcome", "must be ok, refused, failed or unknown"))?,
            ),
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
    /// Check the keyed chain and its anchor outside the database; exits 1 naming the row when one was
    /// edited, inserted, deleted or re-hashed, or the log was cut short or emptied. With --digest, check the
    /// log against a digest instead.
    Verify {
        /// A digest file made by `paydesk audit digest` (here or on another desk).
        #[arg(long)]
        digest: Option<PathBuf>,
        /// The public key (PEM) to trust for the digest; default: this desk's own.
        #[arg(long)]
        public_key: Option<PathBuf>,
    },
    /// Write a signed digest of the log up to now (default <home>/audit-digests/<time>.json).
    Digest {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print this desk's digest public key (PEM), for whoever checks its digests.
    PublicKey,
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let store = ctx.desk.store();
    match cmd {
        Cmd::Search { filter, limit } => {
            let page = audit::search(store, &filter.to_filter(Some(limit))?)?;
            ctx.print(&page, |p| {
                let mut s: Vec<String> = p
                    .rows
                    .iter()
                    .map(|r| {
                        format!(
                            "{:>5} {} {:<8} {:<40} {:<8} {} {}ms {}",
                            r.seq,
                            r.at,
                            r.profile,
                            r.endpoint,
                            r.outcome.as_str(),
                            r.resp_code.as_deref().unwrap_or("-"),
                            r.duration_ms,
                            r.req_seq_id.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                s.push(format!("{} of {} rows", p.rows.len(), p.total));
                s.join("\n")
            });
        }
        Cmd::Export { filter, out, lang } => {
            let lang =
                lang.as_deref().map(desk::csv_out::CsvLang::parse).transpose()?.unwrap_or_else(|| ctx.desk.csv_lang());
            let f = std::fs::File::create(&out)?;
            let n = audit::export_csv(store, &filter.to_filter(None)?, lang, std::io::BufWriter::new(f))?;
            ctx.print(&serde_json::json!({"rows": n, "file": out}), |_| {
                format!("{n} rows written to {}", out.display())
            });
        }
        Cmd::Verify { digest: None, .. } => {
            let r = audit::verify(store, ctx.desk.audit_chain())?;
            ctx.print(&r, |r| {
                let mut out = if r.ok {
                    format!(
                        "audit log intact: {} rows, anchored up to row {}{}",
                        r.rows,
                        r.anchored_seq.unwrap_or(0),
                        if r.keyed { "" } else { " (not keyed yet: keyed at the next call)" }
                    )
                } else {
                    problems_text(&r.problems)
                };
                if let Some(n) = &r.note {
                    out.push_str(&format!("\nnote: {n}"));
                }
                out
            });
            if !r.ok {
                return Err(Error::new(
                    ErrorCode::Storage,
                    format!("the audit log was tampered with: {}", r.problems[0].message),
                ));
            }
        }
        Cmd::Verify { digest: Some(path), public_key } => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::invalid("digest", format!("cannot read {}: {e}", path.display())))?;
            let file: digest::DigestFile = serde_json::from_str(&text)
                .map_err(|e| Error::invalid("digest", format!("{} is not a digest file: {e}", path.display())))?;
            let trusted = public_key
                .as_ref()
                .map(|p| {
                    std::fs::read_to_string(p)
                        .map_err(|e| Error::invalid("public_key", format!("cannot read {}: {e}", p.display())))
                })
                .transpose()?;
            let r = digest::check(store, ctx.desk.audit_chain(), &file, trusted.as_deref())?;
            ctx.print(&r, |r| {
                if r.ok {
                    format!(
                        "the log matches the digest of {}: rows 1..{} unchanged (key {})",
                        r.created_at, r.rows, r.key_id
                    )
                } else {
                    problems_text(&r.problems)
                }
            });
            if !r.ok {
                return Err(Error::new(
                    ErrorCode::Storage,
                    format!("the audit log does not match the digest: {}", r.problems[0].message),
                ));
            }
        }
        Cmd::Digest { out } => {
            let now = desk::clock::rfc3339(ctx.desk.now());
            let d = digest::make(store, ctx.desk.audit_chain(), ctx.desk.keychain().service(), &now)?;
            let path = out.unwrap_or_else(|| {
                ctx.desk.home().join("audit-digests").join(format!("{}.json", now.replace(':', "-")))
            });
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, serde_json::to_string_pretty(&d)?)?;
            let payload: digest::DigestPayload = serde_json::from_str(&d.payload)?;
            ctx.print(&serde_json::json!({"file": path, "rows": payload.rows, "keyId": payload.key_id}), |_| {
                format!("digest of rows 1..{} written to {} (key {}); check it later with: paydesk audit verify --digest {}", payload.rows, path.display(), payload.key_id, path.display())
            });
        }
        Cmd::PublicKey => match ctx.desk.audit_chain().digest_public_key()? {
            Some(pem) => ctx.print(&serde_json::json!({"publicKeyPem": pem}), |_| pem.clone()),
            None => {
                return Err(Error::new(
                    ErrorCode::NotFound,
                    "this desk has not signed a digest yet: run `paydesk audit digest` first",
                ))
            }
        },
    }
    Ok(())
}

/// One line a problem: what happened, at which row, why.
fn problems_text(problems: &[AuditProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("{} row {}: {}", kind_word(p.kind), p.seq, p.message))
        .collect::<Vec<_>>()
        .join("\n")
}

fn kind_word(k: AuditProblemKind) -> &'static str {
    match k {
        AuditProblemKind::Edited => "EDITED",
        AuditProblemKind::Inserted => "INSERTED",
        AuditProblemKind::Deleted => "DELETED",
        AuditProblemKind::Truncated => "TRUNCATED",
        AuditProblemKind::Wiped => "WIPED",
        AuditProblemKind::Rehashed => "REHASHED",
        AuditProblemKind::Unverifiable => "UNVERIFIABLE",
    }
}
