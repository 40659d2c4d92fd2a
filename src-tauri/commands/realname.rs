//! Realname (WeChat, Alipay): submit, the state with its QR (polled), and the QR drawn for the screen.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::services::realname::{render_qr, QrImage, RealnameChannel, RealnameForm, RealnamePrefill, RealnameState};

use crate::ipc::IpcResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RealnameStatusReq {
    pub huifu_id: String,
    pub channel: RealnameChannel,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrReq {
    pub content: String,
}

#[tauri::command]
pub async fn realname_submit(state: State<'_, AppState>, req: RealnameForm) -> IpcResult<RealnameState> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.submit_realname(&profile, req).await?)
}

#[tauri::command]
pub async fn realname_status(state: State<'_, AppState>, req: RealnameStatusReq) -> IpcResult<RealnameState> {
    Ok(state.desk.realname_status(&state.active()?, &req.huifu_id, req.channel).await?)
}

#[tauri::command]
pub async fn realname_prefill(
    state: State<'_, AppState>,
    req: crate::commands::merchant::MerchantRef,
) -> IpcResult<RealnamePrefill> {
    Ok(state.desk.realname_prefill(&state.active()?, &req.huifu_id).await?)
}

#[tauri::command]
pub fn realname_qr(req: QrReq) -> IpcResult<QrImage> {
    Ok(render_qr(&req.content)?)
}
