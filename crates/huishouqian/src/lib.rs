//! 慧收钱 (Huishouqian, BaoFoo) acquiring client, spec other-gateways §1.
//!
//! Layers, each usable on its own:
//! - [`keys`]: merchant key from `.pfx` (with password) or PEM, platform key from the `.cer`; SHA256withRSA
//!   in lowercase hex, signature length taken from the key.
//! - [`sign`]: the exact strings that get signed (fixed order, merchant sign key appended).
//! - [`wire`]: the form envelope, the answer check by the result / error string rule, notifications.
//! - [`methods`]: one type per `method`; [`Client`] sends them.
//!
//! Money is `i64` fen throughout; the platform takes fen on the wire too.

pub mod client;
pub mod codes;
pub mod error;
pub mod keys;
pub mod methods;
pub mod notify;
pub mod sign;
pub mod wire;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use codes::OrderStatus;
pub use error::{Error, FieldError};
pub use keys::{KeyError, MerchantKey, PlatformKey, SignKey};
pub use methods::Method;
pub use notify::{Notification, ACK};
