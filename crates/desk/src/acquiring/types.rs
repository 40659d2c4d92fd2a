//! What the app and the CLI see of an order, a refund and a notification, the same for every acquirer.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::profile::Acquirer;

pub use crate::trade_state::TradeState;

/// Create an order (a QR or JSAPI payment) through the profile's acquirer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderInput {
    /// The merchant order number, fixed when the form opens ([`crate::Desk::new_req_seq_id`]) and reused by
    /// every retry; empty = desk makes one (then a retry is a new order).
    #[serde(default)]
    pub order_no: String,
    /// The product: dougong `trade_type` (e.g. `A_NATIVE`), 慧收钱 `payType` (e.g. `DYNAMIC_ALL`), MD5
    /// gateway `action` (e.g. `WxSao`).
    pub product: String,
    /// Amount in fen.
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// Goods description.
    pub goods: String,
    /// Where the acquirer sends the payment notification.
    pub notify_url: Option<String>,
    /// Payer id (openid / Alipay user id) for JSAPI and mini-program products.
    pub payer_id: Option<String>,
    /// WeChat appid for JSAPI and mini-program products.
    pub app_id: Option<String>,
    /// Payer IP (H5 products).
    pub payer_ip: Option<String>,
    /// The payer's payment code, scanned or typed, for reverse-scan products (MD5 gateway `WxCode`,
    /// `AliCode`, `QQCode`; see [`Capabilities::code_products`]).
    #[serde(default)]
    pub payer_code: Option<String>,
    /// Dougong: the merchant's huifu_id (default: the profile's sys_id). Others: unused.
    #[serde(default)]
    pub merchant: Option<String>,
}

/// An order as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub acquirer: Acquirer,
    pub order_no: String,
    /// The acquirer's own number (tradeNo / queryid / hf_seq_id).
    pub platform_no: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub state: TradeState,
    /// The acquirer's own status text (orderStatus / resultcode / trans_stat).
    pub raw_status: String,
    pub message: Option<String>,
    /// What to render as a QR code, when the product answers one.
    pub qr: Option<String>,
    /// The link the payer opens (MD5 gateway `WxJsApi`: its gopay page; `WxH5`: its H5 page).
    #[serde(default)]
    pub payer_link: Option<String>,
    /// 慧收钱 `WQF_APPLET`: the 微企付 mini-program to open (not a QR).
    #[serde(default)]
    pub mini_program: Option<MiniProgramView>,
}

/// A mini-program to open (慧收钱 WQF_APPLET's answer: `mp_appid`, `mp_path`, `mp_username`, `mp_version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MiniProgramView {
    pub appid: String,
    /// The page path with its query.
    pub path: String,
    /// The original id (`gh_...`).
    pub username: String,
    /// `release`, `trial` or `develop`.
    pub version: String,
}

/// Refund all or part of a paid order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct RefundInput {
    /// The refund's own number, fixed when the dialog opens; empty = desk makes one.
    #[serde(default)]
    pub refund_no: String,
    pub order_no: String,
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// The paid order's amount (慧收钱 wants it in the request).
    #[ts(type = "number")]
    pub order_amount_fen: i64,
    pub reason: Option<String>,
    pub notify_url: Option<String>,
    /// Dougong: the merchant's huifu_id (default: the profile's sys_id). Others: unused.
    #[serde(default)]
    pub merchant: Option<String>,
    /// The person confirmed a repeat of a recent refund of the same order and amount (dougong asks).
    #[serde(default)]
    pub allow_repeat: bool,
}

/// A refund as it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct RefundView {
    pub acquirer: Acquirer,
    pub refund_no: String,
    pub order_no: Option<String>,
    #[ts(type = "number")]
    pub amount_fen: i64,
    pub state: crate::services::refund::RefundState,
    pub raw_status: String,
    pub message: Option<String>,
}

/// What a verified notification says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeView {
    pub acquirer: Acquirer,
    /// `payment` or `refund`.
    pub kind: String,
    /// The order's (or refund's) merchant number.
    pub order_no: String,
    pub state: TradeState,
    #[ts(type = "number")]
    pub amount_fen: i64,
    /// The body to answer the acquirer with once handled (`SUCCESS`, `0000`, `RECV_ORD_ID_...`).
    pub ack: String,
}

/// What an acquirer offers, for forms and pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Capabilities {
    pub acquirer: Acquirer,
    /// Products for the order form.
    pub products: Vec<String>,
    /// `close` (unpaid orders) or `cancel`.
    pub close_kind: String,
    pub refund: bool,
    pub refund_query: bool,
    /// Products that take the payer's payment code ([`CreateOrderInput::payer_code`]).
    pub code_products: Vec<String>,
    /// Products that need the payer's openid / user id ([`CreateOrderInput::payer_id`]).
    pub payer_id_products: Vec<String>,
    /// Products that need a WeChat appid ([`CreateOrderInput::app_id`]).
    pub app_id_products: Vec<String>,
}
