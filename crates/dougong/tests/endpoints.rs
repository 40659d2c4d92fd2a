//! Every endpoint of spec §7.1–7.22 round-tripped against a real HTTP server on loopback: the request is
//! validated, signed, posted to its path, verified by the server; the signed answer is verified and decoded.

mod common;

use common::{respond, MockHuifu, Seen};
use dougong::bill::*;
use dougong::busi::*;
use dougong::cashout::*;
use dougong::merchant::*;
use dougong::modify::*;
use dougong::onboarding::forms::{CardInfo, CashConfig, SettleConfig};
use dougong::onboarding::*;
use dougong::realname::*;
use dougong::refund::*;
use dougong::split::*;
use dougong::terminal::*;
use dougong::trade::channel::{AcctInfo, AcctSplitBunch, RiskCheckData};
use dougong::trade::*;
use dougong::wire::{JsonStr, TransStat};
use dougong::wxconfig::*;
use dougong::{Endpoint, Error, Fen};
use serde_json::{json, Value};

const HUIFU: &str = "6666000108854952";
const DAY: &str = "20240514";

/// Sends `req` to a server that answers `answer` (with resp_code 00000000 unless given) on `R::PATH`
/// only, and returns the decoded output and what the server saw.
async fn roundtrip<R: Endpoint>(req: &R, answer: Value) -> (R::Output, Seen) {
    let mock = MockHuifu::start(vec![(
        R::PATH,
        respond(move |_| {
            let mut d = answer.clone();
            if d.get("resp_code").is_none() {
                d["resp_code"] = json!("00000000");
                d["resp_desc"] = json!("成功");
            }
            d
        }),
    )])
    .await;
    let out = mock.client().send(req).await.unwrap_or_else(|e| panic!("{}: {e:?}", R::PATH));
    let seen = mock.one();
    assert_eq!(seen.path, R::PATH);
    (out, seen)
}

fn card_ent() -> CardInfo {
    CardInfo {
        card_type: Some("0".into()),
        card_name: "上海某某科技有限公司".into(),
        card_no: "31050161393600000123".into(),
        area_id: "310100".into(),
        branch_code: Some("105290061001".into()),
        ..Default::default()
    }
}

fn ent() -> EntOnboarding {
    EntOnboarding {
        req_seq_id: "ent20240514001".into(),
        req_date: DAY.into(),
        upper_huifu_id: HUIFU.into(),
        reg_name: "上海某某科技有限公司".into(),
        short_name: "某某科技".into(),
        receipt_name: "某某科技".into(),
        ent_type: "3".into(),
        mcc: Some("5812".into()),
        scene_type: "ONLINE".into(),
        license_pic: "57cc7f00-600a-33ab-b614-6221bbf2e530".into(),
        license_code: "91350100M000100Y43".into(),
        license_validity_type: "1".into(),
        license_begin_date: "20200101".into(),
        found_date: "20200101".into(),
        reg_capital: Some("100.00".into()),
        reg_district_id: "310101".into(),
        reg_detail: "上海市黄浦区某路1号".into(),
        district_id: "310101".into(),
        legal_name: "张三".into(),
        legal_cert_type: "00".into(),
        legal_cert_no: "11010519491231002X".into(),
        legal_cert_validity_type: "1".into(),
        legal_cert_begin_date: "20100101".into(),
        legal_addr: "北京市朝阳区某路2号".into(),
        legal_cert_back_pic: "f03".into(),
        legal_cert_front_pic: "f02".into(),
        contact_mobile_no: "13800138000".into(),
        contact_email: "a@example.com".into(),
        login_name: "mer_login_01".into(),
        reg_acct_pic: Some("f08".into()),
        card_info: JsonStr(card_ent()),
        settle_config: Some(JsonStr(SettleConfig { settle_cycle: "T1".into(), ..Default::default() })),
        cash_config: Some(JsonStr(vec![CashConfig {
            cash_type: Some("D0".into()),
            fee_rate: Some("0.05".into()),
            ..Default::default()
        }])),
        ..Default::default()
    }
}

#[tokio::test]
async fn onboarding_ent_and_validation() {
    let (out, seen) = roundtrip(&ent(), json!({"huifu_id":"6666000123123123","token_no":"10004053462"})).await;
    assert_eq!(out.huifu_id.as_deref(), Some("6666000123123123"));
    assert_eq!(out.token_no.as_deref(), Some("10004053462"));
    let card: Value = serde_json::from_str(seen.data["card_info"].as_str().unwrap()).unwrap();
    assert_eq!(card["branch_code"], "105290061001", "card_info travels as a JSON string");
    assert!(seen.data["settle_config"].is_string());

    let mut bad = ent();
    bad.legal_cert_no = "110105194912310021".into();
    assert_eq!(bad.validate().unwrap_err().field, "legal_cert_no");
    let mut bad = ent();
    bad.scene_type = "OFFLINE".into();
    assert_eq!(bad.validate().unwrap_err().field, "detail_addr");
    let mut bad = ent();
    bad.card_info.0.branch_code = None;
    assert_eq!(bad.validate().unwrap_err().field, "card_info.branch_code");
    let mut bad = ent();
    bad.license_code = "91350100M000100Y44".into();
    assert_eq!(bad.validate().unwrap_err().field, "license_code");
}

#[tokio::test]
async fn onboarding_indv_modify_detail_status() {
    let indv = IndvOnboarding {
        req_seq_id: "indv001".into(),
        req_date: DAY.into(),
        upper_huifu_id: HUIFU.into(),
        reg_name: "张三".into(),
        mcc: "5331".into(),
        scene_type: "ONLINE".into(),
        district_id: "310101".into(),
        legal_cert_no: "11010519491231002X".into(),
        legal_cert_begin_date: "20100101".into(),
        legal_cert_end_date: "29991231".into(),
        legal_addr: "北京".into(),
        legal_cert_back_pic: "f41".into(),
        legal_cert_front_pic: "f40".into(),
        contact_mobile_no: "13800138000".into(),
        contact_email: "a@example.com".into(),
        card_info: JsonStr(CardInfo {
            card_name: "张三".into(),
            card_no: "6222020200112233445".into(),
            area_id: "310100".into(),
            cert_type: Some("00".into()),
            cert_no: Some("11010519491231002X".into()),
            cert_validity_type: Some("1".into()),
            ..Default::default()
        }),
        settle_card_front_pic: "f13".into(),
        ..Default::default()
    };
    let (out, _) =
        roundtrip(&indv, json!({"resp_code":"00000100","huifu_id":"6666000123123124","apply_no":"202209120038432"}))
            .await;
    assert_eq!(out.apply_no.as_deref(), Some("202209120038432"));

    let mut m = BasicModify {
        req_seq_id: "mod1".into(),
        req_date: DAY.into(),
        upper_huifu_id: HUIFU.into(),
        huifu_id: HUIFU.into(),
        ..Default::default()
    };
    assert_eq!(m.validate().unwrap_err().field, "data", "nothing to change is refused");
    m.changes.insert("short_name".into(), json!("新简称店铺"));
    let (_, seen) = roundtrip(&m, json!({"huifu_id":HUIFU,"apply_no":"1"})).await;
    assert_eq!(seen.data["short_name"], "新简称店铺");

    let q = MerchantDetailQuery { req_seq_id: "q1".into(), req_date: DAY.into(), huifu_id: HUIFU.into() };
    // enter_fee as a JSON number 0.00 (spec D4): the answer must still verify and decode.
    let (d, _) = roundtrip(
        &q,
        json!({"huifu_id":HUIFU,"reg_name":"某某","mer_stat":"NORMAL","enter_fee":0.0,
               "qry_cash_card_info_list":"[{\"token_no\":\"10004053462\",\"card_no\":\"6222***4455\",\"status\":\"N\"}]"}),
    )
    .await;
    assert_eq!(d.qry_cash_card_info_list.unwrap()[0].token_no.as_deref(), Some("10004053462"));
    assert!(d.extra.contains_key("enter_fee"), "unmodelled fields are kept");

    let s = ApplyStatusQuery {
        req_seq_id: "s1".into(),
        req_date: DAY.into(),
        apply_no: "202209120038432".into(),
        huifu_id: HUIFU.into(),
    };
    let (st, _) = roundtrip(
        &s,
        json!({"apply_status":"Y","wx_conf_result_list":[{"sub_mer_id":"W123","real_name_applyment_stat":"APPLYMENT_STATE_PASSED"}]}),
    )
    .await;
    assert_eq!(st.apply_status, Some(AuditStatus::Approved));
    assert_eq!(st.wx_conf_result_list.unwrap()[0].sub_mer_id.as_deref(), Some("W123"), "inline arrays accepted too");
}

#[tokio::test]
async fn busi_open_modify_and_split_rules() {
    let open = BusiOpen {
        req_seq_id: "open1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        upper_huifu_id: HUIFU.into(),
        wx_conf_list: Some(JsonStr(vec![PayConf {
            pay_scene: "1".into(),
            fee_rate: "0.38".into(),
            mcc: Some("758".into()),
            ..Default::default()
        }])),
        split_conf_info: Some(JsonStr(SplitConfInfo {
            div_flag: "Y".into(),
            rule_origin: "01".into(),
            apply_ratio: "20.00".into(),
            scene: Some("02".into()),
            split_fee_rate: Some("0.00".into()),
            ..Default::default()
        })),
        ..Default::default()
    };
    let (out, seen) = roundtrip(&open, json!({"resp_code":"00000100","apply_no":"A1","huifu_id":HUIFU})).await;
    assert_eq!(out.apply_no.as_deref(), Some("A1"));
    assert_eq!(seen.data["wx_conf_list"], r#"[{"pay_scene":"1","fee_rate":"0.38","mcc":"758"}]"#);

    let mut bad = open.clone();
    bad.wx_conf_list =
        Some(JsonStr(vec![PayConf { pay_scene: "1".into(), fee_rate: "38".into(), ..Default::default() }]));
    assert_eq!(bad.validate().unwrap_err().field, "wx_conf_list[0].fee_rate");
    let mut bad = open.clone();
    bad.split_conf_info.as_mut().unwrap().0.rule_origin = "02".into();
    bad.split_conf_info.as_mut().unwrap().0.acct_split_bunch_list = Some(vec![
        SplitShare { fee_rate: "60".into(), huifu_id: HUIFU.into() },
        SplitShare { fee_rate: "30".into(), huifu_id: HUIFU.into() },
    ]);
    assert_eq!(bad.validate().unwrap_err().field, "split_conf_info.acct_split_bunch_list", "shares must add to 100");

    let modify = BusiModify {
        req_seq_id: "m1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        wx_conf_list: open.wx_conf_list.clone(),
        ..Default::default()
    };
    roundtrip(&modify, json!({"huifu_id":HUIFU,"apply_no":"A2"})).await;

    let sc = SplitConfig {
        req_seq_id: "sc1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        rule_origin: "02".into(),
        div_flag: "Y".into(),
        apply_ratio: "100".into(),
        start_type: "0".into(),
        acct_split_bunch_list: Some(JsonStr(vec![SplitShare { fee_rate: "100.00".into(), huifu_id: HUIFU.into() }])),
        ..Default::default()
    };
    let (o, _) = roundtrip(&sc, json!({"resp_code":"00000100","apply_no":"S1"})).await;
    assert_eq!(o.apply_no.as_deref(), Some("S1"));
    let (q, _) = roundtrip(
        &SplitQuery { req_seq_id: "sq".into(), req_date: DAY.into(), huifu_id: HUIFU.into() },
        json!({"div_flag":"Y","apply_ratio":20.5}),
    )
    .await;
    assert_eq!(q.div_flag.as_deref(), Some("Y"));
}

#[tokio::test]
async fn realname_wechat_alipay_and_mercode() {
    let wx = WxRealname {
        req_seq_id: "r1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        name: "张三".into(),
        mobile: "13800138000".into(),
        id_card_number: "11010519491231002X".into(),
        contact_type: "LEGAL".into(),
        ..Default::default()
    };
    let (o, _) = roundtrip(&wx, json!({"huifu_id":HUIFU,"applyment_id":"2000001234567890"})).await;
    assert_eq!(o.applyment_id.as_deref(), Some("2000001234567890"));
    let q =
        WxRealnameQuery { req_seq_id: "r2".into(), req_date: DAY.into(), huifu_id: HUIFU.into(), ..Default::default() };
    let (s, _) = roundtrip(&q, json!({"applyment_stat":"APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON","qrcode_data":"https://pay.weixin.qq.com/x"})).await;
    assert_eq!(s.applyment_stat, Some(WxApplymentState::WaitingForConfirmLegalPerson));
    let (s, _) = roundtrip(&q, json!({"applyment_stat":"APPLYMENT_STATE_SOMETHING_NEW"})).await;
    assert_eq!(
        s.applyment_stat,
        Some(WxApplymentState::Unknown("APPLYMENT_STATE_SOMETHING_NEW".into())),
        "new states decode"
    );

    let ali = AliRealnameApply {
        req_seq_id: "a1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        auth_identity_info: JsonStr(json!({"business_type":"ENTERPRISE","certificate_type":"BUSINESS_CERT"})),
        contact_person_info: JsonStr(AliContactPerson {
            name: "张三".into(),
            mobile: "13800138000".into(),
            id_card_number: "11010519491231002X".into(),
        }),
        ..Default::default()
    };
    roundtrip(&ali, json!({"huifu_id":HUIFU})).await;
    let aq = AliRealnameQuery {
        req_seq_id: "a2".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        ..Default::default()
    };
    let (s, _) =
        roundtrip(&aq, json!({"audit_status":"CONTACT_CONFIRM","qrcode_data":"https://qr.alipay.com/abc"})).await;
    assert_eq!(s.state(), Some(&AliRealnameState::ContactConfirm));

    let mc = MerCodeQuery {
        req_seq_id: "mc".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        pay_way: "W".into(),
        fee_type: Some("02".into()),
    };
    let (o, _) = roundtrip(&mc, json!({"huifu_id":HUIFU,"mer_code_list":"[]"})).await;
    assert!(o.extra.contains_key("mer_code_list"));
}

#[tokio::test]
async fn wx_config_and_query() {
    let c = WxConfig {
        req_seq_id: "c1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        fee_type: "02".into(),
        wx_woa_app_id: Some("wx0000000000000000".into()),
        wx_woa_path: Some("https://shop.example.com/pay/".into()),
        ..Default::default()
    };
    roundtrip(&c, json!({"huifu_id":HUIFU})).await;
    let mut bad = c.clone();
    bad.wx_woa_path = Some("https://shop.example.com/pay".into());
    assert_eq!(bad.validate().unwrap_err().field, "wx_woa_path");
    let mut bad = c.clone();
    bad.wx_woa_app_id = Some("wx00000000 0000000".into());
    assert_eq!(bad.validate().unwrap_err().field, "wx_woa_app_id");
    let q =
        WxConfigQuery { req_seq_id: "c2".into(), req_date: DAY.into(), huifu_id: HUIFU.into(), ..Default::default() };
    let (s, _) = roundtrip(&q, json!({"atu_config_bo_list":"[{\"sub_appid\":\"wx0000000000000000\"}]"})).await;
    assert_eq!(s.atu_config_bo_list.unwrap().len(), 1);
}

#[tokio::test]
async fn terminals_add_query_cancel() {
    let add = TerminalAdd {
        req_seq_id: "t1".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        terminal_info_list: Some(JsonStr(vec![TerminalInfo {
            sn: "SN1".into(),
            tusn: "TUSN1".into(),
            dev_model_code: "M1".into(),
            terminal_address: None,
        }])),
    };
    let (o, seen) = roundtrip(&add, json!({"add_ter_info_list":"[{\"huifu_id\":\"6666000108854952\",\"device_id\":\"660035140101000300901\",\"bind_status\":\"Y\"}]"})).await;
    assert_eq!(o.add_ter_info_list.unwrap()[0].device_id.as_deref(), Some("660035140101000300901"));
    assert_eq!(seen.data["terminal_info_list"], r#"[{"sn":"SN1","tusn":"TUSN1","dev_model_code":"M1"}]"#);
    let q = TerminalQuery {
        req_seq_id: "t2".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        page_size: "10".into(),
        page_num: "1".into(),
        device_id: None,
    };
    roundtrip(&q, json!({"terminal_list":[]})).await;
    let c = TerminalCancel {
        req_seq_id: "t3".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        device_id: "660035140101000300901".into(),
    };
    roundtrip(&c, json!({})).await;
}

#[tokio::test]
async fn trades_micropay_query_close() {
    let mp = Micropay {
        req_date: DAY.into(),
        req_seq_id: "mp1".into(),
        huifu_id: HUIFU.into(),
        trans_amt: Fen(12345),
        goods_desc: "测试".into(),
        auth_code: "135544956454558898".into(),
        risk_check_data: JsonStr(RiskCheckData { ip_addr: Some("127.0.0.1".into()), ..Default::default() }),
        acct_split_bunch: Some(JsonStr(AcctSplitBunch {
            acct_infos: vec![
                AcctInfo { huifu_id: HUIFU.into(), div_amt: Some(Fen(12000)), ..Default::default() },
                AcctInfo { huifu_id: "6666000109133323".into(), div_amt: Some(Fen(345)), ..Default::default() },
            ],
            ..Default::default()
        })),
        ..Default::default()
    };
    let (o, seen) = roundtrip(&mp, json!({"trans_stat":"S","trade_type":"T_MICROPAY","trans_amt":"123.45"})).await;
    assert_eq!(o.trans_amt, Some(Fen(12345)));
    assert_eq!(o.trade_type, Some(TradeType::WxMicropay));
    assert_eq!(seen.data["trans_amt"], "123.45");
    assert!(seen.data["acct_split_bunch"].as_str().unwrap().contains(r#""div_amt":"120.00""#));
    let mut bad = mp.clone();
    bad.acct_split_bunch.as_mut().unwrap().0.acct_infos[1].div_amt = Some(Fen(1));
    assert_eq!(bad.validate().unwrap_err().field, "acct_split_bunch.acct_infos", "split must add up");

    let q = ScanQuery {
        huifu_id: HUIFU.into(),
        org_req_date: Some(DAY.into()),
        org_req_seq_id: Some("mp1".into()),
        ..Default::default()
    };
    let (o, _) = roundtrip(&q, json!({"trans_stat":"S","trans_amt":"123.45","fee_amt":"0.47","fee_formula_infos":"[{\"fee_formula\":\"AMT*0.0038\",\"fee_type\":\"TRANS_FEE\"}]"})).await;
    assert_eq!(o.fee_amt, Some(Fen(47)));
    assert_eq!(o.fee_formula_infos.unwrap()[0].fee_formula.as_deref(), Some("AMT*0.0038"));
    assert_eq!(
        ScanQuery { huifu_id: HUIFU.into(), ..Default::default() }.validate().unwrap_err().field,
        "org_hf_seq_id|org_req_seq_id|out_ord_id"
    );

    let c = Close {
        req_date: DAY.into(),
        req_seq_id: "cl1".into(),
        huifu_id: HUIFU.into(),
        org_req_date: DAY.into(),
        org_req_seq_id: Some("js1".into()),
        ..Default::default()
    };
    let (o, _) = roundtrip(&c, json!({"trans_stat":"P","org_trans_stat":"P"})).await;
    assert_eq!(o.trans_stat, Some(TransStat::Processing));
    let cq = CloseQuery(Close { req_seq_id: "cq1".into(), ..c.clone() });
    let (o, seen) = roundtrip(&cq, json!({"trans_stat":"S","org_trans_stat":"F"})).await;
    assert_eq!(seen.data["req_seq_id"], "cq1", "close query sends the flat close body");
    assert_eq!(o.org_trans_stat, Some(TransStat::Failed));
}

#[tokio::test]
async fn refund_and_refund_query() {
    let r = Refund {
        req_date: DAY.into(),
        req_seq_id: "rf1".into(),
        huifu_id: HUIFU.into(),
        ord_amt: Fen(50),
        org_req_date: DAY.into(),
        org_hf_seq_id: Some("002900TOP3B221107142320P992ac139c0c00000".into()),
        ..Default::default()
    };
    let (o, seen) = roundtrip(&r, json!({"resp_code":"00000100","trans_stat":"P","ord_amt":"0.50","hf_seq_id":"003100TOP2B221110093241P139ac139c0c00000"})).await;
    assert_eq!(o.ord_amt, Some(Fen(50)));
    assert_eq!(seen.data["ord_amt"], "0.50");
    let mut bad = r.clone();
    bad.org_req_seq_id = Some("x".into());
    assert_eq!(bad.validate().unwrap_err().reason, "give only one of these");
    let q = RefundQuery {
        huifu_id: HUIFU.into(),
        org_req_date: Some(DAY.into()),
        org_req_seq_id: Some("rf1".into()),
        ..Default::default()
    };
    let (o, _) = roundtrip(&q, json!({"trans_stat":"S","actual_ref_amt":"0.50"})).await;
    assert_eq!(o.actual_ref_amt, Some(Fen(50)));
}

#[tokio::test]
async fn withdraw_query_and_balance() {
    let w = Withdraw {
        req_date: DAY.into(),
        req_seq_id: "w1".into(),
        cash_amt: Fen(10_000),
        huifu_id: HUIFU.into(),
        into_acct_date_type: "T1".into(),
        token_no: "10004053462".into(),
        ..Default::default()
    };
    let (o, seen) =
        roundtrip(&w, json!({"trans_stat":"P","hf_seq_id":"00470topo1A211015160805P090ac132fef00000"})).await;
    assert_eq!(o.trans_stat, Some(TransStat::Processing));
    assert_eq!(seen.data["cash_amt"], "100.00");
    let q = WithdrawQuery {
        huifu_id: HUIFU.into(),
        org_req_date: DAY.into(),
        org_req_seq_id: Some("w1".into()),
        org_hf_seq_id: None,
    };
    roundtrip(&q, json!({"trans_stat":"S"})).await;
    let b =
        BalanceQuery { req_date: DAY.into(), req_seq_id: Some("b1".into()), huifu_id: HUIFU.into(), acct_date: None };
    let (o, _) = roundtrip(
        &b,
        json!({"acctInfo_list":"[{\"acct_id\":\"F00598600\",\"acct_type\":\"01\",\"balance_amt\":\"1000.00\",\"avl_bal\":\"900.00\",\"frz_bal\":\"100.00\"}]"}),
    )
    .await;
    let acct = &o.acct_info_list.unwrap()[0];
    assert_eq!((acct.avl_bal, acct.acct_type.clone()), (Some(Fen(90000)), Some(AcctType::Basic)));
}

#[tokio::test]
async fn bills_config_query_replay_files() {
    let c = BillConfig {
        req_seq_id: "bc".into(),
        req_date: DAY.into(),
        huifu_id: HUIFU.into(),
        recon_send_flag: "Y".into(),
        file_type: "1,2,3,4".into(),
        ..Default::default()
    };
    let (o, _) = roundtrip(&c, json!({"recon_send_flag":"Y","file_type":"1,2,3,4"})).await;
    assert_eq!(o.recon_send_flag.as_deref(), Some("Y"));
    roundtrip(
        &BillConfigQuery { req_seq_id: "bq".into(), req_date: DAY.into(), huifu_id: HUIFU.into() },
        json!({"recon_send_flag":"N"}),
    )
    .await;
    let (o, _) = roundtrip(
        &BillReplay { req_seq_id: "br".into(), req_date: DAY.into(), huifu_id: HUIFU.into(), file_type: "2".into() },
        json!({"download_url":"https://files.example/x.zip"}),
    )
    .await;
    assert!(o.download_url.is_some());
    let fq = BillFileQuery {
        req_date: DAY.into(),
        req_seq_id: "fq".into(),
        huifu_id: HUIFU.into(),
        file_date: "20240515".into(),
        bill_type: Some(BillType::Trade),
    };
    let (o, seen) = roundtrip(
        &fq,
        json!({"file_details":[{"file_Name":"20240514_6666000108854952_order.zip","bill_type":"TRADE_BILL","download_url":"https://f/x"}],
               "task_details":[{"task_stat":"S","bill_type":"SPLIT_BILL","data_date":"20240514"}]}),
    )
    .await;
    assert_eq!(seen.data["bill_type"], "TRADE_BILL");
    assert_eq!(
        o.file_details[0].file_name.as_deref(),
        Some("20240514_6666000108854952_order.zip"),
        "file_Name accepted"
    );
    assert_eq!(o.task_details[0].task_stat, Some(TaskStat::Success));
}

#[tokio::test]
async fn decode_failure_names_the_path() {
    let q = ScanQuery { huifu_id: HUIFU.into(), org_hf_seq_id: Some("x".into()), ..Default::default() };
    let mock =
        MockHuifu::start(vec![(ScanQuery::PATH, respond(|_| json!({"resp_code":"00000000","trans_amt":"12.345"})))])
            .await;
    match mock.client().send(&q).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "data.trans_amt"),
        other => panic!("expected a decode error naming data.trans_amt, got {other:?}"),
    }
}
