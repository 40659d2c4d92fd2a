//! `respcode` (did the gateway take the request) and `resultcode` (what happened to the payment), seed 002.
//!
//! resultcode (§3.4.3, §3.5.4): `0000` 交易成功 (paid, settled to the available account), `1001` 未支付,
//! `1002` 交易处理中 (paid, settled to an account not yet available), `1003` 交易失败, `1004` 协查调单 (an
//! investigation hold: neither paid nor failed until the acquirer decides). May be empty: an order nobody
//! has paid answers a query without one.
//!
//! respcode: `00` is success; the seed's error-code list (§4) is empty, so refusals are classified by a
//! table the account can fill ([`CodeMap`], a setting) and otherwise by what their `respmsg` says.

/// `respcode` of an accepted request.
pub const RESP_OK: &str = "00";
/// The body that acknowledges a background notification (§3.4.1).
pub const NOTIFY_ACK: &str = "0000";

/// How a resultcode moves an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    /// Not paid yet, or paid but not final under the strict reading, or no resultcode at all.
    Pending,
    Failed,
    /// `1004` 协查调单: held for an investigation; only the acquirer can release it. Never paid, never failed.
    Hold,
}

/// One row of the resultcode table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultCode {
    pub code: &'static str,
    /// The seed's text.
    pub description: &'static str,
    pub description_en: &'static str,
    /// The outcome under [`PaidReading::Lenient`].
    pub lenient: Outcome,
    /// The outcome under [`PaidReading::Strict`].
    pub strict: Outcome,
    /// What to do, in plain words.
    pub hint: &'static str,
}

/// The resultcode table of seed §3.4.3.
pub const RESULT_CODES: &[ResultCode] = &[
    ResultCode {
        code: "0000",
        description: "交易成功【已支付,结算到可用帐户】",
        description_en: "paid, settled to the available account",
        lenient: Outcome::Paid,
        strict: Outcome::Paid,
        hint: "paid",
    },
    ResultCode {
        code: "1001",
        description: "未支付",
        description_en: "not paid",
        lenient: Outcome::Pending,
        strict: Outcome::Pending,
        hint: "the payer has not paid yet: query again later",
    },
    ResultCode {
        code: "1002",
        description: "交易处理中【已支付,结算到不可用帐户】",
        description_en: "processing: paid, settled to an account not yet available",
        lenient: Outcome::Paid,
        strict: Outcome::Pending,
        hint: "the payer paid; the funds are not available yet",
    },
    ResultCode {
        code: "1003",
        description: "交易失败",
        description_en: "failed",
        lenient: Outcome::Failed,
        strict: Outcome::Failed,
        hint: "the payment failed or the order was cancelled: nothing was charged",
    },
    ResultCode {
        code: "1004",
        description: "协查调单",
        description_en: "held for investigation",
        lenient: Outcome::Hold,
        strict: Outcome::Hold,
        hint: "held for an investigation (协查调单): do not deliver or refund; contact the acquirer",
    },
];

/// Whether `1002` (paid, funds not yet available) counts as paid. A setting: the seed calls it 交易处理中
/// and 已支付 at once; a public C# integration marks it paid, a Java one waits for `0000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaidReading {
    /// `1002` is paid (the payer paid). Default.
    #[default]
    Lenient,
    /// Only `0000` is paid; `1002` stays pending.
    Strict,
}

/// The table row for `code`, if known.
pub fn lookup(code: &str) -> Option<&'static ResultCode> {
    RESULT_CODES.iter().find(|c| c.code == code)
}

/// The outcome of a resultcode under `reading`. Empty (the seed's 可空) and unknown codes are pending:
/// never paid on a guess.
pub fn outcome(code: &str, reading: PaidReading) -> Outcome {
    match (lookup(code), reading) {
        (Some(c), PaidReading::Lenient) => c.lenient,
        (Some(c), PaidReading::Strict) => c.strict,
        (None, _) => Outcome::Pending,
    }
}

/// What a respcode says about the request, the one reading every caller uses (shared with 慧收钱): `00` is
/// accepted; the seed names no processing code, so that class comes only from a [`CodeMap`].
pub use gateway_http::CodeClass;

/// The account's own respcodes (the seed's list is empty): e.g. `"04=not_found,03=already_exists"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeMap(Vec<(String, CodeClass)>);

impl CodeMap {
    /// Parses `code=class` pairs separated by commas; an unknown class is an error naming it.
    pub fn parse(text: &str) -> Result<CodeMap, crate::FieldError> {
        let mut v = Vec::new();
        for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (code, class) = pair
                .split_once('=')
                .ok_or_else(|| crate::FieldError::new("resp_codes", format!("{pair:?} is not code=class")))?;
            let class = CodeClass::parse(class).ok_or_else(|| {
                crate::FieldError::new(
                    "resp_codes",
                    format!("{class:?} is not accepted, processing, not_found, already_exists, closed or refused"),
                )
            })?;
            v.push((code.trim().to_string(), class));
        }
        Ok(CodeMap(v))
    }

    fn get(&self, code: &str) -> Option<CodeClass> {
        self.0.iter().find(|(c, _)| c == code).map(|(_, k)| *k)
    }
}

/// The one classification of an answer's respcode: `00` is accepted; then the account's [`CodeMap`];
/// then the words of `respmsg` (订单 + 不存在 → not found, 重复 / 已存在 → already exists, 已撤销 / 已取消 /
/// 已关闭 → closed); anything else is refused. A missing merchant (商户不存在) is a refusal, not a missing
/// order.
pub fn classify(respcode: &str, respmsg: &str, map: &CodeMap) -> CodeClass {
    if respcode == RESP_OK {
        return CodeClass::Accepted;
    }
    if let Some(k) = map.get(respcode) {
        return k;
    }
    let m = respmsg;
    if m.contains("不存在") && !m.contains("商户") {
        CodeClass::NotFound
    } else if m.contains("重复") || m.contains("已存在") {
        CodeClass::AlreadyExists
    } else if ["已撤销", "已取消", "已关闭"].iter().any(|w| m.contains(w)) {
        CodeClass::Closed
    } else {
        CodeClass::Refused
    }
}

/// A plain hint for a refused request, from its message (the seed's list is empty).
pub fn hint(respmsg: &str) -> Option<&'static str> {
    let m = respmsg;
    if m.contains("签名") || m.to_ascii_lowercase().contains("sign") {
        Some("check the merchant key and that req is percent-encoded (a '+' must arrive as %2B)")
    } else if m.contains("订单") && (m.contains("重复") || m.contains("已存在")) {
        Some("this orderid was already used: query it instead of sending again")
    } else if m.contains("商户") {
        Some("check merid and that the merchant is enabled for this action")
    } else if m.contains("不存在") {
        Some("no such order: check the orderid (or queryid)")
    } else {
        None
    }
}

/// The hint for an unsigned pre-check refusal (seed §2.2: the gateway could not find the caller's key).
pub const PRECHECK_HINT: &str = "the gateway could not check this request at all (for example an unknown merid): nothing was processed; check merid and the gateway address";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_differ_only_on_1002_and_1004_is_a_hold() {
        for c in RESULT_CODES {
            let differs = outcome(c.code, PaidReading::Lenient) != outcome(c.code, PaidReading::Strict);
            assert_eq!(differs, c.code == "1002", "{}", c.code);
        }
        for r in [PaidReading::Lenient, PaidReading::Strict] {
            assert_eq!(outcome("1004", r), Outcome::Hold, "协查调单 is never paid");
            assert_eq!(outcome("", r), Outcome::Pending, "an empty resultcode");
            assert_eq!(outcome("9999", r), Outcome::Pending, "unknown is never paid");
        }
    }

    #[test]
    fn classification() {
        let none = CodeMap::default();
        assert_eq!(classify("00", "", &none), CodeClass::Accepted);
        assert_eq!(classify("X", "订单不存在", &none), CodeClass::NotFound);
        assert_eq!(classify("X", "商户不存在", &none), CodeClass::Refused, "a missing merchant is not a missing order");
        assert_eq!(classify("X", "订单号重复", &none), CodeClass::AlreadyExists);
        assert_eq!(classify("X", "订单已撤销", &none), CodeClass::Closed);
        let map = CodeMap::parse("E9=not_found, E8 = closed").unwrap();
        assert_eq!(classify("E9", "whatever", &map), CodeClass::NotFound);
        assert_eq!(classify("E8", "", &map), CodeClass::Closed);
        assert_eq!(CodeMap::parse("E9=gone").unwrap_err().field, "resp_codes");
    }
}
