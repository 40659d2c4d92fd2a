//! A profile's keys: the merchant private key (signs) and Huifu's public key (verifies answers), both in
//! the OS keychain, never in the database. Import from Huifu's bare base64 or PEM, checked before saving;
//! generation; replacement; deletion.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use dougong::keys::{pair_matches, PrivateKey, PublicKey};

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::secret::Secret;
use crate::Desk;

/// Keys a person pastes or picks from files. `private_key` arrives over IPC as a string and is wrapped at
/// once; it cannot be serialised back.
#[derive(Debug, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct KeyImport {
    /// The merchant private key: bare base64 (PKCS#8) or PEM (PKCS#1 / PKCS#8).
    #[ts(type = "string")]
    pub private_key: Secret,
    /// The merchant public key uploaded to Huifu's console; when given, it must pair with `private_key`.
    pub merchant_public_key: Option<String>,
    /// Huifu's public key (bare base64 SPKI or PEM). Optional when replacing only the private key.
    pub huifu_public_key: Option<String>,
}

/// What [`Desk::check_keys`] found: the keys parse and belong together. Public parts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeyCheck {
    /// Fingerprint of the merchant key pair the private key makes.
    pub key_id: String,
    pub bits: u32,
    /// The merchant public key (bare base64) the private key makes, to upload to Huifu's console.
    pub merchant_public_key: String,
    /// True when a merchant public key was given and matched the private key.
    pub pair_checked: bool,
    /// Fingerprint of the Huifu public key given (none: the stored one is kept).
    #[ts(optional)]
    pub huifu_key_id: Option<String>,
}

/// What is stored for a profile, without any key material but the public parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase")]
pub struct KeyInfo {
    pub profile: String,
    pub has_private_key: bool,
    pub has_huifu_public_key: bool,
    /// Fingerprint of the merchant key pair: first 16 hex of SHA-256 of the public key's DER.
    pub key_id: Option<String>,
    /// The merchant public key (bare base64), to upload to Huifu's console.
    pub merchant_public_key: Option<String>,
    pub bits: Option<u32>,
}

/// The fingerprint written into audit rows: which key signed, without revealing it.
pub fn key_id(public: &PublicKey) -> String {
    use base64::Engine as _;
    let der = base64::engine::general_purpose::STANDARD
        .decode(public.to_bare_base64())
        .expect("a public key's own base64 decodes");
    hex::encode(&Sha256::digest(&der)[..8])
}

fn key_error(field: &str, e: dougong::keys::KeyError) -> Error {
    Error { field: Some(field.into()), ..Error::new(ErrorCode::KeyInvalid, format!("{field}: {e}")) }
}

impl Desk {
    /// Runs every check of [`Desk::import_keys`] (formats, the pair, Huifu's key present and not the
    /// merchant's own) without storing anything, so the page can show the result before saving.
    /// Errors: as `import_keys`.
    pub fn check_keys(&self, profile: &str, keys: &KeyImport) -> Result<KeyCheck, Error> {
        let (private, huifu) = self.validate_keys(profile, keys)?;
        let public = private.public_key();
        Ok(KeyCheck {
            key_id: key_id(&public),
            bits: private.bits() as u32,
            merchant_public_key: public.to_bare_base64(),
            pair_checked: keys.merchant_public_key.as_deref().is_some_and(|t| !t.trim().is_empty()),
            huifu_key_id: huifu.as_ref().map(key_id),
        })
    }

    fn validate_keys(&self, profile: &str, keys: &KeyImport) -> Result<(PrivateKey, Option<PublicKey>), Error> {
        self.profile(profile)?;
        let private = PrivateKey::from_text(keys.private_key.expose()).map_err(|e| key_error("private_key", e))?;
        let own_public = private.public_key();
        if let Some(text) = keys.merchant_public_key.as_deref().filter(|t| !t.trim().is_empty()) {
            let claimed = PublicKey::from_text(text).map_err(|e| key_error("merchant_public_key", e))?;
            if !pair_matches(&private, &claimed) {
                return Err(key_error_plain(
                    "merchant_public_key",
                    "does not belong to this private key; check that both come from the same key pair",
                ));
            }
        }
        let huifu = match keys.huifu_public_key.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(text) => Some(PublicKey::from_text(text).map_err(|e| key_error("huifu_public_key", e))?),
            None => None,
        };
        if huifu.is_none() && self.keychain().retrieve(profile, KeySlot::HuifuPublicKey)?.is_none() {
            return Err(Error {
                field: Some("huifu_public_key".into()),
                ..Error::new(
                    ErrorCode::KeyMissing,
                    "huifu_public_key: Huifu's public key is required (from the Huifu console)",
                )
            });
        }
        if let Some(h) = &huifu {
            if h == &own_public {
                return Err(key_error_plain(
                    "huifu_public_key",
                    "is your own public key; paste the public key Huifu shows for the platform",
                ));
            }
        }
        Ok((private, huifu))
    }

    /// Checks and stores a profile's keys. The private key is parsed, checked against
    /// `merchant_public_key` when given, Huifu's public key is parsed and must not be the merchant's own
    /// (the usual paste mistake); only then is anything written. Replaces keys already there.
    ///
    /// Errors: `KeyInvalid` naming the field (format, pair mismatch), `KeyMissing` when no Huifu public key
    /// is given or stored, `Keychain`, `NotFound`.
    pub fn import_keys(&self, profile: &str, keys: KeyImport) -> Result<KeyInfo, Error> {
        let (private, huifu) = self.validate_keys(profile, &keys)?;
        self.store_private_key(profile, &private)?;
        if let Some(h) = huifu {
            self.keychain().persist(profile, KeySlot::HuifuPublicKey, &Secret::new(h.to_bare_base64()))?;
        }
        self.forget_client(profile);
        self.key_info(profile)
    }

    /// Generates a 2048-bit merchant key pair for `profile`, stores the private key, and returns the public
    /// key to upload to Huifu's console. Replaces an existing private key.
    pub fn generate_key(&self, profile: &str) -> Result<KeyInfo, Error> {
        self.profile(profile)?;
        let private = PrivateKey::generate(2048).map_err(|e| key_error("private_key", e))?;
        self.store_private_key(profile, &private)?;
        self.forget_client(profile);
        self.key_info(profile)
    }

    /// Stores Huifu's public key alone (e.g. after Huifu rotates it). Errors: `KeyInvalid`.
    pub fn set_huifu_public_key(&self, profile: &str, text: &str) -> Result<KeyInfo, Error> {
        self.profile(profile)?;
        let h = PublicKey::from_text(text).map_err(|e| key_error("huifu_public_key", e))?;
        self.keychain().persist(profile, KeySlot::HuifuPublicKey, &Secret::new(h.to_bare_base64()))?;
        self.forget_client(profile);
        self.key_info(profile)
    }

    /// Removes both keys of a profile from the keychain; the profile stays.
    pub fn delete_keys(&self, profile: &str) -> Result<KeyInfo, Error> {
        self.profile(profile)?;
        self.keychain().delete(profile, KeySlot::PrivateKey)?;
        self.keychain().delete(profile, KeySlot::HuifuPublicKey)?;
        self.set_key_id(profile, None)?;
        self.forget_client(profile);
        self.key_info(profile)
    }

    /// What is stored for a profile (public parts only).
    pub fn key_info(&self, profile: &str) -> Result<KeyInfo, Error> {
        let p = self.profile(profile)?;
        if p.acquirer != crate::Acquirer::Dougong {
            return self.acquirer_key_info(&p);
        }
        let private = self.load_private_key(profile)?;
        let has_huifu = self.keychain().retrieve(profile, KeySlot::HuifuPublicKey)?.is_some();
        let public = private.as_ref().map(PrivateKey::public_key);
        Ok(KeyInfo {
            profile: profile.to_string(),
            has_private_key: private.is_some(),
            has_huifu_public_key: has_huifu,
            key_id: public.as_ref().map(key_id),
            merchant_public_key: public.as_ref().map(PublicKey::to_bare_base64),
            bits: private.as_ref().map(|k| k.bits() as u32),
        })
    }

    /// The parsed private key, `None` when none is stored.
    pub(crate) fn load_private_key(&self, profile: &str) -> Result<Option<PrivateKey>, Error> {
        match self.keychain().retrieve(profile, KeySlot::PrivateKey)? {
            None => Ok(None),
            Some(s) => PrivateKey::from_text(s.expose()).map(Some).map_err(|e| key_error("private_key", e)),
        }
    }

    /// The parsed Huifu public key, `None` when none is stored.
    pub(crate) fn load_huifu_public_key(&self, profile: &str) -> Result<Option<PublicKey>, Error> {
        match self.keychain().retrieve(profile, KeySlot::HuifuPublicKey)? {
            None => Ok(None),
            Some(s) => PublicKey::from_text(s.expose()).map(Some).map_err(|e| key_error("huifu_public_key", e)),
        }
    }

    fn store_private_key(&self, profile: &str, private: &PrivateKey) -> Result<(), Error> {
        let text = private.to_bare_base64();
        self.keychain().persist(profile, KeySlot::PrivateKey, &Secret::new(text.as_str()))?;
        self.set_key_id(profile, Some(&key_id(&private.public_key())))
    }

    fn set_key_id(&self, profile: &str, id: Option<&str>) -> Result<(), Error> {
        let now = rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute("UPDATE profiles SET key_id = ?2, updated_at = ?3 WHERE name = ?1", params![profile, id, now])?;
            Ok(())
        })
    }
}

fn key_error_plain(field: &str, reason: &str) -> Error {
    Error { field: Some(field.into()), ..Error::new(ErrorCode::KeyInvalid, format!("{field}: {reason}")) }
}
