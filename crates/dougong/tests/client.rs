//! The client against a real HTTP server on loopback: signing, verification, errors, retries.

mod common;

use std::time::Duration;

use common::{answer, reply, respond, MockHuifu, Reply};
use dougong::onboarding::{PictureUpload, UploadFile};
use dougong::trade::channel::WxData;
use dougong::trade::{Jspay, ScanQuery, TradeType};
use dougong::wire::{JsonStr, TransStat};
use dougong::{Error, Fen};
use serde_json::json;

fn jspay() -> Jspay {
    Jspay {
        req_date: "20240514".into(),
        req_seq_id: "20240514163256046abc".into(),
        huifu_id: "6666000108854952".into(),
        goods_desc: "测试商品 & <b>".into(),
        trade_type: TradeType::WxJsapi,
        trans_amt: Fen(1),
        wx_data: Some(JsonStr(WxData {
            sub_appid: Some("wx0000000000000000".into()),
            sub_openid: Some("o_abc".into()),
            ..Default::default()
        })),
        notify_url: Some("http://127.0.0.1:9000/notify".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn jspay_round_trip_signs_sends_yuan_and_decodes() {
    let mock = MockHuifu::start(vec![(
        "/v2/trade/payment/jspay",
        respond(|req| {
            json!({"resp_code":"00000100","resp_desc":"下单成功","trans_stat":"P","trans_amt":req["trans_amt"],
                   "req_seq_id":req["req_seq_id"],"hf_seq_id":"002900TOP3B221107142320P992ac139c0c00000",
                   "trade_type":"T_JSAPI","pay_info":"{\"appId\":\"wx0000000000000000\"}"})
        }),
    )])
    .await;
    let out = mock.client().send(&jspay()).await.unwrap();
    assert_eq!(out.trans_stat, Some(TransStat::Processing));
    assert_eq!(out.trans_amt, Some(Fen(1)));
    assert_eq!(out.trade_type, Some(TradeType::WxJsapi));
    let seen = mock.one();
    assert_eq!(seen.data["trans_amt"], "0.01", "money leaves as a yuan string");
    assert_eq!(seen.data["wx_data"], "{\"sub_appid\":\"wx0000000000000000\",\"sub_openid\":\"o_abc\"}");
    assert!(seen.data.get("acct_id").is_none(), "absent options are not sent");
    assert_eq!(seen.sys_id, "6666000108854952");
    assert_eq!(seen.product_id, "YYZY");
    assert!(seen.headers["content-type"].to_str().unwrap().starts_with("application/json"));
}

#[tokio::test]
async fn refusal_is_business_error_with_hint() {
    let mock = MockHuifu::start(vec![(
        "/v2/trade/payment/jspay",
        answer(json!({"resp_code":"90000000","resp_desc":"当前商户需补齐相关资料后，才可进行相应的支付交易"})),
    )])
    .await;
    match mock.client().send(&jspay()).await {
        Err(Error::Business { resp_code, hint, .. }) => {
            assert_eq!(resp_code, "90000000");
            assert!(hint.unwrap().contains("WeChat realname"), "hint names the fix");
        }
        other => panic!("expected a business error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_request_never_reaches_the_server() {
    let mock = MockHuifu::start(vec![]).await;
    let mut bad = jspay();
    bad.trans_amt = Fen(0);
    match mock.client().send(&bad).await {
        Err(Error::Invalid(f)) => assert_eq!(f.field, "trans_amt"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    let mut bad = jspay();
    bad.wx_data = None;
    match mock.client().send(&bad).await {
        Err(Error::Invalid(f)) => assert_eq!(f.field, "wx_data.sub_appid"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(mock.seen().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn forged_answer_is_a_signature_error_never_a_result() {
    let forged = format!(
        r#"{{"data":{{"resp_code":"00000000","trans_stat":"S"}},"sign":"{}"}}"#,
        common::merchant_key().sign(br#"{"resp_code":"00000000","trans_stat":"S"}"#)
    );
    let mock =
        MockHuifu::start(vec![("/v2/trade/payment/scanpay/query", reply(move |_| Reply::Raw(200, forged.clone())))])
            .await;
    let q = ScanQuery { huifu_id: "6666000108854952".into(), org_hf_seq_id: Some("x1".into()), ..Default::default() };
    match mock.client().send(&q).await {
        Err(e @ Error::Signature { .. }) => assert!(e.may_have_reached_server()),
        other => panic!("expected Signature, got {other:?}"),
    }
}

#[tokio::test]
async fn unsigned_gateway_error_is_http_error() {
    let mock = MockHuifu::start(vec![]).await;
    match mock.client().call_raw("/v2/unknown/path", serde_json::Map::new()).await {
        Err(Error::Http { status: 404, body }) => assert!(body.contains("unexpected path")),
        other => panic!("expected Http 404, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_refused_is_not_sent_and_retried_then_given_up() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = dougong::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .sys_id("6666000108854952")
        .product_id("YYZY")
        .private_key(common::merchant_key())
        .huifu_public_key(common::huifu_key().public_key())
        .connect_retries(2)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    match client.send(&jspay()).await {
        Err(e @ Error::Transport { sent: false, .. }) => assert!(!e.may_have_reached_server()),
        other => panic!("expected Transport{{sent:false}}, got {other:?}"),
    }
    assert!(started.elapsed() >= Duration::from_millis(500 + 1000), "two backoffs of 0.5 s and 1 s happened");
}

#[tokio::test]
async fn slow_answer_is_timeout_that_may_have_reached_the_server() {
    let mock = MockHuifu::start(vec![(
        "/v2/trade/payment/jspay",
        reply(|_| Reply::Slow(Duration::from_secs(3), json!({"resp_code":"00000000"}))),
    )])
    .await;
    let client = dougong::Client::builder()
        .base_url(&mock.base_url)
        .sys_id("6666000108854952")
        .product_id("YYZY")
        .private_key(common::merchant_key())
        .huifu_public_key(common::huifu_key().public_key())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    match client.send(&jspay()).await {
        Err(Error::Timeout { sent: true }) => {}
        other => panic!("expected Timeout{{sent:true}}, got {other:?}"),
    }
    assert_eq!(mock.seen().len(), 1, "sent exactly once: a request that reached the server is never retried");
}

#[tokio::test]
async fn call_raw_returns_refusals_as_data() {
    let mock = MockHuifu::start(vec![(
        "/v2/trade/payment/scanpay/query",
        answer(json!({"resp_code":"23000001","resp_desc":"原交易不存在","enter_fee":"0.00"})),
    )])
    .await;
    let mut data = serde_json::Map::new();
    data.insert("huifu_id".into(), json!("6666000108854952"));
    data.insert("org_req_seq_id".into(), json!("abc"));
    let v = mock.client().call_raw("/v2/trade/payment/scanpay/query", data).await.unwrap();
    assert_eq!(v["resp_code"], "23000001");
    assert_eq!(mock.one().data["org_req_seq_id"], "abc");
}

#[tokio::test]
async fn picture_upload_is_multipart_with_signed_data() {
    let mock = MockHuifu::start(vec![(
        "/v2/supplementary/picture",
        answer(json!({"file_id":"57cc7f00-600a-33ab-b614-6221bbf2e530"})),
    )])
    .await;
    let req = PictureUpload {
        req_seq_id: "2024051416325604611".into(),
        req_date: "20240514".into(),
        file_type: "F07".into(),
        ..Default::default()
    };
    let file = UploadFile { file_name: "licence.png".into(), bytes: vec![0x89, b'P', b'N', b'G', 1, 2, 3] };
    let out = mock.client().upload_picture(&req, Some(&file)).await.unwrap();
    assert_eq!(out.file_id.as_deref(), Some("57cc7f00-600a-33ab-b614-6221bbf2e530"));
    let seen = mock.one();
    assert_eq!(seen.file, Some(("file".into(), "licence.png".into(), 7)));
    assert_eq!(seen.data["file_type"], "F07");
    assert_eq!(seen.data["req_seq_id"], "2024051416325604611", "the full data is sent (spec D1: follow Java)");

    let big = UploadFile { file_name: "a.jpg".into(), bytes: vec![0; 2 * 1024 * 1024 + 1] };
    match mock.client().upload_picture(&req, Some(&big)).await {
        Err(Error::Invalid(f)) => assert_eq!(f.field, "file"),
        other => panic!("2 MB image limit, got {other:?}"),
    }
}
