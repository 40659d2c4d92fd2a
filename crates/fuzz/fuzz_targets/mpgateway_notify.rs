//! The MD5 gateway's notifications and answers (other-gateways §2): arbitrary bodies are refused without a
//! panic; whatever JSON the gateway signs verifies after the form round trip and decodes or is refused as a
//! decode error.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mpgateway::wire::{sign_answer, sign_notification, verify_answer, verify_notification_body};
use mpgateway::{Error, MerchantKey, Notification, SignCase};

fn key() -> &'static MerchantKey {
    static K: OnceLock<MerchantKey> = OnceLock::new();
    K.get_or_init(|| MerchantKey::new("k3y-for-fuzzing!").expect("key"))
}

fn decode(v: serde_json::Value) {
    let _ = serde_json::from_value::<Notification>(v.clone());
    let _ = serde_json::from_value::<mpgateway::QueryOutput>(v.clone());
    let _ = serde_json::from_value::<mpgateway::PayOutput>(v.clone());
    let _ = serde_json::from_value::<mpgateway::CancelOutput>(v);
}

fuzz_target!(|data: &[u8]| {
    let key = key();
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 4 {
        0 => {
            let Ok(json) = std::str::from_utf8(rest) else { return };
            for case in [SignCase::LowercaseOnly, SignCase::AnyCase] {
                match verify_notification_body(sign_notification(json, key).as_bytes(), key, case) {
                    Ok(v) => decode(v),
                    Err(Error::Decode { .. }) => {}
                    Err(e) => panic!("a gateway-signed notification was refused: {e:?}"),
                }
                match verify_answer(200, sign_answer(json, key).as_bytes(), key, case) {
                    Ok(v) => decode(v),
                    Err(Error::Decode { .. }) => {}
                    Err(e) => panic!("a gateway-signed answer was refused: {e:?}"),
                }
            }
        }
        1 => {
            for status in [200, 500] {
                if let Ok(v) = verify_answer(status, rest, key, SignCase::AnyCase) {
                    panic!("an unsigned answer verified: {v}");
                }
            }
        }
        _ => {
            if let Ok(v) = verify_notification_body(rest, key, SignCase::AnyCase) {
                panic!("an unsigned notification verified: {v}");
            }
        }
    }
});
