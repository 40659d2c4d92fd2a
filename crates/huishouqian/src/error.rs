//! The error type, shared with the MD5 gateway client (crates/gateway-http): refusals (`Business`) stay
//! apart from transport, signature and decode failures; `Transport`/`Timeout` say whether the request may
//! have reached the platform. 慧收钱 never answers `PreCheck` (an MD5-gateway refusal).

pub use gateway_http::{Error, FieldError};
