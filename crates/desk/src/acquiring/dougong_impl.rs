//! Dougong behind the acquiring interface. Orders and refunds go through desk's dougong trade services
//! ([`crate::services::trade`], [`crate::services::refund`]), never the endpoints directly, so one write
//! has one journal kind and one local record. The order number is the trade's req_seq_id, the refund
//! number the refund's; `merchant` is the huifu_id (default: the profile's sys_id). Notifications are
//! checked here with dougong's own verifier.

use super::types::{CreateOrderInput, NoticeView, OrderView, RefundInput, RefundView, TradeState};
use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Profile};
use crate::services::refund::{RefundForm, RefundRecord, RefundState};
use crate::services::trade::close::CloseForm;
use crate::services::trade::{QrOrderForm, TradeRecord, TradeRef};
use crate::Desk;

/// Products offered in the order form (dougong `trade_type`).
pub const PRODUCTS: &[&str] = &["A_NATIVE", "T_NATIVE", "U_NATIVE", "T_JSAPI", "T_MINIAPP", "A_JSAPI"];

fn merchant_of(p: &Profile, merchant: Option<&str>) -> String {
    merchant.filter(|m| !m.trim().is_empty()).map(str::to_string).unwrap_or_else(|| p.sys_id.clone())
}

fn order_view(t: &TradeRecord) -> OrderView {
    OrderView {
        acquirer: Acquirer::Dougong,
        order_no: t.req_seq_id.clone(),
        platform_no: t.hf_seq_id.clone(),
        amount_fen: t.amount_fen,
        state: t.state,
        raw_status: t.trans_stat.clone(),
        message: Some(t.message.clone()).filter(|m| !m.is_empty()),
        qr: t.qr_code.clone(),
        payer_link: None,
        mini_program: None,
    }
}

fn refund_view(r: &RefundRecord) -> RefundView {
    RefundView {
        acquirer: Acquirer::Dougong,
        refund_no: r.req_seq_id.clone(),
        order_no: Some(if r.org_req_seq_id.is_empty() { r.org_hf_seq_id.clone() } else { r.org_req_seq_id.clone() }),
        amount_fen: r.amount_fen,
        state: r.state,
        raw_status: r.state.as_str().to_string(),
        message: Some(r.message.clone()).filter(|m| !m.is_empty()),
    }
}

fn trade_ref(p: &Profile, order_no: &str, merchant: Option<&str>) -> TradeRef {
    TradeRef {
        huifu_id: merchant_of(p, merchant),
        req_seq_id: Some(order_no.to_string()),
        req_date: None,
        hf_seq_id: None,
    }
}

pub(crate) async fn create_order(desk: &Desk, p: &Profile, input: &CreateOrderInput) -> Result<OrderView, Error> {
    let form = QrOrderForm {
        req_seq_id: Some(input.order_no.clone()),
        huifu_id: merchant_of(p, input.merchant.as_deref()),
        trade_type: Some(input.product.clone()),
        amount_fen: Some(input.amount_fen),
        goods_desc: Some(input.goods.clone()),
        notify_url: input.notify_url.clone(),
        payer_id: input.payer_id.clone(),
        app_id: input.app_id.clone(),
        ..Default::default()
    };
    let o = desk.create_qr_order(p, form).await.map_err(|e| match e.field.as_deref() {
        Some("amount") => Error { field: Some("amountFen".into()), ..e },
        Some("trade_type") => Error { field: Some("product".into()), ..e },
        _ => e,
    })?;
    Ok(order_view(&o.trade))
}

pub(crate) async fn query(
    desk: &Desk,
    p: &Profile,
    order_no: &str,
    merchant: Option<&str>,
) -> Result<OrderView, Error> {
    Ok(order_view(&desk.query_trade(p, trade_ref(p, order_no, merchant)).await?))
}

/// Sends the close, then answers the order as the scan query sees it (closed once the close is final;
/// Huifu finishes a close a moment after accepting it).
pub(crate) async fn close(
    desk: &Desk,
    p: &Profile,
    order_no: &str,
    merchant: Option<&str>,
) -> Result<OrderView, Error> {
    let c = desk.close_trade(p, CloseForm { req_seq_id: None, trade: trade_ref(p, order_no, merchant) }).await?;
    let mut v = order_view(&desk.query_trade(p, trade_ref(p, order_no, merchant)).await?);
    if c.state == TradeState::Success {
        v.state = TradeState::Closed;
    } else if v.state == TradeState::Pending {
        v.message = Some(format!("close {} accepted ({}); the order closes shortly", c.req_seq_id, c.trans_stat));
    }
    Ok(v)
}

pub(crate) async fn refund(desk: &Desk, p: &Profile, input: &RefundInput) -> Result<RefundView, Error> {
    let form = RefundForm {
        req_seq_id: Some(input.refund_no.clone()),
        trade: trade_ref(p, &input.order_no, input.merchant.as_deref()),
        amount_fen: input.amount_fen,
        reason: input.reason.clone().unwrap_or_default(),
        note: String::new(),
        split: vec![],
        notify_url: input.notify_url.clone(),
        allow_repeat: input.allow_repeat,
    };
    let r = desk.submit_refund(p, form).await.map_err(|e| match e.field.as_deref() {
        Some("amount") => Error { field: Some("amountFen".into()), ..e },
        _ => e,
    })?;
    Ok(refund_view(&r))
}

pub(crate) async fn refund_query(
    desk: &Desk,
    p: &Profile,
    refund_no: &str,
    merchant: Option<&str>,
) -> Result<RefundView, Error> {
    if desk.refund(p, refund_no)?.is_some() {
        return Ok(refund_view(&desk.refund_status(p, refund_no).await?));
    }
    // A refund made elsewhere: its date is in a desk-style number, else it cannot be asked for.
    let date = crate::services::trade::date_of_seq(refund_no)
        .ok_or_else(|| Error::invalid("refund_no", "unknown here and carries no req_date; query it by its ids"))?;
    let q = desk.refund_status_remote(p, &merchant_of(p, merchant), refund_no, &date).await?;
    let stat = q.trans_stat.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
    Ok(RefundView {
        acquirer: Acquirer::Dougong,
        refund_no: refund_no.to_string(),
        order_no: None,
        amount_fen: q.ord_amt.map(|f| f.0).unwrap_or(0),
        state: RefundState::of_trade_state(crate::services::trade::trade_state(&stat, false)),
        raw_status: stat,
        message: q.bank_message.clone(),
    })
}

/// Verifies a trade or refund notification with the profile's Huifu key (spec §3): the raw `resp_data`
/// text is checked, then read. `trans_stat` S/F/P maps to success/failed/pending.
pub(crate) fn verify_notice(desk: &Desk, p: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
    let key = desk.load_huifu_public_key(&p.name)?.ok_or_else(|| Error {
        field: Some("huifu_public_key".into()),
        ..Error::new(ErrorCode::KeyMissing, format!("profile {} has no Huifu public key yet", p.name))
    })?;
    let n = dougong::notify::verify_notification(body, &key)?;
    let refund = n.get_str("org_req_seq_id").is_some() || n.get_str("trans_type").is_some_and(|t| t.contains("REFUND"));
    let state = match n.get_str("trans_stat") {
        Some("S") => TradeState::Success,
        Some("F") => TradeState::Failed,
        Some("P") | Some("I") => TradeState::Pending,
        _ => TradeState::Unknown,
    };
    let amount = n
        .get_str("ord_amt")
        .or_else(|| n.get_str("trans_amt"))
        .map(|a| {
            dougong::Fen::parse_yuan(a)
                .map(|f| f.0)
                .map_err(|e| Error::new(ErrorCode::Decode, format!("amount in the notification: {e}")))
        })
        .transpose()?
        .unwrap_or(0);
    Ok(NoticeView {
        acquirer: crate::Acquirer::Dougong,
        kind: if refund { "refund" } else { "payment" }.into(),
        order_no: n.get_str("req_seq_id").unwrap_or_default().to_string(),
        state,
        amount_fen: amount,
        ack: n.ack().unwrap_or_default(),
    })
}
