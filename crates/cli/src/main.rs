//! `paydesk`: the command line. This file only dispatches; each subcommand lives in its own module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod devtools;

/// Paydesk: a back office for Huifu dougong and two more acquirers.
#[derive(Parser)]
#[command(name = "paydesk", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Offline developer tools for dougong: sign, verify, canonical, keygen, call.
    #[command(subcommand)]
    Devtools(devtools::Devtools),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Devtools(cmd) => devtools::run(cmd),
    }
}
