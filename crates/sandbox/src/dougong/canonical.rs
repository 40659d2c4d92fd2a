//! The two texts the dougong simulator signs or verifies, read from spec §2.3, §2.4 (simulator bullet)
//! and §2.6 and written apart from crates/dougong on purpose (tests: tests/signing_oracles.rs, against
//! Python's json.dumps, openssl and dg-sdk's golden vectors).
//!
//! - [`request_text`]: what Huifu's server verifies for an incoming `data`. The wire body is not what the
//!   caller signed (Python sends `", "` separators and `\uXXXX` escapes, Java an unordered map), so the
//!   server rebuilds it: top-level `null` dropped, `""` kept (the Java and Go SDKs sign it), top-level
//!   keys sorted by code point, every value written compactly with raw UTF-8 but otherwise as received —
//!   nested key order and number literals untouched (only the top level is sorted: "多层结构只排序第一层").
//! - [`response_text`]: what the simulator emits as `data` and signs: every object sorted at every depth,
//!   compact, raw UTF-8, so raw-byte verifiers (Go) and re-sorting ones (Python, Java, PHP) all agree.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::Value;

/// §2.6 over the raw `data` JSON text. Fails when it is not a JSON object (or holds a string no UTF-8
/// text can represent, such as a lone surrogate escape).
pub fn request_text(raw_data: &str) -> Result<String, serde_json::Error> {
    // A BTreeMap sorts String keys by their UTF-8 bytes, which is code point order, as Python's sort;
    // a repeated key keeps its last value, as Python's json.loads does.
    let top: BTreeMap<String, &RawValue> = serde_json::from_str(raw_data)?;
    let mut out = String::with_capacity(raw_data.len());
    out.push('{');
    for (key, raw) in top.iter().filter(|(_, raw)| raw.get() != "null") {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&quoted(key));
        out.push(':');
        compact_into(&mut out, raw.get())?;
    }
    out.push('}');
    Ok(out)
}

/// §2.4 (simulator side): `data` with every object sorted at every depth, compact, raw UTF-8.
pub fn response_text(data: &Value) -> String {
    let mut out = String::with_capacity(256);
    sorted_into(&mut out, data);
    out
}

/// A JSON string literal as Python's `json.dumps(ensure_ascii=False)` writes it: raw non-ASCII, `/` not
/// escaped, `\n \r \t \b \f` short, other controls as lowercase `\u00xx` — serde_json's own spelling.
fn quoted(s: &str) -> String {
    Value::String(s.to_owned()).to_string()
}

/// Appends valid JSON `raw` without whitespace between tokens, each string literal re-spelled by
/// [`quoted`] (so `\u4e2d` becomes `中`), everything else (numbers, order) byte for byte.
fn compact_into(out: &mut String, raw: &str) -> Result<(), serde_json::Error> {
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let len = string_literal_len(rest);
            let text: String = serde_json::from_str(&rest[..len])?;
            out.push_str(&quoted(&text));
            rest = &rest[len..];
        } else {
            if !matches!(c, ' ' | '\t' | '\n' | '\r') {
                out.push(c);
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(())
}

/// The byte length of the string literal that opens `s` (quotes included). `s` comes from a parsed
/// RawValue, so the literal is closed; a backslash always escapes the next (ASCII) byte.
fn string_literal_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn sorted_into(out: &mut String, v: &Value) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (n, key) in keys.into_iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                out.push_str(&quoted(key));
                out.push(':');
                sorted_into(out, &map[key.as_str()]);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                sorted_into(out, item);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_rule_sorts_the_top_only_and_keeps_what_was_sent() {
        // What Python's default json.dumps puts on the wire for a nested value, with an escaped 中.
        let wire = "{\"z\": {\"b\": 0.00, \"a\": \"\\u4e2d /\"}, \"n\": null, \"e\": \"\", \"a\": [], \"F\": 1}";
        assert_eq!(request_text(wire).unwrap(), r#"{"F":1,"a":[],"e":"","z":{"b":0.00,"a":"中 /"}}"#);
    }

    #[test]
    fn request_rule_keeps_escapes_python_writes() {
        let wire = r#"{"k":"a\"b\\c\n\u0001\u007f"}"#;
        assert_eq!(request_text(wire).unwrap(), "{\"k\":\"a\\\"b\\\\c\\n\\u0001\u{7f}\"}");
    }

    #[test]
    fn request_rule_refuses_what_is_not_an_object() {
        assert!(request_text("[1]").is_err());
        assert!(request_text("\"x\"").is_err());
        assert!(request_text("{\"a\":").is_err());
    }

    #[test]
    fn response_rule_sorts_every_level() {
        let v = json!({"z": [{"b": 1, "a": "&<>"}], "a": {"y": "\t", "x": "中"}});
        assert_eq!(response_text(&v), r#"{"a":{"x":"中","y":"\t"},"z":[{"a":"&<>","b":1}]}"#);
    }
}
