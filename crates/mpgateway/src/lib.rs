//! Client of the legacy aggregated MD5 gateway ("mpgateway", spec v1.0.4), spec other-gateways §2.
//!
//! - [`sign`]: `req = base64(JSON)`, `sign = md5(req + key)` lowercase; percent-encoding only at transport.
//! - [`wire`]: answers `{"resp","sign"}` and notifications `resp=..&sign=..`, checked the same way.
//! - [`actions`]: pay (nine actions), query, cancel, notification content. Amounts are `i64` fen.
//! - [`codes`]: respcode `00`, resultcodes 0000/1001–1004 and the paid reading (a setting).
//!
//! Where the spec is ambiguous, the reading chosen and the settings are listed in README.md.

pub mod actions;
pub mod client;
pub mod codes;
pub mod error;
pub mod sign;
pub mod wire;

pub use actions::{Action, AmountEncoding, Cancel, CancelOutput, Notification, Pay, PayOutput, Query, QueryOutput};
#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use client::{Prepared, Settings};
pub use codes::{Outcome, PaidReading, NOTIFY_ACK};
pub use error::{Error, FieldError};
pub use sign::{MerchantKey, SignCase};
