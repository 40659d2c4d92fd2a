//! "Test connection" for a profile: one harmless signed read against its acquirer, so a person learns
//! whether the address, the account number and the keys work before any real call — never a write.
//!
//! The read per acquirer: dougong — the organisation's own bill-config query (`/v2/merchant/busi/bill/query`
//! with huifu_id = sys_id; "no config" is an answer too); 慧收钱 and the MD5 gateway — an order query for a
//! number made up here, which no order has: their signed "order not found" answer (the client crates'
//! classification: 慧收钱 `100206` / `200004` / `100211`, the MD5 gateway by the account's codes or the
//! message) proves the request was accepted and the answer verified. Both gateways check the signature and
//! the merchant before they look for the order, so a key or account problem answers differently (an
//! unknown MD5-gateway merid is the unsigned pre-check refusal, shown with its message).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode};
use crate::profile::{Acquirer, Profile};
use crate::Desk;

/// How a connection test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProbeOutcome {
    /// The acquirer answered the signed read and its answer verified.
    Ok,
    /// The acquirer refused (see `respCode`, `respDesc`, `hint`).
    Refused,
    /// The acquirer could not be reached, or no answer came.
    Network,
    /// Keys missing or wrong here, or the answer's signature did not verify.
    Keys,
    /// Anything else (message says what).
    Other,
}

/// What a profile's connection test found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub profile: String,
    pub outcome: ProbeOutcome,
    /// The read that was made (API path or method).
    pub call: String,
    /// What the answer said (ok) or what went wrong.
    pub message: String,
    pub resp_code: Option<String>,
    pub resp_desc: Option<String>,
    pub hint: Option<String>,
}

/// Whether a refusal is the gateway's "no such order" answer to the probe's made-up order number.
fn is_not_found(p: &Profile, e: &Error) -> bool {
    let (Some(code), desc) = (e.resp_code.as_deref(), e.resp_desc.as_deref().unwrap_or_default()) else { return false };
    match p.acquirer {
        Acquirer::Huishouqian => huishouqian::codes::classify(code) == huishouqian::codes::CodeClass::NotFound,
        Acquirer::Mpgateway => {
            let map = mpgateway::CodeMap::parse(p.extra.get("resp_codes").map(String::as_str).unwrap_or_default())
                .unwrap_or_default();
            mpgateway::codes::classify(code, desc, &map) == mpgateway::CodeClass::NotFound
        }
        Acquirer::Dougong => false,
    }
}

fn outcome_of(e: &Error) -> ProbeOutcome {
    match e.code {
        ErrorCode::Refused => ProbeOutcome::Refused,
        ErrorCode::NotSent | ErrorCode::OutcomeUnknown | ErrorCode::Sandbox => ProbeOutcome::Network,
        ErrorCode::Signature | ErrorCode::KeyMissing | ErrorCode::KeyInvalid | ErrorCode::Keychain => {
            ProbeOutcome::Keys
        }
        _ => ProbeOutcome::Other,
    }
}

impl Desk {
    /// Makes one harmless signed read with `profile` (see the module doc) and says how it went. Never
    /// fails itself: every error becomes the answer's outcome, with Huifu's code and hint when refused.
    pub async fn test_connection(&self, profile: &Profile) -> ConnectionTest {
        let (call, result) = match profile.acquirer {
            Acquirer::Dougong => {
                let r = self.bill_config(profile, "").await.map(|c| {
                    if c.configured {
                        format!(
                            "{} answered: bill config of {} found (enabled: {})",
                            profile.name, c.huifu_id, c.enabled
                        )
                    } else {
                        format!("{} answered: {} has no bill config yet (a valid answer)", profile.name, c.huifu_id)
                    }
                });
                ("/v2/merchant/busi/bill/query", r)
            }
            a => {
                let probe = format!(
                    "PDPROBE{}",
                    self.new_req_seq_id().chars().filter(char::is_ascii_alphanumeric).take(20).collect::<String>()
                );
                let method = if a == Acquirer::Huishouqian { "POLYMERIZE_QUERY" } else { "/api/query" };
                let r = match self.acquiring_query(profile, &probe, None).await {
                    Ok(o) => Ok(format!("order query answered (probe {probe}: {:?})", o.state)),
                    Err(e) if e.code == ErrorCode::Refused && is_not_found(profile, &e) => {
                        Ok(format!("signed order query accepted; the made-up order {probe} is not found, as expected"))
                    }
                    Err(e) => Err(e),
                };
                (method, r)
            }
        };
        match result {
            Ok(message) => ConnectionTest {
                profile: profile.name.clone(),
                outcome: ProbeOutcome::Ok,
                call: call.into(),
                message,
                resp_code: None,
                resp_desc: None,
                hint: None,
            },
            Err(e) => ConnectionTest {
                profile: profile.name.clone(),
                outcome: outcome_of(&e),
                call: call.into(),
                message: e.message,
                resp_code: e.resp_code,
                resp_desc: e.resp_desc,
                hint: e.hint,
            },
        }
    }
}
