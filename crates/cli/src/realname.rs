//! `paydesk realname`: submit WeChat / Alipay realname, follow it, and draw the QR the legal person scans.

use std::path::PathBuf;

use base64::Engine as _;
use clap::{Subcommand, ValueEnum};
use desk::services::realname::{render_qr, RealnameChannel, RealnameForm};
use desk::{Error, ErrorCode};

use crate::ctx::Ctx;

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Channel {
    Wechat,
    Alipay,
}

impl From<Channel> for RealnameChannel {
    fn from(c: Channel) -> Self {
        match c {
            Channel::Wechat => RealnameChannel::Wechat,
            Channel::Alipay => RealnameChannel::Alipay,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Submit a realname application for the contact (usually the legal person).
    Submit {
        huifu_id: String,
        #[arg(long, value_enum)]
        channel: Channel,
        #[arg(long)]
        name: String,
        #[arg(long)]
        mobile: String,
        #[arg(long)]
        id_card: String,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// The realname state, and the QR content when there is one.
    Status {
        huifu_id: String,
        #[arg(long, value_enum)]
        channel: Channel,
    },
    /// Write the realname QR as PNG and/or SVG files.
    Qr {
        huifu_id: String,
        #[arg(long, value_enum)]
        channel: Channel,
        #[arg(long)]
        png: Option<PathBuf>,
        #[arg(long)]
        svg: Option<PathBuf>,
    },
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Submit { huifu_id, channel, name, mobile, id_card, req_seq_id } => {
            let form = RealnameForm {
                req_seq_id,
                huifu_id,
                channel: channel.into(),
                name,
                mobile,
                id_card_number: id_card,
                contact_type: None,
                certificate_type: None,
            };
            let p = ctx.profile_for_write("Submit realname")?;
            let s = ctx.desk.submit_realname(&p, form).await?;
            ctx.print(&s, |s| {
                format!(
                    "{} realname: {}{}",
                    s.huifu_id,
                    s.state,
                    s.qrcode_data.as_deref().map(|q| format!("\nQR: {q}")).unwrap_or_default()
                )
            });
        }
        Cmd::Status { huifu_id, channel } => {
            let p = ctx.profile()?;
            let s = ctx.desk.realname_status(&p, &huifu_id, channel.into()).await?;
            ctx.print(&s, |s| {
                format!(
                    "{} realname: {}{}{}",
                    s.huifu_id,
                    s.state,
                    s.qrcode_data.as_deref().map(|q| format!("\nQR: {q}")).unwrap_or_default(),
                    s.reject_reason.as_deref().map(|r| format!("\nrejected: {r}")).unwrap_or_default()
                )
            });
        }
        Cmd::Qr { huifu_id, channel, png, svg } => {
            let p = ctx.profile()?;
            let s = ctx.desk.realname_status(&p, &huifu_id, channel.into()).await?;
            let q = s.qrcode_data.clone().ok_or_else(|| {
                Error::new(ErrorCode::NotFound, format!("no QR yet: the realname state is {}", s.state))
            })?;
            let img = render_qr(&q)?;
            if let Some(path) = &png {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(&img.png_base64)
                    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
                std::fs::write(path, bytes)?;
            }
            if let Some(path) = &svg {
                std::fs::write(path, &img.svg)?;
            }
            ctx.print(&serde_json::json!({"content": q, "png": png, "svg": svg}), |_| format!("QR content: {q}"));
        }
    }
    Ok(())
}
