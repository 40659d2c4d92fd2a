//! Business open and modify (§7.7, §7.8): payment businesses, fee rates, WeChat/Alipay registration,
//! split configuration. Every `*_list` / `*_conf` / `*_config` / `*_info` object is a JSON string.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::onboarding::forms::ExtendedMaterial;
use crate::wire::{check, JsonStr};

/// One `wx_conf_list[]` / `ali_conf_list[]` item. The first item is the default scene.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PayConf {
    pub pay_scene: String,
    /// Percent with 2 decimals: `0.38` = 0.38 %.
    pub fee_rate: String,
    pub mcc: Option<String>,
    pub fee_rule_id: Option<String>,
    pub pay_channel_id: Option<String>,
    pub fee_min_amt: Option<String>,
    /// `Y` starts realname right after opening.
    pub is_check_real_name: Option<String>,
    /// `wx_real_name_info` / `al_real_name_info`, as nested objects inside this item.
    #[serde(flatten, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// `split_conf_info` 分账配置信息 (§7.7.3); also the body of the legacy split config (§7.14).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitConfInfo {
    /// `Y` / `N`.
    pub div_flag: String,
    /// `01` per-trade rules, `02` fixed rules.
    pub rule_origin: String,
    /// Maximum split percentage, 0–100 with 2 decimals.
    pub apply_ratio: String,
    pub acct_split_bunch_list: Option<Vec<SplitShare>>,
    pub start_type: Option<String>,
    pub out_fee_flag: Option<String>,
    pub out_fee_acct_type: Option<String>,
    pub out_fee_huifuid: Option<String>,
    pub split_fee_rate: Option<String>,
    pub per_amt: Option<String>,
    /// `00` 其他, `01` 医美医院, `02` 线上其他, `A1`..`A10`.
    pub scene: Option<String>,
    pub split_ext_info: Option<SplitExtInfo>,
}

/// One fixed split share: `fee_rate` percent (all shares sum to 100) for `huifu_id`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitShare {
    pub fee_rate: String,
    pub huifu_id: String,
}

/// `split_ext_info` 业务情况说明.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SplitExtInfo {
    pub busi_instruction: String,
    pub capital_instruction: String,
    pub function_instruction: String,
}

/// Parses a percentage such as "30" or "30.00" into hundredths of a percent (3000), exactly.
pub fn percent_hundredths(field: &str, v: &str) -> Result<i64, FieldError> {
    crate::money::Fen::parse_yuan(v).map(|f| f.0).map_err(|_| {
        FieldError::keyed(
            field,
            crate::error::problem::PERCENT,
            vec![],
            format!("{v:?} is not a percentage with at most 2 decimals"),
        )
    })
}

impl SplitConfInfo {
    /// Checks flags, ratio bounds and the fixed shares; `field` prefixes error paths.
    pub fn check(&self, field: &str, scene_required: bool) -> Result<(), FieldError> {
        let f = |n: &str| if field.is_empty() { n.to_string() } else { format!("{field}.{n}") };
        if !matches!(self.div_flag.as_str(), "Y" | "N") {
            return Err(FieldError::new(f("div_flag"), "must be Y or N"));
        }
        if !matches!(self.rule_origin.as_str(), "01" | "02") {
            return Err(FieldError::new(f("rule_origin"), "must be 01 (per trade) or 02 (fixed)"));
        }
        let ratio = percent_hundredths(&f("apply_ratio"), &self.apply_ratio)?;
        if ratio > 10_000 {
            return Err(FieldError::new(f("apply_ratio"), "must be between 0 and 100"));
        }
        if self.rule_origin == "02" {
            let shares = self.acct_split_bunch_list.as_deref().unwrap_or_default();
            if shares.is_empty() {
                return Err(FieldError::new(f("acct_split_bunch_list"), "is required for fixed rules (02)"));
            }
            let mut sum = 0;
            for (i, s) in shares.iter().enumerate() {
                check::huifu_id(&f(&format!("acct_split_bunch_list[{i}].huifu_id")), &s.huifu_id, 32)?;
                sum += percent_hundredths(&f(&format!("acct_split_bunch_list[{i}].fee_rate")), &s.fee_rate)?;
            }
            if sum != 10_000 {
                return Err(FieldError::new(f("acct_split_bunch_list"), "fee_rate shares must add up to 100"));
            }
        }
        if scene_required && self.scene.is_none() {
            return Err(FieldError::keyed(f("scene"), crate::error::problem::REQUIRED, vec![], "is required"));
        }
        if self.scene.as_deref() == Some("00") && self.split_ext_info.is_none() {
            return Err(FieldError::new(f("split_ext_info"), "is required for scene 00"));
        }
        Ok(())
    }
}

/// 商户业务开通: open payment businesses for a merchant created by onboarding.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BusiOpen {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub upper_huifu_id: String,
    pub short_name: Option<String>,
    pub sign_user_info: Option<JsonStr<Value>>,
    pub agreement_info: Option<JsonStr<Value>>,
    pub mer_bus_type: Option<String>,
    pub out_fee_flag: Option<String>,
    pub out_fee_huifuid: Option<String>,
    pub out_fee_acct_type: Option<String>,
    pub wx_conf_list: Option<JsonStr<Vec<PayConf>>>,
    pub ali_conf_list: Option<JsonStr<Vec<PayConf>>>,
    pub union_conf_list: Option<JsonStr<Vec<Value>>>,
    pub bank_card_conf: Option<JsonStr<Value>>,
    pub online_fee_conf_list: Option<JsonStr<Vec<Value>>>,
    pub online_busi_type: Option<String>,
    pub online_media_info_list: Option<JsonStr<Vec<Value>>>,
    pub balance_pay_config: Option<JsonStr<Value>>,
    pub combine_pay_config: Option<JsonStr<Value>>,
    pub split_conf_info: Option<JsonStr<SplitConfInfo>>,
    pub delay_flag: Option<String>,
    pub forced_delay_flag: Option<String>,
    pub use_chains_flag: Option<String>,
    pub extended_material_list: Option<JsonStr<Vec<ExtendedMaterial>>>,
    pub async_return_url: Option<String>,
    pub busi_async_return_url: Option<String>,
    pub recon_resp_addr: Option<String>,
    /// Less common plain flags (`online_flag`, `quick_flag`, `online_refund`, …) and objects as JSON strings.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// 商户业务开通修改: same body minus `upper_huifu_id`; send only the objects to change.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BusiModify {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub wx_conf_list: Option<JsonStr<Vec<PayConf>>>,
    pub ali_conf_list: Option<JsonStr<Vec<PayConf>>>,
    pub split_conf_info: Option<JsonStr<SplitConfInfo>>,
    pub online_busi_type: Option<String>,
    pub sign_user_info: Option<JsonStr<Value>>,
    pub async_return_url: Option<String>,
    pub busi_async_return_url: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// Answer of busi open / modify: `apply_no` when under audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BusiResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub req_seq_id: Option<String>,
    pub req_date: Option<String>,
    pub product_id: Option<String>,
    pub huifu_id: Option<String>,
    pub apply_no: Option<String>,
}

fn check_confs(field: &str, list: &Option<JsonStr<Vec<PayConf>>>) -> Result<(), FieldError> {
    if let Some(l) = list {
        if l.is_empty() {
            return Err(FieldError::new(field, "must be omitted rather than empty"));
        }
        for (i, c) in l.iter().enumerate() {
            check::required(&format!("{field}[{i}].pay_scene"), &c.pay_scene, 2)?;
            let r = percent_hundredths(&format!("{field}[{i}].fee_rate"), &c.fee_rate)?;
            if r > 10_000 || !c.fee_rate.contains('.') {
                return Err(FieldError::keyed(
                    format!("{field}[{i}].fee_rate"),
                    crate::error::problem::PERCENT,
                    vec![],
                    "a percentage with 2 decimals, e.g. 0.38",
                ));
            }
        }
    }
    Ok(())
}

fn check_other(other: &Map<String, Value>, own: &[&str]) -> Result<(), FieldError> {
    for (k, v) in other {
        if own.contains(&k.as_str()) {
            return Err(FieldError::new(k.as_str(), "set it through its own field, not `other`"));
        }
        if !v.is_string() || v.as_str() == Some("") {
            return Err(FieldError::new(k.as_str(), "must be a non-empty string (objects travel as JSON strings)"));
        }
    }
    Ok(())
}

impl Endpoint for BusiOpen {
    const PATH: &'static str = "/v2/merchant/busi/open";
    type Output = BusiResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)?;
        check::huifu_id("upper_huifu_id", &self.upper_huifu_id, 18)?;
        check::optional("short_name", &self.short_name, 64)?;
        check_confs("wx_conf_list", &self.wx_conf_list)?;
        check_confs("ali_conf_list", &self.ali_conf_list)?;
        if let Some(s) = &self.split_conf_info {
            s.check("split_conf_info", true)?;
        }
        if self.out_fee_flag.as_deref() == Some("1") && self.out_fee_huifuid.is_none() {
            return Err(FieldError::new("out_fee_huifuid", "is required when out_fee_flag=1"));
        }
        check::notify_url("async_return_url", &self.async_return_url, 128)?;
        check::notify_url("busi_async_return_url", &self.busi_async_return_url, 128)?;
        check_other(
            &self.other,
            &[
                "huifu_id",
                "upper_huifu_id",
                "req_seq_id",
                "req_date",
                "wx_conf_list",
                "ali_conf_list",
                "split_conf_info",
            ],
        )
    }
}

impl Endpoint for BusiModify {
    const PATH: &'static str = "/v2/merchant/busi/modify";
    type Output = BusiResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)?;
        check_confs("wx_conf_list", &self.wx_conf_list)?;
        check_confs("ali_conf_list", &self.ali_conf_list)?;
        if let Some(s) = &self.split_conf_info {
            s.check("split_conf_info", false)?;
        }
        check::notify_url("async_return_url", &self.async_return_url, 128)?;
        check::notify_url("busi_async_return_url", &self.busi_async_return_url, 128)?;
        check_other(&self.other, &["huifu_id", "upper_huifu_id", "req_seq_id", "req_date"])
    }
}
