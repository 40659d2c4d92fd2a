//! Dougong behind the acquiring interface. Orders and refunds are the dougong trade services' job (desk's
//! dougong order/refund services, being built by the trade work); this file will call them, never the
//! endpoints directly, so that one write has one journal kind. Until they land, every operation says so.

use super::types::{CreateOrderInput, NoticeView, OrderView, RefundInput, RefundView};
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

pub(crate) fn verify_notice(_: &Desk, _: &Profile, _: &[u8]) -> Result<NoticeView, Error> {
    Err(pending("notification check"))
}
