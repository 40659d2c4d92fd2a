//! Independent tools as the reference for both simulated signing schemes: openssl for 慧收钱's
//! SHA256withRSA, coreutils `base64` / `md5sum` for the MD5 gateway, Python's urllib for form encoding.
//! Nothing here calls the simulators' or the clients' signing code.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `program args` with `input` on stdin; returns stdout (the tool must be installed: scripts/setup.sh).
pub fn run(program: &str, args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{program} is needed as the independent reference: {e}"));
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{program} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p.to_str().unwrap().to_string()
}

/// openssl's SHA256withRSA of `text` with the PEM private key, lowercase hex.
pub fn rsa_sign(private_pem: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let key = temp_file(&dir, "key.pem", private_pem.as_bytes());
    run("openssl", &["dgst", "-sha256", "-sign", &key], text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether openssl accepts `hex_sig` as the SHA256withRSA signature of `text` under the PEM public key.
pub fn rsa_verify(public_pem: &str, text: &str, hex_sig: &str) -> bool {
    let Ok(sig) = hex::decode(hex_sig) else { return false };
    let dir = tempfile::tempdir().unwrap();
    let key = temp_file(&dir, "pub.pem", public_pem.as_bytes());
    let sig_path = temp_file(&dir, "sig.bin", &sig);
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-verify", &key, "-signature", &sig_path])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl");
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    child.wait().unwrap().success()
}

/// coreutils: `base64 -w0` of `json`.
pub fn b64(json: &str) -> String {
    String::from_utf8(run("base64", &["-w0"], json.as_bytes())).unwrap()
}

/// coreutils: `md5sum` of `b64 + key`.
pub fn md5(b64: &str, key: &str) -> String {
    let out = String::from_utf8(run("md5sum", &[], format!("{b64}{key}").as_bytes())).unwrap();
    out.split_whitespace().next().unwrap().to_string()
}

/// coreutils: the JSON text inside a base64 field.
pub fn unb64(b64: &str) -> String {
    String::from_utf8(run("base64", &["-d"], b64.as_bytes())).unwrap()
}

/// Python's urllib: `application/x-www-form-urlencoded` of the pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let json = serde_json::to_string(pairs).unwrap();
    let code = "import sys, json, urllib.parse; sys.stdout.write(urllib.parse.urlencode([tuple(p) for p in json.load(sys.stdin)]))";
    String::from_utf8(run("python3", &["-c", code], json.as_bytes())).unwrap()
}
