//! Independent tools as the reference for the simulated signing schemes: openssl for 慧收钱's and
//! dougong's SHA256withRSA, Python's json module for dougong's canonical strings, coreutils `base64` /
//! `md5sum` for the MD5 gateway, Python's urllib for form encoding.
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

/// PEM armour around a bare base64 DER key (dougong hands keys out bare; openssl wants PEM).
pub fn pem(label: &str, bare_b64: &str) -> String {
    let body: Vec<&str> = bare_b64.as_bytes().chunks(64).map(|c| std::str::from_utf8(c).unwrap()).collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", body.join("\n"))
}

/// openssl's SHA256withRSA of `text`, as dougong's standard base64 `sign` (coreutils `base64 -w0`).
pub fn rsa_sign_base64(private_pem: &str, text: &str) -> String {
    let raw = hex::decode(rsa_sign(private_pem, text)).unwrap();
    String::from_utf8(run("base64", &["-w0"], &raw)).unwrap()
}

/// Whether openssl accepts the base64 `sign` (decoded by coreutils) for `text` under the PEM public key.
pub fn rsa_verify_base64(public_pem: &str, text: &str, b64_sig: &str) -> bool {
    rsa_verify(public_pem, text, &hex::encode(run("base64", &["-d"], b64_sig.as_bytes())))
}

/// openssl: the SPKI public key (bare base64) of a bare base64 PKCS#8 private key.
pub fn public_of(private_b64: &str) -> String {
    let pem_out = run("openssl", &["pkey", "-pubout"], pem("PRIVATE KEY", private_b64).as_bytes());
    let text = String::from_utf8(pem_out).unwrap();
    text.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// Python's json module as a dougong caller uses it on `data_json` (an object, key order kept). `rule`:
/// `dg-sdk` (spec §2.3: top-level None/""/{}/[] dropped), `java` (only null dropped, "" kept) — both then
/// sort the top level only — or `sort-all` (`sort_keys=True`, every level: a misreading of the spec).
/// Returns what `requests` puts on the wire for `data` (default `json.dumps`: spaces, `\uXXXX` escapes)
/// and the text that is signed (compact, raw UTF-8).
pub fn dougong_request(data_json: &str, rule: &str) -> (String, String) {
    let code = r#"
import sys, json
rule = sys.argv[1]
d = json.loads(sys.stdin.read())
if rule == "dg-sdk":
    d = {k: v for k, v in d.items() if v is not None and v != "" and v != {} and v != []}
elif rule == "java":
    d = {k: v for k, v in d.items() if v is not None}
compact = dict(separators=(",", ":"), ensure_ascii=False)
signed = json.dumps(d, sort_keys=True, **compact) if rule == "sort-all" else json.dumps(dict(sorted(d.items())), **compact)
sys.stdout.write(json.dumps([json.dumps(d), signed]))
"#;
    let out = run("python3", &["-c", code, rule], data_json.as_bytes());
    serde_json::from_slice(&out).unwrap()
}

/// dg-sdk's reading of a response `data` text (spec §2.4): json.loads, top-level `null` dropped, top
/// level sorted, compact, raw UTF-8 — the text a Python caller verifies.
pub fn dgsdk_response_text(raw_data: &str) -> String {
    let code = r#"
import sys, json
d = json.loads(sys.stdin.read())
d = dict(sorted((k, v) for k, v in d.items() if v is not None))
sys.stdout.write(json.dumps(d, separators=(",", ":"), ensure_ascii=False))
"#;
    String::from_utf8(run("python3", &["-c", code], raw_data.as_bytes())).unwrap()
}

/// Python: `json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)` —
/// every object sorted at every depth, compact, raw UTF-8: the form spec §2.4 asks the simulator to emit.
pub fn python_sorted_compact(text: &str) -> String {
    let code = r#"import sys, json; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), sort_keys=True, separators=(",", ":"), ensure_ascii=False))"#;
    String::from_utf8(run("python3", &["-c", code], text.as_bytes())).unwrap()
}

/// openssl: a fresh 2048-bit RSA key as dougong's bare base64 PKCS#8 (armour and line breaks removed).
pub fn new_private_key() -> String {
    let out = run("openssl", &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], b"");
    String::from_utf8(out).unwrap().lines().filter(|l| !l.starts_with("-----")).collect()
}
