//! Every journey write under every fault the sandbox injects: an answer later than the client timeout, an
//! HTTP 5xx before processing, a connection dropped after processing, an answer whose signature does not
//! verify, and a storage failure recording the answer that did arrive. For each: no panic, the error says the outcome is unknown (never success), the journal holds the
//! write as unknown until [`desk::Desk::reconcile`] settles it, the audit row says `unknown`, and a retry
//! with the same req_seq_id never makes the sandbox process the write a second time.
//!
//! idempotency.rs covers double submits, restarts and `drop` on each write's query; this file covers the
//! other fault kinds and the audit rows, and notifications that arrive twice or out of order.

mod common;

#[path = "common/faults.rs"]
mod faultkit;
#[path = "common/sandbox.rs"]
mod sandbox_controls;

use std::time::Duration;

use common::*;
use desk::audit::Outcome;
use desk::journal::{self, JournalState};
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::services::onboarding::IndvOnboardingForm;
use desk::services::realname::{RealnameChannel, RealnameForm};
use desk::services::split::SplitForm;
use desk::services::terminal::TerminalForm;
use desk::services::wxconfig::WxConfigForm;
use desk::{Desk, ErrorCode, Profile, SANDBOX_PROFILE};
use faultkit::{last_audit, processed, reconcile_twice, set_timeout, settle_latency, Fault};
use sandbox_controls::{indv_form, png, Controls};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Write {
    Onboarding,
    BusiOpen,
    Realname,
    WxConfig,
    Split,
    Terminal,
}

impl Write {
    fn path(self) -> &'static str {
        match self {
            Write::Onboarding => "/v2/merchant/basicdata/indv",
            Write::BusiOpen => "/v2/merchant/busi/open",
            Write::Realname => "/v2/merchant/busi/realname",
            Write::WxConfig => "/v2/merchant/busi/config",
            Write::Split => "/v2/merchant/split/config",
            Write::Terminal => "/v2/terminaldevice/deviceInfo/add",
        }
    }
}

struct Env {
    _dir: tempfile::TempDir,
    pics: tempfile::TempDir,
    desk: Desk,
    ctl: Controls,
    p: Profile,
    huifu_id: String,
}

/// An individual's form with small pictures (the fitting of big ones is tested elsewhere).
fn small_indv_form(dir: &std::path::Path, seq: Option<String>) -> IndvOnboardingForm {
    let mut f = indv_form(dir);
    png(&dir.join("id_front.png"), 200, 120, false);
    f.req_seq_id = seq;
    f
}

/// A desk on a fresh home with the sandbox running and one approved merchant.
async fn env() -> Env {
    let (dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_individual(&p, small_indv_form(pics.path(), None), &|_| {}).await.unwrap();
    Env { _dir: dir, pics, desk, ctl: Controls::new(&base), p, huifu_id: on.huifu_id }
}

/// Sends one write of `kind` with `seq`; Ok when desk reports it done.
async fn attempt(e: &Env, kind: Write, seq: &str) -> Result<(), desk::Error> {
    let h = e.huifu_id.clone();
    let seq = Some(seq.to_string());
    match kind {
        Write::Onboarding => {
            e.desk.onboard_individual(&e.p, small_indv_form(e.pics.path(), seq), &|_| {}).await.map(drop)
        }
        Write::BusiOpen => {
            let f = BusiOpenForm {
                req_seq_id: seq,
                huifu_id: h,
                wx: vec![PayConfForm {
                    pay_scene: "1".into(),
                    fee_rate: "0.38".into(),
                    mcc: Some("758".into()),
                    ..Default::default()
                }],
                online_busi_type: Some("H7999AL".into()),
                ..Default::default()
            };
            e.desk.open_business(&e.p, f).await.map(drop)
        }
        Write::Realname => {
            let f = RealnameForm {
                req_seq_id: seq,
                huifu_id: h,
                channel: RealnameChannel::Wechat,
                name: "张三".into(),
                mobile: "13812345678".into(),
                id_card_number: "11010519491231002X".into(),
                contact_type: None,
                certificate_type: None,
            };
            e.desk.submit_realname(&e.p, f).await.map(drop)
        }
        Write::WxConfig => {
            let f = WxConfigForm {
                req_seq_id: seq,
                huifu_id: h,
                fee_type: "01".into(),
                wx_applet_app_id: Some("wxabcdef0123456789".into()),
                ..Default::default()
            };
            e.desk.set_wx_config(&e.p, f).await.map(drop)
        }
        Write::Split => {
            let f = SplitForm {
                req_seq_id: seq,
                huifu_id: h,
                rule_origin: "01".into(),
                div_flag: "Y".into(),
                apply_ratio: "15.00".into(),
                start_type: "0".into(),
                ..Default::default()
            };
            e.desk.configure_split(&e.p, f).await.map(drop)
        }
        Write::Terminal => {
            let sn = format!("SN-{}", &seq.as_deref().unwrap()[seq.as_deref().unwrap().len() - 8..]);
            let f = TerminalForm {
                req_seq_id: seq,
                huifu_id: h,
                sn: Some(sn.clone()),
                tusn: Some(format!("T{sn}")),
                dev_model_code: Some("A920".into()),
                ..Default::default()
            };
            e.desk.add_terminal(&e.p, f).await.map(drop)
        }
    }
}

/// One write under one fault: the whole contract. Returns its req_seq_id.
async fn check(e: &Env, fault: Fault, kind: Write) -> String {
    let path = kind.path();
    fault.arm(&e.desk, &e.ctl, path).await;
    let seq = e.desk.new_req_seq_id();

    if fault == Fault::Latency {
        set_timeout(&e.desk, Some(faultkit::TIMEOUT_MS));
    }
    let result = attempt(e, kind, &seq).await;
    fault.disarm(&e.desk);
    set_timeout(&e.desk, None);
    let err = result.expect_err("a faulted write is not reported as done");
    let (code, state, outcome) = fault.reported();
    assert_eq!(err.code, code, "{fault:?} {kind:?}: {err:?}");
    if fault == Fault::Storage {
        assert!(err.message.contains("sent, outcome unknown"), "{kind:?}: {err:?}");
    }
    let entry = journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().expect("journalled before sending");
    assert_eq!(entry.state, state, "{fault:?} {kind:?}");
    let row = last_audit(&e.desk, path, &seq);
    assert_eq!(row.outcome, outcome, "{fault:?} {kind:?}: the audit row must not claim {:?}", row.outcome);
    if outcome == Outcome::Unknown {
        assert!(
            row.error.as_deref().is_some_and(|m| !m.is_empty()),
            "{fault:?} {kind:?}: the audit row says what went wrong"
        );
    }
    assert!(row.response.is_none(), "{fault:?} {kind:?}: no unverified answer is kept as the response");

    if fault == Fault::Latency {
        settle_latency(&e.ctl, path, &seq).await;
    }
    let sent = processed(&e.ctl, path, &seq).await;
    if let Some(p) = fault.processed() {
        assert_eq!(sent, usize::from(p), "{fault:?} {kind:?}: processed by the sandbox");
    }
    assert!(sent <= 1, "{fault:?} {kind:?}: processed {sent} times");

    // Reconcile settles what its query can prove; then a retry of the same write returns the settled
    // answer (or, when the query proved it never arrived, sends it once).
    if kind == Write::BusiOpen {
        // Its query proves a business open only once the audit is through (idempotency.rs tests the wait).
        e.ctl.advance(10).await;
    }
    let r = reconcile_twice(&e.desk).await;
    assert!(r.checked >= 1, "{fault:?} {kind:?}: {r:?}");
    let after = journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state;
    let retry = attempt(e, kind, &seq).await;
    let total = processed(&e.ctl, path, &seq).await;
    // No query finds an onboarding by req_seq_id, and the merchant detail shows a business open only once
    // it exists: those stay unknown for a person to check, and are never sent again.
    let provable = kind != Write::Onboarding && !(kind == Write::BusiOpen && sent == 0);
    if !provable {
        assert_eq!(after, JournalState::Unknown, "{fault:?} {kind:?}: cannot be proven either way");
        assert_eq!(
            retry.unwrap_err().code,
            ErrorCode::OutcomeUnknown,
            "{fault:?} {kind:?}: the retry refuses to resend"
        );
        assert_eq!(total, sent, "{fault:?} {kind:?}: not sent again");
    } else {
        match after {
            JournalState::Settled => assert_eq!(sent, 1, "{fault:?} {kind:?}: settled means the query found it"),
            JournalState::Failed => assert_eq!(sent, 0, "{fault:?} {kind:?}: failed means the query found nothing"),
            other => panic!("{fault:?} {kind:?}: reconcile left {other:?}"),
        }
        retry.unwrap_or_else(|err| panic!("{fault:?} {kind:?}: the retry after reconcile: {err:?}"));
        assert_eq!(total, 1, "{fault:?} {kind:?}: exactly one processed write in all");
        assert_eq!(journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    }
    seq
}

/// Runs `fault` over every write kind, in the order the journey needs (business open approved first).
async fn every_write_under(fault: Fault) {
    let e = env().await;
    let seq = check(&e, fault, Write::BusiOpen).await;
    if journal::get(e.desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state != JournalState::Settled {
        // The faulted open never arrived and stays unknown; the person opens the business anew.
        attempt(&e, Write::BusiOpen, &e.desk.new_req_seq_id()).await.unwrap();
    }
    // The business open finishes its audit on the sandbox clock.
    e.ctl.advance(10).await;
    e.desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    for kind in [Write::Realname, Write::WxConfig, Write::Split, Write::Terminal, Write::Onboarding] {
        check(&e, fault, kind).await;
    }
    assert!(e.desk.reconcile(None).await.is_ok());
    e.desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_later_than_the_timeout() {
    every_write_under(Fault::Latency).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_5xx_before_processing() {
    every_write_under(Fault::Http5xx).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_dropped_after_processing() {
    every_write_under(Fault::Drop).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_whose_signature_fails() {
    every_write_under(Fault::BadSign).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_storage_failure_after_the_answer() {
    every_write_under(Fault::Storage).await;
}

/// The sandbox's notifications from `acquirer` about any of `about`, oldest first, once `want` of them
/// exist (polling: payments and refunds notify on the sandbox's own schedule).
async fn notifications(ctl: &Controls, acquirer: &str, about: &[&str], want: usize) -> Vec<String> {
    let mut bodies = Vec::new();
    for _ in 0..100 {
        let v = ctl.get("/sandbox/notifications").await;
        bodies = v["notifications"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["acquirer"] == acquirer && about.iter().any(|a| n["about"] == *a))
            .filter_map(|n| n["body"].as_str().map(str::to_string))
            .collect();
        if bodies.len() >= want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(bodies.len() >= want, "{acquirer}: {} of {want} notifications about {about:?}", bodies.len());
    bodies
}

/// A notification that arrives twice, or after a later one, changes nothing: each verifies to the same
/// view every time, nothing is sent, nothing is journalled, and the trade's state stays what the query says.
#[tokio::test(flavor = "multi_thread")]
async fn notifications_twice_and_out_of_order_change_nothing() {
    use desk::acquiring::{CreateOrderInput, RefundInput, TradeState, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};

    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let order = |no: String| CreateOrderInput {
        order_no: no,
        product: "DYNAMIC_ALL".into(),
        amount_fen: 100,
        goods: "沙箱商品".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    };

    // 慧收钱: a payment, then a refund; their notifications are fed back refund first, each twice.
    let hsq = desk.profile(SANDBOX_HSQ_PROFILE).unwrap();
    let o = desk.acquiring_create_order(&hsq, order(desk.new_req_seq_id())).await.unwrap();
    desk.acquiring_sandbox_pay(&hsq, &o.order_no, false).await.unwrap();
    let refund = RefundInput {
        refund_no: desk.new_req_seq_id(),
        order_no: o.order_no.clone(),
        amount_fen: 40,
        order_amount_fen: 100,
        reason: None,
        notify_url: None,
        merchant: None,
        allow_repeat: false,
    };
    desk.acquiring_refund(&hsq, refund.clone()).await.unwrap();
    let bodies = notifications(&ctl, "huishouqian", &[&o.order_no, &refund.refund_no], 2).await;

    // The MD5 gateway: one payment notification.
    let mpg = desk.profile(SANDBOX_MPG_PROFILE).unwrap();
    let mut mo = order(desk.new_req_seq_id());
    mo.product = "WxSao".into();
    let m = desk.acquiring_create_order(&mpg, mo).await.unwrap();
    desk.acquiring_sandbox_pay(&mpg, &m.order_no, false).await.unwrap();
    let mbodies = notifications(&ctl, "mpgateway", &[&m.order_no], 1).await;

    let journal_before = journal::open_entries(desk.store(), None).unwrap().len();
    let requests_before = ctl.get("/sandbox/requests?limit=1000").await["requests"].as_array().map_or(0, Vec::len);
    for (profile, bodies) in [(&hsq, &bodies), (&mpg, &mbodies)] {
        let first: Vec<_> =
            bodies.iter().map(|b| desk.acquiring_verify_notification(profile, b.as_bytes()).unwrap()).collect();
        for (b, view) in bodies.iter().zip(&first).rev().chain(bodies.iter().zip(&first)) {
            assert_eq!(
                &desk.acquiring_verify_notification(profile, b.as_bytes()).unwrap(),
                view,
                "the same notification verifies the same"
            );
        }
        assert!(first.iter().all(|v| v.state != TradeState::Unknown && !v.ack.is_empty()), "{first:?}");
    }
    let kinds: Vec<_> =
        bodies.iter().map(|b| desk.acquiring_verify_notification(&hsq, b.as_bytes()).unwrap().kind).collect();
    assert!(kinds.contains(&"payment".to_string()) && kinds.contains(&"refund".to_string()), "{kinds:?}");
    assert_eq!(journal::open_entries(desk.store(), None).unwrap().len(), journal_before, "nothing journalled");
    let requests_after = ctl.get("/sandbox/requests?limit=1000").await["requests"].as_array().map_or(0, Vec::len);
    assert_eq!(requests_after, requests_before, "verifying notifications sends nothing");
    assert_eq!(
        desk.acquiring_query(&hsq, &o.order_no, None).await.unwrap().state,
        TradeState::Success,
        "the order stays paid"
    );
    desk.shutdown().await;
}
