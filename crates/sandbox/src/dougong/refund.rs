//! 7.19 refund and refund query. Partial refunds may repeat until the paid amount is used up (pending
//! refunds count), never above it (`10000002`); only a paid trade can be refunded (`10000001`); one
//! refund at a time per trade (`20000001`); split trades refund per receiver, never more than each
//! received. Accepted refunds answer `00000100` `P` and turn final after the settle delay, with a
//! notification.

use serde_json::{json, Map, Value};

use super::cards::{self, Card};
use super::envelope::Ctx;
use super::ids;
use super::money::yuan;
use super::notices::{self, Slot};
use super::state::{persist, Order, Original, Refund, World};
use super::validate::{check, f, fields, ok, processing, refuse, Data, Out, Refusal, F};
use crate::clock::{self, Millis};
use crate::Shared;

const REFUND: &[F] = &[
    f("req_date", 8).y().date(),
    f("req_seq_id", 128).y(),
    f("huifu_id", 32).y(),
    f("ord_amt", 14).y().amt(),
    f("org_req_date", 8).y().date(),
    f("org_hf_seq_id", 128),
    f("org_req_seq_id", 128),
    f("org_party_order_id", 64),
    f("acct_split_bunch", 0).obj(),
    f("wx_data", 0).obj(),
    f("remark", 255),
    f("loan_flag", 1).en(&["Y", "N"]),
    f("risk_check_data", 0).obj(),
    f("terminal_device_data", 0).obj(),
    f("notify_url", 512),
];

/// Per-receiver split amounts of a split JSON text (`acct_infos[].huifu_id/div_amt`).
pub fn split_parts(text: &str) -> Vec<(String, i64)> {
    let Ok(v) = serde_json::from_str::<Value>(text) else { return vec![] };
    let infos = v.get("acct_infos").and_then(Value::as_array).cloned().unwrap_or_default();
    infos
        .iter()
        .filter_map(|i| {
            let id = i.get("huifu_id")?.as_str()?.to_string();
            let amt = super::money::fen(i.get("div_amt")?.as_str()?)?;
            Some((id, amt))
        })
        .collect()
}

/// Checks a refund's `acct_split_bunch` against what each receiver got and already gave back.
fn check_split(w: &World, o: &Order, d: &Data, amt: i64) -> Result<String, Refusal> {
    let Some(bunch) = d.object("acct_split_bunch")? else { return Ok(String::new()) };
    if o.split.is_empty() {
        return Err(refuse("23000003", "原交易非分账交易,退款不能上送分账对象"));
    }
    let text = Value::Object(bunch).to_string();
    let parts = split_parts(&text);
    if parts.is_empty() {
        return Err(refuse("10000000", "acct_split_bunch.acct_infos不能为空"));
    }
    if parts.iter().map(|(_, a)| a).sum::<i64>() != amt {
        return Err(refuse("23000003", "分账金额总和必须等于退款金额"));
    }
    let got = split_parts(&o.split);
    for (id, a) in &parts {
        let Some((_, received)) = got.iter().find(|(g, _)| g == id) else {
            return Err(refuse("23000003", format!("退款分账方[{id}]不在原交易分账列表中")));
        };
        let given_back: i64 = w
            .refunds
            .values()
            .filter(|r| r.org.hf_seq_id == o.hf_seq_id && r.trans_stat != "F")
            .flat_map(|r| split_parts(&r.split))
            .filter(|(g, _)| g == id)
            .map(|(_, x)| x)
            .sum();
        if given_back + a > *received {
            return Err(refuse("23000003", format!("退款分账方[{id}]退款金额超过原分账金额")));
        }
    }
    Ok(text)
}

/// `POST /v2/trade/payment/scanpay/refund` (and v3).
pub fn refund(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, REFUND)?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let (hf, seq, party) = (d.s("org_hf_seq_id"), d.s("org_req_seq_id"), d.s("org_party_order_id"));
    if hf.is_empty() && seq.is_empty() && party.is_empty() {
        return Err(refuse("21000000", "org_hf_seq_id、org_req_seq_id、org_party_order_id不能同时为空"));
    }
    let found = if !party.is_empty() {
        ctx.w.orders.values().find(|o| o.huifu_id == huifu_id && o.party_order_id == party)
    } else {
        ctx.w.find_order(&huifu_id, &hf, &seq, &d.s("org_req_date"))
    };
    let o = found.ok_or_else(|| refuse("23000001", "原交易不存在"))?.clone();
    if o.req_date != d.s("org_req_date") {
        return Err(refuse("23000001", "原交易不存在:org_req_date与原交易日期不一致"));
    }
    match o.trans_stat.as_str() {
        "S" => {}
        "P" => return Err(refuse("10000001", "原交易没有处理完成")),
        _ => return Err(refuse("23000000", "原交易已失败,不能退款")),
    }
    if ctx.now - o.created_at > 360 * crate::clock::DAY_MS {
        return Err(refuse("90000000", "交易受限:超过退款期限(360天)"));
    }
    let amt = d.amount("ord_amt")?;
    if cards::card(o.trans_amt) == Card::NoPartialRefund && amt != o.trans_amt {
        return Err(refuse("10000009", "该交易不支持部分退款"));
    }
    if o.refunding > 0 {
        return Err(refuse("20000001", "操作过于频繁:原交易有退款处理中,请稍后重试"));
    }
    if amt > o.trans_amt - o.refunded {
        return Err(refuse("10000002", "退款金额大于可退金额"));
    }
    let split = check_split(ctx.w, &o, d, amt)?;
    let remaining_after = o.trans_amt - o.refunded - amt;
    let fee_refund = if remaining_after == 0 {
        o.fee_amt - refunded_fee(ctx.w, &o.hf_seq_id)
    } else {
        o.fee_amt * amt / o.trans_amt
    };
    let n = ctx.w.next(&ctx.s.store);
    let r = Refund {
        hf_seq_id: ids::hf_seq_id("0031", ctx.now, n),
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        huifu_id,
        org: Original::of(&o),
        ord_amt: amt,
        fee_refund,
        trans_stat: "P".into(),
        created_at: ctx.now,
        due_at: ctx.now + ctx.s.cfg.timing.settle.as_millis() as i64,
        end_at: None,
        notify_url: super::trade_checks::notify_url(d)?,
        split,
        remark: d.s("remark"),
        bank_message: "退款处理中".into(),
    };
    persist(&ctx.s.store, &r);
    let o = ctx.w.orders.get_mut(&o.hf_seq_id).expect("found above");
    o.refunding += amt;
    persist(&ctx.s.store, &*o);
    let o = o.clone();
    let m = answer(&r, &o, &ctx.product_id);
    ctx.w.refunds.insert(r.hf_seq_id.clone(), r);
    processing("交易处理中", m)
}

fn refunded_fee(w: &World, org: &str) -> i64 {
    w.refunds.values().filter(|r| r.org.hf_seq_id == org && r.trans_stat != "F").map(|r| r.fee_refund).sum()
}

fn answer(r: &Refund, o: &Order, product_id: &str) -> Map<String, Value> {
    let mut m = fields([
        ("product_id", product_id.to_string()),
        ("huifu_id", r.huifu_id.clone()),
        ("req_date", r.req_date.clone()),
        ("req_seq_id", r.req_seq_id.clone()),
        ("hf_seq_id", r.hf_seq_id.clone()),
        ("ord_amt", yuan(r.ord_amt)),
        ("actual_ref_amt", yuan(r.ord_amt)),
        ("org_req_date", r.org.req_date.clone()),
        ("org_req_seq_id", r.org.req_seq_id.clone()),
        ("org_hf_seq_id", r.org.hf_seq_id.clone()),
        ("org_trans_stat", o.trans_stat.clone()),
        ("trans_date", clock::ymd(r.created_at)),
        ("trans_time", clock::hms(r.created_at)),
        ("trans_stat", r.trans_stat.clone()),
        ("pay_channel", o.pay_channel.clone()),
        ("trade_type", "TRANS_REFUND".into()),
        ("fee_amount", yuan(r.fee_refund)),
        ("bank_message", r.bank_message.clone()),
    ]);
    if let Some(end) = r.end_at {
        m.insert("trans_finish_time".into(), clock::ymdhms(end).into());
    }
    if !r.split.is_empty() {
        m.insert("acct_split_bunch".into(), r.split.clone().into());
    }
    if !r.remark.is_empty() {
        m.insert("remark".into(), r.remark.clone().into());
    }
    m
}

/// `POST /v2/trade/payment/scanpay/refundquery` (and v3): by the refund's own ids.
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    let huifu_id = super::query_head(ctx, d, f("mer_ord_id", 128))?;
    let (hf, seq) = (d.s("org_hf_seq_id"), d.s("org_req_seq_id"));
    let seq = if seq.is_empty() { d.s("mer_ord_id") } else { seq };
    if hf.is_empty() && seq.is_empty() {
        return Err(refuse("21000000", "org_hf_seq_id、org_req_seq_id、mer_ord_id不能同时为空"));
    }
    if hf.is_empty() && d.get("org_req_date").is_none() {
        return Err(refuse("10000000", "org_req_date不能为空"));
    }
    let date = d.s("org_req_date");
    let r = ctx.w.refunds.values().find(|r| {
        r.huifu_id == huifu_id
            && if hf.is_empty() {
                r.req_seq_id == seq && (date.is_empty() || r.req_date == date)
            } else {
                r.hf_seq_id == hf
            }
    });
    let Some(r) = r.cloned() else { return Err(refuse("23000001", "原交易不存在")) };
    let o = ctx.w.orders.get(&r.org.hf_seq_id).cloned().ok_or_else(|| refuse("23000001", "原交易不存在"))?;
    let mut m = answer(&r, &o, &ctx.product_id);
    // The query names the refund's own ids org_*.
    m.insert("org_hf_seq_id".into(), r.hf_seq_id.clone().into());
    m.insert("org_req_seq_id".into(), r.req_seq_id.clone().into());
    m.insert("org_req_date".into(), r.req_date.clone().into());
    m.insert("trans_type".into(), "TRANS_REFUND".into());
    m.insert("fee_amt".into(), yuan(r.fee_refund).into());
    ok(m)
}

/// Refunds whose delay passed turn `S` (or `F` for the "refund fails" card) and notify.
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<String> =
        w.refunds.values().filter(|r| r.trans_stat == "P" && r.due_at <= now).map(|r| r.hf_seq_id.clone()).collect();
    for hf in due {
        let Some(r) = w.refunds.get(&hf).cloned() else { continue };
        let Some(o) = w.orders.get_mut(&r.org.hf_seq_id) else { continue };
        let fails = o.card == cards::name(Card::RefundFails);
        o.refunding -= r.ord_amt;
        if !fails {
            o.refunded += r.ord_amt;
            o.refund_count += 1;
        }
        let o = o.clone();
        persist(&s.store, &o);
        let r = w.refunds.get_mut(&hf).expect("present");
        r.trans_stat = if fails { "F".into() } else { "S".into() };
        r.bank_message = if fails { "退款失败:原路退回失败".into() } else { "退款成功".into() };
        r.end_at = Some(now);
        let r = r.clone();
        persist(&s.store, &r);
        let total_fee: i64 = w
            .refunds
            .values()
            .filter(|x| x.org.hf_seq_id == o.hf_seq_id && x.trans_stat == "S")
            .map(|x| x.fee_refund)
            .sum();
        let mut p = json!({
            "resp_code": "00000000", "resp_desc": "交易成功",
            "sub_resp_code": if fails { "90000000" } else { "00000000" }, "sub_resp_desc": r.bank_message,
            "product_id": w.merchants.get(&r.huifu_id).map(|m| m.product_id.clone()).unwrap_or_default(),
            "huifu_id": r.huifu_id, "req_date": r.req_date, "req_seq_id": r.req_seq_id, "hf_seq_id": r.hf_seq_id,
            "org_req_date": r.org.req_date, "org_req_seq_id": r.org.req_seq_id, "org_hf_seq_id": r.org.hf_seq_id,
            "org_ord_amt": yuan(o.trans_amt), "org_fee_amt": yuan(o.fee_amt),
            "trans_date": clock::ymd(r.created_at), "trans_time": clock::hms(r.created_at),
            "trans_finish_time": clock::ymdhms(now), "trans_type": "TRANS_REFUND", "trans_stat": r.trans_stat,
            "ord_amt": yuan(r.ord_amt), "actual_ref_amt": yuan(if fails { 0 } else { r.ord_amt }),
            "total_ref_amt": yuan(o.refunded), "total_ref_fee_amt": yuan(total_fee),
            "ref_cut": o.refund_count.to_string(), "party_order_id": o.party_order_id,
            "pay_channel": o.pay_channel, "bank_message": r.bank_message,
        });
        if !r.split.is_empty() {
            p["acct_split_bunch"] = json!(r.split);
        }
        notices::send(s, "refund", &r.hf_seq_id, &r.notify_url, Slot::RespData, &p, &r.req_seq_id);
    }
}
