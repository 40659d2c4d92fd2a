//! desk's one error type. It crosses into the app as `{code, message, respCode?, respDesc?, hint?, field?}`:
//! the UI branches on `code` (never on the text), shows `message`, puts a field error on `field`, and for
//! Huifu's refusals shows `respCode`/`respDesc` and the plain `hint`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, as a stable code the UI and scripts branch on. Add a code only when someone branches
/// on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Bad input, stopped before anything was sent; `field` names it.
    InvalidInput,
    /// A profile, merchant, journal entry... that does not exist.
    NotFound,
    /// A profile with that name already exists.
    AlreadyExists,
    /// The OS keychain refused or is unavailable (locked, no Secret Service).
    Keychain,
    /// A key text could not be read, or the private and public key are not a pair.
    KeyInvalid,
    /// The profile has no keys yet.
    KeyMissing,
    /// The local database failed.
    Storage,
    /// The request certainly did not reach the server (connection refused...): safe to retry.
    NotSent,
    /// The request may have reached the server but no answer came (timeout, dropped connection, garbled
    /// answer): the write is journalled as unknown and is settled by query, never by a blind second send.
    OutcomeUnknown,
    /// The answer's signature did not verify against Huifu's public key.
    Signature,
    /// Huifu refused: see `resp_code`, `resp_desc`, `hint`.
    Refused,
    /// The answer could not be decoded.
    Decode,
    /// The same write (same req_seq_id) is being sent right now; wait for it.
    InFlight,
    /// A req_seq_id was reused for a different request.
    ReqSeqIdReused,
    /// Another write on the same thing (the same trade, the same merchant's balance) may have taken effect
    /// and is not settled yet: settle it (query, reconcile) or submit it again with its own id.
    Unsettled,
    /// A refund of the same trade and amount was made recently: the person must say the repeat is meant
    /// (app: a confirmation; CLI: `--allow-repeat`).
    ConfirmRepeat,
    /// A write against a production profile needs explicit confirmation.
    ConfirmationRequired,
    /// The built-in sandbox could not start.
    Sandbox,
    /// Reading or writing a local file failed.
    Io,
    /// Visibly unfinished work.
    NotImplemented,
    /// A bug.
    Internal,
}

/// The error of every desk function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct Error {
    pub code: ErrorCode,
    /// One sentence for a person; never holds key material or unmasked personal data.
    pub message: String,
    /// The wire name of the bad field (`legal_cert_no`, `card_info.card_no`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resp_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resp_desc: Option<String>,
    /// What to do about a known Huifu refusal, in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The hint's key in the `hint` vocabulary (the UI says it in the user's language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint_key: Option<String>,
    /// For a field problem: its key in the `problem` vocabulary; `message` is the English text of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The values the problem's template names (`{max}`, `{value}`...).
    #[serde(default)]
    pub params: Vec<(String, String)>,
}

impl Error {
    /// An error with a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            field: None,
            resp_code: None,
            resp_desc: None,
            hint: None,
            hint_key: None,
            key: None,
            params: Vec::new(),
        }
    }

    /// A field problem from the vocabulary: the UI says it in the user's language from `key` + `params`,
    /// the message holds the English words (CLI, logs).
    pub fn problem(field: impl Into<String>, problem: crate::vocab::Problem, params: &[(&str, String)]) -> Error {
        Error::keyed(field, problem.key(), params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn keyed(field: impl Into<String>, key: &str, params: Vec<(String, String)>) -> Error {
        let field = field.into();
        let en = crate::vocab::word("problem", key, crate::vocab::Lang::En).unwrap_or(key);
        let message = format!("{field}: {}", crate::vocab::fill(en, &params));
        Error { field: Some(field), key: Some(key.to_string()), params, ..Error::new(ErrorCode::InvalidInput, message) }
    }

    /// A keyed problem that is not bad input as such (a repeat to confirm): the same words, another code.
    pub fn problem_as(
        code: ErrorCode,
        field: impl Into<String>,
        problem: crate::vocab::Problem,
        params: &[(&str, String)],
    ) -> Error {
        Error { code, ..Error::problem(field, problem, params) }
    }

    /// Bad input in `field` (wire name), with the reason in plain words.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        let field = field.into();
        let reason = reason.into();
        Error { field: Some(field.clone()), ..Error::new(ErrorCode::InvalidInput, format!("{field}: {reason}")) }
    }

    /// Visibly unfinished work.
    pub fn not_implemented(what: &str) -> Error {
        Error::new(ErrorCode::NotImplemented, format!("not implemented yet: {what}"))
    }

    /// True when a write with this error may have taken effect at Huifu.
    pub fn outcome_unknown(&self) -> bool {
        self.code == ErrorCode::OutcomeUnknown
    }
}

impl From<dougong::FieldError> for Error {
    fn from(e: dougong::FieldError) -> Error {
        match e.problem {
            Some((key, params)) => {
                Error::keyed(e.field, key, params.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }
            None => Error::invalid(e.field, e.reason),
        }
    }
}

impl From<dougong::Error> for Error {
    fn from(e: dougong::Error) -> Error {
        use dougong::Error as D;
        match e {
            D::Invalid(f) => f.into(),
            D::Transport { sent: false, message } => Error::new(ErrorCode::NotSent, format!("not sent: {message}")),
            D::Timeout { sent: false } => Error::new(ErrorCode::NotSent, "not sent: timed out connecting"),
            D::Transport { sent: true, message } => Error::new(
                ErrorCode::OutcomeUnknown,
                format!("the connection failed after the request left ({message}); the outcome is settled by query"),
            ),
            D::Timeout { sent: true } => {
                Error::new(ErrorCode::OutcomeUnknown, "no answer in time; the outcome is settled by query")
            }
            D::Http { status, body } => Error::new(
                ErrorCode::OutcomeUnknown,
                format!("HTTP {status} from the gateway ({}); the outcome is settled by query", truncate(&body, 200)),
            ),
            D::Signature { reason, .. } => {
                Error::new(ErrorCode::Signature, format!("the answer's signature did not verify: {reason}"))
            }
            D::Business { resp_code, resp_desc, hint } => Error {
                hint_key: dougong::codes::hint_key(&resp_code, &resp_desc).map(str::to_string),
                resp_code: Some(resp_code.clone()),
                resp_desc: Some(resp_desc.clone()),
                hint: hint.map(str::to_string),
                ..Error::new(ErrorCode::Refused, format!("Huifu refused: {resp_code} {resp_desc}"))
            },
            D::Decode { path, message } => {
                Error::new(ErrorCode::Decode, format!("cannot read the answer at {path}: {message}"))
            }
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(ErrorCode::Storage, format!("database: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorCode::Io, e.to_string())
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::new(ErrorCode::Internal, format!("JSON: {e}"))
    }
}

fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_code_and_huifu_detail() {
        let e: Error = dougong::Error::Business {
            resp_code: "22000005".into(),
            resp_desc: "分账配置有误".into(),
            hint: Some("fix it"),
        }
        .into();
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["code"], "refused");
        assert_eq!(v["respCode"], "22000005");
        assert_eq!(v["hint"], "fix it");
        assert!(v.get("field").is_none(), "absent details are omitted: {v}");
        let f: Error = dougong::FieldError::new("card_info.card_no", "fails the Luhn check").into();
        assert_eq!(f.code, ErrorCode::InvalidInput);
        assert_eq!(f.field.as_deref(), Some("card_info.card_no"));
    }

    #[test]
    fn sent_decides_between_not_sent_and_unknown() {
        let a: Error = dougong::Error::Timeout { sent: false }.into();
        let b: Error = dougong::Error::Timeout { sent: true }.into();
        assert_eq!(a.code, ErrorCode::NotSent);
        assert_eq!(b.code, ErrorCode::OutcomeUnknown);
    }
}
