//! `POLYMERIZE_QUERY` (order query) and `POLYMERIZE_CLOSE` (close an unpaid order), spec §1.5.2–1.5.3.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check, fen_lenient, text_lenient, Method, PayType};
use crate::codes::{self, CodeClass, OrderStatus};
use crate::error::FieldError;

/// `POLYMERIZE_QUERY`: the state of one order by the merchant order number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Query {
    pub trans_no: String,
    /// Seen as `1` (fx.amiya) and `"2"` (a PHP plugin), both with a merchant transNo; meaning unknown.
    /// Default 1, sent as a number.
    pub query_type: u8,
}

impl Query {
    /// A query for the merchant order number `trans_no` with `queryType` 1.
    pub fn new(trans_no: impl Into<String>) -> Query {
        Query { trans_no: trans_no.into(), query_type: 1 }
    }
}

impl Method for Query {
    const METHOD: &'static str = "POLYMERIZE_QUERY";
    type Output = QueryOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)
    }

    fn is_accepted(result: &Value) -> bool {
        super::carries_status(result)
    }
}

/// An order as the platform reports it: the `result` of an order query, of a pay and of a barcode pay (and
/// the `signContent` of a payment notification). Each field is read when present.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderOutput {
    pub trans_no: String,
    #[serde(default, deserialize_with = "text_lenient")]
    pub trade_no: Option<String>,
    #[serde(deserialize_with = "fen_lenient")]
    pub order_amt: i64,
    pub order_status: OrderStatus,
    #[serde(default, deserialize_with = "text_lenient")]
    pub finished_date: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub resp_code: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub resp_msg: Option<String>,
    #[serde(default)]
    pub pay_type: Option<PayType>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub goods_info: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub request_date: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub buyer_name: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub channel_order_no: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub pay_order_no: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub fund_channel: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub fund_bank_code: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub extend: Option<String>,
    /// The memo JSON string, verbatim.
    #[serde(default, deserialize_with = "text_lenient")]
    pub memo: Option<String>,
    /// A pay's raw `qrCode`; see [`OrderOutput::qr`].
    #[serde(default, deserialize_with = "text_lenient")]
    pub qr_code: Option<String>,
}

/// The `result` of an order query.
pub type QueryOutput = OrderOutput;

/// `POLYMERIZE_CLOSE`: close an order that is not paid. Body ASSUMED (spec §1.5.3): the original merchant
/// order number plus `requestDate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Close {
    pub trans_no: String,
    pub request_date: String,
}

impl Method for Close {
    const METHOD: &'static str = "POLYMERIZE_CLOSE";
    type Output = CloseOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)?;
        check::timestamp("requestDate", &self.request_date)
    }

    /// `200017` 订单关闭成功 is the answer of a close that worked (class closed), as is a taken code.
    fn is_accepted(result: &Value) -> bool {
        let code = result.get("respCode").and_then(Value::as_str).unwrap_or_default();
        codes::classify(code) == CodeClass::Closed || codes::is_accepted(code)
    }
}

/// The `result` of a close (ASSUMED shaped like a query).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CloseOutput {
    pub trans_no: String,
    #[serde(default)]
    pub order_status: Option<OrderStatus>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub resp_code: Option<String>,
    #[serde(default, deserialize_with = "text_lenient")]
    pub resp_msg: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_accepts_failed_orders_as_answers() {
        assert!(<Query as Method>::is_accepted(&serde_json::json!({"orderStatus": "FAIL", "respCode": "X"})));
        assert!(!<Query as Method>::is_accepted(&serde_json::json!({"respCode": "100204"})));
        assert_eq!(serde_json::to_string(&Query::new("T1")).unwrap(), r#"{"transNo":"T1","queryType":1}"#);
        assert_eq!(Query::new("a b").validate().unwrap_err().field, "transNo");
        assert!(
            <Close as Method>::is_accepted(&serde_json::json!({"respCode": "200017", "orderStatus": "FAIL"})),
            "close succeeded"
        );
        assert!(!<Close as Method>::is_accepted(&serde_json::json!({"respCode": "200018"})), "close failed");
        assert!(
            !<Close as Method>::is_accepted(&serde_json::json!({"respCode": "300401", "orderStatus": "SUCCESS"})),
            "a paid order is not closed"
        );
    }
}
