//! `paydesk modify`: a merchant's settlement cards and contact as Huifu has them now, and the change itself
//! (商户基本信息修改, §7.4).

use std::path::PathBuf;

use clap::Subcommand;
use desk::services::modify::MerchantChangeForm;
use desk::Error;

use crate::ctx::{read_json, Ctx};
use crate::onboarding::rebase;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// The merchant's settlement cards and contact as Huifu has them now (masked).
    Current { huifu_id: String },
    /// Change the settlement card, contact or business details (§7.4) from a JSON form (the app's
    /// MerchantChangeForm: huifuId, card, contactMobileNo, shortName…, pictures relative to it).
    Submit {
        #[arg(long)]
        form: PathBuf,
        /// Reuse the req_seq_id of an earlier attempt (a retry never sends a second change).
        #[arg(long)]
        req_seq_id: Option<String>,
    },
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let d = &ctx.desk;
    match cmd {
        Cmd::Current { huifu_id } => {
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
        Cmd::Submit { form, req_seq_id } => {
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
    }
    Ok(())
}
