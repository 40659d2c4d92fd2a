//! 7.5 merchant detail query and 7.6 application status query: they read the same merchant the
//! onboarding, modify, business open, realname and config calls wrote. Lists are answered as JSON strings
//! (spec §12: arrays other than the bill ones are assumed to be strings).

use serde_json::{json, Map, Value};

use super::envelope::Ctx;
use super::state::{ChannelReg, Merchant};
use super::validate::{check, f, ok, refuse, Data, Out, F};

const Q: &[F] = &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y()];

/// Keys of the onboarding request that the detail query echoes under the same name.
const ECHO: &[&str] = &[
    "ext_mer_id",
    "receipt_name",
    "mer_en_name",
    "remarks",
    "ent_type",
    "busi_type",
    "mcc",
    "license_type",
    "license_code",
    "license_validity_type",
    "license_begin_date",
    "license_end_date",
    "reg_prov_id",
    "reg_area_id",
    "reg_district_id",
    "reg_detail",
    "prov_id",
    "area_id",
    "district_id",
    "detail_addr",
    "legal_name",
    "legal_cert_type",
    "legal_cert_no",
    "legal_cert_validity_type",
    "legal_cert_begin_date",
    "legal_cert_end_date",
    "legal_mobile_no",
    "legal_addr",
    "occupation",
    "contact_name",
    "contact_mobile_no",
    "contact_email",
    "service_phone",
    "login_name",
    "mer_url",
    "mer_icp",
    "head_office_flag",
    "activated_products",
    "scene_type",
    "found_date",
    "reg_capital",
];

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn s(v: &str) -> Value {
    Value::String(v.to_string())
}

fn mer_infos(list: &[ChannelReg]) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|c| {
            json!({
                "pay_scene": c.pay_scene, "fee_rate": c.fee_rate, "fee_charge_type": "1",
                "pay_channel_id_list": c.pay_channel_id,
                "mer_infos": [{"bank_mer_code": c.bank_mer_code, "pay_channel_id": c.pay_channel_id,
                               "is_default": "Y", "sub_mer_id": c.sub_mer_id}],
            })
        })
        .collect();
    s(&Value::Array(items).to_string())
}

/// `POST /v2/merchant/basicdata/query`.
pub fn detail(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, Q)?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let mut out = Map::new();
    for k in ECHO {
        if let Some(v) = m.fields.get(*k) {
            out.insert((*k).into(), s(&text(v)));
        }
    }
    for (k, v) in [
        ("huifu_id", m.huifu_id.as_str()),
        ("product_id", m.product_id.as_str()),
        ("upper_huifu_id", m.upper_huifu_id.as_str()),
        ("reg_name", m.reg_name.as_str()),
        ("short_name", m.short_name.as_str()),
        ("cust_type", m.cust_type.as_str()),
    ] {
        out.insert(k.into(), s(v));
    }
    out.insert("mer_stat".into(), s(if m.status == "Y" { "NORMAL" } else { "FREEZEDEPOSIT" }));
    let card =
        m.fields.get("card_info").map(text).and_then(|t| serde_json::from_str::<Value>(&t).ok()).unwrap_or(json!({}));
    let card_type = card.get("card_type").and_then(Value::as_str).unwrap_or(if m.cust_type == "2" { "1" } else { "0" });
    let card_item = json!({
        "card_type": if card_type == "0" { "0" } else { "1" },
        "card_name": card.get("card_name").cloned().unwrap_or(json!("")),
        "card_no": card.get("card_no").cloned().unwrap_or(json!("")),
        "branch_code": card.get("branch_code").cloned().unwrap_or(json!("")),
        "prov_id": card.get("prov_id").cloned().unwrap_or(json!("")),
        "area_id": card.get("area_id").cloned().unwrap_or(json!("")),
        "status": "N", "token_no": m.token_no, "is_settle_default": "Y",
    });
    out.insert("qry_cash_card_info_list".into(), s(&json!([card_item]).to_string()));
    let cash: Vec<Value> = m
        .cash_types
        .iter()
        .map(|t| json!({"cash_type": t, "switch_state": "1", "fee_rate": "0.00", "fix_amt": "0.00"}))
        .collect();
    out.insert("qry_cash_config_list".into(), s(&Value::Array(cash).to_string()));
    if !m.wx.is_empty() {
        out.insert("qry_wx_conf_list".into(), mer_infos(&m.wx));
    }
    if !m.ali.is_empty() {
        out.insert("qry_ali_conf_list".into(), mer_infos(&m.ali));
    }
    if let Some(sp) = &m.split {
        let item = json!({"rule_origin": sp.rule_origin, "div_flag": sp.div_flag, "apply_ratio": sp.apply_ratio,
                          "scene": sp.scene, "acct_split_bunch_list": sp.acct_split_bunch_list, "status": sp.status});
        out.insert("split_bill_result".into(), s(&json!([item]).to_string()));
    }
    out.insert("req_seq_id".into(), s(&d.s("req_seq_id")));
    out.insert("req_date".into(), s(&d.s("req_date")));
    ok(out)
}

fn conf_results(list: &[ChannelReg], m: &Merchant, wx: bool) -> Value {
    let items: Vec<Value> = list
        .iter()
        .map(|c| {
            let mut o = json!({
                "pay_scene": c.pay_scene, "pay_channel_id": c.pay_channel_id, "sub_mer_id": c.sub_mer_id,
                "sub_mer_name": m.short_name,
            });
            let (code_k, stat_k) =
                if wx { ("wx_bank_mer_code", "wx_conf_status") } else { ("ali_bank_mer_code", "ali_conf_status") };
            o[code_k] = json!(c.bank_mer_code);
            o[stat_k] = json!(c.status);
            if wx {
                if let Some(r) = &m.realname {
                    o["real_name_applyment_stat"] = json!(r.stat);
                    o["qrcode_data"] = json!(r.qrcode_data);
                }
            } else if let Some(r) = &m.ali_realname {
                o["real_name_applyment_stat"] = json!(r.stat);
                o["qrcode_data"] = json!(r.qrcode_data);
            }
            o
        })
        .collect();
    s(&Value::Array(items).to_string())
}

/// `POST /v2/merchant/basicdata/status/query`.
pub fn status(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("apply_no", 18).y(), f("huifu_id", 18).y()])?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let apply_no = d.s("apply_no");
    let Some(a) = ctx.w.applies.get(&apply_no).filter(|a| a.huifu_id == huifu_id).cloned() else {
        let m = &ctx.w.merchants[&huifu_id];
        if m.apply_no != apply_no {
            return Err(refuse("23000001", "申请单不存在"));
        }
        // An application that passed at once has no audit record: it is approved.
        return ok(super::validate::fields([
            ("huifu_id", huifu_id.clone()),
            ("apply_status", "Y".into()),
            ("reg_status", "S".into()),
            ("reg_name", m.reg_name.clone()),
        ]));
    };
    let m = ctx.w.merchants[&huifu_id].clone();
    let mut out = Map::new();
    let sub = |st: &str| {
        if st == "Y" {
            "S"
        } else if st == "N" {
            "F"
        } else {
            "P"
        }
    };
    out.insert("huifu_id".into(), s(&huifu_id));
    out.insert("reg_name".into(), s(&m.reg_name));
    out.insert("apply_status".into(), s(&a.status));
    out.insert("apply_reason".into(), s(&a.audit_desc));
    out.insert("reg_status".into(), s(sub(&m.status)));
    out.insert("settle_status".into(), s(sub(&m.status)));
    out.insert("cash_status".into(), s(sub(&m.status)));
    out.insert("bind_card_status".into(), s(sub(&m.status)));
    if !m.wx.is_empty() {
        out.insert("wx_conf_result_list".into(), conf_results(&m.wx, &m, true));
    }
    if !m.ali.is_empty() {
        out.insert("ali_conf_result_list".into(), conf_results(&m.ali, &m, false));
    }
    let mut cfg = Vec::new();
    if !m.wx_woa_app_ids.is_empty() || !m.wx_woa_paths.is_empty() {
        cfg.push(json!({"config_type": "01", "config_value": "S"}));
    }
    if !m.wx_applet_app_ids.is_empty() {
        cfg.push(json!({"config_type": "02", "config_value": "S"}));
    }
    if !cfg.is_empty() {
        out.insert("wx_config_list".into(), s(&Value::Array(cfg).to_string()));
    }
    ok(out)
}
