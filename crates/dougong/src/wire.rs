//! Wire-level building blocks shared by the client, the sandbox and desk: the request and response
//! envelopes (spec §2.1, §2.2), JSON-in-a-string fields, tolerant string enums, field checks.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::canonical;
use crate::error::FieldError;
use crate::keys::PrivateKey;

/// A request body ready to POST: `{"sys_id","product_id","data","sign"}` with `data` written as its canonical
/// string (so raw-byte and re-canonicalising verifiers both accept it). Holds no secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// The exact signed string (also the `data` bytes in `body`).
    pub canonical: String,
    /// Base64 SHA256withRSA of `canonical`.
    pub sign: String,
    /// The full JSON body.
    pub body: String,
}

/// Signs `data` by the dg-sdk rule (§2.3) and builds the envelope.
pub fn sign_request(sys_id: &str, product_id: &str, data: &Map<String, Value>, key: &PrivateKey) -> SignedRequest {
    sign_canonical(sys_id, product_id, canonical::request_string(data), key)
}

/// Builds the envelope around an already canonical `data` string (e.g. from
/// [`canonical::request_string_from_json`]); `canonical` must be a JSON object text.
pub fn sign_canonical(sys_id: &str, product_id: &str, canonical: String, key: &PrivateKey) -> SignedRequest {
    let sign = key.sign(canonical.as_bytes());
    let mut body = String::with_capacity(canonical.len() + sign.len() + 96);
    body.push_str("{\"sys_id\":");
    body.push_str(&serde_json::to_string(sys_id).expect("a string serialises"));
    body.push_str(",\"product_id\":");
    body.push_str(&serde_json::to_string(product_id).expect("a string serialises"));
    body.push_str(",\"data\":");
    body.push_str(&canonical);
    body.push_str(",\"sign\":\"");
    body.push_str(&sign);
    body.push_str("\"}");
    SignedRequest { canonical, sign, body }
}

/// A request envelope as a server reads it; `data` kept as raw text for §2.6 verification.
#[derive(Debug, Deserialize)]
pub struct RequestEnvelope<'a> {
    pub sys_id: String,
    pub product_id: String,
    #[serde(borrow)]
    pub data: &'a RawValue,
    #[serde(default)]
    pub sign: String,
}

/// An incoming request whose signature verified (server side, e.g. the sandbox).
#[derive(Debug, Clone)]
pub struct VerifiedRequest {
    pub sys_id: String,
    pub product_id: String,
    /// The string that verified (§2.6 rule).
    pub canonical: String,
    /// `data` as received (wire order kept).
    pub data: Map<String, Value>,
}

/// Why an incoming request was refused; `reason` is safe to show to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("signature check failed")]
    BadSignature,
}

/// Parses a JSON request envelope and verifies `sign` over the §2.6 canonical form of its raw `data`
/// with the caller's (merchant's) public key.
pub fn verify_request(body: &[u8], merchant_pub: &crate::keys::PublicKey) -> Result<VerifiedRequest, RequestError> {
    let env: RequestEnvelope<'_> =
        serde_json::from_slice(body).map_err(|e| RequestError::Malformed(format!("not a request envelope: {e}")))?;
    let canonical =
        canonical::incoming_request_string(env.data.get()).map_err(|e| RequestError::Malformed(e.to_string()))?;
    if env.sign.is_empty() || !merchant_pub.verify(canonical.as_bytes(), &env.sign) {
        return Err(RequestError::BadSignature);
    }
    let data: Map<String, Value> =
        serde_json::from_str(env.data.get()).map_err(|e| RequestError::Malformed(e.to_string()))?;
    Ok(VerifiedRequest { sys_id: env.sys_id, product_id: env.product_id, canonical, data })
}

/// A signed response body as a server writes it (§2.4 simulator rule): `data` sorted at every level,
/// compact, raw UTF-8, signed over exactly those bytes.
pub fn signed_response_body(data: &Value, key: &PrivateKey) -> String {
    let data_text = canonical::response_data_string(data);
    let sign = key.sign(data_text.as_bytes());
    format!("{{\"data\":{data_text},\"sign\":\"{sign}\"}}")
}

/// A field that travels as a JSON string holding an object or array ("jsonObject字符串", spec legend
/// `S(JSON{})`). Serialises `T` compactly into a string; reads a string holding JSON, or — because some
/// responses and notifications inline it (7.15.3) — the object itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JsonStr<T>(pub T);

impl<T: Serialize> Serialize for JsonStr<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonStr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        let inner = match v {
            Value::String(s) => serde_json::from_str(&s).map_err(serde::de::Error::custom)?,
            other => serde_json::from_value(other).map_err(serde::de::Error::custom)?,
        };
        Ok(JsonStr(inner))
    }
}

impl<T> std::ops::Deref for JsonStr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Declares a string enum with known wire values and an `Unknown(String)` arm, so that a value Huifu adds
/// later decodes instead of failing (style note 6).
#[macro_export]
macro_rules! string_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $variant,)+
            /// A value this client does not know yet, kept verbatim.
            Unknown(String),
        }
        impl $name {
            /// The wire spelling.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $wire,)+ $name::Unknown(s) => s.as_str() }
            }
            /// False for `Unknown(..)`.
            pub fn is_known(&self) -> bool { !matches!(self, $name::Unknown(_)) }
            /// Reads a wire value; unknown values are kept, not refused.
            pub fn from_wire(s: &str) -> Self {
                match s { $($wire => $name::$variant,)+ other => $name::Unknown(other.to_string()) }
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Some integer-typed fields (notify_type, fee_flag) arrive as numbers.
                match ::serde_json::Value::deserialize(d)? {
                    ::serde_json::Value::String(s) => Ok($name::from_wire(&s)),
                    ::serde_json::Value::Number(n) => Ok($name::from_wire(&n.to_string())),
                    other => Err(::serde::de::Error::custom(format!("expected a string, found {other}"))),
                }
            }
        }
        impl ::std::default::Default for $name {
            /// An empty `Unknown("")`, so request structs can use `..Default::default()`; `validate()` refuses it.
            fn default() -> Self { $name::Unknown(::std::string::String::new()) }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

string_enum! {
    /// `trans_stat` and friends: I initial, P processing, S success, F failure (spec §4).
    pub enum TransStat { Initial = "I", Processing = "P", Success = "S", Failed = "F" }
}

/// Field checks shared by the endpoint `validate()`s. Each returns an error naming the wire field.
pub mod check {
    use super::FieldError;
    use crate::error::problem as P;
    use crate::money::Fen;

    /// Non-empty, at most `max` characters.
    pub fn required(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        if v.trim().is_empty() {
            return Err(FieldError::keyed(field, P::REQUIRED, vec![], "is required"));
        }
        max_len(field, v, max)
    }

    /// At most `max` characters (Unicode scalar values), when present; empty strings are refused because
    /// the SDKs disagree on signing them (spec D2) — omit the field instead.
    pub fn optional(field: &str, v: &Option<String>, max: usize) -> Result<(), FieldError> {
        match v {
            Some(s) if s.is_empty() => {
                Err(FieldError::keyed(field, P::OMIT_EMPTY, vec![], "must be omitted rather than empty"))
            }
            Some(s) => max_len(field, s, max),
            None => Ok(()),
        }
    }

    /// At most `max` characters and no control characters (a tab or line break inside a name or
    /// address is a paste accident, and Huifu stores what it gets).
    fn max_len(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        let n = v.chars().count();
        if n > max {
            Err(FieldError::keyed(
                field,
                P::TOO_LONG,
                vec![("n", n.to_string()), ("max", max.to_string())],
                format!("is {n} characters long; at most {max} allowed"),
            ))
        } else if let Some(c) = v.chars().find(|c| c.is_control()) {
            Err(FieldError::keyed(field, P::CONTROL_CHAR, vec![], format!("holds the control character {c:?}")))
        } else {
            Ok(())
        }
    }

    /// `yyyyMMdd` with a plausible month and day.
    pub fn date8(field: &str, v: &str) -> Result<(), FieldError> {
        let ok = v.len() == 8
            && v.bytes().all(|b| b.is_ascii_digit())
            && (1..=12).contains(&v[4..6].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&v[6..8].parse::<u32>().unwrap_or(0));
        if ok {
            Ok(())
        } else {
            Err(FieldError::keyed(field, P::DATE8, vec![], format!("{v:?} is not a date in yyyyMMdd form")))
        }
    }

    /// A huifu_id: digits only, at most `max` long.
    pub fn huifu_id(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        required(field, v, max)?;
        if v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(())
        } else {
            Err(FieldError::keyed(field, P::HUIFU_ID, vec![], format!("{v:?} is not a huifu_id (digits only)")))
        }
    }

    /// A req_seq_id: letters and digits (plus `_`/`-`), at most `max` long.
    pub fn seq_id(field: &str, v: &str, max: usize) -> Result<(), FieldError> {
        required(field, v, max)?;
        if v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            Ok(())
        } else {
            Err(FieldError::keyed(field, P::SEQ_ID_CHARS, vec![], "only letters, digits, '_' and '-' are allowed"))
        }
    }

    /// A wire amount: at least 0.01 yuan and at most String(14) when written.
    pub fn amount(field: &str, v: Fen) -> Result<(), FieldError> {
        if v.0 < 1 {
            return Err(FieldError::keyed(field, P::AMOUNT_MIN, vec![], "must be at least 0.01"));
        }
        if v.to_yuan_string().len() > 14 {
            return Err(FieldError::keyed(
                field,
                P::AMOUNT_MAX,
                vec![],
                "is too large (at most 14 characters as yuan)",
            ));
        }
        Ok(())
    }

    /// A request enum must hold a value this client knows.
    pub fn known(field: &str, known: bool, wire: &str) -> Result<(), FieldError> {
        if known {
            Ok(())
        } else if wire.is_empty() {
            Err(FieldError::keyed(field, P::REQUIRED, vec![], "is required"))
        } else {
            Err(FieldError::keyed(
                field,
                P::NOT_ACCEPTED,
                vec![("value", wire.to_string())],
                format!("{wire:?} is not an accepted value"),
            ))
        }
    }

    /// An http(s) notification URL without query string (spec §3.2); `virgo://` prefixes allowed.
    pub fn notify_url(field: &str, v: &Option<String>, max: usize) -> Result<(), FieldError> {
        optional(field, v, max)?;
        if let Some(u) = v {
            let bare = u.strip_prefix("virgo://").unwrap_or(u);
            if !(bare.starts_with("http://") || bare.starts_with("https://")) {
                return Err(FieldError::keyed(field, P::URL_SCHEME, vec![], "must be an http:// or https:// URL"));
            }
            if bare.contains('?') {
                return Err(FieldError::keyed(
                    field,
                    P::URL_QUERY,
                    vec![],
                    "must not carry a query string (Huifu drops it)",
                ));
            }
        }
        Ok(())
    }

    /// Exactly `n` ASCII digits, when present (times such as `yyyyMMddHHmmss`).
    pub fn digits_opt(field: &str, v: &Option<String>, n: usize) -> Result<(), FieldError> {
        match v {
            Some(s) if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) => {
                Err(FieldError::keyed(field, P::DIGITS, vec![("n", n.to_string())], format!("must be {n} digits")))
            }
            _ => Ok(()),
        }
    }

    /// The common head of most requests: `req_seq_id` (at most `seq_max`), `req_date`, `huifu_id` (at most
    /// `huifu_max`).
    pub fn head(
        req_seq_id: &str,
        req_date: &str,
        huifu_id: &str,
        seq_max: usize,
        huifu_max: usize,
    ) -> Result<(), FieldError> {
        seq_id("req_seq_id", req_seq_id, seq_max)?;
        date8("req_date", req_date)?;
        self::huifu_id("huifu_id", huifu_id, huifu_max)
    }

    /// Exactly one of the locators is present.
    pub fn one_of(fields: &[(&str, bool)]) -> Result<(), FieldError> {
        let n = fields.iter().filter(|(_, present)| *present).count();
        let names: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
        match n {
            1 => Ok(()),
            0 => Err(FieldError::new(names.join("|"), "one of these is required")),
            _ => Err(FieldError::new(names.join("|"), "give only one of these")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Wx {
        sub_appid: String,
    }

    #[test]
    fn json_str_writes_a_string_and_reads_both_forms() {
        let v = serde_json::to_value(JsonStr(Wx { sub_appid: "wx1".into() })).unwrap();
        assert_eq!(v, json!("{\"sub_appid\":\"wx1\"}"));
        let a: JsonStr<Wx> = serde_json::from_value(v).unwrap();
        let b: JsonStr<Wx> = serde_json::from_value(json!({"sub_appid":"wx1"})).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn unknown_enum_values_are_kept() {
        let s: TransStat = serde_json::from_value(json!("Z")).unwrap();
        assert_eq!(s, TransStat::Unknown("Z".into()));
        assert_eq!(serde_json::to_value(&s).unwrap(), json!("Z"));
        assert_eq!(serde_json::from_value::<TransStat>(json!("S")).unwrap(), TransStat::Success);
    }

    #[test]
    fn server_verifies_what_the_client_signs_and_refuses_tampering() {
        let key = PrivateKey::from_text(include_str!("../tests/golden/demo_private_key.txt")).unwrap();
        let data = json!({"trans_amt":"0.01","goods_desc":"中&<>","n":{"b":1,"a":2}});
        let r = sign_request("6666000108854952", "YYZY", data.as_object().unwrap(), &key);
        let v = verify_request(r.body.as_bytes(), &key.public_key()).unwrap();
        assert_eq!(v.data["goods_desc"], "中&<>");
        // Python's wire form: default json.dumps (spaces, \u escapes) must verify too (§2.3).
        let py_body = format!(
            "{{\"sys_id\": \"6666000108854952\", \"product_id\": \"YYZY\", \"sign\": \"{}\", \"data\": {{\"trans_amt\": \"0.01\", \"goods_desc\": \"\\u4e2d&<>\", \"n\": {{\"b\": 1, \"a\": 2}}}}}}",
            r.sign
        );
        assert!(verify_request(py_body.as_bytes(), &key.public_key()).is_ok(), "{py_body}");
        let tampered = r.body.replace("0.01", "0.02");
        assert_eq!(verify_request(tampered.as_bytes(), &key.public_key()).unwrap_err(), RequestError::BadSignature);
    }

    #[test]
    fn signed_request_body_is_json_with_canonical_data() {
        let key = PrivateKey::from_text(include_str!("../tests/golden/demo_private_key.txt")).unwrap();
        let data = json!({"b":"2","a":"1","e":""});
        let r = sign_request("6666000108854952", "YYZY", data.as_object().unwrap(), &key);
        let parsed: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(parsed["data"], json!({"a":"1","b":"2"}));
        assert!(r.body.contains(&format!("\"data\":{}", r.canonical)), "data bytes are the signed bytes");
        assert!(key.public_key().verify(r.canonical.as_bytes(), &r.sign));
    }
}
