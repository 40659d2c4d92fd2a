//! Realname (§7.9 WeChat, §7.10 Alipay): submit, then follow the state until the legal person has scanned
//! and confirmed. The QR content is returned as a string and rendered as PNG and SVG.

use std::io::Cursor;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::realname::{AliContactPerson, AliRealnameApply, AliRealnameQuery, WxRealname, WxRealnameQuery};
use dougong::wire::JsonStr;

use crate::call::ids_call;
use crate::checks;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::services::merchant::{Step, StepState};
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

/// Which realname.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RealnameChannel {
    Wechat,
    Alipay,
}

/// The realname form: the contact who confirms (usually the legal person).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct RealnameForm {
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    pub channel: RealnameChannel,
    pub name: String,
    pub mobile: String,
    pub id_card_number: String,
    /// WeChat: `LEGAL` (default) or `SUPER`.
    pub contact_type: Option<String>,
    /// Alipay: `certificate_type` of `auth_identity_info` (default `BUSINESS_CERT`).
    pub certificate_type: Option<String>,
}

/// Where a realname stands, with the QR to show when the legal person must scan.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct RealnameState {
    pub huifu_id: String,
    pub channel: RealnameChannel,
    /// WeChat `APPLYMENT_STATE_*` / Alipay `AUDITING`... as Huifu sends it.
    pub state: String,
    /// True once confirmed (PASSED / AUDIT_PASS).
    pub passed: bool,
    /// The QR content (a URL) for the legal person to scan, when there is one.
    pub qrcode_data: Option<String>,
    pub reject_reason: Option<String>,
}

/// A QR code rendered for display and print.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrImage {
    pub content: String,
    /// PNG, base64 (for an `<img src="data:image/png;base64,...">`).
    pub png_base64: String,
    pub svg: String,
}

/// Renders `content` as a QR code PNG (base64) and SVG.
pub fn render_qr(content: &str) -> Result<QrImage, Error> {
    let code = qrcode::QrCode::new(content.as_bytes())
        .map_err(|e| Error::invalid("qrcode_data", format!("cannot be drawn as a QR code: {e}")))?;
    let img = code.render::<image::Luma<u8>>().min_dimensions(256, 256).build();
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(img)
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| Error::new(ErrorCode::Internal, format!("PNG encoding failed: {e}")))?;
    let svg = code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(256, 256).build();
    Ok(QrImage { content: content.to_string(), png_base64: base64::engine::general_purpose::STANDARD.encode(png), svg })
}

ids_call!(read WxRealnameQuery);
ids_call!(read AliRealnameQuery);
ids_call!(write REALNAME_WX, WxRealname);
ids_call!(write REALNAME_ALI, AliRealnameApply);

/// A realname submission took effect when the query reports any state but "no application".
fn reconcile_realname<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let channel = if e.kind == "realname.wx" { RealnameChannel::Wechat } else { RealnameChannel::Alipay };
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let s = d.realname_status(p, &huifu_id, channel).await?;
        if s.state.is_empty() || s.state == "APPLYMENT_STATE_NOAPPLY" || s.state == "NOT_APPLY" {
            return Ok(Settlement::NotFound);
        }
        Ok(Settlement::Found(
            json!({"resp_code": "00000000", "resp_desc": "found by realname query", "huifu_id": huifu_id, "applyment_stat": s.state}),
        ))
    })
}

fn step_of(c: RealnameChannel) -> Step {
    match c {
        RealnameChannel::Wechat => Step::RealnameWx,
        RealnameChannel::Alipay => Step::RealnameAli,
    }
}

impl Desk {
    /// Submits a realname application, then returns its current state (and QR when there is one).
    pub async fn submit_realname(&self, profile: &Profile, form: RealnameForm) -> Result<RealnameState, Error> {
        checks::huifu_id("huifu_id", &form.huifu_id)?;
        checks::required("name", &form.name, 32)?;
        checks::mobile("mobile", &form.mobile)?;
        checks::id_card("id_card_number", &form.id_card_number)?;
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let req_date = self.req_date_for(profile, &req_seq_id)?;
        match form.channel {
            RealnameChannel::Wechat => {
                let ct = form.contact_type.clone().unwrap_or_else(|| "LEGAL".into());
                checks::one_of("contact_type", &ct, &["LEGAL", "SUPER"])?;
                let req = WxRealname {
                    req_seq_id,
                    req_date,
                    huifu_id: form.huifu_id.clone(),
                    name: form.name.trim().into(),
                    mobile: form.mobile.clone(),
                    id_card_number: form.id_card_number.to_ascii_uppercase(),
                    contact_type: ct,
                    ..Default::default()
                };
                self.call(profile, &req).await?;
            }
            RealnameChannel::Alipay => {
                let req = AliRealnameApply {
                    req_seq_id,
                    req_date,
                    huifu_id: form.huifu_id.clone(),
                    auth_identity_info: JsonStr(
                        json!({"certificate_type": form.certificate_type.clone().unwrap_or_else(|| "BUSINESS_CERT".into())}),
                    ),
                    contact_person_info: JsonStr(AliContactPerson {
                        name: form.name.trim().into(),
                        mobile: form.mobile.clone(),
                        id_card_number: form.id_card_number.to_ascii_uppercase(),
                    }),
                    ..Default::default()
                };
                self.call(profile, &req).await?;
            }
        }
        self.set_step(
            &profile.name,
            &form.huifu_id,
            step_of(form.channel),
            StepState::Pending,
            &crate::services::merchant::StepNote { source: Some("answer".into()), ..Default::default() },
        )?;
        self.realname_status(profile, &form.huifu_id, form.channel).await
    }

    /// The realname state and QR (§7.9 / §7.10 query); updates the merchant index.
    pub async fn realname_status(
        &self,
        profile: &Profile,
        huifu_id: &str,
        channel: RealnameChannel,
    ) -> Result<RealnameState, Error> {
        checks::huifu_id("huifu_id", huifu_id)?;
        let (state, qr, reason) = match channel {
            RealnameChannel::Wechat => {
                let req = WxRealnameQuery {
                    req_seq_id: self.new_req_seq_id(),
                    req_date: self.req_date(),
                    huifu_id: huifu_id.into(),
                    ..Default::default()
                };
                let r = self.call(profile, &req).await?;
                (r.applyment_stat.map(|s| s.as_str().to_string()).unwrap_or_default(), r.qrcode_data, r.reject_reason)
            }
            RealnameChannel::Alipay => {
                let req = AliRealnameQuery {
                    req_seq_id: self.new_req_seq_id(),
                    req_date: self.req_date(),
                    huifu_id: huifu_id.into(),
                    ..Default::default()
                };
                let r = self.call(profile, &req).await?;
                let stat = r
                    .applyment_stat
                    .or(r.audit_status)
                    .map(|s| s.as_str().to_string())
                    .or_else(|| r.extra.get("apply_stat").and_then(Value::as_str).map(str::to_string))
                    .unwrap_or_default();
                (stat, r.qrcode_data, r.reject_reason)
            }
        };
        let passed = matches!(state.as_str(), "APPLYMENT_STATE_PASSED" | "AUDIT_PASS");
        let failed = matches!(
            state.as_str(),
            "APPLYMENT_STATE_REJECTED"
                | "APPLYMENT_STATE_CANCELED"
                | "AUDIT_REJECT"
                | "CANCELED"
                | "APPLYMENT_STATE_FREEZED"
                | "AUDIT_FREEZE"
        );
        let step_state = if passed {
            StepState::Done
        } else if failed {
            StepState::Failed
        } else if state.is_empty() || state.ends_with("NOAPPLY") || state == "NOT_APPLY" {
            StepState::Todo
        } else {
            StepState::Pending
        };
        self.set_step(
            &profile.name,
            huifu_id,
            step_of(channel),
            step_state,
            &crate::services::merchant::StepNote::coded("realnameState", state.clone(), "query")
                .reason(reason.as_deref().unwrap_or_default()),
        )?;
        Ok(RealnameState {
            huifu_id: huifu_id.into(),
            channel,
            state,
            passed,
            qrcode_data: qr.filter(|q| !q.is_empty()),
            reject_reason: reason.filter(|r| !r.is_empty()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_renders_as_png_and_svg() {
        let q = render_qr("https://qr.alipay.com/abc").unwrap();
        let png = base64::engine::general_purpose::STANDARD.decode(&q.png_base64).unwrap();
        let img = image::load_from_memory(&png).unwrap();
        assert!(img.width() >= 256, "at least 256 px wide");
        assert!(q.svg.starts_with("<?xml") && q.svg.contains("<svg"), "an SVG document");
    }
}

/// What onboarding already told Huifu about the legal person, for the realname form to start from (read
/// from Huifu's merchant detail each time, never stored here; the audit row of that query is masked).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RealnamePrefill {
    pub name: String,
    pub mobile: String,
    pub id_card_number: String,
}

impl Desk {
    /// The legal person's name, mobile and ID number as Huifu has them for `huifu_id` (empty strings for
    /// what the detail does not carry). Errors: the detail query's.
    pub async fn realname_prefill(&self, profile: &Profile, huifu_id: &str) -> Result<RealnamePrefill, Error> {
        let r = self.merchant_detail(profile, huifu_id).await?;
        let extra = |k: &str| r.extra.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let mobile = Some(extra("legal_mobile_no"))
            .filter(|m| !m.is_empty())
            .or(r.contact_mobile_no.clone())
            .unwrap_or_default();
        Ok(RealnamePrefill {
            name: r.legal_name.clone().unwrap_or_default(),
            mobile,
            id_card_number: extra("legal_cert_no"),
        })
    }
}

/// How a `realname.wx` write is settled.
pub const REALNAME_WX: Settler =
    Settler { kind: WriteKind::RealnameWx, settle: reconcile_realname, apply: write::no_rows };

/// How a `realname.ali` write is settled.
pub const REALNAME_ALI: Settler =
    Settler { kind: WriteKind::RealnameAli, settle: reconcile_realname, apply: write::no_rows };
