//! What a 慧收钱 method of the simulator answers, apart from the envelope that api.rs signs around it: the
//! business result or an envelope refusal, and the field reader the methods share.

use serde_json::{json, Map, Value};

/// A `result` to sign, or an envelope refusal (errorCode, errorMsg).
pub type Outcome = Result<Value, (String, String)>;

/// A field as text (numbers as their digits); absent and null are empty.
pub fn text(m: &Map<String, Value>, k: &str) -> String {
    match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

/// A business answer that refuses with a seed respCode.
pub fn refusal(code: &str, msg: &str, trans_no: &str) -> Outcome {
    Ok(json!({"transNo": trans_no, "respCode": code, "respMsg": msg}))
}
