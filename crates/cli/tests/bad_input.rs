//! Bad arguments to the `paydesk` binary: empty, too long, wrong charset, wrong check digit, negative and
//! huge amounts, control characters. Each run exits 2 with a JSON error naming the field (or clap's usage
//! error naming the flag), and nothing is sent: the audit log and the journal of the data directory stay
//! empty.

use std::process::{Command, Stdio};

use serde_json::Value;

const H: &str = "6666000123456789";

fn paydesk(home: &std::path::Path, args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_paydesk"))
        .arg("--json")
        .args(args)
        .env("PAYDESK_HOME", home)
        .env_remove("PAYDESK_PROFILE")
        .stdin(Stdio::null())
        .output()
        .expect("paydesk runs")
}

fn args(s: &[&str]) -> Vec<String> {
    s.iter().map(|a| a.to_string()).collect()
}

/// (the arguments, the field the error must name).
fn cases(dir: &std::path::Path) -> Vec<(Vec<String>, &'static str)> {
    let long = "长".repeat(300);
    let bad_form = dir.join("form.json");
    std::fs::write(&bad_form, "{\"regName\": ").unwrap();
    let missing = dir.join("missing.json").display().to_string();
    let bad_form = bad_form.display().to_string();
    let terminal = |extra: &[&str]| {
        let mut v = args(&["terminal", "add", H, "--sn", "SN1", "--tusn", "T1", "--model", "A920"]);
        v.extend(args(extra));
        v
    };
    let realname = |name: &str, mobile: &str, id: &str| {
        args(&["realname", "submit", H, "--channel", "wechat", "--name", name, "--mobile", mobile, "--id-card", id])
    };
    let order = |amount: &str| {
        args(&["acquiring", "--acquirer", "huishouqian", "create", "--product", "DYNAMIC_ALL", "--amount", amount])
    };
    let refund = |amount: &str, of: &str| {
        args(&[
            "acquiring",
            "--acquirer",
            "huishouqian",
            "refund",
            "--order-no",
            "202611300000000001",
            "--amount",
            amount,
            "--order-amount",
            of,
        ])
    };
    vec![
        // Profiles.
        (args(&["profile", "add", "a/b", "--env", "sandbox", "--sys-id", "6666000100000000"]), "name"),
        (args(&["profile", "add", "", "--env", "sandbox", "--sys-id", "6666000100000000"]), "name"),
        (args(&["profile", "add", "p1", "--env", "staging", "--sys-id", "6666000100000000"]), "environment"),
        (args(&["profile", "add", "p1", "--env", "joint-debug", "--sys-id", "66660001abc"]), "sys_id"),
        (
            args(&[
                "profile",
                "add",
                "p1",
                "--env",
                "joint-debug",
                "--sys-id",
                "6666000100000000",
                "--base-url",
                "ftp://x",
            ]),
            "base_url",
        ),
        (
            args(&[
                "profile",
                "add",
                "p1",
                "--env",
                "prod",
                "--sys-id",
                "6666000100000000",
                "--base-url",
                "http://api.huifu.com",
            ]),
            "base_url",
        ),
        // Terminals.
        (args(&["terminal", "add", "6666abc", "--sn", "SN1", "--tusn", "T1", "--model", "A920"]), "huifu_id"),
        (args(&["terminal", "add", "", "--sn", "SN1", "--tusn", "T1", "--model", "A920"]), "huifu_id"),
        (args(&["terminal", "add", &"6".repeat(19), "--sn", "SN1", "--tusn", "T1", "--model", "A920"]), "huifu_id"),
        (terminal(&["--address", &long]), "terminal_address"),
        (args(&["terminal", "add", H, "--sn", "SN\n1", "--tusn", "T1", "--model", "A920"]), "sn"),
        (args(&["terminal", "add", H, "--sn", "SN1", "--model", "A920"]), "tusn"),
        (terminal(&["--req-seq-id", "a b"]), "req_seq_id"),
        (terminal(&["--req-seq-id", &"9".repeat(100)]), "req_seq_id"),
        (args(&["terminal", "cancel", H, ""]), "device_id"),
        // Business open, WeChat config, split.
        (args(&["busi", "open", H, "--wx", "1-0.38"]), "wx"),
        (args(&["busi", "open", H, "--wx", "1:-0.38"]), "wx_conf_list[0].fee_rate"),
        (args(&["busi", "open", H, "--wx", "1:abc"]), "wx_conf_list[0].fee_rate"),
        (args(&["busi", "open", H]), "wx_conf_list"),
        (args(&["wxconfig", "set", H, "--applet-app-id", "wx12"]), "wx_applet_app_id"),
        (args(&["wxconfig", "set", H, "--fee-type", "9", "--applet-app-id", "wxabcdef0123456789"]), "fee_type"),
        (args(&["wxconfig", "set", H]), "wx_woa_app_id"),
        (args(&["split", "config", H, "--ratio", "101"]), "apply_ratio"),
        (args(&["split", "config", H, "--ratio", "-5"]), "apply_ratio"),
        (args(&["split", "config", H, "--ratio", "10", "--rule-origin", "02", "--share", "x"]), "share"),
        // Realname.
        (realname("", "13812345678", "11010519491231002X"), "name"),
        (realname("张\u{1b}三", "13812345678", "11010519491231002X"), "name"),
        (realname("张三", "138 1234 5678", "11010519491231002X"), "mobile"),
        (realname("张三", "13812345678", "110105194912310021"), "id_card_number"),
        (realname("张三", "13812345678", "11010519491231002"), "id_card_number"),
        // Amounts.
        (order("-1"), "amount"),
        (order("0"), "amount"),
        (order("abc"), "amount"),
        (order("1e5"), "amount"),
        (order("0.001"), "amount"),
        (order("1,000.00"), "amount"),
        (order(""), "amount"),
        (order("99999999999999999999"), "amount"),
        (refund("-0.01", "1.00"), "amount"),
        (refund("0.01", "-1.00"), "order_amount"),
        (refund("99999999999999999999", "1.00"), "amount"),
        // Files and filters.
        (args(&["onboarding", "indv", "--form", &missing]), "form"),
        (args(&["onboarding", "indv", "--form", &bad_form]), "form"),
        (args(&["audit", "search", "--from", "2026/11/30"]), "from"),
        (args(&["audit", "search", "--outcome", "great"]), "outcome"),
        (args(&["profile", "import-keys", "sandbox", "--private-key", &missing]), "private_key"),
    ]
}

/// Key files that are not keys: refused as `key_invalid` (exit 1) naming the field, nothing stored.
fn key_cases(dir: &std::path::Path) -> Vec<(Vec<String>, &'static str)> {
    let junk = dir.join("junk.key");
    std::fs::write(&junk, "not a key\n").unwrap();
    let pem = dir.join("trunc.pem");
    std::fs::write(&pem, "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n")
        .unwrap();
    let (junk, pem) = (junk.display().to_string(), pem.display().to_string());
    vec![
        (args(&["profile", "import-keys", "sandbox", "--private-key", &junk]), "private_key"),
        (args(&["profile", "import-keys", "sandbox", "--private-key", &pem]), "private_key"),
    ]
}

#[test]
fn every_bad_argument_is_refused_by_name_and_nothing_is_sent() {
    let home = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut wrong = Vec::new();
    let all = cases(files.path()).into_iter().map(|(a, f)| (a, f, "invalid_input", 2));
    let keys = key_cases(files.path()).into_iter().map(|(a, f)| (a, f, "key_invalid", 1));
    for (argv, field, code, exit) in all.chain(keys) {
        let out = paydesk(home.path(), &argv);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(exit) {
            wrong.push(format!("{argv:?}: exit {:?} (want {exit}): {stderr}", out.status.code()));
            continue;
        }
        match serde_json::from_str::<Value>(stderr.trim()) {
            Ok(e)
                if e["code"] == code
                    && e["field"] == field
                    && !e["message"].as_str().unwrap_or_default().is_empty() => {}
            Ok(e) => wrong.push(format!("{argv:?}: want {code} on {field}, got {e}")),
            Err(_) => wrong.push(format!("{argv:?}: not a JSON error: {stderr}")),
        }
        assert!(out.stdout.is_empty(), "{argv:?}: printed a result: {}", String::from_utf8_lossy(&out.stdout));
    }
    assert!(wrong.is_empty(), "{} argument(s) not refused by name:\n{}", wrong.len(), wrong.join("\n"));

    // Nothing reached an acquirer: no audit row, no journal entry.
    let c = rusqlite::Connection::open_with_flags(
        home.path().join("paydesk.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let audited: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    let journalled: i64 = c.query_row("SELECT count(*) FROM journal", [], |r| r.get(0)).unwrap();
    assert_eq!((audited, journalled), (0, 0), "nothing was sent or journalled");
}

/// clap's own refusals (a missing value, an unknown enum) name the flag and exit 2 without touching the
/// data directory.
#[test]
fn usage_errors_name_the_flag() {
    let home = tempfile::tempdir().unwrap();
    for (argv, flag) in [
        (
            args(&[
                "realname",
                "submit",
                H,
                "--channel",
                "wepay",
                "--name",
                "a",
                "--mobile",
                "13812345678",
                "--id-card",
                "11010519491231002X",
            ]),
            "--channel",
        ),
        (args(&["acquiring", "--acquirer", "paypal", "query", "1"]), "--acquirer"),
        (args(&["acquiring", "create", "--product", "DYNAMIC_ALL"]), "--amount"),
        (args(&["terminal", "add"]), "<HUIFU_ID>"),
    ] {
        let out = paydesk(home.path(), &argv);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{argv:?}: {stderr}");
        assert!(stderr.contains(flag), "{argv:?}: the error names {flag}: {stderr}");
    }
    assert!(!home.path().join("paydesk.db").exists(), "a usage error opens nothing");
}
