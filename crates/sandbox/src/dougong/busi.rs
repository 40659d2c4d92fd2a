//! 7.7 business open and 7.8 modify: validated channel lists, an application answered `00000100` +
//! `apply_no`, then (after the busi-open delay) the audit notification and one per-business notification
//! per channel with generated sub-merchant ids and, when asked, the realname state and QR string.
//! 7.11 merchant-number query reads the registrations.

use serde_json::{json, Map, Value};

use super::envelope::Ctx;
use super::ids;
use super::notices::{self, Slot};
use super::state::{persist, Apply, ChannelReg, Realname, World};
use super::validate::{check, check_nested, f, fields, ok, percent_bp, processing, refuse, Data, Out, F};
use crate::clock::Millis;
use crate::Shared;

const OPEN: &[F] = &[
    f("req_seq_id", 32).y(),
    f("req_date", 8).y().date(),
    f("huifu_id", 18).y(),
    f("upper_huifu_id", 18).y(),
    f("short_name", 64),
    f("wx_conf_list", 0).arr(),
    f("ali_conf_list", 0).arr(),
    f("union_conf_list", 0).arr(),
    f("bank_card_conf", 0).obj(),
    f("split_conf_info", 0).obj(),
    f("sign_user_info", 0).obj(),
    f("agreement_info", 0).obj(),
    f("online_flag", 1).en(&["Y", "N"]),
    f("quick_flag", 1).en(&["Y", "N"]),
    f("withhold_flag", 1).en(&["Y", "N"]),
    f("delay_flag", 1).en(&["Y", "N"]),
    f("out_fee_flag", 1).en(&["1", "2"]),
    f("online_busi_type", 8),
    f("async_return_url", 128),
    f("busi_async_return_url", 128),
    f("recon_resp_addr", 256),
];

const CONF_ITEM: &[F] = &[
    f("pay_scene", 2).y(),
    f("fee_rate", 6).y().pct(),
    f("mcc", 32),
    f("fee_rule_id", 3),
    f("pay_channel_id", 32),
    f("fee_min_amt", 6),
    f("is_check_real_name", 1).en(&["Y", "N"]),
];

const UNION_ITEM: &[F] = &[
    f("charge_cate_code", 2).en(&["01", "02", "03", "04"]),
    f("debit_fee_rate", 6).y().pct(),
    f("credit_fee_rate_up", 6).y().pct(),
    f("credit_fee_rate_down", 6).y().pct(),
];

fn items(d: &Data, k: &str, rules: &[F]) -> Result<Vec<Map<String, Value>>, super::validate::Refusal> {
    let mut out = Vec::new();
    for (i, v) in d.array(k)?.unwrap_or_default().into_iter().enumerate() {
        let Value::Object(m) = v else { return Err(refuse("10000000", format!("{k}[{i}]不符合JSON对象格式"))) };
        check_nested(k, &m, rules)?;
        out.push(m);
    }
    Ok(out)
}

/// `POST /v2/merchant/busi/open`.
pub fn open(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, OPEN)?;
    if d.s("upper_huifu_id") != ctx.sys_id {
        return Err(refuse("23000002", "数据权限不足:upper_huifu_id与sys_id不一致"));
    }
    apply(ctx, d, "busi_open")
}

/// `POST /v2/merchant/busi/modify`: same body minus `upper_huifu_id`; new channel items are added.
pub fn modify(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &OPEN[..3])?;
    check(d, &OPEN[4..])?;
    apply(ctx, d, "busi_modify")
}

fn apply(ctx: &mut Ctx<'_>, d: &Data, kind: &str) -> Out {
    let huifu_id = d.s("huifu_id");
    let scene = {
        let m = super::merchant_mut(ctx, &huifu_id, true)?;
        m.fields.get("scene_type").and_then(Value::as_str).unwrap_or("OFFLINE").to_string()
    };
    let wx = items(d, "wx_conf_list", CONF_ITEM)?;
    let ali = items(d, "ali_conf_list", CONF_ITEM)?;
    let union = items(d, "union_conf_list", UNION_ITEM)?;
    let split = d.object("split_conf_info")?;
    let others = ["bank_card_conf", "online_flag", "quick_flag", "withhold_flag", "delay_flag", "balance_pay_config"];
    if wx.is_empty()
        && ali.is_empty()
        && union.is_empty()
        && split.is_none()
        && others.iter().all(|k| d.get(k).is_none())
    {
        return Err(refuse("21000000", "业务开通信息不能全部为空"));
    }
    if kind == "busi_open"
        && scene != "OFFLINE"
        && d.get("online_busi_type").is_none()
        && (!wx.is_empty() || !ali.is_empty())
    {
        return Err(refuse("10000000", "online_busi_type不能为空(线上场景)"));
    }
    if let Some(sc) = &split {
        super::split::apply_conf(ctx, &huifu_id, sc, &d.s("async_return_url"), &d.s("req_seq_id"), &d.s("req_date"))?;
    }
    let n = ctx.w.next(&ctx.s.store);
    let apply_no = ids::apply_no(ctx.now, n);
    let mut payload = Map::new();
    payload.insert("wx".into(), Value::Array(wx.into_iter().map(Value::Object).collect()));
    payload.insert("ali".into(), Value::Array(ali.into_iter().map(Value::Object).collect()));
    payload.insert("union".into(), Value::Array(union.into_iter().map(Value::Object).collect()));
    let a = Apply {
        apply_no: apply_no.clone(),
        huifu_id: huifu_id.clone(),
        kind: kind.into(),
        status: "P".into(),
        created_at: ctx.now,
        due_at: Some(ctx.now + ctx.s.cfg.timing.busi_open.as_millis() as i64),
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        async_return_url: d.s("async_return_url"),
        busi_async_return_url: d.s("busi_async_return_url"),
        audit_desc: String::new(),
        payload,
    };
    persist(&ctx.s.store, &a);
    ctx.w.applies.insert(apply_no.clone(), a);
    let m = ctx.w.merchants.get_mut(&huifu_id).expect("checked above");
    m.busi_status = "P".into();
    m.busi_apply_no = apply_no.clone();
    if let Some(v) = d.get("short_name") {
        m.short_name = v;
    }
    persist(&ctx.s.store, &*m);
    processing(
        "业务开通受理成功,审核中",
        fields([
            ("req_seq_id", d.s("req_seq_id")),
            ("req_date", d.s("req_date")),
            ("product_id", ctx.product_id.clone()),
            ("huifu_id", huifu_id),
            ("apply_no", apply_no),
        ]),
    )
}

fn realname_qr(s: &Shared, huifu_id: &str) -> String {
    format!("{}/sandbox/realname/{huifu_id}", s.base_url)
}

/// Registers the requested channels (on approval) and sends the per-business notifications.
pub fn finish(s: &Shared, w: &mut World, a: &Apply, approve: bool, now: Millis) {
    let Some(mut m) = w.merchants.get(&a.huifu_id).cloned() else { return };
    m.busi_status = a.status.clone();
    let mut regs_by_way: Vec<(&str, Vec<ChannelReg>)> = Vec::new();
    for (key, way) in [("wx", "W"), ("ali", "A"), ("union", "U")] {
        let list = a.payload.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
        let mut regs = Vec::new();
        for item in list {
            let n = w.next(&s.store);
            let get = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            let reg = ChannelReg {
                pay_way: way.into(),
                pay_scene: if way == "U" { "1".into() } else { get("pay_scene") },
                fee_rate: if way == "U" { get("debit_fee_rate") } else { get("fee_rate") },
                sub_mer_id: ids::sub_mer_id(way, n),
                bank_mer_code: format!("{}{:09}", if way == "W" { "JP" } else { "JQF" }, n),
                pay_channel_id: if get("pay_channel_id").is_empty() { "JP00001".into() } else { get("pay_channel_id") },
                status: if approve { "S".into() } else { "F".into() },
                is_check_real_name: get("is_check_real_name") == "Y",
            };
            regs.push(reg);
        }
        if !regs.is_empty() {
            regs_by_way.push((way, regs));
        }
    }
    for (way, regs) in &regs_by_way {
        if approve {
            let target = match *way {
                "W" => &mut m.wx,
                "A" => &mut m.ali,
                _ => &mut m.union,
            };
            for r in regs {
                target.retain(|x| x.pay_scene != r.pay_scene);
                target.push(r.clone());
            }
            if *way == "W" && regs.iter().any(|r| r.is_check_real_name) && m.realname.is_none() {
                let n = w.next(&s.store);
                m.realname = Some(Realname {
                    applyment_id: ids::applyment_id(n),
                    stat: "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON".into(),
                    qrcode_data: realname_qr(s, &m.huifu_id),
                    reject_reason: String::new(),
                    due_at: None,
                });
            }
        }
    }
    persist(&s.store, &m);
    w.merchants.insert(m.huifu_id.clone(), m.clone());
    for (way, regs) in regs_by_way {
        let n = w.next(&s.store);
        let ord_id = format!("{}{}{:020}", crate::clock::ymdhms(now), way, n);
        let list: Vec<Value> = regs
            .iter()
            .map(|r| {
                let mut o = json!({
                    "sub_mer_id": r.sub_mer_id, "bank_channel_no": r.pay_channel_id, "bank_mer_code": r.bank_mer_code,
                    "pay_scene": r.pay_scene, "business_stat": r.status,
                    "business_desc": if approve { "开通成功" } else { "开通失败" },
                });
                if way == "W" {
                    if let Some(rn) = &m.realname {
                        o["real_name_applyment_stat"] = json!(rn.stat);
                        o["qrcode_data"] = json!(rn.qrcode_data);
                    }
                }
                o
            })
            .collect();
        let payload = json!({
            "sub_resp_code": if approve { "00000000" } else { "99999999" },
            "sub_resp_desc": if approve { "业务开通成功" } else { "业务开通失败" },
            "req_seq_id": a.req_seq_id, "req_date": a.req_date, "product_id": m.product_id,
            "huifu_id": a.huifu_id, "apply_no": a.apply_no, "notify_type": way,
            "reg_result_list": Value::Array(list).to_string(), "ord_id": ord_id,
        });
        notices::send(s, "busi", &a.apply_no, &a.busi_async_return_url, Slot::Data, &payload, &ord_id);
    }
}

/// `POST /v2/merchant/busi/mercode/query` (response shape ASSUMED: `mer_code_list`, a JSON string).
pub fn mercode_query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_seq_id", 32).y(),
            f("req_date", 8).y().date(),
            f("huifu_id", 18).y(),
            f("pay_way", 1).y().en(&["W", "A"]),
            f("fee_type", 2),
        ],
    )?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let regs = if d.s("pay_way") == "W" { &m.wx } else { &m.ali };
    let list: Vec<Value> = regs
        .iter()
        .map(|r| {
            json!({"pay_way": r.pay_way, "pay_scene": r.pay_scene, "sub_mer_id": r.sub_mer_id,
                         "bank_mer_code": r.bank_mer_code, "pay_channel_id": r.pay_channel_id, "status": r.status})
        })
        .collect();
    let mut out = fields([("huifu_id", m.huifu_id.clone()), ("pay_way", d.s("pay_way"))]);
    out.insert("mer_code_list".into(), Value::String(Value::Array(list).to_string()));
    ok(out)
}

/// The fee rate (percent text) of the merchant's registration for a pay channel, `0.38` by default.
pub fn fee_rate(m: &super::state::Merchant, channel: &str) -> Option<String> {
    let regs = match channel {
        "T" => &m.wx,
        "A" => &m.ali,
        "U" => &m.union,
        _ => return Some("0.00".into()),
    };
    regs.iter().find(|r| r.status == "S").map(|r| r.fee_rate.clone()).filter(|r| percent_bp(r).is_some())
}
