//! The HTTP client: validate, sign, POST the form, verify, decode (style note 5: endpoint = type).
//!
//! Only connection set-up is retried here (the request bytes never left). A request that may have reached
//! the platform is never re-sent by the client; the caller (desk) reconciles by query and resends with the
//! same transNo.
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

use crate::codes;
use crate::error::Error;
#[cfg(feature = "client")]
use crate::keys::{MerchantKey, PlatformKey, SignKey};
#[cfg(feature = "client")]
use crate::methods::Method;
use crate::wire::{self, SignedForm};

/// Production base URL.
pub const PRODUCTION_BASE_URL: &str = "https://api.huishouqian.com";
/// Test base URL.
pub const TEST_BASE_URL: &str = "https://test-api.huishouqian.com";
/// Pre-production (准生产) base URL (OBSERVED).
pub const PRE_PRODUCTION_BASE_URL: &str = "https://api-pre.huishouqian.com";
/// The one acquiring path; the operation is the `method` field.
pub const ACQUIRING_PATH: &str = "/api/acquiring";

#[cfg(feature = "client")]
/// Builder for [`Client`]; `merchant_no`, `merchant_key`, `platform_key` and `sign_key` are required.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    merchant_no: Option<String>,
    merchant_key: Option<MerchantKey>,
    platform_key: Option<PlatformKey>,
    sign_key: Option<SignKey>,
    timeout: Option<Duration>,
    connect_retries: Option<u32>,
}

#[cfg(feature = "client")]
impl ClientBuilder {
    /// Base URL without path, e.g. `https://api.huishouqian.com` or `http://127.0.0.1:8080`.
    pub fn base_url(mut self, v: impl Into<String>) -> Self {
        self.base_url = Some(v.into());
        self
    }
    /// The platform-issued merchant number (12 digits in all samples).
    pub fn merchant_no(mut self, v: impl Into<String>) -> Self {
        self.merchant_no = Some(v.into());
        self
    }
    /// The merchant private key (from the .pfx).
    pub fn merchant_key(mut self, k: MerchantKey) -> Self {
        self.merchant_key = Some(k);
        self
    }
    /// The platform certificate's key (`MANDAO_<merchantNo>_pub.cer`).
    pub fn platform_key(mut self, k: PlatformKey) -> Self {
        self.platform_key = Some(k);
        self
    }
    /// The 32-hex sign key (签名混淆KEY).
    pub fn sign_key(mut self, k: SignKey) -> Self {
        self.sign_key = Some(k);
        self
    }
    /// Whole-request timeout (default 15 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }
    /// How often a failed connection set-up is retried (default 2).
    pub fn connect_retries(mut self, n: u32) -> Self {
        self.connect_retries = Some(n);
        self
    }

    /// Builds the client; a missing or malformed setting is an `Error::Invalid` naming it.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check::base_url(self.base_url.as_deref().unwrap_or(PRODUCTION_BASE_URL))?;
        let merchant_no = self.merchant_no.ok_or_else(|| Error::missing("merchantNo"))?;
        check::merchant_id("merchantNo", &merchant_no, "the platform's merchant number")?;
        Ok(Client {
            inner: Arc::new(Inner {
                url: format!("{base_url}{ACQUIRING_PATH}"),
                merchant_no,
                merchant_key: self.merchant_key.ok_or_else(|| Error::missing("merchant_key"))?,
                platform_key: self.platform_key.ok_or_else(|| Error::missing("platform_key"))?,
                sign_key: self.sign_key.ok_or_else(|| Error::missing("sign_key"))?,
                http: Transport::new(self.timeout, self.connect_retries.unwrap_or(2))?,
            }),
        })
    }
}

#[cfg(feature = "client")]
// Debug prints no key material: every key type's Debug is redacted.
#[derive(Debug)]
struct Inner {
    url: String,
    merchant_no: String,
    merchant_key: MerchantKey,
    platform_key: PlatformKey,
    sign_key: SignKey,
    http: Transport,
}

#[cfg(feature = "client")]
/// A 慧收钱 client for one merchant. Cheap to clone.
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

    /// The merchant number.
    pub fn merchant_no(&self) -> &str {
        &self.inner.merchant_no
    }

    /// Validates and signs `req` without sending it: what desk journals before sending.
    pub fn prepare<M: Method>(&self, req: &M) -> Result<SignedForm, Error> {
        req.validate()?;
        let content = serde_json::to_string(req)
            .map_err(|e| Error::Invalid(crate::FieldError::new("signContent", e.to_string())))?;
        Ok(wire::sign_request(
            M::METHOD,
            &self.inner.merchant_no,
            &content,
            &self.inner.merchant_key,
            &self.inner.sign_key,
        ))
    }

    /// Validates, signs, posts, verifies and decodes one call.
    pub async fn send<M: Method>(&self, req: &M) -> Result<M::Output, Error> {
        let form = self.prepare(req)?;
        self.send_prepared::<M>(&form).await
    }

    /// Sends a prepared (e.g. journalled) form and decodes the answer as `M`'s.
    pub async fn send_prepared<M: Method>(&self, form: &SignedForm) -> Result<M::Output, Error> {
        let result = self.execute(form).await?;
        if !M::is_accepted(&result) {
            return Err(refusal(&result));
        }
        decode(result)
    }

    /// Posts a signed form and returns the verified `result` object, whatever its respCode.
    pub async fn execute(&self, form: &SignedForm) -> Result<Value, Error> {
        let answer = self.inner.http.post_form(&self.inner.url, form.to_body()).await?;
        wire::verify_response(answer.status, &answer.body, &self.inner.platform_key, &self.inner.sign_key)
    }

    /// The platform key (verifies answers and notifications).
    pub fn platform_key(&self) -> &PlatformKey {
        &self.inner.platform_key
    }

    /// Verifies a notification body with this client's keys.
    pub fn verify_notification(&self, body: &[u8]) -> Result<crate::Notification, Error> {
        crate::Notification::from_body(body, &self.inner.platform_key, &self.inner.sign_key)
    }
}

/// The refusal a verified `result` that is not an acceptance stands for: its respCode, respMsg and hint.
pub fn refusal(result: &Value) -> Error {
    let code = result.get("respCode").and_then(Value::as_str).unwrap_or_default().to_string();
    let message = result.get("respMsg").and_then(Value::as_str).unwrap_or_default().to_string();
    Error::Business { hint: codes::hint(&code), code, message }
}

/// Decodes a verified `result` with the JSON path of the first mismatch.
pub fn decode<T: DeserializeOwned>(v: Value) -> Result<T, Error> {
    gateway_http::decode("result", v)
}
