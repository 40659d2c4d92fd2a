//! Inputs the fuzzers (crates/fuzz) found, kept as ordinary tests.

use dougong::canonical::response_data_string;
use serde_json::Value;

/// cargo fuzz `canonical`, crash-fb206847: a float near 1.2e23 written by response_data_string parsed back
/// one ULP off (serde_json's default parser is not exactly round-trip), so canonicalising twice differed.
/// Fixed by serde_json's `float_roundtrip` feature in the workspace.
#[test]
fn response_canonical_form_is_a_fixed_point_for_large_floats() {
    let text = r#"{"z":{"b":0.00,"a":""},"a":[],"big":123456789001234567890123.0}"#;
    let v: Value = serde_json::from_str(text).unwrap();
    let once = response_data_string(&v);
    let back: Value = serde_json::from_str(&once).unwrap();
    assert_eq!(response_data_string(&back), once);
}
