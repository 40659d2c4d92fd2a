//! Amounts (spec §4: yuan as text with two decimals on the wire, integer fen inside): reading and
//! writing yuan text, fees in fen. The simulator's own reading, apart from crates/dougong.

/// `12.34` for 1234 fen (`-0.05` for -5).
pub fn yuan(fen: i64) -> String {
    let abs = fen.unsigned_abs();
    format!("{}{}.{:02}", if fen < 0 { "-" } else { "" }, abs / 100, abs % 100)
}

/// Reads a yuan text in fen, exactly: digits, optionally a point and one or two more digits (`12`,
/// `12.3`, `12.34`). No sign, spaces, exponent or separators; `None` for anything else or beyond i64.
/// Wire amounts must have exactly two decimals; the request checks (validate.rs) require that on top.
pub fn fen(text: &str) -> Option<i64> {
    let (whole, cents) = text.split_once('.').unwrap_or((text, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(cents) || cents.len() > 2 {
        return None;
    }
    // "3" after the point is 30 fen.
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// A percentage string ("20", "20.5", "20.00") in hundredths of a percent; `None` outside 0–100.
pub fn percent_bp(v: &str) -> Option<i64> {
    fen(v).filter(|bp| (0..=10_000).contains(bp))
}

/// Fee in fen for `amount` at `rate_pct` ("0.38" = 0.38 %), rounded half up.
pub fn fee(amount: i64, rate_pct: &str) -> i64 {
    let bp = percent_bp(rate_pct).unwrap_or(0);
    (amount * bp + 5_000) / 10_000
}

/// The fee formula text of notifications, e.g. `AMT*0.0038`.
pub fn fee_formula(rate_pct: &str) -> String {
    let bp = percent_bp(rate_pct).unwrap_or(0);
    format!("AMT*{}", (bp as f64 / 10_000.0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fees_round_half_up() {
        assert_eq!(super::fee(10_000, "0.38"), 38);
        assert_eq!(super::fee(1, "0.38"), 0, "0.0038 fen rounds to 0");
        assert_eq!(super::fee(132, "0.38"), 1, "0.5016 fen rounds up");
        assert_eq!(super::fee_formula("0.38"), "AMT*0.0038");
        assert_eq!(super::yuan(6661), "66.61");
        assert_eq!(super::yuan(-5), "-0.05");
    }

    #[test]
    fn reads_yuan_exactly() {
        use super::fen;
        assert_eq!(fen("12"), Some(1200));
        assert_eq!(fen("12.3"), Some(1230));
        assert_eq!(fen("0.01"), Some(1));
        assert_eq!(fen("92233720368547758.07"), Some(i64::MAX));
        for bad in ["", ".5", "1.", "1.234", "-1", "+1", "1e2", " 1", "1,000", "1.2.3", "92233720368547758.08", "１"] {
            assert_eq!(fen(bad), None, "{bad:?}");
        }
    }
}
