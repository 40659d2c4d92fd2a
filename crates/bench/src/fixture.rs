//! What the client and refund benches stand on: the sandbox as its own process (`paydesk sandbox serve`,
//! release build, loopback), so the Rust client, the Python SDK and `paydesk` all talk to the same server
//! and none shares its CPU time with the server's runtime; a merchant that takes Alipay QR orders; paid
//! orders made through the real signed API.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use dougong::keys::{PrivateKey, PublicKey};
use dougong::onboarding::{PictureUpload, UploadFile};
use serde_json::{json, Map, Value};

/// A running `paydesk sandbox serve`, stopped (by its pid) when dropped.
pub struct SandboxProcess {
    child: Child,
    pub dir: tempfile::TempDir,
    pub base_url: String,
    pub creds: Value,
    pub http: reqwest::Client,
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SandboxProcess {
    pub fn start(paydesk: &Path) -> SandboxProcess {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(paydesk)
            .args(["sandbox", "serve", "--addr", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", paydesk.display()));
        let mut first = String::new();
        let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
        out.read_line(&mut first).expect("sandbox prints its URL");
        // Keep reading: a closed pipe would make its next println! fail and end the sandbox.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let base_url = first
            .trim()
            .strip_prefix("sandbox listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        let creds: Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("credentials.json")).expect("credentials.json"))
                .expect("credentials JSON");
        let http = reqwest::Client::builder().no_proxy().build().expect("http client");
        SandboxProcess { child, dir, base_url, creds, http }
    }

    pub fn cred(&self, k: &str) -> String {
        self.creds[k].as_str().unwrap_or_else(|| panic!("credentials.json has no {k}")).to_string()
    }

    pub fn client(&self) -> dougong::Client {
        dougong::Client::builder()
            .base_url(self.base_url.clone())
            .sys_id(self.cred("sys_id"))
            .product_id(self.cred("product_id"))
            .private_key(PrivateKey::from_text(&self.cred("private_key")).expect("sandbox private key"))
            .huifu_public_key(PublicKey::from_text(&self.cred("huifu_public_key")).expect("sandbox public key"))
            .build()
            .expect("client builds")
    }

    pub fn credentials_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub async fn get(&self, path: &str) -> Value {
        let r = self.http.get(format!("{}{path}", self.base_url)).send().await.expect("control reachable");
        assert!(r.status().is_success(), "{path}: HTTP {}", r.status());
        r.json().await.expect("control answers JSON")
    }

    pub async fn post(&self, path: &str, body: Value) -> Value {
        let r = self.http.post(format!("{}{path}", self.base_url)).json(&body).send().await.expect("control reachable");
        assert!(r.status().is_success(), "{path}: HTTP {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    /// Records of one kind (`orders`, `refunds`, …).
    pub async fn records(&self, kind: &str) -> Vec<Value> {
        self.get(&format!("/sandbox/records/{kind}")).await["records"].as_array().cloned().unwrap_or_default()
    }
}

/// Today in Beijing time, yyyyMMdd (the sandbox's clock is not moved by the benches).
pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    format!("{:04}{:02}{:02}", now.year(), now.month() as u8, now.day())
}

/// A req_seq_id unique within the run.
pub fn seq(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock after 1970").as_nanos();
    format!("{prefix}{}{}", nanos % 1_000_000_000_000, N.fetch_add(1, Ordering::Relaxed))
}

pub async fn call(c: &dougong::Client, path: &str, data: Value) -> Value {
    let m: Map<String, Value> = data.as_object().expect("object").clone();
    c.call_raw(path, m).await.unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn upload(c: &dougong::Client, file_type: &str) -> String {
    let req =
        PictureUpload { req_seq_id: seq("pic"), req_date: today(), file_type: file_type.into(), ..Default::default() };
    let file = UploadFile { file_name: "photo.png".into(), bytes: b"\x89PNG\r\n\x1a\n bench fixture".to_vec() };
    let r = c.upload_picture(&req, Some(&file)).await.unwrap_or_else(|e| panic!("upload {file_type}: {e}"));
    r.file_id.unwrap_or_else(|| panic!("upload {file_type}: no file_id ({})", r.resp_desc))
}

/// A 个体工商户 (approved at once) with Alipay open, ready for A_NATIVE orders. Returns its huifu_id.
pub async fn merchant(sb: &SandboxProcess, c: &dougong::Client) -> String {
    let sys_id = sb.cred("sys_id");
    let body = json!({
        "req_seq_id": seq("ent"), "req_date": today(), "upper_huifu_id": sys_id,
        "reg_name": "个体户压测商户", "short_name": "压测店", "receipt_name": "压测店", "ent_type": "5",
        "mcc": "5411", "busi_type": "1", "scene_type": "OFFLINE",
        "license_pic": upload(c, "F07").await, "license_code": "91310101MA1FPX1234", "license_validity_type": "1",
        "license_begin_date": "20200101", "found_date": "20200101", "reg_capital": "100.00",
        "reg_prov_id": "310000", "reg_area_id": "310100", "reg_district_id": "310101", "reg_detail": "上海市黄浦区测试路1号",
        "prov_id": "310000", "area_id": "310100", "district_id": "310101", "detail_addr": "上海市黄浦区测试路1号",
        "legal_name": "张三", "legal_cert_type": "00", "legal_cert_no": "110101199003071234", "legal_cert_validity_type": "1",
        "legal_cert_begin_date": "20200101", "legal_addr": "北京市东城区",
        "legal_cert_front_pic": upload(c, "F02").await, "legal_cert_back_pic": upload(c, "F03").await,
        "contact_name": "张三", "contact_mobile_no": "13800138000", "contact_email": "ops@example.com",
        "login_name": seq("login"),
        "card_info": json!({"card_type": "0", "card_name": "个体户压测商户", "card_no": "6222020200112233445", "area_id": "310100", "branch_code": "102290000001"}).to_string(),
        "reg_acct_pic": upload(c, "F08").await,
        "store_header_pic": upload(c, "F22").await, "store_indoor_pic": upload(c, "F24").await,
        "store_cashier_desk_pic": upload(c, "F105").await,
        "cash_config": json!([{"cash_type": "T1", "fix_amt": "1.00"}]).to_string(),
    });
    let a = call(c, "/v2/merchant/basicdata/ent", body).await;
    let huifu_id = a["huifu_id"].as_str().unwrap_or_else(|| panic!("onboarding: {a}")).to_string();
    let open = call(
        c,
        "/v2/merchant/busi/open",
        json!({"req_seq_id": seq("o"), "req_date": today(), "huifu_id": huifu_id,
        "upper_huifu_id": sys_id, "ali_conf_list": json!([{"pay_scene": "1", "fee_rate": "0.38"}]).to_string()}),
    )
    .await;
    let apply_no = open["apply_no"].as_str().unwrap_or_else(|| panic!("busi open: {open}"));
    sb.post(&format!("/sandbox/audits/{apply_no}/approve"), json!({})).await;
    // The business is usable once the approval has been applied; poll with a real order.
    for _ in 0..200 {
        let o = call(c, "/v2/trade/payment/jspay", order_body(&huifu_id, 1)).await;
        if o["resp_code"] == "00000100" {
            return huifu_id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the merchant's Alipay business never opened");
}

fn order_body(huifu_id: &str, fen: i64) -> Value {
    json!({"req_seq_id": seq("ord"), "req_date": today(), "huifu_id": huifu_id, "goods_desc": "压测商品",
           "trade_type": "A_NATIVE", "trans_amt": format!("{}.{:02}", fen / 100, fen % 100)})
}

/// A paid order: (hf_seq_id, req_date, amount in fen).
#[derive(Debug, Clone)]
pub struct Paid {
    pub hf_seq_id: String,
    pub req_date: String,
    pub fen: i64,
}

/// `n` paid orders of `fen` each (jspay, then the sandbox's pay control), 8 in flight.
pub async fn paid_orders(sb: &SandboxProcess, c: &dougong::Client, huifu_id: &str, n: usize, fen: i64) -> Vec<Paid> {
    let mut out = Vec::with_capacity(n);
    let mut left = n;
    while left > 0 {
        let k = left.min(8);
        let mut tasks = Vec::new();
        for _ in 0..k {
            let c = c.clone();
            let body = order_body(huifu_id, fen);
            tasks.push(tokio::spawn(async move {
                let o = call(&c, "/v2/trade/payment/jspay", body.clone()).await;
                (o, body)
            }));
        }
        for t in tasks {
            let (o, body) = t.await.expect("order task");
            let hf = o["hf_seq_id"].as_str().unwrap_or_else(|| panic!("jspay: {o}")).to_string();
            sb.post(&format!("/sandbox/orders/{hf}/pay"), json!({})).await;
            out.push(Paid { hf_seq_id: hf, req_date: body["req_date"].as_str().expect("date").into(), fen });
        }
        left -= k;
    }
    out
}
