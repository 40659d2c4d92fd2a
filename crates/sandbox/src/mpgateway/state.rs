//! The MD5 gateway world: the merchant (merid + key) and its orders, persisted in the sandbox store
//! (kind `mpg_order`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::SandboxError;

/// What a merchant gets from the gateway operator.
#[derive(Clone, Serialize, Deserialize)]
pub struct MpgCredentials {
    pub merid: String,
    /// The MD5 key (a sandbox-only secret).
    pub key: String,
}

impl std::fmt::Debug for MpgCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MpgCredentials").field("merid", &self.merid).finish_non_exhaustive()
    }
}

/// One order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub orderid: String,
    pub queryid: String,
    pub action: String,
    pub txnamt: i64,
    /// Empty until someone pays (older data: 1001), then 0000 / 1002 / 1004 (held), or 1003.
    pub resultcode: String,
    pub backurl: String,
    pub fronturl: String,
    pub formaction: String,
    pub paytime: String,
    pub cancelled: bool,
    /// The payer's code of a reverse scan (WxCode / AliCode / QQCode).
    #[serde(default)]
    pub code: String,
}

/// Orders by orderid.
#[derive(Debug, Default)]
pub struct World {
    pub orders: BTreeMap<String, Order>,
    pub seq: u64,
}

/// The simulator's state.
pub struct MpgState {
    /// The merchant and its MD5 key, used by [`super::md5sign`] (the simulator's own signing code).
    pub creds: MpgCredentials,
    world: Mutex<World>,
}

impl MpgState {
    /// Loads the merchant from `DATA_DIR/mpgateway/credentials.json` (made on first start) and the world.
    pub fn load(store: &Store, data_dir: &Path) -> Result<MpgState, SandboxError> {
        let dir = data_dir.join("mpgateway");
        std::fs::create_dir_all(&dir).map_err(SandboxError::io)?;
        let path = dir.join("credentials.json");
        let creds = if path.exists() {
            serde_json::from_str(&std::fs::read_to_string(&path).map_err(SandboxError::io)?)
                .map_err(|e| SandboxError::Config(format!("{}: {e}", path.display())))?
        } else {
            let c = MpgCredentials {
                merid: format!("1000{:08}", rand::random::<u32>() % 100_000_000),
                key: hex::encode(rand::random::<[u8; 16]>()),
            };
            std::fs::write(&path, serde_json::to_string_pretty(&c).map_err(|e| SandboxError::Config(e.to_string()))?)
                .map_err(SandboxError::io)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).map_err(SandboxError::io)?;
            }
            c
        };
        if creds.key.is_empty() {
            return Err(SandboxError::Key(format!("mpgateway: {} has an empty key", path.display())));
        }
        let mut world = World::default();
        for o in store.all::<Order>("mpg_order")? {
            world.orders.insert(o.orderid.clone(), o);
        }
        world.seq = store.meta("mpg_seq")?.and_then(|s| s.parse().ok()).unwrap_or(0);
        Ok(MpgState { creds, world: Mutex::new(world) })
    }

    /// The world, locked.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl World {
    /// A new gateway serial, persisted.
    pub fn next(&mut self, store: &Store) -> u64 {
        self.seq += 1;
        let _ = store.set_meta("mpg_seq", &self.seq.to_string());
        self.seq
    }
}

/// Writes an order through to the store.
pub fn save(store: &Store, o: &Order) {
    if let Err(e) = store.put("mpg_order", &o.orderid, o) {
        tracing::warn!("sandbox: could not persist mpgateway order {}: {e}", o.orderid);
    }
}
