//! `paydesk cashout`: a merchant's balances (`balance`) and withdrawals to its bound card (`create`, `query`,
//! `list`).

use std::time::Duration;

use clap::{Args, Subcommand};
use desk::services::cashout::{BalanceView, WithdrawForm, Withdrawal};
use desk::Error;

use crate::ctx::Ctx;

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// A merchant's balances (available, frozen...).
    Balance { huifu_id: String },
    /// Withdraw to the merchant's bound card (journalled; never sent twice for one --req-seq-id).
    Create {
        #[command(flatten)]
        withdraw: WithdrawArgs,
        /// Query until the withdrawal is final (up to --wait seconds).
        #[arg(long)]
        follow: bool,
        #[arg(long, default_value_t = 30)]
        wait: u64,
    },
    /// Where a withdrawal stands now (asks Huifu).
    Query {
        req_seq_id: String,
        /// Query until it is final (up to --wait seconds).
        #[arg(long)]
        follow: bool,
        #[arg(long, default_value_t = 30)]
        wait: u64,
    },
    /// Withdrawals of this profile, newest first.
    List {
        /// Only this merchant's.
        #[arg(long)]
        merchant: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

/// What `cashout create` sends, as typed on the command line.
#[derive(Args, Debug)]
pub struct WithdrawArgs {
    huifu_id: String,
    /// Amount in yuan (e.g. 100.00); at most the available balance.
    #[arg(long)]
    amount: String,
    /// T1 (default), D1, D0, T0, DM: a cash type enabled for the merchant.
    #[arg(long = "type")]
    into_acct_date_type: Option<String>,
    /// The bound card's token (default: the one in the merchant index).
    #[arg(long)]
    token_no: Option<String>,
    #[arg(long)]
    acct_id: Option<String>,
    #[arg(long)]
    remark: Option<String>,
    /// Where Huifu sends the result (default: the profile's notification receiver, if set).
    #[arg(long)]
    notify_url: Option<String>,
    /// Reuse the req_seq_id of an earlier attempt (never withdraws twice).
    #[arg(long)]
    req_seq_id: Option<String>,
}

impl WithdrawArgs {
    /// The desk's form, the amount read from yuan into fen (a bad amount names the field).
    fn into_form(self) -> Result<WithdrawForm, Error> {
        let amount = dougong::Fen::parse_yuan(self.amount.trim())
            .map(|f| f.0)
            .map_err(|e| Error::invalid("amount", e.to_string()))?;
        Ok(WithdrawForm {
            req_seq_id: self.req_seq_id,
            huifu_id: self.huifu_id,
            amount,
            into_acct_date_type: self.into_acct_date_type,
            token_no: self.token_no,
            acct_id: self.acct_id,
            remark: self.remark,
            notify_url: self.notify_url,
        })
    }
}

fn yuan(fen: i64) -> String {
    dougong::Fen(fen).to_yuan_string()
}

fn line(w: &Withdrawal) -> String {
    let fee = w.fee_fen.map(|f| format!(" fee {}", yuan(f))).unwrap_or_default();
    format!(
        "{} {} {} yuan{fee} {:?} ({}) {} hf_seq_id={} {}",
        w.req_seq_id,
        w.huifu_id,
        yuan(w.amount_fen),
        w.state,
        w.raw_status,
        w.into_acct_date_type,
        w.hf_seq_id.as_deref().unwrap_or("-"),
        w.message
    )
}

/// `paydesk cashout balance <huifu_id>`.
async fn balance(ctx: Ctx, huifu_id: String) -> Result<(), Error> {
    let p = ctx.profile()?;
    let b = ctx.desk.balance(&p, &huifu_id).await?;
    ctx.print(&b, |b: &BalanceView| {
        let mut out =
            format!("{}: available {} yuan, frozen {} yuan\n", b.huifu_id, yuan(b.available_fen), yuan(b.frozen_fen));
        for a in &b.accounts {
            out.push_str(&format!(
                "  {} type {} balance {} available {} frozen {} ({})\n",
                a.acct_id,
                a.acct_type,
                yuan(a.balance_fen),
                yuan(a.available_fen),
                yuan(a.frozen_fen),
                a.acct_stat
            ));
        }
        out
    });
    Ok(())
}

/// Polls every 500 ms for `wait` seconds.
fn attempts(wait: u64) -> u32 {
    (wait * 2).max(1) as u32
}

pub async fn run(ctx: Ctx, cmd: Cmd) -> Result<(), Error> {
    match cmd {
        Cmd::Balance { huifu_id } => return balance(ctx, huifu_id).await,
        Cmd::Create { withdraw, follow, wait } => {
            let form = withdraw.into_form()?;
            let p = ctx.profile_for_write("Withdraw")?;
            let mut w = ctx.desk.withdraw(&p, form).await?;
            if follow {
                w = ctx.desk.follow_withdrawal(&p, &w.req_seq_id, attempts(wait), Duration::from_millis(500)).await?;
            }
            ctx.print(&w, line);
        }
        Cmd::Query { req_seq_id, follow, wait } => {
            let p = ctx.profile()?;
            let w = if follow {
                ctx.desk.follow_withdrawal(&p, &req_seq_id, attempts(wait), Duration::from_millis(500)).await?
            } else {
                ctx.desk.withdrawal_status(&p, &req_seq_id).await?
            };
            ctx.print(&w, line);
        }
        Cmd::List { merchant, limit } => {
            let p = ctx.profile()?;
            let l = ctx.desk.list_withdrawals(&p.name, merchant.as_deref(), limit)?;
            ctx.print(&l, |l| l.iter().map(line).collect::<Vec<_>>().join("\n"));
        }
    }
    Ok(())
}
