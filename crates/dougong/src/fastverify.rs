//! SHA256withRSA verification with the public key's Montgomery constants computed once.
//!
//! Why: every dougong answer and notification is verified, and rsa 0.9's verify goes through
//! num-bigint-dig's generic `modpow`, which for each call recomputes R² mod n (a 4096-by-2048-bit
//! division) and runs a fixed 4-bit window over all 64 bits of the exponent: about 95 Montgomery products
//! for e = 65537, where square-and-multiply needs 17. Here n's constants live with the key and the
//! exponent is walked bit by bit (16 squarings + 1 product for 65537, plus 2 for entering and leaving
//! Montgomery form). Only the public operation is done here; signing stays in rsa (blinding, CRT).
//!
//! Semantics are rsa 0.9's `Pkcs1v15Sign` verify exactly: the signature must be k bytes and < n, and
//! s^e mod n, as k big-endian bytes, must equal EM = 00 01 FF…FF 00 ‖ DigestInfo(SHA-256) ‖ H(m). The whole
//! EM is built and compared, so any arithmetic error rejects (tests cross-check against rsa's verify).

use rsa::traits::PublicKeyParts;
use rsa::{BigUint, RsaPublicKey};

/// DER of DigestInfo's algorithm part for SHA-256 (RFC 8017 §9.2 note 1).
const SHA256_PREFIX: [u8; 19] = [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// Montgomery constants of one modulus (64-bit limbs, least significant first).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Verifier {
    n: Vec<u64>,
    /// -n⁻¹ mod 2⁶⁴.
    n0inv: u64,
    /// R² mod n, R = 2^(64·limbs).
    rr: Vec<u64>,
    /// The public exponent, most significant byte first.
    e: Vec<u8>,
    /// Modulus size in bytes.
    k: usize,
}

fn limbs(x: &BigUint, len: usize) -> Vec<u64> {
    let bytes = x.to_bytes_le();
    let mut out = vec![0u64; len];
    for (i, b) in bytes.iter().enumerate() {
        out[i / 8] |= u64::from(*b) << (8 * (i % 8));
    }
    out
}

fn from_be(bytes: &[u8], len: usize) -> Vec<u64> {
    let mut out = vec![0u64; len];
    for (i, b) in bytes.iter().rev().enumerate() {
        out[i / 8] |= u64::from(*b) << (8 * (i % 8));
    }
    out
}

fn to_be(x: &[u64], k: usize) -> Vec<u8> {
    let mut out = vec![0u8; k];
    for i in 0..k {
        out[k - 1 - i] = (x[i / 8] >> (8 * (i % 8))) as u8;
    }
    out
}

/// a < b, both of the same length.
fn less(a: &[u64], b: &[u64]) -> bool {
    for i in (0..a.len()).rev() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
    }
    false
}

impl Verifier {
    pub(crate) fn new(key: &RsaPublicKey) -> Verifier {
        let n_big = key.n();
        let k = key.size();
        let s = k.div_ceil(8);
        let n = limbs(n_big, s);
        // Newton's iteration for n[0]⁻¹ mod 2⁶⁴ (n is odd): each step doubles the correct low bits.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let rr = limbs(&((BigUint::from(1u8) << (128 * s)) % n_big), s);
        Verifier { n, n0inv: inv.wrapping_neg(), rr, e: key.e().to_bytes_be(), k }
    }

    /// a·b·R⁻¹ mod n (CIOS; inputs < n, result < n).
    fn mul(&self, a: &[u64], b: &[u64]) -> Vec<u64> {
        let s = self.n.len();
        let mut t = vec![0u64; s + 2];
        for &bi in b {
            let mut c: u128 = 0;
            for j in 0..s {
                let x = u128::from(t[j]) + u128::from(a[j]) * u128::from(bi) + c;
                t[j] = x as u64;
                c = x >> 64;
            }
            let x = u128::from(t[s]) + c;
            t[s] = x as u64;
            t[s + 1] = (x >> 64) as u64;
            let m = t[0].wrapping_mul(self.n0inv);
            let x = u128::from(t[0]) + u128::from(m) * u128::from(self.n[0]);
            let mut c = x >> 64;
            for j in 1..s {
                let x = u128::from(t[j]) + u128::from(m) * u128::from(self.n[j]) + c;
                t[j - 1] = x as u64;
                c = x >> 64;
            }
            let x = u128::from(t[s]) + c;
            t[s - 1] = x as u64;
            t[s] = t[s + 1] + (x >> 64) as u64;
            t[s + 1] = 0;
        }
        // t < 2n: one conditional subtraction.
        if t[s] != 0 || !less(&t[..s], &self.n) {
            let mut borrow = 0u64;
            for j in 0..s {
                let (d1, b1) = t[j].overflowing_sub(self.n[j]);
                let (d2, b2) = d1.overflowing_sub(borrow);
                t[j] = d2;
                borrow = u64::from(b1 || b2);
            }
        }
        t.truncate(s);
        t
    }

    /// s^e mod n for s < n.
    fn pow(&self, x: &[u64]) -> Vec<u64> {
        let xm = self.mul(x, &self.rr);
        let mut acc: Option<Vec<u64>> = None;
        for byte in &self.e {
            for bit in (0..8).rev() {
                if let Some(a) = acc.as_mut() {
                    *a = self.mul(a, a);
                }
                if byte >> bit & 1 == 1 {
                    acc = Some(match acc {
                        None => xm.clone(),
                        Some(a) => self.mul(&a, &xm),
                    });
                }
            }
        }
        let mut one = vec![0u64; self.n.len()];
        one[0] = 1;
        // e ≥ 1 for any key rsa accepts, so acc is set.
        self.mul(&acc.unwrap_or_else(|| self.mul(&one, &self.rr)), &one)
    }

    /// True when `sig` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature over the digest `hashed`.
    pub(crate) fn verify(&self, hashed: &[u8; 32], sig: &[u8]) -> bool {
        let k = self.k;
        if sig.len() != k || k < SHA256_PREFIX.len() + 32 + 11 {
            return false;
        }
        let s = from_be(sig, self.n.len());
        if !less(&s, &self.n) {
            return false;
        }
        let em = to_be(&self.pow(&s), k);
        let t_len = SHA256_PREFIX.len() + 32;
        let mut expected = vec![0xffu8; k];
        expected[0] = 0;
        expected[1] = 1;
        expected[k - t_len - 1] = 0;
        expected[k - t_len..k - 32].copy_from_slice(&SHA256_PREFIX);
        expected[k - 32..].copy_from_slice(hashed);
        em == expected
    }
}

#[cfg(test)]
mod tests {
    use rsa::{Pkcs1v15Sign, RsaPrivateKey};
    use sha2::{Digest, Sha256};

    use super::*;

    fn key() -> RsaPrivateKey {
        use rsa::pkcs8::DecodePrivateKey;
        use base64::Engine as _;
        let der = base64::engine::general_purpose::STANDARD.decode(include_str!("../tests/golden/demo_private_key.txt").trim()).unwrap();
        RsaPrivateKey::from_pkcs8_der(&der).unwrap()
    }

    #[test]
    fn pow_matches_modpow() {
        let k = key();
        let p = k.to_public_key();
        let v = Verifier::new(&p);
        for seed in 1..40u32 {
            let x = (BigUint::from(seed) << (seed as usize * 53)) + BigUint::from(seed * 7919) ;
            let x = x % p.n();
            let ours = to_be(&v.pow(&limbs(&x, v.n.len())), v.k);
            let theirs = x.modpow(p.e(), p.n()).to_bytes_be();
            assert_eq!(ours[ours.len() - theirs.len()..], theirs[..], "seed {seed}");
        }
    }

    #[test]
    fn agrees_with_rsa_verify_on_good_and_bad_signatures() {
        let k = key();
        let p = k.to_public_key();
        let v = Verifier::new(&p);
        for i in 0..20u32 {
            let msg = format!("message {i} 中文");
            let h: [u8; 32] = Sha256::digest(msg.as_bytes()).into();
            let sig = k.sign(Pkcs1v15Sign::new::<Sha256>(), &h).unwrap();
            assert!(v.verify(&h, &sig), "good signature {i}");
            assert!(p.verify(Pkcs1v15Sign::new::<Sha256>(), &h, &sig).is_ok());
            let mut bad = sig.clone();
            let at = (i as usize * 13) % bad.len();
            bad[at] ^= 1 << (i % 8);
            assert_eq!(v.verify(&h, &bad), p.verify(Pkcs1v15Sign::new::<Sha256>(), &h, &bad).is_ok(), "flipped bit {i}");
            assert!(!v.verify(&h, &bad));
            let mut other = h;
            other[0] ^= 1;
            assert!(!v.verify(&other, &sig), "other digest {i}");
        }
        let h = [7u8; 32];
        let sig = k.sign(Pkcs1v15Sign::new::<Sha256>(), &h).unwrap();
        assert!(!v.verify(&h, &sig[1..]), "short signature");
        let mut long = vec![0u8];
        long.extend_from_slice(&sig);
        assert!(!v.verify(&h, &long), "long signature");
        assert!(!v.verify(&h, &vec![0xff; sig.len()]), "signature ≥ n");
        let n_bytes = p.n().to_bytes_be();
        assert!(!v.verify(&h, &n_bytes), "signature = n");
    }
}
