//! Helpers shared by the CLI's integration tests: the `paydesk` binary run in a temporary PAYDESK_HOME,
//! a sandbox of the test's own (in this process, loopback HTTP), a profile `sbx` on it with the sandbox's
//! keys imported through the CLI, and an approved individual merchant.
#![allow(dead_code)]

pub mod writes;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

/// A temporary PAYDESK_HOME and a folder for the files a test hands to the binary.
pub struct Env {
    pub home: tempfile::TempDir,
    pub files: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env { home: tempfile::tempdir().unwrap(), files: tempfile::tempdir().unwrap() }
    }
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paydesk"));
        c.args(args).env("PAYDESK_HOME", self.home.path()).env_remove("PAYDESK_PROFILE").stdin(Stdio::null());
        c
    }
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("paydesk runs")
    }
    /// Runs with --json and parses stdout; panics with stderr on failure.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "paydesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("paydesk {args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }
    /// Runs with --json, expects failure; answers (exit code, error JSON from stderr).
    pub fn fails(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(!out.status.success(), "paydesk {args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err.lines().rev().find(|l| l.starts_with('{')).unwrap_or("{}");
        (out.status.code().unwrap_or(-1), serde_json::from_str(line).unwrap_or(Value::Null))
    }
    /// The data directory's database, read-only.
    pub fn db(&self) -> rusqlite::Connection {
        rusqlite::Connection::open_with_flags(
            self.home.path().join("paydesk.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .unwrap()
    }
    pub fn journal_state(&self, req_seq_id: &str) -> Option<String> {
        let c = rusqlite::Connection::open_with_flags(
            self.home.path().join("paydesk.db"),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .ok()?;
        c.query_row("SELECT state FROM journal WHERE req_seq_id = ?1", [req_seq_id], |r| r.get(0)).ok()
    }
}

/// A sandbox of the test's own and its test controls.
pub struct Sandbox {
    pub running: Option<sandbox::RunningSandbox>,
    pub base: String,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Sandbox {
    pub async fn start() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let running =
            sandbox::start(sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), ..Default::default() })
                .await
                .unwrap();
        let base = running.base_url();
        Sandbox { running: Some(running), base, http: reqwest::Client::new(), _dir: dir }
    }
    /// Where the sandbox keeps its state and the other acquirers' credentials files.
    pub fn data_dir(&self) -> &Path {
        self._dir.path()
    }
    pub fn credentials(&self) -> sandbox::Credentials {
        self.running.as_ref().expect("running").credentials().clone()
    }
    pub async fn post(&self, path: &str, body: Value) {
        let r = self.http.post(format!("{}{path}", self.base)).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
    pub async fn get(&self, path: &str) -> Value {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap().json().await.unwrap()
    }
    /// How many requests the gateway received for `path`.
    pub async fn requests_to(&self, path: &str) -> usize {
        self.get("/sandbox/requests?limit=5000").await["requests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["path"] == path)
            .count()
    }
    /// The legal person "scans" the WeChat realname QR and confirms.
    pub async fn confirm_realname(&self, h: &str) {
        let r = self
            .http
            .post(format!("{}/sandbox/realname/{h}?channel=wx", self.base))
            .body("channel=wx")
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }
    pub async fn terminals(&self, h: &str, sn: &str) -> usize {
        self.get("/sandbox/records/terminals").await["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["huifu_id"] == h && t["sn"] == sn)
            .count()
    }
    pub async fn shutdown(mut self) {
        if let Some(r) = self.running.take() {
            r.shutdown().await;
        }
    }
}

/// A small PNG (an ID or card photo stand-in).
pub fn png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8]))
        .save(path)
        .unwrap();
}

/// A fresh PAYDESK_HOME with a profile `sbx` on `sb` (keys imported from the sandbox's credentials through
/// the CLI), in use.
pub fn profile_on(sb: &Sandbox) -> Env {
    let env = Env::new();
    let creds = sb.credentials();
    let f = env.files.path();
    std::fs::write(f.join("private.txt"), &creds.private_key).unwrap();
    std::fs::write(f.join("huifu.txt"), &creds.huifu_public_key).unwrap();
    env.json(&[
        "profile",
        "add",
        "sbx",
        "--env",
        "sandbox",
        "--base-url",
        &sb.base,
        "--sys-id",
        &creds.sys_id,
        "--product-id",
        &creds.product_id,
    ]);
    let keys = env.json(&[
        "profile",
        "import-keys",
        "sbx",
        "--private-key",
        f.join("private.txt").to_str().unwrap(),
        "--huifu-public-key",
        f.join("huifu.txt").to_str().unwrap(),
    ]);
    assert_eq!(keys["hasPrivateKey"], true);
    env.json(&["profile", "use", "sbx"]);
    env
}

/// Onboards an individual merchant named `name` through `paydesk onboarding indv` (approved at
/// once); answers its huifu_id.
pub fn onboard_indv(env: &Env, name: &str, email: &str) -> String {
    let f = env.files.path();
    for p in ["id_front.png", "id_back.png", "card.png"] {
        png(&f.join(p), 300, 200);
    }
    let form = json!({
        "regName": name, "shortName": format!("{name}的小店"), "mcc": "5812", "sceneType": "ONLINE", "districtId": "310101",
        "legalCertNo": "11010519491231002X", "legalCertBeginDate": "20200101", "legalCertValidityType": "0",
        "legalCertEndDate": "20400101", "legalAddr": "上海市黄浦区人民大道1号", "contactMobileNo": "13912345678",
        "contactEmail": email,
        "card": {"cardName": name, "cardNo": "6222021234567890128", "areaId": "310100", "certType": "00",
                 "certNo": "11010519491231002X", "certValidityType": "0", "certBeginDate": "20200101", "certEndDate": "20400101"},
        "pictures": [
            {"field": "legal_cert_front_pic", "path": "id_front.png"},
            {"field": "legal_cert_back_pic", "path": "id_back.png"},
            {"field": "settle_card_front_pic", "path": "card.png"}
        ]
    });
    std::fs::write(f.join("form.json"), form.to_string()).unwrap();
    let r = env.json(&["onboarding", "indv", "--form", f.join("form.json").to_str().unwrap()]);
    assert_eq!(r["approved"], true, "{r}");
    r["huifuId"].as_str().unwrap().to_string()
}
