//! Form drafts, kept sealed in the desk store (desk::services::drafts) instead of the web view's storage:
//! what a person types into onboarding and realname forms is personal data.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::services::drafts::DraftValue;

use crate::ipc::IpcResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftKey {
    pub key: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftSave {
    pub key: String,
    #[ts(type = "unknown")]
    pub value: serde_json::Value,
}

#[tauri::command]
pub fn draft_save(state: State<'_, AppState>, req: DraftSave) -> IpcResult<()> {
    Ok(state.desk.save_draft(&req.key, &req.value)?)
}

#[tauri::command]
pub fn draft_load(state: State<'_, AppState>, req: DraftKey) -> IpcResult<Option<DraftValue>> {
    Ok(state.desk.load_draft(&req.key)?.map(|value| DraftValue { value }))
}

#[tauri::command]
pub fn draft_delete(state: State<'_, AppState>, req: DraftKey) -> IpcResult<()> {
    Ok(state.desk.delete_draft(&req.key)?)
}
