//! Helpers shared by desk's integration tests: a temporary PAYDESK_HOME, test keys, and a scan of the data
//! directory for key bytes.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::Path;

use base64::Engine as _;
use dougong::keys::PrivateKey;

/// A temporary data directory and a Desk opened on it (no startup reconcile).
pub fn temp_desk() -> (tempfile::TempDir, desk::Desk) {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = desk::Desk::open_without_reconcile(dir.path()).expect("desk opens on an empty directory");
    (dir, desk)
}

/// Wraps DER bytes as PEM with `label`.
pub fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let body: Vec<&str> = b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", body.join("\n"))
}

/// A fresh merchant key: (private key, its bare base64 text, its DER bytes, its public key's bare base64).
pub fn merchant_key() -> (PrivateKey, String, Vec<u8>, String) {
    let k = PrivateKey::generate(2048).expect("keygen");
    let b64 = k.to_bare_base64().to_string();
    let der = base64::engine::general_purpose::STANDARD.decode(&b64).unwrap();
    let public = k.public_key().to_bare_base64();
    (k, b64, der, public)
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Panics if any file under `dir` holds a 16-byte run of the private key's DER (past the header every
/// PKCS#8 RSA key shares) or a 24-character run of its base64 text (ditto), skipping `except` (e.g. the
/// sandbox's own credentials file, which holds the sandbox's key, not this one).
pub fn assert_no_key_bytes(dir: &Path, der: &[u8], b64: &str, except: &[&Path]) {
    const W: usize = 16;
    let der_windows: HashSet<&[u8]> = der[32..].windows(W).collect();
    let b64_windows: HashSet<&[u8]> = b64.as_bytes()[44..].windows(24).collect();
    let files = files_under(dir);
    assert!(!files.is_empty(), "the data directory holds files to scan");
    for f in files {
        if except.iter().any(|e| f.starts_with(e)) {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        if let Some(pos) = bytes.windows(W).position(|w| der_windows.contains(w)) {
            panic!("{} holds private key DER bytes at offset {pos}", f.display());
        }
        if let Some(pos) = bytes.windows(24).position(|w| b64_windows.contains(w)) {
            panic!("{} holds private key base64 text at offset {pos}", f.display());
        }
    }
}
