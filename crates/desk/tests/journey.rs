//! The merchant journey through desk's services against the real built-in sandbox (in-process, loopback
//! HTTP), with the real keychain and a real SQLite file in a temporary PAYDESK_HOME.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::services::merchant::{Step, StepState};
use desk::services::realname::{RealnameChannel, RealnameForm};
use desk::services::split::SplitForm;
use desk::services::terminal::TerminalForm;
use desk::services::wxconfig::WxConfigForm;
use desk::{ErrorCode, ProgressEvent, SANDBOX_PROFILE};
use sandbox_controls::{indv_form, Controls};

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_journey_against_the_builtin_sandbox() {
    let (dir, desk) = temp_desk();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(&p.name).unwrap();
    assert!(
        p.base_url.starts_with("http://127.0.0.1:"),
        "the sandbox profile follows the in-process sandbox: {}",
        p.base_url
    );
    assert!(desk.key_info(SANDBOX_PROFILE).unwrap().has_private_key, "sandbox keys are in the keychain");

    // Bad input is stopped before anything is sent, naming the field.
    let pics = tempfile::tempdir().unwrap();
    let mut bad = indv_form(pics.path());
    bad.card.card_no = "6222021234567890129".into();
    let e = desk.onboard_individual(&p, bad, &|_| {}).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("card_info.card_no")), "{e:?}");

    // 1. Onboard with pictures (the 3 MB one is fitted).
    let events = std::sync::Mutex::new(Vec::<ProgressEvent>::new());
    let on = desk.onboard_individual(&p, indv_form(pics.path()), &|e| events.lock().unwrap().push(e)).await.unwrap();
    assert!(on.approved, "individuals pass at once in the sandbox: {on:?}");
    let h = on.huifu_id.clone();
    assert!(
        events.lock().unwrap().iter().any(|e| e.step == "upload.legal_cert_front_pic"),
        "progress is reported per picture"
    );
    let files = ctl.records("files").await;
    assert!(files.len() >= 3, "pictures were uploaded: {files:?}");

    // 2. Open WeChat and Alipay; the application is approved after the sandbox's delay.
    let open = desk
        .open_business(
            &p,
            BusiOpenForm {
                huifu_id: h.clone(),
                wx: vec![PayConfForm {
                    pay_scene: "1".into(),
                    fee_rate: "0.38".into(),
                    mcc: Some("758".into()),
                    ..Default::default()
                }],
                ali: vec![PayConfForm { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }],
                online_busi_type: Some("H7999AL".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(open.apply_no.is_some(), "business open goes to audit: {open:?}");
    ctl.advance(10).await;
    let st = desk.business_status(&p, &h, None).await.unwrap();
    assert_eq!(st.apply_status, "Y", "{st:?}");
    assert!(st.channels.iter().any(|c| c.pay_way == "W" && c.status == "S"), "{st:?}");

    // 3. WeChat realname: submitted, then a QR for the legal person, who confirms.
    let rn = desk
        .submit_realname(
            &p,
            RealnameForm {
                req_seq_id: None,
                huifu_id: h.clone(),
                channel: RealnameChannel::Wechat,
                name: "张三".into(),
                mobile: "13812345678".into(),
                id_card_number: "11010519491231002X".into(),
                contact_type: None,
                certificate_type: None,
            },
        )
        .await
        .unwrap();
    assert!(!rn.passed);
    ctl.advance(10).await;
    let rn = desk.realname_status(&p, &h, RealnameChannel::Wechat).await.unwrap();
    let qr = rn.qrcode_data.clone().expect("a QR to scan once audited");
    let img = desk::services::realname::render_qr(&qr).unwrap();
    assert!(img.svg.contains("<svg") && !img.png_base64.is_empty());
    ctl.confirm_realname(&h, "wx").await;
    assert!(desk.realname_status(&p, &h, RealnameChannel::Wechat).await.unwrap().passed);

    // 4. WeChat config.
    let binds = desk
        .set_wx_config(
            &p,
            WxConfigForm {
                huifu_id: h.clone(),
                fee_type: "01".into(),
                wx_woa_app_id: Some("wx1234567890abcdef".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(binds.iter().any(|b| b.config_value == "wx1234567890abcdef"), "{binds:?}");
    let e = desk
        .set_wx_config(
            &p,
            WxConfigForm {
                huifu_id: h.clone(),
                fee_type: "01".into(),
                wx_woa_app_id: Some("wx 1234".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("wx_woa_app_id"));

    // 5. Terminal.
    let t = desk
        .add_terminal(
            &p,
            TerminalForm {
                huifu_id: h.clone(),
                sn: Some("SN-J-1".into()),
                tusn: Some("TUSN-J-1".into()),
                dev_model_code: Some("A920".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(desk.list_terminals(&p, &h).await.unwrap().len(), 1);

    // 6. Split at 10 % passes at once.
    let s = desk
        .configure_split(
            &p,
            SplitForm {
                huifu_id: h.clone(),
                rule_origin: "01".into(),
                div_flag: "Y".into(),
                apply_ratio: "10.00".into(),
                start_type: "0".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(s.div_flag, "Y", "{s:?}");

    // The index shows the journey done.
    let m = desk.merchant(SANDBOX_PROFILE, &h).unwrap();
    for step in [Step::Onboarded, Step::BusiOpen, Step::RealnameWx, Step::WxConfig, Step::Terminals, Step::Split] {
        let st = m.steps.iter().find(|s| s.step == step).unwrap();
        assert_eq!(st.state, StepState::Done, "{step:?}: {st:?}");
    }
    // Every call is audited, the chain verifies, and no personal data or key reached the rows.
    let rows = desk::audit::search(desk.store(), &Default::default()).unwrap();
    assert!(rows.total >= 12, "{} audit rows", rows.total);
    assert!(desk::audit::verify(desk.store(), desk.audit_chain()).unwrap().ok);
    for r in &rows.rows {
        assert!(
            !r.request.contains("11010519491231002X")
                && !r.request.contains("13812345678")
                && !r.request.contains("张三"),
            "masked: {}",
            r.request
        );
    }
    desk.shutdown().await;
    drop(dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_enterprise_goes_to_audit_and_alipay_realname_gives_a_qr() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let form = desk::services::onboarding::EntOnboardingForm {
        login_name: format!("ent_{}", &desk.new_req_seq_id()[14..]),
        ..sandbox_controls::ent_form(pics.path())
    };
    let mut typo = form.clone();
    typo.license_code = "91350100M000100Y44".into();
    assert_eq!(desk.onboard_enterprise(&p, typo, &|_| {}).await.unwrap_err().field.as_deref(), Some("license_code"));

    let on = desk.onboard_enterprise(&p, form, &|_| {}).await.unwrap();
    assert!(!on.approved, "enterprises go to audit: {on:?}");
    let apply_no = on.apply_no.clone().unwrap();
    let m = desk.merchant(SANDBOX_PROFILE, &on.huifu_id).unwrap();
    assert_eq!(m.steps[0].state, StepState::Pending);
    let r = ctl.post(&format!("/sandbox/audits/{apply_no}/approve"), serde_json::json!({})).await;
    assert!(r.status().is_success());
    let st = desk.onboarding_status(&p, &on.huifu_id, None).await.unwrap();
    assert_eq!(st.apply_status, "Y", "{st:?}");
    assert_eq!(desk.merchant(SANDBOX_PROFILE, &on.huifu_id).unwrap().steps[0].state, StepState::Done);

    // Alipay: open, then realname with a QR.
    desk.open_business(
        &p,
        BusiOpenForm {
            huifu_id: on.huifu_id.clone(),
            ali: vec![PayConfForm { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }],
            online_busi_type: Some("H7999AL".into()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    ctl.advance(10).await;
    desk.business_status(&p, &on.huifu_id, None).await.unwrap();
    let rn = desk
        .submit_realname(
            &p,
            RealnameForm {
                req_seq_id: None,
                huifu_id: on.huifu_id.clone(),
                channel: RealnameChannel::Alipay,
                name: "王五".into(),
                mobile: "13712345678".into(),
                id_card_number: "11010519491231002X".into(),
                contact_type: None,
                certificate_type: None,
            },
        )
        .await
        .unwrap();
    assert!(!rn.state.is_empty(), "{rn:?}");
    ctl.advance(10).await;
    let rn = desk.realname_status(&p, &on.huifu_id, RealnameChannel::Alipay).await.unwrap();
    assert!(rn.qrcode_data.is_some() || rn.passed, "a QR to scan: {rn:?}");
    desk.shutdown().await;
}

/// The channel that owns a new merchant (`upper_huifu_id`): the form's when given, else the profile's
/// sys_id as stored now — even when the caller's copy of the built-in profile was read before the sandbox
/// first started and still has no sys_id (the first onboarding of a session used to be refused
/// "upper_huifu_id is required").
#[tokio::test(flavor = "multi_thread")]
async fn upper_huifu_id_defaults_to_the_sys_id_stored_now() {
    let (_dir, desk) = temp_desk();
    let stale = desk.profile(SANDBOX_PROFILE).unwrap();
    assert!(stale.sys_id.is_empty(), "the built-in profile has no sys_id before the sandbox starts: {stale:?}");
    assert_eq!(
        desk.upper_huifu_id(&stale, Some("6666000000000001")).await.unwrap(),
        "6666000000000001",
        "the form's own wins"
    );
    let got = desk.upper_huifu_id(&stale, None).await.unwrap();
    let now = desk.profile(SANDBOX_PROFILE).unwrap();
    assert!(!now.sys_id.is_empty(), "starting the sandbox gave the profile its sys_id");
    assert_eq!(got, now.sys_id, "the stale copy's empty sys_id is not used");
    assert_eq!(desk.upper_huifu_id(&stale, Some("")).await.unwrap(), now.sys_id, "an empty field means the default");
    desk.shutdown().await;
}

/// Every file under `home` except the built-in sandbox's own (it plays Huifu, who holds the merchant's
/// data by design) holding one of `plain` in its raw bytes: database pages, WAL, staged photos, anything.
fn plain_text_under(home: &std::path::Path, plain: &[&str]) -> Vec<String> {
    let sandbox = home.join("sandbox");
    let mut found = Vec::new();
    for f in files_under(home).into_iter().filter(|f| !f.starts_with(&sandbox)) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        for p in plain {
            if bytes.windows(p.len()).any(|w| w == p.as_bytes()) {
                found.push(format!("{} holds {p}", f.display()));
            }
        }
    }
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn what_a_person_types_is_nowhere_in_plain_text_while_drafted_or_after_onboarding() {
    let (dir, desk) = temp_desk();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    desk.ensure_sandbox_running().await.unwrap();
    let pics = tempfile::tempdir().unwrap();
    let mut form = indv_form(pics.path());
    // The photos are staged the way the app stages them (bytes from the web view, kept sealed).
    for pic in form.pictures.iter_mut() {
        let bytes = std::fs::read(&pic.path).unwrap();
        pic.path = desk.stage_picture(&pic.field, "身份证.png", &bytes).unwrap().path;
    }
    let plain = ["11010519491231002X", "6222021234567890128", "13812345678", "人民大道"];
    // The form as the UI keeps it between sessions.
    let draft = serde_json::json!({"reqSeqId": "x", "values": serde_json::to_value(&form).unwrap()});
    desk.save_draft("onboarding.indv", &draft).unwrap();
    assert_eq!(desk.load_draft("onboarding.indv").unwrap(), Some(draft.clone()), "the draft comes back whole");
    let staged: Vec<String> = form.pictures.iter().map(|p| p.path.clone()).collect();
    assert!(staged.iter().all(|s| std::path::Path::new(s).exists()));
    let found = plain_text_under(dir.path(), &plain);
    assert!(found.is_empty(), "while the draft is kept: {found:?}");

    // The onboarding goes through; its staged photos are removed, the draft with them.
    let on = desk.onboard_individual(&p, form, &|_| {}).await.unwrap();
    assert!(on.approved, "{on:?}");
    assert!(staged.iter().all(|s| !std::path::Path::new(s).exists()), "staged photos are removed once Huifu has them");
    desk.delete_draft("onboarding.indv").unwrap();
    assert_eq!(desk.load_draft("onboarding.indv").unwrap(), None);
    desk.shutdown().await;
    let found = plain_text_under(dir.path(), &plain);
    assert!(found.is_empty(), "after the onboarding finished: {found:?}");

    // The data directory and its files are the owner's only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        drop(desk);
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // An older version's photo left readable, and a file of the person's own beside desk's.
        let (old, mine) = (dir.path().join("pictures/old.png"), dir.path().join("mine.txt"));
        for f in [&old, &mine] {
            std::fs::write(f, b"x").unwrap();
            std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let desk = desk::Desk::open_without_reconcile(dir.path()).unwrap();
        assert_eq!(mode(dir.path()), 0o700);
        assert_eq!(mode(&dir.path().join("paydesk.db")), 0o600);
        assert_eq!(mode(&dir.path().join("pictures")), 0o700);
        // desk's own folders are walked in the background.
        for _ in 0..100 {
            if mode(&old) == 0o600 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert_eq!(mode(&old), 0o600, "desk's files are made owner-only");
        assert_eq!(mode(&mine), 0o644, "a file desk did not make is left as it was");
        drop(desk);
    }
}
