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

/// How an acquirer is named in desk's error texts ("HTTP 502 from {the}", "{bare} signature check failed").
pub(crate) struct Named {
    the: &'static str,
    bare: &'static str,
}

const HSQ: Named = Named { the: "慧收钱", bare: "慧收钱" };
const MPG: Named = Named { the: "the gateway", bare: "gateway" };

/// 慧收钱 client errors in desk's terms.
pub(crate) fn from_hsq(e: gateway_http::Error) -> Error {
    from_gateway(e, &HSQ)
}

/// MD5-gateway client errors in desk's terms.
pub(crate) fn from_mpg(e: gateway_http::Error) -> Error {
    from_gateway(e, &MPG)
}

/// The shared client error kinds in desk's terms: what was certainly not sent is `NotSent`, what may have
/// been is `OutcomeUnknown` (the write pipeline settles it by query), refusals keep code, text and hint.
fn from_gateway(e: gateway_http::Error, who: &Named) -> Error {
    use gateway_http::Error as G;
    let Named { the, bare } = who;
    match e {
        G::Transport { sent: false, message } => Error::new(ErrorCode::NotSent, format!("not sent: {message}")),
        G::Transport { sent: true, message } => {
            Error::new(ErrorCode::OutcomeUnknown, format!("request may have been sent, no answer: {message}"))
        }
        G::Timeout { sent } => Error::new(
            if sent { ErrorCode::OutcomeUnknown } else { ErrorCode::NotSent },
            if sent {
                "timed out: the request may have been sent; settle by query"
            } else {
                "timed out before sending"
            },
        ),
        G::Http { status, body } => Error::new(
            ErrorCode::OutcomeUnknown,
            format!("HTTP {status} from {the}: {}", body.chars().take(200).collect::<String>()),
        ),
        G::Signature { reason } => Error::new(ErrorCode::Signature, format!("{bare} signature check failed: {reason}")),
        G::Business { code, message, hint } => Error {
            resp_code: Some(code.clone()),
            resp_desc: Some(message.clone()),
            hint: hint.map(str::to_string),
            ..Error::new(ErrorCode::Refused, format!("{the} refused: {code} {message}"))
        },
        // Only the MD5 gateway answers an unsigned pre-check refusal.
        G::PreCheck { code, message } => Error {
            resp_code: Some(code.clone()),
            resp_desc: Some(message.clone()),
            hint: Some(mpgateway::codes::PRECHECK_HINT.to_string()),
            ..Error::new(
                ErrorCode::Refused,
                format!("{the} refused before checking the request (unsigned pre-check): {code} {message}"),
            )
        },
        G::Decode { path, message } => {
            Error::new(ErrorCode::Decode, format!("cannot read {the}'s answer at {path}: {message}"))
        }
        G::Invalid(f) => Error::invalid(f.field, f.reason),
    }
}
