//! 扫码交易查询 (§7.17): the state of a jspay/micropay order. Never changes state.

use serde::{Deserialize, Serialize};

use super::channel::{AcctSplitBunch, FeeFormulaInfo};
use crate::client::Endpoint;
use crate::error::FieldError;
use crate::money::Fen;
use crate::wire::{check, JsonStr, TransStat};

/// Locate the order by `org_hf_seq_id`, `org_req_seq_id` or `out_ord_id`; `org_req_date` is required
/// unless `org_hf_seq_id` is given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanQuery {
    pub huifu_id: String,
    pub org_req_date: Option<String>,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub out_ord_id: Option<String>,
}

impl Endpoint for ScanQuery {
    const PATH: &'static str = "/v2/trade/payment/scanpay/query";
    type Output = ScanQueryResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        check::one_of(&[
            ("org_hf_seq_id", self.org_hf_seq_id.is_some()),
            ("org_req_seq_id", self.org_req_seq_id.is_some()),
            ("out_ord_id", self.out_ord_id.is_some()),
        ])?;
        match &self.org_req_date {
            Some(d) => check::date8("org_req_date", d)?,
            None if self.org_hf_seq_id.is_none() => {
                return Err(FieldError::new("org_req_date", "is required unless org_hf_seq_id is given"))
            }
            None => {}
        }
        Ok(())
    }
}

/// The order as Huifu sees it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScanQueryResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub org_req_date: Option<String>,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub out_trans_id: Option<String>,
    pub party_order_id: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub trans_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub pay_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub settlement_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub unconfirm_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub confirmed_amt: Option<Fen>,
    pub trans_type: Option<String>,
    pub trans_stat: Option<TransStat>,
    pub trans_time: Option<String>,
    pub end_time: Option<String>,
    pub delay_acct_flag: Option<String>,
    pub acct_id: Option<String>,
    pub acct_date: Option<String>,
    pub acct_stat: Option<String>,
    pub debit_type: Option<String>,
    pub fee_huifu_id: Option<String>,
    pub fee_formula_infos: Option<JsonStr<Vec<FeeFormulaInfo>>>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amt: Option<Fen>,
    pub fee_type: Option<String>,
    pub div_flag: Option<String>,
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub password_trade: Option<String>,
    pub mer_name: Option<String>,
    pub shop_name: Option<String>,
    pub remark: Option<String>,
    pub bank_desc: Option<String>,
    pub atu_sub_mer_id: Option<String>,
    pub fund_freeze_stat: Option<String>,
    pub wx_response: Option<serde_json::Value>,
    pub alipay_response: Option<serde_json::Value>,
    pub unionpay_response: Option<serde_json::Value>,
}
