//! The notification receiver under abuse, on loopback with the real HTTP stack: a flood of forged
//! notifications leaves a bounded store while genuine ones sent meanwhile are applied within the 5 s an
//! acquirer waits; an oversized body, a slow sender and too many connections are cut off.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use desk::notify::{NotificationFilter, NotifyReceiver, ReceiverLimits, KEEP_REJECTED};
use desk::{Desk, Environment, NewProfile};
use dougong::keys::PrivateKey;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PROFILE: &str = "flood";

/// A dougong profile whose "Huifu" key pair the test holds, and a receiver for it.
async fn setup(limits: ReceiverLimits) -> (tempfile::TempDir, Desk, PrivateKey, NotifyReceiver) {
    let (dir, desk) = temp_desk();
    desk.create_profile(NewProfile {
        name: PROFILE.into(),
        environment: Some(Environment::JointDebug),
        base_url: Some("http://127.0.0.1:9".into()),
        sys_id: "6666000100000000".into(),
        product_id: "YYZY".into(),
        ..Default::default()
    })
    .unwrap();
    let huifu = PrivateKey::generate(2048).unwrap();
    desk.set_huifu_public_key(PROFILE, &huifu.public_key().to_bare_base64()).unwrap();
    let rx = desk.start_notify_receiver_with("127.0.0.1:0", limits).await.unwrap();
    (dir, desk, huifu, rx)
}

fn trade(seq: &str) -> serde_json::Value {
    json!({"req_seq_id": seq, "req_date": "20261201", "hf_seq_id": format!("HF{seq}"), "huifu_id": "6666000100000001",
           "trans_amt": "1.00", "trans_stat": "S", "notify_type": "1", "trans_type": "T_JSAPI"})
}

/// A notification form whose signature is 256 made-up bytes (what a forger without Huifu's key sends).
fn forged(data: &serde_json::Value, i: usize) -> String {
    use base64::Engine as _;
    let sign: Vec<u8> = (0..256).map(|k| (k * 31 + i * 7) as u8).collect();
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("resp_code", "10000")
        .append_pair("resp_desc", "成功调用")
        .append_pair("resp_data", &data.to_string())
        .append_pair("sign", &base64::engine::general_purpose::STANDARD.encode(sign))
        .finish()
}

async fn post(client: &reqwest::Client, url: &str, body: String) -> (u16, String) {
    let r =
        client.post(url).header("content-type", "application/x-www-form-urlencoded").body(body).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_forged_notifications_leave_a_bounded_store_and_genuine_ones_get_through_in_time() {
    let (_dir, desk, huifu, rx) = setup(ReceiverLimits::default()).await;
    let url = rx.url_for(PROFILE);
    const FORGED: usize = 10_000;
    const SENDERS: usize = 32;

    // The flood: 32 senders, 10,000 distinct bodies with made-up signatures.
    let next = Arc::new(AtomicUsize::new(0));
    let flood: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (next, url) = (next.clone(), url.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::new();
                let mut refused = 0;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= FORGED {
                        return refused;
                    }
                    let body = forged(&trade(&format!("FORGED{i:06}")), i);
                    let (status, _) = post(&client, &url, body).await;
                    assert_eq!(status, 400, "a forged notification is refused");
                    refused += 1;
                }
            })
        })
        .collect();

    // Meanwhile, a genuine notification every 100 ms until the flood is over: each answered and applied
    // within the acquirer's 5 s.
    let client = reqwest::Client::new();
    let mut genuine = Vec::new();
    let started = Instant::now();
    while !flood.iter().all(|f| f.is_finished()) {
        let seq = format!("GENUINE{:04}", genuine.len());
        let body = dougong::notify::build_form("resp_data", &trade(&seq), &huifu);
        let sent = Instant::now();
        let (status, text) = post(&client, &url, body).await;
        let took = sent.elapsed();
        assert_eq!(
            (status, text.as_str()),
            (200, format!("RECV_ORD_ID_{seq}").as_str()),
            "a genuine notification is acknowledged"
        );
        assert!(took < Duration::from_secs(5), "genuine notification {seq} took {took:?} during the flood");
        genuine.push(took);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut refused = 0;
    for f in flood {
        refused += f.await.unwrap();
    }
    let flood_took = started.elapsed();
    assert_eq!(refused, FORGED);
    assert!(genuine.len() >= 3, "genuine notifications were sent while the flood ran: {}", genuine.len());
    genuine.sort();
    eprintln!(
        "flood of {FORGED} forged notifications: {flood_took:?} ({:.0}/s); {} genuine ones meanwhile: median {:?}, max {:?}",
        FORGED as f64 / flood_took.as_secs_f64(),
        genuine.len(),
        genuine[genuine.len() / 2],
        genuine[genuine.len() - 1]
    );

    // Every genuine one stored and applied; the forged ones counted, only the newest few kept.
    let list = |verified| {
        desk.list_notifications(&NotificationFilter {
            profile: Some(PROFILE.into()),
            verified: Some(verified),
            limit: Some(1000),
            ..Default::default()
        })
        .unwrap()
    };
    let ok = list(true);
    assert_eq!(ok.total as usize, genuine.len());
    assert!(ok.rows.iter().all(|r| !r.effect.is_empty()), "each genuine one was applied");
    let bad = list(false);
    assert_eq!(bad.total, KEEP_REJECTED, "the store keeps the newest {KEEP_REJECTED} forged ones, not 10,000");
    assert!(bad.rows.iter().all(|r| r.state == "rejected" && r.body.len() <= 2100));
    assert_eq!(desk.rejected_notifications(PROFILE).unwrap().count, FORGED as i64, "every forged one is counted");
    rx.stop().await;
}

fn short_limits() -> ReceiverLimits {
    ReceiverLimits {
        max_body_bytes: 4096,
        max_connections: 2,
        header_timeout: Duration::from_millis(700),
        body_timeout: Duration::from_millis(700),
        connection_lifetime: Duration::from_secs(10),
    }
}

/// Reads until the server closes the connection (or `limit` passes); answers what came and when it closed.
async fn until_closed(s: &mut tokio::net::TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let t = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while t.elapsed() < limit {
        match tokio::time::timeout(limit - t.elapsed(), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (String::from_utf8_lossy(&got).into_owned(), Some(t.elapsed())),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), None)
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_bodies_and_slow_senders_are_cut_off() {
    let (_dir, desk, huifu, rx) = setup(short_limits()).await;
    let client = reqwest::Client::new();
    let url = rx.url_for(PROFILE);

    // Too big: 413, nothing stored.
    let (status, text) = post(&client, &url, format!("resp_data={}&sign=x", "a".repeat(10_000))).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("at most 4096 bytes"), "{text}");
    assert_eq!(desk.list_notifications(&NotificationFilter::default()).unwrap().total, 0);

    // Headers sent a byte at a time and never finished: closed after the header timeout.
    let mut slow = tokio::net::TcpStream::connect(rx.addr()).await.unwrap();
    slow.write_all(b"POST /notify/flood HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let (_, closed) = until_closed(&mut slow, Duration::from_secs(5)).await;
    let closed = closed.expect("a sender that never finishes its headers is cut off");
    assert!(closed >= Duration::from_millis(500) && closed < Duration::from_secs(3), "cut off after {closed:?}");

    // A body promised and never sent: answered 408 and closed after the body timeout.
    let mut slow = tokio::net::TcpStream::connect(rx.addr()).await.unwrap();
    slow.write_all(b"POST /notify/flood HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nresp_data=").await.unwrap();
    let (answer, closed) = until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(closed.is_some(), "the connection is closed");

    // Two connections held open by slow senders take both slots: a genuine sender waits for one and is
    // served once they are cut off, well within the acquirer's 5 s.
    let mut hogs = Vec::new();
    for _ in 0..2 {
        let mut s = tokio::net::TcpStream::connect(rx.addr()).await.unwrap();
        s.write_all(b"POST /notify/flood HTTP/1.1\r\n").await.unwrap();
        hogs.push(s);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let t = Instant::now();
    let (status, text) =
        post(&client, &url, dougong::notify::build_form("resp_data", &trade("AFTERHOGS"), &huifu)).await;
    assert_eq!((status, text.as_str()), (200, "RECV_ORD_ID_AFTERHOGS"));
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
        "served after the hogs were cut off: {waited:?}"
    );
    for mut h in hogs {
        assert!(until_closed(&mut h, Duration::from_secs(3)).await.1.is_some(), "a hog is cut off");
    }
    rx.stop().await;
}
