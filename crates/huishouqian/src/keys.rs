//! Keys as 慧收钱 hands them out: the merchant private key as a PKCS#12 `.pfx` with a password (or PEM),
//! the platform's public key as an X.509 certificate `MANDAO_<merchantNo>_pub.cer` (DER or PEM) or a PEM
//! public key. Signatures are SHA256withRSA (PKCS#1 v1.5) in lowercase hex; their length follows the key
//! (1024 bit → 256 hex chars, 2048 → 512, 4096 → 1024) and is never assumed.
//!
//! A [`MerchantKey`] never prints its material: `Debug` shows `<redacted>` and it is not `Serialize`.

use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Why a key could not be used. Messages name the format problem, never the key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is empty")]
    Empty,
    #[error("the .pfx file is not PKCS#12 DER")]
    NotPkcs12,
    #[error("the .pfx password is wrong (the file's integrity check failed)")]
    WrongPassword,
    #[error("the .pfx holds no private key this client can read (keys exported with PBES2/AES by OpenSSL 3 need `openssl pkcs12 -export -legacy`; CFCA and Java tools use the legacy form)")]
    NoKeyInPkcs12,
    #[error("PEM armour is broken or its label is not a key or certificate: {0}")]
    BadPem(String),
    #[error("the bytes are not an RSA private key (PKCS#8 or PKCS#1)")]
    NotPrivateKey,
    #[error("the bytes are not an RSA public key, nor an X.509 certificate holding one")]
    NotPublicKey,
    #[error("key size {0} bits is not supported (1024, 2048 and 4096 are in use)")]
    UnsupportedSize(usize),
}

fn check_bits(bits: usize) -> Result<(), KeyError> {
    if (1024..=4096).contains(&bits) && bits.is_multiple_of(8) {
        Ok(())
    } else {
        Err(KeyError::UnsupportedSize(bits))
    }
}

/// Splits PEM text into (label, DER). Only the first block is read.
fn pem_block(text: &str) -> Result<(String, Zeroizing<Vec<u8>>), KeyError> {
    use base64::Engine as _;
    let t = text.trim().trim_start_matches('\u{feff}');
    let first = t.lines().next().unwrap_or_default().trim();
    let label = first
        .strip_prefix("-----BEGIN ")
        .and_then(|r| r.strip_suffix("-----"))
        .ok_or_else(|| KeyError::BadPem("missing -----BEGIN line".into()))?
        .to_string();
    let end = format!("-----END {label}-----");
    let end_at = t.find(&end).ok_or_else(|| KeyError::BadPem(format!("missing {end}")))?;
    let body: Zeroizing<String> =
        Zeroizing::new(t[first.len()..end_at].chars().filter(|c| !c.is_whitespace()).collect());
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.as_bytes())
        .map_err(|_| KeyError::BadPem("the body is not base64".into()))?;
    Ok((label, Zeroizing::new(der)))
}

/// The merchant's private key; signs requests. Cloning copies the key; dropping zeroizes it.
#[derive(Clone)]
pub struct MerchantKey {
    inner: RsaPrivateKey,
}

impl std::fmt::Debug for MerchantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MerchantKey({} bits, <redacted>)", self.bits())
    }
}

impl MerchantKey {
    /// Reads the private key from a PKCS#12 `.pfx` (legacy SHA1/3DES or RC2 PBE, as CFCA and Java
    /// keytool export it), checking the password against the file's MAC first.
    pub fn from_pfx(der: &[u8], password: &str) -> Result<MerchantKey, KeyError> {
        if der.is_empty() {
            return Err(KeyError::Empty);
        }
        let pfx = p12::PFX::parse(der).map_err(|_| KeyError::NotPkcs12)?;
        // OpenSSL 3's default export (PBES2/AES, SHA-256 MAC) is not the legacy form this reader knows; say
        // so rather than blame the password.
        if pfx.mac_data.as_ref().is_some_and(|m| !matches!(m.mac.digest_algorithm, p12::AlgorithmIdentifier::Sha1)) {
            return Err(KeyError::NoKeyInPkcs12);
        }
        if !pfx.verify_mac(password) {
            return Err(KeyError::WrongPassword);
        }
        let keys = pfx.key_bags(password).map_err(|_| KeyError::NoKeyInPkcs12)?;
        let der = Zeroizing::new(keys.into_iter().next().ok_or(KeyError::NoKeyInPkcs12)?);
        Self::from_der(&der)
    }

    /// Reads PEM `PRIVATE KEY` (PKCS#8) or `RSA PRIVATE KEY` (PKCS#1).
    pub fn from_pem(text: &str) -> Result<MerchantKey, KeyError> {
        if text.trim().is_empty() {
            return Err(KeyError::Empty);
        }
        let (label, der) = pem_block(text)?;
        match label.as_str() {
            "PRIVATE KEY" | "RSA PRIVATE KEY" => Self::from_der(&der),
            "ENCRYPTED PRIVATE KEY" => Err(KeyError::BadPem("encrypted PEM: use the .pfx with its password".into())),
            other => Err(KeyError::BadPem(format!("label {other:?} is not a private key"))),
        }
    }

    fn from_der(der: &[u8]) -> Result<MerchantKey, KeyError> {
        let inner = RsaPrivateKey::from_pkcs8_der(der)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(der))
            .map_err(|_| KeyError::NotPrivateKey)?;
        check_bits(inner.size() * 8)?;
        Ok(MerchantKey { inner })
    }

    /// Wraps an `rsa` key (the sandbox and tests generate keys this way).
    pub fn from_rsa(inner: RsaPrivateKey) -> Result<MerchantKey, KeyError> {
        check_bits(inner.size() * 8)?;
        Ok(MerchantKey { inner })
    }

    /// Modulus size in bits, read from the key.
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// PKCS#8 PEM of the key (to keep it in the OS keychain after reading a .pfx). Zeroized on drop.
    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        use rsa::pkcs8::EncodePrivateKey;
        let pem = self.inner.to_pkcs8_pem(rsa::pkcs8::LineEnding::LF).expect("an RSA key in memory encodes to PKCS#8");
        Zeroizing::new(pem.to_string())
    }

    /// The matching public key (the platform holds it to verify our requests).
    pub fn public_key(&self) -> PlatformKey {
        PlatformKey { inner: self.inner.to_public_key() }
    }

    /// SHA256withRSA over `msg`, lowercase hex, `2 × modulus bytes` characters.
    pub fn sign_hex(&self, msg: &[u8]) -> String {
        let digest = Sha256::digest(msg);
        let sig = self
            .inner
            .sign_with_rng(&mut rand::rngs::OsRng, Pkcs1v15Sign::new::<Sha256>(), &digest)
            .expect("PKCS#1 v1.5 signing of a SHA-256 digest cannot fail with a >=1024-bit key");
        hex::encode(sig)
    }
}

/// An RSA public key that verifies signatures: the platform's (answers, notifications) or, in the
/// sandbox, a merchant's (requests).
#[derive(Clone, PartialEq, Eq)]
pub struct PlatformKey {
    inner: RsaPublicKey,
}

impl std::fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PlatformKey({} bits)", self.bits())
    }
}

impl PlatformKey {
    /// Reads an X.509 certificate (DER, as `MANDAO_*_pub.cer` usually is, or PEM `CERTIFICATE`), or a PEM
    /// `PUBLIC KEY` / `RSA PUBLIC KEY`.
    pub fn from_cert_or_pem(bytes: &[u8]) -> Result<PlatformKey, KeyError> {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(KeyError::Empty);
        }
        let text = std::str::from_utf8(bytes).ok().filter(|t| t.trim_start().starts_with("-----BEGIN "));
        let inner = match text {
            Some(t) => {
                let (label, der) = pem_block(t)?;
                match label.as_str() {
                    "CERTIFICATE" => Self::spki_from_cert(&der)?,
                    "PUBLIC KEY" | "RSA PUBLIC KEY" => RsaPublicKey::from_public_key_der(&der)
                        .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
                        .map_err(|_| KeyError::NotPublicKey)?,
                    other => {
                        return Err(KeyError::BadPem(format!("label {other:?} is not a certificate or public key")))
                    }
                }
            }
            None => Self::spki_from_cert(bytes)
                .or_else(|_| RsaPublicKey::from_public_key_der(bytes).map_err(|_| KeyError::NotPublicKey))?,
        };
        check_bits(inner.size() * 8)?;
        Ok(PlatformKey { inner })
    }

    fn spki_from_cert(der: &[u8]) -> Result<RsaPublicKey, KeyError> {
        use x509_cert::der::{Decode, Encode};
        let cert = x509_cert::Certificate::from_der(der).map_err(|_| KeyError::NotPublicKey)?;
        let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(|_| KeyError::NotPublicKey)?;
        RsaPublicKey::from_public_key_der(&spki).map_err(|_| KeyError::NotPublicKey)
    }

    /// Wraps an `rsa` public key.
    pub fn from_rsa(inner: RsaPublicKey) -> Result<PlatformKey, KeyError> {
        check_bits(inner.size() * 8)?;
        Ok(PlatformKey { inner })
    }

    /// Modulus size in bits, read from the key.
    pub fn bits(&self) -> usize {
        self.inner.size() * 8
    }

    /// SPKI PEM of the key (what desk keeps for the platform certificate).
    pub fn to_pem(&self) -> String {
        use rsa::pkcs8::EncodePublicKey;
        self.inner.to_public_key_pem(rsa::pkcs8::LineEnding::LF).expect("an RSA public key encodes to SPKI")
    }

    /// SHA-256 of the SPKI DER, first 8 bytes in hex: a fingerprint for audit rows.
    pub fn fingerprint(&self) -> String {
        use rsa::pkcs8::EncodePublicKey;
        let der = self.inner.to_public_key_der().expect("an RSA public key encodes to SPKI");
        hex::encode(&Sha256::digest(der.as_bytes())[..8])
    }

    /// The hex length a valid signature by this key's pair has.
    pub fn signature_hex_len(&self) -> usize {
        self.inner.size() * 2
    }

    /// True when `sig_hex` (case-insensitive hex, surrounding whitespace ignored) is a valid SHA256withRSA
    /// signature of `msg`. Anything malformed, including a length that does not match the key, is "not valid".
    pub fn verify_hex(&self, msg: &[u8], sig_hex: &str) -> bool {
        let s = sig_hex.trim();
        if s.len() != self.signature_hex_len() {
            return false;
        }
        let Ok(sig) = hex::decode(s) else { return false };
        let digest = Sha256::digest(msg);
        self.inner.verify(Pkcs1v15Sign::new::<Sha256>(), &digest, &sig).is_ok()
    }
}

/// The per-merchant 32-hex "签名混淆KEY" appended to every signed string (never posted). A secret:
/// `Debug` is redacted, memory is zeroized on drop.
#[derive(Clone)]
pub struct SignKey(Zeroizing<String>);

impl std::fmt::Debug for SignKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignKey(<redacted>)")
    }
}

impl SignKey {
    /// Accepts the key as issued: 32 hex characters (surrounding whitespace trimmed; case kept as given,
    /// since it is signed byte for byte).
    pub fn new(text: &str) -> Result<SignKey, crate::FieldError> {
        let t = text.trim();
        if t.len() != 32 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(crate::FieldError::new("key", "the sign key (签名混淆KEY) must be 32 hex characters"));
        }
        Ok(SignKey(Zeroizing::new(t.to_string())))
    }

    /// The key text, for building a signed string.
    pub fn expose(&self) -> &str {
        &self.0
    }
}
