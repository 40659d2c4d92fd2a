//! Test setup shared by the cash-out and notification tests: a merchant that can take Alipay, and a paid
//! trade that fills its balance.
#![allow(dead_code)]

use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::{Desk, Profile};
use serde_json::json;

use crate::sandbox_controls::{indv_form, Controls};

/// An onboarded individual merchant with Alipay open: (huifu_id).
pub async fn merchant_with_alipay(desk: &Desk, p: &Profile, ctl: &Controls) -> String {
    let pics = tempfile::tempdir().unwrap();
    let on = desk.onboard_individual(p, indv_form(pics.path()), &|_| {}).await.unwrap();
    assert!(on.token_no.is_some(), "a bound card token comes with onboarding: {on:?}");
    desk.open_business(
        p,
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
    on.huifu_id
}

/// A buyer pays `amount` (yuan) by Alipay payment code: test setup, straight through the dougong client
/// (orders are another service's job).
pub async fn paid(desk: &Desk, p: &Profile, ctl: &Controls, huifu_id: &str, amount: &str) {
    let code =
        ctl.post("/sandbox/paycode", json!({"channel": "alipay"})).await.json::<serde_json::Value>().await.unwrap()
            ["auth_code"]
            .as_str()
            .unwrap()
            .to_string();
    let c = desk.client(p).await.unwrap();
    let body = json!({"req_seq_id": desk.new_req_seq_id(), "req_date": desk.req_date(), "huifu_id": huifu_id, "goods_desc": "取现测试",
        "trans_amt": amount, "auth_code": code, "risk_check_data": json!({"ip_addr": "127.0.0.1"}).to_string()});
    let r = c.call_raw("/v2/trade/payment/micropay", body.as_object().unwrap().clone()).await.unwrap();
    assert_eq!((r["resp_code"].as_str(), r["trans_stat"].as_str()), (Some("00000000"), Some("S")), "{r}");
}
