//! Balance and withdrawal (余额与取现): a merchant's balances, a withdrawal whose req_seq_id is fixed when
//! the form opens (refused before sending above the available balance), followed to its final state.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::services::cashout::{BalanceView, WithdrawForm, Withdrawal};

use crate::ipc::IpcResult;
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BalanceReq {
    pub huifu_id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalId {
    pub req_seq_id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawalListReq {
    #[ts(optional)]
    pub huifu_id: Option<String>,
    pub limit: u32,
}

/// How long the page follows a withdrawal to its final state.
const FOLLOW_ATTEMPTS: u32 = 60;
const FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);

#[tauri::command]
pub async fn cashout_balance(state: State<'_, AppState>, req: BalanceReq) -> IpcResult<BalanceView> {
    let p = state.active()?;
    Ok(state.desk.balance(&p, req.huifu_id.trim()).await?)
}

/// A req_seq_id for the withdrawal form, fixed when it opens so a second click is the same withdrawal.
#[tauri::command]
pub fn cashout_new_req_seq_id(state: State<'_, AppState>) -> IpcResult<String> {
    Ok(state.desk.new_req_seq_id())
}

#[tauri::command]
pub async fn cashout_submit(state: State<'_, AppState>, req: WithdrawForm) -> IpcResult<Withdrawal> {
    let p = state.profile_for_write()?;
    Ok(state.desk.withdraw(&p, req).await?)
}

#[tauri::command]
pub async fn cashout_follow(state: State<'_, AppState>, req: WithdrawalId) -> IpcResult<Withdrawal> {
    let p = state.active()?;
    Ok(state.desk.follow_withdrawal(&p, &req.req_seq_id, FOLLOW_ATTEMPTS, FOLLOW_INTERVAL).await?)
}

#[tauri::command]
pub fn cashout_list(state: State<'_, AppState>, req: WithdrawalListReq) -> IpcResult<Vec<Withdrawal>> {
    let p = state.active()?;
    Ok(state.desk.list_withdrawals(&p.name, req.huifu_id.as_deref().filter(|h| !h.is_empty()), req.limit)?)
}
