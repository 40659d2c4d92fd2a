//! `paydesk balance`, `paydesk withdraw` and `paydesk notify` from the binary, against the real sandbox over
//! loopback with the real keychain and a real SQLite file in a temporary PAYDESK_HOME.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

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
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "paydesk {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("paydesk {args:?}: not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
    }
    /// Runs with --json, expects failure; answers (exit code, error JSON from stderr).
    fn fails(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(!out.status.success(), "paydesk {args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        let line = err.lines().rev().find(|l| l.starts_with('{')).unwrap_or("{}");
        (out.status.code().unwrap_or(-1), serde_json::from_str(line).unwrap_or(Value::Null))
    }
}

fn png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x * y) % 239) as u8])).save(path).unwrap();
}

/// A sandbox of the test's own, a profile `sbx` on it, an individual merchant with Alipay open and 50.00
/// paid (setup through the CLI where it has commands; the payment straight through the dougong client).
async fn setup() -> (Env, sandbox::RunningSandbox, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let sb = sandbox::start(sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), ..Default::default() }).await.unwrap();
    let base = sb.base_url();
    let http = reqwest::Client::new();
    let env = Env { home: tempfile::tempdir().unwrap(), files: tempfile::tempdir().unwrap() };
    let creds = sb.credentials().clone();
    let f = env.files.path();
    std::fs::write(f.join("private.txt"), &creds.private_key).unwrap();
    std::fs::write(f.join("huifu.txt"), &creds.huifu_public_key).unwrap();
    env.json(&["profile", "add", "sbx", "--env", "sandbox", "--base-url", &base, "--sys-id", &creds.sys_id, "--product-id", &creds.product_id]);
    env.json(&["profile", "import-keys", "sbx", "--private-key", f.join("private.txt").to_str().unwrap(), "--huifu-public-key", f.join("huifu.txt").to_str().unwrap()]);
    env.json(&["profile", "use", "sbx"]);
    for p in ["id_front.png", "id_back.png", "card.png"] {
        png(&f.join(p), 300, 200);
    }
    let form = json!({
        "regName": "王五", "shortName": "王五的小店", "mcc": "5812", "sceneType": "ONLINE", "districtId": "310101",
        "legalCertNo": "11010519491231002X", "legalCertBeginDate": "20200101", "legalCertValidityType": "0",
        "legalCertEndDate": "20400101", "legalAddr": "上海市黄浦区人民大道1号", "contactMobileNo": "13912345678",
        "contactEmail": "wangwu@example.com",
        "card": {"cardName": "王五", "cardNo": "6222021234567890128", "areaId": "310100", "certType": "00",
                 "certNo": "11010519491231002X", "certValidityType": "0", "certBeginDate": "20200101", "certEndDate": "20400101"},
        "pictures": [
            {"field": "legal_cert_front_pic", "path": "id_front.png"},
            {"field": "legal_cert_back_pic", "path": "id_back.png"},
            {"field": "settle_card_front_pic", "path": "card.png"}
        ]
    });
    std::fs::write(f.join("form.json"), form.to_string()).unwrap();
    let h = env.json(&["merchant", "onboard-indv", "--form", f.join("form.json").to_str().unwrap()])["huifuId"].as_str().unwrap().to_string();
    env.json(&["busi", "open", &h, "--ali", "1:0.38", "--online-busi-type", "H7999AL"]);
    http.post(format!("{base}/sandbox/clock/advance")).json(&json!({"seconds": 10})).send().await.unwrap();
    let code: Value = http.post(format!("{base}/sandbox/paycode")).json(&json!({"channel": "alipay"})).send().await.unwrap().json().await.unwrap();
    let client = dougong::Client::builder()
        .base_url(base.clone())
        .sys_id(creds.sys_id.clone())
        .product_id(creds.product_id.clone())
        .private_key(dougong::keys::PrivateKey::from_text(&creds.private_key).unwrap())
        .huifu_public_key(dougong::keys::PublicKey::from_text(&creds.huifu_public_key).unwrap())
        .build()
        .unwrap();
    let clock: Value = http.get(format!("{base}/sandbox/clock")).send().await.unwrap().json().await.unwrap();
    let today = clock["now"].as_str().unwrap()[..8].to_string();
    let pay = json!({"req_seq_id": format!("cli{}", std::process::id()), "req_date": today, "huifu_id": h, "goods_desc": "x", "trans_amt": "50.00",
        "auth_code": code["auth_code"], "risk_check_data": json!({"ip_addr": "127.0.0.1"}).to_string()});
    let r = client.call_raw("/v2/trade/payment/micropay", pay.as_object().unwrap().clone()).await.unwrap();
    assert_eq!(r["trans_stat"], "S", "{r}");
    (env, sb, h, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn balance_withdraw_and_notify_from_the_cli() {
    let (env, sb, h, _dir) = setup().await;
    let b = env.json(&["balance", &h]);
    assert_eq!(b["availableFen"], 4_981, "50.00 - 0.19 fee: {b}");
    let text = String::from_utf8_lossy(&env.run(&["balance", &h]).stdout).to_string();
    assert!(text.contains("available 49.81 yuan"), "{text}");

    // Refused before sending, naming the field, exit code 2.
    let (code, e) = env.fails(&["withdraw", "create", &h, "--amount", "49.82"]);
    assert_eq!((code, e["field"].as_str()), (2, Some("amount")), "{e}");
    let (code, e) = env.fails(&["withdraw", "create", &h, "--amount=-1"]);
    assert_eq!((code, e["field"].as_str()), (2, Some("amount")), "{e}");

    // The same --req-seq-id twice is one withdrawal; --follow waits for the final state.
    let seq = "20261130clicash0001";
    let w = env.json(&["withdraw", "create", &h, "--amount", "20.00", "--req-seq-id", seq]);
    assert_eq!((w["state"].as_str(), w["amountFen"].as_i64()), (Some("pending"), Some(2_000)), "{w}");
    let again = env.json(&["withdraw", "create", &h, "--amount", "20.00", "--req-seq-id", seq]);
    assert_eq!(again["hfSeqId"], w["hfSeqId"]);
    let reqs: Value = reqwest::get(format!("{}/sandbox/requests?limit=1000", sb.base_url())).await.unwrap().json().await.unwrap();
    let sent = reqs["requests"].as_array().unwrap().iter().filter(|r| r["path"] == "/v2/trade/settlement/encashment").count();
    assert_eq!(sent, 1, "sent once");
    let done = env.json(&["withdraw", "query", seq, "--follow", "--wait", "20"]);
    assert_eq!(done["state"], "success", "{done}");
    let list = env.json(&["withdraw", "list", "--merchant", &h]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(env.json(&["balance", &h])["availableFen"], 2_981);

    // The receiver from the CLI: a forged notification is refused (HTTP 400) and listed as rejected.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let listen = format!("127.0.0.1:{port}");
    let s = env.json(&["notify", "config", "--listen", &listen]);
    assert_eq!(s["notifyUrl"], format!("http://{listen}/notify/sbx"));
    let mut serve = env.cmd(&["notify", "serve"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let http = reqwest::Client::new();
    let mut up = false;
    for _ in 0..200 {
        if http.get(format!("http://{listen}/")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let forged = "resp_code=10000&resp_desc=x&resp_data=%7B%22req_seq_id%22%3A%22X1%22%2C%22trans_stat%22%3A%22S%22%7D&sign=AAAA";
    let status = if up { http.post(format!("http://{listen}/notify/sbx")).body(forged).send().await.unwrap().status().as_u16() } else { 0 };
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(up, "the receiver answers");
    assert_eq!(status, 400);
    let l = env.json(&["notify", "list", "--rejected"]);
    assert_eq!(l["total"], 1, "{l}");
    assert_eq!(l["rows"][0]["verified"], false);
    sb.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn withdrawals_against_prod_need_yes() {
    let env = Env { home: tempfile::tempdir().unwrap(), files: tempfile::tempdir().unwrap() };
    env.json(&["profile", "add", "live", "--env", "prod", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    let out = env.run(&["--profile", "live", "withdraw", "create", "6666000108854952", "--amount", "1.00", "--token-no", "10000000001"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let c = rusqlite::Connection::open(env.home.path().join("paydesk.db")).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing journalled or sent without confirmation");
}

