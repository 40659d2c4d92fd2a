//! Realname: WeChat 实名认证 and its query (§7.9), Alipay 实名申请 and its query (§7.10), and the
//! WeChat/Alipay merchant-number query (§7.11). The answers carry `qrcode_data` for the legal person
//! or contact to scan.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::ids;
use crate::wire::{check, JsonStr};

crate::string_enum! {
    /// WeChat `applyment_stat` (§7.7.4; the `WAITTING`/`EDITTING` spellings are WeChat's).
    pub enum WxApplymentState {
        Editing = "APPLYMENT_STATE_EDITTING",
        WaitingForAudit = "APPLYMENT_STATE_WAITTING_FOR_AUDIT",
        WaitingForConfirmContact = "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_CONTACT",
        WaitingForConfirmLegalPerson = "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON",
        Passed = "APPLYMENT_STATE_PASSED",
        Rejected = "APPLYMENT_STATE_REJECTED",
        Freezed = "APPLYMENT_STATE_FREEZED",
        Canceled = "APPLYMENT_STATE_CANCELED",
        NoApply = "APPLYMENT_STATE_NOAPPLY",
    }
}

crate::string_enum! {
    /// Alipay realname state (§7.7.4).
    pub enum AliRealnameState {
        Auditing = "AUDITING",
        ContactConfirm = "CONTACT_CONFIRM",
        LegalConfirm = "LEGAL_CONFIRM",
        AuditPass = "AUDIT_PASS",
        AuditReject = "AUDIT_REJECT",
        AuditFreeze = "AUDIT_FREEZE",
        Canceled = "CANCELED",
        NotApply = "NOT_APPLY",
    }
}

/// 微信实名认证: submit the WeChat willingness confirmation for a registered sub-merchant.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WxRealname {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub name: String,
    pub mobile: String,
    pub id_card_number: String,
    /// `LEGAL` or `SUPER`.
    pub contact_type: String,
    pub pay_channel_id: Option<String>,
    pub pay_scene: Option<String>,
    pub owner: Option<String>,
    pub ubo_info_list: Option<JsonStr<Vec<Value>>>,
    pub special_file_info_list: Option<JsonStr<Vec<Value>>>,
    /// Other optional fields of the Java demo (`cert_type`, `store_name`, `micro_biz_type`, file ids…).
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Answer of WeChat realname.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WxRealnameResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub applyment_id: Option<String>,
}

fn check_head(req_seq_id: &str, req_date: &str, huifu_id: &str) -> Result<(), FieldError> {
    check::head(req_seq_id, req_date, huifu_id, 32, 18)
}

impl Endpoint for WxRealname {
    const PATH: &'static str = "/v2/merchant/busi/realname";
    type Output = WxRealnameResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        check::required("name", &self.name, 32)?;
        if !ids::is_valid_mobile(&self.mobile) {
            return Err(FieldError::new("mobile", "is not an 11-digit mobile number"));
        }
        if !ids::is_valid_id_card(&self.id_card_number) {
            return Err(FieldError::new("id_card_number", "is not a valid 18-digit ID number (check digit)"));
        }
        if !matches!(self.contact_type.as_str(), "LEGAL" | "SUPER") {
            return Err(FieldError::new("contact_type", "must be LEGAL or SUPER"));
        }
        Ok(())
    }
}

/// Query the WeChat realname state (by merchant, not by applyment id).
#[derive(Debug, Clone, Default, Serialize)]
pub struct WxRealnameQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub pay_channel_id: Option<String>,
    pub pay_scene: Option<String>,
}

/// WeChat realname state; show `qrcode_data` as a QR code while waiting for confirmation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WxRealnameState {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub applyment_stat: Option<WxApplymentState>,
    pub authorize_stat: Option<String>,
    pub reject_param: Option<String>,
    pub reject_reason: Option<String>,
    pub qrcode_data: Option<String>,
}

impl Endpoint for WxRealnameQuery {
    const PATH: &'static str = "/v2/merchant/busi/realname/query";
    type Output = WxRealnameState;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)
    }
}

/// `contact_person_info` of the Alipay application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AliContactPerson {
    pub name: String,
    pub mobile: String,
    pub id_card_number: String,
}

/// 支付宝实名申请.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AliRealnameApply {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// `business_type`, `certificate_type`, `certificate_info`, `support_credentials`, …
    pub auth_identity_info: JsonStr<Value>,
    pub contact_person_info: JsonStr<AliContactPerson>,
    pub pay_channel_id: Option<String>,
    pub pay_scene: Option<String>,
    pub legal_person_info: Option<JsonStr<Value>>,
    pub ubo_info: Option<JsonStr<Value>>,
}

/// Answer of Alipay realname apply and query. Not documented in our sources: the known fields are typed,
/// the rest kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AliRealnameResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub apply_id: Option<String>,
    pub applyment_stat: Option<AliRealnameState>,
    pub audit_status: Option<AliRealnameState>,
    pub reject_reason: Option<String>,
    pub qrcode_data: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AliRealnameResponse {
    /// The state under whichever name the answer used.
    pub fn state(&self) -> Option<&AliRealnameState> {
        self.applyment_stat.as_ref().or(self.audit_status.as_ref())
    }
}

impl Endpoint for AliRealnameApply {
    const PATH: &'static str = "/v2/merchant/busi/ali/realname/apply";
    type Output = AliRealnameResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        if !self.auth_identity_info.is_object() || self.auth_identity_info.as_object().is_some_and(Map::is_empty) {
            return Err(FieldError::new("auth_identity_info", "is required (business_type, certificate_info, …)"));
        }
        let c = &self.contact_person_info;
        check::required("contact_person_info.name", &c.name, 32)?;
        if !ids::is_valid_mobile(&c.mobile) {
            return Err(FieldError::new("contact_person_info.mobile", "is not an 11-digit mobile number"));
        }
        if !ids::is_valid_id_card(&c.id_card_number) {
            return Err(FieldError::new("contact_person_info.id_card_number", "is not a valid 18-digit ID number"));
        }
        Ok(())
    }
}

/// Query the Alipay realname state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AliRealnameQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub pay_channel_id: Option<String>,
    pub pay_scene: Option<String>,
}

impl Endpoint for AliRealnameQuery {
    const PATH: &'static str = "/v2/merchant/busi/ali/realname/query";
    type Output = AliRealnameResponse;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)
    }
}

/// 商户微信支付宝ID查询: the channel merchant numbers (`pay_way` `W` WeChat / `A` Alipay).
#[derive(Debug, Clone, Default, Serialize)]
pub struct MerCodeQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub pay_way: String,
    pub fee_type: Option<String>,
}

/// Answer of the merchant-number query; its shape is not in our sources, so all of it stays in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MerCodeResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for MerCodeQuery {
    const PATH: &'static str = "/v2/merchant/busi/mercode/query";
    type Output = MerCodeResponse;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        if !matches!(self.pay_way.as_str(), "W" | "A") {
            return Err(FieldError::new("pay_way", "must be W (WeChat) or A (Alipay)"));
        }
        Ok(())
    }
}
