//! 慧收钱 notifications and answers (other-gateways §1.4, §1.6): arbitrary bodies are refused without a
//! panic and never verify unsigned; whatever `signContent` / `result` text the platform signs verifies after
//! the form encoding round trip, and decodes or is refused as a decode error.
#![no_main]

use std::sync::OnceLock;

use huishouqian::wire::{sign_notification, sign_response, verify_response};
use huishouqian::{Error, MerchantKey, Notification, PlatformKey, SignKey};
use libfuzzer_sys::fuzz_target;

struct Keys {
    platform_private: MerchantKey,
    platform: PlatformKey,
    sign_key: SignKey,
}

fn keys() -> &'static Keys {
    static K: OnceLock<Keys> = OnceLock::new();
    K.get_or_init(|| {
        // A 1024-bit key keeps each signed execution cheap; the size does not change any parsing.
        let k = dougong::keys::PrivateKey::generate(1024).expect("keygen");
        let pem =
            format!("-----BEGIN {l}-----\n{}\n-----END {l}-----\n", k.to_bare_base64().as_str(), l = "PRIVATE KEY");
        let platform_private = MerchantKey::from_pem(&pem).expect("the PKCS#8 PEM reads back");
        let platform = platform_private.public_key();
        Keys {
            platform_private,
            platform,
            sign_key: SignKey::new("0123456789abcdef0123456789ABCDEF").expect("sign key"),
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let k = keys();
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 8 {
        0 | 1 => {
            // Whatever text the platform signs as signContent verifies on our side.
            let Ok(content) = std::str::from_utf8(rest) else { return };
            let body = sign_notification("M0001", content, &k.platform_private, &k.sign_key).to_body();
            match Notification::from_body(body.as_bytes(), &k.platform, &k.sign_key) {
                Ok(n) => {
                    let _ = n.trans_no();
                }
                Err(Error::Decode { .. }) => {}
                Err(e) => panic!("a platform-signed notification was refused: {e:?} ({body})"),
            }
        }
        2 => {
            // Whatever result text the platform signs verifies; a signed refusal is a business error.
            let Ok(text) = std::str::from_utf8(rest) else { return };
            let ok = sign_response(Ok(text), &k.platform_private, &k.sign_key);
            match verify_response(200, ok.as_bytes(), &k.platform, &k.sign_key) {
                Ok(_) | Err(Error::Decode { .. }) => {}
                Err(e) => panic!("a platform-signed answer was refused: {e:?} ({ok})"),
            }
            let (code, msg) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
            let refusal = sign_response(Err((code, msg)), &k.platform_private, &k.sign_key);
            match verify_response(200, refusal.as_bytes(), &k.platform, &k.sign_key) {
                Err(Error::Business { .. }) => {}
                other => panic!("a platform-signed refusal came back as {other:?} ({refusal})"),
            }
        }
        3 => {
            for status in [200, 502] {
                if let Ok(v) = verify_response(status, rest, &k.platform, &k.sign_key) {
                    panic!("an unsigned answer verified: {v}");
                }
            }
        }
        _ => {
            if let Ok(n) = Notification::from_body(rest, &k.platform, &k.sign_key) {
                panic!("an unsigned notification verified: {n:?}");
            }
        }
    }
});
