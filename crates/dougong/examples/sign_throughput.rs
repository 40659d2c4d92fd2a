//! Sign and verify throughput of the dougong crate on a realistic jspay `data` (for scripts/bench-sign.sh).
//!
//! Prints one line: `dougong sign/s=<n> verify/s=<n> canonical+sign+verify/s=<n>`.
//! Usage: sign_throughput [SECONDS] (default 3), single-threaded like `openssl speed` without -multi.

use std::time::{Duration, Instant};

use dougong::canonical::request_string;
use dougong::keys::PrivateKey;

fn rate(seconds: f64, mut op: impl FnMut()) -> f64 {
    let budget = Duration::from_secs_f64(seconds);
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        op();
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let seconds: f64 = std::env::args().nth(1).map(|s| s.parse().expect("SECONDS is a number")).unwrap_or(3.0);
    let key = PrivateKey::from_text(include_str!("../tests/golden/demo_private_key.txt")).expect("demo key parses");
    let public = key.public_key();
    let data_text = include_str!("../tests/golden/python_path/data.json");
    let data: serde_json::Value = serde_json::from_str(data_text).expect("golden data parses");
    let data = data.as_object().expect("golden data is an object").clone();
    let canonical = request_string(&data);
    let sig = key.sign(canonical.as_bytes());
    assert!(public.verify(canonical.as_bytes(), &sig), "sanity: own signature verifies");

    let sign_rate = rate(seconds, || {
        std::hint::black_box(key.sign(std::hint::black_box(canonical.as_bytes())));
    });
    let verify_rate = rate(seconds, || {
        assert!(public.verify(std::hint::black_box(canonical.as_bytes()), &sig), "verify must succeed in the loop");
    });
    let pair_rate = rate(seconds, || {
        let c = request_string(std::hint::black_box(&data));
        let s = key.sign(c.as_bytes());
        assert!(public.verify(c.as_bytes(), &s), "round trip must verify");
    });
    println!("dougong sign/s={sign_rate:.1} verify/s={verify_rate:.1} canonical+sign+verify/s={pair_rate:.1}");
}
