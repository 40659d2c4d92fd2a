//! 商户基本信息修改 (§7.4), 商户详细信息查询 (§7.5), 申请单状态查询 (§7.6).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::basicdata::OnboardingResponse;
use super::forms::{CardInfo, CashConfig, SettleConfig};
use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

/// Change basic info; send only what changes (any 7.2/7.3 field may go into `changes`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BasicModify {
    pub req_seq_id: String,
    pub req_date: String,
    pub upper_huifu_id: String,
    pub huifu_id: String,
    pub card_info: Option<JsonStr<CardInfo>>,
    pub settle_config: Option<JsonStr<SettleConfig>>,
    pub cash_config: Option<JsonStr<Vec<CashConfig>>>,
    pub sign_user_info: Option<JsonStr<Value>>,
    pub async_return_url: Option<String>,
    /// Plain top-level fields to change (`short_name`, `mcc`, `contact_mobile_no`, …).
    #[serde(flatten)]
    pub changes: Map<String, Value>,
}

impl Endpoint for BasicModify {
    const PATH: &'static str = "/v2/merchant/basicdata/modify";
    type Output = OnboardingResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("upper_huifu_id", &self.upper_huifu_id, 18)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)?;
        for key in ["req_seq_id", "req_date", "upper_huifu_id", "huifu_id", "card_info", "settle_config", "cash_config"]
        {
            if self.changes.contains_key(key) {
                return Err(FieldError::new(key, "set it through its own field, not `changes`"));
            }
        }
        for (k, v) in &self.changes {
            if !(v.is_string() || v.is_number()) || v.as_str() == Some("") {
                return Err(FieldError::new(
                    k.as_str(),
                    "changes are non-empty strings (nested objects travel as JSON strings)",
                ));
            }
        }
        if self.card_info.is_none()
            && self.settle_config.is_none()
            && self.cash_config.is_none()
            && self.changes.is_empty()
        {
            return Err(FieldError::new("data", "nothing to change"));
        }
        if let Some(c) = &self.card_info {
            c.check(c.card_type.is_some())?;
        }
        if let Some(s) = &self.settle_config {
            s.check()?;
        }
        if let Some(l) = &self.cash_config {
            for (i, c) in l.iter().enumerate() {
                c.check(i, false)?;
            }
        }
        check::notify_url("async_return_url", &self.async_return_url, 128)
    }
}

/// Merchant detail query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MerchantDetailQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
}

impl Endpoint for MerchantDetailQuery {
    const PATH: &'static str = "/v2/merchant/basicdata/query";
    type Output = MerchantDetail;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)
    }
}

/// One `qry_cash_card_info_list[]` item: a bound card, with the `token_no` withdrawals need.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CashCardInfo {
    pub card_type: Option<String>,
    pub card_name: Option<String>,
    pub card_no: Option<String>,
    pub bank_code: Option<String>,
    pub bank_name: Option<String>,
    pub branch_name: Option<String>,
    pub status: Option<String>,
    pub token_no: Option<String>,
    pub is_settle_default: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The useful part of the 551-path detail answer; everything else stays in `extra` (numbers such as
/// `enter_fee` keep whatever JSON type they came in).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MerchantDetail {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub upper_huifu_id: Option<String>,
    pub reg_name: Option<String>,
    pub short_name: Option<String>,
    pub cust_type: Option<String>,
    pub ent_type: Option<String>,
    pub mcc: Option<String>,
    pub mer_stat: Option<String>,
    pub license_code: Option<String>,
    pub legal_name: Option<String>,
    pub contact_mobile_no: Option<String>,
    pub login_name: Option<String>,
    pub qry_cash_card_info_list: Option<JsonStr<Vec<CashCardInfo>>>,
    pub qry_wx_conf_list: Option<JsonStr<Vec<Value>>>,
    pub qry_ali_conf_list: Option<JsonStr<Vec<Value>>>,
    pub split_bill_result: Option<JsonStr<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Application status query: follow an `apply_no` to its audit result.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApplyStatusQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub apply_no: String,
    pub huifu_id: String,
}

impl Endpoint for ApplyStatusQuery {
    const PATH: &'static str = "/v2/merchant/basicdata/status/query";
    type Output = ApplyStatus;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::required("apply_no", &self.apply_no, 18)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)
    }
}

crate::string_enum! {
    /// `apply_status` / `audit_status`: Y approved, P auditing, N rejected, F system failure, C refused to sign.
    pub enum AuditStatus { Approved = "Y", Auditing = "P", Rejected = "N", Failed = "F", RefusedToSign = "C" }
}

/// One `wx_conf_result_list[]` / `ali_conf_result_list[]` item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChannelConfResult {
    pub pay_scene: Option<String>,
    pub pay_channel_id: Option<String>,
    pub sub_mer_id: Option<String>,
    pub sub_mer_name: Option<String>,
    pub wx_conf_status: Option<String>,
    pub ali_conf_status: Option<String>,
    pub wx_conf_reason: Option<String>,
    pub ali_conf_reason: Option<String>,
    pub real_name_applyment_stat: Option<String>,
    pub real_name_applyment_desc: Option<String>,
    pub qrcode_data: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The state of an application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplyStatus {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub reg_name: Option<String>,
    pub apply_status: Option<AuditStatus>,
    pub apply_reason: Option<String>,
    pub reg_status: Option<String>,
    pub settle_status: Option<String>,
    pub cash_status: Option<String>,
    pub bind_card_status: Option<String>,
    pub wx_conf_result_list: Option<JsonStr<Vec<ChannelConfResult>>>,
    pub ali_conf_result_list: Option<JsonStr<Vec<ChannelConfResult>>>,
    pub wx_config_list: Option<JsonStr<Vec<Value>>>,
    pub agreement_info_list: Option<JsonStr<Vec<Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
