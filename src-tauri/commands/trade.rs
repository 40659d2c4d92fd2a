//! Test order (测试下单): a 0.01 QR order (dougong jspay), a reverse-scan charge of a typed or scanned
//! payment code (micropay), query, close; on the built-in sandbox, pay the order or get a payment code.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::services::trade::close::{CloseForm, CloseRecord};
use desk::services::trade::{PayCodeForm, QrOrder, QrOrderForm, TradeRecord, TradeRef};
use desk::{Environment, ErrorCode};

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;

/// Which local trades to list (newest first).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TradeListReq {
    #[ts(optional)]
    pub huifu_id: Option<String>,
    pub limit: u32,
}

/// A close's state, by the trade and the close's own id.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseStatusReq {
    pub trade: TradeRef,
    #[ts(optional)]
    pub close_req_seq_id: Option<String>,
}

/// Sandbox only: the payer pays the order made here under `reqSeqId`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SandboxPayReq {
    pub req_seq_id: String,
}

/// Sandbox only: a fresh payment code of `channel` (`wx`, `alipay`, `unionpay`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PayCodeReq {
    pub channel: String,
}

fn sandbox_only(state: &AppState) -> IpcResult<desk::Profile> {
    let p = state.active()?;
    if p.environment != Environment::Sandbox || p.name != desk::SANDBOX_PROFILE {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "this sandbox control works on the built-in sandbox profile only",
        ));
    }
    Ok(p)
}

/// A req_seq_id for an order or close form, fixed when it opens so a second click is the same write.
#[tauri::command]
pub fn trade_new_req_seq_id(state: State<'_, AppState>) -> IpcResult<String> {
    Ok(state.desk.new_req_seq_id())
}

#[tauri::command]
pub async fn trade_create_qr(state: State<'_, AppState>, req: QrOrderForm) -> IpcResult<QrOrder> {
    let p = state.profile_for_write()?;
    Ok(state.desk.create_qr_order(&p, req).await?)
}

#[tauri::command]
pub async fn trade_pay_code(state: State<'_, AppState>, req: PayCodeForm) -> IpcResult<TradeRecord> {
    let p = state.profile_for_write()?;
    Ok(state.desk.pay_by_code(&p, req).await?)
}

#[tauri::command]
pub async fn trade_query(state: State<'_, AppState>, req: TradeRef) -> IpcResult<TradeRecord> {
    let p = state.active()?;
    Ok(state.desk.query_trade(&p, req).await?)
}

#[tauri::command]
pub async fn trade_close(state: State<'_, AppState>, req: CloseForm) -> IpcResult<CloseRecord> {
    let p = state.profile_for_write()?;
    Ok(state.desk.close_trade(&p, req).await?)
}

#[tauri::command]
pub async fn trade_close_status(state: State<'_, AppState>, req: CloseStatusReq) -> IpcResult<CloseRecord> {
    let p = state.active()?;
    Ok(state.desk.close_status(&p, req.trade, req.close_req_seq_id).await?)
}

#[tauri::command]
pub fn trade_list(state: State<'_, AppState>, req: TradeListReq) -> IpcResult<Vec<TradeRecord>> {
    let p = state.active()?;
    Ok(state.desk.list_trades(&p, req.huifu_id.as_deref().filter(|h| !h.is_empty()), req.limit)?)
}

/// Sandbox: "pay it in the sandbox" (the sandbox's pay control, as a payer scanning the QR would).
#[tauri::command]
pub async fn trade_sandbox_pay(state: State<'_, AppState>, req: SandboxPayReq) -> IpcResult<()> {
    let p = sandbox_only(&state)?;
    Ok(state.desk.acquiring_sandbox_pay(&p, &req.req_seq_id, false).await?)
}

#[tauri::command]
pub async fn trade_sandbox_paycode(state: State<'_, AppState>, req: PayCodeReq) -> IpcResult<String> {
    sandbox_only(&state)?;
    Ok(state.desk.sandbox_payment_code(&req.channel).await?)
}
