//! Talking to the real sandbox's test controls over loopback.
#![allow(dead_code)]

use desk::services::onboarding::pictures::PictureFile;
use desk::services::onboarding::{CardForm, EntOnboardingForm, IndvOnboardingForm};
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
        let list = v
            .get("requests")
            .or(v.get("records"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_else(|| v.as_array().cloned().unwrap_or_default());
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

/// An individual merchant's form with pictures written into `dir` (one of them a 3 MB noisy PNG that
/// must be fitted under the 2 MB limit).
pub fn indv_form(dir: &std::path::Path) -> IndvOnboardingForm {
    png(&dir.join("id_front.png"), 1400, 1000, true);
    png(&dir.join("id_back.png"), 200, 120, false);
    png(&dir.join("card.png"), 200, 120, false);
    IndvOnboardingForm {
        reg_name: "张三".into(),
        short_name: Some("张三的小店".into()),
        mcc: "5812".into(),
        scene_type: "ONLINE".into(),
        district_id: "310101".into(),
        legal_cert_no: "11010519491231002X".into(),
        legal_cert_begin_date: "20200101".into(),
        legal_cert_validity_type: Some("0".into()),
        legal_cert_end_date: "20400101".into(),
        legal_addr: "上海市黄浦区人民大道1号".into(),
        contact_mobile_no: "13812345678".into(),
        contact_email: "zhangsan@example.com".into(),
        card: CardForm {
            card_name: "张三".into(),
            card_no: "6222021234567890128".into(),
            area_id: "310100".into(),
            cert_type: Some("00".into()),
            cert_no: Some("11010519491231002X".into()),
            cert_validity_type: Some("0".into()),
            cert_begin_date: Some("20200101".into()),
            cert_end_date: Some("20400101".into()),
            ..Default::default()
        },
        pictures: vec![
            PictureFile { field: "legal_cert_front_pic".into(), path: dir.join("id_front.png").display().to_string() },
            PictureFile { field: "legal_cert_back_pic".into(), path: dir.join("id_back.png").display().to_string() },
            PictureFile { field: "settle_card_front_pic".into(), path: dir.join("card.png").display().to_string() },
        ],
        ..Default::default()
    }
}

/// An enterprise's form (`ent_type` 3: it goes to audit) with small pictures written into `dir`.
pub fn ent_form(dir: &std::path::Path) -> EntOnboardingForm {
    let mut pictures = Vec::new();
    for f in ["license_pic", "legal_cert_front_pic", "legal_cert_back_pic", "settle_card_front_pic"] {
        let path = dir.join(format!("{f}.png"));
        png(&path, 60, 40, false);
        pictures.push(PictureFile { field: f.into(), path: path.display().to_string() });
    }
    EntOnboardingForm {
        reg_name: "上海某某科技有限公司".into(),
        short_name: "某某科技".into(),
        receipt_name: "某某科技".into(),
        ent_type: "3".into(),
        mcc: "5812".into(),
        scene_type: "ONLINE".into(),
        license_code: "91350100M000100Y43".into(),
        license_validity_type: "1".into(),
        license_begin_date: "20200101".into(),
        found_date: "20200101".into(),
        reg_capital: Some("100.00".into()),
        reg_district_id: "310101".into(),
        reg_detail: "上海市黄浦区人民大道1号".into(),
        district_id: "310101".into(),
        legal_name: "王五".into(),
        legal_cert_type: "00".into(),
        legal_cert_no: "11010519491231002X".into(),
        legal_cert_validity_type: "1".into(),
        legal_cert_begin_date: "20200101".into(),
        legal_addr: "上海市黄浦区人民大道1号".into(),
        contact_mobile_no: "13712345678".into(),
        contact_email: "boss@example.com".into(),
        login_name: "ent_form".into(),
        card: CardForm {
            card_type: Some("1".into()),
            card_name: "王五".into(),
            card_no: "6222021234567890128".into(),
            area_id: "310100".into(),
            cert_type: Some("00".into()),
            cert_no: Some("11010519491231002X".into()),
            cert_validity_type: Some("1".into()),
            cert_begin_date: Some("20200101".into()),
            ..Default::default()
        },
        pictures,
        ..Default::default()
    }
}
