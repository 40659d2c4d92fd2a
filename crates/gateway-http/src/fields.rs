//! Reading answer fields the way both acquirers' integrations send them: amounts in fen as JSON numbers
//! (C#/Node) or strings (PHP/Java), optional text as number, string, null or `""`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::Error;

/// Decodes a verified answer object; a mismatch is `Error::Decode` with its JSON path under `root`
/// (`result` for 慧收钱, `resp` for the MD5 gateway).
pub fn decode<T: DeserializeOwned>(root: &str, v: Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(v)
        .map_err(|e| Error::Decode { path: format!("{root}.{}", e.path()), message: e.into_inner().to_string() })
}

/// An amount in fen, as a JSON number or a string of digits.
pub fn fen<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    match Value::deserialize(d)? {
        Value::Number(n) => {
            n.as_i64().ok_or_else(|| serde::de::Error::custom("amount is not an integer number of fen"))
        }
        Value::String(s) => s.trim().parse().map_err(|_| serde::de::Error::custom(format!("amount {s:?} is not fen"))),
        other => Err(serde::de::Error::custom(format!("amount {other} is not fen"))),
    }
}

/// An optional amount: absent, null and `""` are `None`.
pub fn opt_fen<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(v) => fen(v).map(Some).map_err(serde::de::Error::custom),
    }
}

/// Optional text that may arrive as a number, a string or null (an empty string stays `Some("")`).
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// Optional text where `""` is absent too (the MD5 gateway's 可空 fields come back empty).
pub fn nonempty_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(text(d)?.filter(|s| !s.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Row {
        #[serde(deserialize_with = "fen")]
        amt: i64,
        #[serde(default, deserialize_with = "opt_fen")]
        opt: Option<i64>,
        #[serde(default, deserialize_with = "text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "nonempty_text")]
        n: Option<String>,
    }

    #[test]
    fn numbers_strings_and_empties() {
        let r: Row = decode("resp", serde_json::json!({"amt": "12", "opt": "", "t": 7, "n": ""})).unwrap();
        assert_eq!((r.amt, r.opt, r.t.as_deref(), r.n), (12, None, Some("7"), None));
        let r: Row = decode("resp", serde_json::json!({"amt": 3, "opt": 4, "t": "", "n": "x"})).unwrap();
        assert_eq!((r.amt, r.opt, r.t.as_deref(), r.n.as_deref()), (3, Some(4), Some(""), Some("x")));
        let e = decode::<Row>("result", serde_json::json!({"amt": "1.5"})).err().unwrap();
        assert!(matches!(e, Error::Decode { ref path, .. } if path == "result.amt"), "{e}");
    }
}
