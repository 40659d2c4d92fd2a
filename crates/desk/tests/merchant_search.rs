//! Finding a merchant in one step (full name, phone, licence — kept only as keyed hashes), refusing a
//! second onboarding of a known licence, re-reading every step from Huifu, and removing a merchant from the
//! local index. Real sandbox on loopback, real keychain, real SQLite file.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::services::merchant::{Step, StepState};
use desk::{ErrorCode, SANDBOX_PROFILE};
use sandbox_controls::{ent_form, indv_form, Controls};

#[tokio::test(flavor = "multi_thread")]
async fn a_masked_individual_is_found_by_its_full_name_and_phone_without_keeping_them_in_clear() {
    let (dir, desk) = temp_desk();
    desk.ensure_sandbox_running().await.unwrap();
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_individual(&p, indv_form(pics.path()), &|_| {}).await.unwrap();
    let m = desk.merchant(&p.name, &on.huifu_id).unwrap();
    assert_eq!(m.name, "张*", "the list shows the masked name");

    for q in ["张三", " 张 三 ", "13812345678", "张三的小店", &on.huifu_id[..8]] {
        let hits = desk.search_merchants(&p.name, q).unwrap();
        assert!(hits.iter().any(|h| h.huifu_id == on.huifu_id), "{q:?} finds the merchant: {hits:?}");
    }
    assert!(desk.search_merchants(&p.name, "李四").unwrap().is_empty(), "another name finds nothing");
    assert!(
        desk.search_merchants(&p.name, "1381234567").unwrap().is_empty(),
        "a phone is matched whole, not by prefix"
    );

    // The tokens are keyed hashes: none holds the name or the phone, and the database file has neither.
    let tokens: Vec<String> = desk
        .store()
        .with_conn(|c| {
            Ok(c.prepare("SELECT token FROM merchant_tokens")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?)
        })
        .unwrap();
    assert!(
        tokens.len() >= 3 && tokens.iter().all(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())),
        "{tokens:?}"
    );
    let db = std::fs::read(dir.path().join("paydesk.db")).unwrap();
    let has = |needle: &[u8]| db.windows(needle.len()).any(|w| w == needle);
    assert!(!has("张三的小店".as_bytes()), "the short name is masked in the merchants table");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_known_licence_is_not_onboarded_twice_and_the_refresh_follows_the_audit() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let seq = desk.new_req_seq_id();
    let first =
        desk::services::onboarding::EntOnboardingForm { req_seq_id: Some(seq.clone()), ..ent_form(pics.path()) };
    let on = desk.onboard_enterprise(&p, first.clone(), &|_| {}).await.unwrap();
    assert!(!on.approved, "an enterprise goes to audit: {on:?}");
    let step = |desk: &desk::Desk| {
        desk.merchant(&p.name, &on.huifu_id).unwrap().steps.into_iter().find(|s| s.step == Step::Onboarded).unwrap()
    };
    assert_eq!(step(&desk).state, StepState::Pending);
    assert_eq!(step(&desk).note.code.as_deref(), Some("P"), "the note is a code the UI says in words");

    // Same company, a new application: stopped before anything is sent, pointing at the first merchant.
    let sent = ctl.requests_to("/v2/merchant/basicdata/ent").await;
    let again = desk::services::onboarding::EntOnboardingForm {
        req_seq_id: Some(desk.new_req_seq_id()),
        ..ent_form(pics.path())
    };
    let e = desk.onboard_enterprise(&p, again, &|_| {}).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref(), e.key.as_deref()),
        (ErrorCode::InvalidInput, Some("license_code"), Some("licence_known")),
        "{e:?}"
    );
    assert!(e.params.iter().any(|(k, v)| k == "huifu_id" && v == &on.huifu_id), "names the first merchant: {e:?}");
    assert_eq!(ctl.requests_to("/v2/merchant/basicdata/ent").await, sent, "nothing sent");
    // A retry of the first application (same req_seq_id) is not a second onboarding.
    assert_eq!(desk.onboard_enterprise(&p, first, &|_| {}).await.unwrap().huifu_id, on.huifu_id);
    assert!(
        desk.search_merchants(&p.name, "91350100m000100y43").unwrap().iter().any(|m| m.huifu_id == on.huifu_id),
        "found by licence"
    );

    // The audit is approved while nobody looks; "refresh from Huifu" re-reads the step that was set once.
    let apply_no = on.apply_no.clone().unwrap();
    assert!(ctl
        .post(&format!("/sandbox/audits/{apply_no}/approve"), serde_json::json!({}))
        .await
        .status()
        .is_success());
    let r = desk.follow_merchant(&p, &on.huifu_id).await.unwrap();
    let s = r.merchant.steps.iter().find(|s| s.step == Step::Onboarded).unwrap();
    assert_eq!(s.state, StepState::Done, "following the pending application sees the approval: {r:?}");
    let r = desk.refresh_merchant(&p, &on.huifu_id).await.unwrap();
    let s = r.merchant.steps.iter().find(|s| s.step == Step::Onboarded).unwrap();
    assert_eq!((s.state, s.note.code.as_deref()), (StepState::Done, Some("Y")), "{r:?}");
    assert!(r.unread.is_empty(), "steps never started are answers, not failures: {:?}", r.unread);

    // Removing it from the local index forgets it here only: a lookup brings it back.
    desk.remove_merchant(&p.name, &on.huifu_id).unwrap();
    assert!(desk.merchant(&p.name, &on.huifu_id).is_err());
    assert!(desk.search_merchants(&p.name, "王五").unwrap().is_empty(), "its tokens went with it");
    desk.lookup_merchant(&p, &on.huifu_id).await.unwrap();
    assert!(desk.merchant(&p.name, &on.huifu_id).is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_follower_sees_an_audit_approved_while_nobody_looks_and_backs_off_meanwhile() {
    use desk::services::merchant::follower::{Follower, FIRST_WAIT};
    use std::time::{Duration, Instant};
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_enterprise(&p, ent_form(pics.path()), &|_| {}).await.unwrap();
    assert!(!on.approved);
    let queries = || ctl.requests_to("/v2/merchant/basicdata/status/query");
    let mut f = Follower::new();
    let t0 = Instant::now();
    assert!(f.tick(&desk, &p, t0).await.unwrap().is_empty(), "the first tick only starts following");
    assert_eq!(f.following(), 1);
    let q0 = queries().await;
    assert!(f.tick(&desk, &p, t0 + FIRST_WAIT).await.unwrap().is_empty(), "still under audit");
    assert_eq!(queries().await, q0 + 1, "asked once when due");
    assert!(f.tick(&desk, &p, t0 + FIRST_WAIT + Duration::from_secs(5)).await.unwrap().is_empty());
    assert_eq!(queries().await, q0 + 1, "not asked again before its (doubled) wait is over");

    assert!(ctl
        .post(&format!("/sandbox/audits/{}/approve", on.apply_no.clone().unwrap()), serde_json::json!({}))
        .await
        .status()
        .is_success());
    let changed = f.tick(&desk, &p, t0 + FIRST_WAIT * 3 + Duration::from_secs(1)).await.unwrap();
    assert_eq!(changed, vec![on.huifu_id.clone()], "the approval is seen without any page open");
    let m = desk.merchant(&p.name, &on.huifu_id).unwrap();
    assert_eq!(m.steps[0].state, StepState::Done);
    f.tick(&desk, &p, t0 + Duration::from_secs(3600)).await.unwrap();
    assert_eq!(f.following(), 0, "a settled merchant is no longer followed");
}
