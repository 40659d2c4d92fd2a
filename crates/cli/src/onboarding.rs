//! `paydesk onboarding`: onboard an enterprise or an individual from a JSON form, and the application's
//! audit state.

use std::path::PathBuf;

use clap::Subcommand;
use desk::services::onboarding::pictures::PictureFile;
use desk::services::onboarding::{EntOnboardingForm, IndvOnboardingForm, OnboardingResult};
use desk::Error;

use crate::ctx::{read_json, ApplicationArgs, Ctx};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Onboard an enterprise from a JSON form (the app's EntOnboardingForm; picture paths relative to it).
    Ent {
        #[arg(long)]
        form: PathBuf,
        /// Reuse the req_seq_id of an earlier attempt (a retry never creates a second merchant).
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// Onboard an individual (小微) from a JSON form (IndvOnboardingForm).
    Indv {
        #[arg(long)]
        form: PathBuf,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The onboarding application's audit state.
    Status(ApplicationArgs),
}

/// Resolves picture paths relative to the form file.
pub(crate) fn rebase(pics: &mut [PictureFile], form: &std::path::Path) {
    let dir = form.parent().unwrap_or(std::path::Path::new("."));
    for p in pics {
        if std::path::Path::new(&p.path).is_relative() {
            p.path = dir.join(&p.path).display().to_string();
        }
    }
}

/// One line for an onboarding's answer (enterprise and individual alike).
fn said(r: &OnboardingResult) -> String {
    let state = if r.approved { "approved" } else { "under audit" };
    format!("merchant {} {state} ({} {}) req_seq_id {}", r.huifu_id, r.resp_code, r.resp_desc, r.req_seq_id)
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let d = &ctx.desk;
    match cmd {
        Cmd::Ent { form, req_seq_id } => {
            let mut f: EntOnboardingForm = read_json(&form)?;
            rebase(&mut f.pictures, &form);
            f.req_seq_id = req_seq_id.or(f.req_seq_id);
            let p = ctx.profile_for_write("Onboard an enterprise merchant")?;
            let r = d.onboard_enterprise(&p, f, &ctx.progress()).await?;
            ctx.print(&r, said);
        }
        Cmd::Indv { form, req_seq_id } => {
            let mut f: IndvOnboardingForm = read_json(&form)?;
            rebase(&mut f.pictures, &form);
            f.req_seq_id = req_seq_id.or(f.req_seq_id);
            let p = ctx.profile_for_write("Onboard an individual merchant")?;
            let r = d.onboard_individual(&p, f, &ctx.progress()).await?;
            ctx.print(&r, said);
        }
        Cmd::Status(ApplicationArgs { huifu_id, apply_no }) => {
            let p = ctx.profile()?;
            let s = d.onboarding_status(&p, &huifu_id, apply_no.as_deref()).await?;
            ctx.print(&s, |s| format!("{} application {}: {} {}", s.huifu_id, s.apply_no, s.apply_status, s.reason));
        }
    }
    Ok(())
}
