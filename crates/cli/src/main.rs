use clap::Parser;

/// Paydesk: a back office for Huifu dougong and two more acquirers.
#[derive(Parser)]
#[command(name = "paydesk", version)]
struct Cli {}

fn main() {
    let _ = Cli::parse();
}
