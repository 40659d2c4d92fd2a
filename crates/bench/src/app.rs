//! Figure 5: the desktop app under Xvfb — cold start to first paint, idle memory (RSS and PSS of the
//! process tree), first paint while the start-up reconcile faces a sandbox that answers after 30 s, and
//! where a start's time goes — against WebKitGTK's own MiniBrowser showing a static page (the floor any
//! WebKitGTK app stands on) measured the same way in the same run.
//!
//! Method (needs $DISPLAY of an otherwise empty Xvfb screen, no window manager; scripts/bench.sh runs it
//! under `xvfb-run`): the process is spawned with a fresh PAYDESK_HOME; the root window is captured with
//! ImageMagick's `import` back to back; "first paint" is the end of the first capture that shows more than
//! `PAINTED_COLOURS` distinct colours (an empty screen or an unpainted white window has one or two; rendered
//! text is anti-aliased into dozens). The capture interval is the resolution and is printed. A start is
//! "cold" in the app's sense (new process, new data dir); the OS file cache is warm (one unmeasured start
//! first). Memory is read from /proc after `IDLE_SECS` seconds without input, over the process and all its
//! descendants (the WebKit web and network processes hold most of it): RSS = sum of VmRSS (pages shared
//! between the processes are counted in each), PSS = sum of `Pss` from smaps_rollup (each shared page
//! divided among the processes that map it, so the tree's total counts it once).

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
    _home: Option<tempfile::TempDir>,
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

/// How a start is made: the command, a data dir (None: a fresh one per start), and where the app's
/// stderr goes (with PAYDESK_STARTUP_TRACE=1 when given).
#[derive(Clone)]
struct Start {
    cmd: Vec<String>,
    home: Option<PathBuf>,
    trace_to: Option<PathBuf>,
}

impl Start {
    fn of(cmd: Vec<String>) -> Start {
        Start { cmd, home: None, trace_to: None }
    }
}

fn spawn(s: &Start) -> Running {
    use std::os::unix::process::CommandExt;
    let (fresh, home) = match &s.home {
        Some(h) => (None, h.clone()),
        None => {
            let t = tempfile::tempdir().expect("temp home");
            let p = t.path().to_path_buf();
            (Some(t), p)
        }
    };
    let mut c = Command::new(&s.cmd[0]);
    c.args(&s.cmd[1..]).env("PAYDESK_HOME", &home).stdout(Stdio::null()).process_group(0);
    match &s.trace_to {
        Some(p) => {
            c.env("PAYDESK_STARTUP_TRACE", "1").stderr(std::fs::File::create(p).expect("trace file"));
        }
        None => {
            c.stderr(Stdio::null());
        }
    }
    let child = c.spawn().unwrap_or_else(|e| panic!("{}: {e}", s.cmd[0]));
    Running { child, _home: fresh }
}

fn unix_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

/// Seconds from spawn to the first painted capture, the mean capture interval, the Unix ms of the spawn;
/// the process is left running for memory.
fn start_to_paint(s: &Start) -> Result<(f64, f64, f64, Running), String> {
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
    let spawned_at = unix_ms();
    let started = Instant::now();
    let run = spawn(s);
    let mut captures = 0u32;
    while started.elapsed() < Duration::from_secs(60) {
        let c = colours();
        captures += 1;
        if c > PAINTED_COLOURS {
            let secs = started.elapsed().as_secs_f64();
            return Ok((secs, secs / captures as f64, spawned_at, run));
        }
    }
    Err(format!("nothing painted within 60 s ({})", s.cmd[0]))
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

/// Sum over the tree of the kB field `field` of `/proc/<pid>/<file>`, MiB.
fn sum_kb(root: u32, file: &str, field: &str) -> f64 {
    let kb: u64 = tree(root)
        .iter()
        .filter_map(|p| std::fs::read_to_string(format!("/proc/{p}/{file}")).ok())
        .filter_map(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        })
        .sum();
    kb as f64 / 1024.0
}

struct Measured {
    start_s: f64,
    interval_s: f64,
    idle_rss: f64,
    idle_pss: f64,
}

/// Median start over STARTS runs (after one unmeasured), idle memory of the last one.
fn measure(s: &Start) -> Result<Measured, String> {
    drop(start_to_paint(s)?.3);
    let mut starts = Vec::new();
    let mut interval = 0.0;
    let mut last = None;
    for _ in 0..STARTS {
        // The previous start must be gone before the next one: its window would count as "painted".
        drop(last.take());
        std::thread::sleep(Duration::from_millis(500));
        let (secs, i, _, run) = start_to_paint(s)?;
        starts.push(secs);
        interval = i;
        last = Some(run);
    }
    let run = last.expect("at least one start");
    std::thread::sleep(Duration::from_secs(IDLE_SECS));
    let pid = run.child.id();
    let (idle_rss, idle_pss) = (sum_kb(pid, "status", "VmRSS:"), sum_kb(pid, "smaps_rollup", "Pss:"));
    starts.sort_by(f64::total_cmp);
    Ok(Measured { start_s: starts[starts.len() / 2], interval_s: interval, idle_rss, idle_pss })
}

/// One traced start: where its time went, as "label +ms" from the spawn (the app's and the page's own
/// marks, PAYDESK_STARTUP_TRACE=1), and the first paint the screen saw. Waits up to `wait_for` for a
/// label to appear (the start-up work's end, say), answering its time.
fn traced_start(s: &Start, work: &Path, wait_for: Option<(&str, Duration)>) -> Result<(String, Option<f64>), String> {
    let log = work.join("startup-trace.log");
    let traced = Start { trace_to: Some(log.clone()), ..s.clone() };
    let (paint, _, spawned_at, run) = start_to_paint(&traced)?;
    let marks = |text: &str| -> Vec<(String, f64)> {
        text.lines()
            .filter_map(|l| l.strip_prefix("startup-trace "))
            .filter_map(|l| {
                l.split_once(' ').and_then(|(t, label)| Some((label.to_string(), t.parse::<f64>().ok()? - spawned_at)))
            })
            .collect()
    };
    let mut found = None;
    if let Some((label, within)) = wait_for {
        let until = Instant::now() + within;
        while Instant::now() < until && found.is_none() {
            std::thread::sleep(Duration::from_millis(200));
            found = marks(&std::fs::read_to_string(&log).unwrap_or_default())
                .into_iter()
                .find(|(l, _)| l == label)
                .map(|(_, ms)| ms / 1000.0);
        }
    } else {
        std::thread::sleep(Duration::from_secs(2));
    }
    drop(run);
    let mut m = marks(&std::fs::read_to_string(&log).unwrap_or_default());
    m.push(("screen painted".into(), paint * 1000.0));
    m.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok((m.iter().map(|(l, ms)| format!("{l} +{ms:.0} ms")).collect::<Vec<_>>().join(", "), found))
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

pub fn run(app: &Path, work: &Path, paydesk: &Path) {
    eprintln!("== app under Xvfb (first paint = first root capture with > {PAINTED_COLOURS} colours; median of {STARTS} starts)");
    std::fs::create_dir_all(work).expect("work dir");
    // An absolute path: `file://target/...` would name a host, not a file.
    let page = std::fs::canonicalize(baseline_page(work)).expect("baseline page path");
    let b = "MiniBrowser (WebKitGTK) static page";
    let base =
        Start::of(vec![MINIBROWSER.to_string(), "--geometry=1280x800".into(), format!("file://{}", page.display())]);
    let ours = Start::of(vec![app.display().to_string()]);
    let (base_m, ours_m) = (measure(&base), measure(&ours));
    let trace = traced_start(&ours, work, None).map(|t| t.0).unwrap_or_else(|e| format!("no trace: {e}"));
    let fresh_start = match (&ours_m, &base_m) {
        (Ok(o), Ok(bm)) => {
            Figure::new("app", "cold start to first paint", o.start_s, "s", b, bm.start_s, false)
                .note(format!(
                    "capture interval ≈ {:.0} ms (the resolution); one traced start: {trace}",
                    o.interval_s.max(bm.interval_s) * 1000.0
                ))
                .ratio_goal(1.3)
                .emit();
            Figure::new("app", "idle PSS (process tree)", o.idle_pss, "MiB", b, bm.idle_pss, false)
                .note(format!("{IDLE_SECS} s after first paint; sum of Pss (smaps_rollup) of the app and its WebKit processes: shared pages counted once"))
                .ratio_goal(1.15)
                .emit();
            Figure::new("app", "idle RSS (process tree)", o.idle_rss, "MiB", b, bm.idle_rss, false)
                .note(format!("{IDLE_SECS} s after first paint; sum of VmRSS of the app and its WebKit processes (shared pages counted in each)"))
                .emit();
            Some(o.start_s)
        }
        (Err(e), _) | (_, Err(e)) => {
            for (name, unit) in [
                ("cold start to first paint", "s"),
                ("idle PSS (process tree)", "MiB"),
                ("idle RSS (process tree)", "MiB"),
            ] {
                Figure::not_measured("app", name, unit, b, e).emit();
            }
            None
        }
    };
    hanging(&ours, work, paydesk, fresh_start);
    // "RSS after importing the 1M-row bill" is measured in the real window by
    // crates/bench/python/app_import_rss.py (scripts/bench.sh runs it after this group).
}

/// First paint while the start-up reconcile faces a sandbox that answers after 30 s (hanging.rs), against
/// the same app's start on a fresh data dir; the traced start says when the reconcile ended.
fn hanging(ours: &Start, work: &Path, paydesk: &Path, fresh_start: Option<f64>) {
    let name = format!(
        "first paint, start-up reconcile facing a sandbox that answers after {} s",
        crate::hanging::LATENCY_MS / 1000
    );
    let baseline = "the same app, fresh data dir";
    let home = work.join("hanging-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).expect("home");
    let prepared = crate::runtime().block_on(crate::hanging::prepare(paydesk, &home));
    let sb = match prepared {
        Ok(sb) => sb,
        Err(e) => return Figure::not_measured("app", &name, "s", baseline, &e).emit(),
    };
    let s = Start { home: Some(home.clone()), ..ours.clone() };
    let measured = measure(&s).map(|m| m.start_s);
    // One more start, traced, waiting for the start-up work to end: proves it did face the latency.
    let ended = traced_start(&s, work, Some(("startup work done", Duration::from_secs(45))));
    drop(sb);
    match (measured, fresh_start) {
        (Ok(secs), Some(fresh)) => {
            let note = match ended {
                Ok((trace, Some(done))) => format!("the start-up reconcile ended {done:.1} s after the spawn, the window had painted long before; {trace}"),
                Ok((trace, None)) => format!("the start-up reconcile had not ended 45 s after the spawn; {trace}"),
                Err(e) => format!("no trace: {e}"),
            };
            Figure::new("app", &name, secs, "s", baseline, fresh, false).note(note).ratio_goal(1.3).emit();
        }
        (Err(e), _) => Figure::not_measured("app", &name, "s", baseline, &e).emit(),
        (_, None) => Figure::not_measured("app", &name, "s", baseline, "the fresh start was not measured").emit(),
    }
}
