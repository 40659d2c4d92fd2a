//! Bad input at every desk form: empty, too long, wrong charset, wrong check digit, control characters,
//! negative and huge amounts. Each is refused with `InvalidInput` naming the field, before anything is
//! sent: the audit log stays empty, the journal holds nothing, and the sandbox saw no request.

mod common;

#[path = "common/sandbox.rs"]
mod sandbox_controls;

use common::*;
use desk::acquiring::{CreateOrderInput, RefundInput, SANDBOX_HSQ_PROFILE, SANDBOX_MPG_PROFILE};
use desk::audit::{self, AuditFilter};
use desk::services::busi::{BusiOpenForm, PayConfForm};
use desk::services::onboarding::{EntOnboardingForm, IndvOnboardingForm};
use desk::services::realname::{RealnameChannel, RealnameForm};
use desk::services::split::{SplitForm, SplitShareForm};
use desk::services::terminal::TerminalForm;
use desk::services::wxconfig::WxConfigForm;
use desk::{Desk, ErrorCode, SANDBOX_PROFILE};
use sandbox_controls::{ent_form, indv_form, png, Controls};

const H: &str = "6666000123456789";

// One value per case, built once per test: the size difference between the forms costs nothing here.
#[allow(clippy::large_enum_variant)]
enum Input {
    Indv(IndvOnboardingForm),
    Ent(EntOnboardingForm),
    Busi(BusiOpenForm),
    Realname(RealnameForm),
    Wx(WxConfigForm),
    Split(SplitForm),
    Terminal(TerminalForm),
    Cancel(&'static str, String),
    HsqOrder(CreateOrderInput),
    MpgOrder(CreateOrderInput),
    HsqRefund(RefundInput),
}

async fn submit(desk: &Desk, input: Input) -> Result<(), desk::Error> {
    let p = desk.profile(SANDBOX_PROFILE).unwrap();
    let quiet = |_| {};
    match input {
        Input::Indv(f) => desk.onboard_individual(&p, f, &quiet).await.map(drop),
        Input::Ent(f) => desk.onboard_enterprise(&p, f, &quiet).await.map(drop),
        Input::Busi(f) => desk.open_business(&p, f).await.map(drop),
        Input::Realname(f) => desk.submit_realname(&p, f).await.map(drop),
        Input::Wx(f) => desk.set_wx_config(&p, f).await.map(drop),
        Input::Split(f) => desk.configure_split(&p, f).await.map(drop),
        Input::Terminal(f) => desk.add_terminal(&p, f).await.map(drop),
        Input::Cancel(h, device) => desk.cancel_terminal(&p, h, &device, None).await,
        Input::HsqOrder(o) => {
            desk.acquiring_create_order(&desk.profile(SANDBOX_HSQ_PROFILE).unwrap(), o).await.map(drop)
        }
        Input::MpgOrder(o) => {
            desk.acquiring_create_order(&desk.profile(SANDBOX_MPG_PROFILE).unwrap(), o).await.map(drop)
        }
        Input::HsqRefund(r) => desk.acquiring_refund(&desk.profile(SANDBOX_HSQ_PROFILE).unwrap(), r).await.map(drop),
    }
}

fn busi() -> BusiOpenForm {
    BusiOpenForm {
        huifu_id: H.into(),
        wx: vec![PayConfForm {
            pay_scene: "1".into(),
            fee_rate: "0.38".into(),
            mcc: Some("758".into()),
            ..Default::default()
        }],
        online_busi_type: Some("H7999AL".into()),
        ..Default::default()
    }
}

fn realname() -> RealnameForm {
    RealnameForm {
        req_seq_id: None,
        huifu_id: H.into(),
        channel: RealnameChannel::Wechat,
        name: "张三".into(),
        mobile: "13812345678".into(),
        id_card_number: "11010519491231002X".into(),
        contact_type: None,
        certificate_type: None,
    }
}

fn wx() -> WxConfigForm {
    WxConfigForm {
        huifu_id: H.into(),
        fee_type: "01".into(),
        wx_applet_app_id: Some("wxabcdef0123456789".into()),
        ..Default::default()
    }
}

fn split() -> SplitForm {
    SplitForm {
        huifu_id: H.into(),
        rule_origin: "01".into(),
        div_flag: "Y".into(),
        apply_ratio: "15.00".into(),
        start_type: "0".into(),
        ..Default::default()
    }
}

fn terminal() -> TerminalForm {
    TerminalForm {
        huifu_id: H.into(),
        sn: Some("SN-1".into()),
        tusn: Some("TSN-1".into()),
        dev_model_code: Some("A920".into()),
        ..Default::default()
    }
}

fn order(product: &str) -> CreateOrderInput {
    CreateOrderInput {
        order_no: "202611300000000001".into(),
        product: product.into(),
        amount_fen: 100,
        goods: "沙箱商品".into(),
        notify_url: None,
        payer_id: None,
        app_id: None,
        payer_ip: None,
        payer_code: None,
        merchant: None,
    }
}

fn refund() -> RefundInput {
    RefundInput {
        refund_no: "202611300000000002".into(),
        order_no: "202611300000000001".into(),
        amount_fen: 40,
        order_amount_fen: 100,
        reason: None,
        notify_url: None,
        merchant: None,
        allow_repeat: false,
    }
}

fn with<T>(base: T, change: impl FnOnce(&mut T)) -> T {
    let mut v = base;
    change(&mut v);
    v
}

/// (what is wrong, the field the error must name, the input).
fn cases(pics: &std::path::Path) -> Vec<(&'static str, &'static str, Input)> {
    // Written once: the helper's big noisy PNG is slow to encode in a debug build.
    let mut base_indv = indv_form(pics);
    png(&pics.join("id_front.png"), 60, 40, false);
    base_indv.short_name = None;
    let indv = || base_indv.clone();
    let base_ent = ent_form(pics);
    let ent = || base_ent.clone();
    let long = |n: usize| "长".repeat(n);
    std::fs::write(pics.join("not-a-picture.png"), b"hello, not an image").unwrap();
    let not_a_picture = pics.join("not-a-picture.png").display().to_string();
    vec![
        // Individual onboarding.
        ("empty name", "reg_name", Input::Indv(with(indv(), |f| f.reg_name = "  ".into()))),
        ("name too long", "reg_name", Input::Indv(with(indv(), |f| f.reg_name = long(33)))),
        ("line break in name", "reg_name", Input::Indv(with(indv(), |f| f.reg_name = "张\n三".into()))),
        ("NUL in name", "reg_name", Input::Indv(with(indv(), |f| f.reg_name = "张\u{0}三".into()))),
        ("short name too short", "short_name", Input::Indv(with(indv(), |f| f.short_name = Some("店".into())))),
        ("scene in lower case", "scene_type", Input::Indv(with(indv(), |f| f.scene_type = "online".into()))),
        ("empty mcc", "mcc", Input::Indv(with(indv(), |f| f.mcc = String::new()))),
        ("mcc too long", "mcc", Input::Indv(with(indv(), |f| f.mcc = "58121234".into()))),
        (
            "ID with 17 digits",
            "legal_cert_no",
            Input::Indv(with(indv(), |f| f.legal_cert_no = "11010519491231002".into())),
        ),
        (
            "ID check digit",
            "legal_cert_no",
            Input::Indv(with(indv(), |f| f.legal_cert_no = "110105194912310021".into())),
        ),
        (
            "ID full-width X",
            "legal_cert_no",
            Input::Indv(with(indv(), |f| f.legal_cert_no = "11010519491231002Ｘ".into())),
        ),
        ("ID month 13", "legal_cert_no", Input::Indv(with(indv(), |f| f.legal_cert_no = "11010519491331002X".into()))),
        (
            "date with dashes",
            "legal_cert_begin_date",
            Input::Indv(with(indv(), |f| f.legal_cert_begin_date = "2020-01-01".into())),
        ),
        ("empty end date", "legal_cert_end_date", Input::Indv(with(indv(), |f| f.legal_cert_end_date = String::new()))),
        (
            "mobile 10 digits",
            "contact_mobile_no",
            Input::Indv(with(indv(), |f| f.contact_mobile_no = "1381234567".into())),
        ),
        (
            "mobile with +86",
            "contact_mobile_no",
            Input::Indv(with(indv(), |f| f.contact_mobile_no = "+8613812345678".into())),
        ),
        (
            "mobile with a letter",
            "contact_mobile_no",
            Input::Indv(with(indv(), |f| f.contact_mobile_no = "1381234567a".into())),
        ),
        ("e-mail without a dot", "contact_email", Input::Indv(with(indv(), |f| f.contact_email = "a@b".into()))),
        (
            "e-mail with a space",
            "contact_email",
            Input::Indv(with(indv(), |f| f.contact_email = "zhang san@example.com".into())),
        ),
        (
            "card Luhn",
            "card_info.card_no",
            Input::Indv(with(indv(), |f| f.card.card_no = "6222021234567890127".into())),
        ),
        (
            "card with a letter",
            "card_info.card_no",
            Input::Indv(with(indv(), |f| f.card.card_no = "622202123456789012a".into())),
        ),
        ("empty card name", "card_info.card_name", Input::Indv(with(indv(), |f| f.card.card_name = String::new()))),
        (
            "card holder ID",
            "card_info.cert_no",
            Input::Indv(with(indv(), |f| f.card.cert_no = Some("110105194912310021".into()))),
        ),
        ("card mobile", "card_info.mp", Input::Indv(with(indv(), |f| f.card.mp = Some("123".into())))),
        ("address too long", "legal_addr", Input::Indv(with(indv(), |f| f.legal_addr = long(257)))),
        ("tab in address", "legal_addr", Input::Indv(with(indv(), |f| f.legal_addr = "上海市\t黄浦区".into()))),
        ("empty district", "district_id", Input::Indv(with(indv(), |f| f.district_id = String::new()))),
        (
            "req_seq_id charset",
            "req_seq_id",
            Input::Indv(with(indv(), |f| f.req_seq_id = Some("id with spaces".into()))),
        ),
        ("req_seq_id too long", "req_seq_id", Input::Indv(with(indv(), |f| f.req_seq_id = Some("9".repeat(200))))),
        (
            "missing picture",
            "legal_cert_front_pic",
            Input::Indv(with(indv(), |f| f.pictures.retain(|p| p.field != "legal_cert_front_pic"))),
        ),
        (
            "unreadable picture",
            "settle_card_front_pic",
            Input::Indv(with(indv(), |f| f.pictures[2].path = "/nonexistent/card.png".into())),
        ),
        (
            "not a picture",
            "settle_card_front_pic",
            Input::Indv(with(indv(), |f| f.pictures[2].path = not_a_picture.clone())),
        ),
        // Enterprise onboarding.
        (
            "USCC check character",
            "license_code",
            Input::Ent(with(ent(), |f| f.license_code = "91350100M000100Y44".into())),
        ),
        ("USCC with I", "license_code", Input::Ent(with(ent(), |f| f.license_code = "91350100M000100I43".into()))),
        ("USCC too short", "license_code", Input::Ent(with(ent(), |f| f.license_code = "91350100M000100Y4".into()))),
        ("unknown ent_type", "ent_type", Input::Ent(with(ent(), |f| f.ent_type = "8".into()))),
        (
            "legal mobile",
            "legal_mobile_no",
            Input::Ent(with(ent(), |f| f.legal_mobile_no = Some("12345678901".into()))),
        ),
        ("empty legal name", "legal_name", Input::Ent(with(ent(), |f| f.legal_name = String::new()))),
        (
            "line break in reg_detail",
            "reg_detail",
            Input::Ent(with(ent(), |f| f.reg_detail = "人民大道\r\n1号".into())),
        ),
        ("found date month 00", "found_date", Input::Ent(with(ent(), |f| f.found_date = "20200001".into()))),
        ("settle cycle", "settle_config.settle_cycle", Input::Ent(with(ent(), |f| f.settle_cycle = Some("T0".into())))),
        // Business open.
        ("huifu_id letters", "huifu_id", Input::Busi(with(busi(), |f| f.huifu_id = "66660001234abc".into()))),
        ("huifu_id too long", "huifu_id", Input::Busi(with(busi(), |f| f.huifu_id = "6".repeat(19)))),
        ("no channel", "wx_conf_list", Input::Busi(with(busi(), |f| f.wx.clear()))),
        ("negative fee", "wx_conf_list[0].fee_rate", Input::Busi(with(busi(), |f| f.wx[0].fee_rate = "-0.38".into()))),
        ("fee over 100", "wx_conf_list[0].fee_rate", Input::Busi(with(busi(), |f| f.wx[0].fee_rate = "100.01".into()))),
        (
            "fee with 3 decimals",
            "wx_conf_list[0].fee_rate",
            Input::Busi(with(busi(), |f| f.wx[0].fee_rate = "0.385".into())),
        ),
        ("empty scene", "wx_conf_list[0].pay_scene", Input::Busi(with(busi(), |f| f.wx[0].pay_scene = String::new()))),
        ("short name too long", "short_name", Input::Busi(with(busi(), |f| f.short_name = Some(long(65))))),
        // Realname.
        ("empty name", "name", Input::Realname(with(realname(), |f| f.name = String::new()))),
        ("mobile", "mobile", Input::Realname(with(realname(), |f| f.mobile = "23812345678".into()))),
        (
            "ID check digit",
            "id_card_number",
            Input::Realname(with(realname(), |f| f.id_card_number = "110105194912310021".into())),
        ),
        ("contact type", "contact_type", Input::Realname(with(realname(), |f| f.contact_type = Some("BOSS".into())))),
        // WeChat config.
        ("fee type", "fee_type", Input::Wx(with(wx(), |f| f.fee_type = "04".into()))),
        ("short appid", "wx_applet_app_id", Input::Wx(with(wx(), |f| f.wx_applet_app_id = Some("wx123".into())))),
        (
            "JSAPI path without slash",
            "wx_woa_path",
            Input::Wx(with(wx(), |f| f.wx_woa_path = Some("https://shop.example.com/pay".into()))),
        ),
        ("nothing to set", "wx_woa_app_id", Input::Wx(with(wx(), |f| f.wx_applet_app_id = None))),
        // Split.
        ("rule origin", "rule_origin", Input::Split(with(split(), |f| f.rule_origin = "03".into()))),
        ("div flag lower case", "div_flag", Input::Split(with(split(), |f| f.div_flag = "y".into()))),
        ("ratio over 100", "apply_ratio", Input::Split(with(split(), |f| f.apply_ratio = "101".into()))),
        ("negative ratio", "apply_ratio", Input::Split(with(split(), |f| f.apply_ratio = "-1".into()))),
        ("start type", "start_type", Input::Split(with(split(), |f| f.start_type = "2".into()))),
        (
            "fixed rules without shares",
            "acct_split_bunch_list",
            Input::Split(with(split(), |f| f.rule_origin = "02".into())),
        ),
        (
            "shares not adding to 100",
            "acct_split_bunch_list",
            Input::Split(with(split(), |f| {
                f.rule_origin = "02".into();
                f.shares = vec![
                    SplitShareForm { huifu_id: H.into(), fee_rate: "60".into() },
                    SplitShareForm { huifu_id: "6666000123456780".into(), fee_rate: "30".into() },
                ];
            })),
        ),
        (
            "share huifu_id",
            "acct_split_bunch_list[1].huifu_id",
            Input::Split(with(split(), |f| {
                f.rule_origin = "02".into();
                f.shares = vec![
                    SplitShareForm { huifu_id: H.into(), fee_rate: "60".into() },
                    SplitShareForm { huifu_id: "x".into(), fee_rate: "40".into() },
                ];
            })),
        ),
        // Terminals.
        ("sn too long", "sn", Input::Terminal(with(terminal(), |f| f.sn = Some("S".repeat(51))))),
        ("line break in sn", "sn", Input::Terminal(with(terminal(), |f| f.sn = Some("SN\n1".into())))),
        ("sn without tusn", "tusn", Input::Terminal(with(terminal(), |f| f.tusn = None))),
        (
            "model too long",
            "dev_model_code",
            Input::Terminal(with(terminal(), |f| f.dev_model_code = Some("M".repeat(17)))),
        ),
        (
            "address too long",
            "terminal_address",
            Input::Terminal(with(terminal(), |f| f.terminal_address = Some(long(65)))),
        ),
        ("empty huifu_id", "huifu_id", Input::Terminal(with(terminal(), |f| f.huifu_id = String::new()))),
        ("empty device id", "device_id", Input::Cancel(H, String::new())),
        ("device id with DEL", "device_id", Input::Cancel(H, "D\u{7f}1".into())),
        // Orders and refunds (慧收钱, MD5 gateway).
        ("zero amount", "amountFen", Input::HsqOrder(with(order("DYNAMIC_ALL"), |o| o.amount_fen = 0))),
        ("negative amount", "amountFen", Input::HsqOrder(with(order("DYNAMIC_ALL"), |o| o.amount_fen = -100))),
        ("huge amount", "amountFen", Input::HsqOrder(with(order("DYNAMIC_ALL"), |o| o.amount_fen = i64::MAX))),
        ("huge amount", "amountFen", Input::MpgOrder(with(order("WxSao"), |o| o.amount_fen = i64::MAX))),
        (
            "order number with spaces",
            "orderNo",
            Input::MpgOrder(with(order("WxSao"), |o| o.order_no = "order 0001".into())),
        ),
        ("unknown product", "product", Input::MpgOrder(with(order("WxSaoo"), |_| {}))),
        ("line break in goods", "goods", Input::HsqOrder(with(order("DYNAMIC_ALL"), |o| o.goods = "商品\n2".into()))),
        ("zero refund", "amountFen", Input::HsqRefund(with(refund(), |r| r.amount_fen = 0))),
        ("negative refund", "amountFen", Input::HsqRefund(with(refund(), |r| r.amount_fen = -1))),
        ("refund above the order", "amountFen", Input::HsqRefund(with(refund(), |r| r.amount_fen = 101))),
        ("negative order amount", "orderAmountFen", Input::HsqRefund(with(refund(), |r| r.order_amount_fen = -100))),
        ("huge refund", "amountFen", Input::HsqRefund(with(refund(), |r| r.amount_fen = i64::MAX))),
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn every_bad_input_is_refused_by_name_and_nothing_is_sent() {
    let (_dir, desk) = temp_desk();
    let base = desk.ensure_sandbox_running().await.unwrap();
    desk.ensure_acquirer_sandbox_profiles().await.unwrap();
    let ctl = Controls::new(&base);
    let pics = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    for (what, field, input) in cases(pics.path()) {
        match submit(&desk, input).await {
            Ok(()) => wrong.push(format!("{what}: accepted")),
            Err(e) if e.code != ErrorCode::InvalidInput || e.field.as_deref() != Some(field) => wrong.push(format!(
                "{what}: want InvalidInput on {field}, got {:?} on {:?}: {}",
                e.code, e.field, e.message
            )),
            Err(e) => assert!(!e.message.trim().is_empty(), "{what}: the message says what is wrong"),
        }
    }
    assert!(wrong.is_empty(), "{} case(s) not refused by name:\n{}", wrong.len(), wrong.join("\n"));

    let audited = audit::search(desk.store(), &AuditFilter::default()).unwrap();
    assert_eq!(
        audited.total,
        0,
        "nothing was called: {:?}",
        audited.rows.iter().map(|r| &r.endpoint).collect::<Vec<_>>()
    );
    assert!(desk::journal::open_entries(desk.store(), None).unwrap().is_empty(), "nothing journalled");
    let requests = ctl.get("/sandbox/requests?limit=1000").await["requests"].as_array().cloned().unwrap_or_default();
    assert!(requests.is_empty(), "the sandbox received {requests:?}");
    desk.shutdown().await;
}
