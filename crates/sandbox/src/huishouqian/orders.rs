//! Query, close, refund and refund query, answering with seed 003's codes. Where the seed leaves the choice
//! open (which of its codes each method uses) the sandbox's picks are listed in README.md:
//! query not found `100206`, close / refund of an unknown order `200004`, refund query not found `100211`,
//! duplicate number `200003`, close succeeded `200017`, close of a paid order `300401`, a closed order's
//! state `100207` 交易已取消, an expired one `100204`, a failed payment `100203`, refund over the refundable
//! amount `100501`, original amount mismatch `200005`, refund of an unpaid order `200002`. A SUCCESS order
//! carries no respCode: the seed names none for it.

use serde_json::{json, Map, Value};

use super::fields::{self, amount, opt_str, req_str};
use super::outcome::{refusal, text, Outcome};
use super::state::{save_order, save_refund, Order, Refund, World};
use crate::clock::{ymdhms, Millis};
use crate::Shared;

/// A respCode / respMsg as the answer carries it: absent when the sandbox has none to give.
fn code_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_string())
    }
}

/// An order as query and notification show it. Amounts are strings of fen (seed 003).
pub fn order_json(o: &Order) -> Value {
    let paid = o.status == "SUCCESS";
    json!({
        "transNo": o.trans_no, "tradeNo": o.trade_no, "orderAmt": o.order_amt.to_string(), "orderStatus": o.status,
        "finishedDate": o.finished_date, "respCode": code_or_null(&o.resp_code), "respMsg": code_or_null(&o.resp_msg),
        "payType": o.pay_type, "goodsInfo": o.goods_info, "requestDate": o.request_date,
        "buyerName": if paid { "沙箱买家" } else { "" }, "channelOrderNo": o.channel_order_no,
        "payOrderNo": if paid { format!("PO{}", o.trade_no) } else { String::new() },
        "fundChannel": "", "fundBankCode": "", "extend": o.extend, "memo": o.memo,
    })
}

/// A refund as refund query and notification show it.
pub fn refund_json(r: &Refund) -> Value {
    json!({
        "transNo": r.trans_no, "origTransNo": r.orig_trans_no, "tradeNo": r.trade_no, "orderAmt": r.order_amt.to_string(),
        "orderStatus": r.status, "finishedDate": r.finished_date, "respCode": code_or_null(&r.resp_code),
        "respMsg": code_or_null(&r.resp_msg), "extend": r.extend,
    })
}

/// Marks an order paid or failed (the pay control).
pub fn finish(o: &mut Order, success: bool, now: Millis) {
    o.status = if success { "SUCCESS" } else { "FAIL" }.into();
    (o.resp_code, o.resp_msg) =
        if success { (String::new(), String::new()) } else { ("100203".into(), "交易失败".into()) };
    o.finished_date = ymdhms(now);
}

pub fn query(w: &World, m: &Map<String, Value>) -> Value {
    let trans_no = text(m, "transNo");
    match w.orders.get(&trans_no) {
        Some(o) => order_json(o),
        None => json!({"transNo": trans_no, "respCode": "100206", "respMsg": "订单不存在"}),
    }
}

/// Closes an order nobody paid: `200017` 订单关闭成功 (the order then reads FAIL / `100207` 交易已取消).
pub fn close(s: &Shared, w: &mut World, m: &Map<String, Value>, now: Millis) -> Value {
    let trans_no = text(m, "transNo");
    let Some(o) = w.orders.get_mut(&trans_no) else {
        return json!({"transNo": trans_no, "respCode": "200004", "respMsg": "订单不存在"});
    };
    match (o.status.as_str(), o.resp_code.as_str()) {
        ("SUCCESS", _) => {
            return json!({"transNo": trans_no, "orderStatus": o.status, "respCode": "300401", "respMsg": "交易非法,订单已完成"})
        }
        ("FAIL", "100207") => {}
        ("FAIL", _) => {
            return json!({"transNo": trans_no, "orderStatus": o.status, "respCode": "100208", "respMsg": "订单已失败"})
        }
        _ => {
            o.status = "FAIL".into();
            (o.resp_code, o.resp_msg) = ("100207".into(), "交易已取消".into());
            o.finished_date = ymdhms(now);
            save_order(&s.store, o);
        }
    }
    json!({"transNo": trans_no, "orderStatus": o.status, "respCode": "200017", "respMsg": "订单关闭成功"})
}

pub fn refund(s: &Shared, w: &mut World, m: &Map<String, Value>, now: Millis) -> Outcome {
    let checked = (|| -> Result<_, fields::Bad> {
        let trans_no = req_str(m, "transNo", 64)?;
        let orig = req_str(m, "origTransNo", 64)?;
        let amt = amount(m, "orderAmt")?;
        let orig_amt = amount(m, "origOrderAmt")?;
        req_str(m, "requestDate", 14)?;
        opt_str(m, "refundReason", 128)?;
        let return_url = opt_str(m, "returnUrl", 128)?.unwrap_or_default();
        let extend = opt_str(m, "extend", 128)?.unwrap_or_default();
        Ok((trans_no, orig, amt, orig_amt, return_url, extend))
    })();
    let (trans_no, orig, amt, orig_amt, return_url, extend) = checked?;
    if w.refunds.contains_key(&trans_no) || w.orders.contains_key(&trans_no) {
        return refusal("200003", "订单号已存在,请勿重复提交", &trans_no);
    }
    let Some(o) = w.orders.get_mut(&orig) else { return refusal("200004", "订单不存在", &trans_no) };
    if orig_amt != o.order_amt {
        return refusal("200005", "原订单金额校验不通过", &trans_no);
    }
    if o.status != "SUCCESS" {
        return refusal("200002", "非法的交易: 原订单未支付成功,不能退款", &trans_no);
    }
    if o.refunded + amt > o.order_amt {
        return refusal("100501", "交易金额超限: 退款金额超过可退金额", &trans_no);
    }
    o.refunded += amt;
    save_order(&s.store, o);
    let seq = w.next(&s.store);
    let r = Refund {
        trans_no: trans_no.clone(),
        orig_trans_no: orig,
        trade_no: format!("HSQR{}{seq:06}", ymdhms(now)),
        order_amt: amt,
        status: "PROCESSING".into(),
        resp_code: "100201".into(),
        resp_msg: "交易处理中,请稍后查询".into(),
        return_url,
        extend,
        finished_date: String::new(),
        settle_at: now + i64::try_from(s.cfg.timing.settle.as_millis()).unwrap_or(0),
    };
    save_refund(&s.store, &r);
    let mut out = refund_json(&r);
    out["merchantNo"] = json!(s.hsq.creds.merchant_no);
    w.refunds.insert(trans_no, r);
    Ok(out)
}

pub fn refund_query(w: &World, m: &Map<String, Value>) -> Value {
    let trans_no = text(m, "transNo");
    match w.refunds.get(&trans_no) {
        Some(r) => refund_json(r),
        None => json!({"transNo": trans_no, "respCode": "100211", "respMsg": "交易记录不存在"}),
    }
}
