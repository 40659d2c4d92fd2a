//! Identifiers shaped like Huifu's (spec §4): huifu_id, apply_no, token_no, device_id, hf_seq_id, …
//! A persisted counter keeps them unique; random parts only decorate.

use rand::Rng;

use crate::clock::{self, Millis};

/// `6666` + 12 digits (merchants get `66660002…`, below the service provider's `66660001…`).
pub fn huifu_id(n: u64) -> String {
    format!("66660002{:08}", n % 100_000_000)
}

/// `yyyyMMdd` + 7 digits (15 chars, like `202209120038432`).
pub fn apply_no(now: Millis, n: u64) -> String {
    format!("{}{:07}", clock::ymd(now), n % 10_000_000)
}

/// `1000` + 7 digits (like `10004053462`).
pub fn token_no(n: u64) -> String {
    format!("1000{:07}", n % 10_000_000)
}

/// `6600` + 17 digits (21 chars).
pub fn device_id(n: u64) -> String {
    format!("6600{:017}", n)
}

/// A 40-char global sequence id: 4-char type (`0029` payment, `0031` refund, `0047` withdrawal,
/// `0035` close) + `00TOP3B` + yyMMddHHmmss + `P` + 3 digits + 8 hex + 5 digits.
pub fn hf_seq_id(kind: &str, now: Millis, n: u64) -> String {
    let r: u32 = rand::thread_rng().gen();
    format!("{kind}00TOP3B{}P{:03}{:08x}{:05}", clock::yymmddhhmmss(now), n % 1000, r, n % 100_000)
}

/// The order number shown on the payer's bill.
pub fn party_order_id(now: Millis, n: u64) -> String {
    format!("{}{:014}", &clock::ymd(now)[2..], n)
}

/// A channel transaction id (`4200…` for WeChat, `2024…` for Alipay).
pub fn out_trans_id(channel: &str, now: Millis, n: u64) -> String {
    match channel {
        "T" => format!("4200{}{}{:010}", clock::ymd(now), "00", n),
        "A" => format!("{}22001{:015}", clock::ymd(now), n),
        _ => format!("{}{:012}", clock::ymdhms(now), n),
    }
}

/// A WeChat (`W`: 10 digits), Alipay (`A`: `2088` + 12) or UnionPay (`U`: `898` + 12) sub-merchant id.
pub fn sub_mer_id(pay_way: &str, n: u64) -> String {
    match pay_way {
        "W" => format!("16{:08}", n % 100_000_000),
        "A" => format!("2088{:012}", n),
        _ => format!("898{:012}", n),
    }
}

/// A WeChat realname applyment id.
pub fn applyment_id(n: u64) -> String {
    format!("20000026{:08}", n % 100_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_documented_lengths() {
        let now = crate::clock::parse_ymd("20240514").unwrap();
        assert_eq!(huifu_id(7).len(), 16);
        assert_eq!(apply_no(now, 3).len(), 15);
        assert_eq!(token_no(5).len(), 11);
        assert_eq!(device_id(9).len(), 21);
        let h = hf_seq_id("0029", now, 12);
        assert_eq!(h.len(), 40, "{h}");
        assert!(h.starts_with("002900TOP3B240514000000P012"), "{h}");
    }
}
