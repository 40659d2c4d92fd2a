//! 7.2 enterprise and 7.3 individual onboarding, 7.4 modify. Rules: every referenced file id must exist
//! (and be of the expected `F..` type), conditional fields follow the spec; individuals and 个体工商户
//! (`ent_type=5`) pass at once, other enterprises go to audit (`00000100` + `apply_no`) and finish by
//! a control or after the audit delay, with a notification to `async_return_url`.

use serde_json::{Map, Value};

use super::envelope::Ctx;
use super::ids;
use super::state::{persist, Apply, Merchant};
use super::validate::{check, check_nested, f, fields, ok, processing, refuse, Data, Out, Refusal, F};

const CERT_TYPES: &[&str] = &["00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "13", "14", "15"];
const YN: &[&str] = &["Y", "N"];
const ZERO_ONE: &[&str] = &["0", "1"];
const SCENES: &[&str] = &["ONLINE", "OFFLINE", "ALL"];

const ENT: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("upper_huifu_id", 18).y(),
    f("reg_name", 64).y(),
    f("short_name", 64).y(),
    f("receipt_name", 50).y(),
    f("mer_en_name", 256),
    f("ent_type", 1).y().en(&["1", "2", "3", "4", "5", "6", "7", "9"]),
    f("mcc", 7),
    f("busi_type", 1).en(&["1", "2"]),
    f("scene_type", 8).y().en(SCENES),
    f("license_pic", 64).y(),
    f("license_code", 18).y(),
    f("license_type", 32),
    f("license_validity_type", 1).y().en(ZERO_ONE),
    f("license_begin_date", 8).y().date(),
    f("license_end_date", 8).date(),
    f("found_date", 8).y().date(),
    f("reg_capital", 16),
    f("business_scope", 1000),
    f("reg_prov_id", 6),
    f("reg_area_id", 6),
    f("reg_district_id", 6).y(),
    f("reg_detail", 255).y(),
    f("prov_id", 6),
    f("area_id", 6),
    f("district_id", 6).y(),
    f("detail_addr", 256),
    f("legal_name", 32).y(),
    f("legal_cert_type", 2).y().en(CERT_TYPES),
    f("legal_cert_no", 32).y(),
    f("legal_cert_validity_type", 1).y().en(ZERO_ONE),
    f("legal_cert_begin_date", 8).y().date(),
    f("legal_cert_end_date", 8).date(),
    f("legal_mobile_no", 11).digits(),
    f("legal_addr", 256).y(),
    f("legal_cert_back_pic", 64).y(),
    f("legal_cert_front_pic", 64).y(),
    f("beneficiary_info", 0).arr(),
    f("contact_name", 128),
    f("contact_mobile_no", 11).y().digits(),
    f("contact_email", 32).y(),
    f("sms_send_flag", 1).en(&["M", "E", "A"]),
    f("login_name", 32).y(),
    f("service_phone", 32),
    f("reg_acct_pic", 64),
    f("card_info", 0).y().obj(),
    f("settle_config", 0).obj(),
    f("settle_card_front_pic", 64),
    f("settle_cert_back_pic", 64),
    f("settle_cert_front_pic", 64),
    f("auth_entrust_pic", 64),
    f("cash_config", 0).arr(),
    f("head_office_flag", 1).en(ZERO_ONE),
    f("use_head_info_flag", 1).en(YN),
    f("head_huifu_id", 18),
    f("mer_url", 256),
    f("mer_icp", 50),
    f("store_header_pic", 64),
    f("store_indoor_pic", 64),
    f("store_cashier_desk_pic", 64),
    f("ext_mer_id", 64),
    f("remarks", 300),
    f("async_return_url", 120),
    f("elec_acct_config", 0).obj(),
    f("share_holder_info_list", 0).arr(),
    f("extended_material_list", 0).arr(),
];

const INDV: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("upper_huifu_id", 18).y(),
    f("reg_name", 32).y(),
    f("short_name", 32),
    f("mcc", 7).y(),
    f("scene_type", 8).y().en(SCENES),
    f("prov_id", 6),
    f("area_id", 6),
    f("district_id", 6).y(),
    f("detail_addr", 256),
    f("legal_cert_no", 32).y(),
    f("legal_cert_begin_date", 8).y().date(),
    f("legal_cert_validity_type", 1).en(ZERO_ONE),
    f("legal_cert_end_date", 8).date(),
    f("legal_addr", 256).y(),
    f("legal_cert_back_pic", 64).y(),
    f("legal_cert_front_pic", 64).y(),
    f("occupation", 2).en(&["1A", "1B", "1C", "1D", "1E", "1F", "1G", "1H"]),
    f("contact_mobile_no", 11).y().digits(),
    f("contact_email", 32).y(),
    f("card_info", 0).y().obj(),
    f("settle_card_front_pic", 64).y(),
    f("settle_config", 0).obj(),
    f("cash_config", 0).arr(),
    f("sms_send_flag", 1).en(&["M", "E", "A"]),
    f("login_name", 32),
    f("mer_url", 256),
    f("mer_icp", 50),
    f("ext_mer_id", 64),
    f("remarks", 300),
    f("async_return_url", 120),
    f("head_office_flag", 1).en(&["0"]),
    f("head_huifu_id", 18),
    f("store_header_pic", 64),
    f("store_indoor_pic", 64),
    f("store_cashier_desk_pic", 64),
    f("extended_material_list", 0).arr(),
];

const ENT_CARD: &[F] = &[
    f("card_type", 1).y().en(&["0", "1", "2"]),
    f("card_name", 128).y(),
    f("card_no", 32).y().digits(),
    f("prov_id", 6),
    f("area_id", 6).y(),
    f("branch_code", 12),
    f("cert_type", 2).en(CERT_TYPES),
    f("cert_no", 32),
    f("cert_validity_type", 1).en(ZERO_ONE),
    f("cert_begin_date", 8).date(),
    f("cert_end_date", 8).date(),
    f("mp", 11).digits(),
    f("is_settle_default", 1).en(YN),
];

const INDV_CARD: &[F] = &[
    f("card_name", 128).y(),
    f("card_no", 32).y().digits(),
    f("prov_id", 6),
    f("area_id", 6).y(),
    f("bank_code", 8),
    f("cert_type", 2).y().en(&["00"]),
    f("cert_no", 32).y(),
    f("cert_validity_type", 1).y().en(ZERO_ONE),
    f("cert_begin_date", 8).y().date(),
    f("cert_end_date", 8).date(),
    f("mp", 11).digits(),
    f("is_settle_default", 1).en(YN),
];

const CASH_TYPES: &[&str] = &["D0", "T1", "D1", "DM"];

/// Fields that reference uploaded files, with the `F..` code the field expects; `warn_only` for the two
/// codes whose meaning the sources disagree on (spec D5).
fn file_fields(indv: bool) -> Vec<(&'static str, &'static str, bool)> {
    let mut v = vec![
        ("settle_card_front_pic", "F13", false),
        ("settle_cert_front_pic", "F55", true),
        ("settle_cert_back_pic", "F56", true),
        ("auth_entrust_pic", "F15", false),
        ("store_header_pic", "F22", false),
        ("store_indoor_pic", "F24", false),
        ("store_cashier_desk_pic", "F105", false),
    ];
    if indv {
        v.extend([("legal_cert_front_pic", "F40", false), ("legal_cert_back_pic", "F41", false)]);
    } else {
        v.extend([
            ("license_pic", "F07", false),
            ("legal_cert_front_pic", "F02", false),
            ("legal_cert_back_pic", "F03", false),
            ("reg_acct_pic", "F08", false),
        ]);
    }
    v
}

/// Every referenced file id must exist; a known field must point at its file type.
pub fn check_files(ctx: &Ctx<'_>, d: &Data, indv: bool) -> Result<(), Refusal> {
    for (field, code, warn_only) in file_fields(indv) {
        let Some(id) = d.get(field) else { continue };
        let Some(rec) = ctx.w.files.get(&id) else {
            return Err(refuse("10000000", format!("{field}对应的文件[{id}]不存在,请先上传图片")));
        };
        if rec.file_type != code && !warn_only {
            return Err(refuse("10000000", format!("{field}文件类型有误,应为{code},实际为{}", rec.file_type)));
        }
    }
    if let Some(list) = d.array("extended_material_list")? {
        for item in list {
            let id = item.get("file_id").and_then(Value::as_str).unwrap_or_default();
            if !ctx.w.files.contains_key(id) {
                return Err(refuse("10000000", format!("extended_material_list.file_id[{id}]不存在")));
            }
        }
    }
    Ok(())
}

fn mobile_ok(v: &str) -> bool {
    v.len() == 11 && v.starts_with('1') && v.bytes().all(|b| b.is_ascii_digit())
}

/// Checks shared by both kinds: the channel, contacts, conditional fields, cash config.
fn common_checks(ctx: &Ctx<'_>, d: &Data) -> Result<Vec<String>, Refusal> {
    if d.s("upper_huifu_id") != ctx.sys_id {
        return Err(refuse("23000002", "数据权限不足:upper_huifu_id与sys_id不一致"));
    }
    if !mobile_ok(&d.s("contact_mobile_no")) {
        return Err(refuse("10000000", "contact_mobile_no不符合手机号格式"));
    }
    if !d.s("contact_email").contains('@') {
        return Err(refuse("10000000", "contact_email不符合邮箱格式"));
    }
    if d.s("legal_cert_validity_type") == "0" && d.get("legal_cert_end_date").is_none() {
        return Err(refuse("10000000", "legal_cert_end_date不能为空"));
    }
    let scene = d.s("scene_type");
    if scene != "ONLINE" && d.get("detail_addr").is_none() {
        return Err(refuse("10000000", "detail_addr不能为空(线下场景)"));
    }
    if let Some(login) = d.get("login_name") {
        if !login.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(refuse("10000000", "login_name只能包含字母、数字和下划线"));
        }
        if ctx.w.merchants.values().any(|m| m.fields.get("login_name").and_then(Value::as_str) == Some(login.as_str()))
        {
            return Err(refuse("10000000", format!("管理员账号[{login}]已存在")));
        }
    }
    let mut cash_types = Vec::new();
    for item in d.array("cash_config")?.unwrap_or_default() {
        let t = item.get("cash_type").and_then(Value::as_str).unwrap_or("T1");
        if !CASH_TYPES.contains(&t) {
            return Err(refuse("10000000", format!("cash_config.cash_type的传入枚举[{t}]不存在")));
        }
        if item.get("fix_amt").is_none() && item.get("fee_rate").is_none() {
            return Err(refuse("10000000", "cash_config.fix_amt与fee_rate不能同时为空"));
        }
        cash_types.push(t.to_string());
    }
    if cash_types.is_empty() {
        cash_types.push("T1".into());
    }
    if let Some(sc) = d.object("settle_config")? {
        let cycle = sc.get("settle_cycle").and_then(Value::as_str).unwrap_or_default();
        if !["D1", "T1", "TS"].contains(&cycle) {
            return Err(refuse("10000000", format!("settle_config.settle_cycle的传入枚举[{cycle}]不存在")));
        }
    }
    Ok(cash_types)
}

fn offline_store_pics(d: &Data) -> Result<(), Refusal> {
    if d.s("scene_type") != "ONLINE" {
        for k in ["store_header_pic", "store_indoor_pic", "store_cashier_desk_pic"] {
            if d.get(k).is_none() {
                return Err(refuse("10000000", format!("{k}不能为空(线下场景)")));
            }
        }
    }
    Ok(())
}

/// `POST /v2/merchant/basicdata/ent`.
pub fn ent(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, ENT)?;
    let card = d.object("card_info")?.unwrap_or_default();
    check_nested("card_info", &card, ENT_CARD)?;
    let card_type = card.get("card_type").and_then(Value::as_str).unwrap_or_default();
    if card_type == "0" {
        if card.get("branch_code").is_none() {
            return Err(refuse("10000000", "card_info.branch_code不能为空(对公账户)"));
        }
        if d.get("reg_acct_pic").is_none() {
            return Err(refuse("10000000", "reg_acct_pic不能为空(对公结算)"));
        }
    } else {
        for k in ["cert_type", "cert_no"] {
            if card.get(k).is_none() {
                return Err(refuse("10000000", format!("card_info.{k}不能为空(对私结算)")));
            }
        }
        if d.get("settle_card_front_pic").is_none() {
            return Err(refuse("10000000", "settle_card_front_pic不能为空(对私结算)"));
        }
        if card_type == "2" && d.get("auth_entrust_pic").is_none() {
            return Err(refuse("10000000", "auth_entrust_pic不能为空(对私非法人结算)"));
        }
    }
    if d.s("license_validity_type") == "0" && d.get("license_end_date").is_none() {
        return Err(refuse("10000000", "license_end_date不能为空"));
    }
    let ent_type = d.s("ent_type");
    if ent_type != "1" && ent_type != "5" && d.get("reg_capital").is_none() {
        return Err(refuse("10000000", "reg_capital不能为空"));
    }
    if d.s("head_office_flag") == "0" && d.get("head_huifu_id").is_none() {
        return Err(refuse("10000000", "head_huifu_id不能为空"));
    }
    offline_store_pics(d)?;
    let cash_types = common_checks(ctx, d)?;
    check_files(ctx, d, false)?;
    let audit = ent_type != "5";
    create(ctx, d, "1", audit, cash_types)
}

/// `POST /v2/merchant/basicdata/indv`.
pub fn indv(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, INDV)?;
    let card = d.object("card_info")?.unwrap_or_default();
    check_nested("card_info", &card, INDV_CARD)?;
    let cert = d.s("legal_cert_no");
    if cert.len() != 18 {
        return Err(refuse("10000000", "legal_cert_no长度固定18位(身份证)"));
    }
    if d.s("legal_cert_validity_type") != "1" && d.get("legal_cert_end_date").is_none() {
        return Err(refuse("10000000", "legal_cert_end_date不能为空"));
    }
    offline_store_pics(d)?;
    let cash_types = common_checks(ctx, d)?;
    check_files(ctx, d, true)?;
    create(ctx, d, "2", false, cash_types)
}

fn create(ctx: &mut Ctx<'_>, d: &Data, cust_type: &str, audit: bool, cash_types: Vec<String>) -> Out {
    let store = &ctx.s.store;
    let n = ctx.w.next(store);
    let huifu_id = ids::huifu_id(n);
    let token_no = ids::token_no(n);
    let apply_no = ids::apply_no(ctx.now, n);
    let status = if audit { "P" } else { "Y" };
    let m = Merchant {
        huifu_id: huifu_id.clone(),
        upper_huifu_id: d.s("upper_huifu_id"),
        sys_id: ctx.sys_id.clone(),
        product_id: ctx.product_id.clone(),
        cust_type: cust_type.into(),
        reg_name: d.s("reg_name"),
        short_name: d.s("short_name"),
        apply_no: apply_no.clone(),
        token_no: token_no.clone(),
        status: status.into(),
        created_at: ctx.now,
        fields: d.0.clone(),
        cash_types,
        wx: vec![],
        ali: vec![],
        union: vec![],
        busi_status: String::new(),
        busi_apply_no: String::new(),
        wx_woa_app_ids: vec![],
        wx_applet_app_ids: vec![],
        wx_woa_paths: vec![],
        realname: None,
        ali_realname: None,
        split: None,
    };
    persist(store, &m);
    ctx.w.merchants.insert(huifu_id.clone(), m);
    if !audit {
        return ok(fields([
            ("huifu_id", huifu_id),
            ("token_no", token_no),
            ("req_seq_id", d.s("req_seq_id")),
            ("req_date", d.s("req_date")),
        ]));
    }
    let a = Apply {
        apply_no: apply_no.clone(),
        huifu_id: huifu_id.clone(),
        kind: if cust_type == "1" { "ent".into() } else { "indv".into() },
        status: "P".into(),
        created_at: ctx.now,
        due_at: ctx.s.cfg.timing.audit_auto_approve.map(|t| ctx.now + t.as_millis() as i64),
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        async_return_url: d.s("async_return_url"),
        busi_async_return_url: String::new(),
        audit_desc: String::new(),
        payload: Map::new(),
    };
    persist(store, &a);
    ctx.w.applies.insert(apply_no.clone(), a);
    processing(
        "审核中",
        fields([
            ("huifu_id", huifu_id),
            ("apply_no", apply_no),
            ("req_seq_id", d.s("req_seq_id")),
            ("req_date", d.s("req_date")),
        ]),
    )
}

const MODIFY: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("upper_huifu_id", 18).y(),
    f("huifu_id", 18).y(),
    f("short_name", 64),
    f("receipt_name", 50),
    f("mcc", 7),
    f("contact_mobile_no", 11).digits(),
    f("contact_email", 32),
    f("service_phone", 32),
    f("card_info", 0).obj(),
    f("settle_config", 0).obj(),
    f("cash_config", 0).arr(),
    f("async_return_url", 128),
];

/// `POST /v2/merchant/basicdata/modify`: changes apply at once (the sandbox does not audit modifies).
pub fn modify(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, MODIFY)?;
    if d.s("upper_huifu_id") != ctx.sys_id {
        return Err(refuse("23000002", "数据权限不足:upper_huifu_id与sys_id不一致"));
    }
    check_files(ctx, d, false)?;
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, false)?;
    for (k, v) in &d.0 {
        if !matches!(k.as_str(), "req_seq_id" | "req_date" | "huifu_id" | "upper_huifu_id") && !v.is_null() {
            m.fields.insert(k.clone(), v.clone());
        }
    }
    if let Some(v) = d.get("short_name") {
        m.short_name = v;
    }
    if let Some(list) = d.array("cash_config")? {
        let types: Vec<String> =
            list.iter().filter_map(|i| i.get("cash_type").and_then(Value::as_str).map(str::to_string)).collect();
        if !types.is_empty() {
            m.cash_types = types;
        }
    }
    let m = m.clone();
    persist(&ctx.s.store, &m);
    ok(fields([
        ("huifu_id", m.huifu_id),
        ("token_no", m.token_no),
        ("req_seq_id", d.s("req_seq_id")),
        ("req_date", d.s("req_date")),
    ]))
}
