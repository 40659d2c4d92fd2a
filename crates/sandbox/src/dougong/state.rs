//! The dougong world: merchants, applications, files, trades, refunds, terminals, withdrawals and bill
//! tasks. Held in memory behind one mutex (every operation is short) and written through to SQLite as JSON
//! documents, so a restart sees the same world.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::clock::Millis;
use crate::credentials::Account;
use crate::store::Store;
use crate::SandboxError;

/// A record kind stored as a document.
pub trait Doc: Serialize + DeserializeOwned {
    const KIND: &'static str;
    fn id(&self) -> String;
}

macro_rules! doc {
    ($t:ty, $kind:literal, $field:ident) => {
        impl Doc for $t {
            const KIND: &'static str = $kind;
            fn id(&self) -> String {
                self.$field.clone()
            }
        }
    };
}

/// An uploaded picture or file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileRec {
    pub file_id: String,
    pub file_type: String,
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub created_at: Millis,
}
doc!(FileRec, "dg_file", file_id);

/// One channel registration made by business open (a WeChat/Alipay/UnionPay sub-merchant).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChannelReg {
    /// `W`, `A`, `U`.
    pub pay_way: String,
    pub pay_scene: String,
    pub fee_rate: String,
    pub sub_mer_id: String,
    pub bank_mer_code: String,
    pub pay_channel_id: String,
    /// `P` registering, `S`, `F`.
    pub status: String,
    pub is_check_real_name: bool,
}

/// WeChat realname (意愿确认) state of a merchant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Realname {
    pub applyment_id: String,
    /// `APPLYMENT_STATE_*`.
    pub stat: String,
    pub qrcode_data: String,
    pub reject_reason: String,
    /// While waiting for WeChat's audit: when it moves on to the legal person's confirmation.
    #[serde(default)]
    pub due_at: Option<Millis>,
}

/// Alipay realname state.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AliRealname {
    pub apply_id: String,
    /// `AUDITING`, `CONTACT_CONFIRM`, `AUDIT_PASS`, …
    pub stat: String,
    pub qrcode_data: String,
}

/// Split configuration of a merchant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SplitConf {
    pub rule_origin: String,
    pub div_flag: String,
    /// Maximum ratio in hundredths of a percent (2000 = 20.00 %).
    pub apply_ratio_bp: i64,
    pub apply_ratio: String,
    pub start_type: String,
    pub acct_split_bunch_list: String,
    pub scene: String,
    /// `P` under audit, `Y` effective, `N` rejected.
    pub status: String,
    pub apply_no: String,
}

/// Bill configuration of a merchant or of the channel itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BillConf {
    pub huifu_id: String,
    pub recon_send_flag: String,
    pub file_type: String,
    pub as_settle_flag: String,
    pub notify_url: String,
    pub ftp_addr: String,
    pub ftp_user: String,
    pub configured_at: Millis,
}
doc!(BillConf, "dg_bill_conf", huifu_id);

/// Synthetic paid trades that only feed bill files (for large-file tests): `count` trades of `amount`
/// fen for `huifu_id` on `date`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seed {
    pub id: String,
    pub huifu_id: String,
    pub date: String,
    pub count: u64,
    pub amount: i64,
}
doc!(Seed, "dg_seed", id);

/// A merchant (enterprise or individual).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Merchant {
    pub huifu_id: String,
    pub upper_huifu_id: String,
    pub sys_id: String,
    pub product_id: String,
    /// `1` enterprise, `2` individual.
    pub cust_type: String,
    pub reg_name: String,
    pub short_name: String,
    pub apply_no: String,
    pub token_no: String,
    /// `P` under audit, `Y` approved, `N` rejected.
    pub status: String,
    pub created_at: Millis,
    /// The onboarding fields as sent (and later modified), echoed by the detail query.
    pub fields: Map<String, Value>,
    /// Withdrawal types enabled by cash_config (`T1` when none was sent).
    pub cash_types: Vec<String>,
    pub wx: Vec<ChannelReg>,
    pub ali: Vec<ChannelReg>,
    pub union: Vec<ChannelReg>,
    /// Business-open application state: empty (never), `P`, `Y`, `N`.
    pub busi_status: String,
    pub busi_apply_no: String,
    pub wx_woa_app_ids: Vec<String>,
    pub wx_applet_app_ids: Vec<String>,
    pub wx_woa_paths: Vec<String>,
    pub realname: Option<Realname>,
    pub ali_realname: Option<AliRealname>,
    pub split: Option<SplitConf>,
}
doc!(Merchant, "dg_merchant", huifu_id);

/// An application waiting for (or past) audit: onboarding, business open, split config, modify.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Apply {
    pub apply_no: String,
    pub huifu_id: String,
    /// `ent`, `indv`, `modify`, `busi_open`, `busi_modify`, `split`.
    pub kind: String,
    /// `P`, `Y`, `N`.
    pub status: String,
    pub created_at: Millis,
    /// When the tick finishes it without a control (None = waits for a control).
    pub due_at: Option<Millis>,
    pub req_seq_id: String,
    pub req_date: String,
    pub async_return_url: String,
    pub busi_async_return_url: String,
    pub audit_desc: String,
    /// What the application asked for (busi open: the channel lists; modify: the changed fields).
    pub payload: Map<String, Value>,
}
doc!(Apply, "dg_apply", apply_no);

/// A payment (forward or reverse scan).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Order {
    pub hf_seq_id: String,
    pub huifu_id: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub trade_type: String,
    /// `T` WeChat, `A` Alipay, `U` UnionPay, `D` digital RMB.
    pub pay_channel: String,
    pub forward: bool,
    pub trans_amt: i64,
    pub fee_amt: i64,
    pub fee_rate: String,
    pub goods_desc: String,
    pub created_at: Millis,
    pub expire_at: Millis,
    /// `P`, `S`, `F`.
    pub trans_stat: String,
    pub end_at: Option<Millis>,
    pub bank_code: String,
    pub bank_message: String,
    pub notify_url: String,
    pub party_order_id: String,
    pub out_trans_id: String,
    pub refunded: i64,
    pub refunding: i64,
    pub refund_count: u32,
    /// acct_split_bunch as sent (JSON text), empty when none.
    pub split: String,
    pub delay_acct_flag: String,
    pub remark: String,
    pub sub_appid: String,
    pub sub_openid: String,
    /// A reverse-scan payment waiting for the payer's password finishes at this time.
    pub password_due: Option<Millis>,
    /// Test-card behaviour chosen by the amount (see README).
    pub card: String,
    /// `close` when closed by the merchant, `expired` when time_expire passed.
    pub closed_by: String,
    pub devs_id: String,
}
doc!(Order, "dg_order", hf_seq_id);

/// The order a refund or a close is about, by its ids (stored as `org_*`, the request's names for them).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Original {
    #[serde(rename = "org_hf_seq_id")]
    pub hf_seq_id: String,
    #[serde(rename = "org_req_seq_id")]
    pub req_seq_id: String,
    #[serde(rename = "org_req_date")]
    pub req_date: String,
}

impl Original {
    pub fn of(o: &Order) -> Original {
        Original { hf_seq_id: o.hf_seq_id.clone(), req_seq_id: o.req_seq_id.clone(), req_date: o.req_date.clone() }
    }
}

/// A refund.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refund {
    pub hf_seq_id: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    #[serde(flatten)]
    pub org: Original,
    pub ord_amt: i64,
    pub fee_refund: i64,
    pub trans_stat: String,
    pub created_at: Millis,
    pub due_at: Millis,
    pub end_at: Option<Millis>,
    pub notify_url: String,
    pub split: String,
    pub remark: String,
    pub bank_message: String,
}
doc!(Refund, "dg_refund", hf_seq_id);

/// A close request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Close {
    pub key: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    #[serde(flatten)]
    pub org: Original,
    pub trans_stat: String,
    pub created_at: Millis,
    pub due_at: Millis,
}
doc!(Close, "dg_close", key);

/// A registered terminal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Terminal {
    pub device_id: String,
    pub huifu_id: String,
    pub sn: String,
    pub tusn: String,
    pub dev_model_code: String,
    pub terminal_address: String,
    /// `Y` bound, `C` cancelled.
    pub status: String,
    pub created_at: Millis,
}
doc!(Terminal, "dg_terminal", device_id);

/// A withdrawal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Withdrawal {
    pub hf_seq_id: String,
    pub req_seq_id: String,
    pub req_date: String,
    pub huifu_id: String,
    pub cash_amt: i64,
    pub fee_amt: i64,
    pub token_no: String,
    pub into_acct_date_type: String,
    pub acct_id: String,
    pub trans_stat: String,
    pub created_at: Millis,
    pub due_at: Millis,
    pub end_at: Option<Millis>,
    pub notify_url: String,
    pub remark: String,
}
doc!(Withdrawal, "dg_withdrawal", hf_seq_id);

/// A bill batch task and its file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BillTask {
    pub file_id: String,
    pub huifu_id: String,
    pub bill_type: String,
    pub file_date: String,
    pub data_date: String,
    /// `I`, `P`, `DP`, `FP`, `F`, `S`.
    pub task_stat: String,
    pub start_at: Millis,
    pub next_at: Millis,
    pub end_at: Option<Millis>,
    pub file_name: String,
    pub rows: u64,
    /// A build of the file is running (not persisted as true across restarts: a restart rebuilds).
    #[serde(default, skip_serializing)]
    pub building: bool,
}
doc!(BillTask, "dg_bill_task", file_id);

/// A request id already used: `(target, req_date, req_seq_id)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seen {
    pub key: String,
}
doc!(Seen, "dg_seen", key);

/// Everything, in memory.
#[derive(Default)]
pub struct World {
    pub accounts: BTreeMap<String, Account>,
    pub files: BTreeMap<String, FileRec>,
    pub merchants: BTreeMap<String, Merchant>,
    pub applies: BTreeMap<String, Apply>,
    pub orders: BTreeMap<String, Order>,
    pub refunds: BTreeMap<String, Refund>,
    pub closes: BTreeMap<String, Close>,
    pub terminals: BTreeMap<String, Terminal>,
    pub withdrawals: BTreeMap<String, Withdrawal>,
    pub bill_tasks: BTreeMap<String, BillTask>,
    pub bill_confs: BTreeMap<String, BillConf>,
    pub seeds: Vec<Seed>,
    /// Bill regenerations per `huifu_id|date` (limited like Huifu's ~3 a day).
    pub replays: BTreeMap<String, u32>,
    /// Used request ids (`trade|…`, `merchant|…`) and payment codes (`authcode|…`).
    pub seen: HashSet<String>,
    pub counter: u64,
}

fn load_map<T: Doc>(store: &Store) -> Result<BTreeMap<String, T>, SandboxError> {
    Ok(store.all::<T>(T::KIND)?.into_iter().map(|d| (d.id(), d)).collect())
}

impl World {
    /// Next value of the id counter (persisted, so ids stay unique across restarts).
    pub fn next(&mut self, store: &Store) -> u64 {
        self.counter += 1;
        let _ = store.set_meta("dg_counter", &self.counter.to_string());
        self.counter
    }

    /// Order by `hf_seq_id`, or by `req_seq_id` (+ `req_date` when given).
    pub fn find_order(&self, huifu_id: &str, hf_seq_id: &str, req_seq_id: &str, req_date: &str) -> Option<&Order> {
        if !hf_seq_id.is_empty() {
            return self.orders.get(hf_seq_id).filter(|o| o.huifu_id == huifu_id);
        }
        self.orders.values().find(|o| {
            o.huifu_id == huifu_id
                && !req_seq_id.is_empty()
                && o.req_seq_id == req_seq_id
                && (req_date.is_empty() || o.req_date == req_date)
        })
    }
}

/// The dougong part of the shared state.
pub struct DgState {
    world: Mutex<World>,
    /// Uploaded files and built bill files live here.
    pub files_dir: PathBuf,
}

impl DgState {
    /// Loads the world from the store.
    pub fn load(store: &Store, data_dir: &Path) -> Result<DgState, SandboxError> {
        let files_dir = data_dir.join("files");
        std::fs::create_dir_all(&files_dir).map_err(SandboxError::io)?;
        let w = World {
            accounts: store.all::<Account>("account")?.into_iter().map(|a| (a.sys_id.clone(), a)).collect(),
            files: load_map(store)?,
            merchants: load_map(store)?,
            applies: load_map(store)?,
            orders: load_map(store)?,
            refunds: load_map(store)?,
            closes: load_map(store)?,
            terminals: load_map(store)?,
            withdrawals: load_map(store)?,
            bill_tasks: load_map(store)?,
            bill_confs: load_map(store)?,
            seeds: store.all::<Seed>(Seed::KIND)?,
            replays: BTreeMap::new(),
            seen: store.all::<Seen>(Seen::KIND)?.into_iter().map(|s| s.key).collect(),
            counter: store.meta("dg_counter")?.and_then(|s| s.parse().ok()).unwrap_or(0),
        };
        Ok(DgState { world: Mutex::new(w), files_dir })
    }

    /// Locks the world.
    pub fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Writes one record through to SQLite (logged, not fatal: the in-memory world stays authoritative).
pub fn persist<T: Doc>(store: &Store, rec: &T) {
    if let Err(e) = store.put(T::KIND, &rec.id(), rec) {
        tracing::warn!("sandbox: could not persist {} {}: {e}", T::KIND, rec.id());
    }
}
