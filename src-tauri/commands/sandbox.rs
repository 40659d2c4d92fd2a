//! Sandbox page: one generic call to the built-in sandbox's /sandbox/... controls (records, clock, audits,
//! faults, notifications, pay an order). desk's sandbox_controls service does the loopback call and
//! refuses any profile but the built-in sandbox.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use desk::services::sandbox::SandboxControl;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// The control's JSON answer, as the sandbox gave it (see crates/sandbox/README.md per control).
#[derive(Debug, Clone, Serialize, TS)]
pub struct SandboxAnswer {
    #[ts(type = "any")]
    pub json: serde_json::Value,
}

#[tauri::command]
pub async fn sandbox_control(state: State<'_, AppState>, req: SandboxControl) -> IpcResult<SandboxAnswer> {
    let profile = state.active()?;
    Ok(SandboxAnswer { json: state.desk.run_sandbox_control(&profile, req).await? })
}
