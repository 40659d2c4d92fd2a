//! Onboarding (enterprise, individual): pictures fitted as they are chosen, the submit with its progress
//! (uploads, then the application), and the audit followed by polling.

use base64::Engine;
use serde::Deserialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use desk::services::onboarding::pictures::StagedPicture;
use desk::services::onboarding::{EntOnboardingForm, IndvOnboardingForm, OnboardingResult, OnboardingStatus};
use desk::ProgressEvent;

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;

/// A picture chosen in the form (a web view has the bytes, not the path).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PictureStageReq {
    /// Wire field, e.g. `license_pic`.
    pub field: String,
    pub name: String,
    pub data_base64: String,
}

/// Which application to follow.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OnboardingStatusReq {
    pub huifu_id: String,
    #[ts(optional)]
    pub apply_no: Option<String>,
}

#[tauri::command]
pub fn onboarding_picture_stage(state: State<'_, AppState>, req: PictureStageReq) -> IpcResult<StagedPicture> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(req.data_base64.as_bytes())
        .map_err(|e| IpcError::invalid(&req.field, format!("the picture did not arrive intact: {e}")))?;
    Ok(state.desk.stage_picture(&req.field, &req.name, &bytes)?)
}

#[tauri::command]
pub async fn onboarding_enterprise(
    state: State<'_, AppState>,
    req: EntOnboardingForm,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<OnboardingResult> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.onboard_enterprise(&profile, req, &|e| drop(on_progress.send(e))).await?)
}

#[tauri::command]
pub async fn onboarding_individual(
    state: State<'_, AppState>,
    req: IndvOnboardingForm,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<OnboardingResult> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.onboard_individual(&profile, req, &|e| drop(on_progress.send(e))).await?)
}

#[tauri::command]
pub async fn onboarding_status(state: State<'_, AppState>, req: OnboardingStatusReq) -> IpcResult<OnboardingStatus> {
    Ok(state.desk.onboarding_status(&state.active()?, &req.huifu_id, req.apply_no.as_deref()).await?)
}
