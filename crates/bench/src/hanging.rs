//! The home the app starts on for "first paint does not wait for the network" (issue 11 item 5): a
//! profile on a `paydesk sandbox serve` process with one write left open (a bill-config change whose
//! answer never came), and that sandbox armed to answer only after 30 s. The app's start-up reconcile
//! must query that write, so if the window waited for it, first paint would take 30 s.

use std::path::Path;

use serde_json::json;

use crate::fixture::SandboxProcess;

/// How long the sandbox makes every acquirer call wait.
pub const LATENCY_MS: u64 = 30_000;

/// Prepares `home` (keys go to the keychain of the running session): returns the sandbox, which must
/// outlive the starts.
pub async fn prepare(paydesk: &Path, home: &Path) -> Result<SandboxProcess, String> {
    let sb = SandboxProcess::start(paydesk);
    crate::refunds::profile(paydesk, home, &sb)?;
    let desk = desk::Desk::open_without_reconcile(home).map_err(|e| e.message)?;
    // A short answer timeout for the write that is to be left open, so preparing takes a second.
    set_timeout(&desk, "1000")?;
    sb.post("/sandbox/faults", json!({"kind": "latency", "latency_ms": 5_000, "count": 1})).await;
    let p = desk.profile("bench").map_err(|e| e.message)?;
    let form = desk::services::bill::BillConfigForm {
        req_seq_id: None,
        huifu_id: String::new(),
        enabled: true,
        file_types: vec!["1".into()],
        notify_url: None,
    };
    match desk.set_bill_config(&p, form).await {
        Err(e) if e.code == desk::ErrorCode::OutcomeUnknown => {}
        other => return Err(format!("the bill-config write should have timed out and stayed open: {other:?}")),
    }
    let open = desk::journal::open_entries(desk.store(), None).map_err(|e| e.message)?.len();
    if open != 1 {
        return Err(format!("{open} open writes in the prepared home, expected 1"));
    }
    // The app waits as long as an operator's default would (dg-sdk's 15 s is shorter than the latency, so
    // give it longer): its reconcile really faces the 30 s.
    set_timeout(&desk, "60000")?;
    sb.post("/sandbox/faults", json!({"kind": "latency", "latency_ms": LATENCY_MS, "count": 1000})).await;
    Ok(sb)
}

fn set_timeout(desk: &desk::Desk, ms: &str) -> Result<(), String> {
    let mut extra = desk.profile("bench").map_err(|e| e.message)?.extra;
    extra.insert("timeout_ms".into(), ms.into());
    desk.update_profile("bench", desk::ProfileChanges { extra: Some(extra), ..Default::default() })
        .map_err(|e| e.message)?;
    Ok(())
}
