//! Notifications page: the received notifications (desk's receiver stores them) and the receiver of the
//! chosen profile, started and stopped from the page. One receiver listens per address and serves every
//! profile by path (`/notify/<profile>`); the running ones live in `AppState::receivers`.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use desk::notify::{NotificationFilter, NotificationPage, NotifySettings, DEFAULT_LISTEN};

use crate::commands::profile::ProfileName;
use crate::ipc::IpcResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverStatus {
    pub settings: NotifySettings,
    /// A receiver is running on the profile's listen address.
    pub running: bool,
    /// The address it really listens on (the port when `:0` was asked).
    #[ts(optional)]
    pub address: Option<String>,
    /// What `listen` defaults to when the page leaves it empty.
    pub default_listen: String,
    /// Why the receiver on the profile's address did not start with the app (e.g. the port is taken).
    #[ts(optional)]
    pub start_error: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverStartReq {
    pub name: String,
    #[ts(optional)]
    pub listen: Option<String>,
    #[ts(optional)]
    pub public_url: Option<String>,
}

pub(crate) async fn status(state: &AppState, name: &str) -> IpcResult<ReceiverStatus> {
    let settings = state.desk.notify_settings(name)?;
    let running = state.receivers.lock().await;
    let address = settings.listen.as_ref().and_then(|l| running.get(l)).map(|r| r.addr().to_string());
    let start_error = match (&address, &settings.listen) {
        (None, Some(l)) => state.receiver_failure(l),
        _ => None,
    };
    Ok(ReceiverStatus {
        running: address.is_some(),
        address,
        settings,
        default_listen: DEFAULT_LISTEN.into(),
        start_error,
    })
}

#[tauri::command]
pub fn notify_list(state: State<'_, AppState>, req: NotificationFilter) -> IpcResult<NotificationPage> {
    Ok(state.desk.list_notifications(&req)?)
}

#[tauri::command]
pub async fn notify_receiver_status(state: State<'_, AppState>, req: ProfileName) -> IpcResult<ReceiverStatus> {
    status(&state, &req.name).await
}

/// Saves the profile's receiver settings and starts a receiver on its address unless one runs there.
#[tauri::command]
pub async fn notify_receiver_start(state: State<'_, AppState>, req: ReceiverStartReq) -> IpcResult<ReceiverStatus> {
    let listen = req.listen.filter(|l| !l.trim().is_empty()).unwrap_or_else(|| DEFAULT_LISTEN.into());
    if req.name == desk::SANDBOX_PROFILE {
        // The sandbox profile gets its sys_id / URL when the sandbox first starts; saving settings on it
        // before that would fail the profile's own field checks.
        state.desk.ensure_sandbox_running().await?;
    }
    let s = state.desk.set_notify_settings(&req.name, Some(&listen), req.public_url.as_deref())?;
    let listen = s.listen.unwrap_or(listen);
    let mut running = state.receivers.lock().await;
    if !running.contains_key(&listen) {
        running.insert(listen.clone(), state.desk.start_notify_receiver(&listen).await?);
    }
    state.receiver_started(&listen);
    drop(running);
    status(&state, &req.name).await
}

/// Stops the receiver on the profile's address (every profile sharing that address stops receiving).
#[tauri::command]
pub async fn notify_receiver_stop(state: State<'_, AppState>, req: ProfileName) -> IpcResult<ReceiverStatus> {
    if let Some(listen) = state.desk.notify_settings(&req.name)?.listen {
        let r = state.receivers.lock().await.remove(&listen);
        if let Some(r) = r {
            r.stop().await;
        }
    }
    status(&state, &req.name).await
}
