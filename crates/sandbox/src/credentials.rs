//! The service-provider account and keys a new developer gets from the Huifu console, created on first
//! start: DATA_DIR/credentials.json (what a developer pastes into an SDK) and the sandbox's own platform
//! key (DATA_DIR/platform_private_key.txt — a sandbox-only key that signs responses and notifications).

use std::path::Path;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::dougong::signing::{SigningKey, VerifyingKey};
use crate::SandboxError;

/// Exactly what the Huifu console hands a developer, plus where the sandbox listens.
#[derive(Serialize, Deserialize, Clone)]
pub struct Credentials {
    pub sys_id: String,
    pub product_id: String,
    /// The caller's private key (PKCS#8, bare base64).
    pub private_key: String,
    /// The platform's public key (X.509 SPKI, bare base64) that verifies responses and notifications.
    pub huifu_public_key: String,
    pub base_url: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("sys_id", &self.sys_id)
            .field("product_id", &self.product_id)
            .field("private_key", &"<redacted>")
            .field("huifu_public_key", &self.huifu_public_key)
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// A caller account the gateway knows: its sys_id, product and the public key its requests verify with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub sys_id: String,
    pub product_id: String,
    pub public_key: String,
}

/// The product id every sandbox account gets (one of the values seen in Huifu's demos).
pub const PRODUCT_ID: &str = "YYZY";

/// A fresh service-provider sys_id: `6666` + 12 digits, like Huifu's.
pub fn new_sys_id() -> String {
    let n: u64 = rand::thread_rng().gen_range(0..100_000_000);
    format!("66660001{n:08}")
}

/// Makes a new account with a fresh caller key pair; returns it with the caller's private key.
pub fn new_account() -> Result<(Account, SigningKey), SandboxError> {
    let key = SigningKey::generate().map_err(SandboxError::Key)?;
    let acct = Account { sys_id: new_sys_id(), product_id: PRODUCT_ID.into(), public_key: public_text(&key)? };
    Ok((acct, key))
}

/// Loads the platform key and credentials from `dir`, creating both on first start. `accounts` receives
/// the primary account when it is new. The base URL in credentials.json is rewritten on every start.
pub fn load_or_create(dir: &Path, base_url: &str) -> Result<(SigningKey, Credentials, Option<Account>), SandboxError> {
    let key_path = dir.join("platform_private_key.txt");
    let cred_path = dir.join("credentials.json");
    let platform = if key_path.exists() {
        let text = std::fs::read_to_string(&key_path).map_err(SandboxError::io)?;
        SigningKey::from_text(&text).map_err(|e| SandboxError::Key(format!("{}: {e}", key_path.display())))?
    } else {
        let k = SigningKey::generate().map_err(SandboxError::Key)?;
        write_private(&key_path, &k.to_text().map_err(SandboxError::Key)?)?;
        k
    };
    let (mut creds, new_acct) = if cred_path.exists() {
        let text = std::fs::read_to_string(&cred_path).map_err(SandboxError::io)?;
        let c: Credentials =
            serde_json::from_str(&text).map_err(|e| SandboxError::Config(format!("{}: {e}", cred_path.display())))?;
        SigningKey::from_text(&c.private_key).map_err(|e| SandboxError::Key(format!("credentials.json: {e}")))?;
        (c, None)
    } else {
        let (acct, key) = new_account()?;
        let c = Credentials {
            sys_id: acct.sys_id.clone(),
            product_id: acct.product_id.clone(),
            private_key: key.to_text().map_err(SandboxError::Key)?,
            huifu_public_key: String::new(),
            base_url: String::new(),
        };
        (c, Some(acct))
    };
    creds.huifu_public_key = public_text(&platform)?;
    creds.base_url = base_url.to_string();
    let json = serde_json::to_string_pretty(&creds).map_err(|e| SandboxError::Config(e.to_string()))?;
    write_private(&cred_path, &json)?;
    Ok((platform, creds, new_acct))
}

/// The account of credentials.json (for a data dir whose database lost it).
pub fn account_of(creds: &Credentials) -> Result<Account, SandboxError> {
    let k = SigningKey::from_text(&creds.private_key).map_err(SandboxError::Key)?;
    Ok(Account { sys_id: creds.sys_id.clone(), product_id: creds.product_id.clone(), public_key: public_text(&k)? })
}

/// Checks a stored public key parses.
pub fn parse_public(text: &str) -> Option<VerifyingKey> {
    VerifyingKey::from_text(text).ok()
}

fn public_text(key: &SigningKey) -> Result<String, SandboxError> {
    key.public_text().map_err(SandboxError::Key)
}

fn write_private(path: &Path, text: &str) -> Result<(), SandboxError> {
    std::fs::write(path, text).map_err(SandboxError::io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(SandboxError::io)?;
    }
    Ok(())
}
