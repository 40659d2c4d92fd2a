//! Terminals: report a device (or an auxiliary terminal), list them, cancel one.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::services::terminal::{Terminal, TerminalForm};

use crate::commands::merchant::MerchantRef;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TerminalCancelReq {
    pub huifu_id: String,
    pub device_id: String,
    /// Fixed when the cancel is first asked for; a retry reuses it.
    #[ts(optional)]
    pub req_seq_id: Option<String>,
}

#[tauri::command]
pub async fn terminal_add(state: State<'_, AppState>, req: TerminalForm) -> IpcResult<Vec<Terminal>> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.add_terminal(&profile, req).await?)
}

#[tauri::command]
pub async fn terminal_list(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<Vec<Terminal>> {
    Ok(state.desk.list_terminals(&state.active()?, &req.huifu_id).await?)
}

#[tauri::command]
pub async fn terminal_cancel(state: State<'_, AppState>, req: TerminalCancelReq) -> IpcResult<()> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.cancel_terminal(&profile, &req.huifu_id, &req.device_id, req.req_seq_id).await?)
}
