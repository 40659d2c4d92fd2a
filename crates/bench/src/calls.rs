//! Figure 2: signed calls per second from the dougong client to the sandbox on loopback (release build),
//! with 1 and with 16 calls in flight, against a plain sequential dg-sdk script calling the same sandbox
//! process for the same query. Every answer is verified on both sides (the SDK verifies by itself).
//!
//! The call is 扫码交易查询 of one paid order: read-only, so the count of calls does not change what the
//! sandbox has to look through.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dougong::trade::ScanQuery;

use crate::figures::Figure;
use crate::fixture::{merchant, paid_orders, SandboxProcess};

/// Calls per second with `in_flight` tasks each calling back to back for `seconds`.
async fn rate(client: &dougong::Client, query: &ScanQuery, in_flight: usize, seconds: f64) -> f64 {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let query = Arc::new(query.clone());
    let mut tasks = Vec::new();
    for _ in 0..in_flight {
        let client = client.clone();
        let query = query.clone();
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while Instant::now() < deadline {
                let r = client.send(&*query).await.unwrap_or_else(|e| panic!("scanpay query: {e}"));
                assert_eq!(r.resp_code, "00000000", "query answered {r:?}");
                n += 1;
            }
            n
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("call task");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

fn sdk_rate(
    python: &Path,
    script: &Path,
    sb: &SandboxProcess,
    huifu_id: &str,
    hf_seq_id: &str,
    seconds: f64,
) -> Result<f64, String> {
    let out = Command::new(python)
        .arg(script)
        .arg(sb.credentials_dir())
        .args([huifu_id, hf_seq_id, &seconds.to_string()])
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!("sdk_calls.py failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("sdk_calls.py output: {e}"))?;
    v["calls_per_s"].as_f64().ok_or_else(|| format!("sdk_calls.py: {v}"))
}

pub async fn run(paydesk: &Path, python: &Path, script_dir: &Path, seconds: f64) {
    eprintln!("== client → sandbox ({seconds} s per measurement, sandbox = `paydesk sandbox serve`, release)");
    let sb = SandboxProcess::start(paydesk);
    let client = sb.client();
    let huifu_id = merchant(&sb, &client).await;
    let order = paid_orders(&sb, &client, &huifu_id, 1, 100).await.pop().expect("one order");
    let query =
        ScanQuery { huifu_id: huifu_id.clone(), org_hf_seq_id: Some(order.hf_seq_id.clone()), ..Default::default() };
    // Warm up connections and the sandbox's caches on both sides before measuring.
    rate(&client, &query, 1, seconds.min(1.0) / 2.0).await;
    let sdk = sdk_rate(python, &script_dir.join("sdk_calls.py"), &sb, &huifu_id, &order.hf_seq_id, seconds);
    let one = rate(&client, &query, 1, seconds).await;
    let sixteen = rate(&client, &query, 16, seconds).await;
    match sdk {
        Ok(base) => {
            let b = "dg-sdk, sequential (Python)";
            Figure::new("client", "calls/s, 1 in flight", one, "/s", b, base, true).emit();
            Figure::new("client", "calls/s, 16 in flight", sixteen, "/s", b, base, true).emit();
        }
        Err(e) => {
            Figure::not_measured(
                "client",
                "calls/s, 1 in flight",
                "/s",
                "dg-sdk",
                &format!("baseline failed: {e} (dougong: {one:.0}/s)"),
            )
            .emit();
            Figure::not_measured(
                "client",
                "calls/s, 16 in flight",
                "/s",
                "dg-sdk",
                &format!("baseline failed: {e} (dougong: {sixteen:.0}/s)"),
            )
            .emit();
        }
    }
}
