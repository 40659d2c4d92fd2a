//! Check digits of Chinese identifiers, so bad input is stopped before it is sent (DESIGN: "Bad input is
//! stopped at the form ... and again in desk"). Pure functions; desk and the UI reuse them.

/// 18-digit resident ID (GB 11643): 17 digits + check character (0-9 or X), with a plausible birth date.
pub fn is_valid_id_card(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17].iter().zip(W).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = C[(sum % 11) as usize];
    let month: u32 = s[10..12].parse().unwrap_or(0);
    let day: u32 = s[12..14].parse().unwrap_or(0);
    b[17].to_ascii_uppercase() == check && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// 18-character unified social credit code (GB 32100) with its check character.
pub fn is_valid_uscc(s: &str) -> bool {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const W: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let b = s.as_bytes();
    if b.len() != 18 {
        return false;
    }
    let mut sum = 0usize;
    for (i, c) in b[..17].iter().enumerate() {
        let Some(v) = ALPHABET.iter().position(|a| a == c) else { return false };
        sum += v * W[i];
    }
    let check = (31 - sum % 31) % 31;
    b[17] == ALPHABET[check]
}

/// Mainland mobile number: 11 digits starting with 1.
pub fn is_valid_mobile(s: &str) -> bool {
    s.len() == 11 && s.starts_with('1') && s.bytes().all(|b| b.is_ascii_digit())
}

/// Luhn check (most personal bank cards pass it; some corporate account numbers do not, so callers use it
/// as a warning for 对公 accounts).
pub fn passes_luhn(s: &str) -> bool {
    s.len() >= 12 && luhn(s)
}

/// The Luhn check alone, over ASCII digits of any length (anything else fails it).
pub fn luhn(s: &str) -> bool {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = s
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_and_invalid_ids() {
        assert!(is_valid_id_card("11010519491231002X"), "GB 11643 example");
        assert!(is_valid_id_card("11010519491231002x"), "lowercase x accepted");
        assert!(!is_valid_id_card("110105194912310021"), "wrong check digit");
        assert!(!is_valid_id_card("11010519491331002X"), "month 13");
        assert!(is_valid_uscc("91350100M000100Y43"), "GB 32100 example");
        assert!(!is_valid_uscc("91350100M000100Y44"), "wrong check char");
        assert!(!is_valid_uscc("91350100M000100I43"), "I is not in the alphabet");
        assert!(is_valid_mobile("13800138000") && !is_valid_mobile("23800138000") && !is_valid_mobile("1380013800"));
        assert!(passes_luhn("6222020200112233440") || passes_luhn("4111111111111111"), "Luhn sample");
        assert!(passes_luhn("4111111111111111") && !passes_luhn("4111111111111112"));
    }
}
