//! The HTTP client: validate, sign, POST, verify, decode (style note 5: endpoint = type).
//!
//! Retries: only connection set-up is retried (the request bytes never left), as dg-sdk does
//! (`Retry(connect=3)`); a request that may have reached Huifu is never re-sent here. The caller (desk)
//! reconciles by query and retries with the same req_seq_id.
// Without the `client` feature (crates/fuzz) only the pure parts here are used.
#![cfg_attr(not(feature = "client"), allow(unused_imports, dead_code))]

#[cfg(feature = "client")]
use std::sync::Arc;
#[cfg(feature = "client")]
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::codes;
use crate::error::{Error, FieldError};
#[cfg(feature = "client")]
use crate::keys::{PrivateKey, PublicKey};
#[cfg(feature = "client")]
use crate::verify;
use crate::wire::{self, SignedRequest};

/// Production base URL (spec §1).
pub const PRODUCTION_BASE_URL: &str = "https://api.huifu.com";
/// Merchant joint-debug (联调) base URL (spec §1).
pub const JOINT_DEBUG_BASE_URL: &str = "https://opps-stbmertest.testpnr.com";

/// One dougong endpoint: the request type names its path and its response type.
pub trait Endpoint: Serialize {
    /// Path relative to the base URL, e.g. `/v2/trade/payment/jspay`.
    const PATH: &'static str;
    /// The decoded `data` of a successful answer.
    type Output: DeserializeOwned;
    /// Checks the fields before anything is signed or sent; the error names the wire field.
    fn validate(&self) -> Result<(), FieldError>;
    /// Whether `resp_code` is an answer rather than a refusal. Default: success or processing.
    fn is_accepted(resp_code: &str) -> bool {
        codes::is_accepted(resp_code)
    }
}

/// A signed request that has not been sent: what desk journals (and previews) before sending.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub path: String,
    pub request: SignedRequest,
}

#[cfg(feature = "client")]
/// Builder for [`Client`]. `sys_id`, `product_id`, `private_key` and `huifu_public_key` are required.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    sys_id: Option<String>,
    product_id: Option<String>,
    private_key: Option<PrivateKey>,
    huifu_public_key: Option<PublicKey>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    connect_retries: Option<u32>,
    headers: Vec<(String, String)>,
}

#[cfg(feature = "client")]
impl ClientBuilder {
    /// Base URL without trailing path, e.g. `https://api.huifu.com` or `http://127.0.0.1:8080`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }
    /// The caller's huifu_id (channel or direct merchant).
    pub fn sys_id(mut self, v: impl Into<String>) -> Self {
        self.sys_id = Some(v.into());
        self
    }
    /// The product id Huifu assigned.
    pub fn product_id(mut self, v: impl Into<String>) -> Self {
        self.product_id = Some(v.into());
        self
    }
    /// The merchant private key that signs requests.
    pub fn private_key(mut self, k: PrivateKey) -> Self {
        self.private_key = Some(k);
        self
    }
    /// Huifu's public key that verifies answers.
    pub fn huifu_public_key(mut self, k: PublicKey) -> Self {
        self.huifu_public_key = Some(k);
        self
    }
    /// Whole-request timeout (default 15 s, as dg-sdk).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }
    /// Connection set-up timeout (default: the smaller of 5 s and the request timeout).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = Some(t);
        self
    }
    /// How many times a failed connection set-up is retried (default 3).
    pub fn connect_retries(mut self, n: u32) -> Self {
        self.connect_retries = Some(n);
        self
    }
    /// An extra header on every request (e.g. from `paydesk devtools call --header`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Builds the client; a missing or malformed setting is an `Error::Invalid` naming it.
    pub fn build(self) -> Result<Client, Error> {
        let missing = |f: &str| Error::Invalid(FieldError::new(f, "is required to build a client"));
        let base_url = self.base_url.unwrap_or_else(|| PRODUCTION_BASE_URL.to_string());
        if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
            return Err(Error::Invalid(FieldError::new("base_url", "must start with http:// or https://")));
        }
        let sys_id = self.sys_id.ok_or_else(|| missing("sys_id"))?;
        wire::check::huifu_id("sys_id", &sys_id, 32)?;
        let product_id = self.product_id.ok_or_else(|| missing("product_id"))?;
        wire::check::required("product_id", &product_id, 32)?;
        let private_key = self.private_key.ok_or_else(|| missing("private_key"))?;
        let huifu_public_key = self.huifu_public_key.ok_or_else(|| missing("huifu_public_key"))?;
        let timeout = self.timeout.unwrap_or(Duration::from_secs(15));
        let connect_timeout = self.connect_timeout.unwrap_or_else(|| timeout.min(Duration::from_secs(5)));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("jpt-sdk_version", reqwest::header::HeaderValue::from_static("paydesk_dougong_0.1"));
        for (name, value) in &self.headers {
            let n = reqwest::header::HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
                Error::Invalid(FieldError::new("header", format!("{name:?} is not a valid header name")))
            })?;
            let v = reqwest::header::HeaderValue::from_str(value.trim()).map_err(|_| {
                Error::Invalid(FieldError::new("header", format!("value of {name} is not a valid header value")))
            })?;
            headers.insert(n, v);
        }
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .default_headers(headers)
            .build()
            .map_err(|e| Error::Transport { sent: false, message: format!("cannot build HTTP client: {e}") })?;
        Ok(Client {
            inner: Arc::new(Inner {
                base_url: base_url.trim_end_matches('/').to_string(),
                sys_id,
                product_id,
                private_key,
                huifu_public_key,
                connect_retries: self.connect_retries.unwrap_or(3),
                http,
            }),
        })
    }
}

#[cfg(feature = "client")]
struct Inner {
    base_url: String,
    sys_id: String,
    product_id: String,
    private_key: PrivateKey,
    huifu_public_key: PublicKey,
    connect_retries: u32,
    http: reqwest::Client,
}

#[cfg(feature = "client")]
/// A dougong client for one sys_id/product_id and key pair. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[cfg(feature = "client")]
impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("sys_id", &self.inner.sys_id)
            .field("product_id", &self.inner.product_id)
            .finish_non_exhaustive()
    }
}

/// The request's `data` as a JSON object.
pub(crate) fn data_map<T: Serialize>(req: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(req) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::Invalid(FieldError::new("data", "request does not serialise to a JSON object"))),
        Err(e) => Err(Error::Invalid(FieldError::new("data", e.to_string()))),
    }
}

/// Turns a verified `data` into the endpoint's output, or a business refusal.
pub(crate) fn decode_output<R: Endpoint>(data: Value) -> Result<R::Output, Error> {
    let code = data.get("resp_code").and_then(Value::as_str).unwrap_or_default().to_string();
    if !R::is_accepted(&code) {
        let desc = data.get("resp_desc").and_then(Value::as_str).unwrap_or_default().to_string();
        return Err(Error::Business { hint: codes::hint(&code, &desc), resp_code: code, resp_desc: desc });
    }
    decode_value(data)
}

/// Decodes with the JSON path of the first mismatch in the error.
pub fn decode_value<T: DeserializeOwned>(data: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(data)
        .map_err(|e| Error::Decode { path: format!("data.{}", e.path()), message: e.into_inner().to_string() })
}

#[cfg(feature = "client")]
impl Client {
    /// Starts a builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The configured base URL (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The caller's sys_id.
    pub fn sys_id(&self) -> &str {
        &self.inner.sys_id
    }

    /// Validates and signs `req` without sending it.
    pub fn prepare<R: Endpoint>(&self, req: &R) -> Result<Prepared, Error> {
        req.validate()?;
        Ok(self.prepare_raw(R::PATH, &data_map(req)?))
    }

    /// Signs an arbitrary `data` object for `path` without sending it.
    pub fn prepare_raw(&self, path: &str, data: &Map<String, Value>) -> Prepared {
        Prepared {
            path: path.to_string(),
            request: wire::sign_request(&self.inner.sys_id, &self.inner.product_id, data, &self.inner.private_key),
        }
    }

    /// Validates, signs, posts, verifies and decodes one endpoint call.
    pub async fn send<R: Endpoint>(&self, req: &R) -> Result<R::Output, Error> {
        let prepared = self.prepare(req)?;
        let data = self.execute(&prepared).await?;
        decode_output::<R>(data)
    }

    /// Sends a prepared request (e.g. one journalled earlier) and decodes it as `R`'s answer.
    pub async fn send_prepared<R: Endpoint>(&self, prepared: &Prepared) -> Result<R::Output, Error> {
        decode_output::<R>(self.execute(prepared).await?)
    }

    /// Signs and posts any `data` to `path`, returns the verified `data` of the answer. A refusal
    /// (`resp_code` not success/processing) is returned as data, not as `Error::Business`: this is the
    /// developer's tool (`paydesk devtools call`); typed callers use [`Client::send`].
    pub async fn call_raw(&self, path: &str, data: Map<String, Value>) -> Result<Value, Error> {
        if !path.starts_with('/') {
            return Err(Error::Invalid(FieldError::new(
                "path",
                "must start with '/', e.g. /v2/trade/payment/scanpay/query",
            )));
        }
        self.execute(&self.prepare_raw(path, &data)).await
    }

    /// Like [`Client::call_raw`], but `data` is JSON text read the way dg-sdk reads it (number literals
    /// exact, Python's float spelling), so what is signed is what the developer wrote.
    pub async fn call_raw_json(&self, path: &str, data_json: &str) -> Result<Value, Error> {
        if !path.starts_with('/') {
            return Err(Error::Invalid(FieldError::new(
                "path",
                "must start with '/', e.g. /v2/trade/payment/scanpay/query",
            )));
        }
        let canonical = crate::canonical::request_string_from_json(data_json)
            .map_err(|e| Error::Invalid(FieldError::new("data", e.to_string())))?;
        let request =
            wire::sign_canonical(&self.inner.sys_id, &self.inner.product_id, canonical, &self.inner.private_key);
        self.execute(&Prepared { path: path.to_string(), request }).await
    }

    /// Posts the prepared body and verifies the answer.
    pub async fn execute(&self, prepared: &Prepared) -> Result<Value, Error> {
        let url = format!("{}{}", self.inner.base_url, prepared.path);
        let body = prepared.request.body.clone();
        let (status, bytes) = self
            .post_with_connect_retries(|| {
                self.inner
                    .http
                    .post(&url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json;charset=utf-8")
                    .header("signType", "RSA")
                    .body(body.clone())
            })
            .await?;
        self.verify_answer(status, &bytes)
    }

    pub(crate) fn verify_answer(&self, status: u16, bytes: &[u8]) -> Result<Value, Error> {
        match verify::verify_response_body(bytes, &self.inner.huifu_public_key) {
            Ok(v) => Ok(v),
            Err(Error::Signature { .. }) if !(200..300).contains(&status) => {
                Err(Error::Http { status, body: String::from_utf8_lossy(bytes).into_owned() })
            }
            Err(e) => Err(e),
        }
    }

    /// Sends the request built by `make`, rebuilding and retrying it only while the connection could not
    /// be set up. Returns status and body bytes.
    pub(crate) async fn post_with_connect_retries(
        &self,
        make: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<(u16, Vec<u8>), Error> {
        // The transport the 慧收钱 and MD5 gateway clients use; its failures keep their "sent" reading.
        let answer = gateway_http::transport::send_retrying(make, self.inner.connect_retries, 250).await.map_err(
            |e| match e {
                gateway_http::Error::Timeout { sent } => Error::Timeout { sent },
                gateway_http::Error::Transport { sent, message } => Error::Transport { sent, message },
                other => Error::Transport { sent: other.may_have_been_sent(), message: other.to_string() },
            },
        )?;
        Ok((answer.status, answer.body))
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn sign_parts(&self, data: &Map<String, Value>) -> SignedRequest {
        wire::sign_request(&self.inner.sys_id, &self.inner.product_id, data, &self.inner.private_key)
    }

    pub(crate) fn ids(&self) -> (&str, &str) {
        (&self.inner.sys_id, &self.inner.product_id)
    }

    /// Huifu's public key (verifies answers and notifications).
    pub fn huifu_public_key(&self) -> &PublicKey {
        &self.inner.huifu_public_key
    }
}
