//! Facts about the running app that every page may show.

use serde::{Deserialize, Serialize};
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

/// The language the person chose in the window.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppLang {
    pub lang: desk::csv_out::CsvLang,
}

/// Remembers the window's language, so exported CSV headers follow it (desk::csv_out).
#[tauri::command]
pub fn app_set_lang(state: State<'_, AppState>, req: AppLang) -> IpcResult<()> {
    Ok(state.desk.set_csv_lang(req.lang)?)
}
