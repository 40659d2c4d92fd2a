//! The simulator's own SHA256withRSA and key texts for dougong (spec §2.3 steps 4–5, §2.7), written from
//! the spec apart from crates/dougong on purpose: if the client misreads the scheme, this side disagrees
//! and the tests fail. Both sides are checked against openssl and dg-sdk's golden vectors in
//! crates/sandbox/tests/signing_oracles.rs.
//!
//! - keys travel as Huifu's console hands them out: private = PKCS#8 DER, public = X.509 SPKI DER, each
//!   as one bare base64 line (PEM armour is accepted on input, line breaks and spaces are ignored);
//! - signature: RSASSA-PKCS1-v1_5 over SHA-256 of the UTF-8 text, standard base64 with padding.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// The size of every key the sandbox makes (Huifu's keys are 2048-bit).
pub const KEY_BITS: usize = 2048;

/// A private key: the platform's (signs answers and notifications) or a caller's freshly made one.
pub struct SigningKey(RsaPrivateKey);

/// A caller's public key: verifies the requests of one account.
#[derive(Debug, Clone)]
pub struct VerifyingKey(RsaPublicKey);

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKey(<redacted>)")
    }
}

/// The DER inside a key text: PEM armour lines dropped, whitespace ignored, then standard base64.
fn der_of(text: &str) -> Result<Vec<u8>, String> {
    let body: String = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    if body.is_empty() {
        return Err("the key text is empty".into());
    }
    B64.decode(body.as_bytes()).map_err(|_| "the key text is not base64".to_string())
}

impl SigningKey {
    /// A fresh [`KEY_BITS`]-bit key.
    pub fn generate() -> Result<SigningKey, String> {
        RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS).map(SigningKey).map_err(|e| e.to_string())
    }

    /// Reads a PKCS#8 private key (bare base64, as the data dir and credentials.json hold it).
    pub fn from_text(text: &str) -> Result<SigningKey, String> {
        let der = der_of(text)?;
        RsaPrivateKey::from_pkcs8_der(&der).map(SigningKey).map_err(|e| format!("not a PKCS#8 RSA private key: {e}"))
    }

    /// The PKCS#8 DER as one bare base64 line.
    pub fn to_text(&self) -> Result<String, String> {
        let der = self.0.to_pkcs8_der().map_err(|e| e.to_string())?;
        Ok(B64.encode(der.as_bytes()))
    }

    /// The matching public key as X.509 SPKI DER in one bare base64 line.
    pub fn public_text(&self) -> Result<String, String> {
        let der = self.0.to_public_key().to_public_key_der().map_err(|e| e.to_string())?;
        Ok(B64.encode(der.as_bytes()))
    }

    /// SHA256withRSA of `text`, standard base64 (deterministic). Not blinded, as src/huishouqian/rsa2.rs:
    /// the key signs only sandbox answers, and blinding cost a fifth of the signed calls per second in
    /// tests/load.rs (about 200 instead of 250). A valid key cannot fail to sign; were it to, the empty sign
    /// makes every client refuse.
    pub fn sign(&self, text: &str) -> String {
        let digest = Sha256::digest(text.as_bytes());
        self.0.sign(Pkcs1v15Sign::new::<Sha256>(), &digest).map(|sig| B64.encode(sig)).unwrap_or_default()
    }
}

impl VerifyingKey {
    /// Reads an X.509 SPKI public key (bare base64, as accounts are stored).
    pub fn from_text(text: &str) -> Result<VerifyingKey, String> {
        let der = der_of(text)?;
        RsaPublicKey::from_public_key_der(&der)
            .map(VerifyingKey)
            .map_err(|e| format!("not an SPKI RSA public key: {e}"))
    }

    /// True when `sign` (standard base64, surrounding whitespace ignored) is this key's SHA256withRSA
    /// signature of `text`. Anything malformed is simply not valid.
    pub fn verify(&self, text: &str, sign: &str) -> bool {
        let Ok(sig) = B64.decode(sign.trim().as_bytes()) else { return false };
        self.0.verify(Pkcs1v15Sign::new::<Sha256>(), &Sha256::digest(text.as_bytes()), &sig).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sign_verifies_only_its_text() {
        let k = SigningKey::generate().unwrap();
        let again = SigningKey::from_text(&k.to_text().unwrap()).unwrap();
        let public = VerifyingKey::from_text(&k.public_text().unwrap()).unwrap();
        let sig = again.sign("{\"a\":\"中\"}");
        assert_eq!(sig, k.sign("{\"a\":\"中\"}"), "PKCS#1 v1.5 is deterministic");
        assert!(public.verify("{\"a\":\"中\"}", &sig));
        assert!(!public.verify("{\"a\":\"中\"} ", &sig));
        assert!(!public.verify("{\"a\":\"中\"}", "not base64!"));
        assert!(SigningKey::from_text(&k.public_text().unwrap()).is_err(), "a public key is not a private key");
        assert!(VerifyingKey::from_text("").is_err());
    }
}
