//! The app follows waiting applications while it runs (desk's [`desk::services::merchant::follower::Follower`]): a
//! tick every few seconds for the active profile, and a `merchants-changed` event naming the merchants
//! whose journey moved, so an open journey shows "approved" without anyone clicking.

use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The event the journey pages listen to; its payload is the huifu_ids that changed.
pub const MERCHANTS_CHANGED: &str = "merchants-changed";

const TICK: Duration = Duration::from_secs(2);

/// Runs until the app exits.
pub async fn run(app: AppHandle) {
    let mut follower = desk::services::merchant::follower::Follower::new();
    loop {
        tokio::time::sleep(TICK).await;
        let Some(state) = app.try_state::<AppState>() else { continue };
        let Ok(profile) = state.active() else { continue };
        match follower.tick(&state.desk, &profile, Instant::now()).await {
            Ok(changed) if !changed.is_empty() => drop(app.emit(MERCHANTS_CHANGED, changed)),
            Ok(_) => {}
            Err(e) => eprintln!("following waiting applications: {}", e.message),
        }
    }
}
