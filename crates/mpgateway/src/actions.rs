//! The pay call (`/api/mpgateway`, seed 002 §3.1): one `action` per product, the payer's `code` for the
//! reverse-scan actions, and its answer. Amounts are `i64` fen (`txnamt` is `int` in the seed).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::error::FieldError;

/// The product of a pay call (seed §3.1.2, "Action 说明").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// 扫微信的码 【反扫】: the merchant scans the payer's WeChat payment code and sends it in `code`.
    WxCode,
    /// 微信扫钱包的码 【正扫】: the payer scans the QR in `formaction`.
    WxSao,
    /// 微信公众号支付: pay inside WeChat with the payer's `openid`; the payer then opens
    /// `/wxjsapi/gopay.html` with the PayId ([`crate::wxjsapi`]).
    WxJsApi,
    /// 微信H5支付: needs the payer's real `ip`.
    WxH5,
    /// 扫支付宝的码 【反扫】.
    AliCode,
    /// 支付宝扫的钱包码 【正扫】.
    AliSao,
    /// 扫QQ钱包的码 【反扫】.
    QQCode,
    /// QQ扫的钱包码 【正扫】.
    QQSao,
    /// 银联钱包扫的钱包码 【正扫】.
    USao,
}

impl Action {
    /// Every action of the seed.
    pub const ALL: [Action; 9] = [
        Action::WxCode,
        Action::WxSao,
        Action::WxJsApi,
        Action::WxH5,
        Action::AliCode,
        Action::AliSao,
        Action::QQCode,
        Action::QQSao,
        Action::USao,
    ];

    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::WxCode => "WxCode",
            Action::WxSao => "WxSao",
            Action::WxJsApi => "WxJsApi",
            Action::WxH5 => "WxH5",
            Action::AliCode => "AliCode",
            Action::AliSao => "AliSao",
            Action::QQCode => "QQCode",
            Action::QQSao => "QQSao",
            Action::USao => "USao",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// 反扫: the merchant sends the payer's wallet code in `code`; no QR comes back.
    pub fn is_reverse_scan(self) -> bool {
        matches!(self, Action::WxCode | Action::AliCode | Action::QQCode)
    }

    /// 正扫: the payer scans a QR whose content is `formaction`. The seed names WxSao / AliSao as the
    /// actions that return `formaction`; QQSao and USao are 正扫 too and are read the same way (the seed
    /// is silent on where their QR comes from).
    pub fn is_qr(self) -> bool {
        matches!(self, Action::WxSao | Action::AliSao | Action::QQSao | Action::USao)
    }
}

impl Serialize for Action {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Action::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown action {s:?}")))
    }
}

/// How `txnamt` is written in the JSON. The seed types it `int`; public C#/PHP integrations send a
/// string, and since only the base64 is signed both sign fine: a setting for deployments that want it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountEncoding {
    /// `"txnamt":100`, as the seed says. Default.
    #[default]
    Number,
    /// `"txnamt":"100"` (C#, PHP).
    String,
}

/// Answer fields as both kinds of integration send them (shared with the 慧收钱 client): amounts as
/// numbers (the seed) or strings (some deployments); the seed's 可空 fields come back empty, read as absent.
pub(crate) use gateway_http::fields::{fen as fen_lenient, nonempty_text as opt_text, opt_fen};

/// `orderid`: 8..=32 letters and digits (seed: 长度8-32位,由字母和数字组成).
pub fn check_orderid(field: &str, v: &str) -> Result<(), FieldError> {
    if !(8..=32).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FieldError::new(field, "must be 8..32 letters and digits"));
    }
    Ok(())
}

/// An http(s) URL. The seed gives no length; 256 keeps a pasted text out.
pub(crate) fn check_url(field: &str, v: &str) -> Result<(), FieldError> {
    if v.len() > 256 || !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(FieldError::new(field, "must be an http:// or https:// URL of at most 256 characters"));
    }
    Ok(())
}

/// A pay call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pay {
    pub action: Action,
    /// Amount in fen.
    pub txnamt: i64,
    pub orderid: String,
    /// Background notification URL (required).
    pub backurl: String,
    /// Browser return URL; only WxJsApi supports it (seed §3.1.2).
    pub fronturl: Option<String>,
    /// WxCode / AliCode / QQCode: the payer's wallet code the merchant scanned (反扫).
    pub code: Option<String>,
    /// WxJsApi: the payer's openid ([`crate::wxjsapi::openid_url`] obtains it).
    pub openid: Option<String>,
    /// WxH5: the payer's real IP.
    pub ip: Option<String>,
    /// Channel id some deployments require (e.g. `3852`; public code, not in the seed).
    pub payway: Option<String>,
}

/// The payer's wallet code: the seed gives no format, so only what no scanner produces is refused.
fn check_code(v: &str) -> Result<(), FieldError> {
    let t = v.trim();
    if t.is_empty() || t.len() > 64 || t.len() != v.len() || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FieldError::new(
            "code",
            "must be the payer's payment code as scanned: letters and digits, at most 64",
        ));
    }
    Ok(())
}

impl Pay {
    /// Checks the fields; the error names the wire field.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.txnamt <= 0 {
            return Err(FieldError::new("txnamt", "must be a positive amount in fen (1 = 0.01 yuan)"));
        }
        check_orderid("orderid", &self.orderid)?;
        check_url("backurl", &self.backurl)?;
        if let Some(f) = &self.fronturl {
            if self.action != Action::WxJsApi {
                return Err(FieldError::new("fronturl", "only WxJsApi supports a front URL"));
            }
            check_url("fronturl", f)?;
        }
        match (&self.code, self.action.is_reverse_scan()) {
            (None, true) => {
                return Err(FieldError::new(
                    "code",
                    format!("{} is reverse scan: scan the payer's payment code", self.action.as_str()),
                ))
            }
            (Some(c), true) => check_code(c)?,
            (Some(_), false) => {
                return Err(FieldError::new("code", format!("{} does not take a payment code", self.action.as_str())))
            }
            (None, false) => {}
        }
        if self.action == Action::WxJsApi && self.openid.as_deref().is_none_or(|o| o.trim().is_empty()) {
            return Err(FieldError::new("openid", "is required for WxJsApi (the payer's openid)"));
        }
        if self.action == Action::WxH5 && self.ip.as_deref().is_none_or(str::is_empty) {
            return Err(FieldError::new("ip", "is required for WxH5 (the payer's real IP)"));
        }
        if let Some(ip) = &self.ip {
            if ip.parse::<std::net::IpAddr>().is_err() {
                return Err(FieldError::new("ip", "must be an IPv4 or IPv6 address"));
            }
        }
        Ok(())
    }

    /// The JSON object that goes into `req`.
    pub fn to_json(&self, merid: &str, amounts: AmountEncoding) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("action".into(), self.action.as_str().into());
        m.insert(
            "txnamt".into(),
            match amounts {
                AmountEncoding::Number => Value::from(self.txnamt),
                AmountEncoding::String => Value::String(self.txnamt.to_string()),
            },
        );
        m.insert("merid".into(), merid.into());
        m.insert("orderid".into(), self.orderid.clone().into());
        m.insert("backurl".into(), self.backurl.clone().into());
        let options = [
            ("fronturl", &self.fronturl),
            ("code", &self.code),
            ("openid", &self.openid),
            ("ip", &self.ip),
            ("payway", &self.payway),
        ];
        for (k, v) in options {
            if let Some(v) = v {
                m.insert(k.into(), v.clone().into());
            }
        }
        Value::Object(m)
    }
}

/// An order as the gateway reports it: the answer of a pay call (seed §3.1.3) and of a query (§3.5.4), and a
/// notification's content (§3.4.3). Each field is read when present: a pay answer has no `resultcode` or
/// `paytime`, a notification no `respcode` (it decodes empty), only a pay answer has `formaction`.
/// `resultcode`, `resultmsg` and `paytime` may be empty (可空): an order nobody has paid yet answers
/// without a resultcode.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrderOutput {
    /// `00` in an answer the client decodes (any other respcode is refused before decoding); empty in a
    /// notification.
    #[serde(default)]
    pub respcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub respmsg: Option<String>,
    /// `0000` paid, `1002` processing (paid, funds not yet available), `1003` failed, `1004` 协查调单
    /// (a hold), or none; see [`crate::codes`].
    #[serde(default, deserialize_with = "opt_text")]
    pub resultcode: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub resultmsg: Option<String>,
    /// The gateway's serial; a pay answer carries it only when respcode is `00`.
    #[serde(default, deserialize_with = "opt_text")]
    pub queryid: Option<String>,
    #[serde(deserialize_with = "fen_lenient")]
    pub txnamt: i64,
    #[serde(default, deserialize_with = "opt_text")]
    pub merid: Option<String>,
    pub orderid: String,
    /// Payment time (the seed types it `datetime` without a format); empty for an unpaid order.
    #[serde(default, deserialize_with = "opt_text")]
    pub paytime: Option<String>,
    /// QR content for the 正扫 actions (the seed: WxSao / AliSao with respcode `00`); for WxH5 the page to
    /// open and for WxJsApi the PayId as public integrations read them (the seed is silent on both).
    #[serde(default, deserialize_with = "opt_text")]
    pub formaction: Option<String>,
}

/// The answer of a pay call (seed §3.1.3).
pub type PayOutput = OrderOutput;

#[cfg(test)]
mod tests {
    use super::*;

    fn pay() -> Pay {
        Pay {
            action: Action::WxSao,
            txnamt: 1,
            orderid: "T2024010100000001".into(),
            backurl: "http://127.0.0.1:9/n".into(),
            fronturl: None,
            code: None,
            openid: None,
            ip: None,
            payway: None,
        }
    }

    #[test]
    fn amounts_and_validation() {
        assert_eq!(pay().to_json("1", AmountEncoding::Number)["txnamt"], 1, "int by default, as the seed types it");
        assert_eq!(pay().to_json("1", AmountEncoding::String)["txnamt"], "1");
        assert_eq!(Pay { txnamt: 0, ..pay() }.validate().unwrap_err().field, "txnamt");
        assert_eq!(Pay { orderid: "short".into(), ..pay() }.validate().unwrap_err().field, "orderid");
        assert_eq!(Pay { action: Action::WxH5, ..pay() }.validate().unwrap_err().field, "ip");
        assert_eq!(Pay { action: Action::WxJsApi, ..pay() }.validate().unwrap_err().field, "openid");
        assert_eq!(
            Pay { fronturl: Some("http://a/b".into()), ..pay() }.validate().unwrap_err().field,
            "fronturl",
            "WxJsApi only"
        );
        assert!(pay().validate().is_ok());
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
            assert!(!(a.is_qr() && a.is_reverse_scan()), "{a:?}");
        }
    }

    #[test]
    fn reverse_scan_takes_the_payers_code() {
        for a in [Action::WxCode, Action::AliCode, Action::QQCode] {
            let p = Pay { action: a, ..pay() };
            assert_eq!(p.validate().unwrap_err().field, "code", "{a:?} without code");
            let p = Pay { code: Some("134567890123456789".into()), ..p };
            assert!(p.validate().is_ok());
            assert_eq!(p.to_json("1", AmountEncoding::Number)["code"], "134567890123456789");
            assert_eq!(Pay { code: Some(" 1345 ".into()), ..p }.validate().unwrap_err().field, "code");
        }
        assert_eq!(
            Pay { code: Some("1345678901".into()), ..pay() }.validate().unwrap_err().field,
            "code",
            "WxSao is forward scan"
        );
    }
}
