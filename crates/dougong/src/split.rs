//! 商户分账配置 and its query (§7.14): the standalone (legacy) split APIs. The current way is
//! `split_conf_info` in busi open/modify ([`crate::busi::SplitConfInfo`]); both are supported.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::busi::{SplitConfInfo, SplitShare};
use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

/// Apply for a split configuration.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SplitConfig {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// `01` per-trade rules, `02` fixed rules.
    pub rule_origin: String,
    pub div_flag: String,
    pub apply_ratio: String,
    /// `0` effective on approval, `1` next day.
    pub start_type: String,
    pub acct_split_bunch_list: Option<JsonStr<Vec<SplitShare>>>,
    pub out_fee_flag: Option<String>,
    pub out_fee_acct_type: Option<String>,
    pub out_fee_huifuid: Option<String>,
    pub split_fee_rate: Option<String>,
    pub per_amt: Option<String>,
    pub async_return_url: Option<String>,
}

/// Answer of split config (ASSUMED shape: `huifu_id`, `apply_no` when audited).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitConfigResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub apply_no: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for SplitConfig {
    const PATH: &'static str = "/v2/merchant/split/config";
    type Output = SplitConfigResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)?;
        if !matches!(self.start_type.as_str(), "0" | "1") {
            return Err(FieldError::new("start_type", "must be 0 (on approval) or 1 (next day)"));
        }
        let as_conf = SplitConfInfo {
            div_flag: self.div_flag.clone(),
            rule_origin: self.rule_origin.clone(),
            apply_ratio: self.apply_ratio.clone(),
            acct_split_bunch_list: self.acct_split_bunch_list.as_ref().map(|l| l.0.clone()),
            ..Default::default()
        };
        as_conf.check("", false)?;
        if self.out_fee_flag.as_deref() == Some("1") && self.out_fee_huifuid.is_none() {
            return Err(FieldError::new("out_fee_huifuid", "is required when out_fee_flag=1"));
        }
        check::notify_url("async_return_url", &self.async_return_url, 128)
    }
}

/// Query the split configuration.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SplitQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
}

/// The split configuration (ASSUMED: the structure of detail query `split_bill_result[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitState {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub div_flag: Option<String>,
    pub rule_origin: Option<String>,
    /// A Number in some answers, a string in others; kept as JSON.
    pub apply_ratio: Option<Value>,
    pub split_bill_result: Option<JsonStr<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for SplitQuery {
    const PATH: &'static str = "/v2/merchant/split/query";
    type Output = SplitState;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)
    }
}
