//! Split config: up to 20 % takes effect at once, above goes to audit; the state as Huifu reports it.

use tauri::State;

use desk::services::split::{SplitForm, SplitState};

use crate::commands::merchant::MerchantRef;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn split_config(state: State<'_, AppState>, req: SplitForm) -> IpcResult<SplitState> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.configure_split(&profile, req).await?)
}

#[tauri::command]
pub async fn split_status(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<SplitState> {
    Ok(state.desk.split_status(&state.active()?, &req.huifu_id).await?)
}
