//! The acquiring interface against the real built-in sandbox (in-process, loopback HTTP), with the real
//! keychain and a real SQLite file: for 慧收钱 and the MD5 gateway an order is created, paid, queried,
//! refunded where the acquirer allows it, its notification verified, a tampered one refused; a double
//! submit never makes a second order; every call is audited.

mod common;

use common::*;
use desk::acquiring::{CreateOrderInput, RefundInput, TradeState, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use desk::services::refund::RefundState;
use desk::ErrorCode;

fn order(desk: &desk::Desk, product: &str, amount_fen: i64) -> CreateOrderInput {
    CreateOrderInput {
        order_no: desk.new_req_seq_id(),
        product: product.into(),
        amount_fen,
        goods: "沙箱商品".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    }
}

async fn wait_refund(desk: &desk::Desk, p: &desk::Profile, refund_no: &str) -> RefundState {
    for _ in 0..100 {
        let r = desk.acquiring_refund_query(p, refund_no, None).await.unwrap();
        if r.state != RefundState::Pending {
            return r.state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    RefundState::Pending
}

#[tokio::test]
async fn huishouqian_through_desk() {
    let (dir, desk) = temp_desk();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let p = desk.profile(SANDBOX_HSQ_PROFILE).unwrap();
    assert_eq!(p.acquirer, desk::Acquirer::Huishouqian);
    assert!(p.key_id.is_some(), "keys are in the keychain and fingerprinted");
    assert!(desk.acquiring_capabilities(&p).refund);

    let input = order(&desk, "DYNAMIC_ALL", 100);
    let o = desk.acquiring_create_order(&p, input.clone()).await.unwrap();
    assert_eq!(o.state, TradeState::Pending);
    assert!(o.qr.as_deref().unwrap().starts_with("http://127.0.0.1:"), "a QR URL to show: {o:?}");
    // A double click: the journal answers the first order, nothing is sent twice.
    let again = desk.acquiring_create_order(&p, input.clone()).await.unwrap();
    assert_eq!(again, o);

    desk.acquiring_sandbox_pay(&p, &o.order_no, false).await.unwrap();
    let n = desk.acquiring_sandbox_notice(&p, &o.order_no).await.unwrap();
    assert_eq!(
        (n.kind.as_str(), n.state, n.amount_fen, n.ack.as_str()),
        ("payment", TradeState::Success, 100, "SUCCESS")
    );
    let q = desk.acquiring_query(&p, &o.order_no, None).await.unwrap();
    assert_eq!(q.state, TradeState::Success);

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
    let r = desk.acquiring_refund(&p, refund.clone()).await.unwrap();
    assert_eq!(r.state, RefundState::Pending);
    assert_eq!(wait_refund(&desk, &p, &refund.refund_no).await, RefundState::Success);
    // More than is left is refused here, before anything is sent (the gateway would answer 100501).
    let too_much = RefundInput { refund_no: desk.new_req_seq_id(), amount_fen: 70, ..refund.clone() };
    let e = desk.acquiring_refund(&p, too_much.clone()).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("amount")),
        "more than is left to refund: {e:?}"
    );
    assert!(
        desk::journal::get(desk.store(), &p.name, &too_much.refund_no).unwrap().is_none(),
        "nothing journalled, nothing sent"
    );
    // A second refund of the same order and amount (a retry by hand with a new number) asks first; when
    // the person says it is meant, it goes, and the audit log records that they said so.
    let repeat = RefundInput { refund_no: desk.new_req_seq_id(), ..refund.clone() };
    let e = desk.acquiring_refund(&p, repeat.clone()).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::ConfirmRepeat, Some("amount")), "{e:?}");
    let meant = RefundInput { allow_repeat: true, ..repeat };
    desk.acquiring_refund(&p, meant.clone()).await.unwrap();
    assert_eq!(wait_refund(&desk, &p, &meant.refund_no).await, RefundState::Success);
    let noted = desk::audit::search(desk.store(), &Default::default()).unwrap().rows;
    assert!(
        noted.iter().any(|r| r.req_seq_id.as_deref() == Some(meant.refund_no.as_str())
            && r.outcome == desk::audit::Outcome::Intent
            && r.error.as_deref().is_some_and(|n| n.contains("confirmed a repeat"))),
        "the confirmation is audited (the intent row's note)"
    );
    // 80 of 100 reserved: 30 more is too much.
    let over = RefundInput { refund_no: desk.new_req_seq_id(), amount_fen: 30, ..refund };
    assert_eq!(desk.acquiring_refund(&p, over).await.unwrap_err().field.as_deref(), Some("amount"));

    // A tampered notification is refused.
    let o2 = desk.acquiring_create_order(&p, order(&desk, "DYNAMIC_WECHAT", 5)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &o2.order_no, true).await.unwrap();
    let e = desk.acquiring_sandbox_notice(&p, &o2.order_no).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Signature, "{e:?}");

    // Close an unpaid order.
    let o3 = desk.acquiring_create_order(&p, order(&desk, "DYNAMIC_ALPAY", 7)).await.unwrap();
    assert_eq!(desk.acquiring_close(&p, &o3.order_no, None).await.unwrap().state, TradeState::Closed);

    // Bad input is stopped before anything is sent, naming the field.
    let mut bad = order(&desk, "WECHAT_JSAPI", 1);
    bad.app_id = Some("wx1".into());
    let e = desk.acquiring_create_order(&p, bad).await.unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (ErrorCode::InvalidInput, Some("payerId")),
        "the form's field, so the page marks it"
    );

    let rows = desk::audit::search(desk.store(), &Default::default()).unwrap().rows;
    assert!(rows.iter().any(|r| r.endpoint == "huishouqian:POLYMERIZE_MAIN_SWEPTN"), "calls are audited");
    assert!(desk::audit::verify(desk.store(), desk.audit_chain()).unwrap().ok);
    // The merchant key never lands in the data directory outside the sandbox's own files.
    let pem_files: Vec<_> = files_under(dir.path())
        .into_iter()
        .filter(|f| !f.starts_with(dir.path().join("sandbox")))
        .filter(|f| std::fs::read(f).map(|b| String::from_utf8_lossy(&b).contains("PRIVATE KEY")).unwrap_or(false))
        .collect();
    assert!(pem_files.is_empty(), "private key text found in {pem_files:?}");
    desk.shutdown().await;
}

#[tokio::test]
async fn mpgateway_through_desk() {
    let (_dir, desk) = temp_desk();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let p = desk.profile(SANDBOX_MPG_PROFILE).unwrap();
    let caps = desk.acquiring_capabilities(&p);
    assert!(!caps.refund && caps.close_kind == "cancel");

    let o = desk.acquiring_create_order(&p, order(&desk, "WxSao", 1234)).await.unwrap();
    assert!(o.qr.as_deref().unwrap().starts_with("weixin://"), "{o:?}");
    assert_eq!(desk.acquiring_query(&p, &o.order_no, None).await.unwrap().state, TradeState::Pending);
    desk.acquiring_sandbox_pay(&p, &o.order_no, false).await.unwrap();
    let n = desk.acquiring_sandbox_notice(&p, &o.order_no).await.unwrap();
    assert_eq!((n.state, n.amount_fen, n.ack.as_str()), (TradeState::Success, 1234, "0000"));
    assert_eq!(desk.acquiring_query(&p, &o.order_no, None).await.unwrap().state, TradeState::Success);

    let e = desk
        .acquiring_refund(
            &p,
            RefundInput {
                refund_no: String::new(),
                order_no: o.order_no.clone(),
                amount_fen: 1,
                order_amount_fen: 1234,
                reason: None,
                notify_url: None,
                merchant: None,
                allow_repeat: false,
            },
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("not supported"), "{e:?}");

    let o2 = desk.acquiring_create_order(&p, order(&desk, "AliSao", 5)).await.unwrap();
    desk.acquiring_sandbox_pay(&p, &o2.order_no, true).await.unwrap();
    assert_eq!(desk.acquiring_sandbox_notice(&p, &o2.order_no).await.unwrap_err().code, ErrorCode::Signature);

    let o3 = desk.acquiring_create_order(&p, order(&desk, "USao", 9)).await.unwrap();
    assert_eq!(desk.acquiring_close(&p, &o3.order_no, None).await.unwrap().state, TradeState::Closed);
    let e = desk.acquiring_close(&p, &o.order_no, None).await.unwrap_err();
    assert_eq!(e.resp_code.as_deref(), Some("06"), "a paid order cannot be cancelled: {e:?}");
    desk.shutdown().await;
}

#[tokio::test]
async fn dougong_notifications_through_the_same_interface() {
    let (_dir, desk) = temp_desk();
    desk.create_profile(desk::NewProfile {
        name: "dg".into(),
        acquirer: Some(desk::Acquirer::Dougong),
        environment: Some(desk::Environment::JointDebug),
        base_url: None,
        sys_id: "6666000100000001".into(),
        product_id: "YYZY".into(),
        extra: Default::default(),
    })
    .unwrap();
    let (_, merchant_b64, _, _) = merchant_key();
    let huifu = dougong::keys::PrivateKey::generate(2048).unwrap();
    desk.import_keys(
        "dg",
        desk::KeyImport {
            private_key: desk::Secret::new(merchant_b64),
            merchant_public_key: None,
            huifu_public_key: Some(huifu.public_key().to_bare_base64()),
        },
    )
    .unwrap();
    let p = desk.profile("dg").unwrap();
    let data = serde_json::json!({"req_seq_id": "20261123120000abc", "trans_stat": "S", "trans_amt": "12.34", "hf_seq_id": "002900"});
    let body = dougong::notify::build_form("resp_data", &data, &huifu);
    let n = desk.acquiring_verify_notification(&p, body.as_bytes()).unwrap();
    assert_eq!((n.state, n.amount_fen, n.order_no.as_str()), (TradeState::Success, 1234, "20261123120000abc"));
    assert_eq!(n.ack, "RECV_ORD_ID_20261123120000abc");
    let tampered = body.replace("12.34", "99.34");
    assert_ne!(tampered, body);
    assert_eq!(desk.acquiring_verify_notification(&p, tampered.as_bytes()).unwrap_err().code, ErrorCode::Signature);
    // Orders go through desk's dougong order service: an order number without a date is refused before
    // anything is sent (orders and refunds themselves are tested against the sandbox in tests/trades.rs).
    let e = desk.acquiring_query(&p, "x", None).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("req_date")), "{e:?}");
}
