//! The merchant change page (商户基本信息修改, §7.4): what Huifu holds now (cards and contact, masked) and
//! the change itself, with progress while pictures upload.

use tauri::ipc::Channel;
use tauri::State;

use desk::services::modify::{MerchantChangeForm, MerchantChangeResult, MerchantProfileView};
use desk::ProgressEvent;

use crate::commands::merchant::MerchantRef;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn modify_submit(
    state: State<'_, AppState>,
    req: MerchantChangeForm,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<MerchantChangeResult> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.change_merchant(&profile, req, &|e| drop(on_progress.send(e))).await?)
}

#[tauri::command]
pub async fn modify_current(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<MerchantProfileView> {
    Ok(state.desk.merchant_profile(&state.active()?, &req.huifu_id).await?)
}
