//! The merchant journey from the `paydesk` binary against the real sandbox over loopback, with the real
//! keychain and a real SQLite file in a temporary PAYDESK_HOME; and a `paydesk` process killed while its
//! write is on the wire, settled by query when the next one starts.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::json;

mod common;
use common::*;

const ADD: &str = "/v2/terminaldevice/deviceInfo/add";

/// Panics if any file under `dir` holds a 24-character run of the key's base64 text or a 16-byte run of
/// its DER (past the header all RSA PKCS#8 keys share).
fn assert_no_key_text(dir: &Path, b64: &str) {
    use base64::Engine as _;
    use std::collections::HashSet;
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

/// A profile `sbx` pointing at the test's sandbox, its keys imported from the sandbox's credentials files.
async fn setup() -> (Env, Sandbox) {
    let sb = Sandbox::start().await;
    (profile_on(&sb), sb)
}

fn onboard(env: &Env) -> String {
    onboard_indv(env, "李四", "lisi@example.com")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_whole_journey_from_the_cli() {
    let (env, sb) = setup().await;
    let h = onboard(&env);

    let open = env.json(&[
        "busi",
        "open",
        &h,
        "--wx",
        "1:0.38",
        "--wx-mcc",
        "758",
        "--ali",
        "1:0.38",
        "--online-busi-type",
        "H7999AL",
    ]);
    assert!(open["applyNo"].is_string(), "{open}");
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    assert_eq!(env.json(&["busi", "status", &h])["applyStatus"], "Y");

    env.json(&[
        "realname",
        "submit",
        &h,
        "--channel",
        "wechat",
        "--name",
        "李四",
        "--mobile",
        "13912345678",
        "--id-card",
        "11010519491231002X",
    ]);
    sb.post("/sandbox/clock/advance", json!({"seconds": 10})).await;
    let f = env.files.path();
    let qr = env.json(&[
        "realname",
        "qr",
        &h,
        "--channel",
        "wechat",
        "--png",
        f.join("qr.png").to_str().unwrap(),
        "--svg",
        f.join("qr.svg").to_str().unwrap(),
    ]);
    assert!(qr["content"].as_str().unwrap().contains("/sandbox/realname/"), "{qr}");
    assert!(image::open(f.join("qr.png")).unwrap().width() >= 256);
    assert!(std::fs::read_to_string(f.join("qr.svg")).unwrap().contains("<svg"));
    sb.confirm_realname(&h).await;
    assert_eq!(env.json(&["realname", "status", &h, "--channel", "wechat"])["passed"], true);

    let binds = env.json(&[
        "wxconfig",
        "set",
        &h,
        "--woa-app-id",
        "wx1234567890abcdef",
        "--woa-path",
        "https://shop.example.com/pay/",
    ]);
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
    assert!(
        !text.contains("11010519491231002X") && !text.contains("13912345678"),
        "personal data masked in the export"
    );

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
    let mut child = env
        .cmd(&["terminal", "add", &h, "--sn", "SN-KILL", "--tusn", "T-KILL", "--model", "A920", "--req-seq-id", seq])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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

    // Any next start reconciles first, by query only. A write the query does not find is concluded never
    // arrived only by a second query the profile's grace later (a minute by default; 1 s here).
    env.json(&["profile", "tune", "sbx", "absent_grace_ms=1000"]);
    let sent_before = sb.requests_to(ADD).await;
    assert!(sent_before <= before + 1, "the killed process sent once at most");
    let mut r = env.json(&["reconcile"]);
    if env.journal_state(seq).as_deref() == Some("unknown") {
        assert!(r.to_string().contains("not found by query yet"), "{r}");
        tokio::time::sleep(Duration::from_millis(1200)).await;
        r = env.json(&["reconcile"]);
    }
    let after = env.journal_state(seq).unwrap();
    assert!(after == "settled" || after == "failed", "settled by query at start: {after} {r}");
    let effects = sb.terminals(&h, "SN-KILL").await;
    assert_eq!(effects, if after == "settled" { 1 } else { 0 }, "the journal agrees with the gateway");
    assert_eq!(sb.requests_to(ADD).await, sent_before, "no second send: the query settled it");
    // The user's retry with the same id now returns the same terminal without a new one.
    let again = env.run(&[
        "--json",
        "terminal",
        "add",
        &h,
        "--sn",
        "SN-KILL",
        "--tusn",
        "T-KILL",
        "--model",
        "A920",
        "--req-seq-id",
        seq,
    ]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(sb.terminals(&h, "SN-KILL").await, 1, "exactly one terminal in the end");
    sb.running.unwrap().shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_against_prod_need_confirmation() {
    let env = Env::new();
    env.json(&["profile", "add", "live", "--env", "prod", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    let out = env.run(&[
        "--profile",
        "live",
        "terminal",
        "add",
        "6666000108854952",
        "--sn",
        "S",
        "--tusn",
        "T",
        "--model",
        "M",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--yes"));
    let c = rusqlite::Connection::open(env.home.path().join("paydesk.db")).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 0, "nothing journalled or sent without confirmation");
}

#[test]
fn audit_digest_and_verify_name_tampering() {
    let env = Env::new();
    // Two audited changes (a profile moved to another host, and back).
    env.json(&["profile", "add", "t", "--env", "joint-debug", "--sys-id", "6666000108854952", "--product-id", "YYZY"]);
    env.json(&["--yes", "profile", "set", "t", "--base-url", "https://spin-test.cloudpnr.com"]);
    env.json(&["--yes", "profile", "set", "t", "--base-url", "https://opps-stbmertest.testpnr.com"]);
    let digest = env.files.path().join("digest.json");
    let d = env.json(&["audit", "digest", "--out", digest.to_str().unwrap()]);
    assert_eq!(d["rows"], 2, "{d}");
    let pem = env.files.path().join("audit.pem");
    std::fs::write(&pem, env.json(&["audit", "public-key"])["publicKeyPem"].as_str().unwrap()).unwrap();
    let v = env.json(&["audit", "verify", "--digest", digest.to_str().unwrap(), "--public-key", pem.to_str().unwrap()]);
    assert_eq!(v["ok"], true, "{v}");
    let v = env.json(&["audit", "verify"]);
    assert_eq!((v["ok"].as_bool(), v["anchoredSeq"].as_i64()), (Some(true), Some(2)), "{v}");

    // Someone with the database file edits the first row: both checks name it, exit 1.
    rusqlite::Connection::open(env.home.path().join("paydesk.db"))
        .unwrap()
        .execute("UPDATE audit_log SET profile = 'other' WHERE seq = 1", [])
        .unwrap();
    let out = env.run(&["audit", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("EDITED row 1"), "{out:?}");
    let out = env.run(&["audit", "verify", "--digest", digest.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows 1..2 differ from the digest"), "{out:?}");
}
