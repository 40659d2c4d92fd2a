//! WeChat config: bind the official-account / mini-program appids and the JSAPI path; list what is bound.

use tauri::State;

use desk::services::wxconfig::{WxBinding, WxConfigForm};

use crate::commands::merchant::MerchantRef;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[tauri::command]
pub async fn wxconfig_set(state: State<'_, AppState>, req: WxConfigForm) -> IpcResult<Vec<WxBinding>> {
    let profile = state.profile_for_write()?;
    Ok(state.desk.set_wx_config(&profile, req).await?)
}

#[tauri::command]
pub async fn wxconfig_list(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<Vec<WxBinding>> {
    Ok(state.desk.wx_config_list(&state.active()?, &req.huifu_id).await?)
}
