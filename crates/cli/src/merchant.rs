//! `paydesk merchant`: the merchant index, onboarding, and the application's state.

use std::path::PathBuf;

use clap::Subcommand;
use desk::services::modify::MerchantChangeForm;
use desk::services::onboarding::{EntOnboardingForm, IndvOnboardingForm};
use desk::services::pictures::PictureFile;
use desk::Error;

use crate::ctx::{read_json, Ctx};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Merchants of the profile and where each stands in the journey.
    List,
    /// One merchant's journey.
    Show { huifu_id: String },
    /// Onboard an enterprise from a JSON form (the app's EntOnboardingForm; picture paths relative to it).
    OnboardEnt {
        #[arg(long)]
        form: PathBuf,
        /// Reuse the req_seq_id of an earlier attempt (a retry never creates a second merchant).
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// Onboard an individual (小微) from a JSON form (IndvOnboardingForm).
    OnboardIndv {
        #[arg(long)]
        form: PathBuf,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// Look a merchant up at Huifu and add it to the index.
    Lookup { huifu_id: String },
    /// The onboarding application's audit state.
    Status {
        huifu_id: String,
        #[arg(long)]
        apply_no: Option<String>,
    },
    /// Find merchants by name, short name, huifu_id, licence / ID number or contact phone (the last three
    /// typed in full).
    Search { query: String },
    /// Re-read every step of a merchant from Huifu.
    Refresh { huifu_id: String },
    /// Remove a merchant from this desk's index (Huifu keeps it; `lookup` adds it back).
    Remove { huifu_id: String },
    /// The merchant's settlement cards and contact as Huifu has them now (masked).
    Cards { huifu_id: String },
    /// Change the settlement card, contact or business details (§7.4) from a JSON form (the app's
    /// MerchantChangeForm: huifuId, card, contactMobileNo, shortName…, pictures relative to it).
    Modify {
        #[arg(long)]
        form: PathBuf,
        /// Reuse the req_seq_id of an earlier attempt (a retry never sends a second change).
        #[arg(long)]
        req_seq_id: Option<String>,
    },
}

/// Resolves picture paths relative to the form file.
fn rebase(pics: &mut [PictureFile], form: &std::path::Path) {
    let dir = form.parent().unwrap_or(std::path::Path::new("."));
    for p in pics {
        if std::path::Path::new(&p.path).is_relative() {
            p.path = dir.join(&p.path).display().to_string();
        }
    }
}

fn journey(m: &desk::merchants::Merchant) -> String {
    let mark = |s: &desk::merchants::StepStatus| match s.state {
        desk::merchants::StepState::Done => "✓",
        desk::merchants::StepState::Pending => "…",
        desk::merchants::StepState::Failed => "✗",
        desk::merchants::StepState::Todo => "·",
    };
    m.steps
        .iter()
        .map(|s| format!("{}{}", mark(s), serde_json::to_value(s.step).unwrap().as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let d = &ctx.desk;
    match cmd {
        Cmd::List => {
            let p = ctx.profile()?;
            let list = d.list_merchants(&p.name)?;
            ctx.print(&list, |l| {
                l.iter().map(|m| format!("{} {:<24} {}", m.huifu_id, m.name, journey(m))).collect::<Vec<_>>().join("\n")
            });
        }
        Cmd::Show { huifu_id } => {
            let p = ctx.profile()?;
            let m = d.merchant(&p.name, &huifu_id)?;
            ctx.print(&m, |m| {
                let mut s = format!("{} {} ({})\n", m.huifu_id, m.name, m.kind);
                for st in &m.steps {
                    s.push_str(&format!(
                        "  {:<13} {:<8} {}\n",
                        serde_json::to_value(st.step).unwrap().as_str().unwrap_or_default(),
                        serde_json::to_value(st.state).unwrap().as_str().unwrap_or_default(),
                        st.note.english()
                    ));
                }
                s
            });
        }
        Cmd::OnboardEnt { form, req_seq_id } => {
            let mut f: EntOnboardingForm = read_json(&form)?;
            rebase(&mut f.pictures, &form);
            if req_seq_id.is_some() {
                f.req_seq_id = req_seq_id;
            }
            let p = ctx.profile_for_write("Onboard an enterprise merchant")?;
            let progress = ctx.progress();
            let r = d.onboard_enterprise(&p, f, &progress).await?;
            ctx.print(&r, |r| {
                format!(
                    "merchant {} {} ({} {}) req_seq_id {}",
                    r.huifu_id,
                    if r.approved { "approved" } else { "under audit" },
                    r.resp_code,
                    r.resp_desc,
                    r.req_seq_id
                )
            });
        }
        Cmd::OnboardIndv { form, req_seq_id } => {
            let mut f: IndvOnboardingForm = read_json(&form)?;
            rebase(&mut f.pictures, &form);
            if req_seq_id.is_some() {
                f.req_seq_id = req_seq_id;
            }
            let p = ctx.profile_for_write("Onboard an individual merchant")?;
            let progress = ctx.progress();
            let r = d.onboard_individual(&p, f, &progress).await?;
            ctx.print(&r, |r| {
                format!(
                    "merchant {} {} ({} {}) req_seq_id {}",
                    r.huifu_id,
                    if r.approved { "approved" } else { "under audit" },
                    r.resp_code,
                    r.resp_desc,
                    r.req_seq_id
                )
            });
        }
        Cmd::Lookup { huifu_id } => {
            let p = ctx.profile()?;
            let m = d.lookup_merchant(&p, &huifu_id).await?;
            ctx.print(&m, |m| {
                format!(
                    "{} {} ({}) status {} legal {} contact {}",
                    m.huifu_id,
                    m.reg_name,
                    if m.cust_type == "2" { "individual" } else { "enterprise" },
                    m.mer_stat,
                    m.legal_name,
                    m.contact_mobile_no
                )
            });
        }
        Cmd::Search { query } => {
            let p = ctx.profile()?;
            let list = d.search_merchants(&p.name, &query)?;
            ctx.print(&list, |l| {
                l.iter().map(|m| format!("{} {:<24} {}", m.huifu_id, m.name, journey(m))).collect::<Vec<_>>().join("\n")
            });
        }
        Cmd::Refresh { huifu_id } => {
            let p = ctx.profile()?;
            let r = d.refresh_merchant(&p, &huifu_id).await?;
            ctx.print(&r, |r| {
                let mut s = format!("{} {}\n", r.merchant.huifu_id, journey(&r.merchant));
                for u in &r.unread {
                    s.push_str(&format!("  not read: {:?}: {}\n", u.step, u.error.message));
                }
                s
            });
        }
        Cmd::Remove { huifu_id } => {
            let p = ctx.profile()?;
            d.remove_merchant(&p.name, &huifu_id)?;
            ctx.print(&serde_json::json!({"removed": huifu_id}), |_| {
                format!("{huifu_id} removed from the local index (Huifu keeps it)")
            });
        }
        Cmd::Cards { huifu_id } => {
            let p = ctx.profile()?;
            let v = d.merchant_profile(&p, &huifu_id).await?;
            ctx.print(&v, |v| {
                let mut s = format!("{} {} mcc {} contact {}\n", v.huifu_id, v.short_name, v.mcc, v.contact_mobile_no);
                for c in &v.cards {
                    s.push_str(&format!(
                        "  {} {} {} token {}{}\n",
                        c.card_no,
                        c.card_name,
                        c.bank_name,
                        c.token_no,
                        if c.default { " (default)" } else { "" }
                    ));
                }
                s
            });
        }
        Cmd::Modify { form, req_seq_id } => {
            let mut f: MerchantChangeForm = read_json(&form)?;
            rebase(&mut f.pictures, &form);
            if req_seq_id.is_some() {
                f.req_seq_id = req_seq_id;
            }
            let p = ctx.profile_for_write("Change a merchant's details")?;
            let progress = ctx.progress();
            let r = d.change_merchant(&p, f, &progress).await?;
            ctx.print(&r, |r| {
                format!(
                    "merchant {} {} req_seq_id {}",
                    r.huifu_id,
                    if r.applied {
                        "changed".to_string()
                    } else {
                        format!("change under audit (application {})", r.apply_no.clone().unwrap_or_default())
                    },
                    r.req_seq_id
                )
            });
        }
        Cmd::Status { huifu_id, apply_no } => {
            let p = ctx.profile()?;
            let s = d.onboarding_status(&p, &huifu_id, apply_no.as_deref()).await?;
            ctx.print(&s, |s| format!("{} application {}: {} {}", s.huifu_id, s.apply_no, s.apply_status, s.reason));
        }
    }
    Ok(())
}
