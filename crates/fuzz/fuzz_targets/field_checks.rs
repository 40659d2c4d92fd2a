//! The form validators (desk::checks, dougong::ids, yuan amounts) on arbitrary text: never a panic, every
//! refusal names the field it was given, and the two ID/credit-code implementations agree.
#![no_main]

use dougong::ids;
use dougong::Fen;
use libfuzzer_sys::fuzz_target;

/// What desk's checks build: `Error::invalid(field, reason)` or `Error::problem(field, key, params)` (desk's
/// own error sets code InvalidInput and `field` the same way; see crates/desk/src/error.rs).
mod error {
    #[derive(Debug)]
    pub struct Error {
        pub field: Option<String>,
        pub message: String,
    }

    impl Error {
        pub fn problem(field: impl Into<String>, problem: crate::vocab::Problem, params: &[(&str, String)]) -> Error {
            let field = field.into();
            let detail: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
            Error { message: format!("{field}: {} {}", problem.key(), detail.join(" ")), field: Some(field) }
        }

        pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
            let field = field.into();
            Error { message: format!("{field}: {}", reason.into()), field: Some(field) }
        }
    }
}

/// desk's field-problem keys, compiled from their source like the checks. problems.rs takes `Term`, `Vocab`
/// and `t` from its parent (crates/desk/src/vocab/mod.rs), here the crate root below.
#[allow(dead_code)]
#[path = "../../desk/src/vocab/problems.rs"]
mod problems;

#[allow(dead_code)]
pub struct Term {
    code: &'static str,
    zh: &'static str,
    en: &'static str,
}

#[allow(dead_code)]
pub struct Vocab {
    name: &'static str,
    about: &'static str,
    terms: &'static [Term],
}

const fn t(code: &'static str, zh: &'static str, en: &'static str) -> Term {
    Term { code, zh, en }
}

mod vocab {
    pub use crate::problems::Problem;
}

/// desk::checks itself, compiled from its source (see Cargo.toml for why not through the desk crate).
#[allow(dead_code)]
#[path = "../../desk/src/checks.rs"]
mod checks;

fn named(field: &str, r: Result<(), error::Error>) -> bool {
    match r {
        Ok(()) => true,
        Err(e) => {
            assert_eq!(e.field.as_deref(), Some(field), "refusal without its field: {e:?}");
            assert!(e.message.len() > field.len() + 2, "a refusal says what is wrong: {e:?}");
            false
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(v) = std::str::from_utf8(data) else { return };

    let id_ok = named("legal_cert_no", checks::id_card("legal_cert_no", v));
    assert_eq!(id_ok, ids::is_valid_id_card(v), "desk and dougong disagree on ID card {v:?}");

    let uscc_ok = named("license_code", checks::uscc("license_code", v));
    assert_eq!(uscc_ok, ids::is_valid_uscc(&v.to_ascii_uppercase()), "desk and dougong disagree on USCC {v:?}");

    let card_ok = named("card_no", checks::bank_card("card_no", v));
    if card_ok {
        assert!(ids::passes_luhn(v), "desk accepted card {v:?} that fails dougong's Luhn");
    }
    let _ = checks::luhn(v);
    let _ = ids::passes_luhn(v);

    if named("mobile_no", checks::mobile("mobile_no", v)) {
        assert!(ids::is_valid_mobile(v), "desk accepted mobile {v:?} that dougong refuses");
    }
    named("email", checks::email("email", v, 64));
    if named("reg_name", checks::required("reg_name", v, 10)) {
        assert!(v.chars().count() <= 10 && !v.trim().is_empty());
    }
    named("reg_name", checks::min_len("reg_name", v, 2));
    named("scene_type", checks::one_of("scene_type", v, &["ONLINE", "OFFLINE", "ALL"]));
    if named("begin_date", checks::date8("begin_date", v)) {
        assert!(v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()));
    }
    if named("huifu_id", checks::huifu_id("huifu_id", v)) {
        assert!(!v.is_empty() && v.len() <= 18);
    }
    named("fee_rate", checks::percent("fee_rate", v));
    if v.len() == 17 && v.bytes().all(|b| b.is_ascii_digit()) {
        let c = checks::id_card_check_digit(v);
        assert!(c.is_ascii_digit() || c == b'X');
    }

    // Yuan amounts: what parses prints back to the same fen, and is never negative.
    if let Ok(f) = Fen::parse_yuan(v) {
        assert!(f.0 >= 0, "{v:?} parsed to a negative amount");
        assert_eq!(Fen::parse_yuan(&f.to_yuan_string()), Ok(f), "{v:?} does not round-trip");
    }
    if let Ok(n) = v.parse::<i64>() {
        let s = Fen(n).to_yuan_string();
        if n >= 0 {
            assert_eq!(Fen::parse_yuan(&s), Ok(Fen(n)));
        }
    }
});
