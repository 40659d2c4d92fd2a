//! Profiles: which account the app talks to. The active one is pushed as the `profile-changed` event so the
//! header, the menu (sandbox page) and every page follow a switch at once.

use serde::Deserialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use desk::Profile;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// Event name: the active profile changed (payload: the new active [`Profile`]).
pub const PROFILE_CHANGED: &str = "profile-changed";

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileName {
    pub name: String,
}

#[tauri::command]
pub fn profile_active(state: State<'_, AppState>) -> IpcResult<Profile> {
    state.active()
}

#[tauri::command]
pub fn profile_list(state: State<'_, AppState>) -> IpcResult<Vec<Profile>> {
    Ok(state.desk.list_profiles()?)
}

#[tauri::command]
pub fn profile_activate(app: AppHandle, state: State<'_, AppState>, req: ProfileName) -> IpcResult<Profile> {
    let p = state.desk.set_active_profile(&req.name)?;
    let _ = app.emit(PROFILE_CHANGED, &p);
    Ok(p)
}

/// The person said yes to one write against the named production profile (see `AppState::profile_for_write`).
#[tauri::command]
pub fn confirm_prod_write(state: State<'_, AppState>, req: ProfileName) -> IpcResult<()> {
    state.confirm_prod_write(&req.name);
    Ok(())
}
