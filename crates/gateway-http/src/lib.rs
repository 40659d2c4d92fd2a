//! What the two form-posting acquirer clients (crates/huishouqian, crates/mpgateway) share, written once:
//!
//! - [`error`]: the one error type, whose kinds decide "never sent" (safe to resend) against "may have been
//!   sent" (a write must be reconciled by query first), and the field error of bad input.
//! - [`transport`]: the HTTP POST of a form body with the profile's timeout, connect-only retries and the
//!   mapping of every transport failure onto those kinds.
//! - [`fields`]: lenient readers of answer fields (fen as number or string, empty text as absent) and
//!   the decode with the JSON path of the first mismatch.
//! - [`check`]: checks of client settings, done before anything is built.
//! - [`codes`]: the classes an answer code falls in (taken, not found, already exists, ...).
//!
//! Signing, envelopes and code tables stay in each acquirer's crate: their readings of the specs must not
//! meet here, and the sandbox's simulators never depend on this crate.

pub mod check;
pub mod codes;
pub mod error;
pub mod fields;
#[cfg(feature = "client")]
pub mod transport;

pub use codes::CodeClass;
pub use error::{Error, FieldError};
pub use fields::decode;
#[cfg(feature = "client")]
pub use transport::Transport;
