//! 7.12 WeChat merchant config: binds official-account / mini-program appids and JSAPI paths to the
//! WeChat sub-merchant. Later WeChat JSAPI/mini-program trades check their `sub_appid` against it.

use serde_json::{json, Value};

use super::envelope::Ctx;
use super::state::persist;
use super::validate::{check, f, fields, ok, refuse, Data, Out, F};

const CONFIG: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("huifu_id", 18).y(),
    f("fee_type", 2).y().en(&["01", "02", "03"]),
    f("wx_woa_app_id", 32),
    f("wx_woa_path", 256),
    f("wx_applet_app_id", 32),
    f("micro_sub_appid", 32),
    f("wx_woa_secret", 64),
    f("wx_applet_secret", 64),
    f("bank_channel_no", 32),
    f("async_return_url", 128),
];

fn appid_ok(v: &str) -> bool {
    v.len() == 18 && v.starts_with("wx") && v[2..].bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `POST /v2/merchant/busi/config`.
pub fn config(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, CONFIG)?;
    let keys = ["wx_woa_app_id", "wx_woa_path", "micro_sub_appid", "wx_applet_app_id"];
    if keys.iter().all(|k| d.get(k).is_none()) {
        return Err(refuse("21000000", "wx_woa_app_id、wx_woa_path、micro_sub_appid、wx_applet_app_id不能同时为空"));
    }
    for k in ["wx_woa_app_id", "wx_applet_app_id", "micro_sub_appid"] {
        if let Some(v) = d.get(k) {
            if !appid_ok(&v) {
                return Err(refuse("10000000", format!("{k}不符合微信AppID格式(wx+16位)")));
            }
        }
    }
    if let Some(p) = d.get("wx_woa_path") {
        if !(p.starts_with("http://") || p.starts_with("https://")) || !p.ends_with('/') {
            return Err(refuse("10000000", "wx_woa_path不符合格式(http(s)开头,以/结尾)"));
        }
    }
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, true)?;
    if !m.wx.iter().any(|r| r.status == "S") {
        return Err(refuse("22000005", "商户微信入驻信息配置有误:请先开通微信业务"));
    }
    let add = |list: &mut Vec<String>, v: Option<String>| {
        if let Some(v) = v {
            if !list.contains(&v) {
                list.push(v);
            }
        }
    };
    add(&mut m.wx_woa_app_ids, d.get("wx_woa_app_id"));
    add(&mut m.wx_woa_app_ids, d.get("micro_sub_appid"));
    add(&mut m.wx_applet_app_ids, d.get("wx_applet_app_id"));
    add(&mut m.wx_woa_paths, d.get("wx_woa_path"));
    let m = m.clone();
    persist(&ctx.s.store, &m);
    ok(fields([("huifu_id", huifu_id)]))
}

/// `POST /v2/merchant/busi/config/query` (inner list fields ASSUMED: `config_type`, `config_value`,
/// `sub_mch_id`, `config_stat`).
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y(), f("bank_channel_no", 32)])?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let sub = m.wx.first().map(|r| r.sub_mer_id.clone()).unwrap_or_default();
    let mut list = Vec::new();
    for a in &m.wx_woa_app_ids {
        list.push(json!({"config_type": "01", "config_value": a, "sub_mch_id": sub, "config_stat": "S"}));
    }
    for p in &m.wx_woa_paths {
        list.push(json!({"config_type": "03", "config_value": p, "sub_mch_id": sub, "config_stat": "S"}));
    }
    for a in &m.wx_applet_app_ids {
        list.push(json!({"config_type": "02", "config_value": a, "sub_mch_id": sub, "config_stat": "S"}));
    }
    let mut out = fields([("huifu_id", m.huifu_id)]);
    out.insert("atu_config_bo_list".into(), Value::String(Value::Array(list).to_string()));
    out.insert("atu_config_bo_fail_list".into(), Value::String("[]".into()));
    ok(out)
}

/// Whether `appid` is bound to the merchant's WeChat sub-merchant.
pub fn bound(m: &super::state::Merchant, appid: &str) -> bool {
    m.wx_woa_app_ids.iter().chain(m.wx_applet_app_ids.iter()).any(|a| a == appid)
}
