//! 商户详细信息查询 (§7.5): a merchant as Huifu holds it (names, state, bound cards, channel registrations).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::Endpoint;
use crate::error::FieldError;
use crate::wire::{check, JsonStr};

/// Merchant detail query.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MerchantDetailQuery {
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
}

impl Endpoint for MerchantDetailQuery {
    const PATH: &'static str = "/v2/merchant/basicdata/query";
    type Output = MerchantDetail;

    fn validate(&self) -> Result<(), FieldError> {
        check::seq_id("req_seq_id", &self.req_seq_id, 32)?;
        check::date8("req_date", &self.req_date)?;
        check::huifu_id("huifu_id", &self.huifu_id, 18)
    }
}

/// One `qry_cash_card_info_list[]` item: a bound card, with the `token_no` withdrawals need.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CashCardInfo {
    pub card_type: Option<String>,
    pub card_name: Option<String>,
    pub card_no: Option<String>,
    pub bank_code: Option<String>,
    pub bank_name: Option<String>,
    pub branch_name: Option<String>,
    pub status: Option<String>,
    pub token_no: Option<String>,
    pub is_settle_default: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The useful part of the 551-path detail answer; everything else stays in `extra` (numbers such as
/// `enter_fee` keep whatever JSON type they came in).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MerchantDetail {
    pub resp_code: String,
    #[serde(default)]
    pub resp_desc: String,
    pub huifu_id: Option<String>,
    pub upper_huifu_id: Option<String>,
    pub reg_name: Option<String>,
    pub short_name: Option<String>,
    pub cust_type: Option<String>,
    pub ent_type: Option<String>,
    pub mcc: Option<String>,
    pub mer_stat: Option<String>,
    pub license_code: Option<String>,
    pub legal_name: Option<String>,
    pub contact_mobile_no: Option<String>,
    pub login_name: Option<String>,
    pub qry_cash_card_info_list: Option<JsonStr<Vec<CashCardInfo>>>,
    pub qry_wx_conf_list: Option<JsonStr<Vec<Value>>>,
    pub qry_ali_conf_list: Option<JsonStr<Vec<Value>>>,
    pub split_bill_result: Option<JsonStr<Value>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
