//! Runs tests/sdk_journey.py — Huifu's official Python SDK (dg-sdk 2.0.28, installed into .venv by
//! scripts/setup.sh) — against a sandbox started here, with the SDK checking every answer's signature.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_official_python_sdk_runs_the_whole_journey() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let python = root.join(".venv/bin/python");
    assert!(python.exists(), "{} missing: run scripts/setup.sh (installs dg-sdk==2.0.28)", python.display());
    let dir = tempfile::tempdir().unwrap();
    let timing = sandbox::Timing {
        audit_auto_approve: None,
        busi_open: Duration::from_millis(300),
        settle: Duration::from_millis(300),
        password_entry: Duration::from_millis(300),
        bill_task_step: Duration::from_millis(200),
        notify_retry: vec![Duration::from_millis(300); 3],
        ..Default::default()
    };
    let sb =
        sandbox::start(sandbox::SandboxConfig { data_dir: dir.path().to_path_buf(), timing, ..Default::default() })
            .await
            .expect("sandbox starts");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/sdk_journey.py");
    let data_dir = dir.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .arg(script)
            .arg(data_dir)
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost")
            .output()
            .expect("python runs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(out.status.success() && stdout.contains("JOURNEY OK"), "SDK journey failed:\n{stdout}\n{stderr}");
    sb.shutdown().await;
}
