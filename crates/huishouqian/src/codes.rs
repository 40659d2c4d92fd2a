//! `orderStatus` and the `respCode` table.
//!
//! The seed's full respCode table (100004 … 300701) is not in the shared spec; the codes below are the
//! ones public integrations use or that the sandbox emits. Each entry says how sure we are. Unknown codes
//! are kept as text and shown with the platform's own `respMsg`.

use serde::{Deserialize, Serialize};

/// State of an order or a refund (spec §1.5.1: the same set for both). Unknown values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    Init,
    Processing,
    Success,
    Fail,
    /// A value this client does not know; kept verbatim.
    Unknown(String),
}

impl OrderStatus {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            OrderStatus::Init => "INIT",
            OrderStatus::Processing => "PROCESSING",
            OrderStatus::Success => "SUCCESS",
            OrderStatus::Fail => "FAIL",
            OrderStatus::Unknown(s) => s,
        }
    }

    /// Parses the wire spelling; anything else is `Unknown`.
    pub fn parse(s: &str) -> OrderStatus {
        match s {
            "INIT" => OrderStatus::Init,
            "PROCESSING" => OrderStatus::Processing,
            "SUCCESS" => OrderStatus::Success,
            "FAIL" => OrderStatus::Fail,
            other => OrderStatus::Unknown(other.to_string()),
        }
    }

    /// SUCCESS and FAIL do not change any more.
    pub fn is_final(&self) -> bool {
        matches!(self, OrderStatus::Success | OrderStatus::Fail)
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(OrderStatus::parse(&String::deserialize(d)?))
    }
}

/// How sure we are of a code's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confidence {
    /// Public integrations act on this code this way.
    Observed,
    /// Our reading; confirm against the official table.
    Assumed,
}

/// One row of the respCode table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RespCode {
    pub code: &'static str,
    /// zh-CN description as shown to the user.
    pub description: &'static str,
    /// English description.
    pub description_en: &'static str,
    /// True when the request was accepted (order created / processing / succeeded).
    pub accepted: bool,
    /// A plain sentence of what to do, when known.
    pub hint: Option<&'static str>,
    pub confidence: Confidence,
}

/// The respCode table. Codes not listed fall back to the platform's `respMsg`.
pub const RESP_CODES: &[RespCode] = &[
    RespCode { code: "100201", description: "交易成功/下单成功", description_en: "success / order created", accepted: true, hint: None, confidence: Confidence::Observed },
    RespCode { code: "100213", description: "下单成功，等待支付", description_en: "order created, waiting for payment", accepted: true, hint: None, confidence: Confidence::Observed },
    RespCode { code: "100202", description: "交易处理中", description_en: "processing", accepted: true, hint: Some("query the order later; do not send it again"), confidence: Confidence::Assumed },
    RespCode { code: "100004", description: "参数校验失败", description_en: "parameter check failed", accepted: false, hint: Some("a field is missing or malformed: check the field named in respMsg"), confidence: Confidence::Assumed },
    RespCode { code: "100101", description: "签名验证失败", description_en: "signature verification failed", accepted: false, hint: Some("check the .pfx, the 32-hex sign key and that the signed string is the posted one"), confidence: Confidence::Assumed },
    RespCode { code: "100102", description: "商户不存在或未开通", description_en: "merchant unknown or not enabled", accepted: false, hint: Some("check merchantNo and that the product is opened for it"), confidence: Confidence::Assumed },
    RespCode { code: "100203", description: "订单号重复", description_en: "duplicate transNo", accepted: false, hint: Some("this transNo was already used: query it instead of sending again"), confidence: Confidence::Assumed },
    RespCode { code: "100204", description: "原交易不存在", description_en: "original order not found", accepted: false, hint: Some("check transNo / origTransNo"), confidence: Confidence::Assumed },
    RespCode { code: "100205", description: "订单状态不允许该操作", description_en: "order state does not allow this", accepted: false, hint: Some("query the order: it is already paid, closed or final"), confidence: Confidence::Assumed },
    RespCode { code: "100206", description: "退款金额超过可退金额", description_en: "refund exceeds refundable amount", accepted: false, hint: Some("query the order and the refunds made so far"), confidence: Confidence::Assumed },
    RespCode { code: "100207", description: "请求时间超出允许范围", description_en: "requestDate outside the 10-minute window", accepted: false, hint: Some("fix the computer clock (Beijing time) and resend with the same transNo"), confidence: Confidence::Assumed },
    RespCode { code: "300701", description: "系统繁忙，请稍后重试", description_en: "system busy", accepted: false, hint: Some("retry later with the same transNo, after a query"), confidence: Confidence::Assumed },
];

/// The table row for `code`, if known.
pub fn lookup(code: &str) -> Option<&'static RespCode> {
    RESP_CODES.iter().find(|c| c.code == code)
}

/// Whether `code` is an acceptance. Unknown codes are refusals unless the status says otherwise (the
/// caller decides with `orderStatus`).
pub fn is_accepted(code: &str) -> bool {
    lookup(code).is_some_and(|c| c.accepted)
}

/// A plain hint for a refused code, when known.
pub fn hint(code: &str) -> Option<&'static str> {
    lookup(code).and_then(|c| c.hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        let mut seen = std::collections::HashSet::new();
        for c in RESP_CODES {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert_eq!(c.code.len(), 6, "codes are six digits: {}", c.code);
            assert!(!c.description.is_empty() && !c.description_en.is_empty(), "{} has descriptions", c.code);
        }
        assert!(is_accepted("100201") && is_accepted("100213"), "the codes a plugin treats as created");
        assert!(!is_accepted("999999"), "unknown code is not an acceptance");
    }

    #[test]
    fn status_round_trip_and_unknown() {
        for s in ["INIT", "PROCESSING", "SUCCESS", "FAIL", "WEIRD"] {
            assert_eq!(OrderStatus::parse(s).as_str(), s);
        }
        assert!(OrderStatus::Success.is_final() && !OrderStatus::Processing.is_final());
    }
}
