#![recursion_limit = "256"]
//! The 慧收钱 and MD5-gateway simulators driven by the real client crates over loopback: order created,
//! paid by a control, notified (verified by the client), queried, refunded or cancelled; tampered
//! signatures refused both ways; the gateway's retry schedule counted.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::json;

use huishouqian::methods::{Close, Memo, Pay, PayType, QrCode, Query, Refund, RefundQuery};
use huishouqian::{MerchantKey, OrderStatus, PlatformKey, SignKey};

type Bodies = Arc<Mutex<Vec<(String, String)>>>;

/// A loopback receiver: `/hsq...` answers `SUCCESS`, `/mpg...` answers `0000`, `/fail...` HTTP 500.
async fn receiver() -> (String, Bodies) {
    let bodies: Bodies = Arc::default();
    async fn handle(State(b): State<Bodies>, uri: axum::http::Uri, body: String) -> (axum::http::StatusCode, String) {
        b.lock().unwrap().push((uri.path().to_string(), body));
        let p = uri.path();
        if p.starts_with("/fail") {
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "FAIL".into())
        } else if p.starts_with("/hsq") {
            (axum::http::StatusCode::OK, huishouqian::ACK.into())
        } else {
            (axum::http::StatusCode::OK, mpgateway::NOTIFY_ACK.into())
        }
    }
    let app = Router::new().route("/{*p}", post(handle)).with_state(bodies.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    (format!("http://{addr}"), bodies)
}

fn bodies_at(b: &Bodies, path: &str) -> Vec<String> {
    b.lock().unwrap().iter().filter(|(p, _)| p == path).map(|(_, body)| body.clone()).collect()
}

fn now_ymdhms() -> String {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    sandbox::clock::ymdhms(ms)
}

async fn hsq_client(env: &common::Env, sign_key: Option<&str>) -> (huishouqian::Client, PlatformKey, SignKey) {
    let c = env.get("/sandbox/huishouqian/credentials").await;
    let platform = PlatformKey::from_cert_or_pem(c["platform_public_key_pem"].as_str().unwrap().as_bytes()).unwrap();
    let sk = SignKey::new(sign_key.unwrap_or(c["sign_key"].as_str().unwrap())).unwrap();
    let client = huishouqian::Client::builder()
        .base_url(env.sb.base_url())
        .merchant_no(c["merchant_no"].as_str().unwrap())
        .merchant_key(MerchantKey::from_pem(c["merchant_private_key_pem"].as_str().unwrap()).unwrap())
        .platform_key(platform.clone())
        .sign_key(sk.clone())
        .build()
        .unwrap();
    (client, platform, sk)
}

fn pay_req(trans_no: &str, notify: &str, pay_type: PayType) -> Pay {
    Pay {
        sub_merchant_no: None,
        trans_no: trans_no.into(),
        pay_type,
        return_url: notify.into(),
        page_url: None,
        order_amt: 100,
        goods_info: "沙箱商品".into(),
        request_date: now_ymdhms(),
        extend: Some("x".into()),
        reuse_pay: None,
        memo: None,
    }
}

#[tokio::test]
async fn huishouqian_order_pay_notify_query_refund() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let (client, platform, sk) = hsq_client(&env, None).await;
    let trans_no = common::seq("HP");

    let out = client.send(&pay_req(&trans_no, &format!("{notify}/hsq/pay"), PayType::DynamicAll)).await.unwrap();
    assert_eq!(out.order_status, OrderStatus::Processing);
    assert!(
        matches!(out.qr(&PayType::DynamicAll).unwrap(), Some(QrCode::Url(u)) if u.contains("/sandbox/huishouqian/qr/"))
    );
    let q = client.send(&Query::new(&trans_no)).await.unwrap();
    assert_eq!(q.order_status, OrderStatus::Processing, "not paid yet");

    // A duplicate transNo is refused with the duplicate code.
    match client.send(&pay_req(&trans_no, &format!("{notify}/hsq/pay"), PayType::DynamicAll)).await {
        Err(huishouqian::Error::Business { code, .. }) => assert_eq!(code, "200003", "订单号已存在,请勿重复提交"),
        other => panic!("expected duplicate refusal, got {other:?}"),
    }

    env.post(&format!("/sandbox/huishouqian/orders/{trans_no}/pay"), json!({})).await;
    assert!(common::until(10, || !bodies_at(&bodies, "/hsq/pay").is_empty()).await, "payment notification delivered");
    let body = bodies_at(&bodies, "/hsq/pay").remove(0);
    match huishouqian::Notification::from_body(body.as_bytes(), &platform, &sk).unwrap() {
        huishouqian::Notification::Payment(p) => {
            assert_eq!(p.trans_no, trans_no);
            assert_eq!(p.order_status, OrderStatus::Success);
            assert_eq!(p.order_amt, 100);
        }
        other => panic!("expected payment, got {other:?}"),
    }
    assert_eq!(client.send(&Query::new(&trans_no)).await.unwrap().order_status, OrderStatus::Success);

    // Partial refund, then its final state by query and by notification.
    let refund_no = common::seq("HR");
    let r = Refund {
        trans_no: refund_no.clone(),
        refund_type: "2".into(),
        orig_trans_no: trans_no.clone(),
        orig_order_amt: 100,
        order_amt: 30,
        request_date: now_ymdhms(),
        refund_reason: Some("测试".into()),
        return_url: Some(format!("{notify}/hsq/refund")),
        extend: None,
    };
    assert_eq!(client.send(&r).await.unwrap().order_status, OrderStatus::Processing);
    let too_much = Refund { trans_no: common::seq("HR"), order_amt: 80, ..r.clone() };
    match client.send(&too_much).await {
        Err(huishouqian::Error::Business { code, .. }) => assert_eq!(code, "100501", "30 + 80 > 100"),
        other => panic!("expected refusal, got {other:?}"),
    }
    assert!(common::until(10, || !bodies_at(&bodies, "/hsq/refund").is_empty()).await, "refund notification delivered");
    let rq = client.send(&RefundQuery { trans_no: refund_no.clone() }).await.unwrap();
    assert_eq!(rq.order_status, OrderStatus::Success);
    assert_eq!(rq.orig_trans_no.as_deref(), Some(trans_no.as_str()));
    let body = bodies_at(&bodies, "/hsq/refund").remove(0);
    assert!(
        matches!(client.verify_notification(body.as_bytes()).unwrap(), huishouqian::Notification::Refund(r) if r.order_amt == 30)
    );
    env.sb.shutdown().await;
}

#[tokio::test]
async fn huishouqian_tampering_and_close() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let (client, _, _) = hsq_client(&env, None).await;

    // JSAPI needs memo.openid/appid; the WeChat parameters come back as a third-level JSON string.
    let t1 = common::seq("HJ");
    let mut p = pay_req(&t1, &format!("{notify}/hsq/t"), PayType::WechatJsapi);
    p.memo = Some(Memo { app_id: Some("wx0001".into()), open_id: Some("o-1".into()), ..Memo::default() });
    let out = client.send(&p).await.unwrap();
    assert!(matches!(out.qr(&PayType::WechatJsapi).unwrap(), Some(QrCode::WechatJsapi(w)) if w.app_id == "wx0001"));

    // A notification whose signature was tampered with is refused by the client.
    env.post(&format!("/sandbox/huishouqian/orders/{t1}/pay"), json!({"tamper_sign": true})).await;
    assert!(common::until(10, || !bodies_at(&bodies, "/hsq/t").is_empty()).await);
    let body = bodies_at(&bodies, "/hsq/t").remove(0);
    assert!(matches!(client.verify_notification(body.as_bytes()), Err(huishouqian::Error::Signature { .. })));

    // An answer whose signature was corrupted in transit is refused.
    env.post("/sandbox/faults", json!({"kind": "bad_sign", "path": "/api/acquiring"})).await;
    assert!(matches!(client.send(&Query::new(&t1)).await, Err(huishouqian::Error::Signature { .. })));

    // A request signed with the wrong sign key is refused by the sandbox (signed refusal).
    let (wrong, _, _) = hsq_client(&env, Some("00000000000000000000000000000000")).await;
    match wrong.send(&Query::new(&t1)).await {
        // The refusal itself is signed with the real key, so the wrong-keyed client cannot verify it either.
        Err(huishouqian::Error::Signature { .. }) | Err(huishouqian::Error::Business { .. }) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }

    // Close an unpaid order; closing a paid one is refused.
    let t2 = common::seq("HC");
    client.send(&pay_req(&t2, &format!("{notify}/hsq/c"), PayType::DynamicWechat)).await.unwrap();
    let c = client.send(&Close { trans_no: t2.clone(), request_date: now_ymdhms() }).await.unwrap();
    assert_eq!(c.order_status, Some(OrderStatus::Fail));
    assert_eq!(client.send(&Query::new(&t2)).await.unwrap().order_status, OrderStatus::Fail);
    match client.send(&Close { trans_no: t1.clone(), request_date: now_ymdhms() }).await {
        Err(huishouqian::Error::Business { code, .. }) => assert_eq!(code, "300401", "交易非法,订单已完成"),
        other => panic!("expected refusal to close a paid order, got {other:?}"),
    }
    env.sb.shutdown().await;
}

async fn mpg_client(env: &common::Env, settings: mpgateway::Settings) -> mpgateway::Client {
    let c = env.get("/sandbox/mpgateway/credentials").await;
    mpgateway::Client::builder()
        .base_url(env.sb.base_url())
        .merid(c["merid"].as_str().unwrap())
        .key(mpgateway::MerchantKey::new(c["key"].as_str().unwrap()).unwrap())
        .settings(settings)
        .build()
        .unwrap()
}

fn mpg_pay(orderid: &str, backurl: &str) -> mpgateway::Pay {
    mpgateway::Pay {
        action: mpgateway::Action::WxSao,
        txnamt: 1234,
        orderid: orderid.into(),
        backurl: backurl.into(),
        fronturl: None,
        code: None,
        openid: None,
        ip: None,
        payway: None,
    }
}

#[tokio::test]
async fn mpgateway_order_pay_notify_query_cancel() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let client = mpg_client(&env, mpgateway::Settings::default()).await;
    let orderid = common::seq("M");

    let out = client.pay(&mpg_pay(&orderid, &format!("{notify}/mpg/pay"))).await.unwrap();
    assert!(out.formaction.as_deref().unwrap().starts_with("weixin://"), "QR content for WxSao");
    assert_eq!(out.txnamt, 1234);
    let q = client
        .query(&mpgateway::OrderKey { orderid: Some(orderid.clone()), queryid: out.queryid.clone() })
        .await
        .unwrap();
    assert_eq!(q.resultcode, None, "nobody paid yet: no resultcode");

    let paid = env.post(&format!("/sandbox/mpgateway/orders/{orderid}/pay"), json!({"resultcode": "1002"})).await;
    assert!(paid["front_redirect"].is_null(), "no fronturl, no front notification");
    assert!(common::until(10, || !bodies_at(&bodies, "/mpg/pay").is_empty()).await);
    let n = client.verify_notification(bodies_at(&bodies, "/mpg/pay")[0].as_bytes()).unwrap();
    assert_eq!((n.resultcode.as_deref(), n.txnamt), (Some("1002"), 1234));
    assert_eq!(mpgateway::codes::outcome("1002", client.settings().paid), mpgateway::Outcome::Paid);
    assert_eq!(mpgateway::codes::outcome("1002", mpgateway::PaidReading::Strict), mpgateway::Outcome::Pending);
    let q = client.query(&mpgateway::OrderKey::orderid(&orderid)).await.unwrap();
    assert_eq!(q.resultcode.as_deref(), Some("1002"));

    // Cancel: refused for a paid order, fine for an unpaid one.
    match client.cancel(&mpgateway::OrderKey::orderid(&orderid)).await {
        Err(mpgateway::Error::Business { code, .. }) => assert_eq!(code, "06"),
        other => panic!("expected refusal, got {other:?}"),
    }
    let o2 = common::seq("M");
    client.pay(&mpg_pay(&o2, &format!("{notify}/mpg/2"))).await.unwrap();
    assert_eq!(client.cancel(&mpgateway::OrderKey::orderid(&o2)).await.unwrap().respcode, "00");
    assert_eq!(client.query(&mpgateway::OrderKey::orderid(&o2)).await.unwrap().resultcode.as_deref(), Some("1003"));
    env.sb.shutdown().await;
}

#[tokio::test]
async fn mpgateway_tamper_and_retry_schedule() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let client = mpg_client(&env, mpgateway::Settings::default()).await;

    // Tampered notification refused by the client.
    let o1 = common::seq("M");
    client.pay(&mpg_pay(&o1, &format!("{notify}/mpg/t"))).await.unwrap();
    env.post(&format!("/sandbox/mpgateway/orders/{o1}/pay"), json!({"tamper_sign": true})).await;
    assert!(common::until(10, || !bodies_at(&bodies, "/mpg/t").is_empty()).await);
    assert!(matches!(
        client.verify_notification(bodies_at(&bodies, "/mpg/t")[0].as_bytes()),
        Err(mpgateway::Error::Signature { .. })
    ));

    // Corrupted answer refused.
    env.post("/sandbox/faults", json!({"kind": "bad_sign", "path": "/api/query"})).await;
    assert!(matches!(client.query(&mpgateway::OrderKey::orderid(&o1)).await, Err(mpgateway::Error::Signature { .. })));

    // A request with a wrong key is refused by the gateway (and its signed refusal fails our check).
    let c = env.get("/sandbox/mpgateway/credentials").await;
    let wrong = mpgateway::Client::builder()
        .base_url(env.sb.base_url())
        .merid(c["merid"].as_str().unwrap())
        .key(mpgateway::MerchantKey::new("wrongwrongwrong1").unwrap())
        .build()
        .unwrap();
    assert!(wrong.query(&mpgateway::OrderKey::orderid(&o1)).await.is_err());
    let log = env.get("/sandbox/requests").await;
    assert!(
        log["requests"].as_array().unwrap().iter().any(|r| r["acquirer"] == "mpgateway" && r["resp_code"] == "01"),
        "{log}"
    );

    // A receiver that never acknowledges gets 10 calls in all (1 + 3 + 3 + 3), then the notification fails.
    let o2 = common::seq("M");
    client.pay(&mpg_pay(&o2, &format!("{notify}/fail/mpg"))).await.unwrap();
    env.post(&format!("/sandbox/mpgateway/orders/{o2}/pay"), json!({})).await;
    let done = common::until(15, || bodies_at(&bodies, "/fail/mpg").len() >= 10).await;
    assert!(done, "10 deliveries");
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(bodies_at(&bodies, "/fail/mpg").len(), 10, "no eleventh call");
    let list = env.get("/sandbox/notifications").await;
    let n = list["notifications"].as_array().unwrap().iter().find(|n| n["about"] == o2.clone()).unwrap().clone();
    assert_eq!(n["state"], "failed");
    assert_eq!(n["attempts"].as_array().unwrap().len(), 10);
    // Replay starts the schedule again.
    let id = n["id"].as_str().unwrap();
    env.post(&format!("/sandbox/notifications/{id}/replay"), json!({})).await;
    assert!(common::until(10, || bodies_at(&bodies, "/fail/mpg").len() >= 11).await, "replayed");
    env.sb.shutdown().await;
}

#[tokio::test]
async fn huishouqian_order_expires_when_the_clock_moves() {
    let env = common::start().await;
    let (notify, _) = receiver().await;
    let (client, _, _) = hsq_client(&env, None).await;
    let t = common::seq("HX");
    let mut p = pay_req(&t, &format!("{notify}/hsq/x"), PayType::DynamicAll);
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    p.memo = Some(Memo { time_expire: Some(sandbox::clock::ymdhms(ms + 120_000)), ..Memo::default() });
    client.send(&p).await.unwrap();
    assert_eq!(client.send(&Query::new(&t)).await.unwrap().order_status, OrderStatus::Processing);
    env.post("/sandbox/clock/advance", json!({"minutes": 5})).await;
    let q = client.send(&Query::new(&t)).await.unwrap();
    assert_eq!(q.order_status, OrderStatus::Fail, "unpaid past memo.timeExpire");
    // 25 minutes ahead of the wall clock, a requestDate from the wall clock is outside the 10-minute window.
    env.post("/sandbox/clock/advance", json!({"minutes": 20})).await;
    match client.send(&pay_req(&common::seq("HX"), &format!("{notify}/hsq/x"), PayType::DynamicAll)).await {
        Err(huishouqian::Error::Business { code, message, .. }) => {
            assert_eq!((code.as_str(), message.contains("requestDate")), ("200002", true))
        }
        other => panic!("expected the requestDate window refusal, got {other:?}"),
    }
    env.sb.shutdown().await;
}
