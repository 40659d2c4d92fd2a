//! Building dougong asynchronous notifications (spec §3): a form body with the gateway envelope
//! `resp_code=10000`, `resp_desc`, the business JSON in `resp_data` (trades, refunds, withdrawals) or
//! `data` (audit and business-open results), and `sign` over exactly that JSON text, which the sandbox
//! writes with every object sorted so raw-text and re-sorting verifiers both accept it.

use serde_json::Value;

use crate::notify::Outgoing;
use crate::Shared;

/// The gateway envelope code of a notification (spec §3.1: the docs show `10000`). Not the business
/// outcome, which is `resp_code` inside the JSON.
pub const NOTIFY_OK: &str = "10000";

/// Where the business JSON goes in the form.
#[derive(Debug, Clone, Copy)]
pub enum Slot {
    /// `resp_data` (trade, refund, withdrawal results).
    RespData,
    /// `data` (audit and per-business results).
    Data,
}

/// Queues a notification to `url` (skipped when empty). `ack_id` is what follows `RECV_ORD_ID_` in the
/// acknowledgement the receiver must answer.
pub fn send(
    s: &Shared,
    kind: &'static str,
    about: &str,
    url: &str,
    slot: Slot,
    payload: &Value,
    ack_id: &str,
) -> Option<String> {
    if url.trim().is_empty() {
        return None;
    }
    let field = match slot {
        Slot::RespData => "resp_data",
        Slot::Data => "data",
    };
    let text = super::canonical::response_text(payload);
    let sign = s.platform.sign(&text);
    let envelope =
        [("resp_code", NOTIFY_OK), ("resp_desc", "成功调用"), (field, text.as_str()), ("sign", sign.as_str())];
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(envelope).finish();
    Some(s.outbox.send(Outgoing::form("dougong", kind, about, url, body, format!("RECV_ORD_ID_{ack_id}"))))
}
