//! A faithful local dougong gateway: signed like Huifu's, stateful in SQLite, with test controls.
//!
//! Embedding (the desktop app and desk tests start it in-process):
//! ```no_run
//! # async fn demo() -> Result<(), sandbox::SandboxError> {
//! let running = sandbox::start(sandbox::SandboxConfig {
//!     data_dir: "/tmp/paydesk-sandbox".into(),
//!     ..Default::default()
//! }).await?;
//! println!("{} as sys_id {}", running.base_url(), running.credentials().sys_id);
//! running.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Layout: generic parts every simulated acquirer shares ([`clock`], [`faults`], [`notify`], the request
//! log in [`traffic`], [`store`]) and one module per acquirer that contributes a router
//! ([`dougong::routes`]); [`controls`] serves the unsigned /sandbox/... test controls.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::sync::watch;

pub mod clock;
pub mod controls;
mod credentials;
pub mod dougong;
pub mod faults;
pub mod huishouqian;
pub mod mpgateway;
pub mod notify;
mod server;
pub mod store;
pub mod traffic;

pub use credentials::{Account, Credentials};

/// Delays of the simulated world, on the sandbox clock (which tests can move).
#[derive(Debug, Clone)]
pub struct Timing {
    /// An onboarding / split application that went to audit is approved this long after submission,
    /// unless a control approved or rejected it first. `None` = wait for a control.
    pub audit_auto_approve: Option<Duration>,
    /// Business open: audit and per-business results arrive this long after the request.
    pub busi_open: Duration,
    /// Refunds, closes and withdrawals turn final this long after they were accepted.
    pub settle: Duration,
    /// A reverse-scan payment that asks for the payer's password finishes this long after.
    pub password_entry: Duration,
    /// Each step of a bill batch task (I → P → DP → FP → S).
    pub bill_task_step: Duration,
    /// Notification retries after the first try (wall time).
    pub notify_retry: Vec<Duration>,
    /// 慧收钱 notification retries (not public; ASSUMED, retried until `SUCCESS`).
    pub huishouqian_notify_retry: Vec<Duration>,
    /// MD5 gateway notification retries (spec: 10 s ×3, 60 s ×3, 180 s ×3; 10 calls with the first).
    pub mpgateway_notify_retry: Vec<Duration>,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            audit_auto_approve: Some(Duration::from_secs(30)),
            busi_open: Duration::from_secs(2),
            settle: Duration::from_secs(2),
            password_entry: Duration::from_secs(3),
            bill_task_step: Duration::from_secs(1),
            notify_retry: vec![Duration::from_secs(1), Duration::from_secs(5), Duration::from_secs(15)],
            huishouqian_notify_retry: [10, 30, 60, 300, 600].map(Duration::from_secs).to_vec(),
            mpgateway_notify_retry: [10, 10, 10, 60, 60, 60, 180, 180, 180].map(Duration::from_secs).to_vec(),
        }
    }
}

/// How to start a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Where credentials.json, the platform key, sandbox.sqlite3 and uploaded/bill files live.
    pub data_dir: PathBuf,
    /// Listening address; `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    pub timing: Timing,
    /// Split ratios above this percentage go to audit (spec D6: 20 % by design assumption).
    pub split_audit_threshold_pct: u32,
    /// Rows per CSV inside a bill zip before the file is split (Huifu: 400 000).
    pub bill_rows_per_csv: usize,
    /// Notify non-loopback URLs too (off: the sandbox never calls out).
    pub notify_any_host: bool,
    /// Listen on a non-loopback address (off: `start` refuses such an `addr`).
    pub allow_non_loopback: bool,
    /// The base URL handed out (credentials.json, `qr_code`, realname QR, bill downloads) when clients
    /// reach the sandbox by another name, e.g. `http://192.168.1.20:8650` so a phone on the LAN can open
    /// a pay page. Default: `http://<bound address>`.
    pub public_url: Option<String>,
    /// Size of the 慧收钱 platform key made on first start (1024, 2048 or 4096; the seed's example is 4096).
    pub huishouqian_platform_bits: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            data_dir: PathBuf::from("sandbox-data"),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            timing: Timing::default(),
            split_audit_threshold_pct: 20,
            bill_rows_per_csv: 400_000,
            notify_any_host: false,
            allow_non_loopback: false,
            public_url: None,
            huishouqian_platform_bits: 2048,
        }
    }
}

/// Why the sandbox could not start (or a store call failed).
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("sandbox database: {0}")]
    Db(String),
    #[error("sandbox files: {0}")]
    Io(String),
    #[error("sandbox keys: {0}")]
    Key(String),
    #[error("sandbox config: {0}")]
    Config(String),
}

impl SandboxError {
    pub(crate) fn db(e: rusqlite::Error) -> SandboxError {
        SandboxError::Db(e.to_string())
    }
    pub(crate) fn io(e: std::io::Error) -> SandboxError {
        SandboxError::Io(e.to_string())
    }
}

/// Everything the handlers share.
pub struct Shared {
    pub cfg: SandboxConfig,
    pub base_url: String,
    pub store: Arc<store::Store>,
    pub clock: Arc<clock::Clock>,
    pub faults: faults::Faults,
    pub outbox: Arc<notify::Outbox>,
    /// The platform's private key (Huifu's side): signs responses and notifications.
    pub platform: dougong::signing::SigningKey,
    pub creds: Credentials,
    pub dg: dougong::state::DgState,
    pub hsq: huishouqian::HsqState,
    pub mpg: mpgateway::MpgState,
}

impl Shared {
    /// Saves the clock offset so a restart keeps the moved time.
    pub fn save_clock(&self) {
        let _ = self.store.set_meta("clock_offset_ms", &self.clock.offset_ms().to_string());
    }
}

/// A started sandbox.
pub struct RunningSandbox {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    server: tokio::task::JoinHandle<()>,
}

impl RunningSandbox {
    /// `http://127.0.0.1:PORT` — what a client uses as its base URL.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The primary service-provider account (also in DATA_DIR/credentials.json).
    pub fn credentials(&self) -> &Credentials {
        &self.shared.creds
    }

    /// Stops accepting, lets open requests finish, stops background work.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.server.await;
    }
}

/// Starts the sandbox: opens (or creates) the data dir, binds, and serves until [`RunningSandbox::shutdown`].
pub async fn start(cfg: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    if !cfg.allow_non_loopback && !cfg.addr.ip().is_loopback() {
        return Err(SandboxError::Config(format!(
            "{} is not a loopback address; the sandbox listens on loopback only unless allow_non_loopback is set",
            cfg.addr
        )));
    }
    std::fs::create_dir_all(&cfg.data_dir).map_err(SandboxError::io)?;
    let listener = tokio::net::TcpListener::bind(cfg.addr).await.map_err(SandboxError::io)?;
    let local = listener.local_addr().map_err(SandboxError::io)?;
    let base_url = match &cfg.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => format!("http://{local}"),
    };

    let store = Arc::new(store::Store::open(&cfg.data_dir)?);
    let offset = store.meta("clock_offset_ms")?.and_then(|s| s.parse().ok()).unwrap_or(0);
    let clock = Arc::new(clock::Clock::with_offset(offset));
    let dir = cfg.data_dir.clone();
    let url = base_url.clone();
    let (platform, creds, new_acct) = tokio::task::spawn_blocking(move || credentials::load_or_create(&dir, &url))
        .await
        .map_err(|e| SandboxError::Key(e.to_string()))??;
    let primary = match new_acct {
        Some(a) => a,
        None => credentials::account_of(&creds)?,
    };
    store.put("account", &primary.sys_id, &primary)?;

    let (stop, stop_rx) = watch::channel(false);
    let outbox = notify::Outbox::start(
        store.clone(),
        clock.clone(),
        cfg.timing.notify_retry.clone(),
        cfg.notify_any_host,
        stop_rx.clone(),
    )?;
    let dg = dougong::state::DgState::load(&store, &cfg.data_dir)?;
    let (hsq_store, hsq_dir, hsq_bits) = (store.clone(), cfg.data_dir.clone(), cfg.huishouqian_platform_bits);
    let hsq = tokio::task::spawn_blocking(move || huishouqian::HsqState::load(&hsq_store, &hsq_dir, hsq_bits))
        .await
        .map_err(|e| SandboxError::Key(e.to_string()))??;
    let mpg = mpgateway::MpgState::load(&store, &cfg.data_dir)?;
    let shared = Arc::new(Shared {
        cfg,
        base_url,
        store,
        clock,
        faults: faults::Faults::default(),
        outbox,
        platform,
        creds,
        dg,
        hsq,
        mpg,
    });

    let router = app(shared.clone());
    let ticker = tokio::spawn(tick_loop(shared.clone(), stop_rx.clone()));
    let server_stop = stop_rx.clone();
    let server = tokio::spawn(async move {
        server::serve(listener, router, server_stop).await;
        let _ = ticker.await;
    });
    Ok(RunningSandbox { shared, stop, server })
}

/// The whole router: each acquirer's signed routes behind the fault/log layer, plus the controls.
fn app(shared: Arc<Shared>) -> Router {
    let acquirers = Router::new().merge(dougong::routes()).merge(huishouqian::routes()).merge(mpgateway::routes());
    let acquirers = acquirers.layer(axum::middleware::from_fn_with_state(shared.clone(), traffic::layer));
    Router::new()
        .merge(acquirers)
        .merge(controls::routes())
        .merge(huishouqian::controls())
        .merge(mpgateway::controls())
        .with_state(shared)
}

/// Moves due work forward (audits, payments with a password, refunds, closes, withdrawals, bill batches).
async fn tick_loop(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(100)) => {}
            _ = stop.changed() => return,
        }
        run_tick(&shared);
    }
}

/// One tick: due work, then bill files built on the blocking pool (the world stays unlocked meanwhile).
pub(crate) fn run_tick(shared: &Arc<Shared>) {
    for job in dougong::tick(shared) {
        let s = shared.clone();
        tokio::task::spawn_blocking(move || dougong::bill_files::build(&s, job));
    }
    huishouqian::tick(shared);
}
