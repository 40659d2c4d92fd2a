//! `paydesk devtools` end to end: the real binary, real files, a real HTTP server on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dougong::keys::PrivateKey;

fn golden() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dougong/tests/golden")
}

fn paydesk(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        // The command may exit (e.g. on a bad key) before reading its input.
        if let Err(e) = input.write_all(s.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing stdin: {e}");
        }
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn canonical_and_sign_reproduce_the_golden_vectors() {
    for case in ["python_path", "nested_order"] {
        let data = golden().join(case).join("data.json");
        let c = paydesk(&["devtools", "canonical", "--input", s(&data)], None);
        assert!(c.status.success());
        assert_eq!(c.stdout, std::fs::read(golden().join(case).join("canonical.txt")).unwrap(), "{case}: exact bytes");
        let key = golden().join("demo_private_key.txt");
        let sig =
            paydesk(&["devtools", "sign", "--private-key", s(&key)], Some(&std::fs::read_to_string(&data).unwrap()));
        assert!(sig.status.success());
        let want = std::fs::read_to_string(golden().join(case).join("signature.txt")).unwrap();
        assert_eq!(String::from_utf8(sig.stdout).unwrap().trim(), want.trim(), "{case}: signature from stdin");
    }
}

#[test]
fn keygen_then_sign_and_verify_with_pem_and_bare_keys() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keys");
    let k = paydesk(&["devtools", "keygen", "--out", s(&out)], None);
    assert!(k.status.success(), "{}", String::from_utf8_lossy(&k.stderr));
    let priv_text = std::fs::read_to_string(out.join("private_key.txt")).unwrap();
    let key = PrivateKey::from_text(&priv_text).unwrap();
    assert_eq!(key.bits(), 2048);
    assert!(!priv_text.contains("BEGIN"), "Huifu's bare base64 form");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("private_key.txt")).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "private key file is owner-only");
    }
    let again = paydesk(&["devtools", "keygen", "--out", s(&out)], None);
    assert!(!again.status.success(), "never overwrites a key");

    let data = r#"{"huifu_id":"6666000108854952","notify_url":"","trans_amt":"0.01"}"#;
    let sig = paydesk(&["devtools", "sign", "--private-key", s(&out.join("private_key.txt"))], Some(data));
    let sig = String::from_utf8(sig.stdout).unwrap().trim().to_string();

    // A PEM copy of the public key must work the same as the bare one.
    let pem_pub = dir.path().join("pub.pem");
    let b64 = std::fs::read_to_string(out.join("public_key.txt")).unwrap();
    let wrapped: Vec<String> =
        b64.trim().as_bytes().chunks(64).map(|c| String::from_utf8(c.to_vec()).unwrap()).collect();
    std::fs::write(&pem_pub, format!("-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n", wrapped.join("\n")))
        .unwrap();
    for pubkey in [out.join("public_key.txt"), pem_pub] {
        let ok = paydesk(&["devtools", "verify", "--public-key", s(&pubkey), "--sign", &sig], Some(data));
        assert_eq!(ok.status.code(), Some(0), "valid signature: {}", String::from_utf8_lossy(&ok.stderr));
        let bad = paydesk(
            &["devtools", "verify", "--public-key", s(&pubkey), "--sign", &sig],
            Some(&data.replace("0.01", "0.02")),
        );
        assert_eq!(bad.status.code(), Some(1), "changed data is invalid");
    }
}

#[test]
fn verify_accepts_java_style_signature_with_empty_string() {
    let dir = golden().join("java_go_keeps_empty");
    let key = PrivateKey::from_text(&std::fs::read_to_string(golden().join("demo_private_key.txt")).unwrap()).unwrap();
    let pubfile = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(pubfile.path(), key.public_key().to_bare_base64()).unwrap();
    let sig = std::fs::read_to_string(dir.join("signature.txt")).unwrap();
    let o = paydesk(
        &[
            "devtools",
            "verify",
            "--public-key",
            s(pubfile.path()),
            "--sign",
            sig.trim(),
            "--input",
            s(&dir.join("data.json")),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn bad_key_file_names_the_problem() {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").unwrap();
    let o = paydesk(&["devtools", "sign", "--private-key", s(f.path())], Some("{}"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("public key where a private key was expected"));
}

/// Serves one HTTP request with `answer(request_body)` and returns the request body through the handle.
fn serve_once(answer: impl FnOnce(&str) -> String + Send + 'static) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let h = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut len = 0usize;
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            head.push_str(&line);
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        let body = String::from_utf8(body).unwrap();
        let resp = answer(&body);
        let mut w = stream;
        write!(w, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{resp}", resp.len()).unwrap();
        format!("{head}\r\n{body}")
    });
    (url, h)
}

#[test]
fn call_posts_signed_envelope_and_prints_verified_data() {
    let dir = tempfile::tempdir().unwrap();
    let huifu = PrivateKey::generate(2048).unwrap();
    let huifu_pub = dir.path().join("huifu_pub.txt");
    std::fs::write(&huifu_pub, huifu.public_key().to_bare_base64()).unwrap();
    let merchant_priv = golden().join("demo_private_key.txt");

    let signer = huifu.clone();
    let (url, h) = serve_once(move |_| {
        dougong::wire::signed_response_body(
            &serde_json::json!({"resp_code":"00000000","resp_desc":"成功","trans_stat":"S"}),
            &signer,
        )
    });
    let o = paydesk(
        &[
            "devtools",
            "call",
            "/v2/trade/payment/scanpay/query",
            "--base-url",
            &url,
            "--sys-id",
            "6666000108854952",
            "--product-id",
            "YYZY",
            "--private-key",
            s(&merchant_priv),
            "--huifu-public-key",
            s(&huifu_pub),
            "--header",
            "X-Trace: abc",
        ],
        Some(r#"{"huifu_id":"6666000108854952","org_req_seq_id":"r1","org_req_date":"20240514"}"#),
    );
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed["trans_stat"], "S");
    let request = h.join().unwrap();
    assert!(request.to_ascii_lowercase().contains("x-trace: abc"), "extra header sent");
    assert!(request.starts_with("POST /v2/trade/payment/scanpay/query"));
    let body = request.split("\r\n\r\n").nth(1).unwrap();
    let env: serde_json::Value = serde_json::from_str(body).unwrap();
    let canonical = dougong::canonical::incoming_request_string(&serde_json::to_string(&env["data"]).unwrap()).unwrap();
    let merchant = PrivateKey::from_text(&std::fs::read_to_string(&merchant_priv).unwrap()).unwrap();
    assert!(merchant.public_key().verify(canonical.as_bytes(), env["sign"].as_str().unwrap()), "request is signed");

    // An answer signed by someone else: non-zero exit, raw answer on stderr, nothing on stdout.
    let impostor = PrivateKey::from_text(&std::fs::read_to_string(&merchant_priv).unwrap()).unwrap();
    let (url, h) = serve_once(move |_| {
        dougong::wire::signed_response_body(&serde_json::json!({"resp_code":"00000000","trans_stat":"S"}), &impostor)
    });
    let o = paydesk(
        &[
            "devtools",
            "call",
            "/v2/trade/payment/scanpay/query",
            "--base-url",
            &url,
            "--sys-id",
            "6666000108854952",
            "--product-id",
            "YYZY",
            "--private-key",
            s(&merchant_priv),
            "--huifu-public-key",
            s(&huifu_pub),
        ],
        Some(r#"{"huifu_id":"6666000108854952"}"#),
    );
    h.join().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "no result from an unverified answer");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(r#"{"data":{"resp_code":"00000000","trans_stat":"S"},"sign":""#),
        "raw answer on stderr: {err}"
    );
}

/// `--profile` takes the URL, ids and keychain keys from a profile: here the built-in sandbox, started
/// inside the `paydesk` process. The call is verified, printed and audited.
#[test]
fn call_with_profile_uses_the_profiles_keys_and_is_audited() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paydesk"));
        c.args(args).env("PAYDESK_HOME", home.path()).env_remove("PAYDESK_PROFILE");
        c.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            let _ = input.write_all(s.as_bytes());
        }
        drop(input);
        child.wait_with_output().unwrap()
    };
    let data = r#"{"req_seq_id":"20261130devtools0001","req_date":"20261130","huifu_id":"6666000000000001"}"#;
    let out = run(&["--profile", "sandbox", "devtools", "call", "/v2/merchant/basicdata/query"], Some(data));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let answer: serde_json::Value = serde_json::from_str(&stdout).expect("the verified data as JSON");
    assert!(answer.get("resp_code").and_then(|c| c.as_str()).is_some(), "{answer}");

    let audit = run(&["--json", "audit", "search", "--endpoint", "/v2/merchant/basicdata/query"], None);
    assert!(audit.status.success(), "{}", String::from_utf8_lossy(&audit.stderr));
    let rows = String::from_utf8_lossy(&audit.stdout);
    assert!(rows.contains("20261130devtools0001"), "the raw call has its audit row: {rows}");

    // A profile replaces the explicit connection flags; mixing them names the field and sends nothing.
    let mixed = run(
        &[
            "--profile",
            "sandbox",
            "devtools",
            "call",
            "/v2/merchant/basicdata/query",
            "--base-url",
            "http://127.0.0.1:9",
        ],
        Some(data),
    );
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("profile"), "{}", String::from_utf8_lossy(&mixed.stderr));
}
