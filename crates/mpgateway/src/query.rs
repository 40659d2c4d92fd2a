//! Query (`/api/query`, seed §3.5), cancel (`/api/cancel`, §3.6) and the notification's content (§3.4).
//!
//! Both calls find the order by `queryid` and/or `orderid`, at least one; "若有上送流水号,将忽略商户订单号":
//! when `queryid` is sent the gateway ignores `orderid`. [`OrderKey`] holds either or both and says which
//! one decides.

use serde::Deserialize;
use serde_json::Value;

use crate::actions::{check_orderid, opt_fen, opt_text, OrderOutput};
use crate::error::FieldError;

/// Which order a query or a cancel is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKey {
    /// The gateway's serial (`queryid` of the pay answer). When present it decides.
    pub queryid: Option<String>,
    /// The merchant's order id; ignored by the gateway when `queryid` is sent.
    pub orderid: Option<String>,
}

impl OrderKey {
    /// By the merchant's order id.
    pub fn orderid(orderid: impl Into<String>) -> OrderKey {
        OrderKey { queryid: None, orderid: Some(orderid.into()) }
    }

    /// By the gateway's serial.
    pub fn queryid(queryid: impl Into<String>) -> OrderKey {
        OrderKey { queryid: Some(queryid.into()), orderid: None }
    }

    /// At least one key; an orderid that is sent must be well formed.
    pub fn validate(&self) -> Result<(), FieldError> {
        let q = self.queryid.as_deref().filter(|q| !q.trim().is_empty());
        let o = self.orderid.as_deref().filter(|o| !o.is_empty());
        if q.is_none() && o.is_none() {
            return Err(FieldError::new("orderid", "give the order id or the gateway's queryid (at least one)"));
        }
        if let Some(q) = q {
            if q.len() > 64 || !q.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(FieldError::new("queryid", "must be the gateway's serial as it was returned"));
            }
        }
        if let Some(o) = o {
            check_orderid("orderid", o)?;
        }
        Ok(())
    }

    /// The key the gateway goes by: `queryid` when present (seed §3.5.3).
    pub fn deciding(&self) -> &str {
        self.queryid.as_deref().filter(|q| !q.is_empty()).or(self.orderid.as_deref()).unwrap_or_default()
    }

    /// The JSON object that goes into `req`.
    pub fn to_json(&self, merid: &str) -> Value {
        let mut v = serde_json::json!({ "merid": merid });
        if let Some(q) = self.queryid.as_deref().filter(|q| !q.is_empty()) {
            v["queryid"] = q.into();
        }
        if let Some(o) = self.orderid.as_deref().filter(|o| !o.is_empty()) {
            v["orderid"] = o.into();
        }
        v
    }
}

/// A query (seed §3.5).
pub type Query = OrderKey;
/// A cancel (seed §3.6): what it does to a paid order the seed does not say; the sandbox refuses it.
pub type Cancel = OrderKey;

/// The answer of a query (seed §3.5.4).
pub type QueryOutput = OrderOutput;

/// The answer of a cancel (seed §3.6.4): no resultcode; query the order for its state.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CancelOutput {
    pub respcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub respmsg: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub queryid: Option<String>,
    #[serde(default, deserialize_with = "opt_fen")]
    pub txnamt: Option<i64>,
    #[serde(default, deserialize_with = "opt_text")]
    pub merid: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub orderid: Option<String>,
}

/// A background (or front) notification's content (seed §3.4.3): the query answer's order fields without
/// `respcode`/`respmsg`; `resultcode` may be empty.
pub type Notification = OrderOutput;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queryid_decides_when_both_are_given() {
        let both = OrderKey { queryid: Some("Q1".into()), orderid: Some("T2024010100000001".into()) };
        assert_eq!(both.deciding(), "Q1");
        assert_eq!(both.to_json("M")["queryid"], "Q1");
        assert_eq!(OrderKey::orderid("T2024010100000001").deciding(), "T2024010100000001");
        assert!(OrderKey::queryid("Q1").validate().is_ok(), "a queryid alone is enough");
        assert!(OrderKey::queryid("Q1").to_json("M").get("orderid").is_none());
        assert_eq!(OrderKey { queryid: None, orderid: None }.validate().unwrap_err().field, "orderid");
        assert_eq!(OrderKey::orderid("bad id").validate().unwrap_err().field, "orderid");
    }

    #[test]
    fn empty_fields_decode_as_absent() {
        let q: QueryOutput = serde_json::from_value(serde_json::json!({
            "respcode": "00", "respmsg": "成功", "resultcode": "", "resultmsg": "", "queryid": "Q1",
            "txnamt": 100, "merid": "M", "orderid": "T1", "paytime": ""
        }))
        .unwrap();
        assert_eq!((q.resultcode, q.paytime, q.txnamt), (None, None, 100));
        let n: Notification =
            serde_json::from_value(serde_json::json!({"queryid": "Q1", "txnamt": "5", "orderid": "T1"})).unwrap();
        assert_eq!((n.resultcode, n.txnamt), (None, 5));
        let c: CancelOutput =
            serde_json::from_value(serde_json::json!({"respcode": "00", "orderid": "T1", "txnamt": 1})).unwrap();
        assert_eq!(c.txnamt, Some(1));
    }
}
