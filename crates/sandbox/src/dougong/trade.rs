//! 7.15 forward scan (jspay) and 7.16 reverse scan (micropay). A forward-scan order answers `00000100`
//! with `trans_stat=P` and a `qr_code` pointing at the sandbox pay page; it becomes `S` when "paid"
//! (the page's button or a control) or `F` when it expires or is closed. A reverse-scan payment is `S`
//! at once, or `P` while the payer types a password. Paid trades notify `notify_url` twice
//! (`notify_type` 1 channel, 2 accounting).

use serde_json::{json, Map, Value};

use super::cards::{self, Card};
use super::envelope::Ctx;
use super::ids;
use super::money::{fee, fee_formula, yuan};
use super::notices::{self, Slot};
use super::state::{persist, Order, World};
use super::trade_checks as checks;
use super::validate::{check, f, ok, processing, refuse, Data, Out, Refusal, F};
use crate::clock::{self, Millis};
use crate::Shared;

const FORWARD_TYPES: &[&str] =
    &["T_JSAPI", "T_MINIAPP", "T_APP", "T_H5", "T_NATIVE", "A_JSAPI", "A_NATIVE", "U_NATIVE", "U_JSAPI", "D_NATIVE"];

const COMMON: &[F] = &[
    f("req_date", 8).y().date(),
    f("req_seq_id", 128).y(),
    f("huifu_id", 32).y(),
    f("goods_desc", 127).y(),
    f("trans_amt", 14).y().amt(),
    f("acct_id", 9),
    f("time_expire", 14).digits(),
    f("wx_data", 0).obj(),
    f("alipay_data", 0).obj(),
    f("unionpay_data", 0).obj(),
    f("dc_data", 0).obj(),
    f("delay_acct_flag", 1).en(&["Y", "N"]),
    f("fee_flag", 1).en(&["1", "2"]),
    f("acct_split_bunch", 0).obj(),
    f("term_div_coupon_type", 1).en(&["1", "2", "3"]),
    f("limit_pay_type", 128),
    f("channel_no", 32),
    f("pay_scene", 2),
    f("remark", 255),
    f("risk_check_data", 0).obj(),
    f("terminal_device_data", 0).obj(),
    f("terminal_device_info", 0).obj(),
    f("notify_url", 504),
];

/// Checks shared by both scan directions; returns (amount, the order skeleton).
fn prepare(ctx: &mut Ctx<'_>, d: &Data, trade_type: &str, forward: bool) -> Result<Order, Refusal> {
    let amt = d.amount("trans_amt")?;
    let card = cards::card(amt);
    let huifu_id = d.s("huifu_id");
    let m = super::merchant_mut(ctx, &huifu_id, true)?.clone();
    let wx = checks::channel_fields(trade_type, d)?;
    checks::routing(&m, d, trade_type, &wx)?;
    match card {
        Card::Risk => return Err(refuse("90000000", "交易存在风险")),
        Card::ChannelDown => return Err(refuse("91111119", "通道异常，请稍后重试")),
        _ => {}
    }
    if amt > cards::SINGLE_LIMIT_FEN {
        return Err(refuse("90000000", "单笔金额超限"));
    }
    let split = checks::split(ctx.w, &m, d, amt)?;
    let devs_id = checks::terminal(ctx.w, &m, d)?;
    let notify_url = checks::notify_url(d)?;
    let expire_at = match d.get("time_expire") {
        None => ctx.now + 2 * 3_600_000,
        Some(t) => {
            let at =
                clock::parse_ymdhms(&t).ok_or_else(|| refuse("10000000", "time_expire不符合yyyyMMddHHmmss格式"))?;
            if at <= ctx.now {
                return Err(refuse("10000000", "订单已超时"));
            }
            at
        }
    };
    let channel = checks::channel_of(trade_type).to_string();
    let rate = super::busi::fee_rate(&m, &channel).unwrap_or_else(|| "0.38".into());
    let n = ctx.w.next(&ctx.s.store);
    let split_text = if split.is_empty() {
        String::new()
    } else {
        d.object("acct_split_bunch")?.map(|o| Value::Object(o).to_string()).unwrap_or_default()
    };
    Ok(Order {
        hf_seq_id: ids::hf_seq_id("0029", ctx.now, n),
        huifu_id,
        req_seq_id: d.s("req_seq_id"),
        req_date: d.s("req_date"),
        trade_type: trade_type.into(),
        pay_channel: channel,
        forward,
        trans_amt: amt,
        fee_amt: fee(amt, &rate),
        fee_rate: rate,
        goods_desc: d.s("goods_desc"),
        created_at: ctx.now,
        expire_at,
        trans_stat: "P".into(),
        end_at: None,
        bank_code: String::new(),
        bank_message: String::new(),
        notify_url,
        party_order_id: ids::party_order_id(ctx.now, n),
        out_trans_id: String::new(),
        refunded: 0,
        refunding: 0,
        refund_count: 0,
        split: split_text,
        delay_acct_flag: d.get("delay_acct_flag").unwrap_or_else(|| "N".into()),
        remark: d.s("remark"),
        sub_appid: wx.get("sub_appid").and_then(Value::as_str).unwrap_or_default().to_string(),
        sub_openid: wx.get("sub_openid").and_then(Value::as_str).unwrap_or_default().to_string(),
        password_due: None,
        card: cards::name(card).into(),
        closed_by: String::new(),
        devs_id,
    })
}

/// The synchronous answer fields of an order.
pub fn answer(s: &Shared, o: &Order) -> Map<String, Value> {
    let mut m = super::validate::fields([
        ("req_date", o.req_date.clone()),
        ("req_seq_id", o.req_seq_id.clone()),
        ("hf_seq_id", o.hf_seq_id.clone()),
        ("trade_type", o.trade_type.clone()),
        ("trans_amt", yuan(o.trans_amt)),
        ("trans_stat", o.trans_stat.clone()),
        ("huifu_id", o.huifu_id.clone()),
        ("delay_acct_flag", o.delay_acct_flag.clone()),
        ("party_order_id", o.party_order_id.clone()),
        ("bank_code", o.bank_code.clone()),
        ("bank_message", o.bank_message.clone()),
    ]);
    if !o.remark.is_empty() {
        m.insert("remark".into(), o.remark.clone().into());
    }
    if o.forward {
        if o.trade_type.ends_with("_NATIVE") {
            m.insert("qr_code".into(), format!("{}/sandbox/pay/{}", s.base_url, o.hf_seq_id).into());
        } else if o.pay_channel == "A" {
            m.insert("pay_info".into(), json!({"tradeNO": o.party_order_id}).to_string().into());
        } else {
            let pay_info = json!({"appId": o.sub_appid, "timeStamp": (o.created_at / 1000).to_string(),
                "nonceStr": &o.hf_seq_id[o.hf_seq_id.len() - 16..], "package": format!("prepay_id=wx{}", o.party_order_id),
                "signType": "RSA", "paySign": "sandbox-not-a-real-wechat-signature"});
            m.insert("pay_info".into(), pay_info.to_string().into());
        }
    }
    m
}

/// `POST /v2/trade/payment/jspay` (and v3).
pub fn jspay(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, COMMON)?;
    check(d, &[f("trade_type", 16).y().en(FORWARD_TYPES)])?;
    let o = prepare(ctx, d, &d.s("trade_type"), true)?;
    persist(&ctx.s.store, &o);
    let m = answer(ctx.s, &o);
    ctx.w.orders.insert(o.hf_seq_id.clone(), o);
    processing("下单成功", m)
}

/// The trade type a payment code belongs to.
fn code_type(code: &str) -> Option<&'static str> {
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let p: u32 = code.get(0..2)?.parse().ok()?;
    match (p, code.len()) {
        (10..=15, 18) => Some("T_MICROPAY"),
        (25..=30, 16..=24) => Some("A_MICROPAY"),
        (62, 19) => Some("U_MICROPAY"),
        (1, 19) => Some("D_MICROPAY"),
        _ => None,
    }
}

/// `POST /v2/trade/payment/micropay` (and v3).
pub fn micropay(ctx: &mut Ctx<'_>, d: &Data) -> Out {
    check(d, COMMON)?;
    check(d, &[f("auth_code", 128).y(), f("risk_check_data", 0).y().obj()])?;
    if d.s("req_date") != clock::ymd(ctx.now) {
        return Err(refuse("10000000", "请求日期必须是当前日期"));
    }
    let code = d.s("auth_code");
    let Some(trade_type) = code_type(&code) else { return Err(refuse("10000000", "付款码格式异常")) };
    let code_key = format!("authcode|{code}");
    if ctx.w.seen.contains(&code_key) {
        return Err(refuse("90000000", "付款码无效/已过期,每个二维码仅限使用一次"));
    }
    let mut o = prepare(ctx, d, trade_type, false)?;
    o.expire_at = ctx.now + 60_000;
    ctx.w.seen.insert(code_key.clone());
    persist(&ctx.s.store, &super::state::Seen { key: code_key });
    match cards::card(o.trans_amt) {
        Card::BadPayCode => return Err(refuse("90000000", "付款码无效/已过期,每个二维码仅限使用一次")),
        Card::Password => o.password_due = Some(ctx.now + ctx.s.cfg.timing.password_entry.as_millis() as i64),
        _ if o.trans_amt >= cards::PASSWORD_FROM_FEN => {
            o.password_due = Some(ctx.now + ctx.s.cfg.timing.password_entry.as_millis() as i64)
        }
        _ => {}
    }
    let hf = o.hf_seq_id.clone();
    ctx.w.orders.insert(hf.clone(), o);
    let now = ctx.now;
    let waiting = ctx.w.orders[&hf].password_due.is_some();
    if waiting {
        let o = ctx.w.orders[&hf].clone();
        persist(&ctx.s.store, &o);
        return processing("交易处理中,等待用户输入密码", answer(ctx.s, &o));
    }
    let _ = finish_payment(ctx.s, ctx.w, &hf, now);
    let o = ctx.w.orders[&hf].clone();
    if o.trans_stat == "F" {
        return Err(refuse("90000000", o.bank_message.clone()));
    }
    ok(answer(ctx.s, &o))
}

/// The payer paid (page button, control, or a reverse scan): `S`, or `F` for the "pay fails" card.
/// Returns the order, or why it cannot be paid.
pub fn finish_payment(s: &Shared, w: &mut World, hf_seq_id: &str, now: Millis) -> Result<Order, String> {
    let o = w.orders.get_mut(hf_seq_id).ok_or_else(|| format!("no order {hf_seq_id}"))?;
    if o.trans_stat != "P" {
        return Err(format!("order {hf_seq_id} is already {} {}", o.trans_stat, o.closed_by));
    }
    if now >= o.expire_at {
        return Err(format!("order {hf_seq_id} has expired"));
    }
    let n = w.counter + 1;
    w.counter = n;
    let _ = s.store.set_meta("dg_counter", &n.to_string());
    let o = w.orders.get_mut(hf_seq_id).expect("found above");
    o.end_at = Some(now);
    o.password_due = None;
    if o.card == cards::name(Card::PayFails) {
        o.trans_stat = "F".into();
        o.bank_code = "NOTENOUGH".into();
        o.bank_message = "余额不足".into();
    } else {
        o.trans_stat = "S".into();
        o.bank_code = "SUCCESS".into();
        o.bank_message = "支付成功".into();
        o.out_trans_id = ids::out_trans_id(&o.pay_channel, now, n);
    }
    let o = o.clone();
    persist(&s.store, &o);
    notify_payment(s, &o);
    Ok(o)
}

fn notify_payment(s: &Shared, o: &Order) {
    if o.notify_url.is_empty() {
        return;
    }
    let end = o.end_at.unwrap_or(o.created_at);
    let settle = o.trans_amt - o.fee_amt;
    for notify_type in [1, 2] {
        let mut p = json!({
            "resp_code": "00000000", "resp_desc": "交易成功",
            "sub_resp_code": if o.trans_stat == "S" { "00000000" } else { "90000000" },
            "sub_resp_desc": o.bank_message,
            "huifu_id": o.huifu_id, "req_seq_id": o.req_seq_id, "req_date": o.req_date,
            "trans_type": o.trade_type, "hf_seq_id": o.hf_seq_id, "out_trans_id": o.out_trans_id,
            "party_order_id": o.party_order_id, "trans_amt": yuan(o.trans_amt),
            "pay_amt": yuan(if o.trans_stat == "S" { o.trans_amt } else { 0 }),
            "settlement_amt": yuan(settle), "end_time": clock::ymdhms(end), "acct_date": clock::ymd(end),
            "trans_stat": o.trans_stat, "fee_flag": 2, "fee_amount": yuan(o.fee_amt), "fee_amt": yuan(o.fee_amt),
            "fee_formula_infos": json!([{"fee_formula": fee_formula(&o.fee_rate), "fee_type": "TRANS_FEE", "huifu_id": o.huifu_id}]).to_string(),
            "is_div": if o.split.is_empty() { "0" } else { "1" }, "is_delay_acct": if o.delay_acct_flag == "Y" { "1" } else { "0" },
            "bank_code": o.bank_code, "bank_message": o.bank_message, "notify_type": notify_type,
            "debit_type": "0", "atu_sub_mer_id": o.huifu_id,
        });
        if !o.split.is_empty() {
            p["acct_split_bunch"] = json!(o.split);
        }
        if !o.remark.is_empty() {
            p["remark"] = json!(o.remark);
        }
        if o.pay_channel == "T" {
            p["wx_response"] =
                json!(json!({"sub_appid": o.sub_appid, "sub_openid": o.sub_openid, "bank_type": "OTHERS"}).to_string());
        }
        if !o.devs_id.is_empty() {
            p["devs_id"] = json!(o.devs_id);
        }
        notices::send(s, "trade", &o.hf_seq_id, &o.notify_url, Slot::RespData, &p, &o.req_seq_id);
    }
}

/// Orders that expired become `F`; payments waiting for a password finish.
pub fn tick(s: &Shared, w: &mut World, now: Millis) {
    let due: Vec<String> =
        w.orders.values().filter(|o| o.password_due.is_some_and(|t| t <= now)).map(|o| o.hf_seq_id.clone()).collect();
    for hf in due {
        if let Some(o) = w.orders.get_mut(&hf) {
            o.expire_at = o.expire_at.max(now + 1);
        }
        let _ = finish_payment(s, w, &hf, now);
    }
    let expired: Vec<String> = w
        .orders
        .values()
        .filter(|o| o.trans_stat == "P" && o.password_due.is_none() && o.expire_at <= now)
        .map(|o| o.hf_seq_id.clone())
        .collect();
    for hf in expired {
        if let Some(o) = w.orders.get_mut(&hf) {
            o.trans_stat = "F".into();
            o.closed_by = "expired".into();
            o.bank_message = "订单已超时关闭".into();
            o.end_at = Some(o.expire_at);
            persist(&s.store, &*o);
        }
    }
}
