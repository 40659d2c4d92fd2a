//! Notifications (spec §3): form bodies verified on the raw `resp_data` / `data` string, typed decode,
//! acknowledgement; a receiver on a real HTTP server.

mod common;

use dougong::notify::{self, AuditNotify, BusiResultNotify, TradeNotify};
use dougong::onboarding::AuditStatus;
use dougong::wire::TransStat;
use dougong::{Error, Fen};
use serde_json::json;

fn trade_data() -> serde_json::Value {
    json!({"resp_code":"00000000","resp_desc":"交易成功&<>","huifu_id":"6666000108854952","req_seq_id":"js20240514001",
           "req_date":"20240514","hf_seq_id":"002900TOP3B221107142320P992ac139c0c00000","trans_type":"T_JSAPI",
           "trans_amt":"0.01","trans_stat":"S","notify_type":1,"fee_flag":2,
           "acct_split_bunch":"{\"acct_infos\":[{\"div_amt\":\"0.01\",\"huifu_id\":\"6666000108854952\"}]}"})
}

#[test]
fn trade_notification_verifies_decodes_and_acks() {
    let key = common::huifu_key();
    let body = notify::build_form("resp_data", &trade_data(), &key);
    assert!(body.contains("resp_data=%7B"), "form-encoded JSON string");
    let n = notify::verify_notification(body.as_bytes(), &key.public_key()).unwrap();
    let mock_client = dougong::Client::builder()
        .base_url("http://127.0.0.1:9")
        .sys_id("6666000108854952")
        .product_id("YYZY")
        .private_key(common::merchant_key())
        .huifu_public_key(key.public_key())
        .build()
        .unwrap();
    assert_eq!(mock_client.verify_notification(body.as_bytes()).unwrap().raw, n.raw, "same check through the client");
    assert_eq!(n.field, "resp_data");
    assert_eq!(n.resp_code, "10000");
    let t: TradeNotify = n.decode().unwrap();
    assert_eq!((t.trans_stat, t.trans_amt), (Some(TransStat::Success), Some(Fen(1))));
    assert_eq!(t.acct_split_bunch.unwrap().acct_infos[0].div_amt, Some(Fen(1)));
    assert_eq!(n.ack().unwrap(), "RECV_ORD_ID_js20240514001");
}

#[test]
fn unsorted_raw_resp_data_verifies_as_sent() {
    // Huifu signs the string it sends; a receiver must not re-sort it (§3.2, D20).
    let key = common::huifu_key();
    let raw = r#"{"req_seq_id":"r1","trans_stat":"S","fee_amt":0.00,"a":"1"}"#;
    let sign = key.sign(raw.as_bytes());
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("resp_code", "10000")
        .append_pair("resp_data", raw)
        .append_pair("sign", &sign)
        .finish();
    let n = notify::verify_notification(body.as_bytes(), &key.public_key()).unwrap();
    assert_eq!(n.raw, raw);
    // The '+' of a base64 sign sent without percent-encoding arrives as a space; it is restored.
    let sloppy = format!(
        "resp_code=10000&resp_data={}&sign={}",
        url::form_urlencoded::byte_serialize(raw.as_bytes()).collect::<String>(),
        sign
    );
    if sign.contains('+') {
        assert!(
            notify::verify_notification(sloppy.as_bytes(), &key.public_key()).is_ok(),
            "unencoded + in sign tolerated"
        );
    }
}

#[test]
fn tampered_or_foreign_notification_is_refused() {
    let key = common::huifu_key();
    let body = notify::build_form("resp_data", &trade_data(), &key);
    let tampered = body.replace("0.01", "9.99");
    assert!(matches!(
        notify::verify_notification(tampered.as_bytes(), &key.public_key()),
        Err(Error::Signature { .. })
    ));
    let other = common::merchant_key();
    let foreign = notify::build_form("resp_data", &trade_data(), &other);
    assert!(matches!(notify::verify_notification(foreign.as_bytes(), &key.public_key()), Err(Error::Signature { .. })));
    assert!(matches!(
        notify::verify_notification(b"resp_code=10000&sign=abc", &key.public_key()),
        Err(Error::Decode { .. })
    ));
}

#[test]
fn audit_and_per_business_notifications_use_data_field() {
    let key = common::huifu_key();
    let audit = json!({"sub_resp_code":"00000000","req_seq_id":"ent001","audit_status":"Y","huifu_id":"6666000123123123","token_no":"10004053462"});
    let n =
        notify::verify_notification(notify::build_form("data", &audit, &key).as_bytes(), &key.public_key()).unwrap();
    assert_eq!(n.field, "data");
    let a: AuditNotify = n.decode().unwrap();
    assert_eq!(a.audit_status, Some(AuditStatus::Approved));
    assert_eq!(n.ack().unwrap(), "RECV_ORD_ID_ent001");

    let per = json!({"req_seq_id":"open1","notify_type":"W","ord_id":"ORD123",
                     "reg_result_list":"[{\"sub_mer_id\":\"W987\",\"business_stat\":\"S\",\"real_name_applyment_stat\":\"APPLYMENT_STATE_WAITTING_FOR_CONFIRM_CONTACT\",\"qrcode_data\":\"https://x\"}]"});
    let n = notify::verify_notification(notify::build_form("data", &per, &key).as_bytes(), &key.public_key()).unwrap();
    let b: BusiResultNotify = n.decode().unwrap();
    assert_eq!(b.reg_result_list.unwrap()[0].sub_mer_id.as_deref(), Some("W987"));
    assert_eq!(n.ack().unwrap(), "RECV_ORD_ID_ORD123", "per-business results ACK with ord_id");
}

#[test]
fn webhook_md5_signature() {
    let body = br#"{"eventDefineNo":"pay.wx_pub","huifuId":"6666000108854952"}"#;
    let key = "endpoint-key";
    let sign = {
        use md5::{Digest, Md5};
        let mut h = Md5::new();
        h.update(body);
        h.update(key.as_bytes());
        hex::encode(h.finalize())
    };
    assert!(notify::verify_webhook(body, &sign, key), "lower-case hex accepted");
    assert!(notify::verify_webhook(body, &sign.to_uppercase(), key));
    assert!(!notify::verify_webhook(body, &sign, "other-key"));
}

#[tokio::test]
async fn receiver_over_http_answers_the_ack() {
    use axum::routing::post;
    let huifu_pub = common::huifu_key().public_key();
    let app = axum::Router::new().route(
        "/notify",
        post(move |body: axum::body::Bytes| {
            let huifu_pub = huifu_pub.clone();
            async move {
                match notify::verify_notification(&body, &huifu_pub) {
                    Ok(n) => (axum::http::StatusCode::OK, n.ack().unwrap_or_default()),
                    Err(e) => (axum::http::StatusCode::BAD_REQUEST, e.to_string()),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notify", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let body = notify::build_form("resp_data", &trade_data(), &common::huifu_key());
    let resp = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.text().await.unwrap(), "RECV_ORD_ID_js20240514001");
}
