//! `paydesk acquiring` from the binary against the built-in sandbox (real keychain, real SQLite file in a
//! temporary PAYDESK_HOME): for 慧收钱 and the MD5 gateway an order is created, paid, its notification
//! verified, queried, refunded where supported; a tampered notification makes the command fail.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

struct Env {
    home: tempfile::TempDir,
}

impl Env {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_paydesk"))
            .args(args)
            .env("PAYDESK_HOME", self.home.path())
            .env_remove("PAYDESK_PROFILE")
            .stdin(Stdio::null())
            .output()
            .expect("paydesk runs")
    }
    fn json(&self, acquirer: &str, args: &[&str]) -> Value {
        let mut all = vec!["--json", "acquiring", "--acquirer", acquirer];
        all.extend_from_slice(args);
        let out = self.run(&all);
        assert!(out.status.success(), "paydesk {all:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{all:?}: not JSON ({e})"))
    }
}

#[test]
fn huishouqian_and_mpgateway_from_the_cli() {
    let env = Env { home: tempfile::tempdir().unwrap() };

    let o = env.json(
        "huishouqian",
        &["create", "--product", "DYNAMIC_ALL", "--amount", "1.00", "--order-no", "CLIHSQ00000001"],
    );
    assert_eq!((o["state"].as_str(), o["amountFen"].as_i64()), (Some("pending"), Some(100)));
    assert!(o["qr"].as_str().unwrap().contains("/sandbox/huishouqian/qr/"));
    // The same order number again: the journal answers, no second order.
    let again = env.json(
        "huishouqian",
        &["create", "--product", "DYNAMIC_ALL", "--amount", "1.00", "--order-no", "CLIHSQ00000001"],
    );
    assert_eq!(again, o);
    env.json("huishouqian", &["sandbox-pay", "CLIHSQ00000001"]);
    let n = env.json("huishouqian", &["sandbox-notice", "CLIHSQ00000001"]);
    assert_eq!((n["state"].as_str(), n["ack"].as_str()), (Some("success"), Some("SUCCESS")));
    assert_eq!(env.json("huishouqian", &["query", "CLIHSQ00000001"])["state"], "success");
    let r = env.json(
        "huishouqian",
        &[
            "refund",
            "--order-no",
            "CLIHSQ00000001",
            "--amount",
            "0.30",
            "--order-amount",
            "1.00",
            "--refund-no",
            "CLIHSQR0000001",
        ],
    );
    assert_eq!(r["amountFen"], 30);
    let mut state = String::new();
    for _ in 0..20 {
        state = env.json("huishouqian", &["refund-query", "CLIHSQR0000001"])["state"].as_str().unwrap().to_string();
        if state != "pending" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert_eq!(state, "success");

    let o =
        env.json("mpgateway", &["create", "--product", "WxSao", "--amount", "0.05", "--order-no", "CLIMPG00000001"]);
    assert!(o["qr"].as_str().unwrap().starts_with("weixin://"));
    env.json("mpgateway", &["sandbox-pay", "CLIMPG00000001", "--tamper"]);
    let out = env.run(&["acquiring", "--acquirer", "mpgateway", "sandbox-notice", "CLIMPG00000001"]);
    assert!(!out.status.success(), "a tampered notification is refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("signature"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(env.json("mpgateway", &["query", "CLIMPG00000001"])["state"], "success");
    let out = env.run(&[
        "acquiring",
        "--acquirer",
        "mpgateway",
        "refund",
        "--order-no",
        "CLIMPG00000001",
        "--amount",
        "0.01",
        "--order-amount",
        "0.05",
    ]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("not supported"));
    let out = env.run(&["acquiring", "--acquirer", "mpgateway", "create", "--product", "WxSao", "--amount", "0"]);
    assert_eq!(out.status.code(), Some(2), "bad input exits 2 before anything is sent");
}

#[test]
fn reverse_scan_takes_code_and_wqf_applet_prints_the_mini_program() {
    let env = Env { home: tempfile::tempdir().unwrap() };
    // Reverse scan without --code: refused before sending, naming the field; with it: paid.
    let out = env.run(&[
        "acquiring",
        "--acquirer",
        "mpgateway",
        "create",
        "--product",
        "WxCode",
        "--amount",
        "0.10",
        "--order-no",
        "CLIMPGCODE0001",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("payerCode"), "{}", String::from_utf8_lossy(&out.stderr));
    let o = env.json(
        "mpgateway",
        &[
            "create",
            "--product",
            "WxCode",
            "--amount",
            "0.10",
            "--order-no",
            "CLIMPGCODE0001",
            "--code",
            "134567890123456789",
        ],
    );
    assert!(o["qr"].is_null(), "reverse scan answers no QR: {o}");
    assert_eq!(env.json("mpgateway", &["query", "CLIMPGCODE0001"])["state"], "success");
    // The same through `paydesk trade pay-code`.
    let out = env.run(&[
        "--json",
        "trade",
        "--acquirer",
        "mpgateway",
        "pay-code",
        "--code",
        "284567890123456789",
        "--product",
        "AliCode",
        "--req-seq-id",
        "CLIMPGCODE0002",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let text = env.run(&[
        "acquiring",
        "--acquirer",
        "huishouqian",
        "create",
        "--product",
        "WQF_APPLET",
        "--amount",
        "0.01",
        "--order-no",
        "CLIHSQWQF00001",
    ]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("mini-program")
            && text.contains("appid=wx")
            && text.contains("username=gh_")
            && !text.contains("qr:"),
        "{text}"
    );
}

#[test]
fn a_huishouqian_profile_from_pfx_files() {
    let env = Env { home: tempfile::tempdir().unwrap() };
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/../huishouqian/tests/golden");
    let add = env.run(&[
        "profile",
        "add",
        "hsq",
        "--env",
        "joint-debug",
        "--sys-id",
        "800000000001",
        "--acquirer",
        "huishouqian",
    ]);
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    let import = |password: &str| {
        Command::new(env!("CARGO_BIN_EXE_paydesk"))
            .args([
                "--profile",
                "hsq",
                "acquiring",
                "import-keys",
                "--pfx",
                &format!("{golden}/merchant_2048.pfx"),
                "--platform-cert",
                &format!("{golden}/platform_4096.cer"),
            ])
            .env("PAYDESK_HOME", env.home.path())
            .env("PAYDESK_PFX_PASSWORD", password)
            .env("PAYDESK_SIGN_KEY", std::fs::read_to_string(format!("{golden}/merchant_key.txt")).unwrap())
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let wrong = import("nope");
    assert!(
        !wrong.status.success() && String::from_utf8_lossy(&wrong.stderr).contains("password"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    let ok = import(std::fs::read_to_string(format!("{golden}/pfx_password.txt")).unwrap().trim());
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let shown = env.run(&["--json", "profile", "show", "hsq"]);
    let v: Value = serde_json::from_slice(&shown.stdout).unwrap_or(Value::Null);
    assert!(v.to_string().contains("huishouqian"), "{v}");
    assert!(v.to_string().contains("test-api.huishouqian.com"), "the test environment's URL by default: {v}");
}
