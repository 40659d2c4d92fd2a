//! 7.9 WeChat realname and 7.10 Alipay realname. WeChat: submitted → `WAITTING_FOR_AUDIT` → (after the
//! busi-open delay) `WAITTING_FOR_CONFIRM_LEGALPERSON` (or `_CONTACT` for SUPER) with `qrcode_data`, a
//! sandbox page the legal person "scans" and confirms → `PASSED`. A name containing `拒绝` is rejected.
//! Alipay: `CONTACT_CONFIRM` with a QR at once, confirmed the same way → `AUDIT_PASS`.

use serde_json::Value;

use super::envelope::Ctx;
use super::ids;
use super::state::{persist, AliRealname, Realname, World};
use super::validate::{check, f, fields, ok, refuse, Data, Out, F};
use crate::clock::Millis;
use crate::Shared;

const WX: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("huifu_id", 18).y(),
    f("name", 64).y(),
    f("mobile", 11).y().digits(),
    f("id_card_number", 18).y(),
    f("contact_type", 5).y().en(&["LEGAL", "SUPER"]),
    f("pay_channel_id", 32),
    f("pay_scene", 2),
    f("owner", 1).en(&["Y", "N"]),
    f("ubo_info_list", 0).arr(),
    f("special_file_info_list", 0).arr(),
];

/// The QR content for a merchant's realname confirmation.
pub fn qr(s: &Shared, huifu_id: &str, channel: &str) -> String {
    format!("{}/sandbox/realname/{huifu_id}?channel={channel}", s.base_url)
}

/// `POST /v2/merchant/busi/realname`.
pub fn wx_apply(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, WX)?;
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, true)?;
    if !m.wx.iter().any(|r| r.status == "S") {
        return Err(refuse("22000005", "商户微信入驻信息配置有误:请先开通微信业务"));
    }
    if let Some(r) = &m.realname {
        if r.stat == "APPLYMENT_STATE_PASSED" {
            return Err(refuse("10000000", "商户已完成微信实名认证"));
        }
    }
    let rejected = d.s("name").contains("拒绝");
    let n = ctx.w.next(&ctx.s.store);
    let due = ctx.now + ctx.s.cfg.timing.busi_open.as_millis() as i64;
    let r = Realname {
        applyment_id: ids::applyment_id(n),
        stat: "APPLYMENT_STATE_WAITTING_FOR_AUDIT".into(),
        qrcode_data: String::new(),
        reject_reason: if rejected {
            "联系人身份信息校验不通过(沙箱:姓名含\"拒绝\")".into()
        } else {
            String::new()
        },
        due_at: Some(due),
    };
    let m = ctx.w.merchants.get_mut(&huifu_id).expect("checked above");
    m.realname = Some(r.clone());
    m.fields.insert("realname_contact_type".into(), Value::String(d.s("contact_type")));
    let m = m.clone();
    persist(&ctx.s.store, &m);
    ok(fields([("huifu_id", huifu_id), ("applyment_id", r.applyment_id)]))
}

/// `POST /v2/merchant/busi/realname/query`.
pub fn wx_query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y()])?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let (stat, qr, reason, id) = match &m.realname {
        None => ("APPLYMENT_STATE_NOAPPLY".to_string(), String::new(), String::new(), String::new()),
        Some(r) => (r.stat.clone(), r.qrcode_data.clone(), r.reject_reason.clone(), r.applyment_id.clone()),
    };
    let authorized = stat == "APPLYMENT_STATE_PASSED";
    let mut out = fields([
        ("huifu_id", m.huifu_id),
        ("applyment_stat", stat),
        (
            "authorize_stat",
            if authorized { "AUTHORIZE_STATE_AUTHORIZED".into() } else { "AUTHORIZE_STATE_UNAUTHORIZED".into() },
        ),
        ("applyment_id", id),
    ]);
    if !qr.is_empty() {
        out.insert("qrcode_data".into(), qr.into());
    }
    if !reason.is_empty() {
        out.insert("reject_reason".into(), reason.into());
        out.insert("reject_param".into(), "name".into());
    }
    ok(out)
}

/// `POST /v2/merchant/busi/ali/realname/apply` (response shape ASSUMED: `apply_id`, `apply_stat`).
pub fn ali_apply(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_seq_id", 32).y(),
            f("req_date", 8).y().date(),
            f("huifu_id", 18).y(),
            f("auth_identity_info", 0).y().obj(),
            f("contact_person_info", 0).y().obj(),
            f("legal_person_info", 0).obj(),
            f("ubo_info", 0).obj(),
            f("pay_channel_id", 32),
            f("pay_scene", 2),
        ],
    )?;
    let contact = d.object("contact_person_info")?.unwrap_or_default();
    for k in ["name", "mobile", "id_card_number"] {
        if contact.get(k).and_then(Value::as_str).unwrap_or_default().is_empty() {
            return Err(refuse("10000000", format!("contact_person_info.{k}不能为空")));
        }
    }
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, true)?;
    if !m.ali.iter().any(|r| r.status == "S") {
        return Err(refuse("22000005", "商户支付宝入驻信息配置有误:请先开通支付宝业务"));
    }
    let n = ctx.w.next(&ctx.s.store);
    let r = AliRealname {
        apply_id: format!("2088{:012}", n),
        stat: "CONTACT_CONFIRM".into(),
        qrcode_data: qr(ctx.s, &huifu_id, "ali"),
    };
    let m = ctx.w.merchants.get_mut(&huifu_id).expect("checked above");
    m.ali_realname = Some(r.clone());
    let m = m.clone();
    persist(&ctx.s.store, &m);
    ok(fields([
        ("huifu_id", huifu_id),
        ("apply_id", r.apply_id),
        ("apply_stat", r.stat),
        ("qrcode_data", r.qrcode_data),
    ]))
}

/// `POST /v2/merchant/busi/ali/realname/query` (shape ASSUMED).
pub fn ali_query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y()])?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let (stat, qr, id) = match &m.ali_realname {
        None => ("NOT_APPLY".to_string(), String::new(), String::new()),
        Some(r) => (r.stat.clone(), r.qrcode_data.clone(), r.apply_id.clone()),
    };
    let mut out = fields([("huifu_id", m.huifu_id), ("apply_stat", stat.clone()), ("apply_id", id)]);
    if matches!(stat.as_str(), "CONTACT_CONFIRM" | "LEGAL_CONFIRM") {
        out.insert("qrcode_data".into(), qr.into());
    }
    ok(out)
}

/// WeChat realnames whose audit delay passed move to the confirmation step (or are rejected).
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<String> = w
        .merchants
        .values()
        .filter(|m| m.realname.as_ref().is_some_and(|r| r.due_at.is_some_and(|t| t <= now)))
        .map(|m| m.huifu_id.clone())
        .collect();
    for id in due {
        let Some(m) = w.merchants.get_mut(&id) else { continue };
        let contact = m.fields.get("realname_contact_type").and_then(Value::as_str).unwrap_or("LEGAL").to_string();
        let huifu_id = m.huifu_id.clone();
        if let Some(r) = m.realname.as_mut() {
            r.due_at = None;
            if !r.reject_reason.is_empty() {
                r.stat = "APPLYMENT_STATE_REJECTED".into();
            } else {
                r.stat = if contact == "SUPER" {
                    "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_CONTACT".into()
                } else {
                    "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON".into()
                };
                r.qrcode_data = qr(s, &huifu_id, "wx");
            }
        }
        persist(&s.store, &*m);
    }
}

/// The legal person confirmed on the QR page. Returns the new state or why not.
pub fn confirm(s: &Shared, w: &mut World, huifu_id: &str, channel: &str) -> Result<String, String> {
    let m = w.merchants.get_mut(huifu_id).ok_or_else(|| format!("no merchant {huifu_id}"))?;
    let stat = if channel == "ali" {
        let r = m.ali_realname.as_mut().ok_or("no Alipay realname application")?;
        if r.stat != "CONTACT_CONFIRM" && r.stat != "LEGAL_CONFIRM" {
            return Err(format!("Alipay realname is {}, nothing to confirm", r.stat));
        }
        r.stat = "AUDIT_PASS".into();
        r.stat.clone()
    } else {
        let r = m.realname.as_mut().ok_or("no WeChat realname application")?;
        if !r.stat.starts_with("APPLYMENT_STATE_WAITTING_FOR_CONFIRM") {
            return Err(format!("WeChat realname is {}, nothing to confirm", r.stat));
        }
        r.stat = "APPLYMENT_STATE_PASSED".into();
        r.stat.clone()
    };
    persist(&s.store, &*m);
    Ok(stat)
}
