//! dougong asynchronous notifications (spec §3): any body parses to a result or an error without a panic
//! and never verifies unsigned; any verified business body decodes (or is refused) without a panic, and its
//! acknowledgement is well formed.
#![no_main]

use std::sync::OnceLock;

use dougong::keys::{PrivateKey, PublicKey};
use dougong::notify::{self, AuditNotify, BusiResultNotify, Notification, RefundNotify, TradeNotify, WithdrawNotify};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fn keys() -> &'static (PrivateKey, PublicKey) {
    static K: OnceLock<(PrivateKey, PublicKey)> = OnceLock::new();
    K.get_or_init(|| {
        let k = PrivateKey::generate(1024).expect("keygen");
        let p = k.public_key();
        (k, p)
    })
}

fn decode_all(n: &Notification) {
    let _ = n.decode::<TradeNotify>();
    let _ = n.decode::<RefundNotify>();
    let _ = n.decode::<WithdrawNotify>();
    let _ = n.decode::<AuditNotify>();
    let _ = n.decode::<BusiResultNotify>();
    if let Some(ack) = n.ack() {
        assert!(ack.starts_with("RECV_ORD_ID_") && ack.len() > "RECV_ORD_ID_".len(), "ack {ack:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let (key, public) = keys();
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 8 {
        // A verified body: the typed decoders see arbitrary JSON objects.
        0..=4 => {
            let Ok(map) = serde_json::from_slice::<Map<String, Value>>(rest) else { return };
            let raw = String::from_utf8_lossy(rest).into_owned();
            let n = Notification {
                resp_code: "10000".into(),
                resp_desc: String::new(),
                field: "resp_data",
                raw,
                data: map,
            };
            decode_all(&n);
        }
        // A body Huifu would send, built from arbitrary JSON: it verifies, whichever field carries it.
        5 => {
            let Ok(value) = serde_json::from_slice::<Value>(rest) else { return };
            if !value.is_object() {
                return;
            }
            for field in ["resp_data", "data"] {
                let body = notify::build_form(field, &value, key);
                let n = notify::verify_notification(body.as_bytes(), public)
                    .unwrap_or_else(|e| panic!("our own signed notification failed: {e} ({body})"));
                assert_eq!(n.field, field);
                decode_all(&n);
            }
        }
        // Arbitrary bytes: parse and verify refuse without a panic.
        _ => {
            let _ = notify::parse_form(rest);
            assert!(notify::verify_notification(rest, public).is_err(), "unsigned notification verified");
        }
    }
});
