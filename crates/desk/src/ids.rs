//! req_seq_id: chosen by desk, fixed when a write is prepared and reused by every retry of it (spec §4:
//! unique per huifu_id per day, String(32) on merchant APIs).

use rand::Rng;
use time::OffsetDateTime;

/// A new req_seq_id: `yyyyMMddHHmmss` (Beijing) + 14 random lowercase letters and digits = 28 chars, fits
/// String(32). Same shape as the Java SDK's generator, so it reads naturally in Huifu's console.
pub fn new_req_seq_id(now: OffsetDateTime) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let tail: String = (0..14).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}{tail}", crate::clock::stamp14(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_fit_and_differ() {
        let now = OffsetDateTime::now_utc();
        let a = new_req_seq_id(now);
        let b = new_req_seq_id(now);
        assert_eq!(a.len(), 28, "fits String(32)");
        assert_ne!(a, b, "two ids in the same second differ");
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()), "only [a-z0-9]: {a}");
    }
}
