//! Dougong behind the acquiring interface. Orders and refunds are the dougong trade services' job (desk's
//! dougong order/refund services, being built by the trade work); this file will call them, never the
//! endpoints directly, so that one write has one journal kind. Until they land, those operations say so.
//! Notifications are checked here with dougong's own verifier.

use super::types::{CreateOrderInput, NoticeView, OrderView, RefundInput, RefundView, TradeState};
use crate::error::{Error, ErrorCode};
use crate::profiles::Profile;
use crate::Desk;

/// Products offered in the order form (dougong `trade_type`).
pub const PRODUCTS: &[&str] = &["A_NATIVE", "T_NATIVE", "U_NATIVE", "T_JSAPI", "T_MINIAPP", "A_JSAPI"];

fn pending(what: &str) -> Error {
    Error::new(
        ErrorCode::NotImplemented,
        format!("not implemented yet: dougong {what} through the acquiring page (waits for desk's dougong order/refund services)"),
    )
}

pub(crate) async fn create_order(_: &Desk, _: &Profile, _: &CreateOrderInput) -> Result<OrderView, Error> {
    Err(pending("orders"))
}

pub(crate) async fn query(_: &Desk, _: &Profile, _: &str, _: Option<&str>) -> Result<OrderView, Error> {
    Err(pending("order query"))
}

pub(crate) async fn close(_: &Desk, _: &Profile, _: &str, _: Option<&str>) -> Result<OrderView, Error> {
    Err(pending("close"))
}

pub(crate) async fn refund(_: &Desk, _: &Profile, _: &RefundInput) -> Result<RefundView, Error> {
    Err(pending("refunds"))
}

pub(crate) async fn refund_query(_: &Desk, _: &Profile, _: &str, _: Option<&str>) -> Result<RefundView, Error> {
    Err(pending("refund query"))
}

/// Verifies a trade or refund notification with the profile's Huifu key (spec §3): the raw `resp_data`
/// text is checked, then read. `trans_stat` S/F/P maps to success/failed/pending.
pub(crate) fn verify_notice(desk: &Desk, p: &Profile, body: &[u8]) -> Result<NoticeView, Error> {
    let key = desk.load_huifu_public_key(&p.name)?.ok_or_else(|| {
        Error { field: Some("huifu_public_key".into()), ..Error::new(ErrorCode::KeyMissing, format!("profile {} has no Huifu public key yet", p.name)) }
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
        .map(|a| dougong::Fen::parse_yuan(a).map(|f| f.0).map_err(|e| Error::new(ErrorCode::Decode, format!("amount in the notification: {e}"))))
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
