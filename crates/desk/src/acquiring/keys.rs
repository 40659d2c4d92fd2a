//! Credentials of 慧收钱 and MD5-gateway profiles, in the OS keychain only. Each profile keeps one secret
//! (a small JSON document) in the private-key slot, and 慧收钱's platform key (public) in the other slot.
//! The merchant number / merid is the profile's `sys_id`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::profile::{Acquirer, Profile};
use crate::secret::Secret;
use crate::Desk;

/// What a person gives for a 慧收钱 or MD5-gateway profile. Secrets are wrapped at once and never
/// serialised back.
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AcquirerKeyImport {
    /// 慧收钱: the merchant `.pfx`, base64 of the file bytes.
    #[ts(optional, type = "string")]
    pub pfx_base64: Option<Secret>,
    /// 慧收钱: the `.pfx` password.
    #[ts(optional, type = "string")]
    pub pfx_password: Option<Secret>,
    /// 慧收钱: the merchant private key as PEM (instead of a .pfx).
    #[ts(optional, type = "string")]
    pub private_key_pem: Option<Secret>,
    /// 慧收钱: the platform certificate `MANDAO_*_pub.cer` (PEM, or base64 of the DER file), or a PEM public key.
    #[ts(optional)]
    pub platform_cert: Option<String>,
    /// 慧收钱: the 32-hex sign key (签名混淆KEY).
    #[ts(optional, type = "string")]
    pub sign_key: Option<Secret>,
    /// MD5 gateway: the merchant key.
    #[ts(optional, type = "string")]
    pub md5_key: Option<Secret>,
}

/// The stored secret of a 慧收钱 profile.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HsqSecret {
    private_key_pem: String,
    sign_key: String,
}

/// The stored secret of an MD5-gateway profile.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MpgSecret {
    md5_key: String,
}

fn key_invalid(field: &str, why: impl std::fmt::Display) -> Error {
    Error { field: Some(field.into()), ..Error::new(ErrorCode::KeyInvalid, format!("{field}: {why}")) }
}

fn missing(profile: &str, what: &str) -> Error {
    Error {
        field: Some(what.into()),
        ..Error::new(ErrorCode::KeyMissing, format!("profile {profile} has no {what} yet; import it"))
    }
}

/// The keys a 慧收钱 client needs.
pub(crate) struct HsqKeys {
    pub merchant: huishouqian::MerchantKey,
    pub platform: huishouqian::PlatformKey,
    pub sign_key: huishouqian::SignKey,
}

impl Desk {
    /// Checks and stores the keys of a 慧收钱 or MD5-gateway profile (nothing is written unless all parse).
    /// Returns the key fingerprint written to the profile.
    ///
    /// Errors: `KeyInvalid` naming the field (wrong .pfx password, not a key, sign key not 32 hex),
    /// `KeyMissing` (a required part absent), `InvalidInput` (a dougong profile: use `import_keys`),
    /// `Keychain`, `NotFound`.
    pub fn import_acquirer_keys(&self, profile: &str, keys: AcquirerKeyImport) -> Result<String, Error> {
        let p = self.profile(profile)?;
        match p.acquirer {
            Acquirer::Dougong => Err(Error::invalid("profile", "dougong keys are imported with import_keys")),
            Acquirer::Huishouqian => {
                use base64::Engine as _;
                let merchant = match (&keys.pfx_base64, &keys.private_key_pem) {
                    (Some(pfx), _) => {
                        let der = base64::engine::general_purpose::STANDARD
                            .decode(pfx.expose().trim())
                            .map_err(|_| key_invalid("pfx", "is not base64 of the .pfx file"))?;
                        let pw = keys.pfx_password.as_ref().map(|s| s.expose().to_string()).unwrap_or_default();
                        huishouqian::MerchantKey::from_pfx(&der, &pw).map_err(|e| key_invalid("pfx", e))?
                    }
                    (None, Some(pem)) => huishouqian::MerchantKey::from_pem(pem.expose())
                        .map_err(|e| key_invalid("private_key_pem", e))?,
                    (None, None) => return Err(missing(profile, "pfx")),
                };
                let cert = keys
                    .platform_cert
                    .as_deref()
                    .filter(|c| !c.trim().is_empty())
                    .ok_or_else(|| missing(profile, "platform_cert"))?;
                let bytes = if cert.trim_start().starts_with("-----BEGIN") {
                    cert.as_bytes().to_vec()
                } else {
                    base64::engine::general_purpose::STANDARD
                        .decode(cert.split_whitespace().collect::<String>())
                        .map_err(|_| key_invalid("platform_cert", "is neither PEM nor base64 of the .cer file"))?
                };
                let platform =
                    huishouqian::PlatformKey::from_cert_or_pem(&bytes).map_err(|e| key_invalid("platform_cert", e))?;
                if platform == merchant.public_key() {
                    return Err(key_invalid(
                        "platform_cert",
                        "this is the merchant's own certificate, not the platform's MANDAO_*_pub.cer",
                    ));
                }
                let sign_key = keys.sign_key.as_ref().ok_or_else(|| missing(profile, "sign_key"))?;
                huishouqian::SignKey::new(sign_key.expose()).map_err(|e| key_invalid("sign_key", e.reason))?;
                let secret = HsqSecret {
                    private_key_pem: merchant.to_pkcs8_pem().to_string(),
                    sign_key: sign_key.expose().trim().to_string(),
                };
                let text = Secret::new(serde_json::to_string(&secret)?);
                self.keychain().persist(profile, KeySlot::PrivateKey, &text)?;
                self.keychain().persist(profile, KeySlot::HuifuPublicKey, &Secret::new(platform.to_pem()))?;
                let id = merchant.public_key().fingerprint();
                self.set_acquirer_key_id(profile, &id)?;
                Ok(id)
            }
            Acquirer::Mpgateway => {
                let k = keys.md5_key.as_ref().ok_or_else(|| missing(profile, "md5_key"))?;
                mpgateway::MerchantKey::new(k.expose()).map_err(|e| key_invalid("md5_key", e.reason))?;
                let text = Secret::new(serde_json::to_string(&MpgSecret { md5_key: k.expose().trim().to_string() })?);
                self.keychain().persist(profile, KeySlot::PrivateKey, &text)?;
                use sha2::Digest as _;
                let id = hex::encode(&sha2::Sha256::digest(k.expose().trim().as_bytes())[..8]);
                self.set_acquirer_key_id(profile, &id)?;
                Ok(id)
            }
        }
    }

    /// What is stored for a 慧收钱 / MD5-gateway profile (no key material; the 慧收钱 merchant public key
    /// is shown like dougong's).
    pub(crate) fn acquirer_key_info(&self, p: &Profile) -> Result<crate::KeyInfo, Error> {
        let has_private = self.keychain().retrieve(&p.name, KeySlot::PrivateKey)?.is_some();
        let has_platform = self.keychain().retrieve(&p.name, KeySlot::HuifuPublicKey)?.is_some();
        let merchant = if p.acquirer == Acquirer::Huishouqian && has_private && has_platform {
            Some(self.load_hsq_keys(p)?.merchant)
        } else {
            None
        };
        Ok(crate::KeyInfo {
            profile: p.name.clone(),
            has_private_key: has_private,
            has_huifu_public_key: has_platform,
            key_id: p.key_id.clone(),
            merchant_public_key: merchant.as_ref().map(|m| m.public_key().to_pem()),
            bits: merchant.as_ref().map(|m| m.bits() as u32),
        })
    }

    fn set_acquirer_key_id(&self, profile: &str, id: &str) -> Result<(), Error> {
        let now = crate::clock::rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute(
                "UPDATE profiles SET key_id = ?2, updated_at = ?3 WHERE name = ?1",
                rusqlite::params![profile, id, now],
            )?;
            Ok(())
        })
    }

    pub(crate) fn load_hsq_keys(&self, p: &Profile) -> Result<HsqKeys, Error> {
        let secret = self.keychain().retrieve(&p.name, KeySlot::PrivateKey)?.ok_or_else(|| missing(&p.name, "pfx"))?;
        let s: HsqSecret = serde_json::from_str(secret.expose())
            .map_err(|_| key_invalid("pfx", "the stored secret is not a 慧收钱 key set; import the keys again"))?;
        let platform = self
            .keychain()
            .retrieve(&p.name, KeySlot::HuifuPublicKey)?
            .ok_or_else(|| missing(&p.name, "platform_cert"))?;
        Ok(HsqKeys {
            merchant: huishouqian::MerchantKey::from_pem(&s.private_key_pem).map_err(|e| key_invalid("pfx", e))?,
            platform: huishouqian::PlatformKey::from_cert_or_pem(platform.expose().as_bytes())
                .map_err(|e| key_invalid("platform_cert", e))?,
            sign_key: huishouqian::SignKey::new(&s.sign_key).map_err(|e| key_invalid("sign_key", e.reason))?,
        })
    }

    pub(crate) fn load_mpg_key(&self, p: &Profile) -> Result<mpgateway::MerchantKey, Error> {
        let secret =
            self.keychain().retrieve(&p.name, KeySlot::PrivateKey)?.ok_or_else(|| missing(&p.name, "md5_key"))?;
        let s: MpgSecret = serde_json::from_str(secret.expose())
            .map_err(|_| key_invalid("md5_key", "the stored secret is not an MD5 key; import it again"))?;
        mpgateway::MerchantKey::new(&s.md5_key).map_err(|e| key_invalid("md5_key", e.reason))
    }
}
