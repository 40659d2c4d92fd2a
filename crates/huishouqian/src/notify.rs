//! Asynchronous notifications (`method=CALLBACK`), spec §1.6: verify with the platform key, decode as a
//! payment or a refund, answer with [`ACK`] once handled.

use serde_json::Value;

use crate::error::Error;
use crate::keys::{PlatformKey, SignKey};
use crate::methods::{QueryOutput, RefundQueryOutput};
use crate::wire;

/// The plain-text body that tells the platform the notification was handled (anything else = retry).
pub const ACK: &str = wire::NOTIFY_ACK;

/// A verified notification.
#[derive(Debug, Clone, PartialEq)]
pub enum Notification {
    /// A payment result (fields as in an order query).
    Payment(QueryOutput),
    /// A refund result (fields as in a refund query; carries `origTransNo`).
    Refund(RefundQueryOutput),
}

impl Notification {
    /// Verifies and decodes a form-encoded body (POST) or query string (GET). A bad or missing signature is
    /// `Error::Signature`: answer anything but [`ACK`] and never act on it.
    pub fn from_body(body: &[u8], platform: &PlatformKey, sign_key: &SignKey) -> Result<Notification, Error> {
        let v = wire::verify_notification_body(body, platform, sign_key)?;
        Self::from_content(v.content)
    }

    /// Verifies and decodes already-split form fields.
    pub fn from_fields(
        fields: &[(String, String)],
        platform: &PlatformKey,
        sign_key: &SignKey,
    ) -> Result<Notification, Error> {
        let v = wire::verify_notification_fields(fields, platform, sign_key)?;
        Self::from_content(v.content)
    }

    fn from_content(content: Value) -> Result<Notification, Error> {
        let is_refund = content.get("origTransNo").is_some_and(|v| !v.is_null());
        let decode = |e: serde_path_to_error::Error<serde_json::Error>| Error::Decode {
            path: format!("signContent.{}", e.path()),
            message: e.into_inner().to_string(),
        };
        if is_refund {
            serde_path_to_error::deserialize(content).map(Notification::Refund).map_err(decode)
        } else {
            serde_path_to_error::deserialize(content).map(Notification::Payment).map_err(decode)
        }
    }

    /// The merchant number the notification is about (the order's or the refund's transNo).
    pub fn trans_no(&self) -> &str {
        match self {
            Notification::Payment(p) => &p.trans_no,
            Notification::Refund(r) => &r.trans_no,
        }
    }
}
