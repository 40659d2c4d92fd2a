//! The notification receiver against the real built-in sandbox, for all three acquirers: the sandbox sends
//! its signed notifications over loopback to the receiver a profile setting points at; each is verified,
//! stored once (a replay bumps the count), acknowledged with the acquirer's own body and applied. A
//! tampered one is stored as rejected and not acknowledged; an older pending one that arrives after the
//! final state (signed with the sandbox's own platform key, as the acquirer would) moves nothing back.

mod common;

#[path = "common/money.rs"]
mod money;
#[path = "common/sandbox.rs"]
mod sandbox_controls;

use std::time::Duration;

use common::*;
use desk::acquiring::{CreateOrderInput, TradeState, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use desk::journal::JournalState;
use desk::notify::{NotificationFilter, NotificationRow, NotifyReceiver};
use desk::services::cashout::WithdrawForm;
use desk::{Acquirer, Desk, ErrorCode, SANDBOX_PROFILE};
use money::{merchant_with_alipay, paid};
use sandbox_controls::Controls;
use serde_json::{json, Value};

/// Polls `f` every 50 ms for up to 15 s.
async fn until<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..300 {
        if let Some(v) = f() {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The notifications of `profile` (of one kind) that are complete: the receiver stores a row, then applies
/// it and writes its `effect`; a loaded machine lets a poll see the row in between.
fn rows(desk: &Desk, profile: &str, kind: Option<&str>) -> Vec<NotificationRow> {
    let f = NotificationFilter {
        profile: Some(profile.into()),
        kind: kind.map(str::to_string),
        limit: Some(1000),
        ..Default::default()
    };
    desk.list_notifications(&f).unwrap().rows.into_iter().filter(|r| !r.effect.is_empty()).collect()
}

/// A desk with the sandbox running and a receiver that all three sandbox profiles point at.
async fn setup() -> (tempfile::TempDir, Desk, Controls, NotifyReceiver) {
    let (dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let rx = desk.start_notify_receiver("127.0.0.1:0").await.unwrap();
    let listen = rx.addr().to_string();
    for p in [SANDBOX_PROFILE, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE] {
        let s = desk.set_notify_settings(p, Some(&listen), None).unwrap();
        assert_eq!(s.notify_url.as_deref(), Some(rx.url_for(p).as_str()));
    }
    (dir, desk, Controls::new(&base), rx)
}

/// The sandbox's notifications about `about` from `acquirer`.
async fn sent(ctl: &Controls, acquirer: &str, about: &str) -> Vec<Value> {
    ctl.get("/sandbox/notifications").await["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["acquirer"] == acquirer && n["about"] == about)
        .cloned()
        .collect()
}

/// Waits until the sandbox's notification `id` has an attempt, and answers the notification.
async fn attempted(ctl: &Controls, id: &str) -> Value {
    for _ in 0..300 {
        let list = ctl.get("/sandbox/notifications").await;
        let n = list["notifications"].as_array().unwrap().iter().find(|n| n["id"] == id).cloned().unwrap();
        if n["attempts"].as_array().is_some_and(|a| !a.is_empty()) && n["state"] != "pending"
            || n["attempts"].as_array().is_some_and(|a| a.iter().any(|a| a["ok"] == false))
        {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the sandbox never tried notification {id}");
}

async fn replay(ctl: &Controls, id: &str) {
    let r = ctl.post(&format!("/sandbox/notifications/{id}/replay"), json!({})).await;
    assert!(r.status().is_success(), "replay: {}", r.status());
}

/// Posts a body straight to the receiver (a forger, or the acquirer's late delivery).
async fn post(rx: &NotifyReceiver, profile: &str, body: String) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(rx.url_for(profile))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn form_field(body: &str, key: &str) -> String {
    url::form_urlencoded::parse(body.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn rebuild_form(body: &str, key: &str, value: &str) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(body.as_bytes()) {
        s.append_pair(&k, if k == key { value } else { &v });
    }
    s.finish()
}

#[tokio::test(flavor = "multi_thread")]
async fn dougong_withdrawal_notifications_settle_the_withdrawal_once_and_never_go_back() {
    let (dir, desk, ctl, rx) = setup().await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let h = merchant_with_alipay(&desk, &p, &ctl).await;
    paid(&desk, &p, &ctl, &h, "30.00").await;

    // A withdrawal whose answer was lost: the notification settles it (no query, no reconcile needed).
    ctl.fault("drop", "/v2/trade/settlement/encashment", json!({})).await;
    let seq = desk.new_req_seq_id();
    let e = desk
        .withdraw(
            &p,
            WithdrawForm { req_seq_id: Some(seq.clone()), huifu_id: h.clone(), amount: 1_000, ..Default::default() },
        )
        .await
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown);
    ctl.advance(5).await;
    let got = until("two withdrawal notifications", || {
        Some(rows(&desk, SANDBOX_PROFILE, Some("withdrawal"))).filter(|r| r.len() == 2)
    })
    .await;
    for r in &got {
        assert!(r.verified && r.state == "success" && r.order_no == seq, "{r:?}");
        assert_eq!(r.ack, format!("RECV_ORD_ID_{seq}"));
        assert_eq!(r.amount_fen, Some(1_000));
    }
    assert!(
        got.iter().any(|r| r.effect.contains(&format!("journal {seq} settled success"))),
        "{got:#?} {:?}",
        desk::journal::get(desk.store(), SANDBOX_PROFILE, &seq)
    );
    assert_eq!(desk::journal::get(desk.store(), SANDBOX_PROFILE, &seq).unwrap().unwrap().state, JournalState::Settled);
    assert_eq!(ctl.requests_to("/v2/trade/settlement/query").await, 0, "settled by the notification alone");
    // The sandbox counts them delivered: the acknowledgement was right.
    let out = sent(&ctl, "dougong", got[0].platform_no.as_str()).await;
    assert_eq!(out.len(), 2);
    for n in &out {
        let n = attempted(&ctl, n["id"].as_str().unwrap()).await;
        assert_eq!(n["state"], "delivered", "{n}");
    }

    // A normal withdrawal: its notification moves the row to success.
    let w = desk.withdraw(&p, WithdrawForm { huifu_id: h.clone(), amount: 500, ..Default::default() }).await.unwrap();
    assert_eq!(w.state, TradeState::Pending);
    ctl.advance(5).await;
    until("the withdrawal settled by notification", || {
        desk.withdrawal(SANDBOX_PROFILE, &w.req_seq_id).ok().filter(|w| w.state == TradeState::Success)
    })
    .await;
    let mine = |desk: &Desk| {
        rows(desk, SANDBOX_PROFILE, Some("withdrawal"))
            .into_iter()
            .filter(|r| r.order_no == w.req_seq_id)
            .collect::<Vec<_>>()
    };
    until("both", || Some(mine(&desk)).filter(|r| r.len() == 2)).await;
    assert!(
        mine(&desk).iter().any(|r| r.effect.contains(&format!("withdrawal {} success", w.req_seq_id))),
        "{:?}",
        mine(&desk)
    );

    // The same notification again (a replay): still one row, its count bumped.
    let out = sent(&ctl, "dougong", w.hf_seq_id.as_deref().unwrap()).await;
    replay(&ctl, out[0]["id"].as_str().unwrap()).await;
    until("count 2", || Some(mine(&desk)).filter(|r| r.iter().any(|r| r.count == 2))).await;
    assert_eq!(mine(&desk).len(), 2);

    // Tampered: the amount changed after signing. Rejected, stored as such, not acknowledged, no effect.
    let body = out[0]["body"].as_str().unwrap();
    let forged = form_field(body, "resp_data").replace("\"cash_amt\":\"5.00\"", "\"cash_amt\":\"9.00\"");
    let (status, text) = post(&rx, SANDBOX_PROFILE, rebuild_form(body, "resp_data", &forged)).await;
    assert_eq!(status, 400, "{text}");
    assert!(!text.contains("RECV_ORD_ID_"));
    let rejected = rows(&desk, SANDBOX_PROFILE, None).into_iter().filter(|r| r.state == "rejected").collect::<Vec<_>>();
    assert_eq!(rejected.len(), 1);
    assert!(
        !rejected[0].verified && rejected[0].ack.is_empty() && rejected[0].effect.starts_with("rejected"),
        "{:?}",
        rejected[0]
    );
    assert!(rejected[0].body.contains("9.00"), "what was claimed is kept for a person to see");

    // Out of order: an older pending notification, genuinely signed, arrives after the success.
    let platform = dougong::keys::PrivateKey::from_text(
        &std::fs::read_to_string(dir.path().join("sandbox/platform_private_key.txt")).unwrap(),
    )
    .unwrap();
    let mut older: Value = serde_json::from_str(&form_field(body, "resp_data")).unwrap();
    older["trans_status"] = json!("P");
    older["acct_status"] = json!("P");
    let (status, text) = post(&rx, SANDBOX_PROFILE, dougong::notify::build_form("resp_data", &older, &platform)).await;
    assert_eq!(
        (status, text.as_str()),
        (200, format!("RECV_ORD_ID_{}", w.req_seq_id).as_str()),
        "a genuine one is acknowledged"
    );
    let late = mine(&desk).into_iter().find(|r| r.state == "pending").unwrap();
    assert!(late.effect.starts_with("ignored"), "{}", late.effect);
    assert_eq!(desk.withdrawal(SANDBOX_PROFILE, &w.req_seq_id).unwrap().state, TradeState::Success, "never moved back");

    // A QR order paid on the sandbox's pay page: the channel and the accounting notification move the
    // orders service's trade to S without a query.
    let o = desk
        .create_qr_order(
            &p,
            desk::services::trade::QrOrderForm {
                huifu_id: h.clone(),
                amount_fen: Some(100),
                notify_url: desk.notify_url_for(&p),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let seq_o = o.trade.req_seq_id.clone();
    let paid_page = reqwest::Client::new().post(o.trade.qr_code.clone().unwrap()).send().await.unwrap();
    assert!(paid_page.status().is_success());
    let trades = until("two trade notifications", || {
        Some(
            rows(&desk, SANDBOX_PROFILE, Some("trade")).into_iter().filter(|r| r.order_no == seq_o).collect::<Vec<_>>(),
        )
        .filter(|r| r.len() == 2)
    })
    .await;
    assert!(
        trades.iter().all(|r| r.verified && r.state == "success" && r.ack == format!("RECV_ORD_ID_{seq_o}")),
        "{trades:?}"
    );
    assert!(trades.iter().any(|r| r.effect.contains(&format!("trade {seq_o} now S"))), "{trades:?}");
    assert_eq!(desk.trade(&p, &seq_o).unwrap().unwrap().trans_stat, "S", "recorded from the notification");

    // Filters for the UI.
    let f = NotificationFilter { acquirer: Some(Acquirer::Dougong), verified: Some(false), ..Default::default() };
    assert_eq!(desk.list_notifications(&f).unwrap().total, 1);
    let f = NotificationFilter {
        order_no: Some(w.req_seq_id.clone()),
        state: Some("success".into()),
        ..Default::default()
    };
    assert_eq!(desk.list_notifications(&f).unwrap().total, 2);
    rx.stop().await;
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn huishouqian_callbacks_are_verified_deduplicated_and_acknowledged_with_success() {
    let (dir, desk, ctl, rx) = setup().await;
    let p = desk.profile(SANDBOX_HSQ_PROFILE).unwrap();
    let order = |n: &str| CreateOrderInput {
        order_no: n.into(),
        product: "DYNAMIC_ALL".into(),
        amount_fen: 1_234,
        goods: "通知测试".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    };
    let no = desk.new_req_seq_id();
    desk.acquiring_create_order(&p, order(&no)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &no, false).await.unwrap();
    let row = until("the payment callback", || {
        rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade")).into_iter().find(|r| r.order_no == no)
    })
    .await;
    assert!(row.verified && row.state == "success" && row.ack == "SUCCESS", "{row:?}");
    assert_eq!(row.amount_fen, Some(1_234));
    assert!(!row.platform_no.is_empty(), "the platform's tradeNo is kept");
    assert!(row.effect.contains(&format!("journal {no} already settled")), "{}", row.effect);
    let out = sent(&ctl, "huishouqian", &no).await;
    assert_eq!(attempted(&ctl, out[0]["id"].as_str().unwrap()).await["state"], "delivered");

    replay(&ctl, out[0]["id"].as_str().unwrap()).await;
    until("count 2", || {
        rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade")).into_iter().find(|r| r.order_no == no && r.count == 2)
    })
    .await;
    assert_eq!(rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade")).len(), 1, "one row for the same notification");

    // The sandbox's tamper control: the callback's sign is broken.
    let no2 = desk.new_req_seq_id();
    desk.acquiring_create_order(&p, order(&no2)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &no2, true).await.unwrap();
    let bad = until("the rejected callback", || {
        rows(&desk, SANDBOX_HSQ_PROFILE, None).into_iter().find(|r| r.state == "rejected")
    })
    .await;
    assert!(!bad.verified && bad.ack.is_empty());
    assert!(bad.body.contains(&no2), "{}", bad.body);
    let forged = &sent(&ctl, "huishouqian", &no2).await[0];
    let n = attempted(&ctl, forged["id"].as_str().unwrap()).await;
    assert_ne!(n["state"], "delivered", "not acknowledged, so the sender retries: {n}");
    assert!(n["attempts"][0]["outcome"].as_str().unwrap().contains("400"), "{n}");
    assert!(
        rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade")).iter().all(|r| r.order_no != no2),
        "nothing applied for the forged one"
    );

    // Out of order: a PROCESSING callback for the paid order, signed with the platform key.
    let creds = ctl.get("/sandbox/huishouqian/credentials").await;
    let key = huishouqian::keys::MerchantKey::from_pem(
        &std::fs::read_to_string(dir.path().join("sandbox/huishouqian/platform_private_key.pem")).unwrap(),
    )
    .unwrap();
    let sign_key = huishouqian::keys::SignKey::new(creds["sign_key"].as_str().unwrap()).unwrap();
    let mut content: Value =
        serde_json::from_str(&form_field(out[0]["body"].as_str().unwrap(), "signContent")).unwrap();
    content["orderStatus"] = json!("PROCESSING");
    let form = huishouqian::wire::sign_notification(
        creds["merchant_no"].as_str().unwrap(),
        &content.to_string(),
        &key,
        &sign_key,
    );
    let (status, text) = post(&rx, SANDBOX_HSQ_PROFILE, form.to_body()).await;
    assert_eq!((status, text.as_str()), (200, "SUCCESS"));
    let late = rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade"))
        .into_iter()
        .find(|r| r.order_no == no && r.state == "pending")
        .unwrap();
    assert!(late.effect.starts_with("ignored"), "{}", late.effect);
    let latest_final = rows(&desk, SANDBOX_HSQ_PROFILE, Some("trade"))
        .into_iter()
        .filter(|r| r.order_no == no && r.state == "success")
        .count();
    assert_eq!(latest_final, 1);
    rx.stop().await;
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn md5_gateway_notifications_are_verified_deduplicated_and_acknowledged_with_0000() {
    let (_dir, desk, ctl, rx) = setup().await;
    let p = desk.profile(SANDBOX_MPG_PROFILE).unwrap();
    let order = |n: &str| CreateOrderInput {
        order_no: n.into(),
        product: "WxSao".into(),
        amount_fen: 321,
        goods: "通知测试".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    };
    let no = desk.new_req_seq_id();
    desk.acquiring_create_order(&p, order(&no)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &no, false).await.unwrap();
    let row = until("the background notification", || {
        rows(&desk, SANDBOX_MPG_PROFILE, Some("trade")).into_iter().find(|r| r.order_no == no)
    })
    .await;
    assert!(row.verified && row.state == "success" && row.ack == "0000", "{row:?}");
    assert_eq!(row.amount_fen, Some(321));
    let out = sent(&ctl, "mpgateway", &no).await;
    assert_eq!(attempted(&ctl, out[0]["id"].as_str().unwrap()).await["state"], "delivered");

    replay(&ctl, out[0]["id"].as_str().unwrap()).await;
    until("count 2", || {
        rows(&desk, SANDBOX_MPG_PROFILE, Some("trade")).into_iter().find(|r| r.order_no == no && r.count == 2)
    })
    .await;
    assert_eq!(rows(&desk, SANDBOX_MPG_PROFILE, Some("trade")).len(), 1);

    let no2 = desk.new_req_seq_id();
    desk.acquiring_create_order(&p, order(&no2)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &no2, true).await.unwrap();
    let bad = until("the rejected notification", || {
        rows(&desk, SANDBOX_MPG_PROFILE, None).into_iter().find(|r| r.state == "rejected")
    })
    .await;
    assert!(!bad.verified && bad.ack.is_empty());
    assert!(bad.body.contains(&no2), "{}", bad.body);

    // Out of order: "still waiting" (1001) after the payment, signed with the merchant's MD5 key.
    let creds = ctl.get("/sandbox/mpgateway/credentials").await;
    let key = mpgateway::sign::MerchantKey::new(creds["key"].as_str().unwrap()).unwrap();
    let resp = form_field(out[0]["body"].as_str().unwrap(), "resp");
    let mut content: Value = serde_json::from_str(&mpgateway::sign::decode_b64(&resp).unwrap()).unwrap();
    content["resultcode"] = json!("1001");
    let (status, text) =
        post(&rx, SANDBOX_MPG_PROFILE, mpgateway::wire::sign_notification(&content.to_string(), &key)).await;
    assert_eq!((status, text.as_str()), (200, "0000"));
    let late = rows(&desk, SANDBOX_MPG_PROFILE, Some("trade"))
        .into_iter()
        .find(|r| r.order_no == no && r.state == "pending")
        .unwrap();
    assert!(late.effect.starts_with("ignored"), "{}", late.effect);

    // An unknown profile is not found, and nothing is stored for it.
    let r = reqwest::Client::new().post(rx.url_for("nobody")).body("resp=x&sign=y").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 404);
    rx.stop().await;
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn dougong_audit_and_per_business_results_move_the_merchant_index_and_are_acknowledged() {
    use desk::services::busi::{BusiOpenForm, PayConfForm};
    use desk::services::merchant::{Step, StepState};

    let (_dir, desk, ctl, rx) = setup().await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let h = desk.onboard_individual(&p, sandbox_controls::indv_form(pics.path()), &|_| {}).await.unwrap().huifu_id;
    let url = desk.notify_url_for(&p);
    let open = desk
        .open_business(
            &p,
            BusiOpenForm {
                huifu_id: h.clone(),
                ali: vec![PayConfForm { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }],
                online_busi_type: Some("H7999AL".into()),
                async_return_url: url.clone(),
                busi_async_return_url: url,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(open.apply_no.is_some());
    ctl.advance(10).await;
    let audit = until("the audit result", || rows(&desk, SANDBOX_PROFILE, Some("audit")).into_iter().next()).await;
    assert!(audit.verified && audit.state == "success", "{audit:?}");
    assert!(audit.effect.contains(&format!("merchant {h} busi_open success")), "{}", audit.effect);
    let step =
        desk.merchant(SANDBOX_PROFILE, &h).unwrap().steps.into_iter().find(|s| s.step == Step::BusiOpen).unwrap();
    assert_eq!(step.state, StepState::Done, "{step:?}");
    assert_eq!(step.note.source.as_deref(), Some("notification"), "{step:?}");
    let busi = until("the per-business result", || rows(&desk, SANDBOX_PROFILE, Some("busi")).into_iter().next()).await;
    assert!(
        busi.verified && busi.ack.starts_with("RECV_ORD_ID_") && busi.ack.ends_with(&busi.order_no),
        "acknowledged by ord_id: {busi:?}"
    );
    let list = ctl.get("/sandbox/notifications").await;
    let ours: Vec<&Value> = list["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "audit" || n["kind"] == "busi")
        .collect();
    assert!(ours.len() >= 2, "an audit and a per-business notification were sent: {ours:?}");
    for n in ours {
        let n = attempted(&ctl, n["id"].as_str().unwrap()).await;
        assert_eq!(n["state"], "delivered", "the sandbox took the acknowledgement: {n}");
    }
    rx.stop().await;
    desk.shutdown().await;
}

/// The sandbox's dougong notifications whose body names `id` (a trade's or a refund's req_seq_id).
async fn sent_naming(ctl: &Controls, id: &str) -> Vec<Value> {
    let list = ctl.get("/sandbox/notifications").await;
    list["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["acquirer"] == "dougong" && n["body"].as_str().is_some_and(|b| b.contains(id)))
        .cloned()
        .collect()
}

/// Dougong trade and refund results delivered twice and out of order through the receiver: a repeat is
/// stored once (its count bumped, nothing applied again, nothing sent), and an older pending result that
/// arrives after the final one, whether that final state came by notification or by query, never moves
/// the local trade or refund back.
#[tokio::test(flavor = "multi_thread")]
async fn dougong_trade_and_refund_notifications_twice_and_out_of_order_never_go_back() {
    use desk::services::refund::{RefundForm, RefundState};
    use desk::services::trade::{QrOrderForm, TradeRef};

    let (dir, desk, ctl, rx) = setup().await;
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let h = merchant_with_alipay(&desk, &p, &ctl).await;
    let url = desk.notify_url_for(&p);
    let o = desk
        .create_qr_order(
            &p,
            QrOrderForm { huifu_id: h.clone(), amount_fen: Some(300), notify_url: url.clone(), ..Default::default() },
        )
        .await
        .unwrap();
    let seq = o.trade.req_seq_id.clone();
    let paid = ctl.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), json!({})).await;
    assert!(paid.status().is_success(), "paid: {}", paid.status());
    let trade_rows = |desk: &Desk| {
        rows(desk, SANDBOX_PROFILE, Some("trade")).into_iter().filter(|r| r.order_no == seq).collect::<Vec<_>>()
    };
    until("the channel and the accounting notification", || Some(trade_rows(&desk)).filter(|r| r.len() == 2)).await;
    assert_eq!(desk.trade(&p, &seq).unwrap().unwrap().trans_stat, "S");

    // A refund with a notification, followed to success by it.
    let tref = TradeRef { huifu_id: h.clone(), req_seq_id: Some(seq.clone()), ..Default::default() };
    let r1 = desk
        .submit_refund(
            &p,
            RefundForm { trade: tref.clone(), amount_fen: 100, notify_url: url.clone(), ..Default::default() },
        )
        .await
        .unwrap();
    ctl.advance(3).await;
    let refund_rows = |desk: &Desk, id: &str| {
        rows(desk, SANDBOX_PROFILE, Some("refund")).into_iter().filter(|r| r.order_no == id).collect::<Vec<_>>()
    };
    until("the refund notification", || refund_rows(&desk, &r1.req_seq_id).into_iter().find(|r| r.state == "success"))
        .await;
    assert_eq!(
        desk.refund(&p, &r1.req_seq_id).unwrap().unwrap().state,
        RefundState::Success,
        "moved by the notification"
    );

    // Every one of them delivered again: one row each, counted twice, nothing applied or sent again.
    let requests = ctl.get("/sandbox/requests?limit=1000").await["requests"].as_array().map_or(0, Vec::len);
    let journal_before = desk::journal::open_entries(desk.store(), None).unwrap().len();
    let mut out: Vec<Value> = [sent_naming(&ctl, &seq).await, sent_naming(&ctl, &r1.req_seq_id).await].concat();
    // The refund's notification names the trade's req_seq_id too: listed twice, it would be replayed twice
    // and counted 3 (or 2, when the second replay catches the first still pending: a flaky test).
    let mut seen = std::collections::HashSet::new();
    out.retain(|n| seen.insert(n["id"].as_str().unwrap_or_default().to_string()));
    assert!(out.len() >= 3, "two trade and one refund notification: {out:?}");
    for n in &out {
        assert_eq!(attempted(&ctl, n["id"].as_str().unwrap()).await["state"], "delivered", "{n}");
        replay(&ctl, n["id"].as_str().unwrap()).await;
    }
    until("every repeat counted", || {
        Some(()).filter(|_| trade_rows(&desk).iter().chain(&refund_rows(&desk, &r1.req_seq_id)).all(|r| r.count == 2))
    })
    .await;
    assert_eq!((trade_rows(&desk).len(), refund_rows(&desk, &r1.req_seq_id).len()), (2, 1), "stored once each");
    assert_eq!(
        ctl.get("/sandbox/requests?limit=1000").await["requests"].as_array().map_or(0, Vec::len),
        requests,
        "receiving sends nothing"
    );
    assert_eq!(desk::journal::open_entries(desk.store(), None).unwrap().len(), journal_before);

    // Older pending results, genuinely signed, arriving after the final ones: acknowledged, moving nothing.
    let platform = dougong::keys::PrivateKey::from_text(
        &std::fs::read_to_string(dir.path().join("sandbox/platform_private_key.txt")).unwrap(),
    )
    .unwrap();
    let older = |body: &str, edit: &dyn Fn(&mut Value)| {
        let mut data: Value = serde_json::from_str(&form_field(body, "resp_data")).unwrap();
        data["trans_stat"] = json!("P");
        edit(&mut data);
        dougong::notify::build_form("resp_data", &data, &platform)
    };
    let trade_body = out.iter().find(|n| !n["body"].as_str().unwrap().contains(&r1.req_seq_id)).unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    let refund_body = out.iter().find(|n| n["body"].as_str().unwrap().contains(&r1.req_seq_id)).unwrap()["body"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, text) = post(&rx, SANDBOX_PROFILE, older(&trade_body, &|_| {})).await;
    assert_eq!((status, text), (200, format!("RECV_ORD_ID_{seq}")));
    let (status, text) = post(&rx, SANDBOX_PROFILE, older(&refund_body, &|_| {})).await;
    assert_eq!((status, text), (200, format!("RECV_ORD_ID_{}", r1.req_seq_id)));
    for r in trade_rows(&desk).iter().chain(&refund_rows(&desk, &r1.req_seq_id)).filter(|r| r.state == "pending") {
        assert!(r.effect.starts_with("ignored"), "{r:?}");
    }
    assert_eq!(trade_rows(&desk).iter().filter(|r| r.state == "pending").count(), 1);
    assert_eq!(desk.trade(&p, &seq).unwrap().unwrap().trans_stat, "S", "the trade never moves back");
    assert_eq!(
        desk.refund(&p, &r1.req_seq_id).unwrap().unwrap().state,
        RefundState::Success,
        "the refund never moves back"
    );

    // A refund made final by query, with no notification before: its late pending one moves nothing either.
    let r2 = desk.submit_refund(&p, RefundForm { trade: tref, amount_fen: 50, ..Default::default() }).await.unwrap();
    ctl.advance(3).await;
    let done = desk.follow_refund(&p, &r2.req_seq_id, 40, 100, &|_| {}).await.unwrap();
    assert_eq!(done.state, RefundState::Success);
    let r2_body = older(&refund_body, &|d| {
        d["req_seq_id"] = json!(r2.req_seq_id);
        d["hf_seq_id"] = json!(done.hf_seq_id.clone().unwrap_or_default());
        d["ord_amt"] = json!("0.50");
    });
    let (status, text) = post(&rx, SANDBOX_PROFILE, r2_body.clone()).await;
    assert_eq!((status, text), (200, format!("RECV_ORD_ID_{}", r2.req_seq_id)));
    let late = until("the late refund notification", || refund_rows(&desk, &r2.req_seq_id).into_iter().next()).await;
    assert!(late.verified && late.state == "pending" && !late.effect.contains("now P"), "{late:?}");
    assert_eq!(
        desk.refund(&p, &r2.req_seq_id).unwrap().unwrap().state,
        RefundState::Success,
        "final by query, never moved back"
    );
    // And the same late one twice: still one row.
    post(&rx, SANDBOX_PROFILE, r2_body).await;
    until("counted twice", || refund_rows(&desk, &r2.req_seq_id).into_iter().find(|r| r.count == 2)).await;
    assert_eq!(refund_rows(&desk, &r2.req_seq_id).len(), 1);
    assert_eq!(
        desk.refundable(&p, TradeRef { huifu_id: h.clone(), req_seq_id: Some(seq.clone()), ..Default::default() })
            .await
            .unwrap()
            .refunded_fen,
        150
    );
    rx.stop().await;
    desk.shutdown().await;
}
