//! Acquiring (收单): the same order journey for the active profile's acquirer — dougong, 慧收钱 or the MD5
//! gateway — create (with its QR drawn by desk), query, close/cancel, refund where offered, refund query,
//! and verify a pasted notification. On the built-in sandbox: pay an order and fetch its notification.

use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use desk::acquiring::{Capabilities, CreateOrderInput, NoticeView, OrderView, RefundInput, RefundView};
use desk::services::realname::{render_qr, QrImage};
use desk::Profile;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// An order by its merchant number (`merchant`: dougong's huifu_id; ignored by the others).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AcqOrderReq {
    pub order_no: String,
    #[ts(optional)]
    pub merchant: Option<String>,
}

/// A refund by its own number.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AcqRefundReq {
    pub refund_no: String,
    #[ts(optional)]
    pub merchant: Option<String>,
}

/// A notification body exactly as received (form body or query string).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticeBody {
    pub body: String,
}

/// Sandbox: the payer pays `orderNo`; `tamper` breaks the notification's signature (to see it refused).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AcqSandboxPayReq {
    pub order_no: String,
    pub tamper: bool,
}

/// Text to draw as a QR code.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QrText {
    pub content: String,
}

#[tauri::command]
pub fn acquiring_capabilities(state: State<'_, AppState>) -> IpcResult<Capabilities> {
    let p = state.active()?;
    Ok(state.desk.acquiring_capabilities(&p))
}

/// An order or refund number, fixed when the form opens so a second click is the same write.
#[tauri::command]
pub fn acquiring_new_no(state: State<'_, AppState>) -> IpcResult<String> {
    Ok(state.desk.new_req_seq_id())
}

/// Makes the built-in sandbox's 慧收钱 and MD5-gateway profiles (to switch to), then lists every profile.
#[tauri::command]
pub async fn acquiring_sandbox_profiles(state: State<'_, AppState>) -> IpcResult<Vec<Profile>> {
    state.desk.ensure_acquirer_sandbox_profiles().await?;
    Ok(state.desk.list_profiles()?)
}

#[tauri::command]
pub async fn acquiring_create(state: State<'_, AppState>, req: CreateOrderInput) -> IpcResult<OrderView> {
    let p = state.profile_for_write()?;
    Ok(state.desk.acquiring_create_order(&p, req).await?)
}

#[tauri::command]
pub async fn acquiring_query(state: State<'_, AppState>, req: AcqOrderReq) -> IpcResult<OrderView> {
    let p = state.active()?;
    Ok(state.desk.acquiring_query(&p, &req.order_no, req.merchant.as_deref().filter(|m| !m.is_empty())).await?)
}

#[tauri::command]
pub async fn acquiring_close(state: State<'_, AppState>, req: AcqOrderReq) -> IpcResult<OrderView> {
    let p = state.profile_for_write()?;
    Ok(state.desk.acquiring_close(&p, &req.order_no, req.merchant.as_deref().filter(|m| !m.is_empty())).await?)
}

#[tauri::command]
pub async fn acquiring_refund(state: State<'_, AppState>, req: RefundInput) -> IpcResult<RefundView> {
    let p = state.profile_for_write()?;
    Ok(state.desk.acquiring_refund(&p, req).await?)
}

#[tauri::command]
pub async fn acquiring_refund_query(state: State<'_, AppState>, req: AcqRefundReq) -> IpcResult<RefundView> {
    let p = state.active()?;
    Ok(state.desk.acquiring_refund_query(&p, &req.refund_no, req.merchant.as_deref().filter(|m| !m.is_empty())).await?)
}

#[tauri::command]
pub fn acquiring_verify_notice(state: State<'_, AppState>, req: NoticeBody) -> IpcResult<NoticeView> {
    let p = state.active()?;
    Ok(state.desk.acquiring_verify_notification(&p, req.body.trim().as_bytes())?)
}

#[tauri::command]
pub async fn acquiring_sandbox_pay(state: State<'_, AppState>, req: AcqSandboxPayReq) -> IpcResult<()> {
    let p = state.active()?;
    Ok(state.desk.acquiring_sandbox_pay(&p, &req.order_no, req.tamper).await?)
}

#[tauri::command]
pub async fn acquiring_sandbox_notice(state: State<'_, AppState>, req: AcqOrderReq) -> IpcResult<NoticeView> {
    let p = state.active()?;
    Ok(state.desk.acquiring_sandbox_notice(&p, &req.order_no).await?)
}

/// Draws a QR string (an order's `qr`) with desk's renderer: PNG for the `<img>`, SVG too.
#[tauri::command]
pub fn acquiring_qr_render(req: QrText) -> IpcResult<QrImage> {
    Ok(render_qr(&req.content)?)
}
