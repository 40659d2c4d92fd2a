//! The error type, shared with the 慧收钱 client (crates/gateway-http): transport with "may have been
//! sent", signature, pre-check refusal, business, decode, invalid field.

pub use gateway_http::{Error, FieldError};
