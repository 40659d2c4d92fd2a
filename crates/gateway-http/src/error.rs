//! The one error type of the acquirer clients. Refusals (`Business`, `PreCheck`) stay apart from transport,
//! signature and decode failures; `Transport`/`Timeout` say whether the request may have reached the
//! platform, which decides whether a write must be reconciled by a query before anything else happens.
//! The Display texts are what the user reads (through desk's mapping); keep them stable.

/// A request field that failed validation before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    /// The wire name of the field (`orderAmt`, `memo.openid`, `txnamt`).
    pub field: String,
    /// Plain words: what is wrong and what is expected.
    pub reason: String,
}

impl FieldError {
    /// A field error; `field` is the wire name.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason: reason.into() }
    }
}

/// Everything an acquirer call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection failed. `sent == false`: the request certainly did not reach the server (safe to
    /// retry). `sent == true`: it may have been sent; reconcile by query.
    #[error("transport error ({}): {message}", if *sent { "request may have been sent" } else { "request not sent" })]
    Transport { sent: bool, message: String },
    /// No answer in time. Same meaning of `sent` as in `Transport`.
    #[error("timed out ({})", if *sent { "request may have been sent" } else { "before the request was sent" })]
    Timeout { sent: bool },
    /// A non-2xx HTTP status without a signed body.
    #[error("HTTP {status} from the gateway: {body}")]
    Http { status: u16, body: String },
    /// The answer's or notification's signature is missing or wrong. Never a result.
    #[error("signature check failed: {reason}")]
    Signature { reason: String },
    /// MD5 gateway only (seed §2.2): the answer's `sign` is empty because the gateway could not find the
    /// caller's key (e.g. an unknown `merid`), so it processed nothing. Carries `respcode` / `respmsg` as
    /// the gateway gave them. Only refusals are taken unsigned: an unsigned `00` is a `Signature` error.
    #[error(
        "{code} {message} (unsigned pre-check refusal: the gateway could not check the request, nothing was processed)"
    )]
    PreCheck { code: String, message: String },
    /// The platform refused: an envelope error or a business code that is not an acceptance. `hint` is a
    /// plain sentence when the cause is known.
    #[error("{code} {message}{}", hint.map(|h| format!(" (hint: {h})")).unwrap_or_default())]
    Business { code: String, message: String, hint: Option<&'static str> },
    /// The answer verified but does not have the expected shape; `path` is the JSON path.
    #[error("cannot decode the answer at {path}: {message}")]
    Decode { path: String, message: String },
    /// Bad input, stopped before sending.
    #[error("invalid request: {0}")]
    Invalid(#[from] FieldError),
}

impl Error {
    /// True when the request may have reached the platform, so a write must be reconciled by query.
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

    /// A build setting that is missing.
    pub fn missing(field: &str) -> Error {
        Error::Invalid(FieldError::new(field, "is required to build a client"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_certainly_stayed_here_is_not_sent() {
        assert!(!Error::Transport { sent: false, message: String::new() }.may_have_been_sent());
        assert!(!Error::Timeout { sent: false }.may_have_been_sent());
        assert!(!Error::Invalid(FieldError::new("f", "r")).may_have_been_sent());
        assert!(Error::Timeout { sent: true }.may_have_been_sent());
        assert!(Error::Http { status: 502, body: String::new() }.may_have_been_sent());
        assert!(Error::PreCheck { code: "99".into(), message: String::new() }.may_have_been_sent());
    }

    #[test]
    fn display_texts_stay() {
        assert_eq!(Error::Timeout { sent: true }.to_string(), "timed out (request may have been sent)");
        assert_eq!(
            Error::Business { code: "1".into(), message: "m".into(), hint: Some("h") }.to_string(),
            "1 m (hint: h)"
        );
        assert_eq!(Error::Invalid(FieldError::new("txnamt", "bad")).to_string(), "invalid request: txnamt: bad");
    }
}
