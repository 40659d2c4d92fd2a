//! `paydesk devtools sign` must give the same signature as the official Python SDK (dg-sdk 2.0.28) for
//! any JSON object. Varied objects are generated here (Chinese, emoji, escapes, control characters,
//! nested objects and arrays, number spellings, booleans, empties, duplicate keys) and signed by both.
//! The SDK runs from the workspace's .venv (scripts/setup.sh installs it; scripts/test.sh always does).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// xorshift64*: deterministic, so a failing case number is reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A JSON string literal (already escaped as a writer might: mixes raw and \u forms).
fn string_lit(r: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "Z",
        "0",
        " ",
        "商品",
        "描述",
        "汇付",
        "😀",
        "👨‍👩‍👧",
        "é",
        "ß",
        "/",
        "&",
        "<",
        ">",
        "'",
        "\\\"",
        "\\\\",
        "\\/",
        "\\n",
        "\\r",
        "\\t",
        "\\b",
        "\\f",
        "\\u0001",
        "\\u001f",
        "\\u007f",
        "\\u2028",
        "\\u00e9",
        "\\u4e2d",
        "\\ud83d\\ude00",
        "\\u0026",
        "\\u003c",
        "\u{7f}",
        "\u{2029}",
        "\u{feff}",
        "=",
        "+",
        "%",
        "{\\\"x\\\":1}",
    ];
    let n = r.below(6);
    let mut s = String::from("\"");
    for _ in 0..n {
        s.push_str(r.pick(PIECES));
    }
    s.push('"');
    s
}

fn key_lit(r: &mut Rng) -> String {
    const KEYS: &[&str] = &[
        "huifu_id",
        "req_seq_id",
        "acctInfo_list",
        "acct_id",
        "A",
        "_x",
        "Z_",
        "a1",
        "a_",
        "中文键",
        "😀",
        "trans_amt",
        "wx_data",
        "",
        "k\\u0001",
        "k\\\"q",
        "notify_url",
        "remark",
    ];
    format!("\"{}\"", r.pick(KEYS))
}

fn number_lit(r: &mut Rng) -> String {
    const NUMS: &[&str] = &[
        "0",
        "-0",
        "1",
        "-7",
        "42",
        "9007199254740993",
        "18446744073709551616",
        "123456789012345678901234567890",
        "1.50",
        "0.00",
        "0.1",
        "-2.5",
        "1E2",
        "1e-7",
        "1.5e+16",
        "123456789.123456789",
        "1e308",
        "5e-324",
        "0.30000000000000004",
        "100.0",
        "1e16",
        "1e15",
        "-0.0",
        "2.5E-5",
    ];
    r.pick(NUMS).to_string()
}

fn value(r: &mut Rng, depth: usize) -> String {
    let kinds = if depth >= 3 { 6 } else { 9 };
    match r.below(kinds) {
        0 | 1 => string_lit(r),
        2 => number_lit(r),
        3 => r.pick(&["true", "false"]).to_string(),
        4 => "null".into(),
        5 => r.pick(&["\"\"", "[]", "{}"]).to_string(),
        6 | 7 => object(r, depth + 1),
        _ => {
            let n = r.below(4);
            let items: Vec<String> = (0..n).map(|_| value(r, depth + 1)).collect();
            format!("[{}]", items.join(if r.below(2) == 0 { "," } else { ", " }))
        }
    }
}

fn object(r: &mut Rng, depth: usize) -> String {
    let n = if depth == 0 { 1 + r.below(9) } else { r.below(4) };
    let fields: Vec<String> =
        (0..n).map(|_| format!("{}{}{}", key_lit(r), r.pick(&[":", ": ", " : "]), value(r, depth))).collect();
    format!("{{{}}}", fields.join(r.pick(&[",", ", ", ",\t"])))
}

const INFINITE: &str = r#"{"x":1e400,"y":"\u0000"}"#;

#[test]
fn devtools_sign_matches_official_python_sdk() {
    let python = root().join(".venv/bin/python");
    if !python.exists() {
        eprintln!("\n\n!!!!!! SKIPPED: {} is missing; run `bash scripts/setup.sh` to install dg-sdk (scripts/test.sh always does) !!!!!!\n", python.display());
        return;
    }
    let key = root().join("crates/dougong/tests/golden/demo_private_key.txt");
    let script = root().join("crates/dougong/tests/oracle/dg_sdk_sign.py");

    let mut r = Rng(0x5eed_1234_abcd_0001);
    let mut cases: Vec<String> = vec![
        std::fs::read_to_string(root().join("crates/dougong/tests/golden/python_path/data.json"))
            .unwrap()
            .replace('\n', " "),
        r#"{"b":1,"a":2,"b":3}"#.into(),
        r#"{"x":1e300,"y":"\u0000"}"#.into(),
        // Beyond f64: Python reads inf and dg-sdk signs `Infinity`, which is not JSON; we refuse it instead
        // (the fuzzer's find, crates/dougong/tests/fuzz_regressions.rs). Checked apart below.
        INFINITE.into(),
        r#"{}"#.into(),
        r#"{"only_empty":"","n":null,"o":{},"l":[]}"#.into(),
    ];
    cases.extend((0..250).map(|_| object(&mut r, 0)));

    let mut child = Command::new(&python)
        .arg(&script)
        .arg(&key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the dg-sdk oracle");
    {
        let mut stdin = child.stdin.take().unwrap();
        for c in &cases {
            writeln!(stdin, "{c}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "oracle failed");
    let answers: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), cases.len(), "one answer per case");

    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_paydesk");
    for (i, (case, want)) in cases.iter().zip(&answers).enumerate() {
        assert!(want.get("error").is_none(), "case {i}: oracle error {want} for {case}");
        let input = dir.path().join(format!("case{i}.json"));
        std::fs::write(&input, case).unwrap();
        if case == INFINITE {
            assert!(want["canonical"].as_str().unwrap().contains("Infinity"), "dg-sdk signs {case} as {want}");
            let e = dougong::canonical::request_string_from_json(case).unwrap_err();
            assert!(matches!(e, dougong::canonical::CanonicalError::NotFinite(ref n) if n == "1e400"), "{e:?}");
            let o = Command::new(bin)
                .args(["devtools", "sign", "--private-key"])
                .arg(&key)
                .arg("--input")
                .arg(&input)
                .output()
                .unwrap();
            assert!(!o.status.success(), "a number beyond f64 must not be signed");
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("1e400"),
                "the refusal names the number: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            continue;
        }
        let ours = dougong::canonical::request_string_from_json(case).unwrap();
        assert_eq!(ours, want["canonical"].as_str().unwrap(), "case {i}: canonical differs for input {case}");
        let o = Command::new(bin)
            .args(["devtools", "sign", "--private-key"])
            .arg(&key)
            .arg("--input")
            .arg(&input)
            .output()
            .unwrap();
        assert!(o.status.success(), "case {i}: sign failed: {}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            String::from_utf8(o.stdout).unwrap().trim(),
            want["sign"].as_str().unwrap(),
            "case {i}: signature for {case}"
        );
    }
    eprintln!(
        "dg-sdk oracle: {} objects signed identically; e.g. {} -> {}",
        cases.len(),
        cases[7],
        answers[7]["canonical"]
    );
}
