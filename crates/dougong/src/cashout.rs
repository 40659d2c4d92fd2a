//! Cash out: 取现 and 取现查询 (§7.20), 账户余额信息查询 (§7.21).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::money::Fen;
use crate::wire::{check, JsonStr, TransStat};

/// Withdraw to a bound card (`token_no` from onboarding or the detail query).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Withdraw {
    pub req_date: String,
    pub req_seq_id: String,
    #[serde(with = "crate::money::yuan")]
    pub cash_amt: Fen,
    pub huifu_id: String,
    /// `T0` / `T1` / `D1` / `D0` / `DM` — a cash type enabled in `cash_config`.
    pub into_acct_date_type: String,
    pub token_no: String,
    pub acct_id: Option<String>,
    pub enchashment_channel: Option<String>,
    pub fee_type: Option<String>,
    pub remark: Option<String>,
    pub notify_url: Option<String>,
}

impl Endpoint for Withdraw {
    const PATH: &'static str = "/v2/trade/settlement/encashment";
    type Output = WithdrawResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::date8("req_date", &self.req_date)?;
        check::seq_id("req_seq_id", &self.req_seq_id, 128)?;
        check::amount("cash_amt", self.cash_amt)?;
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        if !matches!(self.into_acct_date_type.as_str(), "T0" | "T1" | "D0" | "D1" | "DM") {
            return Err(FieldError::new("into_acct_date_type", "must be T0, T1, D0, D1 or DM"));
        }
        check::required("token_no", &self.token_no, 20)?;
        check::optional("acct_id", &self.acct_id, 9)?;
        check::optional("remark", &self.remark, 100)?;
        check::notify_url("notify_url", &self.notify_url, 128)
    }
}

/// Answer of withdraw and withdrawal query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WithdrawResponse {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    pub hf_seq_id: Option<String>,
    pub trans_stat: Option<TransStat>,
    pub huifu_id: Option<String>,
    pub acct_id: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub cash_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub fee_amt: Option<Fen>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// 取现查询: by `org_hf_seq_id` or `org_req_seq_id` of the withdrawal.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WithdrawQuery {
    pub huifu_id: String,
    pub org_req_date: String,
    pub org_hf_seq_id: Option<String>,
    pub org_req_seq_id: Option<String>,
}

impl Endpoint for WithdrawQuery {
    const PATH: &'static str = "/v2/trade/settlement/query";
    type Output = WithdrawResponse;

    fn validate(&self) -> Result<(), FieldError> {
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        check::date8("org_req_date", &self.org_req_date)?;
        check::one_of(&[
            ("org_hf_seq_id", self.org_hf_seq_id.is_some()),
            ("org_req_seq_id", self.org_req_seq_id.is_some()),
        ])
    }
}

/// Balance query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BalanceQuery {
    pub req_date: String,
    pub req_seq_id: Option<String>,
    pub huifu_id: String,
    pub acct_date: Option<String>,
}

impl Endpoint for BalanceQuery {
    const PATH: &'static str = "/v2/trade/acctpayment/balance/query";
    type Output = Balances;

    fn validate(&self) -> Result<(), FieldError> {
        check::date8("req_date", &self.req_date)?;
        if let Some(s) = &self.req_seq_id {
            check::seq_id("req_seq_id", s, 128)?;
        }
        check::huifu_id("huifu_id", &self.huifu_id, 32)?;
        if let Some(d) = &self.acct_date {
            check::date8("acct_date", d)?;
        }
        Ok(())
    }
}

crate::string_enum! {
    /// `acct_type`.
    pub enum AcctType { Basic = "01", Cash = "02", Recharge = "05", Marketing = "09" }
}

/// One account's balances.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AcctBalance {
    pub huifu_id: Option<String>,
    pub acct_id: Option<String>,
    pub acct_type: Option<AcctType>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub balance_amt: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub avl_bal: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub frz_bal: Option<Fen>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub last_avl_bal: Option<Fen>,
    pub acct_stat: Option<String>,
    #[serde(default, with = "crate::money::yuan_opt")]
    pub control_bal: Option<Fen>,
}

/// Answer of the balance query (`acctInfo_list`, sic).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Balances {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub req_date: Option<String>,
    pub req_seq_id: Option<String>,
    #[serde(rename = "acctInfo_list")]
    pub acct_info_list: Option<JsonStr<Vec<AcctBalance>>>,
}
