//! `respcode` (did the gateway take the request) and `resultcode` (what happened to the payment).
//!
//! The seed's own meanings for 1001–1004 are not in the shared spec; the table below is our reading of
//! how public integrations act on them (the C# integration marks an order paid on 0000/1002/1004 when
//! querying and on 0000/1002 in notifications; the Java one only on 0000). Which codes count as paid is
//! a setting, [`PaidReading`]. See README.md.

/// `respcode` of an accepted request.
pub const RESP_OK: &str = "00";
/// The body that acknowledges a background notification.
pub const NOTIFY_ACK: &str = "0000";

/// How a resultcode moves an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    Pending,
    Failed,
}

/// One row of the resultcode table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCode {
    pub code: &'static str,
    pub description: &'static str,
    pub description_en: &'static str,
    /// The outcome under the lenient reading (C# integration).
    pub lenient: Outcome,
    /// The outcome under the strict reading (Java integration: only 0000 is paid).
    pub strict: Outcome,
}

/// The resultcode table.
pub const RESULT_CODES: &[ResultCode] = &[
    ResultCode { code: "0000", description: "支付成功", description_en: "paid", lenient: Outcome::Paid, strict: Outcome::Paid },
    ResultCode { code: "1001", description: "未支付/等待支付", description_en: "not paid yet / waiting for the payer", lenient: Outcome::Pending, strict: Outcome::Pending },
    ResultCode { code: "1002", description: "支付成功，待清算", description_en: "paid, settlement pending", lenient: Outcome::Paid, strict: Outcome::Pending },
    ResultCode { code: "1003", description: "支付失败/已关闭", description_en: "payment failed or order closed", lenient: Outcome::Failed, strict: Outcome::Failed },
    ResultCode { code: "1004", description: "支付成功，已清算", description_en: "paid and settled", lenient: Outcome::Paid, strict: Outcome::Pending },
];

/// Which resultcodes mean "paid" (spec ambiguity 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaidReading {
    /// 0000, 1002 and 1004 are paid (the C# integration, the one with the most public code). Default.
    #[default]
    Lenient,
    /// Only 0000 is paid; 1002/1004 stay pending until a later query says 0000 (the Java integration).
    Strict,
}

/// The table row for `code`, if known.
pub fn lookup(code: &str) -> Option<&'static ResultCode> {
    RESULT_CODES.iter().find(|c| c.code == code)
}

/// The outcome of `code` under `reading`. Unknown codes are pending: never paid on a guess.
pub fn outcome(code: &str, reading: PaidReading) -> Outcome {
    match (lookup(code), reading) {
        (Some(c), PaidReading::Lenient) => c.lenient,
        (Some(c), PaidReading::Strict) => c.strict,
        (None, _) => Outcome::Pending,
    }
}

/// A plain hint for a refused respcode. The seed's error list is cut off (ambiguity 13), so only the
/// causes the messages themselves name are mapped.
pub fn hint(respmsg: &str) -> Option<&'static str> {
    let m = respmsg;
    if m.contains("签名") || m.to_ascii_lowercase().contains("sign") {
        Some("check the merchant key and that req is percent-encoded (a '+' must arrive as %2B)")
    } else if m.contains("订单号") && (m.contains("重复") || m.contains("存在")) {
        Some("this orderid was already used: query it instead of sending again")
    } else if m.contains("商户") {
        Some("check merid and that the merchant is enabled for this action")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_differ_only_on_1002_and_1004() {
        for c in RESULT_CODES {
            let differs = outcome(c.code, PaidReading::Lenient) != outcome(c.code, PaidReading::Strict);
            assert_eq!(differs, c.code == "1002" || c.code == "1004", "{}", c.code);
        }
        assert_eq!(outcome("0000", PaidReading::Strict), Outcome::Paid);
        assert_eq!(outcome("9999", PaidReading::Lenient), Outcome::Pending, "unknown is never paid");
    }
}
