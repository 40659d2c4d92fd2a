//! `paydesk terminal`: report, list and cancel payment terminals (UnionPay doc 259).

use clap::Subcommand;
use desk::services::terminal::TerminalForm;
use desk::Error;

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Report a device (without --sn: an auxiliary terminal such as a table QR stand).
    Add {
        huifu_id: String,
        #[arg(long)]
        sn: Option<String>,
        #[arg(long)]
        tusn: Option<String>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        address: Option<String>,
        /// Reuse the req_seq_id of an earlier attempt (never reports the device twice).
        #[arg(long)]
        req_seq_id: Option<String>,
    },
    /// A merchant's terminals.
    List { huifu_id: String },
    /// Cancel a terminal.
    Cancel {
        huifu_id: String,
        device_id: String,
        #[arg(long)]
        req_seq_id: Option<String>,
    },
}

fn table(l: &[desk::services::terminal::Terminal]) -> String {
    l.iter()
        .map(|t| {
            format!(
                "{} {} sn={} tusn={} model={} {}",
                t.device_id, t.bind_status, t.sn, t.tusn, t.dev_model_code, t.terminal_address
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Add { huifu_id, sn, tusn, model, address, req_seq_id } => {
            let form =
                TerminalForm { req_seq_id, huifu_id, sn, tusn, dev_model_code: model, terminal_address: address };
            let p = ctx.profile_for_write("Report a terminal")?;
            let l = ctx.desk.add_terminal(&p, form).await?;
            ctx.print(&l, |l| table(l));
        }
        Cmd::List { huifu_id } => {
            let p = ctx.profile()?;
            let l = ctx.desk.list_terminals(&p, &huifu_id).await?;
            ctx.print(&l, |l| table(l));
        }
        Cmd::Cancel { huifu_id, device_id, req_seq_id } => {
            let p = ctx.profile_for_write("Cancel a terminal")?;
            ctx.desk.cancel_terminal(&p, &huifu_id, &device_id, req_seq_id).await?;
            ctx.print(&serde_json::json!({"cancelled": device_id}), |_| format!("terminal {device_id} cancelled"));
        }
    }
    Ok(())
}
