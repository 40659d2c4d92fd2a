//! Figure 4: a batch of refunds against the sandbox (`paydesk refund batch`, from the binary, real
//! keychain, real SQLite), wall time, against a plain sequential dg-sdk script refunding as many other
//! paid orders of the same sandbox. Then the proof that nothing went twice: the sandbox's refund records
//! of the batch against its distinct req_seq_ids (and against the number of rows asked for).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::figures::Figure;
use crate::fixture::{merchant, paid_orders, Paid, SandboxProcess};

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// The dg-sdk baseline: (seconds, req_seq_ids it sent).
fn sdk_batch(
    python: &Path,
    script: &Path,
    sb: &SandboxProcess,
    huifu_id: &str,
    orders: &[Paid],
) -> Result<(f64, Vec<String>), String> {
    let mut child = Command::new(python)
        .arg(script)
        .arg(sb.credentials_dir())
        .arg(huifu_id)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    {
        let mut stdin = child.stdin.take().expect("piped stdin");
        for o in orders {
            let line = serde_json::json!({"hf_seq_id": o.hf_seq_id, "req_date": o.req_date, "amount": yuan(o.fen)});
            writeln!(stdin, "{line}").map_err(|e| format!("writing orders: {e}"))?;
        }
    }
    let out = child.wait_with_output().map_err(|e| format!("sdk_refunds.py: {e}"))?;
    if !out.status.success() {
        return Err(format!("sdk_refunds.py failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("sdk_refunds.py output: {e}"))?;
    let ids = v["req_seq_ids"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
        .unwrap_or_default();
    Ok((v["seconds"].as_f64().unwrap_or(f64::NAN), ids))
}

/// What the sandbox holds for a batch: refund records of the given original orders, the distinct
/// req_seq_ids among them, and how many of the orders have a refund.
struct Held {
    records: usize,
    distinct_seq: usize,
    orders_refunded: usize,
}

async fn held(sb: &SandboxProcess, orders: &[Paid]) -> Held {
    use std::collections::HashSet;
    let ours: HashSet<&str> = orders.iter().map(|o| o.hf_seq_id.as_str()).collect();
    let recs = sb.records("refunds").await;
    let mine: Vec<&serde_json::Value> =
        recs.iter().filter(|r| r["org_hf_seq_id"].as_str().is_some_and(|h| ours.contains(h))).collect();
    let seqs: HashSet<&str> = mine.iter().filter_map(|r| r["req_seq_id"].as_str()).collect();
    let refunded: HashSet<&str> = mine.iter().filter_map(|r| r["org_hf_seq_id"].as_str()).collect();
    Held { records: mine.len(), distinct_seq: seqs.len(), orders_refunded: refunded.len() }
}

pub async fn run(n: usize, paydesk: &Path, python: &Path, script_dir: &Path) {
    eprintln!("== batch refunds ({n})");
    let sb = SandboxProcess::start(paydesk);
    let client = sb.client();
    let huifu_id = merchant(&sb, &client).await;
    let started = Instant::now();
    let ours = paid_orders(&sb, &client, &huifu_id, n, 1234).await;
    let theirs = paid_orders(&sb, &client, &huifu_id, n, 1234).await;
    eprintln!("  {} paid orders made in {:.1} s", 2 * n, started.elapsed().as_secs_f64());

    let base = sdk_batch(python, &script_dir.join("sdk_refunds.py"), &sb, &huifu_id, &theirs);
    if let Ok((secs, ids)) = &base {
        let h = held(&sb, &theirs).await;
        eprintln!(
            "  dg-sdk: {} refunds in {secs:.2} s; sandbox holds {} records, {} distinct req_seq_ids, {} orders refunded",
            ids.len(), h.records, h.distinct_seq, h.orders_refunded
        );
    }
    let b = "dg-sdk, sequential (Python)";
    match (paydesk_side(paydesk, &sb, &huifu_id, &ours), base) {
        (Ok((secs, note)), Ok((base_secs, _))) => {
            let h = held(&sb, &ours).await;
            let dup_note = format!(
                "{n} rows asked; the sandbox holds {} refund records of those orders, {} distinct req_seq_ids, {} orders refunded \
                 ({} duplicated){}",
                h.records,
                h.distinct_seq,
                h.orders_refunded,
                h.records - h.distinct_seq.min(h.orders_refunded),
                if note.is_empty() { String::new() } else { format!("; {note}") }
            );
            Figure::new("refunds", &format!("{n} refunds, wall time"), secs, "s", b, base_secs, false)
                .note(dup_note)
                .emit();
            assert!(h.records == h.distinct_seq && h.records == h.orders_refunded, "a refund was sent twice");
            assert_eq!(h.records, n, "every row of the batch became exactly one refund");
        }
        (Err(why), base) => {
            let note = match base {
                Ok((s, _)) => format!("{why}; dg-sdk baseline measured: {n} refunds in {s:.2} s"),
                Err(e) => format!("{why}; baseline failed too: {e}"),
            };
            Figure::not_measured("refunds", &format!("{n} refunds, wall time"), "s", b, &note).emit();
        }
        (Ok((secs, _)), Err(e)) => {
            Figure::not_measured(
                "refunds",
                &format!("{n} refunds, wall time"),
                "s",
                b,
                &format!("baseline failed: {e} (paydesk: {secs:.2} s)"),
            )
            .emit();
        }
    }
}

/// Runs `paydesk --json ARGS` with `home` as PAYDESK_HOME; the parsed stdout.
pub fn paydesk_json(paydesk: &Path, home: &Path, args: &[&str]) -> Result<serde_json::Value, String> {
    let out = Command::new(paydesk)
        .arg("--json")
        .args(args)
        .env("PAYDESK_HOME", home)
        .env_remove("PAYDESK_PROFILE")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{}: {e}", paydesk.display()))?;
    if !out.status.success() {
        return Err(format!("paydesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| format!("paydesk {args:?}: not JSON ({e})"))
}

/// A profile `bench` in `home` pointing at the sandbox process, keys imported into the keychain.
pub fn profile(paydesk: &Path, home: &Path, sb: &SandboxProcess) -> Result<(), String> {
    let keys = tempfile::tempdir().map_err(|e| e.to_string())?;
    let (private, public) = (keys.path().join("private.txt"), keys.path().join("huifu.txt"));
    std::fs::write(&private, sb.cred("private_key")).map_err(|e| e.to_string())?;
    std::fs::write(&public, sb.cred("huifu_public_key")).map_err(|e| e.to_string())?;
    let (sys_id, product_id) = (sb.cred("sys_id"), sb.cred("product_id"));
    paydesk_json(
        paydesk,
        home,
        &[
            "profile",
            "add",
            "bench",
            "--env",
            "sandbox",
            "--base-url",
            &sb.base_url,
            "--sys-id",
            &sys_id,
            "--product-id",
            &product_id,
        ],
    )?;
    let (p, h) = (private.display().to_string(), public.display().to_string());
    paydesk_json(paydesk, home, &["profile", "import-keys", "bench", "--private-key", &p, "--huifu-public-key", &h])?;
    paydesk_json(paydesk, home, &["profile", "use", "bench"])?;
    Ok(())
}

/// Refunds in flight for `paydesk refund batch` (its default).
const CONCURRENCY: &str = "4";

/// `paydesk refund batch FILE --no-follow` from the binary (the `money` work of issue 7), after a profile
/// for the sandbox is set up (not timed): (seconds, note).
fn paydesk_side(paydesk: &Path, sb: &SandboxProcess, huifu_id: &str, orders: &[Paid]) -> Result<(f64, String), String> {
    let home = tempfile::tempdir().map_err(|e| e.to_string())?;
    profile(paydesk, home.path(), sb)?;
    let csv = home.path().join("refunds.csv");
    let mut text = String::from("huifu_id,org_hf_seq_id,org_req_date,amount,reason\n");
    for o in orders {
        text.push_str(&format!("{huifu_id},{},{},{},bench\n", o.hf_seq_id, o.req_date, yuan(o.fen)));
    }
    std::fs::write(&csv, text).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let report = paydesk_json(
        paydesk,
        home.path(),
        &["refund", "batch", &csv.display().to_string(), "--concurrency", CONCURRENCY, "--no-follow"],
    )?;
    let secs = started.elapsed().as_secs_f64();
    let errors = report["errors"].as_array().map(Vec::len).unwrap_or(0);
    if errors > 0 || report["sent"].as_u64() != Some(orders.len() as u64) {
        return Err(format!("the batch did not send every row: {}", report));
    }
    Ok((secs, format!("{CONCURRENCY} in flight, --no-follow (both sides stop once every refund is accepted); includes import + journal + audit")))
}
