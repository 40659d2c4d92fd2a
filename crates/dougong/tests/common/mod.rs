//! A local dougong server for tests: real HTTP on 127.0.0.1:0, verifies each request's signature with the
//! merchant's public key (spec §2.6 rule), answers with `data` signed by a "Huifu" key (§2.4 simulator
//! rule). Unexpected paths answer 404 and are recorded, so a test that hits one fails loudly.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use dougong::canonical::incoming_request_string;
use dougong::keys::{PrivateKey, PublicKey};
use dougong::wire::signed_response_body;
use dougong::Client;
use serde_json::{json, Value};

pub type Handler = Arc<dyn Fn(&Value) -> Reply + Send + Sync>;

/// What the server does for one request.
pub enum Reply {
    /// Sign and send this `data`.
    Data(Value),
    /// Send this body verbatim with this status.
    Raw(u16, String),
    /// Wait, then sign and send.
    Slow(Duration, Value),
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: HeaderMap,
    pub sys_id: String,
    pub product_id: String,
    /// The raw `data` text as received.
    pub raw_data: String,
    pub data: Value,
    pub signature_ok: bool,
    /// Multipart only: (part name, file name, size).
    pub file: Option<(String, String, usize)>,
}

struct Shared {
    routes: HashMap<String, Handler>,
    merchant_pub: PublicKey,
    huifu_key: PrivateKey,
    seen: Mutex<Vec<Seen>>,
}

pub struct MockHuifu {
    pub base_url: String,
    shared: Arc<Shared>,
}

pub fn merchant_key() -> PrivateKey {
    PrivateKey::from_text(include_str!("../golden/demo_private_key.txt")).unwrap()
}

/// A second key standing in for Huifu's (generated once per test binary).
pub fn huifu_key() -> PrivateKey {
    static K: OnceLock<PrivateKey> = OnceLock::new();
    K.get_or_init(|| PrivateKey::generate(2048).unwrap()).clone()
}

impl MockHuifu {
    pub async fn start(routes: Vec<(&str, Handler)>) -> MockHuifu {
        let shared = Arc::new(Shared {
            routes: routes.into_iter().map(|(p, h)| (p.to_string(), h)).collect(),
            merchant_pub: merchant_key().public_key(),
            huifu_key: huifu_key(),
            seen: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new().fallback(handle).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        MockHuifu { base_url: format!("http://{addr}"), shared }
    }

    pub fn client(&self) -> Client {
        Client::builder()
            .base_url(&self.base_url)
            .sys_id("6666000108854952")
            .product_id("YYZY")
            .private_key(merchant_key())
            .huifu_public_key(huifu_key().public_key())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    /// The only request seen; panics unless exactly one arrived with a valid signature.
    pub fn one(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected exactly one request, saw {seen:#?}");
        assert!(seen[0].signature_ok, "request signature must verify on the server side: {:?}", seen[0].raw_data);
        seen[0].clone()
    }
}

/// A handler that checks nothing and answers `data` (with resp_code 00000000 unless given).
pub fn answer(data: Value) -> Handler {
    Arc::new(move |_req: &Value| {
        let mut d = data.clone();
        if d.get("resp_code").is_none() {
            d["resp_code"] = json!("00000000");
            d["resp_desc"] = json!("成功");
        }
        Reply::Data(d)
    })
}

/// A handler computed from the request `data`.
pub fn respond(f: impl Fn(&Value) -> Value + Send + Sync + 'static) -> Handler {
    Arc::new(move |req: &Value| Reply::Data(f(req)))
}

pub fn reply(f: impl Fn(&Value) -> Reply + Send + Sync + 'static) -> Handler {
    Arc::new(f)
}

async fn handle(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let is_multipart =
        headers.get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
    let (sys_id, product_id, raw_data, sign, file) = if is_multipart {
        let mut mp = Multipart::from_request(req, &()).await.unwrap();
        let (mut sys, mut prod, mut data, mut sign, mut file) =
            (String::new(), String::new(), String::new(), String::new(), None);
        while let Some(field) = mp.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_string();
            let fname = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.unwrap();
            match (name.as_str(), fname) {
                (n, Some(f)) => file = Some((n.to_string(), f, bytes.len())),
                ("sys_id", _) => sys = String::from_utf8_lossy(&bytes).into(),
                ("product_id", _) => prod = String::from_utf8_lossy(&bytes).into(),
                ("data", _) => data = String::from_utf8_lossy(&bytes).into(),
                ("sign", _) => sign = String::from_utf8_lossy(&bytes).into(),
                _ => {}
            }
        }
        (sys, prod, data, sign, file)
    } else {
        let body: Bytes = Bytes::from_request(req, &()).await.unwrap();
        let env: Value = serde_json::from_slice(&body).expect("client must send JSON");
        let raw = serde_json::from_slice::<dougong::wire::RequestEnvelope>(&body).expect("envelope shape");
        (
            env["sys_id"].as_str().unwrap_or_default().into(),
            env["product_id"].as_str().unwrap_or_default().into(),
            raw.data.get().to_string(),
            raw.sign,
            None,
        )
    };
    let canonical = incoming_request_string(&raw_data).unwrap_or_default();
    let signature_ok = shared.merchant_pub.verify(canonical.as_bytes(), &sign);
    let data: Value = serde_json::from_str(&raw_data).unwrap_or(Value::Null);
    shared.seen.lock().unwrap().push(Seen {
        path: path.clone(),
        headers,
        sys_id,
        product_id,
        raw_data,
        data: data.clone(),
        signature_ok,
        file,
    });
    if !signature_ok {
        let d = json!({"resp_code":"10000000","resp_desc":"验签失败"});
        return (StatusCode::OK, signed_response_body(&d, &shared.huifu_key)).into_response();
    }
    let Some(handler) = shared.routes.get(&path) else {
        return (StatusCode::NOT_FOUND, format!("mock: unexpected path {path}")).into_response();
    };
    match handler(&data) {
        Reply::Data(d) => (StatusCode::OK, signed_response_body(&d, &shared.huifu_key)).into_response(),
        Reply::Raw(status, body) => (StatusCode::from_u16(status).unwrap(), body).into_response(),
        Reply::Slow(wait, d) => {
            tokio::time::sleep(wait).await;
            (StatusCode::OK, signed_response_body(&d, &shared.huifu_key)).into_response()
        }
    }
}
