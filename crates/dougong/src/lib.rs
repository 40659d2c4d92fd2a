//! Huifu dougong (斗拱) v2 client.
//!
//! Layers, each usable on its own:
//! - [`keys`]: RSA keys in Huifu's bare base64 form or PEM; SHA256withRSA sign/verify; §2.9 encryption.
//! - [`canonical`]: the exact strings that get signed (spec §2.3, §2.4, §2.6).
//! - [`verify`]: verification of a synchronous response body (raw `data` bytes first, then fallbacks).

pub mod canonical;
pub mod bills;
pub mod busi;
pub mod client;
pub mod codes;
pub mod error;
pub mod ids;
pub mod keys;
pub mod money;
pub mod notify;
pub mod onboarding;
pub mod realname;
pub mod refund;
pub mod settlement;
pub mod split;
pub mod terminal;
mod rawjson;
pub mod trade;
pub mod verify;
pub mod wire;
pub mod wxconfig;

pub use client::{Client, ClientBuilder, Endpoint, Prepared};
pub use error::{Error, FieldError};
pub use money::Fen;
