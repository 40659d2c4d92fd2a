//! The one way every service calls dougong: [`Desk::call`]. Reads are signed, sent, verified, decoded
//! and audited here. Writes go through the one write pipeline ([`crate::write`]): this module only
//! prepares the signed request ([`Desk::dougong_wire`]) and reads dougong's answer codes.

use std::time::Instant;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::audit::{self, NewAuditRow, Outcome};
use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::journal;
use crate::profile::Profile;
use crate::write::{self, Answered, Intent, Settler, Verdict, Wire, WriteSpec};
use crate::Desk;

/// A dougong endpoint as desk sees it: is it a write, which ids does it carry.
///
/// Implement it next to the service that uses the endpoint (`impl Call for dougong::...::TerminalAdd`).
/// A write names its [`Settler`] (its kind, reconciling query and rows); [`crate::reconcile`] lists
/// every settler by kind.
pub trait Call: dougong::Endpoint + Send + Sync + 'static {
    /// `Some(settler)` for a write (journalled, reconciled); `None` for a read.
    const WRITE: Option<Settler> = None;
    /// The request's req_seq_id, when it has one. Writes must.
    fn req_seq_id(&self) -> Option<&str>;
    /// The request's req_date (`yyyyMMdd`), when it has one.
    fn req_date(&self) -> Option<&str>;
    /// The huifu_id the call is about (audit search by merchant).
    fn merchant(&self) -> Option<&str>;
    /// For writes: what the reconciling query needs besides profile, req_seq_id, req_date and merchant
    /// (e.g. the terminal's serial number). Ids only, never personal data.
    fn reconcile_key(&self) -> Value {
        Value::Null
    }
    /// The part of the request that makes a retry "the same write" (hashed into the journal). Default:
    /// all of it. Onboarding leaves out its picture file ids, which a retry gets afresh from the uploads.
    fn identity(data: &Map<String, Value>) -> Map<String, Value> {
        data.clone()
    }
    /// For writes: what the write touches (see [`crate::journal::JournalEntry::target`]); a new write on
    /// it is refused while another one that may have taken effect is open.
    fn target(&self) -> Option<String> {
        None
    }
}

/// `impl Call` for a request whose ids are its own `req_seq_id`, `req_date` and `huifu_id` fields (most
/// of them): `ids_call!(read BillFileQuery)`, `ids_call!(write BUSI_OPEN, BusiOpen)` (a [`Settler`]
/// constant), and with more items for the impl,
/// `ids_call!(write REFUND_CREATE, Refund { fn reconcile_key(&self) -> Value { … } })`.
macro_rules! ids_call {
    (read $t:ident) => {
        $crate::call::ids_call!(@impl $t, None, {});
    };
    // A query about an earlier trade: no req_seq_id of its own, dated by the original's req_date.
    (read $t:ident of original) => {
        impl $crate::call::Call for $t {
            fn req_seq_id(&self) -> Option<&str> {
                None
            }
            fn req_date(&self) -> Option<&str> {
                self.org_req_date.as_deref()
            }
            fn merchant(&self) -> Option<&str> {
                Some(&self.huifu_id)
            }
        }
    };
    (write $settler:path, $t:ident) => {
        $crate::call::ids_call!(@impl $t, Some($settler), {});
    };
    (write $settler:path, $t:ident { $($extra:tt)* }) => {
        $crate::call::ids_call!(@impl $t, Some($settler), { $($extra)* });
    };
    (@impl $t:ident, $settler:expr, { $($extra:tt)* }) => {
        impl $crate::call::Call for $t {
            const WRITE: Option<$crate::write::Settler> = $settler;
            fn req_seq_id(&self) -> Option<&str> {
                Some(&self.req_seq_id)
            }
            fn req_date(&self) -> Option<&str> {
                Some(&self.req_date)
            }
            fn merchant(&self) -> Option<&str> {
                Some(&self.huifu_id)
            }
            $($extra)*
        }
    };
}
pub(crate) use ids_call;

fn request_map<R: serde::Serialize>(req: &R) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(req)? {
        Value::Object(m) => Ok(m),
        _ => Err(Error::new(ErrorCode::Internal, "a request must serialise to a JSON object")),
    }
}

/// What a write would send, made by the code that sends it, without storing or sending anything: the
/// endpoint and the exact `data` text that would be signed (dougong's canonical form). The UI shows this
/// rather than rebuilding a request itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestPreview {
    pub endpoint: String,
    /// The canonical JSON text that would be signed and sent as `data`.
    pub data: String,
}

/// Checks `req` as a send would and answers its [`RequestPreview`].
pub(crate) fn preview_of<R: Call>(req: &R) -> Result<RequestPreview, Error> {
    req.validate()?;
    Ok(RequestPreview { endpoint: R::PATH.to_string(), data: dougong::canonical::request_string(&request_map(req)?) })
}

/// SHA-256 of the canonical request: equal for equal requests whatever the field order.
pub fn request_hash(data: &Map<String, Value>) -> String {
    hex::encode(Sha256::digest(dougong::canonical::request_string(data).as_bytes()))
}

/// Decodes a stored or fresh answer `data` as `R`'s output, refusing what `R` does not accept.
pub fn decode_answer<R: dougong::Endpoint>(data: Value) -> Result<R::Output, Error> {
    let code = data.get("resp_code").and_then(Value::as_str).unwrap_or_default().to_string();
    if !R::is_accepted(&code) {
        let desc = data.get("resp_desc").and_then(Value::as_str).unwrap_or_default().to_string();
        return Err(dougong::Error::Business {
            hint: dougong::codes::hint(&code, &desc),
            resp_code: code,
            resp_desc: desc,
        }
        .into());
    }
    Ok(dougong::client::decode_value(data)?)
}

impl Desk {
    /// The req_seq_id of a write being prepared: the one the form fixed when it opened, or a fresh one
    /// when it brought none (blank counts as none). Every service's write starts here.
    pub fn write_seq(&self, given: Option<&str>) -> String {
        given.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).unwrap_or_else(|| self.new_req_seq_id())
    }

    /// The req_date of a write: today, unless the same req_seq_id was journalled before (a retry keeps
    /// its original date, or Huifu would see a different request).
    pub fn req_date_for(&self, profile: &Profile, req_seq_id: &str) -> Result<String, Error> {
        Ok(match journal::get(self.store(), &profile.name, req_seq_id)? {
            Some(e) => e.req_date,
            None => self.req_date(),
        })
    }
}

/// How a service's dougong write differs from the plain one: what it touches, its intent checks and rows
/// (a refund's reservation), a note for the audit row.
pub(crate) struct WriteOpts<'a> {
    pub target: Option<String>,
    pub intent: Intent<'a>,
    pub note: Option<String>,
}

impl Default for WriteOpts<'_> {
    fn default() -> Self {
        WriteOpts { target: None, intent: &write::no_intent, note: None }
    }
}

impl Desk {
    /// Calls one dougong endpoint for `profile`. Reads are audited; writes go through the write pipeline
    /// ([`Desk::run_write`]): journalled before they are sent, never sent twice, audited in the same
    /// transactions.
    ///
    /// Errors: `InvalidInput` (nothing sent), `NotSent`, `OutcomeUnknown` (journalled as unknown, settle with
    /// [`Desk::reconcile`]), `Refused` with resp_code/resp_desc/hint, `Signature`, `Decode`, `InFlight`,
    /// `Unsettled`, `ReqSeqIdReused`, `KeyMissing`.
    pub async fn call<R: Call>(&self, profile: &Profile, req: &R) -> Result<R::Output, Error> {
        req.validate()?;
        match R::WRITE {
            None => {
                let data = self.send_and_audit(profile, req).await?;
                decode_answer::<R>(data)
            }
            Some(_) => self.call_write(profile, req, WriteOpts::default()).await,
        }
    }

    /// A dougong write with a service's own target, intent and note.
    pub(crate) async fn call_write<R: Call>(
        &self,
        profile: &Profile,
        req: &R,
        opts: WriteOpts<'_>,
    ) -> Result<R::Output, Error> {
        req.validate()?;
        let settler = R::WRITE.ok_or_else(|| Error::new(ErrorCode::Internal, "call_write needs a write"))?;
        let seq = req.req_seq_id().ok_or_else(|| Error::invalid("req_seq_id", "a write needs a req_seq_id"))?;
        let date = req.req_date().ok_or_else(|| Error::invalid("req_date", "a write needs a req_date"))?;
        let data = request_map(req)?;
        let identity = R::identity(&data);
        let request = Value::Object(data);
        let wire = self.dougong_wire(profile, req).await?;
        let spec = WriteSpec {
            settler,
            endpoint: R::PATH,
            req_seq_id: seq,
            req_date: date,
            merchant: req.merchant(),
            target: opts.target.or_else(|| req.target()),
            identity: &identity,
            request: &request,
            reconcile: &req.reconcile_key(),
            note: opts.note,
        };
        let answer = self.run_write(profile, spec, opts.intent, wire).await?;
        decode_answer::<R>(answer)
    }

    /// `req` signed with the profile's key and ready to go, with dougong's reading of its answer.
    pub(crate) async fn dougong_wire<R: Call>(&self, profile: &Profile, req: &R) -> Result<Wire, Error> {
        let client = self.client(profile).await?;
        let prepared = client.prepare(req)?;
        let request: Value = serde_json::from_str(&prepared.request.canonical).unwrap_or(Value::Null);
        let signature = Some(prepared.request.sign.clone());
        let call = Box::pin(async move {
            let v = client.execute(&prepared).await.map_err(Error::from)?;
            let code = v.get("resp_code").and_then(Value::as_str).unwrap_or_default().to_string();
            let verdict = if R::is_accepted(&code) {
                Verdict::Accepted
            } else {
                let desc = v.get("resp_desc").and_then(Value::as_str).unwrap_or_default().to_string();
                let e: Error = dougong::Error::Business {
                    hint: dougong::codes::hint(&code, &desc),
                    resp_code: code.clone(),
                    resp_desc: desc,
                }
                .into();
                if is_duplicate_refusal(&e) {
                    Verdict::Duplicate(e)
                } else {
                    Verdict::Refused(e)
                }
            };
            Ok(Answered { stored: v.clone(), raw: v, resp_code: Some(code).filter(|c| !c.is_empty()), verdict })
        });
        Ok(Wire { endpoint: R::PATH.to_string(), request, signature, call })
    }

    /// Signs, sends and verifies `req`, writing one audit row whatever happens. Returns the answer's
    /// verified `data` (accepted or not: the caller decodes).
    async fn send_and_audit<R: Call>(&self, profile: &Profile, req: &R) -> Result<Value, Error> {
        let client = self.client(profile).await?;
        let prepared = client.prepare(req)?;
        let request: Value = serde_json::from_str(&prepared.request.canonical).unwrap_or(Value::Null);
        let started = Instant::now();
        let result = client.execute(&prepared).await;
        let duration_ms = started.elapsed().as_millis() as i64;
        let heard = Heard::dougong(&result, R::is_accepted);
        self.audit_call(
            profile,
            CallAudit {
                endpoint: R::PATH,
                merchant: req.merchant(),
                req_seq_id: req.req_seq_id(),
                request: &request,
                key_id: profile.key_id.as_deref(),
                signature: Some(&prepared.request.sign),
                heard,
                duration_ms,
            },
        )?;
        result.map_err(Error::from)
    }
}

impl Desk {
    /// A raw call for the developer tools: signs `data_json` for `path` with `profile`'s keys, sends it,
    /// verifies the answer and writes one audit row. `Ok(Err(body))` = the answer's signature failed (the
    /// raw body, for a developer to read). Not journalled: desk cannot know what a raw path writes, nor how
    /// to settle it; the typed services are the way to write safely.
    pub async fn call_raw(
        &self,
        profile: &Profile,
        path: &str,
        data_json: &str,
    ) -> Result<Result<Value, String>, Error> {
        let client = self.client(profile).await?;
        let request: Value = serde_json::from_str(data_json).map_err(|e| Error::invalid("input", e.to_string()))?;
        let started = Instant::now();
        let result = client.call_raw_json(path, data_json).await;
        let duration_ms = started.elapsed().as_millis() as i64;
        self.audit_call(
            profile,
            CallAudit {
                endpoint: path,
                merchant: request.get("huifu_id").and_then(Value::as_str),
                req_seq_id: request.get("req_seq_id").and_then(Value::as_str),
                request: &request,
                key_id: profile.key_id.as_deref(),
                signature: None,
                heard: Heard::dougong(&result, dougong::codes::is_accepted),
                duration_ms,
            },
        )?;
        match result {
            Ok(v) => Ok(Ok(v)),
            Err(dougong::Error::Signature { body, .. }) => Ok(Err(body)),
            Err(e) => Err(Error::from(e)),
        }
    }
}

/// How one call to the outside ended, as its audit row keeps it.
pub(crate) struct Heard {
    pub outcome: Outcome,
    pub resp_code: Option<String>,
    pub response: Option<Value>,
    pub error: Option<String>,
}

impl Heard {
    /// A verified dougong answer (`accepted` reads its resp_code), or the call's failure: unknown when it
    /// may have reached Huifu, never "failed" then.
    pub(crate) fn dougong(result: &Result<Value, dougong::Error>, accepted: impl Fn(&str) -> bool) -> Heard {
        match result {
            Ok(v) => {
                let code = v.get("resp_code").and_then(Value::as_str).map(str::to_string);
                let outcome = if code.as_deref().is_some_and(accepted) { Outcome::Ok } else { Outcome::Refused };
                Heard { outcome, resp_code: code, response: Some(v.clone()), error: None }
            }
            Err(e) => Heard {
                outcome: if e.may_have_reached_server() { Outcome::Unknown } else { Outcome::Failed },
                resp_code: None,
                response: None,
                error: Some(Error::from(clone_dougong_error(e)).message),
            },
        }
    }
}

/// One call to the outside for the audit log; [`Desk::audit_call`] adds when and which profile.
pub(crate) struct CallAudit<'a> {
    /// What was sent, and what it is about (audit search by merchant and req_seq_id).
    pub endpoint: &'a str,
    pub request: &'a Value,
    pub merchant: Option<&'a str>,
    pub req_seq_id: Option<&'a str>,
    pub duration_ms: i64,
    pub heard: Heard,
    /// The profile's key when the call was signed with it; none for an unsigned download.
    pub key_id: Option<&'a str>,
    /// The signature as sent (only its SHA-256 is stored).
    pub signature: Option<&'a str>,
}

impl Desk {
    /// Writes one audit row for a call to the outside (masking happens inside [`audit::record`]).
    pub(crate) fn audit_call(&self, profile: &Profile, c: CallAudit<'_>) -> Result<(), Error> {
        audit::record(
            self.store(),
            self.audit_chain(),
            NewAuditRow {
                at: rfc3339(self.now()),
                profile: &profile.name,
                endpoint: c.endpoint,
                merchant: c.merchant,
                req_seq_id: c.req_seq_id,
                request: c.request,
                response: c.heard.response.as_ref(),
                key_id: c.key_id,
                signature: c.signature,
                outcome: c.heard.outcome,
                resp_code: c.heard.resp_code.as_deref(),
                error: c.heard.error.as_deref(),
                duration_ms: c.duration_ms,
            },
        )?;
        Ok(())
    }
}

/// `20000000 重复交易` (trade) / `99010002` (hosting): the id reached Huifu before.
fn is_duplicate_refusal(e: &Error) -> bool {
    matches!(e.resp_code.as_deref(), Some("20000000") | Some("99010002"))
}

/// dougong::Error is not Clone; rebuild the parts the audit message needs.
fn clone_dougong_error(e: &dougong::Error) -> dougong::Error {
    use dougong::Error as D;
    match e {
        D::Transport { sent, message } => D::Transport { sent: *sent, message: message.clone() },
        D::Timeout { sent } => D::Timeout { sent: *sent },
        D::Http { status, body } => D::Http { status: *status, body: body.clone() },
        D::Signature { reason, body } => D::Signature { reason: reason.clone(), body: body.clone() },
        D::Business { resp_code, resp_desc, hint } => {
            D::Business { resp_code: resp_code.clone(), resp_desc: resp_desc.clone(), hint: *hint }
        }
        D::Decode { path, message } => D::Decode { path: path.clone(), message: message.clone() },
        D::Invalid(f) => D::Invalid(f.clone()),
    }
}
