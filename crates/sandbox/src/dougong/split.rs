//! 7.14 split configuration (and `split_conf_info` inside business open): a maximum ratio at or below the
//! audit threshold (default 20 %, spec D6) takes effect at once; above it the application goes to audit
//! and finishes like an onboarding audit, with a notification.

use serde_json::{json, Map, Value};

use super::envelope::Ctx;
use super::ids;
use super::state::{persist, Apply, SplitConf};
use super::validate::{check, check_nested, f, fields, ok, percent_bp, processing, refuse, Data, Out, Refusal, F};

const CONF: &[F] = &[
    f("rule_origin", 2).y().en(&["01", "02"]),
    f("div_flag", 1).y().en(&["Y", "N"]),
    f("apply_ratio", 9).y().pct(),
    f("start_type", 1).en(&["0", "1"]),
    f("acct_split_bunch_list", 0).arr(),
    f("out_fee_flag", 1).en(&["1", "2"]),
    f("out_fee_acct_type", 2).en(&["01", "02", "05", "09"]),
    f("out_fee_huifuid", 18),
    f("split_fee_rate", 9),
    f("per_amt", 9),
    f("scene", 3),
];

/// Validates and stores a split configuration; `Ok(Some(apply_no))` when it went to audit.
pub fn apply_conf(
    ctx: &mut Ctx<'_>,
    huifu_id: &str,
    conf: &Map<String, Value>,
    async_url: &str,
    req_seq_id: &str,
    req_date: &str,
) -> Result<Option<String>, Refusal> {
    check_nested("split_conf_info", conf, CONF)?;
    let c = Data(conf.clone());
    let bp = percent_bp(&c.s("apply_ratio")).unwrap_or(0);
    let list = c.array("acct_split_bunch_list")?.unwrap_or_default();
    if c.s("rule_origin") == "02" {
        if list.is_empty() {
            return Err(refuse("10000000", "acct_split_bunch_list不能为空(固定规则)"));
        }
        let mut total = 0;
        for item in &list {
            let id = item.get("huifu_id").and_then(Value::as_str).unwrap_or_default();
            if !ctx.w.merchants.contains_key(id) && id != ctx.sys_id {
                return Err(refuse("22000002", format!("分账接收方[{id}]商户信息不存在")));
            }
            let rate = item.get("fee_rate").and_then(Value::as_str).and_then(percent_bp);
            total += rate.ok_or_else(|| refuse("10000000", "acct_split_bunch_list.fee_rate不符合百分比格式"))?;
        }
        if total != 10_000 {
            return Err(refuse("22000005", "分账配置有误:acct_split_bunch_list的fee_rate之和必须等于100"));
        }
    }
    let threshold_bp = i64::from(ctx.s.cfg.split_audit_threshold_pct) * 100;
    let audit = bp > threshold_bp;
    let m = super::merchant_mut(ctx, huifu_id, true)?;
    if audit && m.cust_type == "1" && m.fields.get("mer_icp").is_none() && bp > 2000 {
        return Err(refuse("10000000", "mer_icp不能为空(企业分账比例超过20%需补充ICP备案)"));
    }
    let n = ctx.w.next(&ctx.s.store);
    let apply_no = ids::apply_no(ctx.now, n);
    let sc = SplitConf {
        rule_origin: c.s("rule_origin"),
        div_flag: c.s("div_flag"),
        apply_ratio_bp: bp,
        apply_ratio: format!("{}.{:02}", bp / 100, bp % 100),
        start_type: c.s("start_type"),
        acct_split_bunch_list: Value::Array(list).to_string(),
        scene: c.s("scene"),
        status: if audit { "P".into() } else { "Y".into() },
        apply_no: apply_no.clone(),
    };
    let m = ctx.w.merchants.get_mut(huifu_id).expect("checked above");
    m.split = Some(sc);
    let m = m.clone();
    persist(&ctx.s.store, &m);
    if !audit {
        return Ok(None);
    }
    let a = Apply {
        apply_no: apply_no.clone(),
        huifu_id: huifu_id.into(),
        kind: "split".into(),
        status: "P".into(),
        created_at: ctx.now,
        due_at: ctx.s.cfg.timing.audit_auto_approve.map(|t| ctx.now + t.as_millis() as i64),
        req_seq_id: req_seq_id.into(),
        req_date: req_date.into(),
        async_return_url: async_url.into(),
        busi_async_return_url: String::new(),
        audit_desc: String::new(),
        payload: Map::new(),
    };
    persist(&ctx.s.store, &a);
    ctx.w.applies.insert(apply_no.clone(), a);
    Ok(Some(apply_no))
}

/// `POST /v2/merchant/split/config`.
pub fn config(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y(), f("async_return_url", 128)],
    )?;
    check(d, CONF)?;
    if d.get("start_type").is_none() {
        return Err(refuse("10000000", "start_type不能为空"));
    }
    let huifu_id = d.s("huifu_id");
    let base =
        fields([("huifu_id", huifu_id.clone()), ("req_seq_id", d.s("req_seq_id")), ("req_date", d.s("req_date"))]);
    match apply_conf(ctx, &huifu_id, &d.0, &d.s("async_return_url"), &d.s("req_seq_id"), &d.s("req_date"))? {
        None => ok(base),
        Some(apply_no) => {
            let mut m = base;
            m.insert("apply_no".into(), apply_no.into());
            processing("分账配置审核中", m)
        }
    }
}

/// `POST /v2/merchant/split/query` (response shape ASSUMED: the fields of 7.5 `split_bill_result[]`
/// flattened, plus `apply_status`).
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_seq_id", 32).y(), f("req_date", 8).y().date(), f("huifu_id", 18).y()])?;
    let m = super::merchant_mut(ctx, &d.s("huifu_id"), false)?.clone();
    let Some(sp) = m.split else {
        return Err(refuse("23000001", "分账配置不存在"));
    };
    let mut out = fields([
        ("huifu_id", m.huifu_id),
        ("rule_origin", sp.rule_origin.clone()),
        ("div_flag", sp.div_flag.clone()),
        ("apply_ratio", sp.apply_ratio.clone()),
        ("start_type", sp.start_type.clone()),
        ("scene", sp.scene.clone()),
        ("apply_status", sp.status.clone()),
        ("apply_no", sp.apply_no.clone()),
        ("acct_split_bunch_list", sp.acct_split_bunch_list.clone()),
    ]);
    let item = json!({"rule_origin": sp.rule_origin, "div_flag": sp.div_flag, "apply_ratio": sp.apply_ratio,
                      "acct_split_bunch_list": sp.acct_split_bunch_list, "apply_status": sp.status});
    out.insert("split_bill_result".into(), Value::String(json!([item]).to_string()));
    ok(out)
}
