//! The one error type of the client, shaped like the other acquirers' (transport with "may have been
//! sent", signature, business, decode, invalid field).

/// A request field that failed validation before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    /// The wire name of the field (`txnamt`, `orderid`).
    pub field: String,
    pub reason: String,
}

impl FieldError {
    /// A field error; `field` is the wire name.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason: reason.into() }
    }
}

/// Everything a gateway call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection failed; `sent` says whether the request may have been sent (then reconcile by query).
    #[error("transport error ({}): {message}", if *sent { "request may have been sent" } else { "request not sent" })]
    Transport { sent: bool, message: String },
    /// No answer in time.
    #[error("timed out ({})", if *sent { "request may have been sent" } else { "before the request was sent" })]
    Timeout { sent: bool },
    /// A non-2xx HTTP status without a signed body.
    #[error("HTTP {status} from the gateway: {body}")]
    Http { status: u16, body: String },
    /// The answer's or notification's md5 sign is missing or wrong. Never a result.
    #[error("signature check failed: {reason}")]
    Signature { reason: String },
    /// A pre-check refusal (seed §2.2): the answer's `sign` is empty because the gateway could not find
    /// the caller's key (e.g. an unknown `merid`), so it processed nothing. Carries `respcode` / `respmsg`
    /// as the gateway gave them. Only refusals are taken unsigned: an unsigned `00` is a `Signature` error.
    #[error(
        "{code} {message} (unsigned pre-check refusal: the gateway could not check the request, nothing was processed)"
    )]
    PreCheck { code: String, message: String },
    /// The gateway refused (`respcode` other than `00`).
    #[error("{code} {message}{}", hint.map(|h| format!(" (hint: {h})")).unwrap_or_default())]
    Business { code: String, message: String, hint: Option<&'static str> },
    /// The answer verified but has an unexpected shape; `path` is the JSON path.
    #[error("cannot decode the answer at {path}: {message}")]
    Decode { path: String, message: String },
    /// Bad input, stopped before sending.
    #[error("invalid request: {0}")]
    Invalid(#[from] FieldError),
}

impl Error {
    /// True when the request may have reached the gateway, so a write must be reconciled by query.
    pub fn may_have_been_sent(&self) -> bool {
        match self {
            Error::Transport { sent, .. } | Error::Timeout { sent } => *sent,
            Error::Invalid(_) => false,
            Error::Http { .. }
            | Error::Signature { .. }
            | Error::Business { .. }
            | Error::PreCheck { .. }
            | Error::Decode { .. } => true,
        }
    }
}
