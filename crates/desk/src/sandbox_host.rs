//! The built-in sandbox behind the `sandbox` profile: started in-process on first use (loopback, a free
//! port), its state and credentials kept under `<home>/sandbox` (sandbox-only keys; they are the
//! sandbox's own files, not a profile's key). Its keys are copied into the keychain like any profile's,
//! and the profile's base URL follows the port it got.

use std::path::PathBuf;

use rusqlite::params;

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::profile::{Acquirer, Environment, SANDBOX_PROFILE};
use crate::secret::Secret;
use crate::Desk;

/// Owns the running sandbox (if started).
pub(crate) struct SandboxHost {
    data_dir: PathBuf,
    running: tokio::sync::Mutex<Option<sandbox::RunningSandbox>>,
}

impl SandboxHost {
    pub(crate) fn new(data_dir: PathBuf) -> SandboxHost {
        SandboxHost { data_dir, running: tokio::sync::Mutex::new(None) }
    }
}

impl Desk {
    /// Creates the `sandbox` profile row if missing (keys and base URL are filled when it first starts).
    pub(crate) fn ensure_sandbox_profile(&self) -> Result<(), Error> {
        let now = rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute(
                "INSERT OR IGNORE INTO profiles(name, acquirer, environment, base_url, sys_id, product_id, extra, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'http://127.0.0.1', '', '', '{}', ?4, ?4)",
                params![SANDBOX_PROFILE, Acquirer::Dougong.as_str(), Environment::Sandbox.as_str(), now],
            )?;
            Ok(())
        })
    }

    /// Starts the built-in sandbox if it is not running, and points the sandbox profile (base URL,
    /// sys_id, product_id, keys in the keychain) at it. Errors: `Sandbox`, `Keychain`.
    pub async fn ensure_sandbox_running(&self) -> Result<String, Error> {
        let mut guard = self.sandbox_host().running.lock().await;
        if let Some(r) = guard.as_ref() {
            return Ok(r.base_url());
        }
        let cfg = sandbox::SandboxConfig { data_dir: self.sandbox_host().data_dir.clone(), ..Default::default() };
        let running = sandbox::start(cfg)
            .await
            .map_err(|e| Error::new(ErrorCode::Sandbox, format!("the built-in sandbox could not start: {e}")))?;
        let base_url = running.base_url();
        let c = running.credentials();
        let private = dougong::keys::PrivateKey::from_text(&c.private_key).map_err(|e| {
            Error::new(ErrorCode::Sandbox, format!("the sandbox's credentials hold no usable key: {e}"))
        })?;
        let key_id = crate::profile::keys::key_id(&private.public_key());
        if self.profile(SANDBOX_PROFILE)?.key_id.as_deref() != Some(key_id.as_str())
            || self.keychain().retrieve(SANDBOX_PROFILE, KeySlot::PrivateKey)?.is_none()
        {
            self.keychain().persist(
                SANDBOX_PROFILE,
                KeySlot::PrivateKey,
                &Secret::new(private.to_bare_base64().as_str()),
            )?;
        }
        self.keychain().persist(SANDBOX_PROFILE, KeySlot::HuifuPublicKey, &Secret::new(c.huifu_public_key.clone()))?;
        let now = rfc3339(self.now());
        let (sys_id, product_id) = (c.sys_id.clone(), c.product_id.clone());
        self.store().with_conn(|conn| {
            conn.execute(
                "UPDATE profiles SET base_url = ?2, sys_id = ?3, product_id = ?4, key_id = ?5, updated_at = ?6 WHERE name = ?1",
                params![SANDBOX_PROFILE, base_url, sys_id, product_id, key_id, now],
            )?;
            Ok(())
        })?;
        self.forget_client(SANDBOX_PROFILE);
        *guard = Some(running);
        Ok(base_url)
    }

    /// Stops the built-in sandbox if this desk started it (the app on exit, tests before reopening).
    pub async fn shutdown(&self) {
        if let Some(r) = self.sandbox_host().running.lock().await.take() {
            r.shutdown().await;
        }
        self.forget_client(SANDBOX_PROFILE);
        // The last audit rows are anchored outside the database before the app goes.
        self.audit_chain().flush();
    }
}
