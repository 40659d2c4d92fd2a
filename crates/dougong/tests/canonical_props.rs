//! Property tests of the canonical forms (spec §2.3, §2.4, §2.6) over generated JSON.

use dougong::canonical::{incoming_request_string, request_string, request_string_from_json, response_data_string};
use dougong::keys::PrivateKey;
use dougong::verify::verify_response_body;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z0-9_]{0,8}",
        "\\PC{0,12}",
        prop::collection::vec(
            prop::sample::select(vec![
                "\"", "\\", "/", "&", "<", ">", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "中", "😀", "\u{2028}"
            ]),
            0..6
        )
        .prop_map(|v| v.concat()),
    ]
}

/// serde_json (without its float_roundtrip feature) may read a float back one ulp off; that is its parser,
/// not our writer, so generated floats are those it reads back exactly.
fn reads_back(f: f64) -> Option<Number> {
    let n = Number::from_f64(f)?;
    (serde_json::from_str::<f64>(&n.to_string()).ok()? == f).then_some(n)
}

fn any_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        (-1.0e20f64..1.0e20).prop_filter_map("serde reads it back", reads_back),
        prop::sample::select(vec![0.1f64, 1e16, 1e-7, 123.456, -0.5]).prop_filter_map("finite", Number::from_f64),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number().prop_map(Value::Number),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any_string(), inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn any_map() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((any_string(), any_value()), 0..8).prop_map(|kv| kv.into_iter().collect())
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn request_string_is_the_map_minus_empties_sorted(m in any_map()) {
        let c = request_string(&m);
        let back: Map<String, Value> = serde_json::from_str(&c).expect("canonical form is JSON");
        let keys: Vec<&String> = back.keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        prop_assert_eq!(&keys, &sorted, "top level sorted");
        let kept: Map<String, Value> = m.iter().filter(|(_, v)| !empty(v)).map(|(k, v)| (k.clone(), v.clone())).collect();
        prop_assert_eq!(back.len(), kept.len());
        for (k, v) in &kept {
            prop_assert_eq!(back.get(k), Some(v), "value of {:?} unchanged", k);
        }
        if !kept.values().any(has_float) {
            // Without floats the form is exactly serde_json's compact output of the sorted, filtered map.
            let mut entries: Vec<(&String, &Value)> = kept.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let sorted: Map<String, Value> = entries.into_iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(&c, &serde_json::to_string(&sorted).unwrap(), "compact, raw UTF-8");
        }
    }

    #[test]
    fn value_path_equals_text_path(m in any_map()) {
        let text = serde_json::to_string_pretty(&Value::Object(m.clone())).unwrap();
        prop_assert_eq!(request_string(&m), request_string_from_json(&text).unwrap());
    }

    #[test]
    fn server_rule_accepts_what_the_client_sends(m in any_map()) {
        // The client puts the canonical string on the wire as `data`; the §2.6 rule must rebuild it exactly.
        let c = request_string(&m);
        prop_assert_eq!(incoming_request_string(&c).unwrap(), c);
    }

    #[test]
    fn nested_values_keep_their_order(m in any_map()) {
        let c = request_string(&m);
        for (k, v) in m.iter().filter(|(_, v)| !empty(v)) {
            let nested = serde_json::to_string(v).unwrap();
            // Floats are spelled the Python way (1e-07), checked elsewhere.
            if !has_float(v) {
                let needle = format!("{}:{}", serde_json::to_string(k).unwrap(), nested);
                prop_assert!(c.contains(&needle), "{} not verbatim in {}", needle, c);
            }
        }
    }

    #[test]
    fn response_form_is_sorted_everywhere_and_idempotent(v in any_value()) {
        let s = response_data_string(&v);
        let back: Value = serde_json::from_str(&s).unwrap();
        prop_assert_eq!(&back, &v, "same value");
        prop_assert_eq!(response_data_string(&back), s.clone(), "idempotent");
        prop_assert_eq!(serde_json::to_string(&sort_all(&v)).unwrap(), s, "equals serde's output of the fully sorted value");
    }
}

fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(a) => a.iter().any(has_float),
        Value::Object(o) => o.values().any(has_float),
        _ => false,
    }
}

fn sort_all(v: &Value) -> Value {
    match v {
        Value::Object(o) => {
            let mut entries: Vec<(&String, &Value)> = o.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sort_all(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sort_all).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn reformatted_answers_still_verify(m in any_map()) {
        // Signed over dg-sdk's response form; delivered pretty-printed with keys reversed: the fallback
        // re-canonicalisation must accept it, and a changed value must not.
        let key = PrivateKey::from_text(include_str!("golden/demo_private_key.txt")).unwrap();
        let mut m = m;
        m.retain(|_, v| !v.is_null() && !matches!(v, Value::Number(n) if n.is_f64()));
        m.insert("resp_code".into(), Value::String("00000000".into()));
        let mut signed_form: Vec<(&String, &Value)> = m.iter().collect();
        signed_form.sort_by(|a, b| a.0.cmp(b.0));
        let signed_text = format!("{{{}}}", signed_form.iter().map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), serde_json::to_string(v).unwrap())).collect::<Vec<_>>().join(","));
        let reversed: Map<String, Value> = m.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
        let wire = serde_json::to_string_pretty(&Value::Object(reversed)).unwrap();
        let body = format!("{{\"data\": {wire}, \"sign\": \"{}\"}}", key.sign(signed_text.as_bytes()));
        let got = verify_response_body(body.as_bytes(), &key.public_key()).unwrap();
        prop_assert_eq!(got.as_object().unwrap().len(), m.len());
        let forged = body.replacen("00000000", "00000001", 1);
        prop_assert!(verify_response_body(forged.as_bytes(), &key.public_key()).is_err());
    }
}
