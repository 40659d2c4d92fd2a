//! 扫码交易关单 and its query (§7.18). WeChat/Alipay only; not within a minute of creation.

use serde::{Deserialize, Serialize};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, TransStat};

/// Close an unpaid order (its own req ids; the original by `org_hf_seq_id` or `org_req_seq_id`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Close {
    pub req_date: String,
    pub req_seq_id: String,
    pub huifu_id: String,
    pub org_req_date: String,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
    /// `Y`: a combined order, use the parent order's ids.
    pub merge_flag: Option<String>,
}

/// Ask how a close went: the same body as the [`Close`] it asks about.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct CloseQuery(pub Close);

fn validate_close(
    req_date: &str,
    req_seq_id: &str,
    huifu_id: &str,
    org_req_date: &str,
    org_hf: &Option<String>,
    org_req: &Option<String>,
) -> Result<(), FieldError> {
    check::date8("req_date", req_date)?;
    check::seq_id("req_seq_id", req_seq_id, 128)?;
    check::huifu_id("huifu_id", huifu_id, 32)?;
    check::date8("org_req_date", org_req_date)?;
    check::one_of(&[("org_hf_seq_id", org_hf.is_some()), ("org_req_seq_id", org_req.is_some())])
}

impl Endpoint for Close {
    const PATH: &'static str = "/v2/trade/payment/scanpay/close";
    type Output = CloseResponse;
    fn validate(&self) -> Result<(), FieldError> {
        validate_close(
            &self.req_date,
            &self.req_seq_id,
            &self.huifu_id,
            &self.org_req_date,
            &self.org_hf_seq_id,
            &self.org_req_seq_id,
        )
    }
}

impl Endpoint for CloseQuery {
    const PATH: &'static str = "/v2/trade/payment/scanpay/closequery";
    type Output = CloseResponse;
    fn validate(&self) -> Result<(), FieldError> {
        self.0.validate()
    }
}

/// Answer of close and close query: `trans_stat` is the close's state, `org_trans_stat` the order's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CloseResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    pub org_req_date: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub org_hf_seq_id: Option<String>,
    pub org_trans_stat: Option<TransStat>,
    pub trans_stat: Option<TransStat>,
    pub close_stat: Option<TransStat>,
}
