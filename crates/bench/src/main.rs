#![recursion_limit = "256"]
//! `paydesk-bench`: the benchmarks of issue 7, one subcommand per figure group, driven by scripts/bench.sh.
//! Each prints its figures beside a baseline measured in the same run and appends them to $BENCH_FIGURES;
//! `report` writes bench/results/<date>-<host>.{md,json} with the machine's description.
//!
//! ```text
//! paydesk-bench sign    --seconds S --python P --scripts DIR
//! paydesk-bench calls   --seconds S --python P --scripts DIR --paydesk BIN
//! paydesk-bench bills   --rows N[,N…] --work DIR --paydesk BIN
//! paydesk-bench refunds --count N --python P --scripts DIR --paydesk BIN
//! paydesk-bench app     --app BIN --work DIR --paydesk BIN
//! paydesk-bench billgen --rows N --out FILE
//! paydesk-bench report  --figures FILE --out-dir DIR [--label smoke]
//! ```

mod app;
mod billgen;
mod bills;
mod calls;
mod figures;
mod fixture;
mod hanging;
mod refunds;
mod report;
mod sign;

use std::collections::HashMap;
use std::path::PathBuf;

struct Args(HashMap<String, String>);

impl Args {
    fn parse(rest: &[String]) -> Args {
        let mut m = HashMap::new();
        let mut it = rest.iter();
        while let Some(k) = it.next() {
            let k = k.strip_prefix("--").unwrap_or_else(|| usage(&format!("unexpected argument {k:?}")));
            let v = it.next().unwrap_or_else(|| usage(&format!("--{k} needs a value")));
            m.insert(k.to_string(), v.clone());
        }
        Args(m)
    }
    fn str(&self, k: &str) -> String {
        self.0.get(k).cloned().unwrap_or_else(|| usage(&format!("--{k} is required")))
    }
    fn path(&self, k: &str) -> PathBuf {
        PathBuf::from(self.str(k))
    }
    fn num(&self, k: &str, default: f64) -> f64 {
        self.0
            .get(k)
            .map(|v| v.parse().unwrap_or_else(|_| usage(&format!("--{k} must be a number"))))
            .unwrap_or(default)
    }
    fn opt(&self, k: &str) -> Option<String> {
        self.0.get(k).cloned()
    }
}

fn usage(why: &str) -> ! {
    eprintln!("paydesk-bench: {why}\n(see the doc comment of crates/bench/src/main.rs, or scripts/bench.sh)");
    std::process::exit(2)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime")
}

fn main() {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else { usage("which benchmark?") };
    let a = Args::parse(rest);
    match cmd.as_str() {
        "sign" => sign::run(a.num("seconds", 3.0), &a.path("python"), &a.path("scripts")),
        "calls" => runtime().block_on(calls::run(
            &a.path("paydesk"),
            &a.path("python"),
            &a.path("scripts"),
            a.num("seconds", 3.0),
        )),
        "bills" => {
            let sizes: Vec<u64> = a
                .str("rows")
                .split(',')
                .map(|n| n.trim().parse().unwrap_or_else(|_| usage("--rows takes row counts, e.g. 1000000,10000000")))
                .collect();
            bills::run(&sizes, &a.path("work"), &a.path("paydesk"))
        }
        "refunds" => runtime().block_on(refunds::run(
            a.num("count", 1000.0) as usize,
            &a.path("paydesk"),
            &a.path("python"),
            &a.path("scripts"),
        )),
        "app" => app::run(&a.path("app"), &a.path("work"), &a.path("paydesk")),
        "billgen" => {
            let t = billgen::generate(&a.path("out"), a.num("rows", 1_000_000.0) as u64).expect("bill file written");
            println!("{t:?}");
        }
        "report" => report::run(&a.path("figures"), &a.path("out-dir"), a.opt("label")),
        other => usage(&format!("unknown benchmark {other:?}")),
    }
}
