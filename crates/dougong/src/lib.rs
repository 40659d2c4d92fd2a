//! Huifu dougong (斗拱) v2 client.
//!
//! Layers, each usable on its own:
//! - [`keys`]: RSA keys in Huifu's bare base64 form or PEM; SHA256withRSA sign/verify; §2.9 encryption.
//! - [`canonical`]: the exact strings that get signed (spec §2.3, §2.4, §2.6).
//! - [`verify`]: verification of a synchronous response body (raw `data` bytes first, then fallbacks).
//! - [`wire`]: envelopes for both sides (client signing, server verification and signed answers),
//!   JSON-in-a-string fields ([`wire::JsonStr`]), tolerant enums, field checks.
//! - [`client`]: `Client::builder()…build()`, the [`Endpoint`] trait, `send` / `prepare` + `send_prepared`
//!   (desk journals the prepared body before sending), `call_raw` for developer tools.
//! - [`money`]: integer fen; yuan strings only at the wire edge. [`codes`]: response codes and hints.
//! - [`notify`]: asynchronous notifications: verify, decode, acknowledge.
//! - Endpoints, one module per job: [`onboarding`] (picture upload, ent/indv, application status),
//!   [`modify`] (basic data change), [`merchant`] (detail query),
//!   [`busi`] (open/modify, split config inside), [`realname`] (WeChat, Alipay, merchant numbers),
//!   [`wxconfig`], [`terminal`], [`split`] (legacy standalone), [`trade`] (jspay, micropay, query, close),
//!   [`refund`], [`cashout`] (withdraw, balance), [`bill`].

pub mod bill;
pub mod busi;
pub mod canonical;
pub mod cashout;
pub mod client;
pub mod codes;
pub mod error;
pub mod ids;
pub mod keys;
pub mod merchant;
pub mod modify;
pub mod money;
pub mod notify;
pub mod onboarding;
mod rawjson;
pub mod realname;
pub mod refund;
mod signer;
pub mod split;
pub mod terminal;
pub mod trade;
pub mod verify;
pub mod wire;
pub mod wxconfig;

#[cfg(feature = "client")]
pub use client::{Client, ClientBuilder};
pub use client::{Endpoint, Prepared};
pub use error::{Error, FieldError};
pub use money::Fen;
