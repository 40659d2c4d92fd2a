//! `paydesk busi`: open WeChat / Alipay for a merchant and follow the application.

use clap::Subcommand;
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::Error;

use crate::ctx::{ApplicationArgs, Ctx};

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Open businesses. Channels as SCENE:RATE, e.g. --wx 1:0.38 --ali 1:0.38.
    Open {
        huifu_id: String,
        #[arg(long)]
        wx: Vec<String>,
        #[arg(long)]
        ali: Vec<String>,
        #[arg(long)]
        short_name: Option<String>,
        /// WeChat MCC (needed for individuals).
        #[arg(long)]
        wx_mcc: Option<String>,
        /// Needed for ONLINE/ALL merchants, e.g. H7999AL.
        #[arg(long)]
        online_busi_type: Option<String>,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The business-open application and each channel's registration.
    Status(ApplicationArgs),
}

fn confs(flag: &str, items: &[String], mcc: &Option<String>) -> Result<Vec<PayConfForm>, Error> {
    items
        .iter()
        .map(|s| {
            let (scene, rate) = s
                .split_once(':')
                .ok_or_else(|| Error::invalid(flag, format!("{s:?} is not SCENE:RATE, e.g. 1:0.38")))?;
            Ok(PayConfForm { pay_scene: scene.into(), fee_rate: rate.into(), mcc: mcc.clone(), ..Default::default() })
        })
        .collect()
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Open { huifu_id, wx, ali, short_name, wx_mcc, online_busi_type, req_seq_id } => {
            let form = BusiOpenForm {
                req_seq_id,
                huifu_id,
                short_name,
                wx: confs("wx", &wx, &wx_mcc)?,
                ali: confs("ali", &ali, &None)?,
                online_busi_type,
                ..Default::default()
            };
            let p = ctx.profile_for_write("Open businesses")?;
            let r = ctx.desk.open_business(&p, form).await?;
            ctx.print(&r, |r| {
                format!(
                    "business open for {}: {} {} apply_no {} req_seq_id {}",
                    r.huifu_id,
                    r.resp_code,
                    r.resp_desc,
                    r.apply_no.as_deref().unwrap_or("-"),
                    r.req_seq_id
                )
            });
        }
        Cmd::Status(ApplicationArgs { huifu_id, apply_no }) => {
            let p = ctx.profile()?;
            let s = ctx.desk.business_status(&p, &huifu_id, apply_no.as_deref()).await?;
            ctx.print(&s, |s| {
                let mut out = format!("{} application {}: {}\n", s.huifu_id, s.apply_no, s.apply_status);
                for c in &s.channels {
                    out.push_str(&format!(
                        "  {} scene {} {} sub_mer_id {} {}\n",
                        c.pay_way, c.pay_scene, c.status, c.sub_mer_id, c.reason
                    ));
                }
                out
            });
        }
    }
    Ok(())
}
