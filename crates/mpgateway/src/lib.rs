//! Client of the legacy aggregated MD5 gateway ("mpgateway", spec v1.0.4), spec other-gateways §2.
//!
//! - [`sign`]: `req = base64(JSON)`, `sign = md5(req + key)` lowercase; percent-encoding only at transport.
//! - [`wire`]: answers `{"resp","sign"}` and notifications `resp=..&sign=..`, checked the same way.
//! - [`actions`]: pay (nine actions; the 反扫 ones carry the payer's `code`). Amounts are `i64` fen.
//! - [`query`]: query and cancel by `queryid` (wins) or `orderid`; notification content; empty fields.
//! - [`wxjsapi`]: the WxJsApi steps, `/wxjsapi/openid.html` and `/wxjsapi/gopay.html`.
//! - [`codes`]: respcode classification, resultcodes 0000/1001–1004 (1004 a hold), the paid reading.
//!
//! Where the seed (002) is silent, the reading chosen and the settings are listed in README.md.

pub mod actions;
pub mod client;
pub mod codes;
pub mod error;
pub mod query;
pub mod sign;
pub mod wire;
pub mod wxjsapi;

pub use actions::{Action, AmountEncoding, OrderOutput, Pay, PayOutput};
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use client::{Prepared, Settings};
pub use codes::{CodeClass, CodeMap, Outcome, PaidReading, NOTIFY_ACK};
pub use error::{Error, FieldError};
pub use query::{Cancel, CancelOutput, Notification, OrderKey, Query, QueryOutput};
pub use sign::{MerchantKey, SignCase};
pub use wxjsapi::PayIdField;
