//! The OS keychain (keyring 3: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows).
//!
//! Entries: service `paydesk.<install id>`, account `<profile>/private_key` and `<profile>/huifu_public_key`.
//! The install id is a random value made when a data directory is first opened, so two data directories
//! (dev and release, or parallel tests) never read each other's keys.

use keyring::Entry;

use crate::error::{Error, ErrorCode};
use crate::secret::Secret;

/// Which key of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySlot {
    /// The merchant's private key that signs requests.
    PrivateKey,
    /// Huifu's public key that verifies answers.
    HuifuPublicKey,
    /// The key of the merchant search's keyed hashes (one per data directory, under profile `_desk`).
    SearchKey,
    /// The audit chain's HMAC-SHA256 key (under `_desk`).
    AuditKey,
    /// The audit chain's head as last committed (seq, hash, where keying began), under `_desk`: kept
    /// outside the database so a log cut back together with its head table is still found.
    AuditAnchor,
    /// The Ed25519 key that signs audit digests (PKCS#8, under `_desk`).
    AuditSigningKey,
    /// The AES-256-GCM key that seals personal data at rest (drafts, staged photos), under `_desk`.
    DataKey,
}

impl KeySlot {
    fn suffix(self) -> &'static str {
        match self {
            KeySlot::PrivateKey => "private_key",
            KeySlot::HuifuPublicKey => "huifu_public_key",
            KeySlot::SearchKey => "search_key",
            KeySlot::AuditKey => "audit_key",
            KeySlot::AuditAnchor => "audit_anchor",
            KeySlot::AuditSigningKey => "audit_signing_key",
            KeySlot::DataKey => "data_key",
        }
    }
}

/// The keychain namespace of one data directory.
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Keychain {
    /// Entries under service `paydesk.<install_id>`.
    pub fn new(install_id: &str) -> Keychain {
        Keychain { service: format!("paydesk.{install_id}") }
    }

    /// The service name entries are stored under (for people looking in Seahorse / `secret-tool`).
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, profile: &str, slot: KeySlot) -> Result<Entry, Error> {
        Entry::new(&self.service, &format!("{profile}/{}", slot.suffix())).map_err(|e| keychain_error("open", e))
    }

    /// Stores (or replaces) a secret.
    pub fn persist(&self, profile: &str, slot: KeySlot, value: &Secret) -> Result<(), Error> {
        self.entry(profile, slot)?.set_password(value.expose()).map_err(|e| keychain_error("store", e))
    }

    /// Reads a secret; `None` when there is no entry.
    pub fn retrieve(&self, profile: &str, slot: KeySlot) -> Result<Option<Secret>, Error> {
        match self.entry(profile, slot)?.get_password() {
            Ok(s) => Ok(Some(Secret::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error("read", e)),
        }
    }

    /// Deletes a secret; deleting what is not there is fine.
    pub fn delete(&self, profile: &str, slot: KeySlot) -> Result<(), Error> {
        match self.entry(profile, slot)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error("delete", e)),
        }
    }

    /// The credential type behind a default entry (test aid: proves the store is not the mock).
    pub fn default_entry_for_test(&self) -> Result<Entry, Error> {
        self.entry("probe", KeySlot::PrivateKey)
    }
}

/// keyring errors say what failed, never the secret; add what the person can do about it.
fn keychain_error(action: &str, e: keyring::Error) -> Error {
    let advice = match &e {
        keyring::Error::NoStorageAccess(_) => " (is the keychain locked? unlock it and retry)",
        keyring::Error::PlatformFailure(_) => {
            " (no Secret Service: on Linux run a keyring daemon such as gnome-keyring in the desktop session)"
        }
        _ => "",
    };
    Error::new(ErrorCode::Keychain, format!("keychain: cannot {action} the key: {e}{advice}"))
}
