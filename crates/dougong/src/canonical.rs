//! The exact strings that get signed and verified (spec §2.3, §2.4, §2.6).
//!
//! Three rules, one per side of the wire:
//! - [`request_string`]: what dg-sdk 2.0.28 signs — top-level `null`/`""`/`{}`/`[]` dropped, top-level keys
//!   sorted, nested values in their own order, compact, raw UTF-8, Python's number spelling.
//! - [`incoming_request_string`]: what a server (our sandbox) verifies — keeps `""` (Java/Go sign it), drops
//!   top-level `null`, sorts the top level, nested values verbatim including number literals.
//! - [`response_data_string`]: what a server emits and signs — every object sorted, compact, raw UTF-8.

use serde_json::{Map, Value};

pub use crate::rawjson::JsonError;
use crate::rawjson::{self, Numbers, Raw, Sort};

/// Why a text could not be canonicalised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error(transparent)]
    Json(#[from] JsonError),
    #[error("`data` must be a JSON object, found {0}")]
    NotAnObject(&'static str),
    /// A float literal beyond f64: Python reads it as `inf` and writes `Infinity`, which is not JSON, so
    /// no gateway could read what would be signed (found by cargo fuzz `canonical`).
    #[error("number {0} is too large (it would be sent as Infinity, which is not JSON)")]
    NotFinite(String),
}

/// The first float literal in `v` that Python would read as an infinity.
fn infinite_literal<'a>(v: &Raw<'a>) -> Option<&'a str> {
    match v {
        Raw::Num(lit) => {
            (lit.contains(['.', 'e', 'E']) && lit.parse::<f64>().is_ok_and(f64::is_infinite)).then_some(*lit)
        }
        Raw::Arr(items) => items.iter().find_map(infinite_literal),
        Raw::Obj(fields) => fields.iter().find_map(|(_, fv)| infinite_literal(fv)),
        _ => None,
    }
}

fn is_python_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

fn is_python_empty_raw(v: &Raw<'_>) -> bool {
    match v {
        Raw::Null => true,
        Raw::Str(s) => s.is_empty(),
        Raw::Arr(a) => a.is_empty(),
        Raw::Obj(o) => o.is_empty(),
        Raw::Bool(_) | Raw::Num(_) => false,
    }
}

/// §2.3: the string dg-sdk 2.0.28 signs for a request `data` map.
///
/// Numbers are written as Python writes the value it would hold: integers as digits, floats by Python's
/// `repr` (`1.5`, `1e+16`). Callers should send amounts as strings anyway (spec §4).
pub fn request_string(data: &Map<String, Value>) -> String {
    let mut entries: Vec<(&String, &Value)> = data.iter().filter(|(_, v)| !is_python_empty(v)).collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(256);
    out.push('{');
    for (i, (k, v)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        rawjson::write_str(&mut out, k);
        out.push(':');
        write_value(&mut out, v, false, true);
    }
    out.push('}');
    out
}

/// §2.3 applied to JSON text, as dg-sdk would see it after `json.loads`: number literals are read the way
/// Python reads them (arbitrary-size integers stay exact; `1.50` becomes `1.5`). This is what
/// `paydesk devtools sign` and `canonical` use, so any JSON a developer pastes signs like the official SDK.
pub fn request_string_from_json(text: &str) -> Result<String, CanonicalError> {
    let fields = top_object(text)?;
    let mut kept: Vec<&(String, Raw<'_>)> = fields.iter().filter(|(_, v)| !is_python_empty_raw(v)).collect();
    if let Some(lit) = kept.iter().find_map(|(_, v)| infinite_literal(v)) {
        return Err(CanonicalError::NotFinite(lit.to_string()));
    }
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(write_top(&kept, Numbers::Python, Sort::None))
}

/// §2.6: the string a server verifies for an incoming request's raw `data` JSON. Keeps `""` (the Java and Go
/// SDKs sign it), drops top-level `null`, sorts the top level by byte order, writes nested values exactly as
/// received (order and number literals kept), compact.
pub fn incoming_request_string(raw_data_json: &str) -> Result<String, CanonicalError> {
    let fields = top_object(raw_data_json)?;
    let mut kept: Vec<&(String, Raw<'_>)> = fields.iter().filter(|(_, v)| *v != Raw::Null).collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(write_top(&kept, Numbers::Verbatim, Sort::None))
}

/// §2.4 (simulator side): `data` with every object key-sorted at every depth, compact, raw UTF-8. Emit these
/// bytes verbatim as the value of `"data"` and sign them; every SDK's verifier then accepts the response.
pub fn response_data_string(data: &Value) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, data, true, false);
    out
}

/// Candidate strings for verifying a response whose raw `data` bytes did not verify (spec §2.4), from the
/// raw `data` JSON text with number literals kept verbatim: dg-sdk's rule (top level sorted, top-level `null`
/// dropped, nested in received order), then the all-levels-sorted form. Escapes such as `\u0026` are decoded,
/// so a gateway that writes `&` as `\u0026` while signing the plain character is accepted.
pub(crate) fn response_fallback_strings(raw_data_json: &str) -> Result<Vec<String>, CanonicalError> {
    let fields = top_object(raw_data_json)?;
    let mut kept: Vec<&(String, Raw<'_>)> = fields.iter().filter(|(_, v)| *v != Raw::Null).collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    let top_sorted = write_top(&kept, Numbers::Verbatim, Sort::None);
    let all_sorted = write_top(&kept, Numbers::Verbatim, Sort::All);
    let mut out = vec![top_sorted];
    if all_sorted != out[0] {
        out.push(all_sorted);
    }
    Ok(out)
}

fn top_object(text: &str) -> Result<Vec<(String, Raw<'_>)>, CanonicalError> {
    match rawjson::parse(text)? {
        Raw::Obj(fields) => Ok(fields),
        Raw::Arr(_) => Err(CanonicalError::NotAnObject("an array")),
        Raw::Str(_) => Err(CanonicalError::NotAnObject("a string")),
        Raw::Num(_) => Err(CanonicalError::NotAnObject("a number")),
        Raw::Bool(_) => Err(CanonicalError::NotAnObject("a boolean")),
        Raw::Null => Err(CanonicalError::NotAnObject("null")),
    }
}

fn write_top(fields: &[&(String, Raw<'_>)], numbers: Numbers, sort: Sort) -> String {
    let mut out = String::with_capacity(256);
    out.push('{');
    for (i, (k, v)) in fields.iter().map(|f| (&f.0, &f.1)).enumerate() {
        if i > 0 {
            out.push(',');
        }
        rawjson::write_str(&mut out, k);
        out.push(':');
        rawjson::write(&mut out, v, numbers, sort);
    }
    out.push('}');
    out
}

/// Compact writer for a serde_json value. `python_numbers` writes floats as Python's repr.
fn write_value(out: &mut String, v: &Value, sort_all: bool, python_numbers: bool) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_f64() && python_numbers {
                out.push_str(&rawjson::python_float_repr(n.as_f64().expect("is_f64 checked")));
            } else {
                out.push_str(&n.to_string());
            }
        }
        Value::String(s) => rawjson::write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item, sort_all, python_numbers);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if sort_all {
                entries.sort_by(|a, b| a.0.cmp(b.0));
            }
            out.push('{');
            for (i, (k, fv)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                rawjson::write_str(out, k);
                out.push(':');
                write_value(out, fv, sort_all, python_numbers);
            }
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().expect("test input is an object").clone()
    }

    #[test]
    fn drops_only_top_level_empties_and_keeps_falsy_values() {
        let m = map(json!({"e":"", "n":null, "o":{}, "a":[], "zero":0, "f":false, "s0":"0",
                           "nested":{"e":"", "n":null, "a":[]}}));
        assert_eq!(request_string(&m), r#"{"f":false,"nested":{"e":"","n":null,"a":[]},"s0":"0","zero":0}"#);
    }

    #[test]
    fn sorts_by_code_point_uppercase_first() {
        let m = map(json!({"acct_id":"1","acctInfo_list":"2","_x":"3","Z":"4"}));
        assert_eq!(request_string(&m), r#"{"Z":"4","_x":"3","acctInfo_list":"2","acct_id":"1"}"#);
    }

    #[test]
    fn value_and_text_paths_agree() {
        let text = r#"{"b":"中文😀\n\u0001/&<>","a":[1,{"y":true,"x":null}],"c":12,"d":-7}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(request_string(v.as_object().unwrap()), request_string_from_json(text).unwrap());
    }

    #[test]
    fn floats_spelled_like_python() {
        assert_eq!(
            request_string_from_json(r#"{"a":1.50,"b":1E2,"c":1e16}"#).unwrap(),
            r#"{"a":1.5,"b":100.0,"c":1e+16}"#
        );
        let m = map(json!({"a":1.5,"c":1e16}));
        assert_eq!(request_string(&m), r#"{"a":1.5,"c":1e+16}"#);
    }

    #[test]
    fn incoming_rule_keeps_empty_string_and_literals() {
        let s = incoming_request_string(r#"{"z":{"b":0.00,"a":""},"n":null,"e":"","a":[]}"#).unwrap();
        assert_eq!(s, r#"{"a":[],"e":"","z":{"b":0.00,"a":""}}"#);
    }

    #[test]
    fn response_rule_sorts_every_level() {
        let v = json!({"z":[{"b":1,"a":2}],"a":{"y":"&","x":"中"}});
        assert_eq!(response_data_string(&v), r#"{"a":{"x":"中","y":"&"},"z":[{"a":2,"b":1}]}"#);
    }

    #[test]
    fn not_an_object_is_named() {
        assert_eq!(request_string_from_json("[1]").unwrap_err(), CanonicalError::NotAnObject("an array"));
    }
}
