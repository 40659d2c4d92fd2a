//! Money as integer fen. The yuan string ("12.34") exists only at the wire edge, made and read here,
//! exactly, without floats.

use std::fmt;

/// An amount in fen (1/100 yuan). Negative values exist for arithmetic (deltas); the wire never carries them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fen(pub i64);

/// Why a yuan string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is empty")]
    Empty,
    #[error("amount {0:?} is not a yuan amount like 12.34 (digits, at most 2 decimals, no sign or spaces)")]
    Format(String),
    #[error("amount {0:?} is too large")]
    Overflow(String),
}

impl Fen {
    /// Zero.
    pub const ZERO: Fen = Fen(0);

    /// "12.34" for 1234 fen; always two decimals ("0.01", "100.00"), "-0.05" for negatives.
    pub fn to_yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Parses a wire amount: digits with at most two decimals ("12", "12.3", "12.34"). No sign, exponent,
    /// spaces or thousands separators; exact (no floats).
    pub fn parse_yuan(s: &str) -> Result<Fen, MoneyError> {
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let bad = || MoneyError::Format(s.to_string());
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if s.contains('.') && (frac.is_empty() || frac.len() > 2) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let over = || MoneyError::Overflow(s.to_string());
        let yuan: i64 = int.parse().map_err(|_| over())?;
        let mut fen: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            fen += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
        }
        yuan.checked_mul(100).and_then(|y| y.checked_add(fen)).map(Fen).ok_or_else(over)
    }

    /// Sum that refuses to wrap.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// Difference that refuses to wrap.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_yuan_string())
    }
}

/// serde for a wire amount: written as the yuan string; read from a yuan string, or tolerantly from a JSON
/// number (some responses carry `0.00` as a number, spec D4).
pub mod yuan {
    use super::Fen;
    use serde::{de, Deserializer, Serializer};

    /// Writes "12.34".
    pub fn serialize<S: Serializer>(v: &Fen, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_yuan_string())
    }

    /// Reads "12.34" exactly (or a JSON number, rounded to fen).
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Fen, D::Error> {
        d.deserialize_any(YuanVisitor)
    }

    pub(super) struct YuanVisitor;

    impl<'de> de::Visitor<'de> for YuanVisitor {
        type Value = Fen;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a yuan amount such as \"12.34\"")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Fen, E> {
            Fen::parse_yuan(v.trim()).map_err(E::custom)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fen, E> {
            i64::try_from(v).ok().and_then(|y| y.checked_mul(100)).map(Fen).ok_or_else(|| E::custom("amount too large"))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fen, E> {
            v.checked_mul(100).map(Fen).ok_or_else(|| E::custom("amount too large"))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fen, E> {
            // Only reached for numbers on the wire (never produced by us); two decimals is the contract.
            let fen = (v * 100.0).round();
            if fen.is_finite() && fen.abs() < 9.0e15 {
                Ok(Fen(fen as i64))
            } else {
                Err(E::custom("amount out of range"))
            }
        }
    }
}

/// serde for an optional wire amount; an empty string reads as `None`.
pub mod yuan_opt {
    use super::Fen;
    use serde::{de, Deserializer, Serializer};

    /// Writes "12.34", or null (dropped by the canonical form) for `None`.
    pub fn serialize<S: Serializer>(v: &Option<Fen>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(f) => s.serialize_str(&f.to_yuan_string()),
            None => s.serialize_none(),
        }
    }

    /// Reads an amount; null, absent or "" is `None`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Fen>, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Option<Fen>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a yuan amount, empty or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                if v.trim().is_empty() {
                    Ok(None)
                } else {
                    super::yuan::YuanVisitor.visit_str(v).map(Some)
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                super::yuan::YuanVisitor.visit_u64(v).map(Some)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                super::yuan::YuanVisitor.visit_i64(v).map(Some)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                super::yuan::YuanVisitor.visit_f64(v).map(Some)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_strings_round_trip() {
        for (s, f) in [("0.01", 1), ("12.34", 1234), ("100.00", 10000), ("0.00", 0), ("92233720368547758.07", i64::MAX)]
        {
            assert_eq!(Fen::parse_yuan(s), Ok(Fen(f)), "parse {s}");
            assert_eq!(Fen(f).to_yuan_string(), s, "format {f}");
        }
        assert_eq!(Fen::parse_yuan("12"), Ok(Fen(1200)));
        assert_eq!(Fen::parse_yuan("12.3"), Ok(Fen(1230)));
        assert_eq!(Fen(-5).to_yuan_string(), "-0.05");
    }

    #[test]
    fn refuses_anything_not_exact() {
        for bad in ["", "1.234", ".5", "1.", "-1.00", "+1", " 1", "1e2", "1,000.00", "0x10", "1.2a", "NaN"] {
            assert!(Fen::parse_yuan(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(matches!(Fen::parse_yuan("92233720368547758.08"), Err(MoneyError::Overflow(_))));
    }

    #[test]
    fn property_every_fen_round_trips() {
        use proptest::prelude::*;
        proptest!(|(f in 0i64..=i64::MAX)| {
            prop_assert_eq!(Fen::parse_yuan(&Fen(f).to_yuan_string()), Ok(Fen(f)));
        });
    }
}
