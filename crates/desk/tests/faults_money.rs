//! Money writes under every fault the sandbox injects (the journey writes are in faults.rs): a refund and a
//! withdrawal each meet an answer later than the client timeout, an HTTP 5xx before processing, a
//! connection dropped after processing, and an answer whose signature does not verify. For each: no panic,
//! the error says the outcome is unknown (never success), the local refund / withdrawal row says `unknown`
//! (not success, not "never sent"), the journal holds it as unknown until [`desk::Desk::reconcile`]
//! settles it by query, the audit row says `unknown`, the local row follows what the query found, and a
//! retry with the same req_seq_id ends with exactly one refund / withdrawal at the sandbox, whose money
//! moves once.

mod common;

#[path = "common/faults.rs"]
mod faultkit;
#[path = "common/sandbox.rs"]
mod sandbox_controls;

use std::time::Duration;

use common::*;
use desk::acquiring::TradeState;
use desk::audit::Outcome;
use desk::journal::{self, JournalState};
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::services::cashout::WithdrawForm;
use desk::services::refund::{RefundForm, RefundState};
use desk::services::trade::{QrOrderForm, TradeRef};
use desk::{Desk, ErrorCode, Profile, SANDBOX_PROFILE};
use faultkit::{last_audit, processed, reconcile_twice, set_timeout, settle_latency, Fault};
use sandbox_controls::{indv_form, png, Controls};
use serde_json::json;

const REFUND: &str = "/v2/trade/payment/scanpay/refund";
const ENCASH: &str = "/v2/trade/settlement/encashment";

struct Env {
    _dir: tempfile::TempDir,
    desk: Desk,
    ctl: Controls,
    p: Profile,
    huifu_id: String,
    /// A paid QR order of 100.00 (fills the balance too).
    trade: TradeRef,
}

/// An individual merchant with Alipay open, onboarded with small pictures (fitting big ones is tested
/// elsewhere and costs seconds of CPU per test here).
async fn merchant(desk: &Desk, p: &Profile, ctl: &Controls) -> String {
    let pics = tempfile::tempdir().unwrap();
    let form = indv_form(pics.path());
    png(&pics.path().join("id_front.png"), 200, 120, false);
    let h = desk.onboard_individual(p, form, &|_| {}).await.unwrap().huifu_id;
    let ali = vec![PayConfForm { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }];
    desk.open_business(
        p,
        BusiOpenForm { huifu_id: h.clone(), ali, online_busi_type: Some("H7999AL".into()), ..Default::default() },
    )
    .await
    .unwrap();
    ctl.advance(10).await;
    h
}

/// A desk on a fresh home with the sandbox running, a merchant with Alipay open, and one paid order.
async fn env() -> Env {
    let (dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let h = merchant(&desk, &p, &ctl).await;
    let o = desk
        .create_qr_order(&p, QrOrderForm { huifu_id: h.clone(), amount_fen: Some(10_000), ..Default::default() })
        .await
        .unwrap();
    let r = ctl.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), json!({})).await;
    assert!(r.status().is_success(), "paid: {}", r.status());
    let trade = TradeRef { huifu_id: h.clone(), req_seq_id: Some(o.trade.req_seq_id.clone()), ..Default::default() };
    Env { _dir: dir, desk, ctl, p, huifu_id: h, trade }
}

/// What every faulted write must show right after the call: the error, the journal and the audit row.
fn check_reported_unknown(e: &Env, fault: Fault, path: &str, seq: &str, err: &desk::Error) {
    let (code, state, outcome) = fault.reported();
    assert_eq!(err.code, code, "{fault:?} {path}: {err:?}");
    if fault == Fault::Storage {
        assert!(err.message.contains("sent, outcome unknown"), "{path}: {err:?}");
    }
    let entry = journal::get(e.desk.store(), SANDBOX_PROFILE, seq).unwrap().expect("journalled before sending");
    assert_eq!(entry.state, state, "{fault:?} {path}");
    let row = last_audit(&e.desk, path, seq);
    assert_eq!(row.outcome, outcome, "{fault:?} {path}: the audit row must not claim {:?}", row.outcome);
    if outcome == Outcome::Unknown {
        assert!(
            row.error.as_deref().is_some_and(|m| !m.is_empty()),
            "{fault:?} {path}: the audit row says what went wrong"
        );
    }
    assert!(row.response.is_none(), "{fault:?} {path}: no unverified answer is kept as the response");
}

/// How often the sandbox processed `seq` on `path`, once a delayed request had its chance; checked
/// against what the fault implies, and never more than once.
async fn sent_once_at_most(e: &Env, fault: Fault, path: &str, seq: &str) -> usize {
    if fault == Fault::Latency {
        settle_latency(&e.ctl, path, seq).await;
    }
    let sent = processed(&e.ctl, path, seq).await;
    if let Some(p) = fault.processed() {
        assert_eq!(sent, usize::from(p), "{fault:?} {path}: processed by the sandbox");
    }
    assert!(sent <= 1, "{fault:?} {path}: processed {sent} times");
    sent
}

/// Records of `kind` at the sandbox with `seq`.
async fn sandbox_records(ctl: &Controls, kind: &str, seq: &str) -> usize {
    ctl.records(kind).await.iter().filter(|r| r["req_seq_id"] == seq).count()
}

/// Reconciles and checks the journal entry of `seq` against what the sandbox processed.
async fn reconciled(e: &Env, fault: Fault, path: &str, seq: &str, sent: usize) {
    let r = reconcile_twice(&e.desk).await;
    // (After a storage fault the refund check above already settled it by query.)
    assert!(r.checked >= 1 || fault == Fault::Storage, "{fault:?} {path}: {r:?}");
    let after = journal::get(e.desk.store(), SANDBOX_PROFILE, seq).unwrap().unwrap().state;
    let want = if sent == 1 { JournalState::Settled } else { JournalState::Failed };
    assert_eq!(after, want, "{fault:?} {path}: settled means the query found it, failed that it found nothing");
}

/// A refund of 1.00 under `fault`, then retried with the same id: one refund, refunded once.
async fn refund_under(e: &Env, fault: Fault) {
    let d = e.desk.prepare_refund(&e.p, e.trade.clone()).await.unwrap();
    let before = d.refundable.refunded_fen;
    let seq = d.req_seq_id.clone();
    let form = RefundForm {
        req_seq_id: Some(seq.clone()),
        trade: e.trade.clone(),
        amount_fen: 100,
        reason: "fault test".into(),
        ..Default::default()
    };
    fault.arm(&e.desk, &e.ctl, REFUND).await;
    if fault == Fault::Latency {
        set_timeout(&e.desk, Some(faultkit::TIMEOUT_MS));
    }
    let result = e.desk.submit_refund(&e.p, form.clone()).await;
    fault.disarm(&e.desk);
    set_timeout(&e.desk, None);
    let err = result.expect_err("a faulted refund is not reported as done");
    check_reported_unknown(e, fault, REFUND, &seq, &err);
    let row = e.desk.refund(&e.p, &seq).unwrap().expect("the refund row is kept");
    assert_eq!(row.state, RefundState::Unknown, "{fault:?}: {row:?}");
    if fault == Fault::Storage {
        // Huifu accepted it and the desk could not record that: the amount stays reserved, so a new refund
        // (a new id) of money that is no longer there is refused before anything is sent.
        let paid = e.desk.refundable(&e.p, e.trade.clone()).await.unwrap();
        let over = RefundForm {
            req_seq_id: Some(e.desk.new_req_seq_id()),
            amount_fen: paid.paid_fen - before - 100 + 1,
            ..form.clone()
        };
        let refused = e.desk.submit_refund(&e.p, over).await.unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("amount"), "{refused:?}");
    }
    let sent = sent_once_at_most(e, fault, REFUND, &seq).await;
    assert_eq!(sandbox_records(&e.ctl, "refunds", &seq).await, sent, "{fault:?}: refunds at the sandbox");

    reconciled(e, fault, REFUND, &seq, sent).await;
    // The local row follows what the query found (pending or done; or only prepared: it never arrived).
    let row = e.desk.refund(&e.p, &seq).unwrap().unwrap();
    if sent == 1 {
        assert!(matches!(row.state, RefundState::Pending | RefundState::Success), "{fault:?}: reconciled row {row:?}");
    } else {
        assert_eq!(row.state, RefundState::Prepared, "{fault:?}: reconciled row {row:?}");
    }
    // What arrived stays reserved (or refunded): no second refund can take it; what never arrived is free.
    let left = e.desk.refundable(&e.p, e.trade.clone()).await.unwrap();
    assert_eq!(left.refunded_fen - before + left.pending_fen, 100 * sent as i64, "{fault:?}: {left:?}");

    let again = e
        .desk
        .submit_refund(&e.p, form)
        .await
        .unwrap_or_else(|err| panic!("{fault:?}: the retry after reconcile: {err:?}"));
    assert!(matches!(again.state, RefundState::Pending | RefundState::Success), "{fault:?}: {again:?}");
    assert_eq!(processed(&e.ctl, REFUND, &seq).await, 1, "{fault:?}: exactly one processed refund in all");
    assert_eq!(sandbox_records(&e.ctl, "refunds", &seq).await, 1, "{fault:?}: one refund at the sandbox");
    assert_eq!(journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    e.ctl.advance(3).await;
    let done = e.desk.follow_refund(&e.p, &seq, 40, 100, &|_| {}).await.unwrap();
    assert_eq!(done.state, RefundState::Success, "{fault:?}: {done:?}");
    let left = e.desk.refundable(&e.p, e.trade.clone()).await.unwrap();
    assert_eq!((left.refunded_fen - before, left.pending_fen), (100, 0), "{fault:?}: refunded once: {left:?}");
}

/// A withdrawal of 1.00 under `fault`, then retried with the same id: one withdrawal, the balance down once.
async fn withdrawal_under(e: &Env, fault: Fault) {
    let available = e.desk.balance(&e.p, &e.huifu_id).await.unwrap().available_fen;
    let seq = e.desk.new_req_seq_id();
    let form =
        WithdrawForm { req_seq_id: Some(seq.clone()), huifu_id: e.huifu_id.clone(), amount: 100, ..Default::default() };
    fault.arm(&e.desk, &e.ctl, ENCASH).await;
    if fault == Fault::Latency {
        set_timeout(&e.desk, Some(faultkit::TIMEOUT_MS));
    }
    let result = e.desk.withdraw(&e.p, form.clone()).await;
    fault.disarm(&e.desk);
    set_timeout(&e.desk, None);
    let err = result.expect_err("a faulted withdrawal is not reported as done");
    check_reported_unknown(e, fault, ENCASH, &seq, &err);
    let row = e
        .desk
        .withdrawal(SANDBOX_PROFILE, &seq)
        .unwrap_or_else(|err| panic!("{fault:?}: the withdrawal is listed: {err:?}"));
    assert_eq!(row.state, TradeState::Unknown, "{fault:?}: {row:?}");
    let sent = sent_once_at_most(e, fault, ENCASH, &seq).await;
    assert_eq!(sandbox_records(&e.ctl, "withdrawals", &seq).await, sent, "{fault:?}: withdrawals at the sandbox");

    reconciled(e, fault, ENCASH, &seq, sent).await;
    let row = e.desk.withdrawal(SANDBOX_PROFILE, &seq).unwrap();
    if sent == 1 {
        assert!(matches!(row.state, TradeState::Pending | TradeState::Success), "{fault:?}: reconciled row {row:?}");
        assert!(row.hf_seq_id.is_some(), "{fault:?}: the query found Huifu's number");
    } else {
        assert_eq!(row.state, TradeState::Failed, "{fault:?}: not found by query: {row:?}");
    }

    let again =
        e.desk.withdraw(&e.p, form).await.unwrap_or_else(|err| panic!("{fault:?}: the retry after reconcile: {err:?}"));
    assert!(
        matches!(again.state, TradeState::Pending | TradeState::Success),
        "{fault:?}: the retry's answer {again:?}"
    );
    assert_eq!(processed(&e.ctl, ENCASH, &seq).await, 1, "{fault:?}: exactly one processed withdrawal in all");
    assert_eq!(sandbox_records(&e.ctl, "withdrawals", &seq).await, 1, "{fault:?}: one withdrawal at the sandbox");
    assert_eq!(journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    e.ctl.advance(5).await;
    let done = e.desk.follow_withdrawal(&e.p, &seq, 40, Duration::from_millis(100)).await.unwrap();
    assert_eq!(done.state, TradeState::Success, "{fault:?}: {done:?}");
    let now = e.desk.balance(&e.p, &e.huifu_id).await.unwrap().available_fen;
    assert_eq!(available - now, 100 + done.fee_fen.unwrap_or(0), "{fault:?}: the balance moved once");
}

async fn money_writes_under(fault: Fault) {
    let e = env().await;
    refund_under(&e, fault).await;
    withdrawal_under(&e, fault).await;
    assert!(e.desk.reconcile(None).await.is_ok());
    assert!(journal::open_entries(e.desk.store(), None).unwrap().is_empty(), "{fault:?}: nothing left open");
    e.desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_and_withdrawal_answered_later_than_the_timeout() {
    money_writes_under(Fault::Latency).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_and_withdrawal_meeting_a_gateway_5xx() {
    money_writes_under(Fault::Http5xx).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_and_withdrawal_whose_connection_drops_after_processing() {
    money_writes_under(Fault::Drop).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_and_withdrawal_whose_answer_cannot_be_recorded() {
    money_writes_under(Fault::Storage).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refund_and_withdrawal_whose_answer_signature_fails() {
    money_writes_under(Fault::BadSign).await;
}

/// The real thing behind the storage fault: another process holds the database's write lock from the
/// moment the refund is on the wire until well after its answer arrived, so the transaction recording the
/// outcome waits out its busy timeout and fails ("database is locked"). The desk says "sent, outcome
/// unknown", the refund stays reserved, and the next reconcile — in the same process, which takes back its
/// own claim the failed release left behind — settles it by query: one refund at the sandbox.
#[tokio::test(flavor = "multi_thread")]
async fn a_refund_whose_outcome_meets_a_locked_database() {
    let e = env().await;
    let d = e.desk.prepare_refund(&e.p, e.trade.clone()).await.unwrap();
    let seq = d.req_seq_id.clone();
    let form = RefundForm {
        req_seq_id: Some(seq.clone()),
        trade: e.trade.clone(),
        amount_fen: 100,
        reason: "locked".into(),
        ..Default::default()
    };
    e.ctl.fault("latency", REFUND, serde_json::json!({"latency_ms": 1500})).await;
    let (desk, p) = (e.desk.clone(), e.p.clone());
    let task = tokio::spawn(async move { desk.submit_refund(&p, form).await });

    let db = rusqlite::Connection::open(e.desk.store().path()).unwrap();
    db.busy_timeout(Duration::from_secs(10)).unwrap();
    let state = |db: &rusqlite::Connection| -> Option<String> {
        db.query_row("SELECT state FROM journal WHERE req_seq_id = ?1", [&seq], |r| r.get(0)).ok()
    };
    let started = std::time::Instant::now();
    while state(&db).as_deref() != Some("sent") {
        assert!(started.elapsed() < Duration::from_secs(20), "the refund reaches the wire");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    db.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = task.await.unwrap().expect_err("an outcome that could not be recorded is not reported as done");
    db.execute_batch("ROLLBACK").unwrap();

    assert_eq!(err.code, ErrorCode::OutcomeUnknown, "{err:?}");
    assert!(err.message.contains("sent, outcome unknown") && err.message.contains("locked"), "{err:?}");
    assert_eq!(state(&db).as_deref(), Some("sent"), "the entry stays open as sent");
    assert_eq!(
        e.desk.refund(&e.p, &seq).unwrap().unwrap().state,
        RefundState::Unknown,
        "reserved, not failed, not prepared"
    );
    assert_eq!(sandbox_records(&e.ctl, "refunds", &seq).await, 1, "the sandbox took it");

    let r = e.desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    assert_eq!((r.settled, r.busy), (1, 0), "{r:?}");
    assert_eq!(journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    assert!(matches!(e.desk.refund(&e.p, &seq).unwrap().unwrap().state, RefundState::Pending | RefundState::Success));
    assert_eq!(processed(&e.ctl, REFUND, &seq).await, 1, "sent once");
    e.desk.shutdown().await;
}
