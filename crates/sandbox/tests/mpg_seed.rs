#![recursion_limit = "256"]
//! Seed 002's cases against the MD5-gateway simulator through the real client: reverse scan with and
//! without the payer's code, the unsigned pre-check refusal of an unknown merid, 1004 as a hold, an empty
//! resultcode, queryid over orderid, the WxJsApi pages, int txnamt.

mod common;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use common::oracles;
use serde_json::{json, Value};

use mpgateway::codes::{self, Outcome};
use mpgateway::{Action, OrderKey, PaidReading, Pay};

type Bodies = Arc<Mutex<Vec<String>>>;

/// A loopback receiver that acknowledges with `0000`.
async fn receiver() -> (String, Bodies) {
    let bodies: Bodies = Arc::default();
    async fn handle(State(b): State<Bodies>, body: String) -> &'static str {
        b.lock().unwrap().push(body);
        "0000"
    }
    let app = Router::new().route("/n", post(handle)).with_state(bodies.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    (format!("http://{addr}/n"), bodies)
}

async fn client(env: &common::Env, merid: Option<&str>, settings: mpgateway::Settings) -> mpgateway::Client {
    let c = env.get("/sandbox/mpgateway/credentials").await;
    mpgateway::Client::builder()
        .base_url(env.sb.base_url())
        .merid(merid.unwrap_or(c["merid"].as_str().unwrap()))
        .key(mpgateway::MerchantKey::new(c["key"].as_str().unwrap()).unwrap())
        .settings(settings)
        .build()
        .unwrap()
}

fn pay(action: Action, orderid: &str, backurl: &str) -> Pay {
    Pay {
        action,
        txnamt: 250,
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
async fn reverse_scan_with_and_without_the_payers_code() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let c = client(&env, None, Default::default()).await;
    for action in [Action::WxCode, Action::AliCode, Action::QQCode] {
        // Without the code the client stops it, naming the field; sent anyway, the gateway refuses it too.
        let o = common::seq("R");
        match c.pay(&pay(action, &o, &notify)).await {
            Err(mpgateway::Error::Invalid(f)) => assert_eq!(f.field, "code"),
            other => panic!("{action:?} without a code: {other:?}"),
        }
        let raw = pay(action, &o, &notify).to_json(c.merid(), mpgateway::AmountEncoding::Number).to_string();
        match c.send_prepared::<mpgateway::PayOutput>(&prepared(&env, &raw).await).await {
            Err(mpgateway::Error::Business { message, .. }) => assert!(message.contains("code"), "{message}"),
            other => panic!("the gateway takes no reverse scan without code: {other:?}"),
        }
        // With the code: accepted, no QR (formaction is for 正扫), paid, notified.
        let out = c.pay(&Pay { code: Some("134567890123456789".into()), ..pay(action, &o, &notify) }).await.unwrap();
        assert_eq!((out.respcode.as_str(), out.txnamt, out.formaction.as_deref()), ("00", 250, None), "{action:?}");
        let q = c.query(&OrderKey::orderid(&o)).await.unwrap();
        assert_eq!(q.resultcode.as_deref(), Some("0000"));
        assert!(common::until(10, || bodies.lock().unwrap().iter().any(|b| b.contains("resp="))).await);
    }
    // A forward scan answers the QR in formaction and takes no code.
    let o = common::seq("F");
    let out = c.pay(&pay(Action::WxSao, &o, &notify)).await.unwrap();
    assert!(out.formaction.unwrap().starts_with("weixin://"));
    env.sb.shutdown().await;
}

/// A request signed with the sandbox merchant's key by coreutils (what any client would post).
async fn prepared(env: &common::Env, json: &str) -> mpgateway::Prepared {
    let c = env.get("/sandbox/mpgateway/credentials").await;
    let req = oracles::b64(json);
    let sign = oracles::md5(&req, c["key"].as_str().unwrap());
    mpgateway::Prepared { path: mpgateway::client::PAY_PATH, json: json.into(), req, sign }
}

#[tokio::test]
async fn an_unknown_merid_is_an_unsigned_refusal_shown_with_its_respmsg() {
    let env = common::start().await;
    let c = client(&env, Some("999999999999"), Default::default()).await;
    match c.query(&OrderKey::orderid("NOSUCHORDER1")).await {
        Err(mpgateway::Error::PreCheck { code, message }) => {
            assert!(!code.is_empty() && message.contains("商户不存在"), "{code} {message}");
        }
        other => panic!("expected the pre-check refusal, not a signature failure: {other:?}"),
    }
    // The body really carries an empty sign (seed §2.2).
    let json = json!({"merid": "999999999999", "orderid": "NOSUCHORDER1"}).to_string();
    let req = oracles::b64(&json);
    let body = oracles::form(&[("req", &req), ("sign", &oracles::md5(&req, "whatever-key"))]);
    let v: Value = env
        .http
        .post(env.url("/api/query"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["sign"], "", "{v}");
    // An unsigned answer that claims success is still a signature failure.
    let forged = json!({"resp": oracles::b64(r#"{"respcode":"00","orderid":"X"}"#), "sign": ""}).to_string();
    assert!(matches!(
        mpgateway::wire::verify_answer(
            200,
            forged.as_bytes(),
            &mpgateway::MerchantKey::new("abcdefgh1").unwrap(),
            Default::default()
        ),
        Err(mpgateway::Error::Signature { .. })
    ));
    env.sb.shutdown().await;
}

#[tokio::test]
async fn empty_resultcode_1004_hold_and_queryid_over_orderid() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let c = client(&env, None, Default::default()).await;
    let (a, b) = (common::seq("A"), common::seq("B"));
    let out_a = c.pay(&pay(Action::AliSao, &a, &notify)).await.unwrap();
    c.pay(&pay(Action::WxSao, &b, &notify)).await.unwrap();

    // Unpaid: the query answers without a resultcode (seed §3.5.4 lists no 1001) and without paytime.
    let q = c.query(&OrderKey::orderid(&a)).await.unwrap();
    assert_eq!((q.resultcode, q.paytime, q.txnamt), (None, None, 250));
    assert_eq!(codes::outcome("", PaidReading::Lenient), Outcome::Pending);

    // queryid of A with orderid of B: the gateway goes by queryid.
    let both = OrderKey { queryid: out_a.queryid.clone(), orderid: Some(b.clone()) };
    assert_eq!(c.query(&both).await.unwrap().orderid, a);
    assert_eq!(c.query(&OrderKey::queryid(out_a.queryid.clone().unwrap())).await.unwrap().orderid, a);

    // 1004 协查调单: a hold under either reading, in the query and the notification; then released.
    env.post(&format!("/sandbox/mpgateway/orders/{a}/pay"), json!({"resultcode": "1004"})).await;
    let q = c.query(&OrderKey::orderid(&a)).await.unwrap();
    assert_eq!(q.resultcode.as_deref(), Some("1004"));
    for r in [PaidReading::Lenient, PaidReading::Strict] {
        assert_eq!(codes::outcome("1004", r), Outcome::Hold);
    }
    assert!(common::until(10, || !bodies.lock().unwrap().is_empty()).await);
    let n = c.verify_notification(bodies.lock().unwrap()[0].as_bytes()).unwrap();
    assert_eq!((n.resultcode.as_deref(), n.txnamt), (Some("1004"), 250));
    assert!(
        matches!(c.cancel(&OrderKey::orderid(&a)).await, Err(mpgateway::Error::Business { .. })),
        "a held order is not cancelled"
    );
    env.post(&format!("/sandbox/mpgateway/orders/{a}/pay"), json!({"resultcode": "0000"})).await;
    assert_eq!(c.query(&OrderKey::orderid(&a)).await.unwrap().resultcode.as_deref(), Some("0000"));

    // Cancel by queryid; the answer carries no resultcode (seed §3.6.4), the query then 1003.
    let out_b = c.query(&OrderKey::orderid(&b)).await.unwrap();
    let cancelled = c.cancel(&OrderKey::queryid(out_b.queryid.clone().unwrap())).await.unwrap();
    assert_eq!((cancelled.orderid.as_deref(), cancelled.txnamt), (Some(b.as_str()), Some(250)));
    assert_eq!(c.query(&OrderKey::orderid(&b)).await.unwrap().resultcode.as_deref(), Some("1003"));
    match c.query(&OrderKey::orderid("NOSUCHORDER1")).await {
        Err(mpgateway::Error::Business { code, message, .. }) => {
            assert_eq!(
                codes::classify(&code, &message, &Default::default()),
                mpgateway::CodeClass::NotFound,
                "{code} {message}"
            )
        }
        other => panic!("{other:?}"),
    }
    env.sb.shutdown().await;
}

#[tokio::test]
async fn txnamt_is_int_and_a_string_is_refused() {
    let env = common::start().await;
    let (notify, _) = receiver().await;
    let c = client(&env, None, Default::default()).await;
    let o = common::seq("I");
    let prepared = c.prepare_pay(&pay(Action::WxSao, &o, &notify)).unwrap();
    let sent: Value = serde_json::from_str(&prepared.json).unwrap();
    assert_eq!(sent["txnamt"], 250, "int, as the seed types it");
    c.send_prepared::<mpgateway::PayOutput>(&prepared).await.unwrap();
    // A deployment that wants strings is a setting; this gateway (the seed's) refuses them.
    let strings =
        client(&env, None, mpgateway::Settings { amounts: mpgateway::AmountEncoding::String, ..Default::default() })
            .await;
    match strings.pay(&pay(Action::WxSao, &common::seq("I"), &notify)).await {
        Err(mpgateway::Error::Business { message, .. }) => assert!(message.contains("txnamt"), "{message}"),
        other => panic!("{other:?}"),
    }
    env.sb.shutdown().await;
}

#[tokio::test]
async fn wxjsapi_openid_then_pay_then_gopay() {
    let env = common::start().await;
    let (notify, bodies) = receiver().await;
    let c = client(&env, None, Default::default()).await;
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().build().unwrap();

    // 1. openid.html (unsigned) sends the payer back to backurl with the openid.
    let url = c.openid_url("http://127.0.0.1:9/shop/pay?step=2", Some("3852")).unwrap();
    let r = http.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 302);
    let back = r.headers()["location"].to_str().unwrap().to_string();
    assert!(back.starts_with("http://127.0.0.1:9/shop/pay?step=2&"), "{back}");
    let openid = mpgateway::wxjsapi::openid_from_return(&back, mpgateway::wxjsapi::OPENID_PARAM).unwrap();

    // 2. pay with it; 3. the payer opens gopay.html (signed) and pays.
    let o = common::seq("J");
    let mut p = pay(Action::WxJsApi, &o, &notify);
    p.openid = Some(openid);
    p.fronturl = Some("http://127.0.0.1:9/shop/done".into());
    let out = c.pay(&p).await.unwrap();
    let link = c.gopay_url(&out).unwrap();
    assert!(link.contains("/wxjsapi/gopay.html?req="), "{link}");
    let page = http.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("确认支付") && page.contains(&o), "{page}");
    let paid = http.post(&link).send().await.unwrap();
    assert_eq!(paid.status(), 302, "back to fronturl with the front notification");
    assert!(paid.headers()["location"].to_str().unwrap().starts_with("http://127.0.0.1:9/shop/done?resp="));
    assert_eq!(c.query(&OrderKey::orderid(&o)).await.unwrap().resultcode.as_deref(), Some("0000"));
    assert!(common::until(10, || !bodies.lock().unwrap().is_empty()).await, "background notification");

    // A gopay link with a PayId the pay call did not return is refused.
    let forged = mpgateway::wxjsapi::gopay_url(
        &env.sb.base_url(),
        c.merid(),
        &o,
        "JSAPIwrong",
        &mpgateway::MerchantKey::new(env.get("/sandbox/mpgateway/credentials").await["key"].as_str().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(http.get(&forged).send().await.unwrap().status(), 400);
    // A WxJsApi pay without openid: refused by the client, naming it.
    match c.pay(&pay(Action::WxJsApi, &common::seq("J"), &notify)).await {
        Err(mpgateway::Error::Invalid(f)) => assert_eq!(f.field, "openid"),
        other => panic!("{other:?}"),
    }
    env.sb.shutdown().await;
}
