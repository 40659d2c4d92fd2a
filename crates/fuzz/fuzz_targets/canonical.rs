//! dougong canonical forms (spec §2.3, §2.4, §2.6) on arbitrary text: never a panic, and each form is a
//! fixed point (canonicalising the canonical text again gives the same text), so what we sign is stable.
#![no_main]

use dougong::canonical::{incoming_request_string, request_string, request_string_from_json, response_data_string};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    // What dg-sdk signs, from JSON text (number literals read the way Python reads them).
    if let Ok(once) = request_string_from_json(text) {
        let twice = request_string_from_json(&once).expect("canonical request text parses again");
        assert_eq!(once, twice, "request_string_from_json is not idempotent for {text:?}");
    }

    // What a server verifies for an incoming request (literals verbatim).
    if let Ok(once) = incoming_request_string(text) {
        let twice = incoming_request_string(&once).expect("canonical incoming text parses again");
        assert_eq!(once, twice, "incoming_request_string is not idempotent for {text:?}");
    }

    // The serde_json value paths: the request rule over a map, the response rule over any value.
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        let resp = response_data_string(&v);
        let back: Value = serde_json::from_str(&resp).expect("response_data_string writes JSON");
        assert_eq!(response_data_string(&back), resp, "response_data_string is not idempotent for {text:?}");
        if let Value::Object(map) = &v {
            let once = request_string(map);
            let back: Value = serde_json::from_str(&once).expect("request_string writes JSON");
            let again = request_string(back.as_object().expect("request_string writes an object"));
            assert_eq!(once, again, "request_string is not idempotent for {text:?}");
        }
    }
});
