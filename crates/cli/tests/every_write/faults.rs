//! The fault matrix: every write kind of every acquirer meets each way a send can go wrong — the answer
//! comes after the client stopped waiting (latency past the profile's timeout), the gateway answers 5xx
//! without processing, it processes and drops the connection, it answers with a signature that does not
//! verify, and the answer arrives but the desk cannot record it (the outcome transaction fails:
//! `PAYDESK_FAILPOINTS=<kind>@outcome.commit=error`). Every time:
//! - the command does not report success, and never says "failed" for a write that may have taken effect
//!   (its JSON error code is `outcome_unknown` or the signature's, not a refusal);
//! - the journal never holds "failed" for a write the gateway received;
//! - after a restart and reconcile, the local view agrees with the gateway, and a retry of the same command
//!   with the same id leaves exactly one effect (the same checks as the crash harness).
//!
//! `FAULT_KINDS=refund.create,hsq.order` runs some kinds only.

use std::time::Duration;

use crate::common::writes::{Harness, KINDS};
use serde_json::{json, Value};

const FAULTS: [&str; 5] = ["latency", "http5xx", "drop", "bad_sign", "storage"];

/// How long a slow answer takes, and how long the client waits for one (profile timeout_ms).
const SLOW_MS: u64 = 2500;
const WAIT_MS: u64 = 1500;

async fn arm(h: &Harness, fault: &str, path: &str) {
    let spec = match fault {
        "latency" => json!({"kind": "latency", "path": path, "latency_ms": SLOW_MS}),
        "http5xx" => json!({"kind": "http5xx", "path": path, "status": 502}),
        "drop" => json!({"kind": "drop", "path": path}),
        "bad_sign" => json!({"kind": "bad_sign", "path": path}),
        other => panic!("no fault {other}"),
    };
    h.sb.post("/sandbox/faults", spec).await;
}

/// One fresh write of `kind` meeting `fault`, then every check.
async fn fault_at(h: &mut Harness, kind: &'static str, attempt: usize, fault: &str) {
    let label = format!("{kind}/{fault}");
    let c = h.case(kind, attempt).await;
    let mut args = vec!["--json"];
    args.extend(c.args.iter().map(String::as_str));
    let mut cmd = h.env.cmd(&args);
    if fault == "storage" {
        cmd.env("PAYDESK_FAILPOINTS", format!("{kind}@outcome.commit=error"));
    } else {
        arm(h, fault, c.path).await;
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success(), "{label}: the command reported success: {}", String::from_utf8_lossy(&out.stdout));
    let code = error_code(&stderr);
    // A 5xx that the gateway answered without processing is still not a refusal: nothing says it was not
    // processed (a proxy in front of a real gateway answers 502 after the gateway took the write).
    let allowed: &[&str] = if fault == "bad_sign" { &["outcome_unknown", "signature"] } else { &["outcome_unknown"] };
    assert!(allowed.contains(&code.as_str()), "{label}: error code {code:?}, want one of {allowed:?}: {stderr}");
    let sent = h.received(&c.id).await;
    let state = h.env.journal_state(&c.id);
    assert_ne!(
        state.as_deref(),
        Some("failed"),
        "{label}: a write that may have taken effect is marked failed (received {sent})"
    );
    if fault == "latency" {
        // The sandbox handles the slow request after the client gave up: let it land before reconciling,
        // as the absent grace does for a real gateway.
        tokio::time::sleep(Duration::from_millis(SLOW_MS - WAIT_MS + 500)).await;
    }
    h.settle_and_retry(&c, &label).await;
}

/// The `code` of the CLI's JSON error (on stderr), or the whole text when it is not JSON.
fn error_code(stderr: &str) -> String {
    stderr
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str::<Value>(l.trim()).ok())
        .and_then(|v| v["code"].as_str().or_else(|| v["error"]["code"].as_str()).map(str::to_string))
        .unwrap_or_else(|| stderr.trim().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_write_meets_every_fault() {
    let mut h = Harness::new().await;
    for p in ["sbx", "hsq", "mpg"] {
        h.env.json(&["profile", "tune", p, &format!("timeout_ms={WAIT_MS}")]);
    }
    let only = std::env::var("FAULT_KINDS").ok();
    let mut tried = 0;
    for kind in KINDS {
        if only.as_deref().is_some_and(|o| !o.split(',').any(|k| k == kind)) {
            continue;
        }
        for (attempt, fault) in FAULTS.iter().enumerate() {
            fault_at(&mut h, kind, attempt, fault).await;
            tried += 1;
        }
    }
    let out = h.env.run(&["audit", "verify"]);
    assert!(out.status.success(), "the audit chain holds: {}", String::from_utf8_lossy(&out.stdout));
    println!("fault matrix: {tried} cases ({} write kinds x {} faults), never 'failed' for a write that may have taken effect, one effect after reconcile and retry", tried / FAULTS.len(), FAULTS.len());
    let Harness { sb, desk, .. } = h;
    desk.shutdown().await;
    sb.shutdown().await;
}
