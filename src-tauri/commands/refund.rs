//! Trades and refunds (交易与退款): what a trade can still give back, a refund whose req_seq_id is fixed
//! when the form opens (a second click re-sends the same request through desk's journal, never a second
//! refund), followed to its final state; batch refunds from a CSV with progress and a result file.

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use desk::services::refund::batch::{BatchReport, BatchRowError, BatchRunOptions, RefundBatch};
use desk::services::refund::{RefundDraft, RefundFilter, RefundForm, RefundRecord, Refundable};
use desk::services::trade::TradeRef;
use desk::ProgressEvent;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// A refund by its own req_seq_id.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundId {
    pub req_seq_id: String,
}

/// A refund CSV picked in the native dialog (or typed).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundCsvPath {
    pub path: String,
}

/// What is wrong in a refund CSV, by row and field (empty: nothing).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundCsvCheck {
    pub problems: Vec<BatchRowError>,
}

/// Run (or resume) an imported batch.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RefundBatchRunReq {
    pub id: String,
    pub options: BatchRunOptions,
}

/// How often and how long the page follows a refund to its final state.
const FOLLOW_POLLS: u32 = 60;
const FOLLOW_INTERVAL_MS: u64 = 500;

#[tauri::command]
pub async fn refund_refundable(state: State<'_, AppState>, req: TradeRef) -> IpcResult<Refundable> {
    let p = state.active()?;
    Ok(state.desk.refundable(&p, req).await?)
}

/// Opens the refund form: the refund's req_seq_id is fixed here, once.
#[tauri::command]
pub async fn refund_prepare(state: State<'_, AppState>, req: TradeRef) -> IpcResult<RefundDraft> {
    let p = state.active()?;
    Ok(state.desk.prepare_refund(&p, req).await?)
}

#[tauri::command]
pub async fn refund_submit(state: State<'_, AppState>, req: RefundForm) -> IpcResult<RefundRecord> {
    let p = state.profile_for_write()?;
    Ok(state.desk.submit_refund(&p, req).await?)
}

/// What `refund_submit` would send for this form (desk's dry run: nothing stored, nothing sent).
#[tauri::command]
pub async fn refund_preview(state: State<'_, AppState>, req: RefundForm) -> IpcResult<desk::RequestPreview> {
    let p = state.active()?;
    Ok(state.desk.preview_refund(&p, req)?)
}

#[tauri::command]
pub async fn refund_status(state: State<'_, AppState>, req: RefundId) -> IpcResult<RefundRecord> {
    let p = state.active()?;
    Ok(state.desk.refund_status(&p, &req.req_seq_id).await?)
}

#[tauri::command]
pub async fn refund_follow(
    state: State<'_, AppState>,
    req: RefundId,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<RefundRecord> {
    let p = state.active()?;
    Ok(state
        .desk
        .follow_refund(&p, &req.req_seq_id, FOLLOW_POLLS, FOLLOW_INTERVAL_MS, &|e| drop(on_progress.send(e)))
        .await?)
}

#[tauri::command]
pub fn refund_list(state: State<'_, AppState>, req: RefundFilter) -> IpcResult<Vec<RefundRecord>> {
    let p = state.active()?;
    Ok(state.desk.list_refunds(&p, &req)?)
}

#[tauri::command]
pub fn refund_batch_check(state: State<'_, AppState>, req: RefundCsvPath) -> IpcResult<RefundCsvCheck> {
    Ok(RefundCsvCheck { problems: state.desk.check_refund_csv(std::path::Path::new(&req.path))? })
}

#[tauri::command]
pub fn refund_batch_import(state: State<'_, AppState>, req: RefundCsvPath) -> IpcResult<RefundBatch> {
    let p = state.active()?;
    Ok(state.desk.import_refund_batch(&p, std::path::Path::new(&req.path))?)
}

#[tauri::command]
pub fn refund_batch_list(state: State<'_, AppState>) -> IpcResult<Vec<RefundBatch>> {
    let p = state.active()?;
    Ok(state.desk.list_refund_batches(&p)?)
}

#[tauri::command]
pub async fn refund_batch_run(
    state: State<'_, AppState>,
    req: RefundBatchRunReq,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<BatchReport> {
    let p = state.profile_for_write()?;
    Ok(state.desk.run_refund_batch(&p, &req.id, req.options, &|e| drop(on_progress.send(e))).await?)
}

/// Trades and refunds across merchants, filtered (read-only).
#[tauri::command]
pub fn refund_activity(
    state: State<'_, AppState>,
    req: desk::services::refund::activity::ActivityFilter,
) -> IpcResult<Vec<desk::services::refund::activity::ActivityRow>> {
    Ok(state.desk.list_activity(&state.active()?.name, &req)?)
}
