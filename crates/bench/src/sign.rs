//! Figure 1: SHA256withRSA sign and verify per second (dougong, single thread) against `openssl speed
//! rsa2048` and against the official Python SDK (dg-sdk's own sign / verify helpers), all measured now.
//!
//! The message is a realistic jspay `data` (the golden case the signing tests use). openssl signs a raw
//! digest, so it is the ceiling for the RSA maths; dg-sdk includes what a developer's script pays.

use std::path::Path;
use std::process::Command;

use dougong::canonical::request_string;
use dougong::keys::PrivateKey;

use crate::figures::Figure;

const KEY: &str = include_str!("../../dougong/tests/golden/demo_private_key.txt");
const DATA: &str = include_str!("../../dougong/tests/golden/python_path/data.json");

/// CPU time of the calling thread, in seconds (Linux: the first field of schedstat is nanoseconds on CPU).
/// CPU time, not wall time, because `openssl speed` divides by user CPU time by default, and because a
/// shared machine's load would otherwise decide the figure.
fn thread_cpu_seconds() -> f64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("/proc/thread-self/schedstat (Linux)");
    let ns: f64 =
        text.split_whitespace().next().and_then(|v| v.parse().ok()).expect("schedstat starts with nanoseconds");
    ns / 1e9
}

/// Operations per CPU second of `op`, run back to back for `seconds` of CPU time.
fn rate(seconds: f64, mut op: impl FnMut()) -> f64 {
    let start = thread_cpu_seconds();
    let mut n = 0u64;
    loop {
        // Read the clock every 8 operations: a /proc read costs about as much as a verify.
        for _ in 0..8 {
            op();
        }
        n += 8;
        let used = thread_cpu_seconds() - start;
        if used >= seconds {
            return n as f64 / used;
        }
    }
}

/// Pairs per second from separate sign and verify rates (one sign, then one verify).
fn pair(sign: f64, verify: f64) -> f64 {
    1.0 / (1.0 / sign + 1.0 / verify)
}

struct Rates {
    sign: f64,
    verify: f64,
    /// canonical JSON + sign + verify, measured as one loop.
    pair: f64,
}

/// rsa 0.9's own `RsaPublicKey::verify` on the same signature: what dougong's verify did before it kept the
/// switch to ring for verification (crates/dougong/src/keys.rs).
fn rsa_crate_verify_rate(seconds: f64) -> f64 {
    use base64::Engine as _;
    use rsa::pkcs8::DecodePrivateKey;
    use sha2::Digest;
    let der = base64::engine::general_purpose::STANDARD.decode(KEY.trim()).expect("demo key is base64");
    let key = rsa::RsaPrivateKey::from_pkcs8_der(&der).expect("demo key parses");
    let public = key.to_public_key();
    let data: serde_json::Value = serde_json::from_str(DATA).expect("golden data parses");
    let canonical = request_string(data.as_object().expect("object"));
    let digest = sha2::Sha256::digest(canonical.as_bytes());
    let sig = key.sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest).expect("sign");
    rate(seconds, || {
        let digest = sha2::Sha256::digest(std::hint::black_box(canonical.as_bytes()));
        assert!(public.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, &sig).is_ok(), "rsa verifies");
    })
}

fn dougong_rates(seconds: f64) -> Rates {
    let key = PrivateKey::from_text(KEY).expect("demo key parses");
    let public = key.public_key();
    let data: serde_json::Value = serde_json::from_str(DATA).expect("golden data parses");
    let data = data.as_object().expect("golden data is an object").clone();
    let canonical = request_string(&data);
    let sig = key.sign(canonical.as_bytes());
    assert!(public.verify(canonical.as_bytes(), &sig), "sanity: own signature verifies");
    let sign = rate(seconds, || {
        std::hint::black_box(key.sign(std::hint::black_box(canonical.as_bytes())));
    });
    let verify = rate(seconds, || {
        assert!(public.verify(std::hint::black_box(canonical.as_bytes()), &sig), "verify must succeed in the loop");
    });
    let pair = rate(seconds, || {
        let c = request_string(std::hint::black_box(&data));
        let s = key.sign(c.as_bytes());
        assert!(public.verify(c.as_bytes(), &s), "round trip must verify");
    });
    Rates { sign, verify, pair }
}

/// `openssl speed -seconds N rsa2048`: sign/s and verify/s of the "rsa 2048 bits" line. Column positions
/// differ between OpenSSL 3.0 (sign verify) and 3.2+ (sign verify encrypt decrypt), so the header names
/// them.
fn openssl_rates(seconds: f64) -> Result<(f64, f64), String> {
    let secs = (seconds.ceil() as u64).max(1).to_string();
    let out = Command::new("openssl")
        .args(["speed", "-seconds", &secs, "rsa2048"])
        .output()
        .map_err(|e| format!("openssl: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut cols: Option<(usize, usize)> = None;
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let (Some(s), Some(v)) =
            (words.iter().position(|w| *w == "sign/s"), words.iter().position(|w| *w == "verify/s"))
        {
            cols = Some((s, v));
        } else if let (Some((s, v)), true) = (cols, line.starts_with("rsa") && line.contains("2048 bits")) {
            // The data line starts with three words ("rsa 2048 bits") where the header has none.
            let get = |i: usize| words.get(i).and_then(|w| w.parse::<f64>().ok());
            if let (Some(sr), Some(vr)) = (get(s + 3), get(v + 3)) {
                return Ok((sr, vr));
            }
            return Err(format!("could not read the rates from {line:?}"));
        }
    }
    Err(format!("no 'rsa 2048 bits' line in openssl speed output:\n{text}"))
}

/// dg-sdk's own helpers on the same key and message (crates/bench/python/sdk_sign.py prints JSON).
fn sdk_rates(python: &Path, script: &Path, seconds: f64) -> Result<Rates, String> {
    let out = Command::new(python)
        .arg(script)
        .arg(seconds.to_string())
        .env("BENCH_KEY", KEY.trim())
        .env("BENCH_DATA", DATA)
        .output()
        .map_err(|e| format!("{}: {e}", python.display()))?;
    if !out.status.success() {
        return Err(format!("sdk_sign.py failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| format!("sdk_sign.py output: {e}"))?;
    let f = |k: &str| v[k].as_f64().ok_or_else(|| format!("sdk_sign.py: no {k} in {v}"));
    Ok(Rates { sign: f("sign")?, verify: f("verify")?, pair: f("pair")? })
}

pub fn run(seconds: f64, python: &Path, script_dir: &Path) {
    eprintln!("== signing ({seconds} CPU s per loop, one thread; rates per CPU second on every side)");
    let ours = dougong_rates(seconds);
    let before = rsa_crate_verify_rate(seconds);
    Figure::new("signing", "verify/s (ring)", ours.verify, "/s", "rsa 0.9 RsaPublicKey::verify", before, true)
        .note("the speed-up of verifying with ring instead of rsa 0.9")
        .emit();
    match openssl_rates(seconds) {
        Ok((os, ov)) => {
            Figure::new("signing", "sign/s", ours.sign, "/s", "openssl speed rsa2048", os, true).emit();
            Figure::new("signing", "verify/s", ours.verify, "/s", "openssl speed rsa2048", ov, true).emit();
            Figure::new(
                "signing",
                "sign+verify/s (incl. canonical JSON)",
                ours.pair,
                "/s",
                "openssl speed rsa2048",
                pair(os, ov),
                true,
            )
            .note("openssl pair rate = 1/(1/sign + 1/verify), digest only")
            .emit();
        }
        Err(e) => Figure::not_measured("signing", "sign+verify/s vs openssl", "/s", "openssl speed rsa2048", &e).emit(),
    }
    match sdk_rates(python, &script_dir.join("sdk_sign.py"), seconds) {
        Ok(sdk) => {
            Figure::new("signing", "sign/s", ours.sign, "/s", "dg-sdk 2.0.28 (Python)", sdk.sign, true).emit();
            Figure::new("signing", "verify/s", ours.verify, "/s", "dg-sdk 2.0.28 (Python)", sdk.verify, true).emit();
            Figure::new(
                "signing",
                "sign+verify/s (incl. canonical JSON)",
                ours.pair,
                "/s",
                "dg-sdk 2.0.28 (Python)",
                sdk.pair,
                true,
            )
            .note("both sides: canonical JSON of the same data, sign, verify")
            .emit();
        }
        Err(e) => Figure::not_measured("signing", "sign+verify/s vs dg-sdk", "/s", "dg-sdk 2.0.28 (Python)", &e).emit(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pair_rate_is_harmonic() {
        assert!((super::pair(100.0, 100.0) - 50.0).abs() < 1e-9);
    }
}
