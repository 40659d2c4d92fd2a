//! The results file of a run: bench/results/<date>-<host>[-label].md and .json, the figures (in the order
//! they were measured) with the machine that measured them.

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::figures::{num, Figure};

#[derive(Serialize)]
struct Machine {
    host: String,
    date_utc: String,
    nproc: usize,
    cpu_model: String,
    ram: String,
    kernel: String,
    os: String,
    rustc: String,
    openssl: String,
    git_commit: String,
    /// 1/5/15-minute load when the report was written: a shared machine skews every figure.
    loadavg: String,
}

fn first_line(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or_default().trim().to_string())
        .unwrap_or_else(|| format!("({cmd} unavailable)"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default().trim().to_string()
}

fn machine() -> Machine {
    let cpuinfo = read("/proc/cpuinfo");
    let cpu_model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("?")
        .trim()
        .to_string();
    let meminfo = read("/proc/meminfo");
    let kb: f64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .unwrap_or("?")
        .trim_matches('"')
        .to_string();
    let now = time::OffsetDateTime::now_utc();
    Machine {
        host: read("/proc/sys/kernel/hostname"),
        date_utc: format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            now.year(),
            now.month() as u8,
            now.day(),
            now.hour(),
            now.minute()
        ),
        nproc: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        cpu_model,
        ram: format!("{:.1} GiB", kb / 1024.0 / 1024.0),
        kernel: read("/proc/sys/kernel/osrelease"),
        os,
        rustc: first_line("rustc", &["-V"]),
        openssl: first_line("openssl", &["version"]),
        git_commit: first_line("git", &["rev-parse", "--short", "HEAD"]),
        loadavg: read("/proc/loadavg").split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    }
}

fn markdown(m: &Machine, figures: &[Figure], label: Option<&str>) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# Paydesk benchmarks, {} UTC, {}{}\n\n",
        m.date_utc,
        m.host,
        label.map(|l| format!(" ({l})")).unwrap_or_default()
    ));
    s.push_str("Produced by `scripts/bench.sh`. Every figure is compared with a baseline measured in the same run on the same\n");
    s.push_str("machine; ratio = figure ÷ baseline (read it with the \"better\" column).\n\n");
    s.push_str("| machine | |\n|---|---|\n");
    for (k, v) in [
        ("CPU", m.cpu_model.clone()),
        ("nproc", m.nproc.to_string()),
        ("RAM", m.ram.clone()),
        ("OS", m.os.clone()),
        ("kernel", m.kernel.clone()),
        ("rustc", m.rustc.clone()),
        ("openssl", m.openssl.clone()),
        ("commit", m.git_commit.clone()),
        ("load average at the end", m.loadavg.clone()),
    ] {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    let mut group = String::new();
    for f in figures {
        if f.group != group {
            group = f.group.clone();
            s.push_str(&format!("\n## {group}\n\n| figure | value | baseline | baseline value | ratio | better | goal | note |\n|---|---|---|---|---|---|---|---|\n"));
        }
        let (v, b, r) = match (f.value, f.baseline_value, f.ratio) {
            (Some(v), Some(b), Some(r)) => {
                (format!("{} {}", num(v), f.unit), format!("{} {}", num(b), f.unit), format!("{r:.2}"))
            }
            _ => ("**not measured**".into(), String::new(), String::new()),
        };
        let goal = f
            .goal
            .as_ref()
            .map(|g| format!("{}: {}", g.text, if g.met { "met" } else { "**not met**" }))
            .unwrap_or_default();
        s.push_str(&format!(
            "| {} | {v} | {} | {b} | {r} | {} | {goal} | {} |\n",
            f.name,
            f.baseline,
            if f.higher_is_better { "higher" } else { "lower" },
            f.note.replace('|', "/")
        ));
    }
    s
}

pub fn run(figures_path: &Path, out_dir: &Path, label: Option<String>) {
    let text = std::fs::read_to_string(figures_path).unwrap_or_else(|e| panic!("{}: {e}", figures_path.display()));
    let figures: Vec<Figure> =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("figure line")).collect();
    let m = machine();
    let day = m.date_utc.get(..10).unwrap_or("today").to_string();
    let base = format!("{day}-{}{}", m.host, label.as_deref().map(|l| format!("-{l}")).unwrap_or_default());
    std::fs::create_dir_all(out_dir).expect("results dir");
    let md = markdown(&m, &figures, label.as_deref());
    std::fs::write(out_dir.join(format!("{base}.md")), &md).expect("results .md written");
    let json = serde_json::json!({"machine": m, "figures": figures});
    std::fs::write(out_dir.join(format!("{base}.json")), serde_json::to_string_pretty(&json).expect("json"))
        .expect("results .json written");
    println!("\n{md}");
    println!("written: {}/{base}.md and .json", out_dir.display());
}
