//! The JSON-in-a-string objects of onboarding (§7.2, §7.3): settlement card, settlement and withdrawal
//! config, beneficiaries, shareholders, extra files. Each goes on the wire inside [`crate::wire::JsonStr`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::FieldError;
use crate::ids;
use crate::wire::check;

/// `card_info`: the settlement card. Enterprise: `card_type` `0` 对公 / `1` 对私法人 / `2` 对私非法人;
/// individual: no `card_type`/`branch_code`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CardInfo {
    pub card_type: Option<String>,
    pub card_name: String,
    pub card_no: String,
    pub prov_id: Option<String>,
    pub area_id: String,
    pub branch_code: Option<String>,
    pub bank_code: Option<String>,
    pub cert_type: Option<String>,
    pub cert_no: Option<String>,
    pub cert_validity_type: Option<String>,
    pub cert_begin_date: Option<String>,
    pub cert_end_date: Option<String>,
    pub mp: Option<String>,
    pub is_settle_default: Option<String>,
    /// Picture ids a modify may carry inside the card (Java demo), and anything newer.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

impl CardInfo {
    /// Checks the card for an enterprise (`enterprise = true`) or an individual.
    pub fn check(&self, enterprise: bool) -> Result<(), FieldError> {
        let f = |n: &str| format!("card_info.{n}");
        if enterprise {
            let t = self.card_type.as_deref().unwrap_or_default();
            if !matches!(t, "0" | "1" | "2") {
                return Err(FieldError::new(f("card_type"), "must be 0 (对公), 1 (对私法人) or 2 (对私非法人)"));
            }
            if t == "0" && self.branch_code.as_deref().is_none_or(str::is_empty) {
                return Err(FieldError::new(f("branch_code"), "is required for a corporate (对公) account"));
            }
        }
        check::required(&f("card_name"), &self.card_name, 128)?;
        check::required(&f("card_no"), &self.card_no, 32)?;
        if !self.card_no.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(f("card_no"), "digits only"));
        }
        check::required(&f("area_id"), &self.area_id, 6)?;
        let private = !enterprise || self.card_type.as_deref() != Some("0");
        if private {
            let no = self.cert_no.as_deref().unwrap_or_default();
            check::required(&f("cert_no"), no, 32)?;
            if self.cert_type.as_deref().unwrap_or("00") == "00" && !ids::is_valid_id_card(no) {
                return Err(FieldError::new(f("cert_no"), "is not a valid 18-digit ID number (check digit)"));
            }
            if self.cert_validity_type.as_deref() == Some("0") {
                check::date8(&f("cert_end_date"), self.cert_end_date.as_deref().unwrap_or_default())?;
            }
        }
        if let Some(mp) = &self.mp {
            if !ids::is_valid_mobile(mp) {
                return Err(FieldError::new(f("mp"), "is not an 11-digit mobile number"));
            }
        }
        Ok(())
    }
}

/// `settle_config` 结算业务配置.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SettleConfig {
    /// `D1` / `T1` / `TS`.
    pub settle_cycle: String,
    pub min_amt: Option<String>,
    pub remained_amt: Option<String>,
    pub settle_abstract: Option<String>,
    pub out_settle_flag: Option<String>,
    pub out_settle_huifuid: Option<String>,
    pub out_settle_acct_type: Option<String>,
    pub settle_pattern: Option<String>,
    pub settle_batch_no: Option<String>,
    pub is_priority_receipt: Option<String>,
    pub settle_time: Option<String>,
    pub fixed_ratio: Option<String>,
    pub constant_amt: Option<String>,
    pub workday_fixed_ratio: Option<String>,
    pub workday_constant_amt: Option<String>,
    /// Modify only: `0`/`1`.
    pub settle_status: Option<String>,
}

impl SettleConfig {
    /// Checks cycle and the fee fields the cycle requires.
    pub fn check(&self) -> Result<(), FieldError> {
        if !matches!(self.settle_cycle.as_str(), "D1" | "T1" | "TS") {
            return Err(FieldError::new("settle_config.settle_cycle", "must be D1, T1 or TS"));
        }
        if matches!(self.settle_cycle.as_str(), "D1" | "TS")
            && self.fixed_ratio.is_none()
            && self.constant_amt.is_none()
        {
            return Err(FieldError::new(
                "settle_config.fixed_ratio",
                "fixed_ratio or constant_amt is required for D1/TS",
            ));
        }
        if self.out_settle_flag.as_deref() == Some("1") && self.out_settle_huifuid.is_none() {
            return Err(FieldError::new("settle_config.out_settle_huifuid", "is required when out_settle_flag=1"));
        }
        Ok(())
    }
}

/// One `cash_config[]` item 取现业务配置.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CashConfig {
    /// `D0` / `T1` / `D1` / `DM`.
    pub cash_type: Option<String>,
    pub fix_amt: Option<String>,
    pub fee_rate: Option<String>,
    pub weekday_fix_amt: Option<String>,
    pub weekday_fee_rate: Option<String>,
    pub out_fee_flag: Option<String>,
    pub out_fee_huifu_id: Option<String>,
    pub out_fee_acct_type: Option<String>,
    pub is_priority_receipt: Option<String>,
    /// Modify only: `0`/`1`.
    pub switch_state: Option<String>,
}

impl CashConfig {
    /// Checks one item; `i` is its index for the error path.
    pub fn check(&self, i: usize, type_required: bool) -> Result<(), FieldError> {
        let f = |n: &str| format!("cash_config[{i}].{n}");
        match self.cash_type.as_deref() {
            Some("D0" | "T1" | "D1" | "DM") => {}
            None if !type_required => {}
            _ => return Err(FieldError::new(f("cash_type"), "must be D0, T1, D1 or DM")),
        }
        if self.fix_amt.is_none() && self.fee_rate.is_none() {
            return Err(FieldError::new(f("fee_rate"), "fix_amt or fee_rate is required"));
        }
        Ok(())
    }
}

/// One `beneficiary_info[]` item 受益人.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BeneficiaryInfo {
    pub bo_name: String,
    pub bo_type: String,
    pub bo_no: String,
    pub bo_date_start: String,
    /// `29991231` = long-term.
    pub bo_dead_line: String,
    pub bo_address: String,
    pub bo_mobile_no: Option<String>,
    pub final_beneficiary_mode: Option<String>,
}

/// One `share_holder_info_list[]` item 股东.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShareHolderInfo {
    pub name: String,
    pub cert_type: String,
    pub cert_no: String,
    pub cert_validity_type: Option<String>,
    pub cert_begin_date: Option<String>,
    pub cert_end_date: Option<String>,
}

/// One `extended_material_list[]` item: an extra uploaded file.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtendedMaterial {
    pub file_id: String,
    pub file_type: Option<String>,
}
