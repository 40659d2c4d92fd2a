//! The merchant journey from the `paydesk` binary against the real sandbox over loopback, with the real
//! keychain and a real SQLite file in a temporary PAYDESK_HOME; and a `paydesk` process killed while its
//! write is on the wire, settled by query when the next one starts.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ADD: &str = "/v2/terminaldevice/deviceInfo/add";

struct Env {
    home: tempfile::TempDir,
    files: tempfile::TempDir,
}

impl Env {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paydesk"));
        c.args(args).env("PAYDESK_HOME", self.home.path()).env_remove("PAYDESK_PROFILE").stdin(Stdio::null());
        c
    }
    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("paydesk runs")
    }
    /// Runs with --json and parses stdout; panics with stderr on failure.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "paydesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("paydesk {args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }
    fn journal_state(&self, req_seq_id: &str) -> Option<String> {
        let c = rusqlite::Connection::open_with_flags(self.home.path().join("paydesk.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
        c.query_row("SELECT state FROM journal WHERE req_seq_id = ?1", [req_seq_id], |r| r.get(0)).ok()
    }
}

struct Sandbox {
    running: Option<sandbox::RunningSandbox>,
    base: String,
    http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Sandbox {
    async fn start() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let running = sandbox::start(sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), ..Default::default() }).await.unwrap();
        let base = running.base_url();
        Sandbox { running: Some(running), base, http: reqwest::Client::new(), _dir: dir }
    }
    async fn post(&self, path: &str, body: Value) {
        let r = self.http.post(format!("{}{path}", self.base)).json(&body).send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
    async fn get(&self, path: &str) -> Value {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap().json().await.unwrap()
    }
    async fn confirm_realname(&self, h: &str) {
        let r = self.http.post(format!("{}/sandbox/realname/{h}?channel=wx", self.base)).body("channel=wx").header("content-type", "application/x-www-form-urlencoded").send().await.unwrap();
        assert!(r.status().is_success());
    }
    async fn terminals(&self, h: &str, sn: &str) -> usize {
        self.get("/sandbox/records/terminals").await["records"].as_array().unwrap().iter().filter(|t| t["huifu_id"] == h && t["sn"] == sn).count()
    }
    async fn requests_to(&self, path: &str) -> usize {
        self.get("/sandbox/requests?limit=1000").await["requests"].as_array().unwrap().iter().filter(|r| r["path"] == path).count()
    }
}

/// Panics if any file under `dir` holds a 24-character run of the key's base64 text or a 16-byte run of
/// its DER (past the header all RSA PKCS#8 keys share).
fn assert_no_key_text(dir: &Path, b64: &str) {
    use std::collections::HashSet;
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD.decode(b64.trim()).expect("the sandbox key is bare base64");
    let der_w: HashSet<&[u8]> = raw[32..].windows(16).collect();
    let b64_w: HashSet<&[u8]> = b64.as_bytes()[44..].windows(24).collect();
    let mut stack = vec![dir.to_path_buf()];
    let mut files = 0;
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            files += 1;
            let bytes = std::fs::read(&p).unwrap();
            assert!(!bytes.windows(16).any(|w| der_w.contains(w)), "{} holds private key DER bytes", p.display());
            assert!(!bytes.windows(24).any(|w| b64_w.contains(w)), "{} holds private key base64", p.display());
        }
    }
    assert!(files > 0, "scanned the data directory");
}

fn png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])).save(path).unwrap();
}

/// A profile `sbx` pointing at the test's sandbox, its keys imported from the sandbox's credentials files.
async fn setup() -> (Env, Sandbox) {
    let sb = Sandbox::start().await;
    let env = Env { home: tempfile::tempdir().unwrap(), files: tempfile::tempdir().unwrap() };
    let creds = sb.running.as_ref().unwrap().credentials().clone();
    let f = env.files.path();
    std::fs::write(f.join("private.txt"), &creds.private_key).unwrap();
    std::fs::write(f.join("huifu.txt"), &creds.huifu_public_key).unwrap();
    env.json(&["profile", "add", "sbx", "--env", "sandbox", "--base-url", &sb.base, "--sys-id", &creds.sys_id, "--product-id", &creds.product_id]);
    let keys = env.json(&["profile", "import-keys", "sbx", "--private-key", f.join("private.txt").to_str().unwrap(), "--huifu-public-key", f.join("huifu.txt").to_str().unwrap()]);
    assert_eq!(keys["hasPrivateKey"], true);
    env.json(&["profile", "use", "sbx"]);
    (env, sb)
}

fn onboard(env: &Env) -> String {
    let f = env.files.path();
    png(&f.join("id_front.png"), 300, 200);
    png(&f.join("id_back.png"), 300, 200);
    png(&f.join("card.png"), 300, 200);
    let form = json!({
        "regName": "李四", "shortName": "李四的小店", "mcc": "5812", "sceneType": "ONLINE", "districtId": "310101",
        "legalCertNo": "11010519491231002X", "legalCertBeginDate": "20200101", "legalCertValidityType": "0",
        "legalCertEndDate": "20400101", "legalAddr": "上海市黄浦区人民大道1号", "contactMobileNo": "13912345678",
        "contactEmail": "lisi@example.com",
        "card": {"cardName": "李四", "cardNo": "6222021234567890128", "areaId": "310100", "certType": "00",
                 "certNo": "11010519491231002X", "certValidityType": "0", "certBeginDate": "20200101", "certEndDate": "20400101"},
        "pictures": [
            {"field": "legal_cert_front_pic", "path": "id_front.png"},
            {"field": "legal_cert_back_pic", "path": "id_back.png"},
            {"field": "settle_card_front_pic", "path": "card.png"}
        ]
    });
    std::fs::write(f.join("form.json"), form.to_string()).unwrap();
    let r = env.json(&["merchant", "onboard-indv", "--form", f.join("form.json").to_str().unwrap()]);
    assert_eq!(r["approved"], true, "{r}");
    r["huifuId"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_whole_journey_from_the_cli() {
    let (env, sb) = setup().await;
    let h = onboard(&env);

    let open = env.json(&["busi", "open", &h, "--wx", "1:0.38", "--wx-mcc", "758", "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    assert!(open["applyNo"].is_string(), "{open}");
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    assert_eq!(env.json(&["busi", "status", &h])["applyStatus"], "Y");

    env.json(&["realname", "submit", &h, "--channel", "wechat", "--name", "李四", "--mobile", "13912345678", "--id-card", "11010519491231002X"]);
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    let f = env.files.path();
    let qr = env.json(&["realname", "qr", &h, "--channel", "wechat", "--png", f.join("qr.png").to_str().unwrap(), "--svg", f.join("qr.svg").to_str().unwrap()]);
    assert!(qr["content"].as_str().unwrap().contains("/sandbox/realname/"), "{qr}");
    assert!(image::open(f.join("qr.png")).unwrap().width() >= 256);
    assert!(std::fs::read_to_string(f.join("qr.svg")).unwrap().contains("<svg"));
    sb.confirm_realname(&h).await;
    assert_eq!(env.json(&["realname", "status", &h, "--channel", "wechat"])["passed"], true);

    let binds = env.json(&["wxconfig", "set", &h, "--woa-app-id", "wx1234567890abcdef", "--woa-path", "https://shop.example.com/pay/"]);
    assert_eq!(binds.as_array().unwrap().len(), 2, "{binds}");
    let t = env.json(&["terminal", "add", &h, "--sn", "SN-CLI-1", "--tusn", "TUSN-CLI-1", "--model", "A920"]);
    assert!(t[0]["deviceId"].as_str().is_some_and(|d| !d.is_empty()), "{t}");
    let s = env.json(&["split", "config", &h, "--ratio", "10.00"]);
    assert_eq!(s["divFlag"], "Y", "{s}");

    let m = env.json(&["merchant", "show", &h]);
    for step in m["steps"].as_array().unwrap() {
        if step["step"] != "realname_ali" {
            assert_eq!(step["state"], "done", "{step}");
        }
    }
    let looked = env.json(&["merchant", "lookup", &h]);
    assert_eq!(looked["merStat"], "NORMAL", "{looked}");
    assert_eq!(looked["regName"], "李*", "a person's name is masked: {looked}");

    // Human output too, and the audit log checks out and exports.
    let out = env.run(&["merchant", "list"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&h));
    assert!(env.run(&["audit", "verify"]).status.success());
    let csv = f.join("audit.csv");
    let e = env.json(&["audit", "export", "--merchant", &h, "--out", csv.to_str().unwrap()]);
    assert!(e["rows"].as_u64().unwrap() >= 8, "{e}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(!text.contains("11010519491231002X") && !text.contains("13912345678"), "personal data masked in the export");

    // The imported private key never reached the data directory (database, WAL, anything).
    let b64 = sb.running.as_ref().unwrap().credentials().private_key.clone();
    assert_no_key_text(env.home.path(), &b64);

    // A bad field is named, exit code 2, nothing sent.
    let out = env.run(&["terminal", "add", "not-a-huifu-id", "--sn", "x", "--tusn", "y", "--model", "z"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("huifu_id"));
    sb.running.unwrap().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_process_is_settled_by_query_at_the_next_start() {
    let (env, sb) = setup().await;
    let h = onboard(&env);
    let before = sb.requests_to(ADD).await;
    // The gateway holds the request for 3 s before it processes and answers it.
    sb.post("/sandbox/faults", json!({"kind": "latency", "path": ADD, "latency_ms": 3000})).await;
    let seq = "20261123kill0000000000001";
    let mut child = env.cmd(&["terminal", "add", &h, "--sn", "SN-KILL", "--tusn", "T-KILL", "--model", "A920", "--req-seq-id", seq]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    while env.journal_state(seq).as_deref() != Some("sent") {
        assert!(started.elapsed() < Duration::from_secs(30), "the write reaches the wire");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    child.kill().unwrap(); // SIGKILL: no cleanup, the journal entry stays `sent`
    child.wait().unwrap();
    assert_eq!(env.journal_state(seq).as_deref(), Some("sent"), "killed mid-way, the write is open");
    tokio::time::sleep(Duration::from_millis(3500)).await; // the gateway finishes what it received

    // Any next start reconciles first, by query only.
    let sent_before = sb.requests_to(ADD).await;
    assert!(sent_before <= before + 1, "the killed process sent once at most");
    let r = env.json(&["reconcile"]);
    let after = env.journal_state(seq).unwrap();
    assert!(after == "settled" || after == "failed", "settled by query at start: {after} {r}");
    let effects = sb.terminals(&h, "SN-KILL").await;
    assert_eq!(effects, if after == "settled" { 1 } else { 0 }, "the journal agrees with the gateway");
    assert_eq!(sb.requests_to(ADD).await, sent_before, "no second send: the query settled it");
    // The user's retry with the same id now returns the same terminal without a new one.
    let again = env.run(&["--json", "terminal", "add", &h, "--sn", "SN-KILL", "--tusn", "T-KILL", "--model", "A920", "--req-seq-id", seq]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(sb.terminals(&h, "SN-KILL").await, 1, "exactly one terminal in the end");
    sb.running.unwrap().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_against_prod_need_confirmation() {
    let env = Env { home: tempfile::tempdir().unwrap(), files: tempfile::tempdir().unwrap() };
    env.json(&["profile", "add", "live", "--env", "prod", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    let out = env.run(&["--profile", "live", "terminal", "add", "6666000108854952", "--sn", "S", "--tusn", "T", "--model", "M"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let c = rusqlite::Connection::open(env.home.path().join("paydesk.db")).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing journalled or sent without confirmation");
}
