//! `paydesk merchant`: the merchant index (list, show, search, lookup at Huifu, refresh, remove).

use clap::Subcommand;
use desk::Error;

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Merchants of the profile and where each stands in the journey.
    List,
    /// One merchant's journey.
    Show { huifu_id: String },
    /// Look a merchant up at Huifu and add it to the index.
    Lookup { huifu_id: String },
    /// Find merchants by name, short name, huifu_id, licence / ID number or contact phone (the last three
    /// typed in full).
    Search { query: String },
    /// Re-read every step of a merchant from Huifu.
    Refresh { huifu_id: String },
    /// Remove a merchant from this desk's index (Huifu keeps it; `lookup` adds it back).
    Remove { huifu_id: String },
}

fn journey(m: &desk::services::merchant::Merchant) -> String {
    let mark = |s: &desk::services::merchant::StepStatus| match s.state {
        desk::services::merchant::StepState::Done => "✓",
        desk::services::merchant::StepState::Pending => "…",
        desk::services::merchant::StepState::Failed => "✗",
        desk::services::merchant::StepState::Todo => "·",
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
    }
    Ok(())
}
