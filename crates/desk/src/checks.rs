//! Field checks desk runs before anything is sent (the form runs them too): check digits of the unified
//! social credit code (GB 32100-2015) and the resident ID card (GB 11643-1999), Luhn for bank cards, mainland
//! mobile numbers, lengths and enums. Each error names the wire field.

use crate::error::Error;
use crate::vocab::Problem as P;

/// The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID card number (`0`..`9` or `X`).
/// `first17` must be 17 ASCII digits.
pub fn id_card_check_digit(first17: &str) -> u8 {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17.bytes().zip(W).map(|(b, w)| (b - b'0') as u32 * w).sum();
    C[(sum % 11) as usize]
}

/// An 18-character resident ID number with a valid check character and a plausible birth date.
pub fn id_card(field: &str, v: &str) -> Result<(), Error> {
    let b = v.as_bytes();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
    {
        return Err(Error::problem(field, P::IdCardFormat, &[]));
    }
    let month: u32 = v[10..12].parse().unwrap_or(0);
    let day: u32 = v[12..14].parse().unwrap_or(0);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(Error::problem(field, P::IdCardBirth, &[]));
    }
    if id_card_check_digit(&v[..17]) != b[17].to_ascii_uppercase() {
        return Err(Error::problem(field, P::IdCardCheck, &[]));
    }
    Ok(())
}

/// An 18-character unified social credit code (统一社会信用代码) with a valid check character.
pub fn uscc(field: &str, v: &str) -> Result<(), Error> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let up = v.to_ascii_uppercase();
    if up.len() != 18 {
        return Err(Error::problem(field, P::UsccLength, &[]));
    }
    let mut vals = Vec::with_capacity(18);
    for c in up.chars() {
        match ALPHABET.find(c) {
            Some(i) => vals.push(i),
            None => return Err(Error::problem(field, P::UsccChar, &[("char", c.to_string())])),
        }
    }
    let sum: usize = vals[..17].iter().zip(W).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    if vals[17] != check {
        return Err(Error::problem(field, P::UsccCheck, &[]));
    }
    Ok(())
}

/// A bank card number: 12–19 digits passing the Luhn check.
pub fn bank_card(field: &str, v: &str) -> Result<(), Error> {
    if !(12..=19).contains(&v.len()) || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::problem(field, P::CardDigits, &[]));
    }
    if !luhn(v) {
        return Err(Error::problem(field, P::CardLuhn, &[]));
    }
    Ok(())
}

/// Luhn check over ASCII digits (anything else fails the check): dougong's, the one the sandbox and the
/// fuzz target compare against.
pub use dougong::ids::luhn;

/// A mainland mobile number: 11 digits starting 13–19.
pub fn mobile(field: &str, v: &str) -> Result<(), Error> {
    let b = v.as_bytes();
    if b.len() != 11 || b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) || !b.iter().all(u8::is_ascii_digit) {
        return Err(Error::problem(field, P::Mobile, &[]));
    }
    Ok(())
}

/// An e-mail address of at most `max` characters.
pub fn email(field: &str, v: &str, max: usize) -> Result<(), Error> {
    required(field, v, max)?;
    let ok = v
        .split_once('@')
        .is_some_and(|(u, d)| !u.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'));
    if !ok || v.contains(char::is_whitespace) {
        return Err(Error::problem(field, P::Email, &[]));
    }
    Ok(())
}

/// Present, and at most `max` characters.
pub fn required(field: &str, v: &str, max: usize) -> Result<(), Error> {
    if v.trim().is_empty() {
        return Err(Error::problem(field, P::Required, &[]));
    }
    max_len(field, v, max)
}

/// At most `max` characters (counted as characters, as the spec's String(n)), and no control characters
/// (a pasted tab or line break would travel to Huifu and into the merchant's records).
pub fn max_len(field: &str, v: &str, max: usize) -> Result<(), Error> {
    let n = v.chars().count();
    if n > max {
        return Err(Error::problem(field, P::TooLong, &[("n", n.to_string()), ("max", max.to_string())]));
    }
    no_control(field, v)
}

/// No control characters (tab, line break, NUL, DEL...).
pub fn no_control(field: &str, v: &str) -> Result<(), Error> {
    if v.chars().any(|c| c.is_control()) {
        return Err(Error::problem(field, P::ControlChar, &[]));
    }
    Ok(())
}

/// At least `min` characters.
pub fn min_len(field: &str, v: &str, min: usize) -> Result<(), Error> {
    if v.chars().count() < min {
        return Err(Error::problem(field, P::TooShort, &[("min", min.to_string())]));
    }
    Ok(())
}

/// One of the listed wire values.
pub fn one_of(field: &str, v: &str, allowed: &[&str]) -> Result<(), Error> {
    if !allowed.contains(&v) {
        return Err(Error::problem(field, P::NotOneOf, &[("value", v.to_string()), ("allowed", allowed.join(", "))]));
    }
    Ok(())
}

/// `yyyyMMdd` with a plausible month and day.
pub fn date8(field: &str, v: &str) -> Result<(), Error> {
    let ok = v.len() == 8
        && v.bytes().all(|b| b.is_ascii_digit())
        && (1..=12).contains(&v[4..6].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&v[6..8].parse::<u32>().unwrap_or(0));
    if !ok {
        return Err(Error::problem(field, P::Date8, &[]));
    }
    Ok(())
}

/// A huifu_id: digits, at most 18.
pub fn huifu_id(field: &str, v: &str) -> Result<(), Error> {
    if v.is_empty() || v.len() > 18 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::problem(field, P::HuifuId, &[]));
    }
    Ok(())
}

/// A percentage with at most 2 decimals in 0..=100, as the spec's rate strings ("0.38").
pub fn percent(field: &str, v: &str) -> Result<(), Error> {
    let ok = match v.split_once('.') {
        Some((i, d)) => {
            !i.is_empty()
                && i.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&d.len())
                && d.bytes().all(|b| b.is_ascii_digit())
        }
        None => !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()),
    };
    if !ok || v.parse::<f64>().map_or(true, |x| !(0.0..=100.0).contains(&x)) {
        return Err(Error::problem(field, P::Percent, &[]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_card_check_digit_catches_typos() {
        // 11010519491231002X is the standard's own example.
        id_card("legal_cert_no", "11010519491231002X").unwrap();
        id_card("legal_cert_no", "11010519491231002x").unwrap();
        let e = id_card("legal_cert_no", "110105194912310021").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("legal_cert_no"));
        assert!(e.message.contains("check digit"), "{}", e.message);
        assert_eq!(e.key.as_deref(), Some("id_card_check"), "the UI says it from the key");
    }

    #[test]
    fn uscc_check_character() {
        uscc("license_code", "91350100M000100Y43").unwrap();
        assert!(uscc("license_code", "91350100M000100Y44").is_err(), "wrong check character");
        assert!(uscc("license_code", "91350100M000100I43").is_err(), "I never appears");
    }

    #[test]
    fn luhn_and_mobile() {
        bank_card("card_no", "4111111111111111").unwrap();
        assert!(bank_card("card_no", "4111111111111112").is_err());
        mobile("mobile", "13812345678").unwrap();
        assert!(mobile("mobile", "12812345678").is_err());
        percent("fee_rate", "0.38").unwrap();
        assert!(percent("fee_rate", "0.385").is_err());
        assert!(percent("fee_rate", "101").is_err());
    }
}
