//! Amount helpers: yuan text for answers, fees in fen.

use ::dougong::money::Fen;

/// "12.34".
pub fn yuan(fen: i64) -> String {
    Fen(fen).to_yuan_string()
}

/// Fee in fen for `amount` at `rate_pct` ("0.38" = 0.38 %), rounded half up.
pub fn fee(amount: i64, rate_pct: &str) -> i64 {
    let bp = super::validate::percent_bp(rate_pct).unwrap_or(0);
    (amount * bp + 5_000) / 10_000
}

/// The fee formula text of notifications, e.g. `AMT*0.0038`.
pub fn fee_formula(rate_pct: &str) -> String {
    let bp = super::validate::percent_bp(rate_pct).unwrap_or(0);
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
    }
}
