//! `paydesk split`: apply for a split configuration and see its state.

use clap::Subcommand;
use desk::services::split::{SplitForm, SplitShareForm};
use desk::Error;

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Apply for a split configuration. Fixed shares as HUIFU_ID:PERCENT (sum 100).
    Config {
        huifu_id: String,
        /// 01 per-trade rules, 02 fixed rules.
        #[arg(long, default_value = "01")]
        rule_origin: String,
        #[arg(long, default_value = "Y")]
        div_flag: String,
        /// Maximum split percentage.
        #[arg(long, allow_negative_numbers = true)]
        ratio: String,
        #[arg(long, default_value = "0")]
        start_type: String,
        #[arg(long)]
        share: Vec<String>,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The split configuration and its audit state.
    Status { huifu_id: String },
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let show = |s: &desk::services::split::SplitState| {
        format!(
            "{} split {} rules {} up to {}% status {}{}",
            s.huifu_id,
            s.div_flag,
            s.rule_origin,
            s.apply_ratio,
            s.apply_status,
            s.apply_no.as_deref().map(|a| format!(" apply_no {a}")).unwrap_or_default()
        )
    };
    match cmd {
        Cmd::Config { huifu_id, rule_origin, div_flag, ratio, start_type, share, req_seq_id } => {
            let shares = share
                .iter()
                .map(|s| {
                    s.split_once(':')
                        .map(|(h, r)| SplitShareForm { huifu_id: h.into(), fee_rate: r.into() })
                        .ok_or_else(|| Error::invalid("share", format!("{s:?} is not HUIFU_ID:PERCENT")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let form = SplitForm {
                req_seq_id,
                huifu_id,
                rule_origin,
                div_flag,
                apply_ratio: ratio,
                start_type,
                shares,
                ..Default::default()
            };
            let p = ctx.profile_for_write("Apply for a split configuration")?;
            let s = ctx.desk.configure_split(&p, form).await?;
            ctx.print(&s, |s| show(s));
        }
        Cmd::Status { huifu_id } => {
            let p = ctx.profile()?;
            let s = ctx.desk.split_status(&p, &huifu_id).await?;
            ctx.print(&s, |s| show(s));
        }
    }
    Ok(())
}
