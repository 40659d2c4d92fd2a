//! The typed IPC: one list of commands that registers the handlers and emits the TS command map.

pub mod error;
pub mod schema;

pub use error::{IpcError, IpcResult};
