//! Audited reads and error mapping for the acquirers that do not go through [`crate::Desk::call`]
//! (慧收钱, MD5 gateway). Their writes go through the write pipeline ([`crate::write`]).

use serde_json::Value;

use crate::audit::{self, NewAuditRow, Outcome};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profiles::Profile;
use crate::Desk;

/// One wire call, for the audit row.
pub(crate) struct CallRecord<'a> {
    pub endpoint: &'a str,
    pub id: Option<&'a str>,
    pub request: &'a Value,
    pub response: Option<&'a Value>,
    pub signature: Option<&'a str>,
    pub resp_code: Option<&'a str>,
    pub error: Option<&'a Error>,
    pub duration_ms: i64,
}

impl Desk {
    /// Writes one audit row (masking happens inside `audit::record`).
    pub(crate) fn audit_acquirer_call(&self, profile: &Profile, c: CallRecord<'_>) -> Result<(), Error> {
        let outcome = match c.error {
            None => Outcome::Ok,
            Some(e) if e.code == ErrorCode::Refused => Outcome::Refused,
            Some(e) if matches!(e.code, ErrorCode::OutcomeUnknown | ErrorCode::Signature | ErrorCode::Decode) => {
                Outcome::Unknown
            }
            Some(_) => Outcome::Failed,
        };
        audit::record(
            self.store(),
            self.audit_chain(),
            NewAuditRow {
                at: rfc3339(self.now()),
                profile: &profile.name,
                endpoint: c.endpoint,
                merchant: Some(&profile.sys_id),
                req_seq_id: c.id,
                request: c.request,
                response: c.response,
                key_id: profile.key_id.as_deref(),
                signature: c.signature,
                outcome,
                resp_code: c.resp_code.or(c.error.and_then(|e| e.resp_code.as_deref())),
                error: c.error.map(|e| e.message.as_str()),
                duration_ms: c.duration_ms,
            },
        )?;
        Ok(())
    }
}

/// 慧收钱 client errors in desk's terms.
pub(crate) fn from_hsq(e: huishouqian::Error) -> Error {
    use huishouqian::Error as H;
    match e {
        H::Transport { sent: false, message } => Error::new(ErrorCode::NotSent, format!("not sent: {message}")),
        H::Transport { sent: true, message } => {
            Error::new(ErrorCode::OutcomeUnknown, format!("request may have been sent, no answer: {message}"))
        }
        H::Timeout { sent } => Error::new(
            if sent { ErrorCode::OutcomeUnknown } else { ErrorCode::NotSent },
            if sent {
                "timed out: the request may have been sent; settle by query"
            } else {
                "timed out before sending"
            },
        ),
        H::Http { status, body } => Error::new(
            ErrorCode::OutcomeUnknown,
            format!("HTTP {status} from 慧收钱: {}", body.chars().take(200).collect::<String>()),
        ),
        H::Signature { reason } => Error::new(ErrorCode::Signature, format!("慧收钱 signature check failed: {reason}")),
        H::Business { code, message, hint } => Error {
            resp_code: Some(code.clone()),
            resp_desc: Some(message.clone()),
            hint: hint.map(str::to_string),
            ..Error::new(ErrorCode::Refused, format!("慧收钱 refused: {code} {message}"))
        },
        H::Decode { path, message } => {
            Error::new(ErrorCode::Decode, format!("cannot read 慧收钱's answer at {path}: {message}"))
        }
        H::Invalid(f) => Error::invalid(f.field, f.reason),
    }
}

/// MD5-gateway client errors in desk's terms.
pub(crate) fn from_mpg(e: mpgateway::Error) -> Error {
    use mpgateway::Error as M;
    match e {
        M::Transport { sent: false, message } => Error::new(ErrorCode::NotSent, format!("not sent: {message}")),
        M::Transport { sent: true, message } => {
            Error::new(ErrorCode::OutcomeUnknown, format!("request may have been sent, no answer: {message}"))
        }
        M::Timeout { sent } => Error::new(
            if sent { ErrorCode::OutcomeUnknown } else { ErrorCode::NotSent },
            if sent {
                "timed out: the request may have been sent; settle by query"
            } else {
                "timed out before sending"
            },
        ),
        M::Http { status, body } => Error::new(
            ErrorCode::OutcomeUnknown,
            format!("HTTP {status} from the gateway: {}", body.chars().take(200).collect::<String>()),
        ),
        M::Signature { reason } => {
            Error::new(ErrorCode::Signature, format!("gateway signature check failed: {reason}"))
        }
        M::Business { code, message, hint } => Error {
            resp_code: Some(code.clone()),
            resp_desc: Some(message.clone()),
            hint: hint.map(str::to_string),
            ..Error::new(ErrorCode::Refused, format!("the gateway refused: {code} {message}"))
        },
        M::PreCheck { code, message } => Error {
            resp_code: Some(code.clone()),
            resp_desc: Some(message.clone()),
            hint: Some(mpgateway::codes::PRECHECK_HINT.to_string()),
            ..Error::new(
                ErrorCode::Refused,
                format!("the gateway refused before checking the request (unsigned pre-check): {code} {message}"),
            )
        },
        M::Decode { path, message } => {
            Error::new(ErrorCode::Decode, format!("cannot read the gateway's answer at {path}: {message}"))
        }
        M::Invalid(f) => Error::invalid(f.field, f.reason),
    }
}
