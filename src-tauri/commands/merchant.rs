//! The merchant index page: the list (personal data already masked by desk), one merchant with its journey
//! steps, a lookup that adds a merchant onboarded elsewhere, and the req_seq_id every journey form fixes
//! when it opens.

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use desk::services::merchant::journey::MerchantRefresh;
use desk::services::merchant::lookup::MerchantDetailView;
use desk::services::merchant::Merchant;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// Names one merchant of the active profile.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantRef {
    pub huifu_id: String,
}

/// What to find: name, short name, huifu_id, licence / ID number or contact phone (empty: every merchant).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MerchantQuery {
    pub q: String,
}

/// A req_seq_id fixed for one form: kept in its draft, sent with every retry.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewReqSeqId {
    pub req_seq_id: String,
}

#[tauri::command]
pub fn merchant_list(state: State<'_, AppState>) -> IpcResult<Vec<Merchant>> {
    Ok(state.desk.list_merchants(&state.active()?.name)?)
}

#[tauri::command]
pub fn merchant_get(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<Merchant> {
    Ok(state.desk.merchant(&state.active()?.name, &req.huifu_id)?)
}

#[tauri::command]
pub async fn merchant_lookup(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<MerchantDetailView> {
    Ok(state.desk.lookup_merchant(&state.active()?, &req.huifu_id).await?)
}

#[tauri::command]
pub fn merchant_search(state: State<'_, AppState>, req: MerchantQuery) -> IpcResult<Vec<Merchant>> {
    Ok(state.desk.search_merchants(&state.active()?.name, &req.q)?)
}

#[tauri::command]
pub async fn merchant_refresh(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<MerchantRefresh> {
    Ok(state.desk.refresh_merchant(&state.active()?, &req.huifu_id).await?)
}

#[tauri::command]
pub async fn merchant_follow(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<MerchantRefresh> {
    Ok(state.desk.follow_merchant(&state.active()?, &req.huifu_id).await?)
}

#[tauri::command]
pub fn merchant_remove(state: State<'_, AppState>, req: MerchantRef) -> IpcResult<()> {
    Ok(state.desk.remove_merchant(&state.active()?.name, &req.huifu_id)?)
}

#[tauri::command]
pub fn merchant_new_req_seq_id(state: State<'_, AppState>) -> IpcResult<NewReqSeqId> {
    Ok(NewReqSeqId { req_seq_id: state.desk.new_req_seq_id() })
}
