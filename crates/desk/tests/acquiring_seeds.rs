//! The seeds' cases through desk (issue 12), against the built-in sandbox with the real keychain and SQLite:
//! a reverse-scan order takes the payer's code, a 1004 协查调单 is a hold, an unknown merid is the unsigned
//! pre-check refusal shown with its respmsg, WQF_APPLET answers the mini-program (not a QR), WxJsApi the
//! payer's link, and the connection test reads the seeds' "not found" codes.

mod common;

use common::*;
use desk::acquiring::{AcquirerKeyImport, CreateOrderInput, TradeState, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use desk::profile::probe::ProbeOutcome;
use desk::ErrorCode;

fn order(desk: &desk::Desk, product: &str) -> CreateOrderInput {
    CreateOrderInput {
        order_no: desk.new_req_seq_id(),
        product: product.into(),
        amount_fen: 321,
        goods: "沙箱商品".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    }
}

async fn control(base_url: &str, path: &str, body: serde_json::Value) {
    let r = reqwest::Client::new().post(format!("{base_url}{path}")).json(&body).send().await.unwrap();
    assert!(r.status().is_success(), "{path}: {}", r.status());
}

#[tokio::test]
async fn mpgateway_reverse_scan_hold_and_pre_check() {
    let (dir, desk) = temp_desk();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let p = desk.profile(SANDBOX_MPG_PROFILE).unwrap();
    let caps = desk.acquiring_capabilities(&p);
    assert_eq!(caps.code_products, ["WxCode", "AliCode", "QQCode"]);

    // Reverse scan without the code: stopped before sending, naming the form's field.
    let e = desk.acquiring_create_order(&p, order(&desk, "WxCode")).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::InvalidInput, Some("payerCode")), "{e:?}");
    // With it: accepted, no QR, paid at once by the sandbox's payer.
    let o = desk
        .acquiring_create_order(
            &p,
            CreateOrderInput { payer_code: Some(" 134567890123456789 ".into()), ..order(&desk, "WxCode") },
        )
        .await
        .unwrap();
    assert_eq!((o.state, o.qr.as_deref(), o.amount_fen), (TradeState::Pending, None, 321));
    assert_eq!(desk.acquiring_query(&p, &o.order_no, None).await.unwrap().state, TradeState::Success);

    // 1004 协查调单: a hold, neither paid nor failed; released to 0000 it is paid.
    let held = desk.acquiring_create_order(&p, order(&desk, "WxSao")).await.unwrap();
    let q = desk.acquiring_query(&p, &held.order_no, None).await.unwrap();
    assert_eq!(
        (q.state, q.raw_status.as_str()),
        (TradeState::Pending, ""),
        "an unpaid order answers an empty resultcode"
    );
    control(
        &p.base_url,
        &format!("/sandbox/mpgateway/orders/{}/pay", held.order_no),
        serde_json::json!({"resultcode": "1004"}),
    )
    .await;
    let q = desk.acquiring_query(&p, &held.order_no, None).await.unwrap();
    assert_eq!((q.state, q.raw_status.as_str()), (TradeState::Hold, "1004"));
    assert_eq!(desk.acquiring_sandbox_notice(&p, &held.order_no).await.unwrap().state, TradeState::Hold);
    control(
        &p.base_url,
        &format!("/sandbox/mpgateway/orders/{}/pay", held.order_no),
        serde_json::json!({"resultcode": "0000"}),
    )
    .await;
    assert_eq!(desk.acquiring_query(&p, &held.order_no, None).await.unwrap().state, TradeState::Success);

    // WxJsApi: the payer's link to the gateway's gopay page.
    let j = desk
        .acquiring_create_order(&p, CreateOrderInput { payer_id: Some("oSBXpayer".into()), ..order(&desk, "WxJsApi") })
        .await
        .unwrap();
    assert!(j.qr.is_none() && j.payer_link.as_deref().is_some_and(|l| l.contains("/wxjsapi/gopay.html?req=")), "{j:?}");

    // The connection test: the made-up order is "not found", as the gateway says it.
    let t = desk.test_connection(&p).await;
    assert_eq!(t.outcome, ProbeOutcome::Ok, "{t:?}");

    // An unknown merid: the gateway answers with an empty sign; desk shows the refusal with its respmsg.
    let creds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("sandbox/mpgateway/credentials.json")).unwrap())
            .unwrap();
    let bad = desk
        .create_profile(desk::NewProfile {
            name: "mpg-unknown-merid".into(),
            acquirer: Some(desk::Acquirer::Mpgateway),
            environment: Some(desk::Environment::Sandbox),
            base_url: Some(p.base_url.clone()),
            sys_id: "999999999999".into(),
            product_id: String::new(),
            extra: Default::default(),
        })
        .unwrap();
    let key = AcquirerKeyImport {
        pfx_base64: None,
        pfx_password: None,
        private_key_pem: None,
        platform_cert: None,
        sign_key: None,
        md5_key: Some(creds["key"].as_str().unwrap().to_string().into()),
    };
    desk.import_acquirer_keys(&bad.name, key).unwrap();
    let bad = desk.profile(&bad.name).unwrap();
    let t = desk.test_connection(&bad).await;
    assert_eq!(t.outcome, ProbeOutcome::Refused, "{t:?}");
    assert!(t.resp_desc.as_deref().is_some_and(|d| d.contains("商户不存在")), "the gateway's own message: {t:?}");
    assert!(t.hint.as_deref().is_some_and(|h| h.contains("merid")), "{t:?}");
    let e = desk.acquiring_create_order(&bad, order(&desk, "WxSao")).await.unwrap_err();
    assert_eq!((e.code, e.resp_code.as_deref()), (ErrorCode::Refused, Some("05")), "{e:?}");
    assert!(
        e.message.contains("pre-check") && e.resp_desc.as_deref().is_some_and(|d| d.contains("商户不存在")),
        "{e:?}"
    );
    desk.shutdown().await;
}

#[tokio::test]
async fn huishouqian_wqf_applet_close_and_connection_test() {
    let (_dir, desk) = temp_desk();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let p = desk.profile(SANDBOX_HSQ_PROFILE).unwrap();

    let o = desk.acquiring_create_order(&p, order(&desk, "WQF_APPLET")).await.unwrap();
    assert_eq!((o.state, o.qr.as_deref()), (TradeState::Pending, None), "not a QR: {o:?}");
    let mp = o.mini_program.expect("the mini-program to open");
    assert!(
        mp.appid.starts_with("wx")
            && mp.path.starts_with("pages/checkout/counter?q=")
            && mp.username.starts_with("gh_")
            && mp.version == "trial",
        "{mp:?}"
    );

    // Close: the seed's 200017 订单关闭成功, then the order reads closed (100207 交易已取消).
    let closed = desk.acquiring_close(&p, &o.order_no, None).await.unwrap();
    assert_eq!(closed.state, TradeState::Closed, "{closed:?}");
    // A query for an order that does not exist is the seed's 100206, a refusal naming it.
    let e = desk.acquiring_query(&p, "NOSUCHORDER1", None).await.unwrap_err();
    assert_eq!((e.code, e.resp_code.as_deref()), (ErrorCode::Refused, Some("100206")), "{e:?}");
    let t = desk.test_connection(&p).await;
    assert_eq!(t.outcome, ProbeOutcome::Ok, "{t:?}");
    desk.shutdown().await;
}
