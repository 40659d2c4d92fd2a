//! Talking to the real sandbox's test controls over loopback.
#![allow(dead_code)]

use serde_json::{json, Value};

/// The sandbox controls at `base`.
pub struct Controls {
    pub base: String,
    http: reqwest::Client,
}

impl Controls {
    pub fn new(base: &str) -> Controls {
        Controls { base: base.trim_end_matches('/').to_string(), http: reqwest::Client::new() }
    }

    pub async fn get(&self, path: &str) -> Value {
        let r = self.http.get(format!("{}{path}", self.base)).send().await.expect("control reachable");
        assert!(r.status().is_success(), "GET {path}: {}", r.status());
        r.json().await.expect("control answers JSON")
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http.post(format!("{}{path}", self.base)).json(&body).send().await.expect("control reachable")
    }

    /// Arms a fault for the next call to `path`.
    pub async fn fault(&self, kind: &str, path: &str, extra: Value) {
        let mut body = json!({"kind": kind, "path": path, "count": 1});
        if let (Value::Object(b), Value::Object(e)) = (&mut body, extra) {
            b.extend(e);
        }
        let r = self.post("/sandbox/faults", body).await;
        assert!(r.status().is_success(), "fault armed: {}", r.status());
    }

    pub async fn advance(&self, seconds: u64) {
        let r = self.post("/sandbox/clock/advance", json!({"seconds": seconds})).await;
        assert!(r.status().is_success(), "clock advanced: {}", r.status());
    }

    /// Records of one kind (`terminals`, `merchants`...).
    pub async fn records(&self, kind: &str) -> Vec<Value> {
        self.get(&format!("/sandbox/records/{kind}")).await["records"].as_array().cloned().unwrap_or_default()
    }

    /// How many requests the gateway received for `path`.
    pub async fn requests_to(&self, path: &str) -> usize {
        let v = self.get("/sandbox/requests?limit=1000").await;
        let list = v.get("requests").or(v.get("records")).and_then(Value::as_array).cloned().unwrap_or_else(|| v.as_array().cloned().unwrap_or_default());
        list.iter().filter(|r| r.get("path").and_then(Value::as_str) == Some(path)).count()
    }

    /// The legal person "scans" the realname QR and confirms.
    pub async fn confirm_realname(&self, huifu_id: &str, channel: &str) {
        let r = self
            .http
            .post(format!("{}/sandbox/realname/{huifu_id}?channel={channel}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("channel={channel}"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "realname confirmed: {} {}", r.status(), r.text().await.unwrap_or_default());
    }
}

/// A small PNG picture (a licence or ID photo stand-in).
pub fn png(path: &std::path::Path, w: u32, h: u32, noisy: bool) {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        if noisy {
            let v = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)).wrapping_mul(2246822519);
            image::Rgb([(v >> 8) as u8, (v >> 16) as u8, (v >> 24) as u8])
        } else {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }
    });
    img.save(path).expect("write test picture");
}
