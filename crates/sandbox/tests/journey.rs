#![recursion_limit = "256"]
//! The merchant journey over loopback with the real dougong client: business open, realname and appid
//! rules on WeChat trades, terminals, QR order paid on the sandbox page, notifications (both types),
//! close rules on a moved clock, partial/repeated/split refunds, micropay, balance and withdrawal.

mod common;

use common::*;
use serde_json::{json, Value};

const APPID: &str = "wx1234567890abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wechat_trades_need_realname_and_a_bound_appid() {
    let env = start().await;
    let (notify, _inbox) = receiver().await;
    let a = env.call("/v2/merchant/basicdata/ent", ent_body(&env, "个体户无实名", "5", &notify).await).await;
    let huifu_id = a["huifu_id"].as_str().unwrap().to_string();
    let jsapi = |id: &str, appid: &str| {
        json!({"req_seq_id": seq("js"), "req_date": today(), "huifu_id": id, "goods_desc": "测试",
        "trade_type": "T_JSAPI", "trans_amt": "0.01", "wx_data": json!({"sub_appid": appid, "sub_openid": "o_abc"}).to_string()})
    };
    let r = env.call("/v2/trade/payment/jspay", jsapi(&huifu_id, APPID)).await;
    assert_eq!(
        (r["resp_code"].as_str(), r["resp_desc"].as_str()),
        (Some("90000000"), Some("该路由下未配置可用通道")),
        "business not open"
    );

    let ready = ready_merchant(&env, &notify, APPID).await;
    let r = env.call("/v2/trade/payment/jspay", jsapi(&ready, "wx0000000000000000")).await;
    assert_eq!(
        (r["resp_code"].as_str(), r["resp_desc"].as_str()),
        (Some("90000000"), Some("sub_mch_id与sub_appid不匹配"))
    );
    let r = env.call("/v2/trade/payment/jspay", jsapi(&ready, APPID)).await;
    assert_eq!((r["resp_code"].as_str(), r["trans_stat"].as_str()), (Some("00000100"), Some("P")), "{r}");
    let pay_info: Value = serde_json::from_str(r["pay_info"].as_str().unwrap()).unwrap();
    assert_eq!(pay_info["appId"], APPID);

    // A merchant with WeChat open but no realname.
    let sys_id = env.sb.credentials().sys_id.clone();
    let open = env
        .call(
            "/v2/merchant/busi/open",
            json!({"req_seq_id": seq("o"), "req_date": today(), "huifu_id": huifu_id,
        "upper_huifu_id": sys_id, "wx_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}]).to_string()}),
        )
        .await;
    env.post(&format!("/sandbox/audits/{}/approve", open["apply_no"].as_str().unwrap()), json!({})).await;
    let r = env.call("/v2/trade/payment/jspay", jsapi(&huifu_id, APPID)).await;
    assert_eq!(r["resp_code"], "90000000");
    assert_eq!(r["resp_desc"], "当前商户需补齐相关资料后，才可进行相应的支付交易");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qr_order_paid_on_the_page_notifies_twice_and_closes_follow_the_rules() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, APPID).await;
    let t = env
        .call(
            "/v2/terminaldevice/deviceInfo/add",
            json!({"req_seq_id": seq("t"), "req_date": today(), "huifu_id": huifu_id,
        "terminal_info_list": json!([{"sn": "SN0001", "tusn": "TUSN0001", "dev_model_code": "QR01"}]).to_string()}),
        )
        .await;
    assert_eq!(t["resp_code"], "00000000", "{t}");
    let list: Value = serde_json::from_str(t["add_ter_info_list"].as_str().unwrap()).unwrap();
    let device_id = list[0]["device_id"].as_str().unwrap().to_string();
    assert_eq!(device_id.len(), 21);

    let req_seq = seq("qr");
    let o = env.call("/v2/trade/payment/jspay", json!({"req_seq_id": req_seq, "req_date": today(), "huifu_id": huifu_id,
        "goods_desc": "扫码测试", "trade_type": "A_NATIVE", "trans_amt": "1.00", "notify_url": format!("{notify}/trade"),
        "terminal_device_data": json!({"devs_id": device_id, "mer_device_type": "11"}).to_string()})).await;
    assert_eq!((o["resp_code"].as_str(), o["trans_stat"].as_str()), (Some("00000100"), Some("P")), "{o}");
    let qr = o["qr_code"].as_str().unwrap().to_string();
    let page = env.http.get(&qr).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("确认支付") && page.contains("1.00"), "the pay page shows the amount and a button");
    let paid = env.http.post(&qr).send().await.unwrap().text().await.unwrap();
    assert!(paid.contains(">S<"), "{paid}");
    let hf = o["hf_seq_id"].as_str().unwrap();
    let q = env
        .call(
            "/v2/trade/payment/scanpay/query",
            json!({"huifu_id": huifu_id, "org_req_date": today(), "org_req_seq_id": req_seq}),
        )
        .await;
    assert_eq!((q["trans_stat"].as_str(), q["org_hf_seq_id"].as_str()), (Some("S"), Some(hf)));
    assert!(
        until(5, || inbox.lock().unwrap().iter().filter(|(p, _)| p == "/trade").count() == 2).await,
        "notify_type 1 and 2"
    );
    let got: Vec<(String, Vec<(String, String)>)> =
        inbox.lock().unwrap().iter().filter(|(p, _)| p == "/trade").cloned().collect();
    let mut types = Vec::new();
    for (_, f) in &got {
        let raw = field(f, "resp_data");
        assert!(env.client.huifu_public_key().verify(raw.as_bytes(), &field(f, "sign")), "raw resp_data verifies");
        let d: Value = serde_json::from_str(&raw).unwrap();
        assert_eq!(d["trans_stat"], "S");
        assert_eq!(d["devs_id"], device_id.as_str());
        types.push(d["notify_type"].as_i64().unwrap());
    }
    types.sort();
    assert_eq!(types, [1, 2]);
    let notes = env.get("/sandbox/notifications").await;
    assert!(notes["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "trade")
        .all(|n| n["state"] == "delivered"));

    // Close rules on the movable clock.
    let seq2 = seq("cl");
    env.call(
        "/v2/trade/payment/jspay",
        json!({"req_seq_id": seq2, "req_date": today(), "huifu_id": huifu_id,
        "goods_desc": "关单测试", "trade_type": "A_NATIVE", "trans_amt": "2.00"}),
    )
    .await;
    let close = |s: &str| json!({"req_seq_id": seq("c"), "req_date": today(), "huifu_id": huifu_id, "org_req_date": today(), "org_req_seq_id": s});
    let c = env.call("/v2/trade/payment/scanpay/close", close(&seq2)).await;
    assert_eq!(c["resp_code"], "10000015", "not within a minute: {c}");
    let c = env.call("/v2/trade/payment/scanpay/close", close(&req_seq)).await;
    assert_eq!(c["resp_code"], "10000016", "a paid order is final: {c}");
    env.post("/sandbox/clock/advance", json!({"minutes": 2})).await;
    let c = env.call("/v2/trade/payment/scanpay/close", close(&seq2)).await;
    assert_eq!((c["resp_code"].as_str(), c["trans_stat"].as_str()), (Some("00000100"), Some("P")), "{c}");
    let cq = env.poll("/v2/trade/payment/scanpay/closequery", close(&seq2), |v| v["trans_stat"] == "S").await;
    assert_eq!((cq["trans_stat"].as_str(), cq["org_trans_stat"].as_str()), (Some("S"), Some("F")), "{cq}");
    let seq3 = seq("old");
    env.call("/v2/trade/payment/jspay", json!({"req_seq_id": seq3, "req_date": today(), "huifu_id": huifu_id, "goods_desc": "x",
        "trade_type": "A_NATIVE", "trans_amt": "2.00", "time_expire": sandbox::clock::ymdhms(env.get("/sandbox/clock").await["now_ms"].as_i64().unwrap() + 86_400_000)})).await;
    env.post("/sandbox/clock/advance", json!({"hours": 3})).await;
    let c = env.call("/v2/trade/payment/scanpay/close", close(&seq3)).await;
    assert_eq!(c["resp_code"], "10000018", "forward scan older than 2 hours: {c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refunds_partial_repeated_split_and_never_above_paid() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, APPID).await;
    let receiver_id = env
        .call("/v2/merchant/basicdata/ent", ent_body(&env, "个体户分账接收方", "5", &notify).await)
        .await["huifu_id"]
        .as_str()
        .unwrap()
        .to_string();
    let pay = |amt: &str, extra: Value| {
        let mut b = json!({"req_seq_id": seq("p"), "req_date": today(), "huifu_id": huifu_id, "goods_desc": "退款测试",
            "trade_type": "A_NATIVE", "trans_amt": amt});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let o = env.call("/v2/trade/payment/jspay", pay("1.00", json!({}))).await;
    let hf = o["hf_seq_id"].as_str().unwrap().to_string();
    let refund = |amt: &str, extra: Value| {
        let mut b = json!({"req_seq_id": seq("r"), "req_date": today(), "huifu_id": huifu_id, "ord_amt": amt,
            "org_req_date": today(), "org_hf_seq_id": hf, "notify_url": format!("{notify}/refund")});
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    let r = env.call("/v2/trade/payment/scanpay/refund", refund("0.40", json!({}))).await;
    assert_eq!(r["resp_code"], "10000001", "not paid yet: {r}");
    env.post(&format!("/sandbox/orders/{hf}/pay"), json!({})).await;
    let r1 = env.call("/v2/trade/payment/scanpay/refund", refund("0.40", json!({}))).await;
    assert_eq!((r1["resp_code"].as_str(), r1["trans_stat"].as_str()), (Some("00000100"), Some("P")), "{r1}");
    let r = env.call("/v2/trade/payment/scanpay/refund", refund("0.10", json!({}))).await;
    assert_eq!(r["resp_code"], "20000001", "one refund at a time: {r}");
    let rq = env
        .poll(
            "/v2/trade/payment/scanpay/refundquery",
            json!({"huifu_id": huifu_id, "org_req_date": today(), "org_req_seq_id": r1["req_seq_id"]}),
            |v| v["trans_stat"] != "P",
        )
        .await;
    assert_eq!((rq["trans_stat"].as_str(), rq["ord_amt"].as_str()), (Some("S"), Some("0.40")), "{rq}");
    let r = env.call("/v2/trade/payment/scanpay/refund", refund("0.61", json!({}))).await;
    assert_eq!((r["resp_code"].as_str(), r["resp_desc"].as_str()), (Some("10000002"), Some("退款金额大于可退金额")));
    let r = env.call("/v2/trade/payment/scanpay/refund", refund("0.60", json!({}))).await;
    assert_eq!(r["resp_code"], "00000100");
    env.poll(
        "/v2/trade/payment/scanpay/refundquery",
        json!({"huifu_id": huifu_id, "org_req_date": today(), "org_req_seq_id": r["req_seq_id"]}),
        |v| v["trans_stat"] == "S",
    )
    .await;
    let r = env.call("/v2/trade/payment/scanpay/refund", refund("0.01", json!({}))).await;
    assert_eq!(r["resp_code"], "10000002", "fully refunded");
    assert!(until(5, || inbox.lock().unwrap().iter().filter(|(p, _)| p == "/refund").count() == 2).await);
    let last = inbox.lock().unwrap().iter().rev().find(|(p, _)| p == "/refund").cloned().unwrap();
    let d: Value = serde_json::from_str(&field(&last.1, "resp_data")).unwrap();
    assert_eq!((d["total_ref_amt"].as_str(), d["trans_stat"].as_str()), (Some("1.00"), Some("S")));

    // Split: 15 % passes at once, the trade splits 0.90/0.10, refunds give back per receiver.
    let sc = env
        .call(
            "/v2/merchant/split/config",
            json!({"req_seq_id": seq("sp"), "req_date": today(), "huifu_id": huifu_id,
        "rule_origin": "01", "div_flag": "Y", "apply_ratio": "15.00", "start_type": "0"}),
        )
        .await;
    assert_eq!(sc["resp_code"], "00000000", "≤ 20 % passes at once: {sc}");
    let bunch = |a: &str, b: &str| {
        json!({"acct_infos": [{"huifu_id": huifu_id, "div_amt": a}, {"huifu_id": receiver_id, "div_amt": b}]})
            .to_string()
    };
    let too_much =
        env.call("/v2/trade/payment/jspay", pay("1.00", json!({"acct_split_bunch": bunch("0.80", "0.20")}))).await;
    assert_eq!(
        (too_much["resp_code"].as_str(), too_much["resp_desc"].as_str()),
        (Some("22000005"), Some("其他商户分账比例过高"))
    );
    let o = env.call("/v2/trade/payment/jspay", pay("1.00", json!({"acct_split_bunch": bunch("0.90", "0.10")}))).await;
    assert_eq!(o["resp_code"], "00000100", "{o}");
    let hf2 = o["hf_seq_id"].as_str().unwrap().to_string();
    env.post(&format!("/sandbox/orders/{hf2}/pay"), json!({})).await;
    let split_refund = |a: &str, b: &str, amt: &str| {
        json!({"req_seq_id": seq("sr"), "req_date": today(), "huifu_id": huifu_id,
        "ord_amt": amt, "org_req_date": today(), "org_hf_seq_id": hf2,
        "acct_split_bunch": json!({"acct_infos": [{"huifu_id": huifu_id, "div_amt": a}, {"huifu_id": receiver_id, "div_amt": b}]}).to_string()})
    };
    let r = env.call("/v2/trade/payment/scanpay/refund", split_refund("0.10", "0.20", "0.30")).await;
    assert_eq!(r["resp_code"], "23000003", "a receiver gives back at most what it got: {r}");
    let r = env.call("/v2/trade/payment/scanpay/refund", split_refund("0.40", "0.10", "0.50")).await;
    assert_eq!(r["resp_code"], "00000100", "{r}");
    env.poll(
        "/v2/trade/payment/scanpay/refundquery",
        json!({"huifu_id": huifu_id, "org_req_date": today(), "org_req_seq_id": r["req_seq_id"]}),
        |v| v["trans_stat"] == "S",
    )
    .await;
    let bal = env
        .call(
            "/v2/trade/acctpayment/balance/query",
            json!({"req_seq_id": seq("b"), "req_date": today(), "huifu_id": receiver_id}),
        )
        .await;
    let list: Value = serde_json::from_str(bal["acctInfo_list"].as_str().unwrap()).unwrap();
    assert_eq!(list[0]["avl_bal"], "0.00", "the receiver got 0.10 and gave 0.10 back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn micropay_balance_and_withdrawal() {
    let env = start().await;
    let (notify, inbox) = receiver().await;
    let huifu_id = ready_merchant(&env, &notify, APPID).await;
    let code = env.post("/sandbox/paycode", json!({"channel": "wx"})).await["auth_code"].as_str().unwrap().to_string();
    let mp = |amt: &str, code: &str| {
        json!({"req_seq_id": seq("m"), "req_date": today(), "huifu_id": huifu_id, "goods_desc": "反扫",
        "trans_amt": amt, "auth_code": code, "risk_check_data": json!({"ip_addr": "127.0.0.1"}).to_string()})
    };
    let r = env.call("/v2/trade/payment/micropay", mp("100.00", &code)).await;
    assert_eq!(
        (r["resp_code"].as_str(), r["trans_stat"].as_str(), r["trade_type"].as_str()),
        (Some("00000000"), Some("S"), Some("T_MICROPAY")),
        "{r}"
    );
    let r = env.call("/v2/trade/payment/micropay", mp("1.00", &code)).await;
    assert_eq!(r["resp_code"], "90000000", "a payment code works once: {r}");
    let r = env.call("/v2/trade/payment/micropay", mp("1.00", "123")).await;
    assert_eq!(r["resp_desc"], "付款码格式异常");
    let code2 =
        env.post("/sandbox/paycode", json!({"channel": "alipay"})).await["auth_code"].as_str().unwrap().to_string();
    let r = env.call("/v2/trade/payment/micropay", mp("66.63", &code2)).await;
    assert_eq!(
        (r["resp_code"].as_str(), r["trans_stat"].as_str()),
        (Some("00000100"), Some("P")),
        "test card: password: {r}"
    );
    let q = env
        .poll("/v2/trade/payment/scanpay/query", json!({"huifu_id": huifu_id, "org_hf_seq_id": r["hf_seq_id"]}), |v| {
            v["trans_stat"] != "P"
        })
        .await;
    assert_eq!(q["trans_stat"], "S");

    // 100.00 + 66.63 paid, fees 0.38 % each (0.38 + 0.25).
    let bal = env
        .call(
            "/v2/trade/acctpayment/balance/query",
            json!({"req_seq_id": seq("b"), "req_date": today(), "huifu_id": huifu_id}),
        )
        .await;
    let list: Value = serde_json::from_str(bal["acctInfo_list"].as_str().unwrap()).unwrap();
    assert_eq!(list[0]["avl_bal"], "166.00", "{bal}");
    let detail = env
        .call(
            "/v2/merchant/basicdata/query",
            json!({"req_seq_id": seq("d"), "req_date": today(), "huifu_id": huifu_id}),
        )
        .await;
    let cards: Value = serde_json::from_str(detail["qry_cash_card_info_list"].as_str().unwrap()).unwrap();
    let token = cards[0]["token_no"].as_str().unwrap().to_string();
    let cash = |amt: &str, token: &str| {
        json!({"req_seq_id": seq("w"), "req_date": today(), "huifu_id": huifu_id, "cash_amt": amt,
        "into_acct_date_type": "T1", "token_no": token, "notify_url": format!("{notify}/cash")})
    };
    let r = env.call("/v2/trade/settlement/encashment", cash("165.01", &token)).await;
    assert_eq!(
        (r["resp_code"].as_str(), r["resp_desc"].as_str()),
        (Some("90000000"), Some("可用余额不足")),
        "1.00 fee: {r}"
    );
    let r = env.call("/v2/trade/settlement/encashment", cash("10.00", "10009999999")).await;
    assert_eq!(r["resp_code"], "22000003", "unknown token_no");
    let r = env.call("/v2/trade/settlement/encashment", cash("100.00", &token)).await;
    assert_eq!((r["resp_code"].as_str(), r["trans_stat"].as_str()), (Some("00000100"), Some("P")), "{r}");
    assert!(
        until(5, || inbox.lock().unwrap().iter().filter(|(p, _)| p == "/cash").count() == 2).await,
        "msg_type 01 and 02"
    );
    let q = env
        .call(
            "/v2/trade/settlement/query",
            json!({"huifu_id": huifu_id, "org_req_date": today(), "org_hf_seq_id": r["hf_seq_id"]}),
        )
        .await;
    assert_eq!(q["trans_stat"], "S");
    let bal = env
        .call(
            "/v2/trade/acctpayment/balance/query",
            json!({"req_seq_id": seq("b"), "req_date": today(), "huifu_id": huifu_id}),
        )
        .await;
    let list: Value = serde_json::from_str(bal["acctInfo_list"].as_str().unwrap()).unwrap();
    assert_eq!(list[0]["avl_bal"], "65.00", "166.00 - 100.00 - 1.00 fee");
}
