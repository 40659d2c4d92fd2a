//! Where the app's start-up work stands (startup.rs runs it): what the state holds and the header shows.
//! Below the state and the runner, so that neither imports back from the other.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use serde::Serialize;
use ts_rs::TS;

/// Where the start-up work stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StartupPhase {
    /// The window is painting; nothing has been asked of the network yet.
    #[default]
    Waiting,
    /// Receivers are starting and open writes are being settled by query.
    Running,
    /// The reconcile ran; `stillOpen` writes could not be settled yet.
    Done,
    /// The reconcile could not run at all (the store failed); `message` says why.
    Failed,
}

/// The start-up work as the header shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartupStatus {
    pub phase: StartupPhase,
    /// Open writes the reconcile set out to settle.
    pub total: u32,
    /// Of those, how many it has asked about so far.
    pub checked: u32,
    /// Found by query (took effect).
    pub settled: u32,
    /// Certainly without effect.
    pub failed: u32,
    /// Still open: the query failed or could not tell, or another process is on it.
    pub still_open: u32,
    /// Writes whose outcome is open in the journal right now (any profile).
    pub open_writes: u32,
    /// Why the reconcile failed, in plain words (phase `failed`).
    #[ts(optional)]
    pub message: Option<String>,
    /// Milliseconds the work took once it ended.
    #[ts(optional, type = "number")]
    pub millis: Option<u64>,
}

/// The start-up work's shared state: its status, and whether it has begun.
#[derive(Debug, Default)]
pub struct Startup {
    status: Mutex<StartupStatus>,
    begun: AtomicBool,
}

impl Startup {
    /// A start-up that has not begun, counting the writes open now (a local read: nothing is sent).
    pub fn new(open_writes: u32) -> Startup {
        Startup {
            status: Mutex::new(StartupStatus { open_writes, ..Default::default() }),
            begun: AtomicBool::new(false),
        }
    }

    pub fn status(&self) -> StartupStatus {
        self.status.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(crate) fn update(&self, f: impl FnOnce(&mut StartupStatus)) -> StartupStatus {
        let mut s = self.status.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut s);
        s.clone()
    }

    /// True for the one caller that gets to start the work (the page's `app_ready` or the fallback timer).
    pub fn claim(&self) -> bool {
        !self.begun.swap(true, Ordering::SeqCst)
    }
}

/// Open writes in the journal now (any profile), 0 when the store cannot say.
pub fn open_writes(desk: &desk::Desk) -> u32 {
    desk::journal::open_entries(desk.store(), None).map(|v| v.len() as u32).unwrap_or(0)
}
