//! The 慧收钱 world: the merchant account and its keys, orders and refunds, persisted in the sandbox store
//! (kinds `hsq_order`, `hsq_refund`) and written through on each change.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};

use crate::clock::Millis;
use crate::store::Store;
use crate::SandboxError;

/// The account a developer would get from 慧收钱: what desk's huishouqian profile needs.
#[derive(Clone, Serialize, Deserialize)]
pub struct HsqCredentials {
    pub merchant_no: String,
    /// The 32-hex 签名混淆KEY.
    pub sign_key: String,
    /// The merchant private key (PKCS#8 PEM; a sandbox-only test key).
    pub merchant_private_key_pem: String,
    /// The platform's public key (SPKI PEM), standing in for `MANDAO_<merchantNo>_pub.cer`.
    pub platform_public_key_pem: String,
}

impl std::fmt::Debug for HsqCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HsqCredentials").field("merchant_no", &self.merchant_no).finish_non_exhaustive()
    }
}

/// One order.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub trans_no: String,
    pub trade_no: String,
    pub method: String,
    pub pay_type: String,
    pub order_amt: i64,
    /// INIT, PROCESSING, SUCCESS, FAIL.
    pub status: String,
    pub resp_code: String,
    pub resp_msg: String,
    pub goods_info: String,
    pub request_date: String,
    pub return_url: String,
    pub extend: String,
    pub memo: String,
    pub qr_code: String,
    pub channel_order_no: String,
    pub finished_date: String,
    /// Expiry on the sandbox clock (memo.timeExpire), if any.
    pub expires_at: Option<Millis>,
    /// Sum of refunds that are not FAIL.
    pub refunded: i64,
}

/// One refund.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refund {
    pub trans_no: String,
    pub orig_trans_no: String,
    pub trade_no: String,
    pub order_amt: i64,
    pub status: String,
    pub resp_code: String,
    pub resp_msg: String,
    pub return_url: String,
    pub extend: String,
    pub finished_date: String,
    pub settle_at: Millis,
}

/// Orders and refunds by merchant number.
#[derive(Debug, Default)]
pub struct World {
    pub orders: BTreeMap<String, Order>,
    pub refunds: BTreeMap<String, Refund>,
    pub seq: u64,
}

/// The simulator's state: keys and the world. The keys are plain `rsa` keys used by [`super::rsa2`], the
/// simulator's own signing code (never the client crate's).
pub struct HsqState {
    pub creds: HsqCredentials,
    /// Verifies the merchant's requests.
    pub merchant_public: RsaPublicKey,
    /// Signs answers and notifications.
    pub platform_key: RsaPrivateKey,
    world: Mutex<World>,
}

impl HsqState {
    /// Loads keys from `DATA_DIR/huishouqian/credentials.json` (made on first start, platform key of
    /// `platform_bits`) and the world from the store.
    pub fn load(store: &Store, data_dir: &Path, platform_bits: usize) -> Result<HsqState, SandboxError> {
        let dir = data_dir.join("huishouqian");
        std::fs::create_dir_all(&dir).map_err(SandboxError::io)?;
        let creds_path = dir.join("credentials.json");
        let platform_path = dir.join("platform_private_key.pem");
        let key_err = |e: String| SandboxError::Key(format!("huishouqian: {e}"));
        let (creds, platform) = if creds_path.exists() && platform_path.exists() {
            let c: HsqCredentials =
                serde_json::from_str(&std::fs::read_to_string(&creds_path).map_err(SandboxError::io)?)
                    .map_err(|e| SandboxError::Config(format!("{}: {e}", creds_path.display())))?;
            let p = RsaPrivateKey::from_pkcs8_pem(&std::fs::read_to_string(&platform_path).map_err(SandboxError::io)?)
                .map_err(|e| key_err(e.to_string()))?;
            (c, p)
        } else {
            let mut rng = rand::rngs::OsRng;
            let merchant = RsaPrivateKey::new(&mut rng, 2048).map_err(|e| key_err(e.to_string()))?;
            let platform = RsaPrivateKey::new(&mut rng, platform_bits).map_err(|e| key_err(e.to_string()))?;
            let pem = |k: &RsaPrivateKey| {
                k.to_pkcs8_pem(LineEnding::LF).map(|p| p.to_string()).map_err(|e| key_err(e.to_string()))
            };
            let c = HsqCredentials {
                merchant_no: format!("8000{:08}", rand::random::<u32>() % 100_000_000),
                sign_key: hex::encode(rand::random::<[u8; 16]>()),
                merchant_private_key_pem: pem(&merchant)?,
                platform_public_key_pem: platform
                    .to_public_key()
                    .to_public_key_pem(LineEnding::LF)
                    .map_err(|e| key_err(e.to_string()))?,
            };
            write_private(&platform_path, &pem(&platform)?)?;
            write_private(
                &creds_path,
                &serde_json::to_string_pretty(&c).map_err(|e| SandboxError::Config(e.to_string()))?,
            )?;
            (c, platform)
        };
        let merchant =
            RsaPrivateKey::from_pkcs8_pem(&creds.merchant_private_key_pem).map_err(|e| key_err(e.to_string()))?;
        let mut world = World::default();
        for o in store.all::<Order>("hsq_order")? {
            world.orders.insert(o.trans_no.clone(), o);
        }
        for r in store.all::<Refund>("hsq_refund")? {
            world.refunds.insert(r.trans_no.clone(), r);
        }
        world.seq = store.meta("hsq_seq")?.and_then(|s| s.parse().ok()).unwrap_or(0);
        Ok(HsqState {
            merchant_public: merchant.to_public_key(),
            platform_key: platform,
            creds,
            world: Mutex::new(world),
        })
    }

    /// The world, locked.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl World {
    /// A new platform serial, persisted.
    pub fn next(&mut self, store: &Store) -> u64 {
        self.seq += 1;
        let _ = store.set_meta("hsq_seq", &self.seq.to_string());
        self.seq
    }
}

/// Writes an order through to the store.
pub fn save_order(store: &Store, o: &Order) {
    if let Err(e) = store.put("hsq_order", &o.trans_no, o) {
        tracing::warn!("sandbox: could not persist huishouqian order {}: {e}", o.trans_no);
    }
}

/// Writes a refund through to the store.
pub fn save_refund(store: &Store, r: &Refund) {
    if let Err(e) = store.put("hsq_refund", &r.trans_no, r) {
        tracing::warn!("sandbox: could not persist huishouqian refund {}: {e}", r.trans_no);
    }
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
