//! The one normalised state of an order or a withdrawal, whatever the acquirer. It sits below the
//! services and the acquiring interface, which both speak it. A refund has its own vocabulary
//! ([`crate::services::refund::RefundState`]); an acquirer's refund answer is read through this one.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The one normalised state of an order or a withdrawal (and of an acquirer's raw refund answer before it
/// becomes a [`crate::services::refund::RefundState`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TradeState {
    /// Created, waiting for the payer (orders) or in progress (refunds).
    Pending,
    /// Paid (orders) or refunded (refunds).
    Success,
    /// Failed.
    Failed,
    /// Closed or cancelled before payment.
    Closed,
    /// Held by the acquirer for an investigation (MD5 gateway `1004` 协查调单): neither paid nor failed
    /// until the acquirer releases it.
    Hold,
    /// A state this desk does not know; see `raw_status`.
    Unknown,
}

/// The state's code as stored in desk's tables and shown in notification effects (`pending`...).
pub(crate) fn state_str(s: TradeState) -> &'static str {
    match s {
        TradeState::Pending => "pending",
        TradeState::Success => "success",
        TradeState::Failed => "failed",
        TradeState::Closed => "closed",
        TradeState::Hold => "hold",
        TradeState::Unknown => "unknown",
    }
}

/// A stored code back into the state; an unknown code is [`TradeState::Unknown`].
pub(crate) fn parse_state(s: &str) -> TradeState {
    match s {
        "pending" => TradeState::Pending,
        "success" => TradeState::Success,
        "failed" => TradeState::Failed,
        "closed" => TradeState::Closed,
        "hold" => TradeState::Hold,
        _ => TradeState::Unknown,
    }
}

/// What a verified dougong payment or refund notification says of a write made here: its trans_stat
/// (S/F/P) and Huifu's id for it (`hf_seq_id`, may be empty).
pub(crate) struct StatNotice<'a> {
    pub req_seq_id: &'a str,
    pub trans_stat: &'a str,
    pub hf_seq_id: &'a str,
}
