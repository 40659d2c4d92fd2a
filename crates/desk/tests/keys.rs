//! Profiles and keys against the real OS keychain (Secret Service; run under scripts/keyring-session.sh)
//! and a real SQLite file in a temporary PAYDESK_HOME.

mod common;

use common::*;
use desk::{ErrorCode, KeyImport, NewProfile, Secret};

fn new_profile(desk: &desk::Desk, name: &str) {
    desk.create_profile(NewProfile {
        name: name.into(),
        environment: Some(desk::Environment::JointDebug),
        sys_id: "6666000108854952".into(),
        product_id: "YYZY".into(),
        ..Default::default()
    })
    .expect("profile is created");
}

#[test]
fn default_keyring_store_is_secret_service_not_the_mock() {
    let (_dir, desk) = temp_desk();
    let entry = desk.keychain().default_entry_for_test().unwrap();
    assert!(
        entry.get_credential().downcast_ref::<keyring::secret_service::SsCredential>().is_some(),
        "keyring must use Secret Service (a build without platform features silently uses the mock store)"
    );
}

#[test]
fn import_bare_and_pem_with_pair_check_then_replace_and_delete() {
    let (dir, desk) = temp_desk();
    new_profile(&desk, "jd");
    let (_k, b64, der, public) = merchant_key();
    let (_h, _hb64, _hder, huifu_public) = merchant_key();

    // A public key pasted where Huifu's belongs is caught before anything is saved.
    let e = desk
        .import_keys(
            "jd",
            KeyImport {
                private_key: Secret::new(b64.clone()),
                merchant_public_key: None,
                huifu_public_key: Some(public.clone()),
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("huifu_public_key"), "{e:?}");
    // A public key of another pair fails the pair check.
    let e = desk
        .import_keys(
            "jd",
            KeyImport {
                private_key: Secret::new(b64.clone()),
                merchant_public_key: Some(huifu_public.clone()),
                huifu_public_key: Some(huifu_public.clone()),
            },
        )
        .unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::KeyInvalid, Some("merchant_public_key")), "{e:?}");
    assert!(!desk.key_info("jd").unwrap().has_private_key, "nothing is stored after a failed check");
    // Garbage names its field and never echoes the text.
    let e = desk
        .import_keys(
            "jd",
            KeyImport {
                private_key: Secret::new("not a key at all"),
                merchant_public_key: None,
                huifu_public_key: Some(huifu_public.clone()),
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("private_key"));
    assert!(!e.message.contains("not a key at all"), "the error does not echo key text: {}", e.message);

    // PEM (PKCS#8) with the right public key as PEM too.
    let info = desk
        .import_keys(
            "jd",
            KeyImport {
                private_key: Secret::new(pem("PRIVATE KEY", &der)),
                merchant_public_key: Some(public.clone()),
                huifu_public_key: Some(huifu_public.clone()),
            },
        )
        .unwrap();
    assert!(info.has_private_key && info.has_huifu_public_key);
    assert_eq!(info.merchant_public_key.as_deref(), Some(public.as_str()));
    let key_id = info.key_id.clone().unwrap();
    assert_eq!(
        desk.profile("jd").unwrap().key_id.as_deref(),
        Some(key_id.as_str()),
        "the profile shows which key it holds"
    );
    // The keychain really holds it (read back through keyring itself).
    let service = desk.keychain().service().to_string();
    let raw = keyring::Entry::new(&service, "jd/private_key").unwrap().get_password().unwrap();
    assert_eq!(raw, b64, "stored as Huifu's bare base64");

    assert_no_key_bytes(dir.path(), &der, &b64, &[]);

    // Replace: a generated key takes its place; Huifu's key stays.
    let gen = desk.generate_key("jd").unwrap();
    assert_ne!(gen.key_id.as_deref(), Some(key_id.as_str()));
    assert!(gen.has_huifu_public_key);
    assert_eq!(gen.bits, Some(2048));
    // Replacing only the private key (bare base64) keeps Huifu's key.
    let again = desk
        .import_keys(
            "jd",
            KeyImport { private_key: Secret::new(b64.clone()), merchant_public_key: None, huifu_public_key: None },
        )
        .unwrap();
    assert_eq!(again.key_id.as_deref(), Some(key_id.as_str()));

    desk.delete_keys("jd").unwrap();
    assert!(matches!(
        keyring::Entry::new(&service, "jd/private_key").unwrap().get_password(),
        Err(keyring::Error::NoEntry)
    ));
    assert_eq!(desk.profile("jd").unwrap().key_id, None);

    desk.import_keys(
        "jd",
        KeyImport {
            private_key: Secret::new(b64.clone()),
            merchant_public_key: None,
            huifu_public_key: Some(huifu_public),
        },
    )
    .unwrap();
    desk.delete_profile("jd").unwrap();
    assert!(matches!(
        keyring::Entry::new(&service, "jd/huifu_public_key").unwrap().get_password(),
        Err(keyring::Error::NoEntry)
    ));
    assert_eq!(desk.profile("jd").unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn profiles_check_their_fields_and_the_sandbox_exists_from_first_start() {
    let (_dir, desk) = temp_desk();
    let names: Vec<String> = desk.list_profiles().unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(names, vec!["sandbox"], "a fresh home has the sandbox profile");
    assert_eq!(desk.active_profile().unwrap().name, "sandbox");
    let bad = |p: NewProfile| desk.create_profile(p).unwrap_err().field;
    let base = || NewProfile {
        name: "p".into(),
        environment: Some(desk::Environment::Prod),
        sys_id: "6666000108854952".into(),
        product_id: "YYZY".into(),
        ..Default::default()
    };
    assert_eq!(bad(NewProfile { name: "a/b".into(), ..base() }).as_deref(), Some("name"));
    assert_eq!(bad(NewProfile { sys_id: "66x".into(), ..base() }).as_deref(), Some("sys_id"));
    assert_eq!(
        bad(NewProfile { base_url: Some("http://api.huifu.com".into()), ..base() }).as_deref(),
        Some("base_url")
    );
    let p = desk.create_profile(base()).unwrap();
    assert_eq!(p.base_url, "https://api.huifu.com");
    assert!(p.is_prod());
    assert_eq!(desk.create_profile(base()).unwrap_err().code, ErrorCode::AlreadyExists);
    desk.set_active_profile("p").unwrap();
    assert_eq!(desk.active_profile().unwrap().name, "p");
    assert_eq!(desk.delete_profile("sandbox").unwrap_err().field.as_deref(), Some("name"));
}

#[test]
fn check_keys_shows_the_result_and_stores_nothing() {
    let (_dir, desk) = temp_desk();
    new_profile(&desk, "chk");
    let (_k, b64, _der, public) = merchant_key();
    let (_h, _hb64, _hder, huifu_public) = merchant_key();
    let keys = |mpk: &str| KeyImport {
        private_key: Secret::new(b64.clone()),
        merchant_public_key: Some(mpk.to_string()),
        huifu_public_key: Some(huifu_public.clone()),
    };
    let e = desk.check_keys("chk", &keys(&huifu_public)).unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::KeyInvalid, Some("merchant_public_key")), "{e:?}");
    let ok = desk.check_keys("chk", &keys(&public)).unwrap();
    assert!(ok.pair_checked);
    assert_eq!(ok.merchant_public_key, public);
    assert_eq!(ok.bits, 2048);
    assert!(ok.huifu_key_id.is_some());
    let info = desk.key_info("chk").unwrap();
    assert!(!info.has_private_key && !info.has_huifu_public_key, "a check stores nothing");
    assert_eq!(
        desk.import_keys("chk", keys(&public)).unwrap().key_id.as_deref(),
        Some(ok.key_id.as_str()),
        "the saved key is the checked one"
    );
}
