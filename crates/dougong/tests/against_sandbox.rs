//! The typed endpoints against the real built-in sandbox (crates/sandbox) over loopback HTTP: what a user
//! meets on first start. The in-test server of the other suites checks wire details; this one checks that
//! the client and the simulator, written from the same spec by different hands, agree.

use dougong::busi::{BusiOpen, PayConf};
use dougong::onboarding::forms::{CardInfo, CashConfig};
use dougong::onboarding::{ApplyStatusQuery, AuditStatus, EntOnboarding, PictureUpload, UploadFile};
use dougong::terminal::{TerminalAdd, TerminalInfo};
use dougong::wire::JsonStr;
use dougong::wxconfig::WxConfig;
use dougong::Client;

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
    let req = PictureUpload { req_seq_id: seq("pic"), req_date: today(), file_type: file_type.into(), ..Default::default() };
    let file = UploadFile { file_name: "photo.png".into(), bytes: b"\x89PNG\r\n\x1a\n fixture image bytes".to_vec() };
    let out = client.upload_picture(&req, Some(&file)).await.unwrap_or_else(|e| panic!("upload {file_type}: {e:?}"));
    out.file_id.expect("a file_id")
}

#[tokio::test]
async fn onboarding_journey_on_the_sandbox_with_typed_requests() {
    let dir = tempfile::tempdir().unwrap();
    let timing = sandbox::Timing { audit_auto_approve: Some(std::time::Duration::from_millis(200)), ..Default::default() };
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
        cash_config: Some(JsonStr(vec![CashConfig { cash_type: Some("T1".into()), fix_amt: Some("1.00".into()), ..Default::default() }])),
        ..Default::default()
    };
    let out = client.send(&ent).await.unwrap_or_else(|e| panic!("ent onboarding: {e:?}"));
    let huifu_id = out.huifu_id.clone().expect("huifu_id");
    let apply_no = out.apply_no.clone().expect("sent to audit: apply_no");

    // The sandbox approves the audit after 200 ms; follow the application like desk would.
    let mut approved = false;
    for _ in 0..50 {
        let st = client
            .send(&ApplyStatusQuery { req_seq_id: seq("st"), req_date: today(), apply_no: apply_no.clone(), huifu_id: huifu_id.clone() })
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
        terminal_info_list: Some(JsonStr(vec![TerminalInfo { sn: "SN0001".into(), tusn: "TUSN0001".into(), dev_model_code: "M01".into(), terminal_address: None }])),
    };
    let t = client.send(&terminal).await.unwrap_or_else(|e| panic!("terminal add: {e:?}"));
    let device_id = t.add_ter_info_list.as_ref().and_then(|l| l.first()).and_then(|d| d.device_id.clone());
    assert!(device_id.is_some_and(|d| !d.is_empty()), "a device_id: {t:?}");
    let open = BusiOpen {
        req_seq_id: seq("open"),
        req_date: today(),
        huifu_id: huifu_id.clone(),
        upper_huifu_id: c.sys_id.clone(),
        wx_conf_list: Some(JsonStr(vec![PayConf { pay_scene: "1".into(), fee_rate: "0.38".into(), ..Default::default() }])),
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
        ..Default::default()
    };
    // WeChat config needs the WeChat business opened (asynchronously, by the busi open above); before
    // that the sandbox refuses as Huifu would. Either way the typed request is understood and answered.
    match client.send(&wx).await {
        Ok(_) | Err(dougong::Error::Business { .. }) => {}
        Err(e) => panic!("wx config: {e:?}"),
    }
    sb.shutdown().await;
}
