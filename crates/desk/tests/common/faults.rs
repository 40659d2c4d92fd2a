//! The sandbox's injected faults as the fault tests use them (faults.rs: journey writes; faults_money.rs:
//! refunds and withdrawals): arming one, the client timeout around the latency fault, what the sandbox's
//! request log says was processed, and the audit row of a write.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::time::Duration;

use desk::audit::{self, AuditFilter};
use desk::{Desk, ProfileChanges, SANDBOX_PROFILE};
use serde_json::{json, Value};

use crate::sandbox_controls::Controls;

/// For the latency fault the client gives up after this, and the sandbox answers well after it. (Only
/// around that one call: a loaded CI machine must not time out the others.)
pub const TIMEOUT_MS: u64 = 1_500;
pub const LATENCY_MS: u64 = 2_500;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    Latency,
    Http5xx,
    Drop,
    BadSign,
    /// The answer arrived (and the sandbox processed the write), but the transaction recording the
    /// outcome failed, as a full disk or a database locked past its busy timeout would make it fail.
    Storage,
}

impl Fault {
    pub const ALL: [Fault; 5] = [Fault::Latency, Fault::Http5xx, Fault::Drop, Fault::BadSign, Fault::Storage];

    fn arm_body(self) -> (&'static str, Value) {
        match self {
            Fault::Latency => ("latency", json!({"latency_ms": LATENCY_MS})),
            Fault::Http5xx => ("http5xx", json!({"status": 503})),
            Fault::Drop => ("drop", json!({})),
            Fault::BadSign => ("bad_sign", json!({})),
            Fault::Storage => unreachable!("a storage fault is armed in the desk"),
        }
    }

    /// Arms this fault for the next call to `path` (a storage fault: for the next write's outcome).
    pub async fn arm(self, desk: &Desk, ctl: &Controls, path: &str) {
        if self == Fault::Storage {
            desk.failpoints().arm("outcome.commit", None, desk::write::failpoints::Action::StorageError);
            return;
        }
        let (name, extra) = self.arm_body();
        ctl.fault(name, path, extra).await;
    }

    /// Disarms what [`Fault::arm`] armed in the desk (the sandbox's faults are used up by the call).
    pub fn disarm(self, desk: &Desk) {
        desk.failpoints().clear();
    }

    /// What the call, the journal and the last audit row of the write must say right after the fault:
    /// never success, never failed. A storage failure leaves the entry `sent` and only its intent row.
    pub fn reported(self) -> (desk::ErrorCode, desk::journal::JournalState, desk::audit::Outcome) {
        use desk::audit::Outcome;
        use desk::journal::JournalState;
        use desk::ErrorCode;
        match self {
            Fault::BadSign => (ErrorCode::Signature, JournalState::Unknown, Outcome::Unknown),
            Fault::Storage => (ErrorCode::OutcomeUnknown, JournalState::Sent, Outcome::Intent),
            _ => (ErrorCode::OutcomeUnknown, JournalState::Unknown, Outcome::Unknown),
        }
    }

    /// Whether the sandbox certainly processed the write (`None`: depends on whether the server noticed
    /// the client hanging up during the delay).
    pub fn processed(self) -> Option<bool> {
        match self {
            Fault::Latency => None,
            Fault::Http5xx => Some(false),
            Fault::Drop | Fault::BadSign | Fault::Storage => Some(true),
        }
    }
}

/// A write whose answer was lost is taken as never arrived only when a second query this long after the
/// first agrees (the profile's `absent_grace_ms`; the product default is a minute).
pub const GRACE_MS: u64 = 1_000;

/// Sets (or with `None` removes) the sandbox profile's answer timeout; the not-found grace stays short.
pub fn set_timeout(desk: &Desk, ms: Option<u64>) {
    let mut extra: BTreeMap<String, String> =
        ms.map(|ms| ("timeout_ms".to_string(), ms.to_string())).into_iter().collect();
    extra.insert("absent_grace_ms".into(), GRACE_MS.to_string());
    desk.update_profile(SANDBOX_PROFILE, ProfileChanges { extra: Some(extra), ..Default::default() }).unwrap();
}

/// How many times the sandbox processed a request with `seq` on `path` (its request log notes the
/// req_seq_id only once the handler ran: a 5xx fault answers before it).
pub async fn processed(ctl: &Controls, path: &str, seq: &str) -> usize {
    let v = ctl.get("/sandbox/requests?limit=1000").await;
    let list = v.get("requests").or(v.get("records")).and_then(Value::as_array).cloned().unwrap_or_default();
    list.iter().filter(|r| r["path"] == path && r["req_seq_id"] == seq).count()
}

/// The latest audit row of `seq` on `path`.
pub fn last_audit(desk: &Desk, path: &str, seq: &str) -> audit::AuditRow {
    let page = audit::search(
        desk.store(),
        &AuditFilter { req_seq_id: Some(seq.into()), endpoint: Some(path.into()), ..Default::default() },
    )
    .unwrap();
    page.rows.into_iter().next().unwrap_or_else(|| panic!("an audit row for {path} {seq}"))
}

/// Waits (polling) until the request delayed by the latency fault has either been processed or can no
/// longer be: the server answers it LATENCY_MS after it arrived, if it still runs.
pub async fn settle_latency(ctl: &Controls, path: &str, seq: &str) {
    let deadline = std::time::Instant::now() + Duration::from_millis(LATENCY_MS + 500);
    while std::time::Instant::now() < deadline {
        if processed(ctl, path, seq).await > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Reconciles; when a write was not found by its first query (which is never final on its own), waits
/// the grace and reconciles again, as the person (or the app's next start) would.
pub async fn reconcile_twice(desk: &Desk) -> desk::ReconcileReport {
    let first = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    if !first.entries.iter().any(|e| e.note.contains("not found by query yet")) {
        return first;
    }
    tokio::time::sleep(Duration::from_millis(GRACE_MS + 200)).await;
    let second = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    desk::ReconcileReport { checked: first.checked.max(second.checked), ..second }
}
