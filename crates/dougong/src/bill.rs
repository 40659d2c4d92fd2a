//! 对账单 (§7.22): bill config and its query, regenerate, file query.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::check;

fn check_head(req_seq_id: &str, req_date: &str, huifu_id: &str) -> Result<(), FieldError> {
    check::head(req_seq_id, req_date, huifu_id, 128, 32)
}

/// 交易结算对账文件配置: turn bill generation on/off and choose types.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BillConfig {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    /// `Y` / `N`.
    pub recon_send_flag: String,
    /// Comma list, e.g. `1,2,3,4` (code meanings not documented).
    pub file_type: String,
    pub ftp_addr: Option<String>,
    pub ftp_user: Option<String>,
    pub ftp_pwd: Option<String>,
    pub as_settle_flag: Option<String>,
    pub notify_url: Option<String>,
    pub contain_user: Option<String>,
    pub contain_merchant: Option<String>,
    pub include_data_range: Option<String>,
}

impl Endpoint for BillConfig {
    const PATH: &'static str = "/v2/merchant/busi/bill/config";
    type Output = BillConfigState;

    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        if !matches!(self.recon_send_flag.as_str(), "Y" | "N") {
            return Err(FieldError::new("recon_send_flag", "must be Y or N"));
        }
        check::required("file_type", &self.file_type, 64)?;
        if !self.file_type.split(',').all(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())) {
            return Err(FieldError::new("file_type", "a comma list of numbers, e.g. 1,2,3,4"));
        }
        check::notify_url("notify_url", &self.notify_url, 512)
    }
}

/// Bill config (answer of config and of config query).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BillConfigState {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub recon_send_flag: Option<String>,
    pub file_type: Option<String>,
    pub ftp_addr: Option<String>,
    pub as_settle_flag: Option<String>,
    pub notify_url: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// 对账单配置查询.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BillConfigQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
}

impl Endpoint for BillConfigQuery {
    const PATH: &'static str = "/v2/merchant/busi/bill/query";
    type Output = BillConfigState;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)
    }
}

/// 对账文件重新生成: `req_date` is the trade date to regenerate.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BillReplay {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub file_type: String,
}

/// Answer of regenerate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BillReplayResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub download_url: Option<String>,
    pub file_type: Option<String>,
}

impl Endpoint for BillReplay {
    const PATH: &'static str = "/v2/trade/check/replay";
    type Output = BillReplayResponse;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        check::required("file_type", &self.file_type, 8)
    }
}

crate::string_enum! {
    /// `bill_type` of the file query.
    pub enum BillType {
        Trade = "TRADE_BILL",
        Split = "SPLIT_BILL",
        Withdrawal = "WITHDRAWAL_BILL",
        Settle = "SETTLE_BILL",
        TradeMonth = "TRADE_BILL_MONTH",
        SettleMonth = "SETTLE_BILL_MONTH",
        SettleUser = "SETTLE_USER_BILL",
        SettleUserMonth = "SETTLE_BILL_USER_MONTH",
        SettleFund = "SETTLE_FUND_BILL",
        Merge = "MERGE_BILL",
    }
}

/// 交易结算对账单查询: `file_date` is the generation date (= trade date + 1).
#[derive(Debug, Clone, Default, Serialize)]
pub struct BillFileQuery {
    pub req_date: String,
    pub req_seq_id: String,
    pub huifu_id: String,
    pub file_date: String,
    pub bill_type: Option<BillType>,
}

impl Endpoint for BillFileQuery {
    const PATH: &'static str = "/v2/trade/check/filequery";
    type Output = BillFiles;
    fn validate(&self) -> Result<(), FieldError> {
        check_head(&self.req_seq_id, &self.req_date, &self.huifu_id)?;
        check::date8("file_date", &self.file_date)?;
        if let Some(t) = &self.bill_type {
            check::known("bill_type", t.is_known(), t.as_str())?;
        }
        Ok(())
    }
}

/// A ready file (`file_details[]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BillFile {
    pub huifu_id: Option<String>,
    pub file_date: Option<String>,
    /// Samples spell it `file_Name`; both are accepted.
    #[serde(alias = "file_Name")]
    pub file_name: Option<String>,
    pub bill_type: Option<BillType>,
    pub download_url: Option<String>,
    pub file_id: Option<String>,
}

crate::string_enum! {
    /// `task_stat` of a batch task.
    pub enum TaskStat { Init = "I", Processing = "P", DataProcessing = "DP", FileProcessing = "FP", Failed = "F", Success = "S" }
}

/// A batch task (`task_details[]`). `S` with no file = no records that day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BillTask {
    pub huifu_id: Option<String>,
    pub bill_type: Option<BillType>,
    pub file_id: Option<String>,
    #[serde(alias = "file_Name")]
    pub file_name: Option<String>,
    pub download_url: Option<String>,
    pub data_date: Option<String>,
    pub task_stat: Option<TaskStat>,
    pub task_start_time: Option<String>,
    pub task_end_time: Option<String>,
}

/// Answer of the file query: two real JSON arrays.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BillFiles {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    #[serde(default)]
    pub file_details: Vec<BillFile>,
    #[serde(default)]
    pub task_details: Vec<BillTask>,
}
