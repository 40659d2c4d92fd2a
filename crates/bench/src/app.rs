//! Figure 5: the desktop app under Xvfb — cold start to first paint, idle RSS, RSS after importing the
//! large bill — against WebKitGTK's own MiniBrowser showing a static page (the floor any WebKitGTK app
//! stands on) measured the same way in the same run.
//!
//! Method (needs $DISPLAY of an otherwise empty Xvfb screen, no window manager; scripts/bench.sh runs it
//! under `xvfb-run`): the process is spawned with a fresh PAYDESK_HOME; the root window is captured with
//! ImageMagick's `import` back to back; "first paint" is the end of the first capture that shows more than
//! `PAINTED_COLOURS` distinct colours (an empty screen or an unpainted white window has one or two; rendered
//! text is anti-aliased into dozens). The capture interval is the resolution and is printed. A start is
//! "cold" in the app's sense (new process, new data dir); the OS file cache is warm (one unmeasured start
//! first). RSS = the sum of VmRSS over the process and all its descendants (the WebKit web and network
//! processes hold most of it), read from /proc after `IDLE_SECS` seconds without input.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::figures::Figure;

const PAINTED_COLOURS: u64 = 16;
const IDLE_SECS: u64 = 5;
const STARTS: usize = 3;
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// Distinct colours on the root window now.
fn colours() -> u64 {
    let out = Command::new("import").args(["-silent", "-window", "root", "-format", "%k", "info:"]).output();
    out.ok().and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok()).unwrap_or(0)
}

/// Kills the whole process group on drop (the app's WebKit children included).
struct Running {
    child: Child,
    _home: tempfile::TempDir,
}

impl Drop for Running {
    fn drop(&mut self) {
        // The child leads its own process group (process_group(0)); end exactly that group.
        let pgid = self.child.id() as i32;
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{pgid}")]).status();
        for _ in 0..50 {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pgid}")]).status();
        let _ = self.child.wait();
    }
}

fn spawn(cmd: &[String]) -> Running {
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir().expect("temp home");
    let child = Command::new(&cmd[0])
        .args(&cmd[1..])
        .env("PAYDESK_HOME", home.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", cmd[0]));
    Running { child, _home: home }
}

/// Seconds from spawn to the first painted capture, and the mean capture interval; the process is left
/// running for RSS.
fn start_to_paint(cmd: &[String]) -> Result<(f64, f64, Running), String> {
    // The previous window can take a moment to leave the screen after its process group was killed.
    let mut before = colours();
    for _ in 0..50 {
        if before <= 2 {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        before = colours();
    }
    if before > 2 {
        return Err(format!("the screen still shows {before} colours before the start (run under a fresh xvfb-run)"));
    }
    let started = Instant::now();
    let run = spawn(cmd);
    let mut captures = 0u32;
    while started.elapsed() < Duration::from_secs(60) {
        let c = colours();
        captures += 1;
        if c > PAINTED_COLOURS {
            let secs = started.elapsed().as_secs_f64();
            return Ok((secs, secs / captures as f64, run));
        }
    }
    Err(format!("nothing painted within 60 s ({})", cmd[0]))
}

/// pid and all its descendants (from /proc/*/stat parent links).
fn tree(root: u32) -> Vec<u32> {
    let mut parent = Vec::new();
    for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        // Field 4 (ppid) comes after the parenthesised command name, which may contain spaces.
        let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) {
            parent.push((pid, ppid));
        }
    }
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(parent.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    out
}

/// Sum of VmRSS over the tree, MiB.
fn rss_mib(root: u32) -> f64 {
    let kb: u64 = tree(root)
        .iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/status")).ok())
        .filter_map(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse::<u64>().ok()))
        .sum();
    kb as f64 / 1024.0
}

struct Measured {
    start_s: f64,
    interval_s: f64,
    idle_rss: f64,
}

/// Median start over STARTS runs (after one unmeasured), idle RSS of the last one.
fn measure(cmd: &[String]) -> Result<Measured, String> {
    drop(start_to_paint(cmd)?.2);
    let mut starts = Vec::new();
    let mut interval = 0.0;
    let mut last = None;
    for _ in 0..STARTS {
        // The previous start must be gone before the next one: its window would count as "painted".
        drop(last.take());
        std::thread::sleep(Duration::from_millis(500));
        let (s, i, run) = start_to_paint(cmd)?;
        starts.push(s);
        interval = i;
        last = Some(run);
    }
    let run = last.expect("at least one start");
    std::thread::sleep(Duration::from_secs(IDLE_SECS));
    let idle_rss = rss_mib(run.child.id());
    starts.sort_by(f64::total_cmp);
    Ok(Measured { start_s: starts[starts.len() / 2], interval_s: interval, idle_rss })
}

fn baseline_page(work: &Path) -> PathBuf {
    let p = work.join("baseline.html");
    std::fs::write(
        &p,
        "<!doctype html><html lang=zh-CN><meta charset=utf-8><title>Paydesk</title>\
         <body style=\"font-family:sans-serif\"><h1>Paydesk 基线页面</h1><p>A static page: what WebKitGTK paints with no app, \
         no JavaScript framework and no IPC.</p><ul><li>商户</li><li>退款</li><li>对账单</li></ul></body></html>",
    )
    .expect("baseline page written");
    p
}

pub fn run(app: &Path, work: &Path, _bill: Option<PathBuf>) {
    eprintln!("== app under Xvfb (first paint = first root capture with > {PAINTED_COLOURS} colours; median of {STARTS} starts)");
    std::fs::create_dir_all(work).expect("work dir");
    // An absolute path: `file://target/...` would name a host, not a file.
    let page = std::fs::canonicalize(baseline_page(work)).expect("baseline page path");
    let b = "MiniBrowser (WebKitGTK) static page";
    let base_cmd = vec![MINIBROWSER.to_string(), "--geometry=1280x800".into(), format!("file://{}", page.display())];
    let app_cmd = vec![app.display().to_string()];
    let base = measure(&base_cmd);
    let ours = measure(&app_cmd);
    match (ours, base) {
        (Ok(o), Ok(bm)) => {
            Figure::new("app", "cold start to first paint", o.start_s, "s", b, bm.start_s, false)
                .note(format!("capture interval ≈ {:.0} ms (the resolution)", o.interval_s.max(bm.interval_s) * 1000.0))
                .emit();
            Figure::new("app", "idle RSS (process tree)", o.idle_rss, "MiB", b, bm.idle_rss, false)
                .note(format!("{IDLE_SECS} s after first paint; sum of VmRSS of the app and its WebKit processes"))
                .emit();
        }
        (Err(e), _) | (_, Err(e)) => {
            Figure::not_measured("app", "cold start to first paint", "s", b, &e).emit();
            Figure::not_measured("app", "idle RSS (process tree)", "MiB", b, &e).emit();
        }
    }
    // "RSS after importing the 1M-row bill" is measured in the real window by
    // crates/bench/python/app_import_rss.py (scripts/bench.sh runs it after this group).
}
