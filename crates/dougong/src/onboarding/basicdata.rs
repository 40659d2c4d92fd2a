//! 企业商户基本信息入驻 (§7.2) and 个人商户基本信息入驻 (§7.3).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::forms::{BeneficiaryInfo, CardInfo, CashConfig, ExtendedMaterial, SettleConfig, ShareHolderInfo};
use crate::client::Endpoint;
use crate::error::FieldError;
use crate::ids;
use crate::wire::{check, JsonStr};

/// Enterprise (or 个体工商户) onboarding under the channel `upper_huifu_id`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntOnboarding {
    pub req_seq_id: String,
    pub req_date: String,
    pub upper_huifu_id: String,
    pub reg_name: String,
    pub short_name: String,
    pub receipt_name: String,
    pub mer_en_name: Option<String>,
    /// `1` 政府机构 `2` 国营 `3` 私营 `4` 外资 `5` 个体工商户 `6` 其它 `7` 事业单位 `9` 业主委员会.
    pub ent_type: String,
    pub mcc: Option<String>,
    pub busi_type: Option<String>,
    /// `ONLINE` / `OFFLINE` / `ALL`.
    pub scene_type: String,
    pub license_pic: String,
    pub license_code: String,
    pub license_type: Option<String>,
    /// `0` 非长期 `1` 长期.
    pub license_validity_type: String,
    pub license_begin_date: String,
    pub license_end_date: Option<String>,
    pub found_date: String,
    pub reg_capital: Option<String>,
    pub business_scope: Option<String>,
    pub reg_prov_id: Option<String>,
    pub reg_area_id: Option<String>,
    pub reg_district_id: String,
    pub reg_detail: String,
    pub prov_id: Option<String>,
    pub area_id: Option<String>,
    pub district_id: String,
    pub detail_addr: Option<String>,
    pub legal_name: String,
    pub legal_cert_type: String,
    pub legal_cert_no: String,
    pub legal_cert_validity_type: String,
    pub legal_cert_begin_date: String,
    pub legal_cert_end_date: Option<String>,
    pub legal_mobile_no: Option<String>,
    pub legal_addr: String,
    pub legal_cert_back_pic: String,
    pub legal_cert_front_pic: String,
    pub beneficiary_info: Option<JsonStr<Vec<BeneficiaryInfo>>>,
    pub contact_name: Option<String>,
    pub contact_mobile_no: String,
    pub contact_email: String,
    pub sms_send_flag: Option<String>,
    pub login_name: String,
    pub service_phone: Option<String>,
    pub reg_acct_pic: Option<String>,
    pub card_info: JsonStr<CardInfo>,
    pub settle_config: Option<JsonStr<SettleConfig>>,
    pub settle_card_front_pic: Option<String>,
    pub settle_cert_back_pic: Option<String>,
    pub settle_cert_front_pic: Option<String>,
    pub auth_entrust_pic: Option<String>,
    pub cash_config: Option<JsonStr<Vec<CashConfig>>>,
    pub head_office_flag: Option<String>,
    pub use_head_info_flag: Option<String>,
    pub head_huifu_id: Option<String>,
    pub mer_url: Option<String>,
    pub mer_icp: Option<String>,
    pub store_header_pic: Option<String>,
    pub store_indoor_pic: Option<String>,
    pub store_cashier_desk_pic: Option<String>,
    pub ext_mer_id: Option<String>,
    pub remarks: Option<String>,
    pub async_return_url: Option<String>,
    pub elec_acct_config: Option<JsonStr<Value>>,
    pub share_holder_info_list: Option<JsonStr<Vec<ShareHolderInfo>>>,
    pub extended_material_list: Option<JsonStr<Vec<ExtendedMaterial>>>,
    pub activated_products: Option<String>,
}

/// Individual (小微, no licence) onboarding.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndvOnboarding {
    pub req_seq_id: String,
    pub req_date: String,
    pub upper_huifu_id: String,
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
    /// Long-term IDs: the sentinel `29991231` (spec D10).
    pub legal_cert_end_date: String,
    pub legal_addr: String,
    pub legal_cert_back_pic: String,
    pub legal_cert_front_pic: String,
    pub occupation: Option<String>,
    pub contact_mobile_no: String,
    pub contact_email: String,
    pub card_info: JsonStr<CardInfo>,
    pub settle_card_front_pic: String,
    pub settle_config: Option<JsonStr<SettleConfig>>,
    pub cash_config: Option<JsonStr<Vec<CashConfig>>>,
    pub sms_send_flag: Option<String>,
    pub login_name: Option<String>,
    pub mer_url: Option<String>,
    pub mer_icp: Option<String>,
    pub ext_mer_id: Option<String>,
    pub remarks: Option<String>,
    pub async_return_url: Option<String>,
    pub head_office_flag: Option<String>,
    pub head_huifu_id: Option<String>,
    pub elec_acct_config: Option<JsonStr<Value>>,
    pub extended_material_list: Option<JsonStr<Vec<ExtendedMaterial>>>,
    pub activated_products: Option<String>,
    pub store_header_pic: Option<String>,
    pub store_indoor_pic: Option<String>,
    pub store_cashier_desk_pic: Option<String>,
}

/// Answer of ent / indv / modify: `huifu_id` and `token_no` when accepted, `apply_no` when sent to audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OnboardingResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub apply_no: Option<String>,
    pub token_no: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Both onboardings are sent under the channel: its `upper_huifu_id` stands where other requests put `huifu_id`.
fn check_head(req_seq_id: &str, req_date: &str, upper_huifu_id: &str) -> Result<(), FieldError> {
    check::seq_id("req_seq_id", req_seq_id, 32)?;
    check::date8("req_date", req_date)?;
    check::huifu_id("upper_huifu_id", upper_huifu_id, 18)
}

/// The legal person's address and the two sides of the ID document.
fn check_legal_docs(legal_addr: &str, back_pic: &str, front_pic: &str) -> Result<(), FieldError> {
    check::required("legal_addr", legal_addr, 256)?;
    check::required("legal_cert_back_pic", back_pic, 64)?;
    check::required("legal_cert_front_pic", front_pic, 64)
}

fn offline(scene_type: &str) -> bool {
    matches!(scene_type, "OFFLINE" | "ALL")
}

fn check_scene(scene_type: &str) -> Result<(), FieldError> {
    if matches!(scene_type, "ONLINE" | "OFFLINE" | "ALL") {
        Ok(())
    } else {
        Err(FieldError::new("scene_type", "must be ONLINE, OFFLINE or ALL"))
    }
}

/// An OFFLINE/ALL scene needs the address and the three shop photos (header, indoor, cashier desk).
fn check_offline_fields(
    scene_type: &str,
    detail_addr: &Option<String>,
    pics: [&Option<String>; 3],
) -> Result<(), FieldError> {
    if !offline(scene_type) {
        return Ok(());
    }
    if detail_addr.as_deref().is_none_or(str::is_empty) {
        return Err(FieldError::new("detail_addr", "is required for OFFLINE/ALL scenes"));
    }
    let names = ["store_header_pic", "store_indoor_pic", "store_cashier_desk_pic"];
    for (name, v) in names.into_iter().zip(pics) {
        if v.as_deref().is_none_or(str::is_empty) {
            return Err(FieldError::new(name, "a shop photo is required for OFFLINE/ALL scenes (spec D14)"));
        }
    }
    Ok(())
}

fn check_contact(mobile: &str, email: &str) -> Result<(), FieldError> {
    if !ids::is_valid_mobile(mobile) {
        return Err(FieldError::new("contact_mobile_no", "is not an 11-digit mobile number"));
    }
    check::required("contact_email", email, 32)?;
    if !email.contains('@') {
        return Err(FieldError::new("contact_email", "is not an email address"));
    }
    Ok(())
}

fn check_cash(list: &Option<JsonStr<Vec<CashConfig>>>, type_required: bool) -> Result<(), FieldError> {
    if let Some(l) = list {
        for (i, c) in l.iter().enumerate() {
            c.check(i, type_required)?;
        }
    }
    Ok(())
}

impl Endpoint for EntOnboarding {
    const PATH: &'static str = "/v2/merchant/basicdata/ent";
    type Output = OnboardingResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.upper_huifu_id)?;
        check::required("reg_name", &self.reg_name, 64)?;
        check::required("short_name", &self.short_name, 64)?;
        if self.short_name.chars().count() < 4 {
            return Err(FieldError::new("short_name", "needs at least 4 characters"));
        }
        check::required("receipt_name", &self.receipt_name, 50)?;
        if !matches!(self.ent_type.as_str(), "1" | "2" | "3" | "4" | "5" | "6" | "7" | "9") {
            return Err(FieldError::new("ent_type", "must be one of 1 2 3 4 5 6 7 9"));
        }
        if self.use_head_info_flag.as_deref() != Some("Y") {
            check::required("mcc", self.mcc.as_deref().unwrap_or_default(), 7)?;
        }
        check_scene(&self.scene_type)?;
        check::required("license_pic", &self.license_pic, 64)?;
        check::required("license_code", &self.license_code, 18)?;
        if self.license_code.len() == 18 && !ids::is_valid_uscc(&self.license_code) {
            return Err(FieldError::new("license_code", "is not a valid unified social credit code (check character)"));
        }
        match self.license_validity_type.as_str() {
            "0" => check::date8("license_end_date", self.license_end_date.as_deref().unwrap_or_default())?,
            "1" if self.license_end_date.is_some() => {
                return Err(FieldError::new("license_end_date", "must be omitted for a long-term licence"))
            }
            "1" => {}
            _ => return Err(FieldError::new("license_validity_type", "must be 0 (非长期) or 1 (长期)")),
        }
        check::date8("license_begin_date", &self.license_begin_date)?;
        check::date8("found_date", &self.found_date)?;
        if !matches!(self.ent_type.as_str(), "1" | "5") {
            check::required("reg_capital", self.reg_capital.as_deref().unwrap_or_default(), 16)?;
        }
        check::required("reg_district_id", &self.reg_district_id, 6)?;
        check::required("reg_detail", &self.reg_detail, 255)?;
        check::required("district_id", &self.district_id, 6)?;
        check::optional("detail_addr", &self.detail_addr, 256)?;
        check_offline_fields(
            &self.scene_type,
            &self.detail_addr,
            [&self.store_header_pic, &self.store_indoor_pic, &self.store_cashier_desk_pic],
        )?;
        check::required("legal_name", &self.legal_name, 32)?;
        check::required("legal_cert_type", &self.legal_cert_type, 2)?;
        check::required("legal_cert_no", &self.legal_cert_no, 32)?;
        if self.legal_cert_type == "00" && !ids::is_valid_id_card(&self.legal_cert_no) {
            return Err(FieldError::new("legal_cert_no", "is not a valid 18-digit ID number (check digit)"));
        }
        check::date8("legal_cert_begin_date", &self.legal_cert_begin_date)?;
        if self.legal_cert_validity_type == "0" {
            check::date8("legal_cert_end_date", self.legal_cert_end_date.as_deref().unwrap_or_default())?;
        } else if self.legal_cert_validity_type != "1" {
            return Err(FieldError::new("legal_cert_validity_type", "must be 0 (非长期) or 1 (长期)"));
        }
        check_legal_docs(&self.legal_addr, &self.legal_cert_back_pic, &self.legal_cert_front_pic)?;
        check_contact(&self.contact_mobile_no, &self.contact_email)?;
        check::required("login_name", &self.login_name, 32)?;
        if !self.login_name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(FieldError::new("login_name", "only letters, digits and '_' are allowed"));
        }
        self.card_info.check(true)?;
        if self.card_info.card_type.as_deref() == Some("0") && self.reg_acct_pic.is_none() {
            return Err(FieldError::new(
                "reg_acct_pic",
                "the account-opening permit (F08) is required for a corporate account",
            ));
        }
        if let Some(s) = &self.settle_config {
            s.check()?;
        }
        check_cash(&self.cash_config, false)?;
        if self.head_office_flag.as_deref() == Some("0") && self.head_huifu_id.is_none() {
            return Err(FieldError::new("head_huifu_id", "is required when head_office_flag=0"));
        }
        check::notify_url("async_return_url", &self.async_return_url, 120)?;
        check::optional("remarks", &self.remarks, 300)?;
        Ok(())
    }
}

impl Endpoint for IndvOnboarding {
    const PATH: &'static str = "/v2/merchant/basicdata/indv";
    type Output = OnboardingResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.upper_huifu_id)?;
        check::required("reg_name", &self.reg_name, 32)?;
        if let Some(s) = &self.short_name {
            if s.chars().count() < 4 {
                return Err(FieldError::new("short_name", "needs at least 4 characters"));
            }
        }
        check::optional("short_name", &self.short_name, 32)?;
        check::required("mcc", &self.mcc, 7)?;
        check_scene(&self.scene_type)?;
        check::required("district_id", &self.district_id, 6)?;
        check_offline_fields(
            &self.scene_type,
            &self.detail_addr,
            [&self.store_header_pic, &self.store_indoor_pic, &self.store_cashier_desk_pic],
        )?;
        if !ids::is_valid_id_card(&self.legal_cert_no) {
            return Err(FieldError::new("legal_cert_no", "is not a valid 18-digit ID number (check digit)"));
        }
        check::date8("legal_cert_begin_date", &self.legal_cert_begin_date)?;
        check::date8("legal_cert_end_date", &self.legal_cert_end_date)?;
        check_legal_docs(&self.legal_addr, &self.legal_cert_back_pic, &self.legal_cert_front_pic)?;
        check_contact(&self.contact_mobile_no, &self.contact_email)?;
        if self.card_info.card_type.is_some() || self.card_info.branch_code.is_some() {
            return Err(FieldError::new("card_info.card_type", "an individual's card has no card_type or branch_code"));
        }
        self.card_info.check(false)?;
        check::required("settle_card_front_pic", &self.settle_card_front_pic, 64)?;
        if let Some(s) = &self.settle_config {
            s.check()?;
        }
        check_cash(&self.cash_config, true)?;
        if matches!(self.head_office_flag.as_deref(), Some(f) if f != "0") {
            return Err(FieldError::new("head_office_flag", "an individual can only be 0 (下级)"));
        }
        check::notify_url("async_return_url", &self.async_return_url, 120)?;
        Ok(())
    }
}
