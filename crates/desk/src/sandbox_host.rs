//! The built-in sandbox behind the `sandbox` profile: started in-process on first use (loopback, a free
//! port), its state and credentials kept under `<home>/sandbox`. Its keys are copied into the keychain
//! like any profile's, and the profile's base URL follows the port it got.

use std::path::PathBuf;

use rusqlite::params;

use crate::clock::rfc3339;
use crate::error::{Error, ErrorCode};
use crate::profiles::{Acquirer, Environment, SANDBOX_PROFILE};
use crate::Desk;

/// Owns the running sandbox (if started).
pub(crate) struct SandboxHost {
    data_dir: PathBuf,
    running: tokio::sync::Mutex<Option<()>>,
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

    /// Starts the built-in sandbox if it is not running and points the sandbox profile at it.
    pub(crate) async fn ensure_sandbox_running(&self) -> Result<(), Error> {
        let guard = self.sandbox_host().running.lock().await;
        if guard.is_some() {
            return Ok(());
        }
        let _ = &self.sandbox_host().data_dir;
        Err(Error::new(ErrorCode::Sandbox, "not implemented yet: the built-in sandbox (crates/sandbox has not landed on main)"))
    }
}
