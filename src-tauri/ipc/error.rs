//! The one error shape that crosses the IPC: `{ code, message, … }`. The UI branches on `code`, never on text.

use serde::Serialize;
use ts_rs::TS;

/// Stable codes the UI branches on (one handler in ui/src/ipc/errors.ts). Add a code only when the UI
/// does something different for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A field failed a check before anything was sent; `field` names it.
    InvalidInput,
    /// The acquirer answered and refused; `resp_code` / `resp_desc` / `hint` say why.
    ApiRefused,
    /// The request may or may not have reached the acquirer; desk reconciles it by query.
    Transport,
    /// The answer could not be read or its signature did not verify.
    Decode,
    /// The OS keychain refused or holds no key for the profile.
    Keychain,
    /// A thing named in the request does not exist locally.
    NotFound,
    /// A write against a production profile needs the user's explicit confirmation first.
    ConfirmationRequired,
    /// The page's service has not been built yet (visible on purpose, never a fake success).
    NotImplemented,
    /// Anything else: a bug or a local I/O failure.
    Internal,
}

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
}

impl IpcError {
    /// An error with only a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        IpcError { code, message: message.into(), resp_code: None, resp_desc: None, hint: None, field: None }
    }

    /// A bad input naming the field the UI should mark.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        IpcError { field: Some(field.into()), ..IpcError::new(ErrorCode::InvalidInput, message) }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for IpcError {}

pub type IpcResult<T> = Result<T, IpcError>;
