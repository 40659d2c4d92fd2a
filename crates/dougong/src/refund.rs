//! 扫码交易退款 and 退款查询 (§7.19). Several partial refunds are allowed until the original amount is
//! reached; never fire two refunds for one trade in parallel.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::money::Fen;
use crate::trade::channel::{AcctSplitBunch, CombinedPay, RiskCheckData, TerminalDeviceData};
use crate::wire::{check, JsonStr, TransStat};

/// A refund of a scan trade. Its own `req_seq_id`/`req_date`; the original located by one of
/// `org_hf_seq_id`, `org_req_seq_id`, `org_party_order_id` plus `org_req_date`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Refund {
    pub req_date: String,
    pub req_seq_id: String,
    pub huifu_id: String,
    #[serde(with = "crate::money::yuan")]
    pub ord_amt: Fen,
    pub org_req_date: String,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub org_party_order_id: Option<String>,
    /// How much each split receiver gives back (must add up to `ord_amt`).
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub wx_data: Option<JsonStr<Value>>,
    pub digital_currency_data: Option<JsonStr<Value>>,
    pub combinedpay_data: Option<JsonStr<Vec<CombinedPay>>>,
    pub remark: Option<String>,
    pub loan_flag: Option<String>,
    pub loan_undertaker: Option<String>,
    pub loan_acct_type: Option<String>,
    pub risk_check_data: Option<JsonStr<RiskCheckData>>,
    pub terminal_device_data: Option<JsonStr<TerminalDeviceData>>,
    pub unionpay_data: Option<JsonStr<Value>>,
    pub notify_url: Option<String>,
}

impl Endpoint for Refund {
    const PATH: &'static str = "/v2/trade/payment/scanpay/refund";
    type Output = RefundResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::date8("req_date", &self.req_date)?;
        check::seq_id("req_seq_id", &self.req_seq_id, 128)?;
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        check::amount("ord_amt", self.ord_amt)?;
        check::date8("org_req_date", &self.org_req_date)?;
        check::one_of(&[
            ("org_hf_seq_id", self.org_hf_seq_id.is_some()),
            ("org_req_seq_id", self.org_req_seq_id.is_some()),
            ("org_party_order_id", self.org_party_order_id.is_some()),
        ])?;
        if let Some(s) = &self.acct_split_bunch {
            s.check_sum("acct_split_bunch", self.ord_amt)?;
        }
        check::optional("remark", &self.remark, 255)?;
        if let Some(t) = &self.loan_acct_type {
            if !matches!(t.as_str(), "01" | "05") {
                return Err(FieldError::new("loan_acct_type", "must be 01 (基本户) or 05 (充值户)"));
            }
        }
        check::notify_url("notify_url", &self.notify_url, 512)
    }
}

/// Answer of refund (typically `00000100` with `trans_stat=P`) and of refund query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RefundResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub product_id: Option<String>,
    pub huifu_id: Option<String>,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    pub hf_seq_id: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub ord_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub actual_ref_amt: Option<Fen>,
    pub org_req_date: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub org_hf_seq_id: Option<String>,
    pub org_trans_stat: Option<TransStat>,
    pub trans_date: Option<String>,
    pub trans_time: Option<String>,
    pub trans_finish_time: Option<String>,
    pub trans_type: Option<String>,
    pub trans_stat: Option<TransStat>,
    pub bank_code: Option<String>,
    pub bank_message: Option<String>,
    pub fund_freeze_stat: Option<String>,
    pub pay_channel: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amount: Option<Fen>,
    pub acct_split_bunch: Option<JsonStr<AcctSplitBunch>>,
    pub remark: Option<String>,
}

/// Refund query: the **refund's** ids (not the payment's); `org_req_date` optional with `org_hf_seq_id`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RefundQuery {
    pub huifu_id: String,
    pub org_req_date: Option<String>,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
    pub mer_ord_id: Option<String>,
}

impl Endpoint for RefundQuery {
    const PATH: &'static str = "/v2/trade/payment/scanpay/refundquery";
    type Output = RefundResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        check::one_of(&[
            ("org_hf_seq_id", self.org_hf_seq_id.is_some()),
            ("org_req_seq_id", self.org_req_seq_id.is_some()),
            ("mer_ord_id", self.mer_ord_id.is_some()),
        ])?;
        match &self.org_req_date {
            Some(d) => check::date8("org_req_date", d),
            None if self.org_hf_seq_id.is_none() => {
                Err(FieldError::new("org_req_date", "is required unless org_hf_seq_id is given"))
            }
            None => Ok(()),
        }
    }
}
