//! `paydesk sandbox serve` as a user runs it: the real binary, a fresh data dir, loopback.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_writes_credentials_and_answers_controls() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .args(["sandbox", "serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .expect("paydesk runs");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let url = first.strip_prefix("sandbox listening on ").expect("prints its base URL").to_string();
    let creds: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("credentials.json")).unwrap()).unwrap();
    assert_eq!(creds["base_url"], url.as_str());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let info: serde_json::Value = rt.block_on(async {
        reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("{url}/sandbox/info"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(info["sys_id"], creds["sys_id"]);
    child.kill().expect("stop the server we started");
    let _ = child.wait();

    let refused = Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .args(["sandbox", "serve", "--addr", "0.0.0.0:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success(), "a non-loopback address needs --allow-non-loopback");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("loopback"));
}
