//! Facts about the running app that every page may show.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// The app's version and where its data lives.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// PAYDESK_HOME: SQLite store, downloads, exports.
    pub home: String,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> IpcResult<AppInfo> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_string(), home: state.desk.home().display().to_string() })
}
