//! The typed IPC: one list of commands that registers the handlers and emits the TS command map.

pub mod error;
// Used by the bindings test (and the command list that feeds it); nothing at run time reads it.
#[cfg_attr(not(test), allow(dead_code))]
pub mod schema;

pub use error::{IpcError, IpcResult};
