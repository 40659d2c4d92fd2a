//! Sandbox dead ends, opened: a test order made on the desk carries the profile's receiver as notify_url,
//! so the sandbox's pushes arrive at the notifications page; the realname form starts from what
//! onboarding told Huifu. Real sandbox on loopback, real receiver, real keychain.

mod common;

#[path = "common/money.rs"]
mod money;
#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::services::refund::activity::{ActivityFilter, ActivityKind, ActivityState, TradeRowState};
use desk::services::refund::RefundForm;
use desk::services::trade::{QrOrderForm, TradeRef};
use desk::{Acquirer, SANDBOX_PROFILE};
use sandbox_controls::{indv_form, Controls};

#[tokio::test(flavor = "multi_thread")]
async fn a_test_order_carries_the_receivers_notify_url_and_its_push_arrives() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let rx = desk.start_notify_receiver("127.0.0.1:0").await.unwrap();
    desk.set_notify_settings(SANDBOX_PROFILE, Some(&rx.addr().to_string()), None).unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let huifu_id = money::merchant_with_alipay(&desk, &p, &ctl).await;

    let order = desk
        .create_qr_order(
            &p,
            QrOrderForm {
                huifu_id: huifu_id.clone(),
                trade_type: Some("A_NATIVE".into()),
                amount_fen: Some(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let seq = order.trade.req_seq_id.clone();
    let recorded = ctl.records("orders").await;
    let o = recorded.iter().find(|o| o["req_seq_id"] == seq.as_str()).expect("the sandbox has the order");
    let want = desk.notify_url_for(&p).unwrap();
    assert_eq!(o["notify_url"].as_str(), Some(want.as_str()), "the order names the profile's receiver: {o}");

    let hf = order.trade.hf_seq_id.clone().unwrap();
    assert!(ctl.post(&format!("/sandbox/orders/{hf}/pay"), serde_json::json!({})).await.status().is_success());
    let mut got = None;
    for _ in 0..200 {
        got = desk.latest_notification(SANDBOX_PROFILE, Acquirer::Dougong, &seq).unwrap();
        if got.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(got.is_some(), "the sandbox's push reached the receiver");

    // The list across merchants: the trade reads paid, then refunded once its whole amount came back.
    let trades = |desk: &desk::Desk| {
        desk.list_activity(
            SANDBOX_PROFILE,
            &ActivityFilter { kind: Some(ActivityKind::Trade), text: Some(seq.clone()), ..Default::default() },
        )
        .unwrap()
    };
    desk.query_trade(&p, TradeRef { huifu_id: huifu_id.clone(), req_seq_id: Some(seq.clone()), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(trades(&desk)[0].what, ActivityState::Trade(TradeRowState::Success));
    let tr = TradeRef {
        huifu_id: huifu_id.clone(),
        req_seq_id: Some(seq.clone()),
        req_date: Some(order.trade.req_date.clone()),
        ..Default::default()
    };
    let draft = desk.prepare_refund(&p, tr.clone()).await.unwrap();
    let r = desk
        .submit_refund(
            &p,
            RefundForm {
                req_seq_id: Some(draft.req_seq_id),
                trade: tr,
                amount_fen: 1,
                reason: "test".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    ctl.advance(60).await;
    desk.follow_refund(&p, &r.req_seq_id, 20, 200, &|_| {}).await.unwrap();
    let row = &trades(&desk)[0];
    assert_eq!((row.what, row.refunded_fen), (ActivityState::Trade(TradeRowState::Refunded), 1), "{row:?}");
    let refunds = desk
        .list_activity(
            SANDBOX_PROFILE,
            &ActivityFilter {
                kind: Some(ActivityKind::Refund),
                huifu_id: Some(huifu_id.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((refunds.len(), refunds[0].org_id.as_str()), (1, seq.as_str()), "{refunds:?}");
    assert!(
        desk.list_activity(SANDBOX_PROFILE, &ActivityFilter { min_fen: Some(2), ..Default::default() })
            .unwrap()
            .is_empty(),
        "amount filter"
    );
    let e = desk
        .list_activity(SANDBOX_PROFILE, &ActivityFilter { state: Some("paid".into()), ..Default::default() })
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("state"), "an unknown state is named, not matched against nothing");
    let done = ActivityFilter { state: Some("refunded".into()), ..Default::default() };
    assert_eq!(desk.list_activity(SANDBOX_PROFILE, &done).unwrap().len(), 1, "a state code of the trades' words");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_realname_form_starts_from_what_onboarding_gave_huifu() {
    let (_dir, desk) = temp_desk();
    desk.ensure_sandbox_running().await.unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let form = indv_form(pics.path());
    let on = desk.onboard_individual(&p, form.clone(), &|_| {}).await.unwrap();
    let pre = desk.realname_prefill(&p, &on.huifu_id).await.unwrap();
    assert_eq!(pre.mobile, form.contact_mobile_no, "{pre:?}");
    assert!(pre.id_card_number.is_empty() || pre.id_card_number == form.legal_cert_no, "{pre:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_settlement_card_is_changed_through_modify_and_shown() {
    use desk::services::modify::MerchantChangeForm;
    use desk::services::onboarding::pictures::PictureFile;
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let form = indv_form(pics.path());
    let on = desk.onboard_individual(&p, form.clone(), &|_| {}).await.unwrap();
    let before = desk.merchant_profile(&p, &on.huifu_id).await.unwrap();
    assert!(before.cards[0].card_no.ends_with("0128"), "{before:?}");

    let mut card = form.card.clone();
    card.card_no = "4111111111111111".into();
    let photo = pics.path().join("new-card.png");
    sandbox_controls::png(&photo, 400, 250, false);
    let change = |card: desk::services::onboarding::CardForm, pictures: Vec<PictureFile>| MerchantChangeForm {
        huifu_id: on.huifu_id.clone(),
        card: Some(card),
        pictures,
        contact_mobile_no: Some("13700001111".into()),
        ..Default::default()
    };
    // Without the card's photo nothing is sent, and the field says what is missing.
    let sent = ctl.requests_to("/v2/merchant/basicdata/modify").await;
    let e = desk.change_merchant(&p, change(card.clone(), vec![]), &|_| {}).await.unwrap_err();
    assert_eq!(
        (e.field.as_deref(), e.key.as_deref()),
        (Some("settle_card_front_pic"), Some("picture_required")),
        "{e:?}"
    );
    let mut bad = card.clone();
    bad.card_no = "4111111111111112".into();
    let e = desk.change_merchant(&p, change(bad, vec![]), &|_| {}).await.unwrap_err();
    assert_eq!((e.field.as_deref(), e.key.as_deref()), (Some("card_info.card_no"), Some("card_luhn")), "{e:?}");
    assert_eq!(ctl.requests_to("/v2/merchant/basicdata/modify").await, sent, "bad input sends nothing");

    // The photo staged as the window stages it (sealed under the data directory); gone once Huifu has it.
    let staged =
        desk.stage_picture("settle_card_front_pic", "new-card.png", &std::fs::read(&photo).unwrap()).unwrap().path;
    let pictures = vec![PictureFile { field: "settle_card_front_pic".into(), path: staged.clone() }];
    let r = desk.change_merchant(&p, change(card, pictures), &|_| {}).await.unwrap();
    assert!(r.applied, "the sandbox applies a modify at once: {r:?}");
    assert!(!std::path::Path::new(&staged).exists(), "the staged card photo is removed after the change");
    let after = desk.merchant_profile(&p, &on.huifu_id).await.unwrap();
    assert_eq!(after.cards[0].card_no, "411111******1111", "{after:?}");
    assert_eq!(after.contact_mobile_no, "137****1111", "{after:?}");
    let audit = desk::audit::search(
        desk.store(),
        &desk::audit::AuditFilter { endpoint: Some("/v2/merchant/basicdata/modify".into()), ..Default::default() },
    )
    .unwrap();
    assert!(!audit.rows.is_empty(), "the change is audited");
}
