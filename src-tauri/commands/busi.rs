//! Business open (WeChat / Alipay with fee rates, MCC, scenes) and following its audit.

use tauri::State;

use desk::services::busi::{BusiOpenForm, BusiOpenResult, BusiStatus};

use crate::commands::onboarding::OnboardingStatusReq;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn busi_open(state: State<'_, AppState>, req: BusiOpenForm) -> IpcResult<BusiOpenResult> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.open_business(&profile, req).await?)
}

#[tauri::command]
pub async fn busi_status(state: State<'_, AppState>, req: OnboardingStatusReq) -> IpcResult<BusiStatus> {
    Ok(state.desk.business_status(&state.active()?, &req.huifu_id, req.apply_no.as_deref()).await?)
}
