//! The window first (issue 11 item 5, issue 15): `setup` only opens the store (a local SQLite file: no
//! network, no keychain) and the window paints. What may wait on the network — the receivers saved on the
//! notifications page, the reconcile of writes a crash left open and the following of waiting applications
//! (follower.rs) — runs afterwards in the background,
//! once the page says it has painted (`app_ready`), or after [`FALLBACK_START`] if it never says so. Its
//! progress and the number of writes still open are pushed as the `startup-changed` event and shown in
//! the layout header.
//!
//! A new write that touches an open one is refused by the write pipeline itself (desk), not here: this
//! module only shows where the start-up stands.

use std::time::{Duration, Instant};

pub use crate::startup_status::{open_writes, StartupPhase, StartupStatus};
use crate::state::AppState;

/// Event name: the start-up work moved (payload: [`StartupStatus`]).
pub const STARTUP_CHANGED: &str = "startup-changed";

/// When the page never reports its first paint (it failed to load), the work starts anyway after this.
pub const FALLBACK_START: Duration = Duration::from_secs(5);

/// Starts the start-up work once (the page's `app_ready`, or the fallback timer), in the background;
/// every step is pushed as the `startup-changed` event.
pub fn begin(app: &tauri::AppHandle) {
    use tauri::{Emitter, Manager};
    let Some(state) = app.try_state::<AppState>() else { return };
    if !state.startup.claim() {
        return;
    }
    trace("startup work begins");
    // Waiting applications are followed in the background (reads only) from now on, whatever page is open.
    tauri::async_runtime::spawn(crate::follower::run(app.clone()));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let emit = |s: &StartupStatus| {
            let _ = app.emit(STARTUP_CHANGED, s);
        };
        state.after_first_paint(&emit).await;
        trace("startup work done");
    });
}

/// With `PAYDESK_STARTUP_TRACE=1`, prints `startup-trace <unix ms> <label>` on stderr: the milestones of a
/// start (process, setup, the page's own marks sent with `app_ready`), for finding where its time goes.
/// Unix milliseconds, so a tool that knows when it spawned the process can line them up.
pub fn trace(label: &str) {
    trace_at(unix_ms(), label);
}

/// [`trace`] with a time of its own (the page's marks are taken in the page).
pub fn trace_at(unix_ms: f64, label: &str) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("PAYDESK_STARTUP_TRACE").is_some_and(|v| v == "1")) {
        eprintln!("startup-trace {unix_ms:.1} {label}");
    }
}

fn unix_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

impl AppState {
    /// The work that may wait on the network, in order: the saved receivers (a notification may settle an
    /// open write by itself), then the reconcile of every open write. Each step is pushed through `emit`.
    pub async fn after_first_paint(&self, emit: &(dyn Fn(&StartupStatus) + Send + Sync)) {
        let started = Instant::now();
        let open = open_writes(&self.desk);
        emit(&self.startup.update(|s| {
            s.phase = StartupPhase::Running;
            s.total = open;
            s.open_writes = open;
        }));
        self.start_saved_receivers().await;
        let progress = |p: desk::ProgressEvent| {
            emit(&self.startup.update(|s| {
                s.checked = p.done as u32;
                s.total = p.total.unwrap_or(p.done) as u32;
            }))
        };
        let report = self.desk.reconcile_with_progress(None, &progress).await;
        let open = open_writes(&self.desk);
        let millis = Some(started.elapsed().as_millis() as u64);
        emit(&self.startup.update(|s| {
            match report {
                Ok(r) => {
                    s.phase = StartupPhase::Done;
                    s.checked = r.checked;
                    s.settled = r.settled;
                    s.failed = r.failed;
                    s.still_open = r.still_open + r.busy;
                }
                Err(e) => {
                    s.phase = StartupPhase::Failed;
                    s.message = Some(e.message);
                }
            }
            s.open_writes = open;
            s.millis = millis;
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk::Desk;
    use std::sync::Mutex;

    #[test]
    fn the_state_is_ready_without_the_network_and_the_reconcile_reports_what_stays_open() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        // A write left "sent" by a crash, of a kind no query knows: it stays open whatever happens, and
        // nothing here needs the keychain or a sandbox.
        desk.store()
            .with_conn(|c| {
                c.execute(
                    "INSERT INTO journal(profile, kind, endpoint, req_seq_id, req_date, request_hash, request, state, created_at, updated_at)
                     VALUES ('sandbox', 'startup.test', '/v2/test', 'startup-test-1', '20261201', 'h', '{}', 'sent', '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')",
                    [],
                )?;
                Ok(())
            })
            .unwrap();

        let state = AppState::new(desk);
        let s = state.startup.status();
        assert_eq!((s.phase, s.open_writes), (StartupPhase::Waiting, 1), "{s:?}");
        assert!(state.startup.claim(), "the first caller starts the work");
        assert!(!state.startup.claim(), "only once");

        let seen = Mutex::new(Vec::new());
        tauri::async_runtime::block_on(
            state.after_first_paint(&|s: &StartupStatus| seen.lock().unwrap().push(s.clone())),
        );
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.first().map(|s| (s.phase, s.total)), Some((StartupPhase::Running, 1)), "{seen:?}");
        let last = seen.last().unwrap();
        assert_eq!(last.phase, StartupPhase::Done, "{last:?}");
        assert_eq!((last.checked, last.settled, last.still_open, last.open_writes), (1, 0, 1, 1), "{last:?}");
        assert_eq!(&state.startup.status(), last);
    }
}
