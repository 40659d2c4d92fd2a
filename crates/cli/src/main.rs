//! `paydesk`: the command line. This file only dispatches; each subcommand lives in its own module.

// desk::Error is deliberately a flat object (it crosses the IPC); see crates/desk/src/lib.rs.
#![allow(clippy::result_large_err)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod acquiring;
mod audit;
mod bill;
mod busi;
mod cashout;
mod ctx;
mod devtools;
mod merchant;
mod modify;
mod notify;
mod onboarding;
mod profile;
mod realname;
mod reconcile;
mod refund;
mod sandbox;
mod split;
mod terminal;
mod trade;
mod wxconfig;

/// Paydesk: a back office for Huifu dougong and two more acquirers.
#[derive(Parser)]
#[command(name = "paydesk", version)]
struct Cli {
    #[command(flatten)]
    global: ctx::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Offline developer tools for dougong: sign, verify, canonical, keygen, call.
    #[command(subcommand)]
    Devtools(devtools::Devtools),
    /// The local gateway simulator (no Huifu account needed).
    Sandbox(sandbox::SandboxCmd),
    /// Profiles (accounts) and their keys in the OS keychain.
    #[command(subcommand)]
    Profile(profile::Cmd),
    /// Merchants: the journey index (list, show, search, lookup at Huifu, refresh, remove).
    #[command(subcommand)]
    Merchant(merchant::Cmd),
    /// Onboarding an enterprise or an individual, and the application's audit state.
    #[command(subcommand)]
    Onboarding(onboarding::Cmd),
    /// Merchant change (§7.4): the cards and contact Huifu holds now, and the change.
    #[command(subcommand)]
    Modify(modify::Cmd),
    /// Business open (WeChat / Alipay) and its state.
    #[command(subcommand)]
    Busi(busi::Cmd),
    /// WeChat / Alipay realname and its QR.
    #[command(subcommand)]
    Realname(realname::Cmd),
    /// WeChat appid / JSAPI path config.
    #[command(subcommand)]
    Wxconfig(wxconfig::Cmd),
    /// Payment terminals (report, list, cancel).
    #[command(subcommand)]
    Terminal(terminal::Cmd),
    /// Split configuration.
    #[command(subcommand)]
    Split(split::Cmd),
    /// The audit log: search, export, verify.
    #[command(subcommand)]
    Audit(audit::Cmd),
    /// Orders and refunds on any acquirer (dougong, 慧收钱, MD5 gateway): create, query, close, refund.
    Acquiring {
        /// Which acquirer (default: the profile's).
        #[arg(long, value_enum, global = true)]
        acquirer: Option<acquiring::AcquirerArg>,
        /// Dougong: the merchant's huifu_id (default: the profile's sys_id).
        #[arg(long, global = true)]
        merchant: Option<String>,
        #[command(subcommand)]
        cmd: acquiring::Cmd,
    },
    /// Statements: bill config, list, download, import, query, totals, export.
    #[command(subcommand)]
    Bill(bill::Cmd),
    /// Cash out: a merchant's balances, withdrawals to its bound card (create, query, list).
    #[command(subcommand)]
    Cashout(cashout::Cmd),
    /// Acquirer notifications: run the receiver, list what came in, set a profile's receiver.
    #[command(subcommand)]
    Notify(notify::Cmd),
    /// Test orders: QR order, payment-code charge, query, close (dougong by default; --acquirer for the others).
    Trade {
        #[arg(long, value_enum, global = true)]
        acquirer: Option<acquiring::AcquirerArg>,
        /// Dougong: the merchant's huifu_id (default: the profile's sys_id).
        #[arg(long, global = true)]
        merchant: Option<String>,
        #[command(subcommand)]
        cmd: trade::Cmd,
    },
    /// Refunds: prepare, create (full, partial, split), query, list, batch from a CSV.
    Refund {
        #[arg(long, value_enum, global = true)]
        acquirer: Option<acquiring::AcquirerArg>,
        /// Dougong: the merchant's huifu_id (default: the profile's sys_id).
        #[arg(long, global = true)]
        merchant: Option<String>,
        #[command(subcommand)]
        cmd: refund::Cmd,
    },
    /// Settle writes left open (timeouts, crashes) by query.
    Reconcile {
        /// Every profile, not only the chosen one.
        #[arg(long)]
        all: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let g = cli.global;
    match cli.command {
        Command::Devtools(devtools::Devtools::Call(args)) if g.profile.is_some() => {
            ctx::run(g, |c| devtools::call_with_profile(c, args))
        }
        Command::Devtools(cmd) => devtools::run(cmd),
        Command::Sandbox(cmd) => sandbox::run(cmd),
        Command::Profile(cmd) => ctx::run(g, |c| profile::run(c, cmd)),
        Command::Merchant(cmd) => ctx::run(g, |c| merchant::run(c, cmd)),
        Command::Onboarding(cmd) => ctx::run(g, |c| onboarding::run(c, cmd)),
        Command::Modify(cmd) => ctx::run(g, |c| modify::run(c, cmd)),
        Command::Busi(cmd) => ctx::run(g, |c| busi::run(c, cmd)),
        Command::Realname(cmd) => ctx::run(g, |c| realname::run(c, cmd)),
        Command::Wxconfig(cmd) => ctx::run(g, |c| wxconfig::run(c, cmd)),
        Command::Terminal(cmd) => ctx::run(g, |c| terminal::run(c, cmd)),
        Command::Split(cmd) => ctx::run(g, |c| split::run(c, cmd)),
        Command::Audit(cmd) => ctx::run(g, |c| audit::run(c, cmd)),
        Command::Acquiring { acquirer, merchant, cmd } => ctx::run(g, |c| acquiring::run(c, acquirer, merchant, cmd)),
        Command::Bill(cmd) => ctx::run(g, |c| bill::run(c, cmd)),
        Command::Cashout(cmd) => ctx::run(g, |c| cashout::run(c, cmd)),
        Command::Notify(cmd) => ctx::run(g, |c| notify::run(c, cmd)),
        Command::Trade { acquirer, merchant, cmd } => ctx::run(g, |c| trade::run(c, acquirer, merchant, cmd)),
        Command::Refund { acquirer, merchant, cmd } => ctx::run(g, |c| refund::run(c, acquirer, merchant, cmd)),
        Command::Reconcile { all } => ctx::run(g, |c| reconcile::run(c, all)),
    }
}
