//! 微信商户配置 and its query (§7.12): bind appids and the JSAPI directory to the WeChat sub-merchant.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

/// Set official-account appid, JSAPI path, mini-program appid (at least one).
#[derive(Debug, Clone, Default, Serialize)]
pub struct WxConfig {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// `01` / `02` (must match what busi open opened).
    pub fee_type: String,
    pub wx_woa_app_id: Option<String>,
    /// Must end with `/`.
    pub wx_woa_path: Option<String>,
    pub wx_applet_app_id: Option<String>,
    pub micro_sub_appid: Option<String>,
    pub wx_woa_secret: Option<String>,
    pub wx_applet_secret: Option<String>,
    pub bank_channel_no: Option<String>,
    pub async_return_url: Option<String>,
}

/// Answer of WeChat config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WxConfigResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
}

impl Endpoint for WxConfig {
    const PATH: &'static str = "/v2/merchant/busi/config";
    type Output = WxConfigResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)?;
        check::required("fee_type", &self.fee_type, 2)?;
        for (name, v) in [
            ("wx_woa_app_id", &self.wx_woa_app_id),
            ("wx_applet_app_id", &self.wx_applet_app_id),
            ("micro_sub_appid", &self.micro_sub_appid),
        ] {
            check::optional(name, v, 32)?;
            if let Some(id) = v {
                if id.trim() != id || id.contains(' ') {
                    return Err(FieldError::new(
                        name,
                        "contains spaces (a frequent cause of 'sub_mch_id与sub_appid不匹配')",
                    ));
                }
            }
        }
        check::optional("wx_woa_path", &self.wx_woa_path, 256)?;
        if let Some(p) = &self.wx_woa_path {
            if !(p.starts_with("http://") || p.starts_with("https://")) || !p.ends_with('/') {
                return Err(FieldError::new("wx_woa_path", "must be an http(s) URL ending with '/'"));
            }
        }
        if self.wx_woa_app_id.is_none()
            && self.wx_woa_path.is_none()
            && self.wx_applet_app_id.is_none()
            && self.micro_sub_appid.is_none()
        {
            return Err(FieldError::new(
                "wx_woa_app_id",
                "give at least one of wx_woa_app_id, wx_woa_path, wx_applet_app_id, micro_sub_appid",
            ));
        }
        check::notify_url("async_return_url", &self.async_return_url, 128)
    }
}

/// Query the WeChat config.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WxConfigQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub bank_channel_no: Option<String>,
}

/// The configured (and failed) items; inner fields are not in our sources.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WxConfigState {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub atu_config_bo_list: Option<JsonStr<Vec<Value>>>,
    pub atu_config_bo_fail_list: Option<JsonStr<Vec<Value>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for WxConfigQuery {
    const PATH: &'static str = "/v2/merchant/busi/config/query";
    type Output = WxConfigState;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)
    }
}
