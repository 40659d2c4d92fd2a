//! `paydesk sandbox serve`: runs the local dougong gateway until Ctrl-C.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

/// `paydesk sandbox …`
#[derive(Args)]
pub struct SandboxCmd {
    #[command(subcommand)]
    pub action: SandboxAction,
}

#[derive(Subcommand)]
pub enum SandboxAction {
    /// Start the local gateway; prints the base URL and where credentials.json is.
    Serve {
        /// Listening address (loopback only unless --allow-non-loopback).
        #[arg(long, default_value = "127.0.0.1:8650")]
        addr: SocketAddr,
        /// Data directory (credentials.json, sandbox.sqlite3, files). Default: the user data dir.
        #[arg(long, env = "PAYDESK_SANDBOX_DIR")]
        data_dir: Option<PathBuf>,
        /// Listen on a non-loopback address (anyone who reaches it can use the sandbox).
        #[arg(long)]
        allow_non_loopback: bool,
        /// The URL clients use (credentials.json, QR codes), e.g. http://192.168.1.20:8650 so a phone can
        /// open the pay page; needs --allow-non-loopback and an --addr it can reach.
        #[arg(long)]
        public_url: Option<String>,
    },
}

fn default_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("paydesk").join("sandbox")
}

/// Runs the subcommand.
pub fn run(cmd: SandboxCmd) -> ExitCode {
    match cmd.action {
        SandboxAction::Serve { addr, data_dir, allow_non_loopback, public_url } => {
            let rt = match tokio::runtime::Runtime::new() {
                Ok(rt) => rt,
                Err(e) => {
                    eprintln!("paydesk: cannot start the async runtime: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let data_dir = data_dir.unwrap_or_else(default_dir);
            rt.block_on(async move {
                let cfg = sandbox::SandboxConfig {
                    data_dir: data_dir.clone(),
                    addr,
                    allow_non_loopback,
                    public_url,
                    ..Default::default()
                };
                let running = match sandbox::start(cfg).await {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("paydesk sandbox: {e}");
                        return ExitCode::FAILURE;
                    }
                };
                println!("sandbox listening on {}", running.base_url());
                println!("sys_id {}  product_id {}", running.credentials().sys_id, running.credentials().product_id);
                println!("credentials: {}", data_dir.join("credentials.json").display());
                println!("controls: {}/sandbox/info  (Ctrl-C to stop)", running.base_url());
                let _ = tokio::signal::ctrl_c().await;
                running.shutdown().await;
                ExitCode::SUCCESS
            })
        }
    }
}
