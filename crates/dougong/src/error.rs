//! The one error type of the client. API refusals (`Business`) stay apart from transport, signature and
//! decode failures; `Transport`/`Timeout` say whether the request may have reached Huifu, which decides
//! whether a write must be reconciled by a query before anything else happens.

/// A request field that failed validation before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    /// The wire name of the field (`trans_amt`, `card_info.card_no`).
    pub field: String,
    /// Plain words: what is wrong and what is expected.
    pub reason: String,
    /// The problem's key (one of [`problem`]) and its parameters, for an app that says the reason in the
    /// user's language; `None` for reasons only a developer meets (client setup, raw JSON).
    pub problem: Option<(&'static str, Vec<(&'static str, String)>)>,
}

impl FieldError {
    /// A field error; `field` is the wire name.
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError { field: field.into(), reason: reason.into(), problem: None }
    }

    /// A field error with its problem key (one of [`problem`]) and parameters.
    pub fn keyed(
        field: impl Into<String>,
        key: &'static str,
        params: Vec<(&'static str, String)>,
        reason: impl Into<String>,
    ) -> Self {
        FieldError { field: field.into(), reason: reason.into(), problem: Some((key, params)) }
    }
}

/// The problem keys this crate's field checks give (desk's vocabulary has words for each; a test there
/// checks every one is covered).
pub mod problem {
    pub const REQUIRED: &str = "required";
    pub const OMIT_EMPTY: &str = "omit_empty";
    pub const TOO_LONG: &str = "too_long";
    pub const CONTROL_CHAR: &str = "control_char";
    pub const DATE8: &str = "date8";
    pub const HUIFU_ID: &str = "huifu_id";
    pub const SEQ_ID_CHARS: &str = "seq_id_chars";
    pub const AMOUNT_MIN: &str = "amount_min";
    pub const AMOUNT_MAX: &str = "amount_max";
    pub const NOT_ACCEPTED: &str = "not_accepted";
    pub const URL_SCHEME: &str = "url_scheme";
    pub const URL_QUERY: &str = "url_query";
    pub const DIGITS: &str = "digits";
    pub const PERCENT: &str = "percent";
    /// Every key above.
    pub const ALL: &[&str] = &[
        REQUIRED,
        OMIT_EMPTY,
        TOO_LONG,
        CONTROL_CHAR,
        DATE8,
        HUIFU_ID,
        SEQ_ID_CHARS,
        AMOUNT_MIN,
        AMOUNT_MAX,
        NOT_ACCEPTED,
        URL_SCHEME,
        URL_QUERY,
        DIGITS,
        PERCENT,
    ];
}

/// Everything a dougong call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection failed. `sent == false`: the request certainly did not reach the server (safe to
    /// retry with the same req_seq_id). `sent == true`: it may have; reconcile by query.
    #[error("transport error ({}): {message}", if *sent { "request may have reached the server" } else { "request not sent" })]
    Transport { sent: bool, message: String },
    /// No answer in time. Same meaning of `sent` as in `Transport`.
    #[error("timed out ({})", if *sent { "request may have reached the server" } else { "before the request was sent" })]
    Timeout { sent: bool },
    /// The server answered with a non-200 HTTP status and no signed body (gateway 404/401/5xx). The request
    /// reached something: treat as "may have been processed" for writes.
    #[error("HTTP {status} from the gateway: {body}")]
    Http { status: u16, body: String },
    /// The answer's signature is missing or does not verify against Huifu's public key. Never a result.
    #[error("response signature check failed: {reason}")]
    Signature { reason: String, body: String },
    /// Huifu refused: `resp_code` other than success/processing.
    #[error("{resp_code} {resp_desc}{}", hint.map(|h| format!(" (hint: {h})")).unwrap_or_default())]
    Business { resp_code: String, resp_desc: String, hint: Option<&'static str> },
    /// The answer verified but does not have the shape we expect; `path` is the JSON path.
    #[error("cannot decode the answer at {path}: {message}")]
    Decode { path: String, message: String },
    /// Bad input, stopped before sending.
    #[error("invalid request: {0}")]
    Invalid(#[from] FieldError),
}

impl Error {
    /// A stable machine code for each kind (for the IPC error object; the UI branches on it, never on text).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            Error::Http { .. } => "http",
            Error::Signature { .. } => "signature",
            Error::Business { .. } => "business",
            Error::Decode { .. } => "decode",
            Error::Invalid(_) => "invalid",
        }
    }

    /// True when the request may have reached the server, so a write must be reconciled by query (and
    /// retried only with the same req_seq_id).
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Error::Transport { sent, .. } | Error::Timeout { sent } => *sent,
            Error::Invalid(_) => false,
            Error::Http { .. } | Error::Signature { .. } | Error::Business { .. } | Error::Decode { .. } => true,
        }
    }
}
