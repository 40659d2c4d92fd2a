//! The one error shape that crosses the IPC: `{ code, message, … }`. The UI branches on `code`, never on text.
//! The code enum is desk's ([`desk::ErrorCode`]): one definition from the domain to the screen, so a code
//! the UI branches on (key_missing → profiles page, outcome_unknown → "settled by query") is never lost in
//! a mapping.

use serde::Serialize;
use ts_rs::TS;

pub use desk::ErrorCode;

/// A command failure as the UI receives it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub resp_code: Option<String>,
    pub resp_desc: Option<String>,
    pub hint: Option<String>,
    pub field: Option<String>,
    /// The hint's key in the `hint` vocabulary (ui/src/bindings/vocab.ts): the UI says it in its language.
    pub hint_key: Option<String>,
    /// A field problem's key in the `problem` vocabulary, and the values its template names.
    pub key: Option<String>,
    pub params: Vec<(String, String)>,
}

impl IpcError {
    /// An error with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            resp_code: None,
            resp_desc: None,
            hint: None,
            field: None,
            hint_key: None,
            key: None,
            params: Vec::new(),
        }
    }

    /// A bad input naming the field the UI should mark.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        IpcError { field: Some(field.into()), ..IpcError::new(ErrorCode::InvalidInput, message) }
    }
}

impl From<desk::Error> for IpcError {
    fn from(e: desk::Error) -> Self {
        IpcError {
            code: e.code,
            message: e.message,
            resp_code: e.resp_code,
            resp_desc: e.resp_desc,
            hint: e.hint,
            field: e.field,
            hint_key: e.hint_key,
            key: e.key,
            params: e.params,
        }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

pub type IpcResult<T> = Result<T, IpcError>;
