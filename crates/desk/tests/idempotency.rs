//! A write is never made twice: a double submit, a retry after an injected timeout or dropped connection,
//! and a restart after a "crash" all end with exactly one effect in the real sandbox, settled by query.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::journal::{self, JournalState};
use desk::services::terminal::TerminalForm;
use desk::{ErrorCode, SANDBOX_PROFILE};
use sandbox_controls::{indv_form, Controls};

const ADD: &str = "/v2/terminaldevice/deviceInfo/add";

async fn merchant(desk: &desk::Desk) -> (Controls, String) {
    let base = desk.ensure_sandbox_running().await.unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_individual(&p, indv_form(pics.path()), &|_| {}).await.unwrap();
    (Controls::new(&base), on.huifu_id)
}

fn form(h: &str, sn: &str, seq: &str) -> TerminalForm {
    TerminalForm {
        req_seq_id: Some(seq.into()),
        huifu_id: h.into(),
        sn: Some(sn.into()),
        tusn: Some(format!("T{sn}")),
        dev_model_code: Some("A920".into()),
        ..Default::default()
    }
}

async fn terminals_of(ctl: &Controls, h: &str, sn: &str) -> usize {
    ctl.records("terminals").await.iter().filter(|t| t["huifu_id"] == h && t["sn"] == sn).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_double_submit_makes_one_terminal() {
    let (_dir, desk) = temp_desk();
    let (ctl, h) = merchant(&desk).await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let seq = desk.new_req_seq_id();
    let first = desk.add_terminal(&p, form(&h, "SN-D-1", &seq)).await.unwrap();
    let second = desk.add_terminal(&p, form(&h, "SN-D-1", &seq)).await.unwrap();
    assert_eq!(first[0].device_id, second[0].device_id, "the second submit returns the first answer");
    assert_eq!(terminals_of(&ctl, &h, "SN-D-1").await, 1);
    assert_eq!(ctl.requests_to(ADD).await, 1, "the second submit was not sent");

    // Two clicks at the same moment: one is sent, the other waits its turn or is told it is in flight.
    let seq2 = desk.new_req_seq_id();
    let (a, b) = tokio::join!(
        desk.add_terminal(&p, form(&h, "SN-D-2", &seq2)),
        desk.add_terminal(&p, form(&h, "SN-D-2", &seq2))
    );
    let oks = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert!(oks >= 1, "{a:?} {b:?}");
    for r in [&a, &b] {
        if let Err(e) = r {
            assert_eq!(e.code, ErrorCode::InFlight, "{e:?}");
        }
    }
    assert_eq!(terminals_of(&ctl, &h, "SN-D-2").await, 1);

    // The same id with a different request is refused before anything is sent.
    let e = desk.add_terminal(&p, form(&h, "SN-OTHER", &seq)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::ReqSeqIdReused);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_a_lost_answer_is_settled_by_query_not_resent() {
    let (_dir, desk) = temp_desk();
    let (ctl, h) = merchant(&desk).await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let before = ctl.requests_to(ADD).await;
    // The sandbox processes the request, then drops the connection: the answer is lost.
    ctl.fault("drop", ADD, serde_json::json!({})).await;
    let seq = desk.new_req_seq_id();
    let e = desk.add_terminal(&p, form(&h, "SN-T-1", &seq)).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert_eq!(journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Unknown);
    assert_eq!(terminals_of(&ctl, &h, "SN-T-1").await, 1, "the sandbox did report the terminal");

    // The retry reuses the req_seq_id; desk asks the terminal query and does not send again.
    let t = desk.add_terminal(&p, form(&h, "SN-T-1", &seq)).await.unwrap();
    assert_eq!(t.len(), 1);
    assert!(!t[0].device_id.is_empty());
    assert_eq!(terminals_of(&ctl, &h, "SN-T-1").await, 1, "exactly one effect");
    assert_eq!(ctl.requests_to(ADD).await, before + 1, "one send in all");
    assert_eq!(journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);

    // A gateway error before processing: the query finds nothing. One "not found" is never final (the
    // request may still be on its way); a second query at least the grace later agrees, and only then does
    // the same request go again, once.
    let grace = std::collections::BTreeMap::from([("absent_grace_ms".to_string(), "500".to_string())]);
    desk.update_profile(SANDBOX_PROFILE, desk::ProfileChanges { extra: Some(grace), ..Default::default() }).unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    ctl.fault("http5xx", ADD, serde_json::json!({"status": 502})).await;
    let seq = desk.new_req_seq_id();
    assert_eq!(desk.add_terminal(&p, form(&h, "SN-T-2", &seq)).await.unwrap_err().code, ErrorCode::OutcomeUnknown);
    assert_eq!(terminals_of(&ctl, &h, "SN-T-2").await, 0);
    let first = desk.add_terminal(&p, form(&h, "SN-T-2", &seq)).await.unwrap_err();
    assert_eq!(first.code, ErrorCode::OutcomeUnknown, "one query that finds nothing decides nothing: {first:?}");
    assert!(first.message.contains("not found by query yet"), "{first:?}");
    assert_eq!(journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Unknown);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    desk.add_terminal(&p, form(&h, "SN-T-2", &seq)).await.unwrap();
    assert_eq!(terminals_of(&ctl, &h, "SN-T-2").await, 1);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_settles_an_unanswered_write_by_query() {
    let dir = tempfile::tempdir().unwrap();
    let desk = desk::Desk::open(dir.path()).await.unwrap();
    let (ctl, h) = merchant(&desk).await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    ctl.fault("drop", ADD, serde_json::json!({})).await;
    let seq = desk.new_req_seq_id();
    assert!(desk.add_terminal(&p, form(&h, "SN-R-1", &seq)).await.is_err());
    let sends = ctl.requests_to(ADD).await;
    // The process "dies" with the write open; a new one starts on the same home.
    desk.shutdown().await;
    drop(desk);
    let desk = desk::Desk::open(dir.path()).await.unwrap();
    let report = desk.startup_report().unwrap();
    assert_eq!((report.checked, report.settled), (1, 1), "{report:?}");
    assert_eq!(journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    let ctl = Controls::new(&desk.profile(SANDBOX_PROFILE).unwrap().base_url);
    assert_eq!(terminals_of(&ctl, &h, "SN-R-1").await, 1);
    assert_eq!(ctl.requests_to(ADD).await, sends, "settled by query, not by a second send");
    desk.shutdown().await;
}

/// Every journey write whose answer is lost is settled by its own query (business open once its audit
/// is through), and retrying it returns the found answer without a second send.
#[tokio::test(flavor = "multi_thread")]
async fn every_journey_write_is_settled_by_its_query() {
    use desk::services::busi::{BusiOpenForm, PayConfForm};
    use desk::services::realname::{RealnameChannel, RealnameForm};
    use desk::services::split::SplitForm;
    use desk::services::wxconfig::WxConfigForm;

    let (_dir, desk) = temp_desk();
    let (ctl, h) = merchant(&desk).await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let settled = |seq: &str| journal::get(desk.store(), SANDBOX_PROFILE, seq).unwrap().unwrap().state;

    // Business open: unknown while in audit, settled once the registrations show.
    ctl.fault("drop", "/v2/merchant/busi/open", serde_json::json!({})).await;
    let busi_seq = desk.new_req_seq_id();
    let busi = BusiOpenForm {
        req_seq_id: Some(busi_seq.clone()),
        huifu_id: h.clone(),
        wx: vec![PayConfForm {
            pay_scene: "1".into(),
            fee_rate: "0.38".into(),
            mcc: Some("758".into()),
            ..Default::default()
        }],
        online_busi_type: Some("H7999AL".into()),
        ..Default::default()
    };
    assert_eq!(desk.open_business(&p, busi.clone()).await.unwrap_err().code, ErrorCode::OutcomeUnknown);
    let r = desk.reconcile(None).await.unwrap();
    assert_eq!((r.checked, r.still_open), (1, 1), "not provable while in audit: {r:?}");
    ctl.advance(10).await;
    let r = desk.reconcile(None).await.unwrap();
    assert_eq!(r.settled, 1, "{r:?}");
    assert_eq!(settled(&busi_seq), JournalState::Settled);
    let sends = ctl.requests_to("/v2/merchant/busi/open").await;
    desk.open_business(&p, busi).await.unwrap();
    assert_eq!(ctl.requests_to("/v2/merchant/busi/open").await, sends, "the retry returns the settled answer");

    // Realname, WeChat config and split: each dropped once, each found by its query at reconcile.
    ctl.fault("drop", "/v2/merchant/busi/realname", serde_json::json!({})).await;
    let rn_seq = desk.new_req_seq_id();
    let rn = RealnameForm {
        req_seq_id: Some(rn_seq.clone()),
        huifu_id: h.clone(),
        channel: RealnameChannel::Wechat,
        name: "张三".into(),
        mobile: "13812345678".into(),
        id_card_number: "11010519491231002X".into(),
        contact_type: None,
        certificate_type: None,
    };
    assert!(desk.submit_realname(&p, rn).await.is_err());

    ctl.fault("drop", "/v2/merchant/busi/config", serde_json::json!({})).await;
    let wx_seq = desk.new_req_seq_id();
    let wx = WxConfigForm {
        req_seq_id: Some(wx_seq.clone()),
        huifu_id: h.clone(),
        fee_type: "01".into(),
        wx_applet_app_id: Some("wxabcdef0123456789".into()),
        ..Default::default()
    };
    assert!(desk.set_wx_config(&p, wx).await.is_err());

    ctl.fault("drop", "/v2/merchant/split/config", serde_json::json!({})).await;
    let sp_seq = desk.new_req_seq_id();
    let sp = SplitForm {
        req_seq_id: Some(sp_seq.clone()),
        huifu_id: h.clone(),
        rule_origin: "01".into(),
        div_flag: "Y".into(),
        apply_ratio: "15.00".into(),
        start_type: "0".into(),
        ..Default::default()
    };
    assert!(desk.configure_split(&p, sp).await.is_err());

    let r = desk.reconcile(None).await.unwrap();
    assert_eq!((r.checked, r.settled), (3, 3), "{r:?}");
    for seq in [&rn_seq, &wx_seq, &sp_seq] {
        assert_eq!(settled(seq), JournalState::Settled, "{seq}");
    }
    for path in ["/v2/merchant/busi/realname", "/v2/merchant/busi/config", "/v2/merchant/split/config"] {
        assert_eq!(ctl.requests_to(path).await, 1, "{path} sent once");
    }
    desk.shutdown().await;
}

/// An onboarding submitted again with the same req_seq_id (a double click after it went through) returns
/// the first answer without uploading its pictures again; while its outcome is unknown, the retry re-reads
/// the pictures but is refused as unknown, never as a "different request" (new file ids are not a change).
#[tokio::test(flavor = "multi_thread")]
async fn an_onboarding_submitted_twice_is_one_merchant() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let seq = desk.new_req_seq_id();
    let form = || {
        let mut f = indv_form(pics.path());
        sandbox_controls::png(&pics.path().join("id_front.png"), 200, 120, false);
        f.req_seq_id = Some(seq.clone());
        f
    };
    let first = desk.onboard_individual(&p, form(), &|_| {}).await.unwrap();
    let files = ctl.records("files").await.len();
    let again = desk.onboard_individual(&p, form(), &|_| {}).await.unwrap();
    assert_eq!(again.huifu_id, first.huifu_id, "the second submit answers the first merchant");
    assert_eq!(ctl.records("files").await.len(), files, "no picture uploaded again");
    assert_eq!(ctl.requests_to("/v2/merchant/basicdata/indv").await, 1);

    ctl.fault("drop", "/v2/merchant/basicdata/indv", serde_json::json!({})).await;
    let seq2 = desk.new_req_seq_id();
    let lost = || {
        let mut f = form();
        f.req_seq_id = Some(seq2.clone());
        f
    };
    assert_eq!(desk.onboard_individual(&p, lost(), &|_| {}).await.unwrap_err().code, ErrorCode::OutcomeUnknown);
    let e = desk.onboard_individual(&p, lost(), &|_| {}).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "the retry is the same write, still unknown: {e:?}");
    assert_eq!(ctl.requests_to("/v2/merchant/basicdata/indv").await, 2, "sent once per req_seq_id");
    desk.shutdown().await;
}

/// An enterprise onboarding whose answer is lost (connection dropped after the sandbox read it): no query
/// finds it by req_seq_id, so it stays unknown, saying why, until its audit notification brings the
/// huifu_id and apply_no; then reconcile settles it by the application status query, and the retry with
/// the same req_seq_id returns that answer without a second send.
#[tokio::test(flavor = "multi_thread")]
async fn a_lost_onboarding_settles_by_query_once_its_audit_notification_arrived() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let rx = desk.start_notify_receiver("127.0.0.1:0").await.unwrap();
    desk.set_notify_settings(SANDBOX_PROFILE, Some(&rx.addr().to_string()), None).unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let seq = desk.new_req_seq_id();
    let form = || desk::services::onboarding::EntOnboardingForm {
        req_seq_id: Some(seq.clone()),
        ..sandbox_controls::ent_form(pics.path())
    };
    const ENT: &str = "/v2/merchant/basicdata/ent";

    ctl.fault("drop", ENT, serde_json::json!({})).await;
    assert_eq!(desk.onboard_enterprise(&p, form(), &|_| {}).await.unwrap_err().code, ErrorCode::OutcomeUnknown);
    let r = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    let line = r.entries.iter().find(|l| l.req_seq_id == seq).expect("reconciled");
    assert_eq!(line.after, JournalState::Unknown, "{line:?}");
    assert!(
        line.note.contains("no dougong query finds an onboarding") && line.note.contains("audit notification"),
        "says why: {}",
        line.note
    );

    // The sandbox finishes the audit and notifies the receiver the request named.
    let apps = ctl.records("applications").await;
    let app = apps.iter().find(|a| a["req_seq_id"] == seq.as_str()).expect("the sandbox processed the lost request");
    let apply_no = app["apply_no"].as_str().unwrap().to_string();
    assert!(ctl
        .post(&format!("/sandbox/audits/{apply_no}/approve"), serde_json::json!({}))
        .await
        .status()
        .is_success());
    for _ in 0..300 {
        if desk.latest_notification(SANDBOX_PROFILE, desk::Acquirer::Dougong, &seq).unwrap().is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let queries = ctl.requests_to("/v2/merchant/basicdata/status/query").await;
    let r = desk.reconcile(Some(SANDBOX_PROFILE)).await.unwrap();
    let line = r.entries.iter().find(|l| l.req_seq_id == seq).expect("reconciled");
    assert_eq!(line.after, JournalState::Settled, "{line:?}");
    assert_eq!(
        ctl.requests_to("/v2/merchant/basicdata/status/query").await,
        queries + 1,
        "settled by the status query"
    );

    let on = desk.onboard_enterprise(&p, form(), &|_| {}).await.unwrap();
    assert_eq!(on.huifu_id, app["huifu_id"].as_str().unwrap());
    assert!(on.approved, "{on:?}");
    assert_eq!(ctl.requests_to(ENT).await, 1, "never sent a second time");
    rx.stop().await;
    desk.shutdown().await;
}
