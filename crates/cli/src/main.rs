//! `paydesk`: the command line. This file only dispatches; each subcommand lives in its own module.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod devtools;
mod sandbox;

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
    /// The local gateway simulator (no Huifu account needed).
    Sandbox(sandbox::SandboxCmd),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Devtools(cmd) => devtools::run(cmd),
        Command::Sandbox(cmd) => sandbox::run(cmd),
    }
}
