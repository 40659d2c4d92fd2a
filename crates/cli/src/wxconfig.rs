//! `paydesk wxconfig`: bind appids and the JSAPI path to the WeChat sub-merchant.

use clap::Subcommand;
use desk::services::wxconfig::WxConfigForm;
use desk::Error;

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Bind an official-account appid, a JSAPI path and/or a mini-program appid.
    Set {
        huifu_id: String,
        /// 01 or 02: which WeChat registration to configure.
        #[arg(long, default_value = "01")]
        fee_type: String,
        #[arg(long)]
        woa_app_id: Option<String>,
        #[arg(long)]
        woa_path: Option<String>,
        #[arg(long)]
        applet_app_id: Option<String>,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The bindings Huifu reports.
    List { huifu_id: String },
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    let print = |ctx: &Ctx, l: &Vec<desk::services::wxconfig::WxBinding>| {
        ctx.print(l, |l| {
            l.iter()
                .map(|b| format!("{} {} {}", b.config_type, b.config_value, b.status))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    match cmd {
        Cmd::Set { huifu_id, fee_type, woa_app_id, woa_path, applet_app_id, req_seq_id } => {
            let form = WxConfigForm {
                req_seq_id,
                huifu_id,
                fee_type,
                wx_woa_app_id: woa_app_id,
                wx_woa_path: woa_path,
                wx_applet_app_id: applet_app_id,
            };
            let p = ctx.profile_for_write("Set WeChat config")?;
            let l = ctx.desk.set_wx_config(&p, form).await?;
            print(&ctx, &l);
        }
        Cmd::List { huifu_id } => {
            let p = ctx.profile()?;
            let l = ctx.desk.wx_config_list(&p, &huifu_id).await?;
            print(&ctx, &l);
        }
    }
    Ok(())
}
