//! Trades and refunds through desk's services against the real built-in sandbox (in-process, loopback
//! HTTP), real keychain, real SQLite file: a QR order paid by the sandbox's control, refunded in parts and
//! then in full, an over-refund refused here naming `amount`, a double submit making one refund, a lost
//! answer settled by query after a restart, a payment-code charge, a close, a split refund.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::acquiring::TradeState;
use desk::journal::{self, JournalState};
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::services::refund::{RefundFilter, RefundForm, RefundState};
use desk::services::trade::close::CloseForm;
use desk::services::trade::{PayCodeForm, QrOrderForm, SplitPart, TradeRef};
use desk::{Desk, ErrorCode, Profile, SANDBOX_PROFILE};
use sandbox_controls::{indv_form, Controls};

const REFUND: &str = "/v2/trade/payment/scanpay/refund";
const JSPAY: &str = "/v2/trade/payment/jspay";

/// An individual merchant with Alipay open (no realname needed for Alipay trades).
async fn merchant(desk: &Desk) -> (Controls, Profile, String) {
    let base = desk.ensure_sandbox_running().await.unwrap();
    let ctl = Controls::new(&base);
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_individual(&p, indv_form(pics.path()), &|_| {}).await.unwrap();
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
    (ctl, p, on.huifu_id)
}

fn tref(h: &str, seq: &str) -> TradeRef {
    TradeRef { huifu_id: h.into(), req_seq_id: Some(seq.into()), ..Default::default() }
}

/// A paid QR order of `fen`.
async fn paid_order(desk: &Desk, ctl: &Controls, p: &Profile, h: &str, fen: i64) -> String {
    let o = desk
        .create_qr_order(p, QrOrderForm { huifu_id: h.into(), amount_fen: Some(fen), ..Default::default() })
        .await
        .unwrap();
    let hf = o.trade.hf_seq_id.clone().unwrap();
    let r = ctl.post(&format!("/sandbox/orders/{hf}/pay"), serde_json::json!({})).await;
    assert!(r.status().is_success(), "paid: {}", r.status());
    o.trade.req_seq_id
}

async fn refund_records(ctl: &Controls, seq: &str) -> usize {
    ctl.records("refunds").await.iter().filter(|r| r["req_seq_id"] == seq).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_qr_order_is_paid_and_refunded_in_parts_never_beyond_what_was_paid() {
    let (_dir, desk) = temp_desk();
    let (ctl, p, h) = merchant(&desk).await;

    // Default: 1 fen Alipay QR. The QR is drawn; a double submit is the same order, sent once.
    let seq = desk.new_req_seq_id();
    let form = QrOrderForm {
        req_seq_id: Some(seq.clone()),
        huifu_id: h.clone(),
        amount_fen: Some(100),
        goods_desc: Some("测试".into()),
        ..Default::default()
    };
    let o = desk.create_qr_order(&p, form.clone()).await.unwrap();
    assert_eq!(
        (o.trade.state, o.trade.amount_fen, o.trade.trade_type.as_str()),
        (TradeState::Pending, 100, "A_NATIVE")
    );
    let qr = o.qr.clone().expect("a QR image");
    assert!(qr.svg.contains("<svg") && !qr.png_base64.is_empty() && qr.content.contains("/sandbox/pay/"), "{qr:?}");
    let again = desk.create_qr_order(&p, form).await.unwrap();
    assert_eq!(again.trade.hf_seq_id, o.trade.hf_seq_id);
    assert_eq!(ctl.requests_to(JSPAY).await, 1, "the second submit was not sent");
    let e = desk
        .create_qr_order(&p, QrOrderForm { huifu_id: h.clone(), amount_fen: Some(0), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("amount")));

    // Not paid yet: nothing refundable, a refund is refused here.
    assert_eq!(desk.refundable(&p, tref(&h, &seq)).await.unwrap().refundable_fen, 0);
    desk.acquiring_sandbox_pay(&p, &seq, false).await.unwrap();
    let t = desk.query_trade(&p, tref(&h, &seq)).await.unwrap();
    assert_eq!((t.state, t.trans_stat.as_str()), (TradeState::Success, "S"));
    assert_eq!(
        desk.list_trades(&p, Some(&h), 10).unwrap()[0].state,
        TradeState::Success,
        "kept locally for the refund page"
    );

    // Refund 0.30: the draft fixes the id; a double submit makes one refund.
    let draft = desk.prepare_refund(&p, tref(&h, &seq)).await.unwrap();
    assert_eq!((draft.refundable.paid_fen, draft.refundable.refundable_fen), (100, 100));
    let form = RefundForm {
        req_seq_id: Some(draft.req_seq_id.clone()),
        trade: tref(&h, &seq),
        amount_fen: 30,
        reason: "破损".into(),
        note: "客户来电".into(),
        ..Default::default()
    };
    // The preview is what the send signs, byte for byte, and storing or sending nothing.
    let preview = desk.preview_refund(&p, form.clone()).unwrap();
    assert_eq!(preview.endpoint, "/v2/trade/payment/scanpay/refund");
    let shown: serde_json::Value = serde_json::from_str(&preview.data).unwrap();
    assert_eq!((shown["ord_amt"].as_str(), shown["org_req_seq_id"].as_str()), (Some("0.30"), Some(seq.as_str())));
    assert_eq!(shown["remark"].as_str(), Some("破损"));
    assert!(shown.get("org_hf_seq_id").is_none() && shown.get("note").is_none(), "{shown}");
    assert!(journal::get(desk.store(), &p.name, &draft.req_seq_id).unwrap().is_none(), "a preview journals nothing");
    assert_eq!(ctl.requests_to(REFUND).await, 0, "a preview sends nothing");
    let e = desk.preview_refund(&p, RefundForm { amount_fen: 0, ..form.clone() }).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("amount"), "a preview checks the form as a send does");
    let r1 = desk.submit_refund(&p, form.clone()).await.unwrap();
    assert_eq!(r1.state, RefundState::Pending);
    let sent = journal::get(desk.store(), &p.name, &draft.req_seq_id).unwrap().unwrap();
    assert_eq!(
        sent.request_hash,
        desk::request_hash(shown.as_object().unwrap()),
        "the send signed what the preview showed"
    );
    assert_eq!(dougong::canonical::request_string(shown.as_object().unwrap()), preview.data);
    let r1b = desk.submit_refund(&p, form.clone()).await.unwrap();
    assert_eq!(r1b.hf_seq_id, r1.hf_seq_id);
    assert_eq!(refund_records(&ctl, &draft.req_seq_id).await, 1);
    assert_eq!(ctl.requests_to(REFUND).await, 1, "the second submit re-used the journalled answer");

    // While it is pending its amount is reserved; asking for more than is left is refused here.
    let left = desk.refundable(&p, tref(&h, &seq)).await.unwrap();
    assert_eq!((left.pending_fen, left.refundable_fen), (30, 70));
    let over = RefundForm { req_seq_id: None, amount_fen: 71, ..form.clone() };
    let e = desk.submit_refund(&p, over).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("amount")), "{e:?}");
    assert_eq!(ctl.requests_to(REFUND).await, 1, "nothing sent");

    ctl.advance(3).await;
    let r1 = desk.follow_refund(&p, &draft.req_seq_id, 40, 100, &|_| {}).await.unwrap();
    assert_eq!(r1.state, RefundState::Success);

    // The rest (two more partials), then nothing is left.
    for amount in [50, 20] {
        let d = desk.prepare_refund(&p, tref(&h, &seq)).await.unwrap();
        let r = desk
            .submit_refund(
                &p,
                RefundForm { req_seq_id: Some(d.req_seq_id.clone()), amount_fen: amount, ..form.clone() },
            )
            .await
            .unwrap();
        assert_eq!(r.state, RefundState::Pending);
        ctl.advance(3).await;
        assert_eq!(desk.follow_refund(&p, &d.req_seq_id, 40, 100, &|_| {}).await.unwrap().state, RefundState::Success);
    }
    let left = desk.refundable(&p, tref(&h, &seq)).await.unwrap();
    assert_eq!((left.refunded_fen, left.refundable_fen), (100, 0));
    let e = desk.submit_refund(&p, RefundForm { req_seq_id: None, amount_fen: 1, ..form.clone() }).await.unwrap_err();
    assert_eq!(e.field.as_deref(), Some("amount"));
    let list = desk.list_refunds(&p, &RefundFilter { trade: Some(seq.clone()), ..Default::default() }).unwrap();
    assert_eq!(list.len(), 3);
    assert!(
        list.iter().all(|r| r.reason == "破损" && r.note == "客户来电" && r.state == RefundState::Success),
        "{list:?}"
    );
    assert_eq!(ctl.requests_to(REFUND).await, 3);

    // The same through the acquiring interface.
    let seq2 = paid_order(&desk, &ctl, &p, &h, 10).await;
    let v = desk.acquiring_query(&p, &seq2, Some(&h)).await.unwrap();
    assert_eq!(v.state, TradeState::Success);
    let rv = desk
        .acquiring_refund(
            &p,
            desk::acquiring::RefundInput {
                refund_no: String::new(),
                order_no: seq2.clone(),
                amount_fen: 11,
                order_amount_fen: 10,
                reason: None,
                notify_url: None,
                merchant: Some(h.clone()),
                allow_repeat: false,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(rv.field.as_deref(), Some("amountFen"));
    let rv = desk
        .acquiring_refund(
            &p,
            desk::acquiring::RefundInput {
                refund_no: String::new(),
                order_no: seq2.clone(),
                amount_fen: 10,
                order_amount_fen: 10,
                reason: None,
                notify_url: None,
                merchant: Some(h.clone()),
                allow_repeat: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(rv.state, RefundState::Pending);
    ctl.advance(3).await;
    assert_eq!(desk.acquiring_refund_query(&p, &rv.refund_no, Some(&h)).await.unwrap().state, RefundState::Success);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_refund_answer_is_settled_by_query_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::open(dir.path()).await.unwrap();
    let (ctl, p, h) = merchant(&desk).await;
    let seq = paid_order(&desk, &ctl, &p, &h, 50).await;
    ctl.fault("drop", REFUND, serde_json::json!({})).await;
    let d = desk.prepare_refund(&p, tref(&h, &seq)).await.unwrap();
    let form = RefundForm {
        req_seq_id: Some(d.req_seq_id.clone()),
        trade: tref(&h, &seq),
        amount_fen: 20,
        ..Default::default()
    };
    let e = desk.submit_refund(&p, form.clone()).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::OutcomeUnknown, "{e:?}");
    assert_eq!(desk.refund(&p, &d.req_seq_id).unwrap().unwrap().state, RefundState::Unknown);
    assert_eq!(refund_records(&ctl, &d.req_seq_id).await, 1, "the sandbox did take it");

    // The process "dies"; a new one settles the write by the refund query at start.
    desk.shutdown().await;
    drop(desk);
    let desk = Desk::open(dir.path()).await.unwrap();
    let report = desk.startup_report().unwrap();
    assert_eq!((report.checked, report.settled), (1, 1), "{report:?}");
    assert_eq!(
        journal::get(desk.store(), SANDBOX_PROFILE, &d.req_seq_id).unwrap().unwrap().state,
        JournalState::Settled
    );
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let ctl = Controls::new(&p.base_url);
    // The found refund is reserved.
    assert_eq!(desk.refundable(&p, tref(&h, &seq)).await.unwrap().refundable_fen, 30);
    // A retry of the form returns the found refund without sending.
    let r = desk.submit_refund(&p, form).await.unwrap();
    assert!(matches!(r.state, RefundState::Pending | RefundState::Success), "{r:?}");
    ctl.advance(3).await;
    assert_eq!(desk.follow_refund(&p, &d.req_seq_id, 40, 100, &|_| {}).await.unwrap().state, RefundState::Success);
    assert_eq!(refund_records(&ctl, &d.req_seq_id).await, 1);
    assert_eq!(ctl.requests_to(REFUND).await, 1, "settled by query, never sent twice");

    // A lost order answer: found by the scan query on retry, no second order.
    ctl.fault("drop", JSPAY, serde_json::json!({})).await;
    let oseq = desk.new_req_seq_id();
    let form = QrOrderForm { req_seq_id: Some(oseq.clone()), huifu_id: h.clone(), ..Default::default() };
    assert_eq!(desk.create_qr_order(&p, form.clone()).await.unwrap_err().code, ErrorCode::OutcomeUnknown);
    let o = desk.create_qr_order(&p, form).await.unwrap();
    assert!(o.trade.hf_seq_id.is_some() && o.qr.is_none(), "found by query, its QR not recoverable: {o:?}");
    assert!(o.trade.message.contains("close it"), "{}", o.trade.message);
    assert_eq!(ctl.records("orders").await.iter().filter(|x| x["req_seq_id"] == oseq.as_str()).count(), 1);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payment_code_is_charged_once_and_an_unpaid_order_is_closed() {
    let (_dir, desk) = temp_desk();
    let (ctl, p, h) = merchant(&desk).await;

    let code = desk.sandbox_payment_code("alipay").await.unwrap();
    let seq = desk.new_req_seq_id();
    let form = PayCodeForm {
        req_seq_id: Some(seq.clone()),
        huifu_id: h.clone(),
        auth_code: code,
        amount_fen: Some(5),
        ..Default::default()
    };
    let t = desk.pay_by_code(&p, form.clone()).await.unwrap();
    assert_eq!(
        (t.state, t.kind.as_str(), t.trade_type.as_str()),
        (TradeState::Success, "micropay", "A_MICROPAY"),
        "{t:?}"
    );
    assert_eq!(desk.pay_by_code(&p, form).await.unwrap().hf_seq_id, t.hf_seq_id, "a double submit charges once");
    assert_eq!(ctl.requests_to("/v2/trade/payment/micropay").await, 1);
    // Two clicks at the same moment: one charge; the other waits its turn or is told it is in flight.
    let code = desk.sandbox_payment_code("alipay").await.unwrap();
    let both = PayCodeForm {
        req_seq_id: Some(desk.new_req_seq_id()),
        huifu_id: h.clone(),
        auth_code: code,
        amount_fen: Some(7),
        ..Default::default()
    };
    let (a, b) = tokio::join!(desk.pay_by_code(&p, both.clone()), desk.pay_by_code(&p, both.clone()));
    assert!(a.is_ok() || b.is_ok(), "{a:?} {b:?}");
    for r in [&a, &b] {
        if let Err(e) = r {
            assert_eq!(e.code, ErrorCode::InFlight, "{e:?}");
        }
    }
    assert_eq!(ctl.requests_to("/v2/trade/payment/micropay").await, 2, "one send per payment code");
    let e = desk
        .pay_by_code(&p, PayCodeForm { huifu_id: h.clone(), auth_code: "12ab".into(), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("auth_code"));

    // Close: refused in the first minute, accepted after, final a moment later.
    let o = desk.create_qr_order(&p, QrOrderForm { huifu_id: h.clone(), ..Default::default() }).await.unwrap();
    let oseq = o.trade.req_seq_id.clone();
    let e = desk.close_trade(&p, CloseForm { req_seq_id: None, trade: tref(&h, &oseq) }).await.unwrap_err();
    assert_eq!(e.resp_code.as_deref(), Some("10000015"), "{e:?}");
    ctl.advance(61).await;
    let c = desk.close_trade(&p, CloseForm { req_seq_id: None, trade: tref(&h, &oseq) }).await.unwrap();
    assert_eq!(c.state, TradeState::Pending);
    ctl.advance(3).await;
    assert_eq!(desk.close_status(&p, tref(&h, &oseq), None).await.unwrap().state, TradeState::Success);
    assert_eq!(desk.query_trade(&p, tref(&h, &oseq)).await.unwrap().state, TradeState::Closed);
    desk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_split_trade_is_refunded_per_receiver() {
    use desk::services::split::SplitForm;
    let (_dir, desk) = temp_desk();
    let (ctl, p, h) = merchant(&desk).await;
    let pics = tempfile::tempdir().unwrap();
    let other = desk.onboard_individual(&p, indv_form(pics.path()), &|_| {}).await.unwrap().huifu_id;
    desk.configure_split(
        &p,
        SplitForm {
            huifu_id: h.clone(),
            rule_origin: "01".into(),
            div_flag: "Y".into(),
            apply_ratio: "15.00".into(),
            start_type: "0".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let split =
        vec![SplitPart { huifu_id: h.clone(), amount_fen: 90 }, SplitPart { huifu_id: other.clone(), amount_fen: 10 }];
    let o = desk
        .create_qr_order(
            &p,
            QrOrderForm { huifu_id: h.clone(), amount_fen: Some(100), split: split.clone(), ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!(o.trade.split, split);
    ctl.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), serde_json::json!({})).await;
    let seq = o.trade.req_seq_id.clone();
    let left = desk.refundable(&p, tref(&h, &seq)).await.unwrap();
    assert_eq!(left.split, split, "the page can show what each receiver got");

    let bad =
        vec![SplitPart { huifu_id: h.clone(), amount_fen: 45 }, SplitPart { huifu_id: other.clone(), amount_fen: 4 }];
    let e = desk
        .submit_refund(&p, RefundForm { trade: tref(&h, &seq), amount_fen: 50, split: bad, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("split"), "parts must add up to the amount");
    let parts =
        vec![SplitPart { huifu_id: h.clone(), amount_fen: 45 }, SplitPart { huifu_id: other.clone(), amount_fen: 5 }];
    let r = desk
        .submit_refund(
            &p,
            RefundForm { trade: tref(&h, &seq), amount_fen: 50, split: parts.clone(), ..Default::default() },
        )
        .await
        .unwrap();
    assert_eq!((r.state, r.split.clone()), (RefundState::Pending, parts));
    ctl.advance(3).await;
    assert_eq!(desk.follow_refund(&p, &r.req_seq_id, 40, 100, &|_| {}).await.unwrap().state, RefundState::Success);
    let left = desk.refundable(&p, tref(&h, &seq)).await.unwrap();
    let rest =
        vec![SplitPart { huifu_id: h.clone(), amount_fen: 45 }, SplitPart { huifu_id: other.clone(), amount_fen: 5 }];
    assert_eq!((left.refundable_fen, left.split_refundable), (50, rest), "each receiver's part still refundable");
    // The other receiver got 10 and gave 5 back: 6 more is refused here, naming the part, before sending
    // (Huifu would answer 23000003).
    let too_much =
        vec![SplitPart { huifu_id: h.clone(), amount_fen: 4 }, SplitPart { huifu_id: other.clone(), amount_fen: 6 }];
    let e = desk
        .submit_refund(&p, RefundForm { trade: tref(&h, &seq), amount_fen: 10, split: too_much, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("split[1].amount"), "{e:?}");
    let stranger = vec![
        SplitPart { huifu_id: h.clone(), amount_fen: 4 },
        SplitPart { huifu_id: "6666000199999999".into(), amount_fen: 6 },
    ];
    let e = desk
        .submit_refund(&p, RefundForm { trade: tref(&h, &seq), amount_fen: 10, split: stranger, ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("split[1].huifu_id"), "{e:?}");
    assert_eq!(desk.list_refunds(&p, &Default::default()).unwrap().len(), 1, "nothing refused was recorded or sent");
    desk.shutdown().await;
}

/// The body of the latest notification the sandbox sent that names `id`.
async fn notice_about(ctl: &Controls, id: &str) -> String {
    for _ in 0..100 {
        let list = ctl.get("/sandbox/notifications").await;
        let found = list["notifications"]
            .as_array()
            .into_iter()
            .flatten()
            .rev()
            .find_map(|n| n["body"].as_str().filter(|b| b.contains(id)).map(str::to_string));
        if let Some(b) = found {
            return b;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no notification about {id}");
}

#[tokio::test(flavor = "multi_thread")]
async fn notifications_move_the_local_trade_and_refund_without_a_query() {
    let (_dir, desk) = temp_desk();
    let (ctl, p, h) = merchant(&desk).await;
    let url = desk::acquiring::SANDBOX_NOTIFY_URL.to_string();
    let o = desk
        .create_qr_order(
            &p,
            QrOrderForm {
                huifu_id: h.clone(),
                amount_fen: Some(20),
                notify_url: Some(url.clone()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let seq = o.trade.req_seq_id.clone();
    ctl.post(&format!("/sandbox/orders/{}/pay", o.trade.hf_seq_id.clone().unwrap()), serde_json::json!({})).await;
    let body = notice_about(&ctl, &seq).await;
    let got = desk.receive_notification(SANDBOX_PROFILE, body.as_bytes()).unwrap();
    assert_eq!(got.ack.as_deref(), Some(format!("RECV_ORD_ID_{seq}").as_str()));
    assert_eq!(
        desk.trade(&p, &seq).unwrap().unwrap().state,
        TradeState::Success,
        "paid, known from the notification alone"
    );

    let r = desk
        .submit_refund(
            &p,
            RefundForm { trade: tref(&h, &seq), amount_fen: 20, notify_url: Some(url), ..Default::default() },
        )
        .await
        .unwrap();
    ctl.advance(3).await;
    let body = notice_about(&ctl, &r.req_seq_id).await;
    desk.receive_notification(SANDBOX_PROFILE, body.as_bytes()).unwrap();
    assert_eq!(desk.refund(&p, &r.req_seq_id).unwrap().unwrap().state, RefundState::Success);
    desk.shutdown().await;
}
