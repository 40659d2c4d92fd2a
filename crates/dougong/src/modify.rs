//! 商户基本信息修改 (§7.4): change a merchant's settlement card, settlement and cash-out config, contact or
//! business details; the answer is the onboarding answer (an `apply_no` when the change goes to audit).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::onboarding::forms::{CardInfo, CashConfig, SettleConfig};
use crate::onboarding::OnboardingResponse;
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
