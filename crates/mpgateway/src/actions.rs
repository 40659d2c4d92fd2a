//! Request and answer types: pay (`/api/mpgateway`, one `action` per product), query (`/api/query`) and
//! cancel (`/api/cancel`), spec other-gateways §2.3. Amounts are `i64` fen.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::error::FieldError;

/// The product of a pay call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// WeChat: merchant shows a QR (`formaction` is its content).
    WxCode,
    /// WeChat: customer scans a QR (`formaction` is its content).
    WxSao,
    /// WeChat official account: `formaction` is a token for `/wxjsapi/gopay.html`.
    WxJsApi,
    /// WeChat H5: `formaction` is a redirect URL.
    WxH5,
    AliCode,
    AliSao,
    QQCode,
    QQSao,
    /// UnionPay QR.
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

    /// `formaction` is QR content to render (the `*Code` / `*Sao` actions).
    pub fn is_qr(self) -> bool {
        !matches!(self, Action::WxJsApi | Action::WxH5)
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

/// How `txnamt` is written in the JSON (ambiguity 12: C#/PHP send a string, Java a number; only the
/// base64 is signed, so both sign fine).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountEncoding {
    /// `"txnamt":"100"` (C#, PHP). Default.
    #[default]
    String,
    /// `"txnamt":100` (Java).
    Number,
}

/// Amounts arrive as strings or numbers; both are fen.
pub(crate) fn fen_lenient<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64().ok_or_else(|| serde::de::Error::custom("txnamt is not integer fen")),
        Value::String(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("txnamt {s:?} is not fen"))),
        other => Err(serde::de::Error::custom(format!("txnamt {other} is not fen"))),
    }
}

fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// `orderid`: 8..=32 letters and digits.
pub fn check_orderid(field: &str, v: &str) -> Result<(), FieldError> {
    if !(8..=32).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(FieldError::new(field, "must be 8..32 letters and digits"));
    }
    Ok(())
}

fn check_url(field: &str, v: &str) -> Result<(), FieldError> {
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
    /// Background notification URL.
    pub backurl: String,
    /// Browser return URL.
    pub fronturl: Option<String>,
    /// WxJsApi: the payer's openid.
    pub openid: Option<String>,
    /// WxH5: the payer's IP.
    pub ip: Option<String>,
    /// Channel id some deployments require (e.g. `3852`).
    pub payway: Option<String>,
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
            check_url("fronturl", f)?;
        }
        if self.action == Action::WxH5 && self.ip.as_deref().is_none_or(str::is_empty) {
            return Err(FieldError::new("ip", "is required for WxH5 (the payer's IP)"));
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
                AmountEncoding::String => Value::String(self.txnamt.to_string()),
                AmountEncoding::Number => Value::from(self.txnamt),
            },
        );
        m.insert("merid".into(), merid.into());
        m.insert("orderid".into(), self.orderid.clone().into());
        m.insert("backurl".into(), self.backurl.clone().into());
        for (k, v) in [("fronturl", &self.fronturl), ("openid", &self.openid), ("ip", &self.ip), ("payway", &self.payway)] {
            if let Some(v) = v {
                m.insert(k.into(), v.clone().into());
            }
        }
        Value::Object(m)
    }
}

/// The answer of a pay call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PayOutput {
    pub respcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub respmsg: Option<String>,
    #[serde(deserialize_with = "fen_lenient")]
    pub txnamt: i64,
    #[serde(default, deserialize_with = "opt_text")]
    pub merid: Option<String>,
    pub orderid: String,
    /// The gateway's serial number.
    #[serde(default, deserialize_with = "opt_text")]
    pub queryid: Option<String>,
    /// QR content (`*Code`/`*Sao`), redirect URL (`WxH5`) or gopay token (`WxJsApi`).
    #[serde(default, deserialize_with = "opt_text")]
    pub formaction: Option<String>,
}

/// A query by order id (and the gateway serial when known; precedence unknown, ambiguity 9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub orderid: String,
    pub queryid: Option<String>,
}

impl Query {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_orderid("orderid", &self.orderid)
    }

    /// The JSON object that goes into `req`.
    pub fn to_json(&self, merid: &str) -> Value {
        let mut v = serde_json::json!({"merid": merid, "orderid": self.orderid});
        if let Some(q) = &self.queryid {
            v["queryid"] = q.clone().into();
        }
        v
    }
}

/// The answer of a query.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QueryOutput {
    pub respcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub respmsg: Option<String>,
    pub resultcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub resultmsg: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub queryid: Option<String>,
    #[serde(deserialize_with = "fen_lenient")]
    pub txnamt: i64,
    pub orderid: String,
    /// Payment time, ASSUMED `yyyyMMddHHmmss`.
    #[serde(default, deserialize_with = "opt_text")]
    pub paytime: Option<String>,
}

/// Cancel an unpaid order (`/api/cancel`; seed only, body ASSUMED `merid` + `orderid`, ambiguity 11).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancel {
    pub orderid: String,
}

impl Cancel {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_orderid("orderid", &self.orderid)
    }

    /// The JSON object that goes into `req`.
    pub fn to_json(&self, merid: &str) -> Value {
        serde_json::json!({"merid": merid, "orderid": self.orderid})
    }
}

/// The answer of a cancel (ASSUMED shape).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CancelOutput {
    pub respcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub respmsg: Option<String>,
    pub orderid: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub resultcode: Option<String>,
}

/// A background (or front) notification's content.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Notification {
    pub resultcode: String,
    #[serde(default, deserialize_with = "opt_text")]
    pub resultmsg: Option<String>,
    #[serde(default, deserialize_with = "opt_text")]
    pub queryid: Option<String>,
    #[serde(deserialize_with = "fen_lenient")]
    pub txnamt: i64,
    #[serde(default, deserialize_with = "opt_text")]
    pub merid: Option<String>,
    pub orderid: String,
}

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
            openid: None,
            ip: None,
            payway: None,
        }
    }

    #[test]
    fn amounts_and_validation() {
        assert_eq!(pay().to_json("1", AmountEncoding::String)["txnamt"], "1");
        assert_eq!(pay().to_json("1", AmountEncoding::Number)["txnamt"], 1);
        assert_eq!(Pay { txnamt: 0, ..pay() }.validate().unwrap_err().field, "txnamt");
        assert_eq!(Pay { orderid: "short".into(), ..pay() }.validate().unwrap_err().field, "orderid");
        assert_eq!(Pay { action: Action::WxH5, ..pay() }.validate().unwrap_err().field, "ip");
        assert!(pay().validate().is_ok());
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
    }
}
