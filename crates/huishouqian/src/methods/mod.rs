//! One type per `method` (style note 5: endpoint = type): the request names its method and its answer.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::codes::{self, OrderStatus};
use crate::error::FieldError;

pub mod memo;
pub mod pay;
pub mod query;
pub mod refund;

pub use memo::{ChannelOptions, FrontCallback, Memo, Nested, PayerOption};
pub use pay::{BarcodePay, MiniProgram, Pay, PayOutput, PayType, QrCode, WechatJsapiParams};
pub use query::{Close, CloseOutput, OrderOutput, Query, QueryOutput};
pub use refund::{Refund, RefundOutput, RefundQuery, RefundQueryOutput};

/// One 慧收钱 method: the request type names its `method` and its decoded `result`.
pub trait Method: Serialize {
    /// The `method` form field, e.g. `POLYMERIZE_QUERY`.
    const METHOD: &'static str;
    /// The decoded `result` of an accepted answer.
    type Output: DeserializeOwned;
    /// Checks the fields before anything is signed; the error names the wire field.
    fn validate(&self) -> Result<(), FieldError>;
    /// Whether a verified `result` is an answer rather than a refusal. Default: the respCode classifies as
    /// taken (accepted / processing), or the order is in a live state (INIT / PROCESSING / SUCCESS).
    fn is_accepted(result: &Value) -> bool {
        let code = result.get("respCode").and_then(Value::as_str).unwrap_or_default();
        let status = result.get("orderStatus").and_then(Value::as_str).map(OrderStatus::parse);
        codes::is_accepted(code)
            || matches!(status, Some(OrderStatus::Init | OrderStatus::Processing | OrderStatus::Success))
    }
}

/// For the queries: any verified result that carries an `orderStatus` is an answer (a FAIL order is a fact,
/// not a refusal).
pub(crate) fn carries_status(result: &Value) -> bool {
    result.get("orderStatus").and_then(Value::as_str).is_some_and(|s| !s.is_empty())
}

/// Answer fields as both kinds of integration send them (shared with the MD5 gateway client).
pub(crate) use gateway_http::fields::{fen as fen_lenient, text as text_lenient};

/// Amounts go out as strings of digits in fen (seed 003: `string[1,16]`, `"orderAmt":"1"`).
pub(crate) fn fen_text<S: serde::Serializer>(fen: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&fen.to_string())
}

pub(crate) mod check {
    use crate::error::FieldError;

    /// Non-empty, at most `max` characters.
    pub fn required(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        if v.trim().is_empty() {
            return Err(FieldError::new(field, "is required"));
        }
        optional(field, v, max)
    }

    /// At most `max` characters, no control characters (a pasted line break would be signed and stored).
    pub fn optional(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        let n = v.chars().count();
        if n > max {
            return Err(FieldError::new(field, format!("is {n} characters long; at most {max} allowed")));
        }
        if let Some(c) = v.chars().find(|c| c.is_control()) {
            return Err(FieldError::new(field, format!("holds the control character {c:?}")));
        }
        Ok(())
    }

    /// Merchant order numbers: letters, digits, `_` and `-`, 1..=64.
    pub fn trans_no(field: &str, v: &str) -> Result<(), FieldError> {
        required(field, v, 64)?;
        if !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(FieldError::new(field, "only letters, digits, '_' and '-' are allowed"));
        }
        Ok(())
    }

    /// A positive amount in fen that fits the seed's `string[1,16]`.
    pub fn amount(field: &str, fen: i64) -> Result<(), FieldError> {
        if fen <= 0 {
            return Err(FieldError::new(field, "must be a positive amount in fen (1 = 0.01 yuan)"));
        }
        if fen.to_string().len() > 16 {
            return Err(FieldError::new(field, "is longer than 16 digits of fen"));
        }
        Ok(())
    }

    /// `yyyyMMddHHmmss`, digits only, plausible month/day/time.
    pub fn timestamp(field: &str, v: &str) -> Result<(), FieldError> {
        let bad = || FieldError::new(field, "must be yyyyMMddHHmmss (14 digits, Beijing time)");
        if v.len() != 14 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n = |a: usize, b: usize| v[a..b].parse::<u32>().unwrap_or(99);
        if !(1..=12).contains(&n(4, 6))
            || !(1..=31).contains(&n(6, 8))
            || n(8, 10) > 23
            || n(10, 12) > 59
            || n(12, 14) > 59
        {
            return Err(bad());
        }
        Ok(())
    }

    /// An http(s) URL of at most `max` characters.
    pub fn url(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        required(field, v, max)?;
        if !(v.starts_with("http://") || v.starts_with("https://")) {
            return Err(FieldError::new(field, "must be an http:// or https:// URL"));
        }
        Ok(())
    }
}
