//! The fast SHA256withRSA signer behind [`crate::keys::PrivateKey::sign`]. Signing is on every write's
//! path; rsa 0.9's generic big-number code signs at about a fifth of `openssl speed rsa2048` (bench
//! `signing`). RSASSA-PKCS1-v1_5 is deterministic, so any correct signer gives the same bytes (tests
//! here compare all three; the dg-sdk oracle test in crates/cli checks against the official SDK).
//!
//! - Linux: the system's OpenSSL libcrypto (the `openssl` crate), the same code `openssl speed` measures,
//!   including its AVX-512 modular arithmetic where the CPU has it. Its key is freed with
//!   `BN_clear_free`, so the copy is wiped like the rsa key. The .deb depends on libssl3.
//! - Elsewhere (Windows, macOS builds need no OpenSSL installed): ring, about 0.55× OpenSSL on this
//!   project's machine. Caveat: ring does not clear its copy of the key when it is freed
//!   (briansmith/ring#15); the copy lives as long as the key (a profile's cached client).
//!
//! A key neither takes (none known: both take 2048..=4096-bit keys with e = 65537, OpenSSL 1024 too)
//! signs with rsa 0.9.

use std::sync::Arc;

/// A private key as the platform's fast signer holds it. Cloning shares it.
#[derive(Clone)]
pub(crate) enum FastSigner {
    #[cfg(target_os = "linux")]
    OpenSsl(openssl::pkey::PKey<openssl::pkey::Private>),
    #[cfg_attr(target_os = "linux", allow(dead_code))]
    Ring(Arc<ring::signature::RsaKeyPair>),
}

impl FastSigner {
    /// The platform's signer for the key in `pkcs8` (PKCS#8 DER; the caller zeroizes it), if it takes it.
    pub(crate) fn from_pkcs8(pkcs8: &[u8]) -> Option<FastSigner> {
        #[cfg(target_os = "linux")]
        {
            openssl::pkey::PKey::private_key_from_pkcs8(pkcs8).ok().map(FastSigner::OpenSsl)
        }
        #[cfg(not(target_os = "linux"))]
        {
            ring_from_pkcs8(pkcs8)
        }
    }

    /// SHA256withRSA (PKCS#1 v1.5) over `msg`; None only if the library fails (then rsa signs).
    pub(crate) fn sign(&self, msg: &[u8]) -> Option<Vec<u8>> {
        match self {
            #[cfg(target_os = "linux")]
            FastSigner::OpenSsl(key) => {
                let mut s = openssl::sign::Signer::new(openssl::hash::MessageDigest::sha256(), key).ok()?;
                s.set_rsa_padding(openssl::rsa::Padding::PKCS1).ok()?;
                s.sign_oneshot_to_vec(msg).ok()
            }
            FastSigner::Ring(key) => {
                let mut sig = vec![0u8; key.public().modulus_len()];
                // PKCS#1 v1.5 draws no randomness (ring takes an RNG for PSS; its exponentiation is
                // constant-time).
                key.sign(&ring::signature::RSA_PKCS1_SHA256, &ring::rand::SystemRandom::new(), msg, &mut sig).ok()?;
                Some(sig)
            }
        }
    }
}

/// ring's signer for the key (2048..=4096 bits, e >= 65537), the signer of non-Linux builds (on Linux
/// only the tests use it, to hold it to the same bytes).
#[cfg_attr(all(target_os = "linux", not(test)), allow(dead_code))]
pub(crate) fn ring_from_pkcs8(pkcs8: &[u8]) -> Option<FastSigner> {
    ring::signature::RsaKeyPair::from_pkcs8(pkcs8).ok().map(|k| FastSigner::Ring(Arc::new(k)))
}
