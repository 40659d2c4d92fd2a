//! The HTTP client: validate, encode, sign, POST the form, verify, decode.
//!
//! Only connection set-up is retried; a request that may have reached the gateway is never re-sent here.
// Without the `client` feature (crates/fuzz) only the pure parts here are used.
#![cfg_attr(not(feature = "client"), allow(unused_imports, dead_code))]

#[cfg(feature = "client")]
use std::sync::Arc;
#[cfg(feature = "client")]
use std::time::Duration;

#[cfg(feature = "client")]
use gateway_http::{check, Transport};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::actions::{AmountEncoding, Pay, PayOutput};
use crate::codes::{self, CodeMap, PaidReading};
use crate::error::Error;
use crate::query::{Cancel, CancelOutput, Notification, Query, QueryOutput};
use crate::sign::{self, MerchantKey, SignCase};
use crate::wire;
use crate::wxjsapi::{self, PayIdField};

/// Paths (the seed uses `/api/`; some deployments also answer `/apis/`).
pub const PAY_PATH: &str = "/api/mpgateway";
pub const QUERY_PATH: &str = "/api/query";
pub const CANCEL_PATH: &str = "/api/cancel";

/// The readings of what the seed leaves open, as settings a real account can change (README.md).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// `txnamt` as a number (the seed's `int`, default) or a string.
    pub amounts: AmountEncoding,
    /// Whether `1002` counts as paid.
    pub paid: PaidReading,
    /// Whether an uppercase md5 from the gateway is accepted.
    pub sign_case: SignCase,
    /// The account's own respcodes (the seed's list is empty).
    pub codes: CodeMap,
    /// Which WxJsApi answer field is the PayId for gopay.html.
    pub pay_id: PayIdField,
}

/// A signed request not yet sent: what desk journals before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub path: &'static str,
    /// The JSON that was base64-encoded.
    pub json: String,
    pub req: String,
    pub sign: String,
}

impl Prepared {
    /// `req=<percent-encoded base64>&sign=<md5>`.
    pub fn to_body(&self) -> String {
        sign::form_body("req", &self.req, &self.sign)
    }
}

#[cfg(feature = "client")]
/// Builder for [`Client`]; `base_url`, `merid` and `key` are required (the gateway is white-label: there is
/// no default host).
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    merid: Option<String>,
    key: Option<MerchantKey>,
    settings: Settings,
    timeout: Option<Duration>,
}

#[cfg(feature = "client")]
impl ClientBuilder {
    /// e.g. `https://api.example.com` or `http://127.0.0.1:8080`.
    pub fn base_url(mut self, v: impl Into<String>) -> Self {
        self.base_url = Some(v.into());
        self
    }
    /// The merchant id.
    pub fn merid(mut self, v: impl Into<String>) -> Self {
        self.merid = Some(v.into());
        self
    }
    /// The MD5 key.
    pub fn key(mut self, k: MerchantKey) -> Self {
        self.key = Some(k);
        self
    }
    /// Readings of the ambiguous parts.
    pub fn settings(mut self, s: Settings) -> Self {
        self.settings = s;
        self
    }
    /// Whole-request timeout (default 15 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Builds the client; a missing or malformed setting is an `Error::Invalid` naming it.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check::base_url(&self.base_url.ok_or_else(|| Error::missing("base_url"))?)?;
        let merid = self.merid.ok_or_else(|| Error::missing("merid"))?;
        check::merchant_id("merid", &merid, "the gateway's merchant id")?;
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                merid,
                key: self.key.ok_or_else(|| Error::missing("key"))?,
                settings: self.settings,
                // No connect retries: as before, a refused connection fails at once (nothing was sent).
                http: Transport::new(self.timeout, 0)?,
            }),
        })
    }
}

#[cfg(feature = "client")]
// Debug prints no key material: every key type's Debug is redacted.
#[derive(Debug)]
struct Inner {
    base_url: String,
    merid: String,
    key: MerchantKey,
    settings: Settings,
    http: Transport,
}

#[cfg(feature = "client")]
/// A gateway client for one merchant. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[cfg(feature = "client")]
impl Client {
    /// Starts a builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The readings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The base URL (scheme, host, port).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The merchant id.
    pub fn merid(&self) -> &str {
        &self.inner.merid
    }

    fn prepare_json(&self, path: &'static str, v: &Value) -> Prepared {
        let json = v.to_string();
        let req = sign::encode_req(&json);
        let sign = sign::sign(&req, &self.inner.key);
        Prepared { path, json, req, sign }
    }

    /// Validates and signs a pay call without sending it.
    pub fn prepare_pay(&self, p: &Pay) -> Result<Prepared, Error> {
        p.validate()?;
        Ok(self.prepare_json(PAY_PATH, &p.to_json(&self.inner.merid, self.inner.settings.amounts)))
    }

    /// Creates an order; the answer's `formaction` is what the payer needs.
    pub async fn pay(&self, p: &Pay) -> Result<PayOutput, Error> {
        let prepared = self.prepare_pay(p)?;
        self.send_prepared(&prepared).await
    }

    /// Validates and signs a query without sending it.
    pub fn prepare_query(&self, q: &Query) -> Result<Prepared, Error> {
        q.validate()?;
        Ok(self.prepare_json(QUERY_PATH, &q.to_json(&self.inner.merid)))
    }

    /// Queries an order (by `queryid` when given: it wins over `orderid`).
    pub async fn query(&self, q: &Query) -> Result<QueryOutput, Error> {
        let prepared = self.prepare_query(q)?;
        self.send_prepared(&prepared).await
    }

    /// Validates and signs a cancel without sending it.
    pub fn prepare_cancel(&self, c: &Cancel) -> Result<Prepared, Error> {
        c.validate()?;
        Ok(self.prepare_json(CANCEL_PATH, &c.to_json(&self.inner.merid)))
    }

    /// Cancels an unpaid order.
    pub async fn cancel(&self, c: &Cancel) -> Result<CancelOutput, Error> {
        let prepared = self.prepare_cancel(c)?;
        self.send_prepared(&prepared).await
    }

    /// The link a payer opens in WeChat to hand over an openid that comes back to `backurl` (seed §3.2).
    pub fn openid_url(&self, backurl: &str, payway: Option<&str>) -> Result<String, Error> {
        Ok(wxjsapi::openid_url(&self.inner.base_url, backurl, payway, Some(&self.inner.merid))?)
    }

    /// The link the payer opens to pay a WxJsApi order, from its pay answer (seed §3.3).
    pub fn gopay_url(&self, out: &PayOutput) -> Result<String, Error> {
        let pay_id = self.inner.settings.pay_id.of(out).ok_or_else(|| Error::Decode {
            path: format!(
                "resp.{}",
                if self.inner.settings.pay_id == PayIdField::Queryid { "queryid" } else { "formaction" }
            ),
            message: "the WxJsApi answer carries no PayId".into(),
        })?;
        Ok(wxjsapi::gopay_url(&self.inner.base_url, &self.inner.merid, &out.orderid, pay_id, &self.inner.key)?)
    }

    /// Sends a prepared request; a `respcode` other than `00` is `Error::Business`.
    pub async fn send_prepared<T: DeserializeOwned>(&self, prepared: &Prepared) -> Result<T, Error> {
        let v = self.execute(prepared).await?;
        if let Some(e) = refusal(&v) {
            return Err(e);
        }
        gateway_http::decode("resp", v)
    }

    /// Posts a prepared request and returns the verified, decoded `resp` object.
    pub async fn execute(&self, prepared: &Prepared) -> Result<Value, Error> {
        let url = format!("{}{}", self.inner.base_url, prepared.path);
        let answer = self.inner.http.post_form(&url, prepared.to_body()).await?;
        wire::verify_answer(answer.status, &answer.body, &self.inner.key, self.inner.settings.sign_case)
    }

    /// Verifies and decodes a background notification body (`resp=..&sign=..`). Answer [`codes::NOTIFY_ACK`]
    /// only after handling it; a bad sign is `Error::Signature`.
    pub fn verify_notification(&self, body: &[u8]) -> Result<Notification, Error> {
        let v = wire::verify_notification_body(body, &self.inner.key, self.inner.settings.sign_case)?;
        gateway_http::decode("resp", v)
    }
}

/// The refusal in a verified answer, if its respcode is not `00`.
pub fn refusal(v: &Value) -> Option<Error> {
    let code = v.get("respcode").and_then(Value::as_str).unwrap_or_default().to_string();
    if code == codes::RESP_OK {
        return None;
    }
    let msg = v.get("respmsg").and_then(Value::as_str).unwrap_or_default().to_string();
    Some(Error::Business { hint: codes::hint(&msg), code, message: msg })
}

#[cfg(all(test, feature = "client"))]
mod tests {
    #[test]
    fn debug_shows_the_merchant_not_the_key() {
        let key = crate::MerchantKey::new("abcdefgh12345678").unwrap();
        let c = super::Client::builder().base_url("http://127.0.0.1:1/").merid("M1").key(key).build().unwrap();
        let d = format!("{c:?}");
        assert!(d.contains("\"M1\"") && d.contains("http://127.0.0.1:1") && !d.contains("abcdefgh"), "{d}");
    }
}
