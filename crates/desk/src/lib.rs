//! desk: everything the Paydesk app and the `paydesk` CLI share. No Tauri types in here.
//!
//! # Entry points
//!
//! - [`Desk::open`]`(home).await` opens the data directory (`PAYDESK_HOME`, see [`default_home`]): the
//!   SQLite store `paydesk.db` (migrations applied), the keychain namespace, the built-in `sandbox`
//!   profile, and runs [`Desk::reconcile`] for writes left open by a crash. [`Desk::open_without_reconcile`]
//!   skips that last step: the app uses it so its window never waits for the network, and reconciles in
//!   the background ([`Desk::reconcile_with_progress`]). `Desk` is `Clone + Send + Sync`; clone it into tasks.
//! - Profiles ([`profiles`]): [`Desk::create_profile`], [`Desk::profile`], [`Desk::list_profiles`],
//!   [`Desk::update_profile`], [`Desk::delete_profile`], [`Desk::active_profile`],
//!   [`Desk::resolve_profile`]`(Option<&str>)`. Keys ([`profile::keys`]): [`Desk::import_keys`],
//!   [`Desk::generate_key`], [`Desk::set_huifu_public_key`], [`Desk::delete_keys`], [`Desk::key_info`].
//!   Keys live in the OS keychain only ([`keychain`]); key text travels as [`Secret`].
//! - The store ([`store::Store`], from [`Desk::store`]): `with_conn(|c| ...)` and `with_tx(|tx| ...)`
//!   (rollback on `Err`). Add tables in your own file `crates/desk/migrations/YYYYMMDDHHMMSS_what.sql`;
//!   build.rs embeds every file there, applied in name order.
//! - Calling dougong: implement [`Call`] for the dougong request type (say whether it is a write, which
//!   req_seq_id / req_date / huifu_id it carries), then [`Desk::call`]`(&profile, &req).await`. A write
//!   goes through the one write pipeline ([`write`]: intent, sent, send, outcome — each durable before the
//!   next), which never sends a write twice, audits every call, and maps errors into [`Error`]. Other entry points of the same kind: [`Desk::client`] (the profile's `dougong::Client`,
//!   e.g. for streaming bill downloads — audit those with [`audit::record`]`(store, desk.audit_chain(), row)` yourself).
//! - Writes: take a req_seq_id from [`Desk::new_req_seq_id`] when a write is *prepared* (form opened,
//!   CSV row read) and keep it for every retry; a service fixes it with [`Desk::write_seq`] (the form's,
//!   or fresh when blank) and its date with [`Desk::req_date_for`]. A request type carrying its own
//!   `req_seq_id` / `req_date` / `huifu_id` fields implements [`Call`] with the crate's `ids_call!` macro. A new
//!   write kind is a [`write::WriteKind`] variant plus a [`write::Settler`] constant beside its request
//!   type (its query, and the rows its outcome applies), named by the exhaustive match in
//!   [`reconcile`]; the crash harness and the fault matrix (crates/cli/tests) fail until they have a case
//!   for it. 慧收钱 and the MD5 gateway write through `Desk::run_write` with their own wire.
//! - Audit ([`audit`]): [`audit::record`] / [`audit::append`] with [`Desk::audit_chain`] (masking and the
//!   keyed chain are done inside), [`audit::search`], [`audit::export_csv`], [`audit::verify`],
//!   [`audit::digest`]. Masking helpers for UI lists: [`audit::mask`].
//! - Journal ([`journal`]): states, entries, [`Desk::reconcile`].
//! - Errors: [`Error`] `{code: ErrorCode, message, field?, respCode?, respDesc?, hint?}`, `ts_rs::TS`.
//! - Progress: services take a [`Progress`] callback (`&dyn Fn(ProgressEvent)`).
//! - Field checks shared by services: [`checks`] (ID card, USCC, Luhn, mobile, lengths, enums).
//! - Time: [`Desk::now`] (from the [`Clock`] given to [`Desk::open_with_clock`]); never call `now()` deep
//!   inside logic.
//! - The built-in sandbox: [`Desk::ensure_sandbox_running`] (started on first use of the `sandbox`
//!   profile, state under `<home>/sandbox`), [`Desk::shutdown`] stops it.
//!
//! # The merchant journey ([`services`], one module per job; inputs/outputs are camelCase `ts_rs::TS`)
//!
//! | job | desk functions | write kinds (journalled, reconciled by) |
//! |---|---|---|
//! | pictures | [`Desk::upload_picture`] (fitted to 2 MB by [`services::onboarding::pictures::fit_image`]) | not journalled: no query exists, a repeat only makes an unused file id |
//! | onboarding | [`Desk::onboard_enterprise`], [`Desk::onboard_individual`], [`Desk::onboarding_status`], [`Desk::lookup_merchant`] | `onboarding.ent/indv`: no query finds it by req_seq_id; once its audit notification gave huifu_id + apply_no, the application status query settles it ([`services::merchant::applications`]); else it stays unknown for a person (async_return_url defaults to the profile's receiver) |
//! | business open | [`Desk::open_business`], [`Desk::business_status`] | `busi.open`: merchant detail shows the registrations, else the audit notification's apply_no and the application status query |
//! | realname | [`Desk::submit_realname`], [`Desk::realname_status`], [`services::realname::render_qr`] (PNG + SVG) | `realname.wx/ali`: realname query |
//! | WeChat config | [`Desk::set_wx_config`], [`Desk::wx_config_list`] | `wxconfig.set`: config query lists the values |
//! | terminals | [`Desk::add_terminal`], [`Desk::list_terminals`], [`Desk::cancel_terminal`] | `terminal.add` (by serial number), `terminal.cancel` |
//! | split | [`Desk::configure_split`], [`Desk::split_status`] | `split.config`: split query shows the same rule |
//! | statements | [`Desk::set_bill_config`], [`Desk::bill_config`], [`Desk::list_bills`] (a [`services::bill::BillDayState`]: config off / not run yet / running / ready / no records / failed), [`Desk::download_bill`] (bytes progress, `<home>/bills/...`, audited), [`Desk::import_bill`] (zip/CSV/XLSX; [`services::bill::import::import_file`] for benchmarks), [`Desk::query_bills`], [`Desk::bill_totals`], [`Desk::bill_daily_totals`], [`Desk::export_bills_csv`], [`Desk::check_settlement`] | `bills.config`: the bill config query shows the same switch and types |
//! | index | [`Desk::list_merchants`], [`Desk::merchant`] (each step's state) | — |
//! | test orders | [`Desk::create_qr_order`] (QR drawn PNG + SVG), [`Desk::pay_by_code`], [`Desk::query_trade`], [`Desk::close_trade`], [`Desk::close_status`], [`Desk::list_trades`], [`Desk::trade`] (kept in `trades`) | `trade.qr`, `trade.micropay`: scan query by req_seq_id; `trade.close`: close query |
//! | refunds | [`Desk::refundable`], [`Desk::prepare_refund`] (fixes the id), [`Desk::submit_refund`] (over-refund refused naming `amount`; split refunds), [`Desk::refund_status`], [`Desk::follow_refund`], [`Desk::list_refunds`] (kept in `refunds` with reason and note) | `refund.create`: refund query by the refund's own ids |
//! | batch refunds | [`Desk::check_refund_csv`], [`Desk::import_refund_batch`] (ids fixed at import; same file = same batch), [`Desk::run_refund_batch`] (bounded concurrency, resumable, result CSV), [`Desk::refund_batch`], [`Desk::list_refund_batches`] | `refund.create` per row |
//! | cash out | [`Desk::balance`] (fen per account, available / frozen), [`Desk::withdraw`] (amount above the available balance refused naming `amount`; token from the merchant index by default; notify_url from the profile's receiver), [`Desk::withdrawal_status`], [`Desk::follow_withdrawal`], [`Desk::withdrawal`], [`Desk::list_withdrawals`] (kept in `withdrawals`; a final state never moves back) | `cashout.withdraw`: withdrawal query by req_seq_id |
//! | notifications | [`Desk::start_notify_receiver`] (one listener, `POST/GET /notify/<profile>`), [`Desk::receive_notification`] (verify with the profile's keys, store once — a repeat bumps `count` —, ack `RECV_ORD_ID_<id>` / `SUCCESS` / `0000`, bad signature answered 400, counted, the newest 20 kept as `rejected`, effect applied: withdrawal / dougong trade / refund state, open journal entry settled, merchant index step; an older pending after a final state is ignored), [`Desk::list_notifications`], [`Desk::latest_notification`], [`Desk::notify_listen_addresses`] (what the app starts receivers on), settings [`Desk::set_notify_settings`] / [`Desk::notify_url_for`] (loopback for sandbox profiles, `notify_public_url` for real ones; see [`notify`]) | — (receiving is not a write) |
//!
//! Every form takes an optional `reqSeqId`: the UI fixes it when the form opens, so a second click (or a
//! retry after a timeout) never makes a second effect.

// The error is a flat {code, message, field, respCode, respDesc, hint} object because that is what crosses
// the IPC; it is built only on the cold path, so its size (a few Strings) is not worth boxing.
#![allow(clippy::result_large_err)]

pub mod acquiring;
mod at_rest;
pub mod audit;
mod call;
pub mod checks;
pub mod clock;
pub mod csv_out;
mod error;
pub mod ids;
pub mod journal;
pub mod keychain;
pub mod notify;
pub mod profile;
mod progress;
pub mod reconcile;
mod sandbox_host;
mod secret;
pub mod services;
pub mod store;
pub mod trade_state;
pub mod vocab;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use call::{decode_answer, request_hash, Call, RequestPreview};
pub use clock::{Clock, SystemClock};
pub use error::{Error, ErrorCode};
pub use profile::keys::{KeyCheck, KeyImport, KeyInfo};
pub use profile::{Acquirer, Environment, NewProfile, Profile, ProfileChanges, SANDBOX_PROFILE};
pub use progress::{Progress, ProgressEvent};
pub use reconcile::ReconcileReport;
pub use secret::Secret;
pub use write::Settlement;

use keychain::Keychain;
use store::Store;

/// The data directory: `$PAYDESK_HOME`, else `paydesk` in the platform's data directory
/// (`$XDG_DATA_HOME` or `~/.local/share` on Linux; debug builds use `paydesk-dev` so development never
/// touches real data).
pub fn default_home() -> PathBuf {
    if let Some(h) = std::env::var_os("PAYDESK_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(h);
    }
    let leaf = if cfg!(debug_assertions) { "paydesk-dev" } else { "paydesk" };
    // $XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS, %APPDATA% on Windows.
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(leaf)
}

/// The shared state of the app or the CLI. Cheap to clone.
#[derive(Clone)]
pub struct Desk {
    inner: Arc<Inner>,
}

struct Inner {
    home: PathBuf,
    store: Store,
    keychain: Keychain,
    /// The audit chain's key and anchor (read from the keychain on the first audit write, not at open).
    audit: Arc<audit::AuditChain>,
    clock: Arc<dyn Clock>,
    clients: Mutex<HashMap<String, dougong::Client>>,
    /// Huifu public keys by profile, for the notification receiver (a keychain read per delivery would
    /// let a flood of forged ones queue on the keychain); cleared with the clients.
    verify_keys: Mutex<HashMap<String, dougong::keys::PublicKey>>,
    owner: write::claim::Owner,
    failpoints: write::failpoints::Failpoints,
    sandbox: sandbox_host::SandboxHost,
    startup: Mutex<Option<ReconcileReport>>,
    /// The key sealing personal data at rest, read from the keychain on first use ([`at_rest`]).
    data_key: at_rest::DataKeySlot,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("home", &self.inner.home).finish_non_exhaustive()
    }
}

impl Desk {
    /// Opens `home` (created if missing) and settles writes a crash left open. See the crate docs.
    ///
    /// Errors: `Io` (directory), `Storage` (database or migration). Reconcile problems do not fail the
    /// open; they are in [`Desk::startup_report`].
    pub async fn open(home: impl Into<PathBuf>) -> Result<Desk, Error> {
        let desk = Desk::open_without_reconcile(home)?;
        let report = desk.reconcile(None).await?;
        *desk.inner.startup.lock().unwrap_or_else(|p| p.into_inner()) = Some(report);
        Ok(desk)
    }

    /// Opens `home` without reconciling (tools, tests).
    pub fn open_without_reconcile(home: impl Into<PathBuf>) -> Result<Desk, Error> {
        Desk::open_with_clock(home, Arc::new(SystemClock))
    }

    /// Opens `home` with a given clock, without reconciling.
    pub fn open_with_clock(home: impl Into<PathBuf>, clock: Arc<dyn Clock>) -> Result<Desk, Error> {
        let home = home.into();
        std::fs::create_dir_all(&home).map_err(|e| {
            Error::new(ErrorCode::Io, format!("cannot create the data directory {}: {e}", home.display()))
        })?;
        // Owner-only before the database file is made in it, and its files after.
        at_rest::owner_only(&home, false);
        let store = Store::open(&home.join("paydesk.db"))?;
        at_rest::owner_only(&home, true);
        let install_id = store.with_tx(|tx| {
            use rusqlite::OptionalExtension;
            let id: Option<String> =
                tx.query_row("SELECT value FROM settings WHERE key = 'install_id'", [], |r| r.get(0)).optional()?;
            match id {
                Some(id) => Ok(id),
                None => {
                    let id = hex::encode(rand::random::<[u8; 6]>());
                    tx.execute("INSERT INTO settings(key, value) VALUES ('install_id', ?1)", [&id])?;
                    Ok(id)
                }
            }
        })?;
        let owner = write::claim::Owner::new(&home);
        let audit = audit::AuditChain::new(Keychain::new(&install_id), store.clone());
        let desk = Desk {
            inner: Arc::new(Inner {
                audit,
                sandbox: sandbox_host::SandboxHost::new(home.join("sandbox")),
                home,
                store,
                keychain: Keychain::new(&install_id),
                clock,
                clients: Mutex::new(HashMap::new()),
                verify_keys: Mutex::new(HashMap::new()),
                owner,
                failpoints: write::failpoints::Failpoints::from_env(),
                startup: Mutex::new(None),
                data_key: Default::default(),
            }),
        };
        desk.ensure_sandbox_profile()?;
        Ok(desk)
    }

    /// The data directory.
    pub fn home(&self) -> &Path {
        &self.inner.home
    }

    /// The database handle.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// The keychain namespace of this data directory.
    pub fn keychain(&self) -> &Keychain {
        &self.inner.keychain
    }

    pub(crate) fn data_key_slot(&self) -> &at_rest::DataKeySlot {
        &self.inner.data_key
    }

    /// The audit chain of this data directory: pass it to [`audit::append`] / [`audit::record`].
    pub fn audit_chain(&self) -> &Arc<audit::AuditChain> {
        &self.inner.audit
    }

    /// Now, from the desk's clock.
    pub fn now(&self) -> time::OffsetDateTime {
        self.inner.clock.now()
    }

    /// A fresh req_seq_id for a write being prepared (keep it for every retry of that write).
    pub fn new_req_seq_id(&self) -> String {
        ids::new_req_seq_id(self.now())
    }

    /// Today's req_date (`yyyyMMdd`, Beijing).
    pub fn req_date(&self) -> String {
        clock::req_date(self.now())
    }

    /// What the reconcile at [`Desk::open`] did.
    pub fn startup_report(&self) -> Option<ReconcileReport> {
        self.inner.startup.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The dougong client of `profile`, built from the keychain (cached until the profile or its keys
    /// change). For the sandbox profile this starts the built-in sandbox if it is not running.
    ///
    /// Errors: `KeyMissing`, `KeyInvalid`, `Keychain`, `Sandbox`, `InvalidInput`.
    pub async fn client(&self, profile: &Profile) -> Result<dougong::Client, Error> {
        if profile.environment == Environment::Sandbox && profile.name == SANDBOX_PROFILE {
            self.ensure_sandbox_running().await?;
        }
        if let Some(c) = self.inner.clients.lock().unwrap_or_else(|p| p.into_inner()).get(&profile.name) {
            return Ok(c.clone());
        }
        // Re-read: starting the sandbox may have updated the base URL and keys.
        let profile = self.profile(&profile.name)?;
        if profile.acquirer != Acquirer::Dougong {
            return Err(Error::problem(
                "profile",
                vocab::Problem::NotDougong,
                &[("profile", profile.name.clone()), ("acquirer", profile.acquirer.as_str().to_string())],
            ));
        }
        let missing = |what: &str| Error {
            field: Some(what.into()),
            ..Error::new(
                ErrorCode::KeyMissing,
                format!("profile {} has no {what} yet; import or generate it", profile.name),
            )
        };
        let private = self.load_private_key(&profile.name)?.ok_or_else(|| missing("private_key"))?;
        let huifu = self.load_huifu_public_key(&profile.name)?.ok_or_else(|| missing("huifu_public_key"))?;
        let mut builder = dougong::Client::builder()
            .base_url(profile.base_url.clone())
            .sys_id(profile.sys_id.clone())
            .product_id(profile.product_id.clone())
            .private_key(private)
            .huifu_public_key(huifu);
        if let Some(t) = profile_timeout(&profile.extra)? {
            builder = builder.timeout(t);
        }
        let client = builder.build()?;
        self.inner.clients.lock().unwrap_or_else(|p| p.into_inner()).insert(profile.name.clone(), client.clone());
        Ok(client)
    }

    /// Forgets the cached clients, so the next call builds them from the profiles again.
    pub(crate) fn forget_client(&self, profile: &str) {
        self.inner.clients.lock().unwrap_or_else(|p| p.into_inner()).remove(profile);
        self.inner.verify_keys.lock().unwrap_or_else(|p| p.into_inner()).remove(profile);
    }

    /// Huifu's public key of `profile` for verifying notifications, read from the keychain once and kept
    /// until the profile or its keys change. Errors: as [`Desk::load_huifu_public_key`].
    pub(crate) fn huifu_key_for_notifications(&self, profile: &str) -> Result<Option<dougong::keys::PublicKey>, Error> {
        if let Some(k) = self.inner.verify_keys.lock().unwrap_or_else(|p| p.into_inner()).get(profile) {
            return Ok(Some(k.clone()));
        }
        let key = self.load_huifu_public_key(profile)?;
        if let Some(k) = &key {
            self.inner.verify_keys.lock().unwrap_or_else(|p| p.into_inner()).insert(profile.to_string(), k.clone());
        }
        Ok(key)
    }

    /// This desk as the owner of write claims.
    pub(crate) fn owner(&self) -> &write::claim::Owner {
        &self.inner.owner
    }

    /// The failpoints of this desk's write pipeline (tests arm them; see [`write::failpoints`]).
    pub fn failpoints(&self) -> &write::failpoints::Failpoints {
        &self.inner.failpoints
    }

    pub(crate) fn sandbox_host(&self) -> &sandbox_host::SandboxHost {
        &self.inner.sandbox
    }

    /// A setting by key.
    pub fn setting(&self, key: &str) -> Result<Option<String>, Error> {
        use rusqlite::OptionalExtension;
        self.store().with_conn(|c| {
            Ok(c.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
        })
    }

    /// Sets a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), Error> {
        self.store().with_conn(|c| {
            c.execute(
                "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
            Ok(())
        })
    }
}

/// The profile's answer timeout: `extra.timeout_ms` (milliseconds, 100..=300000), else the client's
/// default (15 s). A slow joint-debug gateway needs more; the fault tests need less.
pub(crate) fn profile_timeout(
    extra: &std::collections::BTreeMap<String, String>,
) -> Result<Option<std::time::Duration>, Error> {
    let Some(text) = extra.get("timeout_ms") else { return Ok(None) };
    match text.trim().parse::<u64>() {
        Ok(ms) if (100..=300_000).contains(&ms) => Ok(Some(std::time::Duration::from_millis(ms))),
        _ => Err(Error::invalid("timeout_ms", format!("{text:?} is not a timeout in milliseconds from 100 to 300000"))),
    }
}
