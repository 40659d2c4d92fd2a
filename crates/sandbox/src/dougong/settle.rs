//! 7.21 balance, 7.20 withdrawal (both path spellings) and withdrawal query. The balance follows the
//! sandbox's own trades: paid amounts (or each receiver's split share) minus fees, minus refunds (pending
//! ones reserved), minus withdrawals. Everything paid is available at once (the sandbox does not model
//! T1 settlement days).

use serde_json::{json, Value};

use super::envelope::Ctx;
use super::ids;
use super::money::yuan;
use super::notices::{self, Slot};
use super::refund::split_parts;
use super::state::{persist, Withdrawal, World};
use super::validate::{check, f, fields, ok, processing, refuse, Data, Out};
use crate::clock::{self, Millis};
use crate::Shared;

/// Available balance of `huifu_id` in fen.
pub fn available(w: &World, huifu_id: &str) -> i64 {
    let mut bal = 0;
    for o in w.orders.values().filter(|o| o.trans_stat == "S") {
        let parts = split_parts(&o.split);
        if parts.is_empty() {
            if o.huifu_id == huifu_id {
                bal += o.trans_amt;
            }
        } else {
            bal += parts.iter().filter(|(id, _)| id == huifu_id).map(|(_, a)| a).sum::<i64>();
        }
        if o.huifu_id == huifu_id {
            bal -= o.fee_amt;
        }
    }
    for r in w.refunds.values().filter(|r| r.trans_stat != "F") {
        let Some(o) = w.orders.get(&r.org.hf_seq_id) else { continue };
        let parts = split_parts(&r.split);
        if parts.is_empty() {
            if o.huifu_id == huifu_id {
                bal -= r.ord_amt;
            }
        } else {
            bal -= parts.iter().filter(|(id, _)| id == huifu_id).map(|(_, a)| a).sum::<i64>();
        }
        if o.huifu_id == huifu_id {
            bal += r.fee_refund;
        }
    }
    for x in w.withdrawals.values().filter(|x| x.huifu_id == huifu_id && x.trans_stat != "F") {
        bal -= x.cash_amt + x.fee_amt;
    }
    bal
}

fn acct_id(huifu_id: &str) -> String {
    format!("F{}", &huifu_id[huifu_id.len().saturating_sub(8)..])
}

/// `POST /v2/trade/acctpayment/balance/query`.
pub fn balance(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, &[f("req_date", 8).y().date(), f("huifu_id", 32).y(), f("req_seq_id", 128), f("acct_date", 8).date()])?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let avl = available(ctx.w, &huifu_id);
    let item = json!({
        "huifu_id": huifu_id, "acct_id": acct_id(&huifu_id), "acct_type": "01",
        "balance_amt": yuan(avl), "avl_bal": yuan(avl), "frz_bal": "0.00", "last_avl_bal": yuan(avl),
        "acct_stat": "N", "control_bal": "0.00",
    });
    let mut m = fields([("req_date", d.s("req_date")), ("req_seq_id", d.s("req_seq_id"))]);
    m.insert("acctInfo_list".into(), Value::String(json!([item]).to_string()));
    ok(m)
}

/// The withdrawal fee for a cash type from the merchant's `cash_config` (`fix_amt` + amount × `fee_rate`).
fn cash_fee(m: &super::state::Merchant, cash_type: &str, amt: i64) -> i64 {
    let list = m.fields.get("cash_config").and_then(|v| match v {
        Value::String(s) => serde_json::from_str::<Value>(s).ok(),
        other => Some(other.clone()),
    });
    let Some(Value::Array(items)) = list else { return 0 };
    let Some(item) = items.iter().find(|i| i.get("cash_type").and_then(Value::as_str).unwrap_or("T1") == cash_type)
    else {
        return 0;
    };
    let fix = item.get("fix_amt").and_then(Value::as_str).and_then(super::money::fen).unwrap_or(0);
    let rate = item.get("fee_rate").and_then(Value::as_str).map(|r| super::money::fee(amt, r)).unwrap_or(0);
    fix + rate
}

/// `POST /v2/trade/settlement/encashment` (and the older `enchashment`).
pub fn encashment(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[
            f("req_date", 8).y().date(),
            f("req_seq_id", 128).y(),
            f("cash_amt", 14).y().amt(),
            f("huifu_id", 32).y(),
            f("into_acct_date_type", 2).y().en(&["T0", "T1", "D1", "D0", "DM"]),
            f("token_no", 20).y(),
            f("acct_id", 9),
            f("enchashment_channel", 2).en(&["00", "10"]),
            f("remark", 100),
            f("notify_url", 128),
        ],
    )?;
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, true)?.clone();
    if d.s("token_no") != m.token_no {
        return Err(refuse("22000003", "取现卡信息不存在:token_no与商户结算卡不匹配"));
    }
    let t = d.s("into_acct_date_type");
    let cash_type = if t == "T0" { "D0".to_string() } else { t.clone() };
    if !m.cash_types.contains(&cash_type) {
        return Err(refuse("22000004", format!("暂未开通{t}取现权限")));
    }
    let amt = d.amount("cash_amt")?;
    let fee = cash_fee(&m, &cash_type, amt);
    if amt + fee > available(ctx.w, &huifu_id) {
        return Err(refuse("90000000", "可用余额不足"));
    }
    let n = ctx.w.next(&ctx.s.store);
    let x = Withdrawal {
        hf_seq_id: ids::hf_seq_id("0047", ctx.now, n),
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        huifu_id: huifu_id.clone(),
        cash_amt: amt,
        fee_amt: fee,
        token_no: d.s("token_no"),
        into_acct_date_type: t,
        acct_id: d.get("acct_id").unwrap_or_else(|| acct_id(&huifu_id)),
        trans_stat: "P".into(),
        created_at: ctx.now,
        due_at: ctx.now + ctx.s.cfg.timing.settle.as_millis() as i64,
        end_at: None,
        notify_url: super::trade_checks::notify_url(d)?,
        remark: d.s("remark"),
    };
    persist(&ctx.s.store, &x);
    let out = answer(&x);
    ctx.w.withdrawals.insert(x.hf_seq_id.clone(), x);
    processing("交易处理中", out)
}

fn answer(x: &Withdrawal) -> serde_json::Map<String, Value> {
    fields([
        ("req_date", x.req_date.clone()),
        ("req_seq_id", x.req_seq_id.clone()),
        ("hf_seq_id", x.hf_seq_id.clone()),
        ("trans_stat", x.trans_stat.clone()),
        ("huifu_id", x.huifu_id.clone()),
        ("acct_id", x.acct_id.clone()),
        ("cash_amt", yuan(x.cash_amt)),
        ("fee_amt", yuan(x.fee_amt)),
    ])
}

/// `POST /v2/trade/settlement/query`.
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(
        d,
        &[f("huifu_id", 32).y(), f("org_req_date", 8).y().date(), f("org_hf_seq_id", 128), f("org_req_seq_id", 128)],
    )?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let (hf, seq, date) = (d.s("org_hf_seq_id"), d.s("org_req_seq_id"), d.s("org_req_date"));
    if hf.is_empty() && seq.is_empty() {
        return Err(refuse("21000000", "org_hf_seq_id、org_req_seq_id不能同时为空"));
    }
    let x = ctx.w.withdrawals.values().find(|x| {
        x.huifu_id == huifu_id
            && if hf.is_empty() { x.req_seq_id == seq && x.req_date == date } else { x.hf_seq_id == hf }
    });
    let Some(x) = x.cloned() else { return Err(refuse("23000001", "原交易不存在")) };
    let mut m = answer(&x);
    m.insert("org_req_date".into(), x.req_date.clone().into());
    m.insert("org_req_seq_id".into(), x.req_seq_id.clone().into());
    m.insert("org_hf_seq_id".into(), x.hf_seq_id.clone().into());
    m.insert("trans_status".into(), x.trans_stat.clone().into());
    m.insert("into_acct_date_type".into(), x.into_acct_date_type.clone().into());
    ok(m)
}

/// Withdrawals whose delay passed succeed and notify twice (`msg_type` 01 channel, 02 accounting).
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<String> = w
        .withdrawals
        .values()
        .filter(|x| x.trans_stat == "P" && x.due_at <= now)
        .map(|x| x.hf_seq_id.clone())
        .collect();
    for hf in due {
        let Some(x) = w.withdrawals.get_mut(&hf) else { continue };
        x.trans_stat = "S".into();
        x.end_at = Some(now);
        let x = x.clone();
        persist(&s.store, &x);
        for msg_type in ["01", "02"] {
            let p = json!({
                "sub_resp_code": "00000000", "sub_resp_desc": "取现成功", "req_seq_id": x.req_seq_id, "req_date": x.req_date,
                "hf_seq_id": x.hf_seq_id, "trans_status": "S", "acct_status": "S", "channel_status": "S",
                "fee_amt": yuan(x.fee_amt), "cash_amt": yuan(x.cash_amt), "msg_type": msg_type,
                "huifu_id": x.huifu_id, "acct_id": x.acct_id, "trans_type": "ENCHASHMENT",
                "end_time": clock::ymdhms(now),
            });
            notices::send(s, "withdrawal", &x.hf_seq_id, &x.notify_url, Slot::RespData, &p, &x.req_seq_id);
        }
    }
}
