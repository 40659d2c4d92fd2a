//! RSA keys as Huifu hands them out (bare base64 DER: PKCS#8 private, X.509 SPKI public) or as PEM
//! (PKCS#1, PKCS#8, SPKI); SHA256withRSA PKCS#1 v1.5 signatures in standard base64 (spec §2.3, §2.7);
//! PKCS#1 v1.5 encryption of sensitive fields with Huifu's public key (§2.9).
//!
//! A [`PrivateKey`] never prints its material: `Debug` shows `<redacted>` and it is not `Serialize`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::signer::FastSigner;

/// Why a key text could not be used. Messages name the format problem, never the key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key text is empty")]
    Empty,
    #[error("the key is not valid base64 (Huifu keys are one base64 line, or PEM with -----BEGIN ...----- armour)")]
    NotBase64,
    #[error("PEM armour is broken: {0}")]
    BadPem(String),
    #[error("encrypted PEM keys are not supported; export the key without a passphrase")]
    EncryptedPem,
    #[error("this is a public key where a private key was expected")]
    PublicWherePrivateExpected,
    #[error("this is a private key where a public key was expected")]
    PrivateWherePublicExpected,
    #[error("PEM label {0:?} is not an RSA key (expected PRIVATE KEY, RSA PRIVATE KEY, PUBLIC KEY or RSA PUBLIC KEY)")]
    UnsupportedPemLabel(String),
    #[error("the bytes are not an RSA private key in PKCS#8 or PKCS#1 DER")]
    NotPrivateKeyDer,
    #[error("the bytes are not an RSA public key in X.509 SubjectPublicKeyInfo or PKCS#1 DER")]
    NotPublicKeyDer,
    #[error("key size {0} bits is not supported (use 1024..=4096; Huifu uses 2048)")]
    UnsupportedSize(usize),
    #[error("RSA operation failed: {0}")]
    Crypto(String),
}

/// A merchant RSA private key. Cloning copies the rsa key (and shares the signer's copy); dropping
/// zeroizes the rsa key (rsa does that).
#[derive(Clone)]
pub struct PrivateKey {
    inner: RsaPrivateKey,
    /// The platform's fast signer for the same key ([`crate::signer`]); None: rsa signs.
    signer: Option<FastSigner>,
}

/// An RSA public key (Huifu's, or the merchant's own for checks).
#[derive(Clone)]
pub struct PublicKey {
    inner: RsaPublicKey,
    /// n and e as big-endian bytes for ring's verifier: verification is the hot path (every answer and
    /// notification) and ring's is several times faster than rsa 0.9's generic modpow.
    ring: ring::signature::RsaPublicKeyComponents<Vec<u8>>,
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrivateKey(<redacted>)")
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b64 = self.to_bare_base64();
        // The SPKI prefix is the same for every 2048-bit key; show the start of the modulus instead.
        write!(f, "PublicKey({} bits, {}...)", self.bits(), b64.get(32..48).unwrap_or(&b64))
    }
}

/// What a key text turned out to be after removing armour and whitespace.
enum KeyText {
    /// Bare base64 DER, format unknown.
    Bare(Zeroizing<Vec<u8>>),
    /// PEM with its label.
    Pem(String, Zeroizing<Vec<u8>>),
}

fn decode_b64_lenient(s: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    // Keys are often pasted wrapped at 64/76/120 columns or with stray spaces.
    let compact: Zeroizing<String> = Zeroizing::new(s.chars().filter(|c| !c.is_whitespace()).collect());
    if compact.is_empty() {
        return Err(KeyError::Empty);
    }
    B64.decode(compact.as_bytes()).map(Zeroizing::new).map_err(|_| KeyError::NotBase64)
}

fn read_key_text(text: &str) -> Result<KeyText, KeyError> {
    let t = text.trim().trim_start_matches('\u{feff}');
    if t.is_empty() {
        return Err(KeyError::Empty);
    }
    if !t.starts_with("-----BEGIN ") {
        if t.contains("-----") {
            return Err(KeyError::BadPem("text before the -----BEGIN line".into()));
        }
        return decode_b64_lenient(t).map(KeyText::Bare);
    }
    let first_end = t.find('\n').unwrap_or(t.len());
    let begin = t[..first_end].trim();
    let label = begin
        .strip_prefix("-----BEGIN ")
        .and_then(|r| r.strip_suffix("-----"))
        .ok_or_else(|| KeyError::BadPem("malformed -----BEGIN line".into()))?
        .to_string();
    let end_line = format!("-----END {label}-----");
    let end_at = t.find(&end_line).ok_or_else(|| KeyError::BadPem(format!("missing {end_line}")))?;
    let body = &t[first_end..end_at];
    if body.contains("Proc-Type:") || body.contains("DEK-Info:") || label == "ENCRYPTED PRIVATE KEY" {
        return Err(KeyError::EncryptedPem);
    }
    let der = decode_b64_lenient(body).map_err(|e| match e {
        KeyError::Empty => KeyError::BadPem("no base64 between the armour lines".into()),
        _ => KeyError::BadPem("the body between the armour lines is not base64".into()),
    })?;
    Ok(KeyText::Pem(label, der))
}

fn private_from_der(der: &[u8]) -> Result<RsaPrivateKey, KeyError> {
    RsaPrivateKey::from_pkcs8_der(der).or_else(|_| RsaPrivateKey::from_pkcs1_der(der)).map_err(|_| {
        if public_from_der(der).is_ok() {
            KeyError::PublicWherePrivateExpected
        } else {
            KeyError::NotPrivateKeyDer
        }
    })
}

fn public_from_der(der: &[u8]) -> Result<RsaPublicKey, KeyError> {
    RsaPublicKey::from_public_key_der(der).or_else(|_| RsaPublicKey::from_pkcs1_der(der)).map_err(|_| {
        if RsaPrivateKey::from_pkcs8_der(der).is_ok() || RsaPrivateKey::from_pkcs1_der(der).is_ok() {
            KeyError::PrivateWherePublicExpected
        } else {
            KeyError::NotPublicKeyDer
        }
    })
}

fn check_bits(bits: usize) -> Result<(), KeyError> {
    if (1024..=4096).contains(&bits) {
        Ok(())
    } else {
        Err(KeyError::UnsupportedSize(bits))
    }
}

impl PrivateKey {
    /// Parses Huifu's bare base64 PKCS#8, or PEM `PRIVATE KEY` (PKCS#8) / `RSA PRIVATE KEY` (PKCS#1, and the
    /// PKCS#8-inside-PKCS#1-armour that the Go SDKs produce, spec D17).
    pub fn from_text(text: &str) -> Result<PrivateKey, KeyError> {
        let inner = match read_key_text(text)? {
            KeyText::Bare(der) => private_from_der(&der)?,
            KeyText::Pem(label, der) => match label.as_str() {
                "PRIVATE KEY" | "RSA PRIVATE KEY" => private_from_der(&der)?,
                "PUBLIC KEY" | "RSA PUBLIC KEY" => return Err(KeyError::PublicWherePrivateExpected),
                other => return Err(KeyError::UnsupportedPemLabel(other.to_string())),
            },
        };
        check_bits(inner.size() * 8)?;
        Ok(PrivateKey::with_signer(inner))
    }

    /// A fresh key pair of `bits` bits (Huifu uses 2048).
    pub fn generate(bits: usize) -> Result<PrivateKey, KeyError> {
        check_bits(bits)?;
        let inner = RsaPrivateKey::new(&mut rand::rngs::OsRng, bits).map_err(|e| KeyError::Crypto(e.to_string()))?;
        Ok(PrivateKey::with_signer(inner))
    }

    /// Wraps `inner` with the platform's fast signer when it takes the key (the PKCS#8 form handed to
    /// it is zeroized after: `SecretDocument` wipes on drop).
    fn with_signer(inner: RsaPrivateKey) -> PrivateKey {
        let signer = inner.to_pkcs8_der().ok().and_then(|der| FastSigner::from_pkcs8(der.as_bytes()));
        PrivateKey { inner, signer }
    }

    /// Huifu's form: PKCS#8 DER in one base64 line, no armour. Zeroized on drop.
    pub fn to_bare_base64(&self) -> Zeroizing<String> {
        let der = self.inner.to_pkcs8_der().expect("an RSA key in memory always encodes to PKCS#8");
        Zeroizing::new(B64.encode(der.as_bytes()))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::wrap(self.inner.to_public_key())
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// SHA256withRSA (RSASSA-PKCS1-v1_5 + SHA-256) over `msg`, standard base64 with padding.
    /// Deterministic for a given key and message (blinding only hides timing).
    pub fn sign(&self, msg: &[u8]) -> String {
        match self.signer.as_ref().and_then(|s| s.sign(msg)) {
            Some(sig) => B64.encode(sig),
            None => self.sign_with_rsa(msg),
        }
    }

    /// The same signature through rsa 0.9 (keys ring refuses; tests compare the two).
    fn sign_with_rsa(&self, msg: &[u8]) -> String {
        let digest = Sha256::digest(msg);
        let sig = self
            .inner
            .sign_with_rng(&mut rand::rngs::OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest)
            .expect("PKCS#1 v1.5 signing of a SHA-256 digest cannot fail with a >=1024-bit key");
        B64.encode(sig)
    }

    /// Decrypts what [`PublicKey::encrypt`] produced (used by the sandbox and tests).
    pub fn decrypt(&self, b64: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let ct = B64.decode(b64.trim()).map_err(|_| KeyError::NotBase64)?;
        let k = self.inner.size();
        if ct.is_empty() || ct.len() % k != 0 {
            return Err(KeyError::Crypto(format!("ciphertext length {} is not a multiple of {k}", ct.len())));
        }
        let mut out = Zeroizing::new(Vec::new());
        for block in ct.chunks(k) {
            let pt = Zeroizing::new(
                self.inner.decrypt(Pkcs1v15Encrypt, block).map_err(|e| KeyError::Crypto(e.to_string()))?,
            );
            out.extend_from_slice(&pt);
        }
        Ok(out)
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

impl Eq for PublicKey {}

impl PublicKey {
    fn wrap(inner: RsaPublicKey) -> PublicKey {
        let ring = ring::signature::RsaPublicKeyComponents { n: inner.n().to_bytes_be(), e: inner.e().to_bytes_be() };
        PublicKey { inner, ring }
    }

    /// Parses Huifu's bare base64 X.509 SPKI (PKCS#1 DER is accepted too), or PEM `PUBLIC KEY` / `RSA PUBLIC KEY`.
    pub fn from_text(text: &str) -> Result<PublicKey, KeyError> {
        let inner = match read_key_text(text)? {
            KeyText::Bare(der) => public_from_der(&der)?,
            KeyText::Pem(label, der) => match label.as_str() {
                "PUBLIC KEY" | "RSA PUBLIC KEY" => public_from_der(&der)?,
                "PRIVATE KEY" | "RSA PRIVATE KEY" => return Err(KeyError::PrivateWherePublicExpected),
                other => return Err(KeyError::UnsupportedPemLabel(other.to_string())),
            },
        };
        check_bits(inner.size() * 8)?;
        Ok(PublicKey::wrap(inner))
    }

    /// Huifu's form: X.509 SubjectPublicKeyInfo DER in one base64 line.
    pub fn to_bare_base64(&self) -> String {
        let der = self.inner.to_public_key_der().expect("an RSA public key always encodes to SPKI");
        B64.encode(der.as_bytes())
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// True when `sig_b64` (standard base64; surrounding whitespace ignored) is a valid SHA256withRSA
    /// signature of `msg`. Any malformed input is simply "not valid".
    pub fn verify(&self, msg: &[u8], sig_b64: &str) -> bool {
        let Ok(sig) = B64.decode(sig_b64.trim()) else { return false };
        // PKCS#1 v1.5 with SHA-256, the signature exactly k bytes and < n, as rsa's verify. ring names the
        // 1024-bit floor "legacy"; keys are limited to 1024..=4096 bits when parsed (check_bits).
        self.ring.verify(&ring::signature::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY, msg, &sig).is_ok()
    }

    /// §2.9: RSA PKCS#1 v1.5 encryption, input split into blocks of at most k-11 bytes (245 for 2048-bit keys,
    /// as dg-sdk's `rsa_long_encrypt`), ciphertext blocks concatenated, then standard base64.
    pub fn encrypt(&self, plaintext: &[u8]) -> Result<String, KeyError> {
        let chunk = self.inner.size() - 11;
        let mut out = Vec::new();
        let mut rng = rand::rngs::OsRng;
        // An empty plaintext is still one (empty) block, as Python's loop over range(0, 0 or 1) would not be;
        // we refuse it instead of sending an empty field.
        if plaintext.is_empty() {
            return Err(KeyError::Crypto("nothing to encrypt".into()));
        }
        for block in plaintext.chunks(chunk) {
            let ct =
                self.inner.encrypt(&mut rng, Pkcs1v15Encrypt, block).map_err(|e| KeyError::Crypto(e.to_string()))?;
            out.extend_from_slice(&ct);
        }
        Ok(B64.encode(out))
    }
}

/// True when `public` is the public half of `private` (same modulus and exponent).
pub fn pair_matches(private: &PrivateKey, public: &PublicKey) -> bool {
    private.inner.n() == public.inner.n() && private.inner.e() == public.inner.e()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> PrivateKey {
        PrivateKey::from_text(include_str!("../tests/golden/demo_private_key.txt")).unwrap()
    }

    #[test]
    fn debug_redacts_private_key() {
        let k = demo();
        let dbg = format!("{k:?}");
        assert_eq!(dbg, "PrivateKey(<redacted>)", "Debug must not leak key material");
    }

    #[test]
    fn pem_forms_round_trip() {
        use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
        use rsa::pkcs8::LineEnding;
        let k = demo();
        let bare = k.to_bare_base64();
        let pkcs8_pem = k.inner.to_pkcs8_pem(LineEnding::LF).unwrap();
        let pkcs1_pem = k.inner.to_pkcs1_pem(LineEnding::CRLF).unwrap();
        for text in [bare.as_str(), pkcs8_pem.as_str(), pkcs1_pem.as_str()] {
            let parsed = PrivateKey::from_text(text).unwrap();
            assert!(pair_matches(&parsed, &k.public_key()), "every private form must give the same key");
        }
        // The Go SDK's quirk: PKCS#8 DER inside RSA PRIVATE KEY armour.
        let go_style = format!("-----BEGIN {l}-----\n{}\n-----END {l}-----\n", bare.as_str(), l = "RSA PRIVATE KEY");
        assert!(pair_matches(&PrivateKey::from_text(&go_style).unwrap(), &k.public_key()), "Go-style armour accepted");

        let p = k.public_key();
        let spki_pem = p.inner.to_public_key_pem(LineEnding::LF).unwrap();
        let pkcs1_pub_pem = p.inner.to_pkcs1_pem(LineEnding::LF).unwrap();
        for text in [p.to_bare_base64(), spki_pem, pkcs1_pub_pem] {
            assert_eq!(PublicKey::from_text(&text).unwrap(), p, "every public form must give the same key");
        }
    }

    #[test]
    fn errors_name_the_problem() {
        let k = demo();
        let p = k.public_key();
        assert_eq!(PrivateKey::from_text("   ").unwrap_err(), KeyError::Empty);
        assert_eq!(PrivateKey::from_text("not base64 at all!").unwrap_err(), KeyError::NotBase64);
        assert_eq!(PrivateKey::from_text("aGVsbG8=").unwrap_err(), KeyError::NotPrivateKeyDer);
        assert_eq!(PrivateKey::from_text(&p.to_bare_base64()).unwrap_err(), KeyError::PublicWherePrivateExpected);
        assert_eq!(PublicKey::from_text(&k.to_bare_base64()).unwrap_err(), KeyError::PrivateWherePublicExpected);
        assert_eq!(PublicKey::from_text("aGVsbG8=").unwrap_err(), KeyError::NotPublicKeyDer);
        assert!(matches!(
            PrivateKey::from_text("-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----").unwrap_err(),
            KeyError::UnsupportedPemLabel(l) if l == "CERTIFICATE"
        ));
        assert!(matches!(
            PrivateKey::from_text(&format!("-----BEGIN {}-----\naGVsbG8=\n", "PRIVATE KEY")).unwrap_err(),
            KeyError::BadPem(_)
        ));
        assert_eq!(
            PrivateKey::from_text(&format!(
                "-----BEGIN {l}-----\naGVsbG8=\n-----END {l}-----",
                l = "ENCRYPTED PRIVATE KEY"
            ))
            .unwrap_err(),
            KeyError::EncryptedPem
        );
        let msg = KeyError::NotBase64.to_string();
        assert!(!msg.contains(&k.to_bare_base64()[40..60]), "errors never carry key text");
    }

    #[test]
    fn pair_check_rejects_other_key() {
        let k = demo();
        let huifu_demo = PublicKey::from_text(include_str!("../tests/golden/demo_huifu_public_key.txt")).unwrap();
        assert!(pair_matches(&k, &k.public_key()), "a key matches its own public half");
        assert!(!pair_matches(&k, &huifu_demo), "appendix C says the demo Huifu key is not the pair");
    }

    #[test]
    fn sign_verify_and_tamper() {
        let k = demo();
        let sig = k.sign(b"hello");
        assert!(k.public_key().verify(b"hello", &sig), "own signature verifies");
        assert!(!k.public_key().verify(b"hellO", &sig), "changed message fails");
        assert!(!k.public_key().verify(b"hello", "%%%"), "garbage signature fails");
        assert_eq!(sig, k.sign(b"hello"), "PKCS#1 v1.5 is deterministic");
    }

    /// The platform's signer, ring (the signer of other platforms) and rsa give the same bytes.
    #[test]
    fn every_signer_gives_the_same_bytes() {
        let demo = demo();
        assert!(demo.signer.is_some(), "the fast signer takes Huifu's 2048-bit demo key");
        let der = demo.inner.to_pkcs8_der().unwrap();
        let ring = crate::signer::ring_from_pkcs8(der.as_bytes()).expect("ring takes the demo key");
        let msgs: [&[u8]; 3] = [b"", b"{\"a\":\"1\"}", &[0xffu8; 5000]];
        for m in msgs {
            let rsa = demo.sign_with_rsa(m);
            assert_eq!(demo.sign(m), rsa, "the platform's signer and rsa agree on the demo key");
            assert_eq!(B64.encode(ring.sign(m).unwrap()), rsa, "ring and rsa agree on the demo key");
        }
        for bits in [1024, 3072] {
            let k = PrivateKey::generate(bits).unwrap();
            assert_eq!(k.sign(b"hello"), k.sign_with_rsa(b"hello"), "{bits}-bit");
            assert!(k.public_key().verify(b"hello", &k.sign(b"hello")));
        }
    }

    #[test]
    fn encrypt_long_input_in_blocks() {
        let k = demo();
        let msg: Vec<u8> = (0..600u32).map(|i| (i % 251) as u8).collect();
        let ct = k.public_key().encrypt(&msg).unwrap();
        let raw = B64.decode(&ct).unwrap();
        assert_eq!(raw.len(), 256 * 3, "600 bytes = 3 blocks of <=245");
        assert_eq!(k.decrypt(&ct).unwrap().as_slice(), msg.as_slice(), "round trip");
    }
}

#[cfg(test)]
mod verify_tests {
    use super::*;
    use rsa::traits::PublicKeyParts;

    /// ring's verifier agrees with rsa 0.9's on good, altered, short, long and too-large signatures, for a
    /// 2048-bit key and the 1024-bit floor.
    #[test]
    fn ring_verify_agrees_with_rsa_verify() {
        for bits in [1024, 2048] {
            let key = PrivateKey::generate(bits).unwrap();
            let public = key.public_key();
            let msg = "{\"huifu_id\":\"6666000000000001\",\"trans_amt\":\"0.01\"}".as_bytes();
            let good = B64.decode(key.sign(msg)).unwrap();
            let rsa_ok = |sig: &[u8]| {
                let digest = Sha256::digest(msg);
                public.inner.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, sig).is_ok()
            };
            let mut flipped = good.clone();
            flipped[7] ^= 0x10;
            let mut long = good.clone();
            long.push(0);
            let too_large = vec![0xff; public.inner.size()];
            let n_itself = public.inner.n().to_bytes_be();
            for (name, sig) in [
                ("good", &good),
                ("flipped", &flipped),
                ("short", &good[1..].to_vec()),
                ("long", &long),
                ("too large", &too_large),
                ("n", &n_itself),
            ] {
                let ours = public.verify(msg, &B64.encode(sig));
                assert_eq!(ours, rsa_ok(sig), "{bits}-bit, {name} signature");
                assert_eq!(ours, name == "good", "{bits}-bit, {name} signature");
            }
            assert!(!public.verify(b"other message", &B64.encode(&good)));
        }
    }
}
