//! The typed endpoints against the real built-in sandbox (crates/sandbox) over loopback HTTP: what a user
//! meets on first start. The in-test server of the other suites checks wire details; this one checks that
//! the client and the simulator, written from the same spec by different hands, agree.

use dougong::busi::{BusiOpen, PayConf};
use dougong::cashout::{BalanceQuery, Withdraw, WithdrawQuery};
use dougong::merchant::MerchantDetailQuery;
use dougong::onboarding::forms::{CardInfo, CashConfig};
use dougong::onboarding::{ApplyStatusQuery, AuditStatus, EntOnboarding, PictureUpload, UploadFile};
use dougong::realname::{WxApplymentState, WxRealname, WxRealnameQuery};
use dougong::refund::{Refund, RefundQuery};
use dougong::terminal::{TerminalAdd, TerminalInfo};
use dougong::trade::channel::RiskCheckData;
use dougong::trade::{Micropay, ScanQuery, TradeType};
use dougong::wire::JsonStr;
use dougong::wire::TransStat;
use dougong::wxconfig::WxConfig;
use dougong::{Client, Fen};

fn today() -> String {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    sandbox::clock::ymd(ms)
}

fn seq(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}{}{}", nanos % 1_000_000_000_000, N.fetch_add(1, Ordering::SeqCst))
}

async fn upload(client: &Client, file_type: &str) -> String {
    let req =
        PictureUpload { req_seq_id: seq("pic"), req_date: today(), file_type: file_type.into(), ..Default::default() };
    let file = UploadFile { file_name: "photo.png".into(), bytes: b"\x89PNG\r\n\x1a\n fixture image bytes".to_vec() };
    let out = client.upload_picture(&req, Some(&file)).await.unwrap_or_else(|e| panic!("upload {file_type}: {e:?}"));
    out.file_id.expect("a file_id")
}

#[tokio::test]
async fn onboarding_journey_on_the_sandbox_with_typed_requests() {
    let dir = tempfile::tempdir().unwrap();
    let ms = std::time::Duration::from_millis;
    let timing = sandbox::Timing {
        audit_auto_approve: Some(ms(200)),
        busi_open: ms(300),
        settle: ms(300),
        password_entry: ms(300),
        ..Default::default()
    };
    let cfg = sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), timing, ..Default::default() };
    let sb = sandbox::start(cfg).await.expect("sandbox starts");
    let c = sb.credentials();
    let client = Client::builder()
        .base_url(c.base_url.clone())
        .sys_id(c.sys_id.clone())
        .product_id(c.product_id.clone())
        .private_key(dougong::keys::PrivateKey::from_text(&c.private_key).unwrap())
        .huifu_public_key(dougong::keys::PublicKey::from_text(&c.huifu_public_key).unwrap())
        .build()
        .unwrap();

    let ent = EntOnboarding {
        req_seq_id: seq("ent"),
        req_date: today(),
        upper_huifu_id: c.sys_id.clone(),
        reg_name: "上海沙箱测试科技有限公司".into(),
        short_name: "沙箱测试店".into(),
        receipt_name: "沙箱测试店".into(),
        ent_type: "3".into(),
        mcc: Some("5411".into()),
        busi_type: Some("1".into()),
        scene_type: "OFFLINE".into(),
        license_pic: upload(&client, "F07").await,
        license_code: "91350100M000100Y43".into(),
        license_validity_type: "1".into(),
        license_begin_date: "20200101".into(),
        found_date: "20200101".into(),
        reg_capital: Some("100.00".into()),
        reg_prov_id: Some("310000".into()),
        reg_area_id: Some("310100".into()),
        reg_district_id: "310101".into(),
        reg_detail: "上海市黄浦区测试路1号".into(),
        prov_id: Some("310000".into()),
        area_id: Some("310100".into()),
        district_id: "310101".into(),
        detail_addr: Some("上海市黄浦区测试路1号".into()),
        legal_name: "张三".into(),
        legal_cert_type: "00".into(),
        legal_cert_no: "11010519491231002X".into(),
        legal_cert_validity_type: "1".into(),
        legal_cert_begin_date: "20200101".into(),
        legal_addr: "北京市东城区".into(),
        legal_cert_front_pic: upload(&client, "F02").await,
        legal_cert_back_pic: upload(&client, "F03").await,
        contact_name: Some("张三".into()),
        contact_mobile_no: "13800138000".into(),
        contact_email: "ops@example.com".into(),
        login_name: seq("login"),
        card_info: JsonStr(CardInfo {
            card_type: Some("0".into()),
            card_name: "上海沙箱测试科技有限公司".into(),
            card_no: "6222020200112233445".into(),
            area_id: "310100".into(),
            branch_code: Some("102290000001".into()),
            ..Default::default()
        }),
        reg_acct_pic: Some(upload(&client, "F08").await),
        store_header_pic: Some(upload(&client, "F22").await),
        store_indoor_pic: Some(upload(&client, "F24").await),
        store_cashier_desk_pic: Some(upload(&client, "F105").await),
        cash_config: Some(JsonStr(vec![CashConfig {
            cash_type: Some("T1".into()),
            fix_amt: Some("1.00".into()),
            ..Default::default()
        }])),
        ..Default::default()
    };
    let out = client.send(&ent).await.unwrap_or_else(|e| panic!("ent onboarding: {e:?}"));
    let huifu_id = out.huifu_id.clone().expect("huifu_id");
    let apply_no = out.apply_no.clone().expect("sent to audit: apply_no");

    // The sandbox approves the audit after 200 ms; follow the application like desk would.
    let mut approved = false;
    for _ in 0..50 {
        let st = client
            .send(&ApplyStatusQuery {
                req_seq_id: seq("st"),
                req_date: today(),
                apply_no: apply_no.clone(),
                huifu_id: huifu_id.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("status query: {e:?}"));
        if st.apply_status == Some(AuditStatus::Approved) {
            approved = true;
            break;
        }
        assert_eq!(st.apply_status, Some(AuditStatus::Auditing), "{st:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(approved, "the audit was approved");

    let terminal = TerminalAdd {
        req_seq_id: seq("ter"),
        req_date: today(),
        huifu_id: huifu_id.clone(),
        terminal_info_list: Some(JsonStr(vec![TerminalInfo {
            sn: "SN0001".into(),
            tusn: "TUSN0001".into(),
            dev_model_code: "M01".into(),
            terminal_address: None,
        }])),
    };
    let t = client.send(&terminal).await.unwrap_or_else(|e| panic!("terminal add: {e:?}"));
    let device_id = t.add_ter_info_list.as_ref().and_then(|l| l.first()).and_then(|d| d.device_id.clone());
    assert!(device_id.is_some_and(|d| !d.is_empty()), "a device_id: {t:?}");
    let open = BusiOpen {
        req_seq_id: seq("open"),
        req_date: today(),
        huifu_id: huifu_id.clone(),
        upper_huifu_id: c.sys_id.clone(),
        wx_conf_list: Some(JsonStr(vec![PayConf {
            pay_scene: "1".into(),
            fee_rate: "0.38".into(),
            ..Default::default()
        }])),
        ..Default::default()
    };
    let o = client.send(&open).await.unwrap_or_else(|e| panic!("busi open: {e:?}"));
    assert!(o.resp_code == "00000100" || o.resp_code == "00000000", "{o:?}");
    let wx = WxConfig {
        req_seq_id: seq("wx"),
        req_date: today(),
        huifu_id: huifu_id.clone(),
        fee_type: "02".into(),
        wx_woa_app_id: Some("wx5110d8e12d8b5a46".into()),
        wx_woa_path: Some("https://shop.example.com/pay/".into()),
        ..Default::default()
    };
    // Follow the business opening to approval, then realname: the legal person "scans" the QR page.
    let busi_apply = o.apply_no.clone().expect("busi open apply_no");
    let approved = poll(|| async {
        let st = client
            .send(&ApplyStatusQuery {
                req_seq_id: seq("st"),
                req_date: today(),
                apply_no: busi_apply.clone(),
                huifu_id: huifu_id.clone(),
            })
            .await
            .unwrap_or_else(|e| panic!("busi status: {e:?}"));
        (st.apply_status == Some(AuditStatus::Approved)).then_some(())
    })
    .await;
    assert!(approved.is_some(), "business open approved");
    let rn = WxRealname {
        req_seq_id: seq("rn"),
        req_date: today(),
        huifu_id: huifu_id.clone(),
        name: "张三".into(),
        mobile: "13800138000".into(),
        id_card_number: "11010519491231002X".into(),
        contact_type: "LEGAL".into(),
        ..Default::default()
    };
    client.send(&rn).await.unwrap_or_else(|e| panic!("wx realname: {e:?}"));
    let qr = poll(|| async {
        let q = client
            .send(&WxRealnameQuery {
                req_seq_id: seq("rq"),
                req_date: today(),
                huifu_id: huifu_id.clone(),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("realname query: {e:?}"));
        (q.applyment_stat == Some(WxApplymentState::WaitingForConfirmLegalPerson))
            .then(|| q.qrcode_data.clone())
            .flatten()
    })
    .await
    .expect("a realname QR");
    let page = reqwest::Client::new().post(&qr).form(&[("channel", "wx")]).send().await.unwrap();
    assert!(page.status().is_success(), "QR page confirms");
    client.send(&wx).await.unwrap_or_else(|e| panic!("wx config: {e:?}"));

    trades_refund_and_cash_out(&client, &sb.base_url(), &huifu_id).await;
    sb.shutdown().await;
}

/// Polls `f` every 100 ms for at most 15 s (the sandbox's ticker runs slower on a loaded machine).
async fn poll<T, F: std::future::Future<Output = Option<T>>>(f: impl Fn() -> F) -> Option<T> {
    for _ in 0..150 {
        if let Some(t) = f().await {
            return Some(t);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}

async fn trades_refund_and_cash_out(client: &Client, base_url: &str, huifu_id: &str) {
    let code: serde_json::Value = reqwest::Client::new()
        .post(format!("{base_url}/sandbox/paycode"))
        .json(&serde_json::json!({"channel": "wx"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mp = Micropay {
        req_seq_id: seq("mp"),
        req_date: today(),
        huifu_id: huifu_id.into(),
        goods_desc: "反扫".into(),
        trans_amt: Fen(10_000),
        auth_code: code["auth_code"].as_str().expect("a payment code").into(),
        risk_check_data: JsonStr(RiskCheckData { ip_addr: Some("127.0.0.1".into()), ..Default::default() }),
        ..Default::default()
    };
    let paid = client.send(&mp).await.unwrap_or_else(|e| panic!("micropay: {e:?}"));
    assert_eq!(
        (paid.trans_stat.clone(), paid.trade_type.clone()),
        (Some(TransStat::Success), Some(TradeType::WxMicropay)),
        "{paid:?}"
    );
    let hf_seq_id = paid.hf_seq_id.clone().expect("hf_seq_id");
    let q = client
        .send(&ScanQuery { huifu_id: huifu_id.into(), org_hf_seq_id: Some(hf_seq_id.clone()), ..Default::default() })
        .await
        .unwrap_or_else(|e| panic!("scan query: {e:?}"));
    assert_eq!((q.trans_stat, q.trans_amt), (Some(TransStat::Success), Some(Fen(10_000))));

    let refund = Refund {
        req_seq_id: seq("rf"),
        req_date: today(),
        huifu_id: huifu_id.into(),
        ord_amt: Fen(1_000),
        org_req_date: today(),
        org_hf_seq_id: Some(hf_seq_id),
        ..Default::default()
    };
    let r = client.send(&refund).await.unwrap_or_else(|e| panic!("refund: {e:?}"));
    assert_eq!(r.ord_amt, Some(Fen(1_000)), "{r:?}");
    let done = poll(|| async {
        let q = client
            .send(&RefundQuery {
                huifu_id: huifu_id.into(),
                org_req_date: Some(today()),
                org_req_seq_id: Some(refund.req_seq_id.clone()),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|e| panic!("refund query: {e:?}"));
        (q.trans_stat != Some(TransStat::Processing)).then_some(q)
    })
    .await
    .expect("refund turns final");
    assert_eq!(done.trans_stat, Some(TransStat::Success), "{done:?}");

    let bal = client
        .send(&BalanceQuery {
            req_date: today(),
            req_seq_id: Some(seq("b")),
            huifu_id: huifu_id.into(),
            acct_date: None,
        })
        .await
        .unwrap_or_else(|e| panic!("balance: {e:?}"));
    let avl =
        bal.acct_info_list.as_ref().and_then(|l| l.first()).and_then(|a| a.avl_bal).expect("an available balance");
    assert!(avl.0 > 0 && avl.0 < 10_000, "paid 100.00, refunded 10.00, fees taken: {avl}");
    let detail = client
        .send(&MerchantDetailQuery { req_seq_id: seq("d"), req_date: today(), huifu_id: huifu_id.into() })
        .await
        .unwrap_or_else(|e| panic!("detail: {e:?}"));
    let token = detail
        .qry_cash_card_info_list
        .as_ref()
        .and_then(|l| l.first())
        .and_then(|c| c.token_no.clone())
        .expect("token_no");
    let cash = Withdraw {
        req_seq_id: seq("w"),
        req_date: today(),
        huifu_id: huifu_id.into(),
        cash_amt: Fen(5_000),
        into_acct_date_type: "T1".into(),
        token_no: token,
        ..Default::default()
    };
    let w = client.send(&cash).await.unwrap_or_else(|e| panic!("withdraw: {e:?}"));
    let wq = poll(|| async {
        let q = client
            .send(&WithdrawQuery {
                huifu_id: huifu_id.into(),
                org_req_date: today(),
                org_req_seq_id: Some(cash.req_seq_id.clone()),
                org_hf_seq_id: None,
            })
            .await
            .unwrap_or_else(|e| panic!("withdraw query: {e:?}"));
        (q.trans_stat == Some(TransStat::Success)).then_some(q)
    })
    .await;
    assert!(wq.is_some(), "withdrawal {w:?} turns S");
}
