//! `POLYMERIZE_REFUND` and `POLYMERIZE_REFUND_QUERY`, spec §1.5.4–1.5.5. Partial refunds are allowed; the
//! platform keeps the cumulative total within the original amount.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check, fen_lenient, fen_text, text_lenient, Method};
use crate::codes::OrderStatus;
use crate::error::FieldError;

/// `POLYMERIZE_REFUND`: refund all or part of a paid order.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    /// A new merchant number for this refund (the refund's own id; retries reuse it).
    pub trans_no: String,
    /// Only `"2"` is seen in public code; meaning unknown. Sent as given.
    pub refund_type: String,
    /// The paid order's merchant number.
    pub orig_trans_no: String,
    /// The paid order's amount in fen (sent as a string of digits, like every 慧收钱 amount).
    #[serde(serialize_with = "fen_text")]
    pub orig_order_amt: i64,
    /// This refund's amount in fen (a string of digits).
    #[serde(serialize_with = "fen_text")]
    pub order_amt: i64,
    pub request_date: String,
    pub refund_reason: Option<String>,
    /// Refund notification URL.
    pub return_url: Option<String>,
    pub extend: Option<String>,
}

impl Method for Refund {
    const METHOD: &'static str = "POLYMERIZE_REFUND";
    type Output = RefundOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)?;
        check::trans_no("origTransNo", &self.orig_trans_no)?;
        if self.trans_no == self.orig_trans_no {
            return Err(FieldError::new("transNo", "a refund needs its own number, not the original order's"));
        }
        check::required("refundType", &self.refund_type, 4)?;
        check::amount("origOrderAmt", self.orig_order_amt)?;
        check::amount("orderAmt", self.order_amt)?;
        if self.order_amt > self.orig_order_amt {
            return Err(FieldError::new("orderAmt", "the refund is larger than the original order"));
        }
        check::timestamp("requestDate", &self.request_date)?;
        if let Some(r) = &self.refund_reason {
            check::optional("refundReason", r, 128)?;
        }
        if let Some(u) = &self.return_url {
            check::url("returnUrl", u, 128)?;
        }
        if let Some(e) = &self.extend {
            check::optional("extend", e, 128)?;
        }
        Ok(())
    }
}

/// The `result` of a refund and of a refund query (and the `signContent` of a refund notification): the
/// refund's answer carries `merchantNo`, the query's `origTransNo`/`extend`; each field is read when present.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundOutput {
    #[serde(default, deserialize_with = "text_lenient")]
    pub merchant_no: Option<String>,
    pub trans_no: String,
    #[serde(default, deserialize_with = "text_lenient")]
    pub orig_trans_no: Option<String>,
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
    #[serde(default, deserialize_with = "text_lenient")]
    pub extend: Option<String>,
}

/// The `result` of a refund query: the same fields as a refund's.
pub type RefundQueryOutput = RefundOutput;

/// `POLYMERIZE_REFUND_QUERY`: the state of one refund by its own merchant number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundQuery {
    pub trans_no: String,
}

impl Method for RefundQuery {
    const METHOD: &'static str = "POLYMERIZE_REFUND_QUERY";
    type Output = RefundQueryOutput;

    fn validate(&self) -> Result<(), FieldError> {
        check::trans_no("transNo", &self.trans_no)
    }

    fn is_accepted(result: &Value) -> bool {
        super::carries_status(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refund_checks_amounts_and_ids() {
        let r = Refund {
            trans_no: "R1".into(),
            refund_type: "2".into(),
            orig_trans_no: "P1".into(),
            orig_order_amt: 100,
            order_amt: 101,
            request_date: "20240101120000".into(),
            refund_reason: None,
            return_url: None,
            extend: None,
        };
        assert_eq!(r.validate().unwrap_err().field, "orderAmt");
        let r2 = Refund { order_amt: 30, trans_no: "P1".into(), ..r.clone() };
        assert_eq!(r2.validate().unwrap_err().field, "transNo");
        assert!(Refund { order_amt: 30, ..r }.validate().is_ok(), "partial refund is fine");
    }
}
