//! Terminals (§7.13, UnionPay doc 259): register a device to get its `device_id`, list, cancel.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

/// One device to register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminalInfo {
    pub sn: String,
    pub tusn: String,
    pub dev_model_code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal_address: Option<String>,
}

/// 新增终端报备. Without `terminal_info_list` an auxiliary terminal (辅助终端) is created.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TerminalAdd {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub terminal_info_list: Option<JsonStr<Vec<TerminalInfo>>>,
}

/// One registered device in the add answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AddedTerminal {
    pub huifu_id: Option<String>,
    pub device_id: Option<String>,
    pub bind_status: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Answer of terminal add.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminalAddResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub sub_resp_code: Option<String>,
    pub sub_resp_desc: Option<String>,
    pub add_ter_info_list: Option<JsonStr<Vec<AddedTerminal>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn check_head(req_seq_id: &str, req_date: &str, huifu_id: &str) -> Result<(), FieldError> {
    check::head(req_seq_id, req_date, huifu_id, 32, 18)
}

impl Endpoint for TerminalAdd {
    const PATH: &'static str = "/v2/terminaldevice/deviceInfo/add";
    type Output = TerminalAddResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        if let Some(l) = &self.terminal_info_list {
            if l.is_empty() {
                return Err(FieldError::new(
                    "terminal_info_list",
                    "omit it for an auxiliary terminal rather than sending []",
                ));
            }
            for (i, t) in l.iter().enumerate() {
                check::required(&format!("terminal_info_list[{i}].sn"), &t.sn, 50)?;
                check::required(&format!("terminal_info_list[{i}].tusn"), &t.tusn, 64)?;
                check::required(&format!("terminal_info_list[{i}].dev_model_code"), &t.dev_model_code, 16)?;
                check::optional(&format!("terminal_info_list[{i}].terminal_address"), &t.terminal_address, 64)?;
            }
        }
        Ok(())
    }
}

/// 绑定终端信息查询 (paged).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TerminalQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub page_size: String,
    pub page_num: String,
    pub device_id: Option<String>,
}

/// Answer of terminal query and cancel: not in our sources, kept whole in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TerminalResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Endpoint for TerminalQuery {
    const PATH: &'static str = "/v2/terminaldevice/deviceInfo/query";
    type Output = TerminalResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        for (name, v) in [("page_size", &self.page_size), ("page_num", &self.page_num)] {
            if v.parse::<u32>().map_or(true, |n| n == 0) {
                return Err(FieldError::new(name, "must be a positive integer"));
            }
        }
        check::optional("device_id", &self.device_id, 21)
    }
}

/// 注销终端.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TerminalCancel {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub device_id: String,
}

impl Endpoint for TerminalCancel {
    const PATH: &'static str = "/v2/terminaldevice/deviceInfo/cancel";
    type Output = TerminalResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        check::required("device_id", &self.device_id, 21)
    }
}
