//! Onboarding (§7.2 enterprise, §7.3 individual): check the form, upload its pictures (fitted to the
//! limit), submit, record the merchant in the index; then follow the application (§7.6).

pub mod pictures;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ts_rs::TS;

use dougong::onboarding::forms::{CardInfo, SettleConfig};
use dougong::onboarding::{ApplyStatusQuery, EntOnboarding, IndvOnboarding};
use dougong::wire::JsonStr;

use crate::call::{ids_call, Call};
use crate::checks;
use crate::error::Error;
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::progress::{Progress, ProgressEvent};
use crate::services::merchant::search::TokenKind;
use crate::services::merchant::{MerchantUpsert, Step, StepNote, StepState};
use crate::services::onboarding::pictures::{prepare_picture, PictureFile};
use crate::write::{self, Settler, Settling, WriteKind};
use crate::Desk;

/// The settlement card of a form.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct CardForm {
    /// Enterprise only: `0` 对公, `1` 对私法人, `2` 对私非法人.
    pub card_type: Option<String>,
    pub card_name: String,
    pub card_no: String,
    pub prov_id: Option<String>,
    pub area_id: String,
    /// 联行号, required for 对公.
    pub branch_code: Option<String>,
    pub bank_code: Option<String>,
    /// Holder's ID (对私): type `00` = ID card.
    pub cert_type: Option<String>,
    pub cert_no: Option<String>,
    pub cert_validity_type: Option<String>,
    pub cert_begin_date: Option<String>,
    pub cert_end_date: Option<String>,
    /// Phone bound to the card.
    pub mp: Option<String>,
}

/// The enterprise onboarding form (§7.2). Picture fields are filled from `pictures`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct EntOnboardingForm {
    /// Fixed when the form is opened; a second submit reuses it (no second merchant). Generated if absent.
    pub req_seq_id: Option<String>,
    /// Channel that will own the merchant; default: the profile's sys_id.
    pub upper_huifu_id: Option<String>,
    pub reg_name: String,
    pub short_name: String,
    pub receipt_name: String,
    pub ent_type: String,
    pub mcc: String,
    pub scene_type: String,
    pub license_code: String,
    pub license_validity_type: String,
    pub license_begin_date: String,
    pub license_end_date: Option<String>,
    pub found_date: String,
    pub reg_capital: Option<String>,
    pub reg_prov_id: Option<String>,
    pub reg_area_id: Option<String>,
    pub reg_district_id: String,
    pub reg_detail: String,
    pub prov_id: Option<String>,
    pub area_id: Option<String>,
    pub district_id: String,
    pub detail_addr: Option<String>,
    pub legal_name: String,
    /// `00` ID card (appendix B.1).
    pub legal_cert_type: String,
    pub legal_cert_no: String,
    pub legal_cert_validity_type: String,
    pub legal_cert_begin_date: String,
    pub legal_cert_end_date: Option<String>,
    pub legal_mobile_no: Option<String>,
    pub legal_addr: String,
    pub contact_name: Option<String>,
    pub contact_mobile_no: String,
    pub contact_email: String,
    pub login_name: String,
    pub service_phone: Option<String>,
    pub card: CardForm,
    /// `D1`, `T1` or `TS`; absent = Huifu's default.
    pub settle_cycle: Option<String>,
    pub ext_mer_id: Option<String>,
    pub remarks: Option<String>,
    pub async_return_url: Option<String>,
    pub pictures: Vec<PictureFile>,
}

/// The individual (小微) onboarding form (§7.3).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct IndvOnboardingForm {
    pub req_seq_id: Option<String>,
    pub upper_huifu_id: Option<String>,
    /// The person's name.
    pub reg_name: String,
    pub short_name: Option<String>,
    pub mcc: String,
    pub scene_type: String,
    pub prov_id: Option<String>,
    pub area_id: Option<String>,
    pub district_id: String,
    pub detail_addr: Option<String>,
    pub legal_cert_no: String,
    pub legal_cert_begin_date: String,
    pub legal_cert_validity_type: Option<String>,
    /// `29991231` for a long-term ID.
    pub legal_cert_end_date: String,
    pub legal_addr: String,
    pub contact_mobile_no: String,
    pub contact_email: String,
    pub card: CardForm,
    pub settle_cycle: Option<String>,
    pub login_name: Option<String>,
    pub ext_mer_id: Option<String>,
    pub async_return_url: Option<String>,
    pub pictures: Vec<PictureFile>,
}

/// What onboarding returns.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingResult {
    pub req_seq_id: String,
    pub resp_code: String,
    pub resp_desc: String,
    pub huifu_id: String,
    /// Present when the application went to manual audit (follow it with [`Desk::onboarding_status`]).
    pub apply_no: Option<String>,
    /// The withdrawal card's token (for withdrawals).
    pub token_no: Option<String>,
    /// True when approved at once; false while under audit.
    pub approved: bool,
}

/// The state of an onboarding application (§7.6).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingStatus {
    pub huifu_id: String,
    pub apply_no: String,
    /// `Y` approved, `P` auditing, `N` rejected, `F` failed.
    pub apply_status: String,
    pub reason: String,
}

/// An onboarding names no merchant yet (Huifu answers its huifu_id), and a retry with fresh picture ids
/// is the same write.
macro_rules! onboarding_call {
    ($t:ident, $settler:path) => {
        impl Call for $t {
            const WRITE: Option<Settler> = Some($settler);
            fn req_seq_id(&self) -> Option<&str> {
                Some(&self.req_seq_id)
            }
            fn req_date(&self) -> Option<&str> {
                Some(&self.req_date)
            }
            fn merchant(&self) -> Option<&str> {
                None
            }
            fn identity(data: &Map<String, Value>) -> Map<String, Value> {
                without_picture_ids(data)
            }
        }
    };
}
onboarding_call!(EntOnboarding, ONBOARDING_ENT);
onboarding_call!(IndvOnboarding, ONBOARDING_INDV);

ids_call!(read ApplyStatusQuery);

/// The request without its `*_pic` file ids: a retry of the same form uploads its pictures again and gets
/// new ids, and must still count as the same write.
fn without_picture_ids(data: &Map<String, Value>) -> Map<String, Value> {
    data.iter().filter(|(k, _)| !k.ends_with("_pic")).map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// No query finds an onboarding by its req_seq_id (§7.5 needs the huifu_id, §7.6 also the apply_no, and
/// the lost answer held both); the audit notification carries them, so once one arrived the §7.6 query
/// settles the entry ([`crate::services::merchant::applications`]). Otherwise it stays `unknown` for a person to
/// check, and is never sent again.
fn reconcile_onboarding<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let why = format!(
            "no dougong query finds an onboarding by req_seq_id {} (the detail and application status queries need the huifu_id and apply_no its lost answer held); it settles by query once its audit notification arrives — an individual approved at once gets none: check Huifu's console",
            e.req_seq_id
        );
        crate::services::merchant::applications::settle_by_application(d, p, e, why).await
    })
}

/// How an enterprise onboarding is settled.
pub const ONBOARDING_ENT: Settler =
    Settler { kind: WriteKind::OnboardingEnt, settle: reconcile_onboarding, apply: write::no_rows };
/// How an individual onboarding is settled.
pub const ONBOARDING_INDV: Settler =
    Settler { kind: WriteKind::OnboardingIndv, settle: reconcile_onboarding, apply: write::no_rows };

pub(crate) fn check_card(card: &CardForm, enterprise: bool) -> Result<(), Error> {
    let private = !enterprise || card.card_type.as_deref() != Some("0");
    checks::required("card_info.card_name", &card.card_name, 128)?;
    if private {
        checks::bank_card("card_info.card_no", &card.card_no)?;
        let cert = card.cert_no.as_deref().unwrap_or_default();
        if card.cert_type.as_deref().unwrap_or("00") == "00" {
            checks::id_card("card_info.cert_no", cert)?;
        }
    } else {
        checks::required("card_info.card_no", &card.card_no, 32)?;
    }
    if let Some(mp) = card.mp.as_deref().filter(|s| !s.is_empty()) {
        checks::mobile("card_info.mp", mp)?;
    }
    Ok(())
}

pub(crate) fn card_info(card: &CardForm, enterprise: bool) -> CardInfo {
    let private = !enterprise || card.card_type.as_deref() != Some("0");
    CardInfo {
        card_type: if enterprise { card.card_type.clone() } else { None },
        card_name: card.card_name.trim().to_string(),
        card_no: card.card_no.trim().to_string(),
        prov_id: card.prov_id.clone(),
        area_id: card.area_id.clone(),
        branch_code: if enterprise { card.branch_code.clone() } else { None },
        bank_code: card.bank_code.clone(),
        cert_type: if private { Some(card.cert_type.clone().unwrap_or_else(|| "00".into())) } else { None },
        cert_no: card.cert_no.clone(),
        cert_validity_type: card.cert_validity_type.clone(),
        cert_begin_date: card.cert_begin_date.clone(),
        cert_end_date: card.cert_end_date.clone(),
        mp: card.mp.clone(),
        ..Default::default()
    }
}

fn settle(cycle: &Option<String>) -> Result<Option<JsonStr<SettleConfig>>, Error> {
    match cycle.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(c) => {
            checks::one_of("settle_config.settle_cycle", c, &["D1", "T1", "TS"])?;
            Ok(Some(JsonStr(SettleConfig { settle_cycle: c.to_string(), ..Default::default() })))
        }
    }
}

/// Uploads the form's pictures; returns (field, file_id) pairs.
/// Every file is read and fitted before the first upload, so a bad picture sends nothing.
async fn upload_all(
    desk: &Desk,
    profile: &Profile,
    pics: &[PictureFile],
    individual: bool,
    progress: Progress<'_>,
) -> Result<Vec<(String, String)>, Error> {
    let total = pics.len() as u64;
    let ready = pics.iter().map(|p| prepare_picture(desk, p, individual)).collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for (i, (p, r)) in pics.iter().zip(ready).enumerate() {
        progress(ProgressEvent::new(
            format!("upload.{}", p.field),
            i as u64,
            Some(total),
            format!("uploading {}", p.field),
        ));
        let up = desk.send_picture(profile, r, None).await?;
        out.push((up.field, up.file_id));
    }
    progress(ProgressEvent::new("upload.done", total, Some(total), "pictures uploaded"));
    Ok(out)
}

/// Stand-in file ids for checking a request before its pictures are uploaded.
fn pending_ids(pics: &[PictureFile]) -> Vec<(String, String)> {
    pics.iter().map(|p| (p.field.clone(), "pending-upload".to_string())).collect()
}

fn pic(ids: &[(String, String)], field: &str) -> Option<String> {
    ids.iter().find(|(f, _)| f == field).map(|(_, id)| id.clone())
}

fn required_pics(pics: &[PictureFile], fields: &[&str]) -> Result<(), Error> {
    for f in fields {
        if !pics.iter().any(|p| p.field == *f) {
            return Err(Error::problem(*f, crate::vocab::Problem::PictureRequired, &[]));
        }
    }
    Ok(())
}

impl Desk {
    /// Onboards an enterprise merchant: checks the form (USCC and ID check digits, Luhn, phone, e-mail,
    /// lengths, enums), uploads its pictures, submits once (a second submit with the same req_seq_id
    /// returns the first answer), and records the merchant in the index.
    pub async fn onboard_enterprise(
        &self,
        profile: &Profile,
        form: EntOnboardingForm,
        progress: Progress<'_>,
    ) -> Result<OnboardingResult, Error> {
        checks::required("reg_name", &form.reg_name, 64)?;
        checks::required("short_name", &form.short_name, 64)?;
        checks::min_len("short_name", &form.short_name, 4)?;
        checks::one_of("ent_type", &form.ent_type, &["1", "2", "3", "4", "5", "6", "7", "9"])?;
        checks::one_of("scene_type", &form.scene_type, &["ONLINE", "OFFLINE", "ALL"])?;
        checks::uscc("license_code", &form.license_code)?;
        checks::one_of("license_validity_type", &form.license_validity_type, &["0", "1"])?;
        checks::date8("license_begin_date", &form.license_begin_date)?;
        checks::date8("found_date", &form.found_date)?;
        checks::required("legal_name", &form.legal_name, 32)?;
        if form.legal_cert_type == "00" {
            checks::id_card("legal_cert_no", &form.legal_cert_no)?;
        }
        if let Some(m) = form.legal_mobile_no.as_deref().filter(|s| !s.is_empty()) {
            checks::mobile("legal_mobile_no", m)?;
        }
        checks::mobile("contact_mobile_no", &form.contact_mobile_no)?;
        checks::email("contact_email", &form.contact_email, 32)?;
        check_card(&form.card, true)?;
        let offline = form.scene_type != "ONLINE";
        let mut needed = vec!["license_pic", "legal_cert_front_pic", "legal_cert_back_pic"];
        if form.card.card_type.as_deref() == Some("0") {
            needed.push("reg_acct_pic");
        } else {
            needed.push("settle_card_front_pic");
        }
        if offline {
            needed.extend(["store_header_pic", "store_indoor_pic", "store_cashier_desk_pic"]);
        }
        required_pics(&form.pictures, &needed)?;
        let upper = self.upper_huifu_id(profile, form.upper_huifu_id.as_deref()).await?;
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        self.refuse_known_licence(&profile.name, &req_seq_id, "license_code", TokenKind::Licence, &form.license_code)?;
        let build = |ids: &[(String, String)]| -> Result<EntOnboarding, Error> {
            Ok(EntOnboarding {
                req_seq_id: req_seq_id.clone(),
                req_date: self.req_date_for(profile, &req_seq_id)?,
                upper_huifu_id: upper.clone(),
                reg_name: form.reg_name.trim().into(),
                short_name: form.short_name.trim().into(),
                receipt_name: form.receipt_name.trim().into(),
                ent_type: form.ent_type.clone(),
                mcc: Some(form.mcc.clone()),
                scene_type: form.scene_type.clone(),
                license_pic: pic(ids, "license_pic").unwrap_or_default(),
                license_code: form.license_code.to_ascii_uppercase(),
                license_validity_type: form.license_validity_type.clone(),
                license_begin_date: form.license_begin_date.clone(),
                license_end_date: form.license_end_date.clone().filter(|s| !s.is_empty()),
                found_date: form.found_date.clone(),
                reg_capital: form.reg_capital.clone(),
                reg_prov_id: form.reg_prov_id.clone(),
                reg_area_id: form.reg_area_id.clone(),
                reg_district_id: form.reg_district_id.clone(),
                reg_detail: form.reg_detail.clone(),
                prov_id: form.prov_id.clone(),
                area_id: form.area_id.clone(),
                district_id: form.district_id.clone(),
                detail_addr: form.detail_addr.clone(),
                legal_name: form.legal_name.trim().into(),
                legal_cert_type: form.legal_cert_type.clone(),
                legal_cert_no: form.legal_cert_no.to_ascii_uppercase(),
                legal_cert_validity_type: form.legal_cert_validity_type.clone(),
                legal_cert_begin_date: form.legal_cert_begin_date.clone(),
                legal_cert_end_date: form.legal_cert_end_date.clone().filter(|s| !s.is_empty()),
                legal_mobile_no: form.legal_mobile_no.clone(),
                legal_addr: form.legal_addr.clone(),
                legal_cert_back_pic: pic(ids, "legal_cert_back_pic").unwrap_or_default(),
                legal_cert_front_pic: pic(ids, "legal_cert_front_pic").unwrap_or_default(),
                contact_name: form.contact_name.clone(),
                contact_mobile_no: form.contact_mobile_no.clone(),
                contact_email: form.contact_email.clone(),
                login_name: form.login_name.clone(),
                service_phone: form.service_phone.clone(),
                reg_acct_pic: pic(ids, "reg_acct_pic"),
                card_info: JsonStr(card_info(&form.card, true)),
                settle_config: settle(&form.settle_cycle)?,
                settle_card_front_pic: pic(ids, "settle_card_front_pic"),
                settle_cert_back_pic: pic(ids, "settle_cert_back_pic"),
                settle_cert_front_pic: pic(ids, "settle_cert_front_pic"),
                auth_entrust_pic: pic(ids, "auth_entrust_pic"),
                store_header_pic: pic(ids, "store_header_pic"),
                store_indoor_pic: pic(ids, "store_indoor_pic"),
                store_cashier_desk_pic: pic(ids, "store_cashier_desk_pic"),
                ext_mer_id: form.ext_mer_id.clone(),
                remarks: form.remarks.clone(),
                async_return_url: form.async_return_url.clone().or_else(|| self.notify_url_for(profile)),
                ..Default::default()
            })
        };
        let r = self.submit_onboarding(profile, &req_seq_id, &form.pictures, false, progress, build).await?;
        let personal = [
            (TokenKind::Licence, form.license_code.as_str()),
            (TokenKind::Name, form.legal_name.as_str()),
            (TokenKind::Phone, form.contact_mobile_no.as_str()),
        ];
        let done =
            self.after_onboarding(profile, req_seq_id, "ent", &form.reg_name, form.short_name.trim(), &personal, r)?;
        // Huifu has the photos now: the sealed copies staged for this form go.
        self.remove_staged_pictures(&form.pictures);
        Ok(done)
    }

    /// Onboards an individual (小微) merchant; as [`Desk::onboard_enterprise`].
    pub async fn onboard_individual(
        &self,
        profile: &Profile,
        form: IndvOnboardingForm,
        progress: Progress<'_>,
    ) -> Result<OnboardingResult, Error> {
        checks::required("reg_name", &form.reg_name, 32)?;
        if let Some(s) = form.short_name.as_deref().filter(|s| !s.is_empty()) {
            checks::min_len("short_name", s, 4)?;
        }
        checks::one_of("scene_type", &form.scene_type, &["ONLINE", "OFFLINE", "ALL"])?;
        checks::required("mcc", &form.mcc, 7)?;
        checks::id_card("legal_cert_no", &form.legal_cert_no)?;
        checks::date8("legal_cert_begin_date", &form.legal_cert_begin_date)?;
        checks::date8("legal_cert_end_date", &form.legal_cert_end_date)?;
        checks::mobile("contact_mobile_no", &form.contact_mobile_no)?;
        checks::email("contact_email", &form.contact_email, 32)?;
        if form.card.card_type.is_some() || form.card.branch_code.is_some() {
            return Err(Error::problem("card_info.card_type", crate::vocab::Problem::IndvCardPlain, &[]));
        }
        check_card(&form.card, false)?;
        let mut needed = vec!["legal_cert_front_pic", "legal_cert_back_pic", "settle_card_front_pic"];
        if form.scene_type != "ONLINE" {
            needed.extend(["store_header_pic", "store_indoor_pic", "store_cashier_desk_pic"]);
        }
        required_pics(&form.pictures, &needed)?;
        let upper = self.upper_huifu_id(profile, form.upper_huifu_id.as_deref()).await?;
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let build = |ids: &[(String, String)]| -> Result<IndvOnboarding, Error> {
            Ok(IndvOnboarding {
                req_seq_id: req_seq_id.clone(),
                req_date: self.req_date_for(profile, &req_seq_id)?,
                upper_huifu_id: upper.clone(),
                reg_name: form.reg_name.trim().into(),
                short_name: form.short_name.clone().filter(|s| !s.is_empty()),
                mcc: form.mcc.clone(),
                scene_type: form.scene_type.clone(),
                prov_id: form.prov_id.clone(),
                area_id: form.area_id.clone(),
                district_id: form.district_id.clone(),
                detail_addr: form.detail_addr.clone(),
                legal_cert_no: form.legal_cert_no.to_ascii_uppercase(),
                legal_cert_begin_date: form.legal_cert_begin_date.clone(),
                legal_cert_validity_type: form.legal_cert_validity_type.clone(),
                legal_cert_end_date: form.legal_cert_end_date.clone(),
                legal_addr: form.legal_addr.clone(),
                legal_cert_back_pic: pic(ids, "legal_cert_back_pic").unwrap_or_default(),
                legal_cert_front_pic: pic(ids, "legal_cert_front_pic").unwrap_or_default(),
                contact_mobile_no: form.contact_mobile_no.clone(),
                contact_email: form.contact_email.clone(),
                card_info: JsonStr(card_info(&form.card, false)),
                settle_card_front_pic: pic(ids, "settle_card_front_pic").unwrap_or_default(),
                settle_config: settle(&form.settle_cycle)?,
                login_name: form.login_name.clone(),
                ext_mer_id: form.ext_mer_id.clone(),
                async_return_url: form.async_return_url.clone().or_else(|| self.notify_url_for(profile)),
                store_header_pic: pic(ids, "store_header_pic"),
                store_indoor_pic: pic(ids, "store_indoor_pic"),
                store_cashier_desk_pic: pic(ids, "store_cashier_desk_pic"),
                ..Default::default()
            })
        };
        let r = self.submit_onboarding(profile, &req_seq_id, &form.pictures, true, progress, build).await?;
        let masked = crate::audit::mask::mask_name(form.reg_name.trim());
        let short = form.short_name.as_deref().unwrap_or_default();
        let personal = [
            (TokenKind::Name, form.reg_name.as_str()),
            (TokenKind::ShortName, short),
            (TokenKind::Cert, form.legal_cert_no.as_str()),
            (TokenKind::Phone, form.contact_mobile_no.as_str()),
        ];
        let done = self.after_onboarding(
            profile,
            req_seq_id,
            "indv",
            &masked,
            &crate::audit::mask::mask_name(short),
            &personal,
            r,
        )?;
        self.remove_staged_pictures(&form.pictures);
        Ok(done)
    }

    /// Checks the whole request before any picture leaves (a bad address costs no uploads), uploads the
    /// pictures unless the journal already holds the answer, and submits `build`'s request with their ids.
    async fn submit_onboarding<R: Call>(
        &self,
        profile: &Profile,
        req_seq_id: &str,
        pictures: &[PictureFile],
        individual: bool,
        progress: Progress<'_>,
        build: impl Fn(&[(String, String)]) -> Result<R, Error>,
    ) -> Result<R::Output, Error> {
        build(&pending_ids(pictures))?.validate()?;
        let ids = if self.onboarding_settled(profile, req_seq_id)? {
            pending_ids(pictures)
        } else {
            upload_all(self, profile, pictures, individual, progress).await?
        };
        let req = build(&ids)?;
        progress(ProgressEvent::new("submit", 0, None, "submitting the application"));
        self.call(profile, &req).await
    }

    /// A second submit of an onboarding that already has its answer: the journal returns that answer, so
    /// the pictures are not uploaded again.
    fn onboarding_settled(&self, profile: &Profile, req_seq_id: &str) -> Result<bool, Error> {
        Ok(crate::journal::get(self.store(), &profile.name, req_seq_id)?
            .is_some_and(|e| e.state == crate::journal::JournalState::Settled))
    }

    #[allow(clippy::too_many_arguments)]
    fn after_onboarding(
        &self,
        profile: &Profile,
        req_seq_id: String,
        kind: &str,
        name: &str,
        short_name: &str,
        personal: &[(TokenKind, &str)],
        r: dougong::onboarding::OnboardingResponse,
    ) -> Result<OnboardingResult, Error> {
        let huifu_id = r.huifu_id.clone().filter(|h| !h.is_empty()).ok_or_else(|| {
            Error::new(crate::ErrorCode::Decode, format!("the onboarding answer {} has no huifu_id", r.resp_code))
        })?;
        let approved = r.resp_code == "00000000" && r.apply_no.as_deref().is_none_or(str::is_empty);
        self.upsert_merchant(
            &profile.name,
            MerchantUpsert {
                huifu_id: &huifu_id,
                name: Some(name),
                kind: Some(kind),
                apply_no: r.apply_no.as_deref(),
                token_no: r.token_no.as_deref(),
                short_name: Some(short_name),
            },
        )?;
        self.index_merchant_best_effort(&profile.name, &huifu_id, personal);
        let (state, code) = if approved { (StepState::Done, "Y") } else { (StepState::Pending, "P") };
        self.set_step(
            &profile.name,
            &huifu_id,
            Step::Onboarded,
            state,
            &StepNote::coded("applyStatus", code, "answer").apply_no(r.apply_no.as_deref()),
        )?;
        Ok(OnboardingResult {
            req_seq_id,
            resp_code: r.resp_code,
            resp_desc: r.resp_desc,
            huifu_id,
            apply_no: r.apply_no,
            token_no: r.token_no,
            approved,
        })
    }

    /// The state of an onboarding application (§7.6); updates the index's `onboarded` step.
    pub async fn onboarding_status(
        &self,
        profile: &Profile,
        huifu_id: &str,
        apply_no: Option<&str>,
    ) -> Result<OnboardingStatus, Error> {
        let apply_no = match apply_no {
            Some(a) => a.to_string(),
            None => self
                .merchant(&profile.name, huifu_id)?
                .apply_no
                .ok_or_else(|| Error::problem("apply_no", crate::vocab::Problem::NoApplication, &[]))?,
        };
        let r = self.apply_status(profile, huifu_id, &apply_no).await?;
        let status = r.apply_status.as_ref().map(|s| s.as_str().to_string()).unwrap_or_default();
        let reason = r.apply_reason.clone().unwrap_or_default();
        let state = match status.as_str() {
            "Y" => StepState::Done,
            "N" | "F" => StepState::Failed,
            _ => StepState::Pending,
        };
        self.set_step(
            &profile.name,
            huifu_id,
            Step::Onboarded,
            state,
            &StepNote::coded("applyStatus", status.clone(), "query").apply_no(Some(&apply_no)).reason(&reason),
        )?;
        Ok(OnboardingStatus { huifu_id: huifu_id.to_string(), apply_no, apply_status: status, reason })
    }

    /// The channel that owns a merchant: the form's, else the profile's sys_id as stored now. The built-in
    /// sandbox profile gets its sys_id when the sandbox first starts, which may be this very call, so the
    /// profile the caller read before can still have it empty.
    pub async fn upper_huifu_id(&self, profile: &Profile, given: Option<&str>) -> Result<String, Error> {
        if let Some(u) = given.filter(|s| !s.is_empty()) {
            return Ok(u.to_string());
        }
        self.client(profile).await?;
        Ok(self.profile(&profile.name)?.sys_id)
    }
}
