//! Audit log page: search, the failed calls grouped by resp_code, the chain check, CSV export to a file
//! the person chose in the native save dialog. Rows are masked when written (desk::audit::record).

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use desk::audit::{self, AuditErrorGroup, AuditFilter, AuditPage, AuditReport};

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditExportReq {
    pub filter: AuditFilter,
    /// Where to write: the path the save dialog answered.
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditExportRes {
    #[ts(type = "number")]
    pub rows: u64,
    pub path: String,
}

#[tauri::command]
pub fn audit_search(state: State<'_, AppState>, req: AuditFilter) -> IpcResult<AuditPage> {
    Ok(audit::search(state.desk.store(), &req)?)
}

#[tauri::command]
pub fn audit_errors(state: State<'_, AppState>, req: AuditFilter) -> IpcResult<Vec<AuditErrorGroup>> {
    Ok(audit::error_groups(state.desk.store(), &req)?)
}

/// Walks the whole chain off the UI thread (it hashes every row).
#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> IpcResult<AuditReport> {
    let desk = state.desk.clone();
    let r = tauri::async_runtime::spawn_blocking(move || audit::verify(desk.store(), desk.audit_chain())).await;
    Ok(r.map_err(|e| IpcError::new(desk::ErrorCode::Internal, e.to_string()))??)
}

/// Writes the matching rows as CSV; answers how many rows went where.
#[tauri::command]
pub async fn audit_export(state: State<'_, AppState>, req: AuditExportReq) -> IpcResult<AuditExportRes> {
    let desk = state.desk.clone();
    let r = tauri::async_runtime::spawn_blocking(move || {
        let file = std::fs::File::create(&req.path)
            .map_err(|e| desk::Error::new(desk::ErrorCode::Io, format!("cannot write {}: {e}", req.path)))?;
        let rows = audit::export_csv(desk.store(), &req.filter, desk.csv_lang(), std::io::BufWriter::new(file))?;
        Ok::<_, desk::Error>(AuditExportRes { rows, path: req.path })
    })
    .await;
    Ok(r.map_err(|e| IpcError::new(desk::ErrorCode::Internal, e.to_string()))??)
}
