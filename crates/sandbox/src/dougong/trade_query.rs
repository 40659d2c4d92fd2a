//! 7.17 trade query, 7.18 close and close query. Close rules: WeChat/Alipay only (`23000004`), not
//! within one minute of creation (`10000015`), not on a final order (`10000016` paid / `23000000`
//! failed), not a forward-scan order older than two hours (`10000018`). An accepted close answers
//! `00000100` `P` and turns `S` after the settle delay, which makes the order `F`.

use serde_json::{Map, Value};

use super::envelope::Ctx;
use super::money::yuan;
use super::state::{persist, Close, Order, Original, World};
use super::validate::{check, f, fields, ok, processing, refuse, Data, Out, Refusal};
use crate::clock::{self, Millis};
use crate::Shared;

/// The original order named by `org_hf_seq_id` / `org_req_seq_id` (+ `org_req_date`) / `out_ord_id`.
fn original<'w>(w: &'w World, d: &Data, huifu_id: &str) -> Result<&'w Order, Refusal> {
    let hf = d.s("org_hf_seq_id");
    let seq = d.s("org_req_seq_id");
    let out = d.s("out_ord_id");
    if hf.is_empty() && seq.is_empty() && out.is_empty() {
        return Err(refuse("21000000", "org_hf_seq_id、org_req_seq_id、out_ord_id不能同时为空"));
    }
    if hf.is_empty() && d.get("org_req_date").is_none() {
        return Err(refuse("10000000", "org_req_date不能为空"));
    }
    let found = if !out.is_empty() {
        w.orders.values().find(|o| o.huifu_id == huifu_id && o.party_order_id == out)
    } else {
        w.find_order(huifu_id, &hf, &seq, &d.s("org_req_date"))
    };
    found.ok_or_else(|| refuse("23000001", "原交易不存在"))
}

/// `POST /v2/trade/payment/scanpay/query` (and v3).
pub fn query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    let huifu_id = super::query_head(ctx, d, f("out_ord_id", 64))?;
    let o = original(ctx.w, d, &huifu_id)?.clone();
    let mut m: Map<String, Value> = fields([
        ("huifu_id", o.huifu_id.clone()),
        ("org_req_date", o.req_date.clone()),
        ("org_hf_seq_id", o.hf_seq_id.clone()),
        ("org_req_seq_id", o.req_seq_id.clone()),
        ("out_trans_id", o.out_trans_id.clone()),
        ("party_order_id", o.party_order_id.clone()),
        ("trans_amt", yuan(o.trans_amt)),
        ("pay_amt", yuan(if o.trans_stat == "S" { o.trans_amt } else { 0 })),
        ("settlement_amt", yuan(o.trans_amt - o.fee_amt)),
        ("fee_amt", yuan(o.fee_amt)),
        ("trans_type", o.trade_type.clone()),
        ("trans_stat", o.trans_stat.clone()),
        ("trans_time", clock::hms(o.created_at)),
        ("delay_acct_flag", o.delay_acct_flag.clone()),
        ("acct_stat", if o.trans_stat == "S" { "S".into() } else { "I".into() }),
        ("password_trade", if o.password_due.is_some() { "Y".into() } else { "N".into() }),
        ("bank_code", o.bank_code.clone()),
        ("bank_message", o.bank_message.clone()),
        ("div_flag", if o.split.is_empty() { "N".into() } else { "Y".into() }),
    ]);
    if let Some(end) = o.end_at {
        m.insert("end_time".into(), clock::ymdhms(end).into());
        m.insert("acct_date".into(), clock::ymd(end).into());
    }
    if !o.split.is_empty() {
        m.insert("acct_split_bunch".into(), o.split.clone().into());
    }
    if !o.remark.is_empty() {
        m.insert("remark".into(), o.remark.clone().into());
    }
    if o.refunded > 0 {
        m.insert("refunded_amt".into(), yuan(o.refunded).into());
    }
    ok(m)
}

fn close_answer(c: &Close, o: &Order) -> Map<String, Value> {
    fields([
        ("huifu_id", c.huifu_id.clone()),
        ("req_date", c.req_date.clone()),
        ("req_seq_id", c.req_seq_id.clone()),
        ("org_req_date", o.req_date.clone()),
        ("org_req_seq_id", o.req_seq_id.clone()),
        ("org_hf_seq_id", o.hf_seq_id.clone()),
        ("org_trans_stat", o.trans_stat.clone()),
        ("trans_stat", c.trans_stat.clone()),
    ])
}

const CLOSE: &[super::validate::F] = &[
    f("req_date", 8).y().date(),
    f("req_seq_id", 128).y(),
    f("huifu_id", 32).y(),
    f("org_req_date", 8).y().date(),
    f("org_hf_seq_id", 128),
    f("org_req_seq_id", 128),
    f("merge_flag", 1).en(&["Y", "N"]),
];

/// `POST /v2/trade/payment/scanpay/close`.
pub fn close(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, CLOSE)?;
    if d.get("org_hf_seq_id").is_none() && d.get("org_req_seq_id").is_none() {
        return Err(refuse("21000000", "org_hf_seq_id、org_req_seq_id不能同时为空"));
    }
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let o = original(ctx.w, d, &huifu_id)?.clone();
    if o.pay_channel == "U" || o.pay_channel == "D" {
        return Err(refuse("23000004", "交易类型不支持"));
    }
    match o.trans_stat.as_str() {
        "S" => return Err(refuse("10000016", "原订单已为终态,请发起查询交易获取")),
        "F" => return Err(refuse("23000000", "原交易订单已失败不允许关单")),
        _ => {}
    }
    if ctx.now - o.created_at < 60_000 {
        return Err(refuse("10000015", "不允许关闭一分钟以内的订单"));
    }
    if o.forward && ctx.now - o.created_at > 2 * 3_600_000 {
        return Err(refuse("10000018", "关单失败:正扫订单创建已超过2小时,请查询订单状态"));
    }
    let c = Close {
        key: format!("{huifu_id}|{}|{}", d.s("req_date"), d.s("req_seq_id")),
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        huifu_id,
        org: Original::of(&o),
        trans_stat: "P".into(),
        created_at: ctx.now,
        due_at: ctx.now + ctx.s.cfg.timing.settle.as_millis() as i64,
    };
    persist(&ctx.s.store, &c);
    let m = close_answer(&c, &o);
    ctx.w.closes.insert(c.key.clone(), c);
    processing("关单处理中", m)
}

/// `POST /v2/trade/payment/scanpay/closequery`: the latest close of the original order.
pub fn close_query(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, CLOSE)?;
    let huifu_id = d.s("huifu_id");
    super::merchant_mut(ctx, &huifu_id, false)?;
    let o = original(ctx.w, d, &huifu_id)?.clone();
    let c = ctx.w.closes.values().filter(|c| c.org.hf_seq_id == o.hf_seq_id).max_by_key(|c| c.created_at).cloned();
    let Some(c) = c else { return Err(refuse("23000001", "原交易不存在:没有关单记录")) };
    ok(close_answer(&c, &o))
}

/// Closes whose delay passed succeed (if the order is still open) and fail the order.
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<String> =
        w.closes.values().filter(|c| c.trans_stat == "P" && c.due_at <= now).map(|c| c.key.clone()).collect();
    for key in due {
        let Some(c) = w.closes.get_mut(&key) else { continue };
        let open = w.orders.get(&c.org.hf_seq_id).is_some_and(|o| o.trans_stat == "P");
        c.trans_stat = if open { "S".into() } else { "F".into() };
        let c = c.clone();
        persist(&s.store, &c);
        if open {
            if let Some(o) = w.orders.get_mut(&c.org.hf_seq_id) {
                o.trans_stat = "F".into();
                o.closed_by = "close".into();
                o.bank_message = "订单已关闭".into();
                o.end_at = Some(now);
                persist(&s.store, &*o);
            }
        }
    }
}
