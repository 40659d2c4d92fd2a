//! Pay, query and cancel as seed 002 §3.1, §3.5, §3.6 describe them, checked field by field.

use serde_json::{json, Map, Value};

use super::state::{self, Order};
use super::{text, ALREADY_PAID, BAD_PARAM, DUPLICATE, NOT_FOUND};
use crate::clock::ymdhms;
use crate::Shared;

/// The actions of seed §3.1.2.
pub const ACTIONS: &[&str] = &["WxCode", "WxSao", "WxJsApi", "WxH5", "AliCode", "AliSao", "QQCode", "QQSao", "USao"];
/// 反扫: the merchant scanned the payer's code and sends it in `code`.
pub const REVERSE_SCAN: &[&str] = &["WxCode", "AliCode", "QQCode"];

/// `resultmsg` for a resultcode (seed §3.4.3).
pub fn result_msg(code: &str) -> &'static str {
    match code {
        "0000" => "交易成功",
        "1001" => "未支付",
        "1002" => "交易处理中",
        "1003" => "交易失败",
        "1004" => "协查调单",
        _ => "",
    }
}

/// Nobody has paid yet (new orders carry no resultcode; 1001 from older sandbox data reads the same).
pub fn is_unpaid(resultcode: &str) -> bool {
    resultcode.is_empty() || resultcode == "1001"
}

fn bad(msg: &str) -> Value {
    json!({"respcode": BAD_PARAM, "respmsg": msg})
}

/// `txnamt` is `int` in the seed: a JSON integer, positive. A string is refused.
fn txnamt(m: &Map<String, Value>) -> Result<i64, Value> {
    match m.get("txnamt") {
        Some(Value::Number(n)) => n.as_i64().filter(|a| *a > 0).ok_or_else(|| bad("txnamt须为正整数(分)")),
        Some(Value::String(_)) => Err(bad("txnamt须为int类型(分),不是字符串")),
        _ => Err(bad("txnamt必填")),
    }
}

fn is_url(u: &str) -> bool {
    u.starts_with("http://") || u.starts_with("https://")
}

/// `/api/mpgateway`. Returns the answer and, for a reverse scan paid at once, the orderid to notify.
pub fn pay_order(s: &Shared, m: &Map<String, Value>) -> (Value, Option<String>) {
    match checked_pay(s, m) {
        Ok((v, paid)) => (v, paid),
        Err(v) => (v, None),
    }
}

fn checked_pay(s: &Shared, m: &Map<String, Value>) -> Result<(Value, Option<String>), Value> {
    let action = text(m, "action");
    if !ACTIONS.contains(&action.as_str()) {
        return Err(bad(&format!("action {action} 不支持")));
    }
    let amount = txnamt(m)?;
    let orderid = text(m, "orderid");
    if !(8..=32).contains(&orderid.len()) || !orderid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad("orderid须为8-32位字母数字"));
    }
    let backurl = text(m, "backurl");
    if !is_url(&backurl) {
        return Err(bad("backurl必填,须为http(s)地址"));
    }
    let fronturl = text(m, "fronturl");
    if !fronturl.is_empty() && (action != "WxJsApi" || !is_url(&fronturl)) {
        return Err(bad("fronturl仅WxJsApi支持,须为http(s)地址"));
    }
    let code = text(m, "code");
    let reverse = REVERSE_SCAN.contains(&action.as_str());
    if reverse && code.trim().is_empty() {
        return Err(bad(&format!("{action}为反扫,须上送code(付款码)")));
    }
    if !reverse && !code.is_empty() {
        return Err(bad(&format!("{action}不是反扫,不接受code")));
    }
    if action == "WxJsApi" && text(m, "openid").is_empty() {
        return Err(bad("WxJsApi须上送openid"));
    }
    if action == "WxH5" && text(m, "ip").parse::<std::net::IpAddr>().is_err() {
        return Err(bad("WxH5须上送用户真实ip"));
    }
    let mut w = s.mpg.lock();
    if w.orders.contains_key(&orderid) {
        return Err(json!({"respcode": DUPLICATE.0, "respmsg": DUPLICATE.1, "orderid": orderid}));
    }
    let now = s.clock.now_ms();
    let seq = w.next(&s.store);
    let queryid = format!("MP{}{seq:06}", ymdhms(now));
    // formaction: QR content for 正扫, the H5 page, the WxJsApi PayId; nothing for 反扫.
    let formaction = match action.as_str() {
        "WxSao" => format!("weixin://wxpay/bizpayurl?pr={queryid}"),
        "AliSao" => format!("https://qr.alipay.com/{queryid}"),
        "QQSao" => format!("https://qpay.qq.com/qr/{queryid}"),
        "USao" => format!("https://qr.95516.com/{queryid}"),
        "WxH5" => format!("{}/sandbox/mpgateway/orders/{orderid}", s.base_url),
        "WxJsApi" => format!("JSAPI{queryid}"),
        _ => String::new(),
    };
    // A scanned code pays at once (the sandbox's payer always has funds).
    let (resultcode, paytime) = if reverse { ("0000", ymdhms(now)) } else { ("", String::new()) };
    let o = Order {
        orderid: orderid.clone(),
        queryid: queryid.clone(),
        action: action.clone(),
        txnamt: amount,
        resultcode: resultcode.into(),
        backurl,
        fronturl,
        formaction: formaction.clone(),
        paytime,
        cancelled: false,
        code,
    };
    state::save(&s.store, &o);
    w.orders.insert(orderid.clone(), o);
    let mut v = json!({"respcode": "00", "respmsg": "成功", "txnamt": amount, "merid": s.mpg.creds.merid, "orderid": orderid, "queryid": queryid});
    if !formaction.is_empty() {
        v["formaction"] = formaction.into();
    }
    Ok((v, reverse.then_some(orderid)))
}

/// An order as query shows it (seed §3.5.4): no resultcode and no paytime until someone pays.
pub fn order_view(s: &Shared, o: &Order) -> Value {
    let code = if is_unpaid(&o.resultcode) { "" } else { o.resultcode.as_str() };
    json!({"respcode": "00", "respmsg": "成功", "resultcode": code, "resultmsg": result_msg(code), "queryid": o.queryid,
           "txnamt": o.txnamt, "merid": s.mpg.creds.merid, "orderid": o.orderid, "paytime": o.paytime})
}

/// Finds an order by `queryid` when it is sent (then `orderid` is ignored, seed §3.5.3) or by `orderid`.
fn find<'a>(w: &'a mut state::World, m: &Map<String, Value>) -> Result<&'a mut Order, Value> {
    let (queryid, orderid) = (text(m, "queryid"), text(m, "orderid"));
    if queryid.is_empty() && orderid.is_empty() {
        return Err(bad("queryid和orderid至少传一个"));
    }
    let not_found = json!({"respcode": NOT_FOUND.0, "respmsg": NOT_FOUND.1, "orderid": orderid, "queryid": queryid});
    if !queryid.is_empty() {
        return w.orders.values_mut().find(|o| o.queryid == queryid).ok_or(not_found);
    }
    w.orders.get_mut(&orderid).ok_or(not_found)
}

/// `/api/query`.
pub fn query(s: &Shared, m: &Map<String, Value>) -> Value {
    let mut w = s.mpg.lock();
    match find(&mut w, m) {
        Ok(o) => {
            let o = o.clone();
            drop(w);
            order_view(s, &o)
        }
        Err(v) => v,
    }
}

/// `/api/cancel`: an unpaid order is cancelled (resultcode 1003); a paid or held one is refused.
pub fn cancel(s: &Shared, m: &Map<String, Value>) -> Value {
    let mut w = s.mpg.lock();
    let o = match find(&mut w, m) {
        Ok(o) => o,
        Err(v) => return v,
    };
    if !is_unpaid(&o.resultcode) && o.resultcode != "1003" {
        return json!({"respcode": ALREADY_PAID.0, "respmsg": ALREADY_PAID.1, "orderid": o.orderid, "queryid": o.queryid});
    }
    if !o.cancelled {
        o.resultcode = "1003".into();
        o.cancelled = true;
        state::save(&s.store, o);
    }
    json!({"respcode": "00", "respmsg": "撤销成功", "queryid": o.queryid, "txnamt": o.txnamt, "merid": s.mpg.creds.merid, "orderid": o.orderid})
}
