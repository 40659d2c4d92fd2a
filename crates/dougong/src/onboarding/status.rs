//! 申请单状态查询 (§7.6): follow an onboarding or business-open application to its audit result.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

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
