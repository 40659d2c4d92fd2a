//! Helpers for the sandbox integration tests: a running sandbox in a temp dir, a real dougong client
//! configured from its credentials.json, a loopback notification receiver, and fixture uploads.
#![allow(dead_code)]

pub mod oracles;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

pub struct Env {
    pub dir: tempfile::TempDir,
    pub sb: sandbox::RunningSandbox,
    pub client: dougong::Client,
    pub http: reqwest::Client,
}

pub fn fast_timing() -> sandbox::Timing {
    sandbox::Timing {
        audit_auto_approve: None,
        busi_open: Duration::from_millis(300),
        settle: Duration::from_millis(300),
        password_entry: Duration::from_millis(300),
        bill_task_step: Duration::from_millis(200),
        notify_retry: vec![Duration::from_millis(200), Duration::from_millis(400), Duration::from_millis(800)],
        huishouqian_notify_retry: vec![Duration::from_millis(200), Duration::from_millis(400)],
        mpgateway_notify_retry: [100, 100, 100, 200, 200, 200, 300, 300, 300].map(Duration::from_millis).to_vec(),
    }
}

pub async fn start_in(dir: tempfile::TempDir) -> Env {
    let cfg =
        sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), timing: fast_timing(), ..Default::default() };
    let sb = sandbox::start(cfg).await.expect("sandbox starts");
    let client = client_for(sb.credentials());
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Env { dir, sb, client, http }
}

pub async fn start() -> Env {
    start_in(tempfile::tempdir().expect("temp dir")).await
}

pub fn client_for(c: &sandbox::Credentials) -> dougong::Client {
    dougong::Client::builder()
        .base_url(c.base_url.clone())
        .sys_id(c.sys_id.clone())
        .product_id(c.product_id.clone())
        .private_key(dougong::keys::PrivateKey::from_text(&c.private_key).unwrap())
        .huifu_public_key(dougong::keys::PublicKey::from_text(&c.huifu_public_key).unwrap())
        .build()
        .unwrap()
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url(), path)
    }

    pub async fn call(&self, path: &str, data: Value) -> Value {
        let m: Map<String, Value> = data.as_object().expect("object").clone();
        self.client.call_raw(path, m).await.unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut rb = self.http.request(method, self.url(path));
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.expect("control reachable");
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "{path}: HTTP {status}: {v}");
        v
    }

    pub async fn get(&self, path: &str) -> Value {
        self.control(reqwest::Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.control(reqwest::Method::POST, path, Some(body)).await
    }

    /// Uploads a small PNG as `file_type` through the signed multipart form (Java layout).
    pub async fn upload(&self, file_type: &str) -> String {
        let creds = self.sb.credentials();
        let data = json!({"req_seq_id": seq("pic"), "req_date": today(), "file_type": file_type});
        let data_text = data.to_string();
        let key = dougong::keys::PrivateKey::from_text(&creds.private_key).unwrap();
        let canonical = dougong::canonical::request_string(data.as_object().unwrap());
        let sign = key.sign(canonical.as_bytes());
        let png = b"\x89PNG\r\n\x1a\n fixture image bytes".to_vec();
        let form = reqwest::multipart::Form::new()
            .text("sys_id", creds.sys_id.clone())
            .text("product_id", creds.product_id.clone())
            .text("sign", sign)
            .text("data", data_text)
            .part("file", reqwest::multipart::Part::bytes(png).file_name("photo.png"));
        let r = self.http.post(self.url("/v2/supplementary/picture")).multipart(form).send().await.unwrap();
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["data"]["resp_code"], "00000000", "upload {file_type}: {v}");
        v["data"]["file_id"].as_str().unwrap().to_string()
    }
}

pub fn today() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    sandbox::clock::ymd(now)
}

pub fn seq(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}{}{}", nanos % 1_000_000_000_000, N.fetch_add(1, Ordering::SeqCst))
}

/// Received notifications: (path, form fields).
pub type Inbox = Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>;

/// A loopback receiver that acknowledges with `RECV_ORD_ID_<id>` (id from `data`/`resp_data`:
/// `ord_id` or `req_seq_id`), except on paths containing `/fail`, which answer HTTP 500.
pub async fn receiver() -> (String, Inbox) {
    let inbox: Inbox = Arc::default();
    async fn handle(
        State(inbox): State<Inbox>,
        uri: axum::http::Uri,
        body: String,
    ) -> (axum::http::StatusCode, String) {
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        inbox.lock().unwrap().push((uri.path().to_string(), fields.clone()));
        if uri.path().contains("/fail") {
            return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "no".into());
        }
        let payload =
            fields.iter().find(|(k, _)| k == "resp_data" || k == "data").map(|(_, v)| v.clone()).unwrap_or_default();
        let v: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
        let id = v.get("ord_id").or(v.get("req_seq_id")).and_then(Value::as_str).unwrap_or_default().to_string();
        (axum::http::StatusCode::OK, format!("RECV_ORD_ID_{id}"))
    }
    let app = Router::new().route("/{*p}", post(handle)).with_state(inbox.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    (format!("http://{addr}"), inbox)
}

/// Waits until `f` holds (polling every 50 ms, at most 3 × `secs` seconds: CI machines are loaded).
pub async fn until(secs: u64, mut f: impl FnMut() -> bool) -> bool {
    for _ in 0..secs * 60 {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f()
}

/// A complete enterprise onboarding body (offline scene, 对公 card) referencing uploaded files.
pub async fn ent_body(env: &Env, reg_name: &str, ent_type: &str, notify: &str) -> Value {
    let sys_id = env.sb.credentials().sys_id.clone();
    json!({
        "req_seq_id": seq("ent"), "req_date": today(), "upper_huifu_id": sys_id,
        "reg_name": reg_name, "short_name": "沙箱测试店", "receipt_name": "沙箱测试店", "ent_type": ent_type,
        "mcc": "5411", "busi_type": "1", "scene_type": "OFFLINE",
        "license_pic": env.upload("F07").await, "license_code": "91310101MA1FPX1234", "license_validity_type": "1",
        "license_begin_date": "20200101", "found_date": "20200101", "reg_capital": "100.00",
        "reg_prov_id": "310000", "reg_area_id": "310100", "reg_district_id": "310101", "reg_detail": "上海市黄浦区测试路1号",
        "prov_id": "310000", "area_id": "310100", "district_id": "310101", "detail_addr": "上海市黄浦区测试路1号",
        "legal_name": "张三", "legal_cert_type": "00", "legal_cert_no": "110101199003071234", "legal_cert_validity_type": "1",
        "legal_cert_begin_date": "20200101", "legal_addr": "北京市东城区",
        "legal_cert_front_pic": env.upload("F02").await, "legal_cert_back_pic": env.upload("F03").await,
        "contact_name": "张三", "contact_mobile_no": "13800138000", "contact_email": "ops@example.com",
        "login_name": seq("login"),
        "card_info": json!({"card_type": "0", "card_name": reg_name, "card_no": "6222020200112233445", "area_id": "310100", "branch_code": "102290000001"}).to_string(),
        "reg_acct_pic": env.upload("F08").await,
        "store_header_pic": env.upload("F22").await, "store_indoor_pic": env.upload("F24").await,
        "store_cashier_desk_pic": env.upload("F105").await,
        "cash_config": json!([{"cash_type": "T1", "fix_amt": "1.00"}]).to_string(),
        "async_return_url": format!("{notify}/audit"),
    })
}

/// Reads one form field of a received notification.
pub fn field(fields: &[(String, String)], k: &str) -> String {
    fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default()
}

/// Onboards a 个体工商户 (passes at once), opens WeChat + Alipay, completes WeChat realname and binds
/// `appid`. Returns the huifu_id.
pub async fn ready_merchant(env: &Env, notify: &str, appid: &str) -> String {
    let a = env.call("/v2/merchant/basicdata/ent", ent_body(env, "个体户沙箱商户", "5", notify).await).await;
    assert_eq!(a["resp_code"], "00000000", "{a}");
    let huifu_id = a["huifu_id"].as_str().unwrap().to_string();
    let sys_id = env.sb.credentials().sys_id.clone();
    let open = env
        .call("/v2/merchant/busi/open", json!({
            "req_seq_id": seq("open"), "req_date": today(), "huifu_id": huifu_id, "upper_huifu_id": sys_id,
            "wx_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}, {"pay_scene": "2", "fee_rate": "0.38"}]).to_string(),
            "ali_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}]).to_string(),
            "async_return_url": format!("{notify}/busi-audit"), "busi_async_return_url": format!("{notify}/busi"),
        }))
        .await;
    assert_eq!(open["resp_code"], "00000100", "{open}");
    let status_q =
        json!({"req_seq_id": seq("st"), "req_date": today(), "huifu_id": huifu_id, "apply_no": open["apply_no"]});
    let mut opened = false;
    for _ in 0..150 {
        let st = env.call("/v2/merchant/basicdata/status/query", status_q.clone()).await;
        if st["apply_status"] == "Y" {
            opened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(opened, "business open finishes");
    let r = env
        .call(
            "/v2/merchant/busi/realname",
            json!({"req_seq_id": seq("rn"), "req_date": today(), "huifu_id": huifu_id,
        "name": "张三", "mobile": "13800138000", "id_card_number": "110101199003071234", "contact_type": "LEGAL"}),
        )
        .await;
    assert_eq!(r["resp_code"], "00000000", "{r}");
    let mut qr = String::new();
    for _ in 0..150 {
        let q = env
            .call(
                "/v2/merchant/busi/realname/query",
                json!({"req_seq_id": seq("rq"), "req_date": today(), "huifu_id": huifu_id}),
            )
            .await;
        if q["applyment_stat"] == "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON" {
            qr = q["qrcode_data"].as_str().unwrap().to_string();
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(qr.starts_with("http://127.0.0.1"), "realname QR points to the sandbox page: {qr}");
    let page = env.http.post(&qr).form(&[("channel", "wx")]).send().await.unwrap();
    assert!(page.status().is_success());
    let c = env
        .call(
            "/v2/merchant/busi/config",
            json!({"req_seq_id": seq("cfg"), "req_date": today(), "huifu_id": huifu_id,
        "fee_type": "02", "wx_woa_app_id": appid, "wx_woa_path": "https://shop.example.com/pay/"}),
        )
        .await;
    assert_eq!(c["resp_code"], "00000000", "{c}");
    huifu_id
}

impl Env {
    /// Calls a read endpoint until `pred` holds on the answer (every 100 ms, at most 15 s), so tests do
    /// not depend on how fast a loaded machine runs the sandbox's ticker.
    pub async fn poll(&self, path: &str, data: Value, pred: impl Fn(&Value) -> bool) -> Value {
        let mut last = Value::Null;
        for _ in 0..150 {
            last = self.call(path, data.clone()).await;
            if pred(&last) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{path}: condition never held; last answer {last}");
    }
}
