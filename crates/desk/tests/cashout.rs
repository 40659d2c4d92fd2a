//! Balance and withdrawal through desk against the real built-in sandbox (loopback HTTP, real keychain, real
//! SQLite file): local refusals before anything is sent, one withdrawal per req_seq_id however often it is
//! submitted, followed to its final state, and a withdrawal whose answer was lost settled by the reconciler.

mod common;

#[path = "common/money.rs"]
mod money;
#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::acquiring::TradeState;
use desk::journal::JournalState;
use desk::services::cashout::WithdrawForm;
use desk::{ErrorCode, SANDBOX_PROFILE};
use money::{merchant_with_alipay, paid};
use sandbox_controls::Controls;
use serde_json::json;

const ENCASH: &str = "/v2/trade/settlement/encashment";

#[tokio::test(flavor = "multi_thread")]
async fn balance_and_withdrawal_refused_locally_sent_once_and_followed_to_success() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let h = merchant_with_alipay(&desk, &p, &ctl).await;

    let b = desk.balance(&p, &h).await.unwrap();
    assert_eq!((b.available_fen, b.frozen_fen), (0, 0), "{b:?}");
    assert_eq!(b.accounts.len(), 1);
    assert_eq!(b.accounts[0].acct_type, "01");

    // Bad amounts are refused before anything is sent, naming `amount`.
    for amount in [0, -5, 10_000_000_000_000, 1] {
        let e =
            desk.withdraw(&p, WithdrawForm { huifu_id: h.clone(), amount, ..Default::default() }).await.unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("amount")), "{amount}: {e:?}");
    }
    let e = desk
        .withdraw(
            &p,
            WithdrawForm {
                huifu_id: h.clone(),
                amount: 100,
                into_acct_date_type: Some("X9".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("into_acct_date_type"));
    let e = desk
        .withdraw(&p, WithdrawForm { huifu_id: "66660001x".into(), amount: 100, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("huifu_id"));
    assert_eq!(ctl.requests_to(ENCASH).await, 0, "nothing reached the gateway");

    // 100.00 paid, 0.38 fee: 99.62 available.
    paid(&desk, &p, &ctl, &h, "100.00").await;
    let b = desk.balance(&p, &h).await.unwrap();
    assert_eq!(b.available_fen, 9_962, "{b:?}");
    let e =
        desk.withdraw(&p, WithdrawForm { huifu_id: h.clone(), amount: 9_963, ..Default::default() }).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("amount")), "more than available: {e:?}");
    assert!(e.message.contains("99.62"), "{}", e.message);

    // The req_seq_id is fixed when the form opens; submitting twice makes one withdrawal.
    let form = WithdrawForm {
        req_seq_id: Some(desk.new_req_seq_id()),
        huifu_id: h.clone(),
        amount: 5_000,
        remark: Some("周结".into()),
        ..Default::default()
    };
    let w = desk.withdraw(&p, form.clone()).await.unwrap();
    assert_eq!((w.state, w.amount_fen, w.raw_status.as_str()), (TradeState::Pending, 5_000, "P"), "{w:?}");
    assert!(w.hf_seq_id.is_some());
    assert_eq!(
        w.token_no,
        desk.merchant(SANDBOX_PROFILE, &h).unwrap().token_no.unwrap(),
        "the merchant's bound card by default"
    );
    let again = desk.withdraw(&p, form.clone()).await.unwrap();
    assert_eq!(again.hf_seq_id, w.hf_seq_id);
    assert_eq!(ctl.requests_to(ENCASH).await, 1, "sent once");
    assert_eq!(ctl.records("withdrawals").await.len(), 1);

    // Followed to its final state (the sandbox settles after its delay).
    ctl.advance(5).await;
    let done = desk.follow_withdrawal(&p, &w.req_seq_id, 20, std::time::Duration::from_millis(200)).await.unwrap();
    assert_eq!((done.state, done.raw_status.as_str(), done.fee_fen), (TradeState::Success, "S", Some(0)), "{done:?}");
    let b = desk.balance(&p, &h).await.unwrap();
    assert_eq!(b.available_fen, 4_962);
    let list = desk.list_withdrawals(SANDBOX_PROFILE, Some(&h), 10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, TradeState::Success);
    // A state learnt later by query never moves the final one back.
    let e = desk.withdraw(&p, WithdrawForm { amount: 6_000, ..form }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ReqSeqIdReused, "a changed form needs a new id: {e:?}");
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_withdrawal_whose_answer_was_lost_is_settled_by_query_not_sent_again() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let h = merchant_with_alipay(&desk, &p, &ctl).await;
    paid(&desk, &p, &ctl, &h, "20.00").await;

    ctl.fault("drop", ENCASH, json!({})).await;
    let form = WithdrawForm {
        req_seq_id: Some(desk.new_req_seq_id()),
        huifu_id: h.clone(),
        amount: 1_000,
        ..Default::default()
    };
    let seq = form.req_seq_id.clone().unwrap();
    let e = desk.withdraw(&p, form.clone()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert_eq!(desk.withdrawal(SANDBOX_PROFILE, &seq).unwrap().state, TradeState::Unknown);
    assert_eq!(desk::journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Unknown);

    let report = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    assert_eq!(report.settled, 1, "{report:?}");
    assert_eq!(desk::journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    let w = desk.withdrawal(SANDBOX_PROFILE, &seq).unwrap();
    assert!(matches!(w.state, TradeState::Pending | TradeState::Success), "{w:?}");
    assert!(w.hf_seq_id.is_some(), "the query found Huifu's number");

    // Submitting the same form again answers from the journal: still one withdrawal at the gateway.
    let again = desk.withdraw(&p, form).await.unwrap();
    assert_eq!(again.hf_seq_id, w.hf_seq_id);
    assert_eq!(ctl.requests_to(ENCASH).await, 1);
    ctl.advance(5).await;
    let done = desk.follow_withdrawal(&p, &seq, 20, std::time::Duration::from_millis(200)).await.unwrap();
    assert_eq!(done.state, TradeState::Success);
    desk.shutdown().await;
}
