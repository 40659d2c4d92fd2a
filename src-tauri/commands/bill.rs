//! Statements (对账单): bill config, a day's files with the state the page branches on, download and import
//! with progress, then filter, totals, daily totals and a CSV export of the imported rows.

use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;

use desk::services::bill::{
    BillConfigForm, BillConfigView, BillFileInfo, BillFilter, BillListQuery, BillListing, BillPage, DailyTotal,
    DownloadedBill, ImportOptions, ImportReport,
};
use desk::ProgressEvent;

use crate::ipc::IpcResult;
use crate::state::AppState;

/// Whose bill config to read (empty: the profile's sys_id).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillConfigReq {
    pub huifu_id: String,
}

/// Import a bill file (a downloaded one, or any zip/CSV/XLSX the person picked).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillImportReq {
    pub path: String,
    /// Import again even when the same content was imported before.
    pub replace: bool,
}

/// Export the filtered rows to `path` (chosen in the native save dialog).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillExportReq {
    pub filter: BillFilter,
    pub path: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillExportRes {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// A req_seq_id for the config form, fixed when it opens so a second click is the same write.
#[tauri::command]
pub fn bill_new_req_seq_id(state: State<'_, AppState>) -> IpcResult<String> {
    Ok(state.desk.new_req_seq_id())
}

#[tauri::command]
pub async fn bill_config_get(state: State<'_, AppState>, req: BillConfigReq) -> IpcResult<BillConfigView> {
    let p = state.active()?;
    Ok(state.desk.bill_config(&p, &req.huifu_id).await?)
}

#[tauri::command]
pub async fn bill_config_set(state: State<'_, AppState>, req: BillConfigForm) -> IpcResult<BillConfigView> {
    let p = state.profile_for_write()?;
    Ok(state.desk.set_bill_config(&p, req).await?)
}

#[tauri::command]
pub async fn bill_list(state: State<'_, AppState>, req: BillListQuery) -> IpcResult<BillListing> {
    let p = state.active()?;
    Ok(state.desk.list_bills(&p, req).await?)
}

#[tauri::command]
pub async fn bill_download(
    state: State<'_, AppState>,
    req: BillFileInfo,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<DownloadedBill> {
    let p = state.active()?;
    Ok(state.desk.download_bill(&p, &req, &|e| drop(on_progress.send(e))).await?)
}

#[tauri::command]
pub async fn bill_import(
    state: State<'_, AppState>,
    req: BillImportReq,
    on_progress: Channel<ProgressEvent>,
) -> IpcResult<ImportReport> {
    let p = state.active()?;
    let opts = ImportOptions { replace: req.replace };
    Ok(state.desk.import_bill(&p, std::path::Path::new(&req.path), opts, &|e| drop(on_progress.send(e))).await?)
}

#[tauri::command]
pub fn bill_query(state: State<'_, AppState>, req: BillFilter) -> IpcResult<BillPage> {
    let p = state.active()?;
    Ok(state.desk.query_bills(&p, &req)?)
}

#[tauri::command]
pub fn bill_daily_totals(state: State<'_, AppState>, req: BillFilter) -> IpcResult<Vec<DailyTotal>> {
    let p = state.active()?;
    Ok(state.desk.bill_daily_totals(&p, &req)?)
}

#[tauri::command]
pub fn bill_export(state: State<'_, AppState>, req: BillExportReq) -> IpcResult<BillExportRes> {
    let p = state.active()?;
    let rows = state.desk.export_bills_csv(&p, &req.filter, state.desk.csv_lang(), std::path::Path::new(&req.path))?;
    Ok(BillExportRes { path: req.path, rows })
}
