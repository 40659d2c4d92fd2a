//! Facts about the running app that every page may show, and the start-up work after the first paint.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use ts_rs::TS;

use crate::ipc::IpcResult;
use crate::startup::{self, StartupStatus};
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

/// The page's own milestones of the start (Unix milliseconds from `performance.timeOrigin + now()`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadyReq {
    /// (label, Unix ms), e.g. `("script", …)`, `("first paint", …)`; printed with PAYDESK_STARTUP_TRACE=1.
    pub marks: Vec<(String, f64)>,
}

/// The page has painted: the start-up work (receivers, reconcile of open writes, following waiting
/// applications) may begin. Answers where it stands; its progress follows as the `startup-changed` event.
#[tauri::command]
pub fn app_ready(app: AppHandle, state: State<'_, AppState>, req: ReadyReq) -> IpcResult<StartupStatus> {
    for (label, at) in &req.marks {
        startup::trace_at(*at, &format!("page: {label}"));
    }
    startup::begin(&app);
    Ok(state.startup.status())
}

/// Where the start-up work stands (a page that mounts after an event was sent reads it here).
#[tauri::command]
pub fn startup_status(state: State<'_, AppState>) -> IpcResult<StartupStatus> {
    Ok(state.startup.status())
}
