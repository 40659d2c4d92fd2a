//! dougong synchronous response verification (spec §2.2, §2.4): arbitrary bytes never panic and never
//! verify; a `data` object we sign ourselves always verifies and decodes to the same value, and a signed
//! `data` that is not an object is refused.
#![no_main]

use std::sync::OnceLock;

use dougong::keys::{PrivateKey, PublicKey};
use dougong::verify::verify_response_body;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn keys() -> &'static (PrivateKey, PublicKey) {
    static K: OnceLock<(PrivateKey, PublicKey)> = OnceLock::new();
    K.get_or_init(|| {
        let k = PrivateKey::generate(1024).expect("keygen");
        let p = k.public_key();
        (k, p)
    })
}

fuzz_target!(|data: &[u8]| {
    let (key, public) = keys();
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 4 != 0 {
        // Arbitrary bytes: an error, never a panic, never a forged success.
        assert!(
            verify_response_body(rest, public).is_err(),
            "unsigned bytes verified: {:?}",
            String::from_utf8_lossy(rest)
        );
        return;
    }
    // A body signed the way Huifu signs (the raw `data` text as it stands) verifies and decodes.
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(value) = serde_json::from_str::<Value>(text) else { return };
    let body = dougong::wire::signed_response_body(&value, key);
    if !value.is_object() {
        // Huifu's `data` is always an object (spec §2.2): a signed null, array or scalar is refused.
        assert!(verify_response_body(body.as_bytes(), public).is_err(), "a non-object data verified: {body}");
        return;
    }
    let got = verify_response_body(body.as_bytes(), public)
        .unwrap_or_else(|e| panic!("our own signed body failed: {e} ({body})"));
    assert_eq!(got, value, "the verified data differs from what was signed");
});
