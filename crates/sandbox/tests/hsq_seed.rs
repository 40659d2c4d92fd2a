#![recursion_limit = "256"]
//! Seed 003's cases against the 慧收钱 simulator: the seed's own example request (signed by openssl) and
//! what it answers, WQF_APPLET's memo and mini-program answer through the real client, amounts as strings,
//! lengths, and the seed's codes for not found / already exists / close.

mod common;

use common::oracles;
use serde_json::{json, Value};

use huishouqian::codes::{self, CodeClass};
use huishouqian::methods::{
    ChannelOptions, Close, FrontCallback, Memo, Pay, PayType, PayerOption, QrCode, Query, Refund, RefundQuery,
};
use huishouqian::{MerchantKey, OrderStatus, PlatformKey, SignKey};

fn now_ymdhms() -> String {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    sandbox::clock::ymdhms(ms)
}

struct Hsq {
    client: huishouqian::Client,
    merchant_no: String,
    sign_key: String,
    merchant_pem: String,
    platform_pem: String,
}

async fn hsq(env: &common::Env) -> Hsq {
    let c = env.get("/sandbox/huishouqian/credentials").await;
    let s = |k: &str| c[k].as_str().unwrap().to_string();
    let client = huishouqian::Client::builder()
        .base_url(env.sb.base_url())
        .merchant_no(s("merchant_no"))
        .merchant_key(MerchantKey::from_pem(&s("merchant_private_key_pem")).unwrap())
        .platform_key(PlatformKey::from_cert_or_pem(s("platform_public_key_pem").as_bytes()).unwrap())
        .sign_key(SignKey::new(&s("sign_key")).unwrap())
        .build()
        .unwrap();
    Hsq {
        client,
        merchant_no: s("merchant_no"),
        sign_key: s("sign_key"),
        merchant_pem: s("merchant_private_key_pem"),
        platform_pem: s("platform_public_key_pem"),
    }
}

/// Posts `content` as `method` with an openssl signature (format as given); returns the verified answer.
async fn raw(env: &common::Env, h: &Hsq, method: &str, format: &str, content: &str) -> Value {
    let text = format!(
        "method={method}&version=1.0&format={format}&merchantNo={}&signType=RSA2&signContent={content}&key={}",
        h.merchant_no, h.sign_key
    );
    let sign = oracles::rsa_sign(&h.merchant_pem, &text);
    let body = oracles::form(&[
        ("method", method),
        ("format", format),
        ("signType", "RSA2"),
        ("signContent", content),
        ("sign", &sign),
        ("version", "1.0"),
        ("merchantNo", &h.merchant_no),
    ]);
    let r = env
        .http
        .post(env.url("/api/acquiring"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    let signed = if v["success"] == true {
        format!("result={}&success=true&key={}", v["result"].as_str().unwrap(), h.sign_key)
    } else {
        format!(
            "errorCode={}&errorMsg={}&success=false&key={}",
            v["errorCode"].as_str().unwrap(),
            v["errorMsg"].as_str().unwrap(),
            h.sign_key
        )
    };
    assert!(
        oracles::rsa_verify(&h.platform_pem, &signed, v["sign"].as_str().unwrap()),
        "openssl verifies the answer: {v}"
    );
    v
}

fn result(v: &Value) -> Value {
    assert_eq!(v["success"], true, "{v}");
    serde_json::from_str(v["result"].as_str().unwrap()).unwrap()
}

fn seed_request() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../huishouqian/tests/fixtures/seed003_request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test]
async fn the_seed_example_request_is_answered_as_the_seed_example_answer() {
    let env = common::start().await;
    let h = hsq(&env).await;
    // Verbatim but for requestDate (the seed's 2024 date is outside its own 10-minute window) and a fresh
    // transNo; sent with the example's lowercase `format=json`.
    let mut req = seed_request();
    req["requestDate"] = json!(now_ymdhms());
    req["transNo"] = json!(common::seq("S"));
    let r = result(&raw(&env, &h, "POLYMERIZE_MAIN_SWEPTN", "json", &req.to_string()).await);
    assert_eq!((r["orderStatus"].as_str(), r["respCode"].as_str()), (Some("PROCESSING"), Some("100201")), "{r}");
    assert_eq!(r["respMsg"], "交易处理中,请稍后查询");
    assert_eq!(
        (r["orderAmt"].as_str(), r["payType"].as_str(), r["extend"].as_str()),
        (Some("1"), Some("WQF_APPLET"), Some("222,11"))
    );
    let mp: Value = serde_json::from_str(r["qrCode"].as_str().expect("qrCode is a JSON text")).unwrap();
    for k in ["mp_appid", "mp_path", "mp_username", "mp_version"] {
        assert!(mp[k].as_str().is_some_and(|v| !v.is_empty()), "{k} in {mp}");
    }
    assert!(mp["mp_path"].as_str().unwrap().starts_with("pages/checkout/counter?q="), "{mp}");

    // The seed's types: an amount as a JSON number, a memo that is no JSON, lengths over the limits.
    for (field, value, says) in [
        ("orderAmt", json!(1), "string"),
        ("memo", json!("not json"), "JSON"),
        ("goodsInfo", json!("货".repeat(129)), "128"),
        ("extend", json!("x".repeat(129)), "128"),
        ("returnUrl", json!(format!("https://e.com/{}", "a".repeat(120))), "128"),
        ("transNo", json!("T".repeat(65)), "64"),
    ] {
        let mut bad = seed_request();
        bad["requestDate"] = json!(now_ymdhms());
        bad["transNo"] = json!(common::seq("S"));
        bad[field] = value;
        let v = raw(&env, &h, "POLYMERIZE_MAIN_SWEPTN", "JSON", &bad.to_string()).await;
        assert_eq!(
            (v["success"].as_bool(), v["errorCode"].as_str()),
            (Some(false), Some("PARAM_ERROR")),
            "{field}: {v}"
        );
        let msg = v["errorMsg"].as_str().unwrap();
        assert!(msg.contains(field) && msg.contains(says), "{field}: {msg}");
    }
    env.sb.shutdown().await;
}

fn wqf(trans_no: &str) -> Pay {
    Pay {
        sub_merchant_no: None,
        trans_no: trans_no.into(),
        pay_type: PayType::WqfApplet,
        return_url: String::new(),
        page_url: None,
        order_amt: 1,
        goods_info: "微企付小程序商品信息".into(),
        request_date: now_ymdhms(),
        extend: Some("222,11".into()),
        reuse_pay: None,
        memo: Some(Memo {
            channel_options: Some(ChannelOptions {
                include_pay_channels: Some(vec!["ENTERPRISE".into()]),
                ..Default::default()
            }),
            payer_options: Some(vec![PayerOption {
                assign_pay_type: "ENTERPRISE".into(),
                payer_name: "沙箱付款企业".into(),
            }]),
            front_callback_url: Some(FrontCallback {
                mp_appid: Some("wx0000000000000001".into()),
                mp_path: Some("pages/order/detail".into()),
                mp_username: Some("gh_000000000001".into()),
                mp_urlscheme: Some("paydesk".into()),
            }),
            ..Memo::default()
        }),
    }
}

#[tokio::test]
async fn wqf_applet_memo_and_mini_program_answer_through_the_client() {
    let env = common::start().await;
    let h = hsq(&env).await;
    for nested in [huishouqian::methods::Nested::Text, huishouqian::methods::Nested::Object] {
        let t = common::seq("W");
        let mut p = wqf(&t);
        p.memo.as_mut().unwrap().nested = nested;
        let out = h.client.send(&p).await.unwrap();
        assert_eq!((out.order_status.clone(), out.order_amt), (OrderStatus::Processing, 1));
        assert_eq!(codes::classify(out.resp_code.as_deref().unwrap()), CodeClass::Processing);
        match out.qr(&PayType::WqfApplet).unwrap() {
            Some(QrCode::MiniProgram(mp)) => {
                assert!(
                    mp.mp_appid.starts_with("wx") && mp.mp_username.starts_with("gh_") && !mp.mp_version.is_empty(),
                    "{mp:?}"
                );
                assert!(mp.mp_path.contains("counter?q="), "{mp:?}");
            }
            other => panic!("WQF_APPLET answers the mini-program, got {other:?}"),
        }
        // The memo reached the platform as sent.
        let orders = env.get("/sandbox/huishouqian/orders").await;
        let o = orders["orders"].as_array().unwrap().iter().find(|o| o["transNo"] == t.as_str()).unwrap().clone();
        let memo: Value = serde_json::from_str(o["memo"].as_str().unwrap()).unwrap();
        assert!(
            memo.get("payer_options").is_some()
                && memo.get("channel_options").is_some()
                && memo.get("front_callback_url").is_some(),
            "{memo}"
        );
    }
    // Three payers: refused by the client before sending, naming the field.
    let mut p = wqf(&common::seq("W"));
    p.memo.as_mut().unwrap().payer_options =
        Some(vec![PayerOption { assign_pay_type: "INDIVIDUAL".into(), payer_name: "张三".into() }; 3]);
    match h.client.send(&p).await {
        Err(huishouqian::Error::Invalid(f)) => assert_eq!(f.field, "memo.payer_options"),
        other => panic!("expected a field error, got {other:?}"),
    }
    env.sb.shutdown().await;
}

fn code_of<T: std::fmt::Debug>(r: Result<T, huishouqian::Error>) -> (String, CodeClass) {
    match r {
        Err(huishouqian::Error::Business { code, .. }) => {
            let class = codes::classify(&code);
            (code, class)
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn not_found_already_exists_and_close_answer_with_the_seed_codes() {
    let env = common::start().await;
    let h = hsq(&env).await;
    let c = &h.client;
    assert_eq!(code_of(c.send(&Query::new("NOSUCHORDER1")).await), ("100206".into(), CodeClass::NotFound));
    assert_eq!(
        code_of(c.send(&RefundQuery { trans_no: "NOSUCHREFUND1".into() }).await),
        ("100211".into(), CodeClass::NotFound)
    );
    let close = |t: &str| Close { trans_no: t.into(), request_date: now_ymdhms() };
    assert_eq!(code_of(c.send(&close("NOSUCHORDER1")).await), ("200004".into(), CodeClass::NotFound));

    let t = common::seq("C");
    c.send(&wqf(&t)).await.unwrap();
    assert_eq!(code_of(c.send(&wqf(&t)).await), ("200003".into(), CodeClass::AlreadyExists), "the same transNo again");
    let closed = c.send(&close(&t)).await.unwrap();
    assert_eq!(closed.resp_code.as_deref(), Some("200017"), "订单关闭成功 is the answer of a close that worked");
    assert_eq!(codes::classify("200017"), CodeClass::Closed);
    let q = c.send(&Query::new(&t)).await.unwrap();
    assert_eq!(
        (q.order_status, q.resp_code.as_deref()),
        (OrderStatus::Fail, Some("100207")),
        "a closed order reads 交易已取消"
    );
    assert_eq!(codes::classify("100207"), CodeClass::Closed);

    // A paid order: close refused (300401), refund over the refundable amount refused, query SUCCESS.
    let p = common::seq("P");
    c.send(&wqf(&p)).await.unwrap();
    env.post(&format!("/sandbox/huishouqian/orders/{p}/pay"), json!({})).await;
    let q = c.send(&Query::new(&p)).await.unwrap();
    assert_eq!((q.order_status, q.resp_code), (OrderStatus::Success, None), "the seed names no code for SUCCESS");
    assert_eq!(code_of(c.send(&close(&p)).await), ("300401".into(), CodeClass::Refused));
    let refund = |no: &str, amt: i64, orig_amt: i64| Refund {
        trans_no: no.into(),
        refund_type: "2".into(),
        orig_trans_no: p.clone(),
        orig_order_amt: orig_amt,
        order_amt: amt,
        request_date: now_ymdhms(),
        refund_reason: None,
        return_url: None,
        extend: None,
    };
    assert_eq!(code_of(c.send(&refund(&common::seq("R"), 1, 2)).await).0, "200005", "original amount mismatch");
    let r = c.send(&refund(&common::seq("R"), 1, 1)).await.unwrap();
    assert_eq!((r.order_status, r.order_amt), (OrderStatus::Processing, 1));
    assert_eq!(code_of(c.send(&refund(&common::seq("R"), 1, 1)).await).0, "100501", "nothing left to refund");
    env.sb.shutdown().await;
}
