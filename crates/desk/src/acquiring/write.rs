//! What 慧收钱 and the MD5 gateway share in desk, written once: audited reads, the way their writes enter
//! the write pipeline ([`crate::write`]), how a write is settled by the order query, and the mapping of
//! their client errors. Neither goes through [`crate::Desk::call`] (that is dougong's).

use std::future::Future;
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use super::types::{OrderView, TradeState};
use crate::audit::Outcome;
use crate::call::{CallAudit, Heard};
use crate::error::{Error, ErrorCode};
use crate::profile::Profile;
use crate::write::{self, Answered, Settlement, Settler, Verdict, Wire, WriteSpec};
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
        let heard = Heard {
            outcome,
            resp_code: c.resp_code.or(c.error.and_then(|e| e.resp_code.as_deref())).map(str::to_string),
            response: c.response.cloned(),
            error: c.error.map(|e| e.message.clone()),
        };
        self.audit_call(
            profile,
            CallAudit {
                endpoint: c.endpoint,
                merchant: Some(&profile.sys_id),
                req_seq_id: c.id,
                request: c.request,
                key_id: profile.key_id.as_deref(),
                signature: c.signature,
                heard,
                duration_ms: c.duration_ms,
            },
        )
    }
}

/// How an acquirer is named in desk's error texts ("HTTP 502 from {the}", "{bare} signature check failed").
pub(crate) struct Named {
    the: &'static str,
    bare: &'static str,
}

const HSQ: Named = Named { the: "慧收钱", bare: "慧收钱" };
const MPG: Named = Named { the: "the gateway", bare: "gateway" };

/// One read as it was sent, for its audit row.
pub(crate) struct Read<'a> {
    /// `huishouqian:METHOD`, `mpgateway:/api/...`.
    pub endpoint: &'a str,
    pub id: &'a str,
    /// The request as signed.
    pub request: Value,
    pub signature: Option<&'a str>,
    /// The answer's code field (`respCode`, `respcode`).
    pub code_field: &'a str,
}

/// What a write adds to the pipeline's intent: its check, what its reconcile keeps, the audit note.
pub(crate) struct Extra<'a> {
    pub intent: write::Intent<'a>,
    pub reconcile: Value,
    pub note: Option<String>,
}

/// A write with no check of its own, nothing kept for its reconcile and no note.
pub(crate) const PLAIN: Extra<'static> = Extra { intent: &write::no_intent, reconcile: Value::Null, note: None };

impl Desk {
    /// Sends one read and audits it, answered or not. `call` yields the decoded output (or the failure)
    /// and the verified answer when one arrived.
    pub(crate) async fn audited_read<T>(
        &self,
        profile: &Profile,
        r: Read<'_>,
        call: impl Future<Output = (Result<T, Error>, Option<Value>)>,
    ) -> Result<T, Error> {
        let started = Instant::now();
        let (out, response) = call.await;
        let duration_ms = started.elapsed().as_millis() as i64;
        self.audit_acquirer_call(
            profile,
            CallRecord {
                endpoint: r.endpoint,
                id: Some(r.id),
                request: &r.request,
                response: response.as_ref(),
                signature: r.signature,
                resp_code: response.as_ref().and_then(|v| v.get(r.code_field)).and_then(Value::as_str),
                error: out.as_ref().err(),
                duration_ms,
            },
        )?;
        out
    }

    /// Runs one 慧收钱 or MD5-gateway write through the pipeline under `id`; `ident` is what the journal
    /// identifies it by, `target` what a refund or close of it touches.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn acquirer_write(
        &self,
        p: &Profile,
        settler: Settler,
        id: &str,
        target: Option<String>,
        ident: &Value,
        w: Wire,
        x: Extra<'_>,
    ) -> Result<Value, Error> {
        let date = self.req_date();
        let identity = ident.as_object().cloned().unwrap_or_default();
        let endpoint = w.endpoint.clone();
        let spec = WriteSpec {
            settler,
            endpoint: &endpoint,
            req_seq_id: id,
            req_date: &date,
            merchant: Some(&p.sys_id),
            target,
            identity: &identity,
            request: ident,
            reconcile: &x.reconcile,
            note: x.note,
        };
        self.run_write(p, spec, x.intent, w).await
    }
}

/// A verified answer that is not an acceptance: nothing is stored, the verdict says refused or duplicate.
pub(crate) fn not_accepted(raw: Value, code: String, verdict: Verdict) -> Answered {
    Answered { stored: Value::Null, raw, resp_code: Some(code), verdict }
}

/// A write settled by a query of what it made: found, never arrived (`not_found` reads the query's
/// refusal), or still unknown.
pub(crate) fn settle_by_query<T: Serialize>(
    queried: Result<T, Error>,
    not_found: impl Fn(&Error) -> bool,
) -> Result<Settlement, Error> {
    match queried {
        Ok(v) => Ok(Settlement::Found(serde_json::to_value(v)?)),
        Err(err) if not_found(&err) => Ok(Settlement::NotFound),
        Err(err) => Ok(Settlement::Unknown(err.message)),
    }
}

/// A close (cancel) settled by the order's state after: closed = it took effect, still pending = it never
/// arrived, anything else = the order moved on and was not `done` ("closed", "cancelled").
pub(crate) fn settle_by_order_state(queried: Result<OrderView, Error>, done: &str) -> Result<Settlement, Error> {
    match queried {
        Ok(v) if v.state == TradeState::Closed => Ok(Settlement::Found(Value::Null)),
        Ok(v) if v.state == TradeState::Pending => Ok(Settlement::NotFound),
        Ok(v) => Ok(Settlement::Failed(Error::new(
            ErrorCode::Refused,
            format!("the order is {} and was not {done}", v.raw_status),
        ))),
        Err(err) => Ok(Settlement::Unknown(err.message)),
    }
}

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
