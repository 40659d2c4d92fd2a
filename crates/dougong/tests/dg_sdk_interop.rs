//! Interop with the official Python SDK (dg-sdk 2.0.28, from the workspace .venv) in the directions the
//! signing oracle (crates/cli/tests/dg_sdk_oracle.rs) does not cover: answers signed by our server-side
//! rule (what the sandbox sends) must pass dg-sdk's own response verification, and §2.9 encryption must
//! decrypt both ways.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use dougong::keys::PrivateKey;
use dougong::wire::signed_response_body;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the interop script in `mode` over `lines`; `None` (with a loud message) when .venv is missing.
fn oracle(mode: &str, key_file: &std::path::Path, lines: &[String]) -> Option<Vec<Value>> {
    let python = root().join(".venv/bin/python");
    if !python.exists() {
        eprintln!(
            "\n\n!!!!!! SKIPPED: {} is missing; run `bash scripts/setup.sh` (scripts/test.sh always does) !!!!!!\n",
            python.display()
        );
        return None;
    }
    let mut child = Command::new(python)
        .arg(root().join("crates/dougong/tests/oracle/dg_sdk_interop.py"))
        .arg(mode)
        .arg(key_file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the dg-sdk oracle");
    {
        let mut stdin = child.stdin.take().unwrap();
        for l in lines {
            writeln!(stdin, "{l}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "oracle {mode} failed");
    let v: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(v.len(), lines.len(), "one answer per line");
    Some(v)
}

fn key_files() -> (tempfile::TempDir, PathBuf, PathBuf, PrivateKey) {
    let key = PrivateKey::from_text(include_str!("golden/demo_private_key.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pubf = dir.path().join("pub.txt");
    std::fs::write(&pubf, key.public_key().to_bare_base64()).unwrap();
    let privf = root().join("crates/dougong/tests/golden/demo_private_key.txt");
    (dir, pubf, privf, key)
}

fn answers() -> Vec<Value> {
    let texts =
        ["", "成功", "a&b<c>d", "引号\"反斜杠\\斜杠/", "换行\n制表\t", "\u{1}\u{1f}\u{7f}", "😀👨‍👩‍👧", "\u{2028}", "0.00"];
    let mut out = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        out.push(json!({"resp_code":"00000000","resp_desc":t,"huifu_id":"6666000108854952","z":i,"a_flag":i % 2 == 0}));
        out.push(json!({"resp_code":"23000001","resp_desc":t,"file_details":[{"file_name":t,"bill_type":"TRADE_BILL","huifu_id":"1"}],
                        "task_details":[],"nested":{"z":t,"a":{"y":[1,2,{"b":t,"a":null}]}},"acctInfo_list":format!("[{{\"avl_bal\":\"{i}.00\"}}]")}));
    }
    out
}

#[test]
fn sandbox_style_answers_pass_dg_sdk_verification() {
    let (_dir, pubf, _privf, key) = key_files();
    let bodies: Vec<String> = answers().iter().map(|d| signed_response_body(d, &key)).collect();
    let Some(results) = oracle("verify", &pubf, &bodies) else { return };
    for (body, r) in bodies.iter().zip(&results) {
        assert_eq!(r["ok"], true, "dg-sdk refused our signed answer {body}: {}", r["info"]);
    }
    // And the check can fail: a changed value is refused by dg-sdk too.
    let tampered = vec![bodies[0].replace("6666000108854952", "6666000108854953")];
    let r = oracle("verify", &pubf, &tampered).unwrap();
    assert_eq!(r[0]["ok"], false, "tampered answer must fail dg-sdk verification");
}

#[test]
fn encryption_interoperates_both_ways() {
    let (_dir, pubf, privf, key) = key_files();
    let plains = ["11010519491231002X".to_string(), "中文姓名".to_string(), "x".repeat(600)];
    // Ours → dg-sdk decrypts.
    let ours: Vec<String> = plains
        .iter()
        .map(|p| serde_json::to_string(&key.public_key().encrypt(p.as_bytes()).unwrap()).unwrap())
        .collect();
    let Some(dec) = oracle("decrypt", &privf, &ours) else { return };
    for (p, d) in plains.iter().zip(&dec) {
        assert_eq!(d["text"].as_str().unwrap(), p, "dg-sdk decrypts our ciphertext");
    }
    // dg-sdk → we decrypt.
    let lines: Vec<String> = plains.iter().map(|p| serde_json::to_string(p).unwrap()).collect();
    let enc = oracle("encrypt", &pubf, &lines).unwrap();
    for (p, e) in plains.iter().zip(&enc) {
        let got = key.decrypt(e["b64"].as_str().unwrap()).unwrap();
        assert_eq!(std::str::from_utf8(&got).unwrap(), p, "we decrypt dg-sdk's ciphertext");
    }
}
