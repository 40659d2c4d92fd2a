//! The crash harness (in the spirit of FoundationDB's simulation tests and Jepsen): for every write kind
//! of every acquirer, the `paydesk` process is SIGKILLed exactly at each stage boundary of the write
//! pipeline — inside the intent transaction before it commits, after it, after the send and before the
//! outcome, inside the outcome transaction, after the outcome (`PAYDESK_FAILPOINTS=<kind>@<point>=kill`
//! makes the process kill itself there). Then the desk restarts on the same PAYDESK_HOME and reconciles,
//! and the person retries the same command with the same id. Every time:
//! - the gateway received the write at most once before the retry and exactly once after it — counted by
//!   the signatures of the write's intent rows in the audit log against the gateway's request log, so a
//!   second send under the same id (or a different signature) cannot hide;
//! - the local view agrees with the gateway: journal settled ⇔ received, failed ⇔ not received (an
//!   onboarding or a merchant change, which no query can find by req_seq_id, may stay unknown: it is never
//!   sent twice); a refund's and a withdrawal's own rows follow.
//!
//! The sandbox runs in this test process on loopback, so it outlives every kill. The number of kill
//! points tried is printed. `CRASH_KINDS=refund.create,hsq.order` runs some kinds only.

use std::os::unix::process::ExitStatusExt;

use crate::common::writes::{Harness, KINDS};

const POINTS: [&str; 5] = ["intent.commit", "intent.after", "send.after", "outcome.commit", "outcome.after"];

/// One fresh write of `kind` killed at `point`, then every check.
async fn kill_at(h: &mut Harness, kind: &'static str, attempt: usize, point: &str) {
    let c = h.case(kind, attempt).await;
    let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
    let out = h.env.cmd(&args).env("PAYDESK_FAILPOINTS", format!("{}@{point}=kill", c.kind)).output().unwrap();
    assert_eq!(
        out.status.signal(),
        Some(9),
        "{kind}@{point}: the process was not killed there: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    if point == "intent.commit" {
        assert_eq!(
            h.env.journal_state(&c.id),
            None,
            "{kind}@{point}: a kill inside the intent transaction leaves no entry"
        );
    }
    h.settle_and_retry(&c, &format!("{kind}@{point}")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_write_killed_at_every_stage_boundary() {
    let every: Vec<&str> = desk::write::WriteKind::ALL.iter().map(|k| k.as_str()).collect();
    assert!(
        every.iter().all(|k| KINDS.contains(k)) && KINDS.len() == every.len(),
        "the harness covers every write kind: {every:?}"
    );
    let mut h = Harness::new().await;
    let only = std::env::var("CRASH_KINDS").ok();
    let mut tried = 0;
    for kind in KINDS {
        if only.as_deref().is_some_and(|o| !o.split(',').any(|k| k == kind)) {
            continue;
        }
        for (attempt, point) in POINTS.iter().enumerate() {
            kill_at(&mut h, kind, attempt, point).await;
            tried += 1;
        }
    }
    let out = h.env.run(&["audit", "verify"]);
    assert!(out.status.success(), "the audit chain holds after every kill: {}", String::from_utf8_lossy(&out.stdout));
    println!("crash harness: {tried} kill points tried ({} write kinds x {} stage boundaries), one effect per intent and an agreeing view every time", tried / POINTS.len(), POINTS.len());
    let Harness { sb, desk, .. } = h;
    desk.shutdown().await;
    sb.shutdown().await;
}
