//! Statements (对账单, spec §7.22): turn bill types on, list a day's files (saying plainly when the
//! config is off or the batch has not run yet), download them with progress, import them into SQLite,
//! then filter, total, export, chart and reconcile the settled amounts.
//!
//! | step | function | module |
//! |---|---|---|
//! | config | [`Desk::set_bill_config`] (write `bills.config`, reconciled by the config query), [`Desk::bill_config`] | here |
//! | list | [`Desk::list_bills`] → [`BillListing`] with a [`BillDayState`] the UI branches on | here |
//! | download | [`Desk::download_bill`] → `<home>/bills/<profile>/<huifu_id>/<file_date>/<file_name>` | [`download`] |
//! | import | [`Desk::import_bill`], or [`import::import_file`] on any connection (benchmarks) | [`import`], [`columns`], `insert`, `days` (daily totals kept on import), `grams` (the order-id text index) |
//! | query | [`Desk::query_bills`], [`Desk::bill_totals`], [`Desk::bill_daily_totals`], [`Desk::export_bills_csv`] | [`query`] |
//! | reconcile | [`Desk::check_settlement`] (settled = trade − fee − refunds + refunded fees) | [`settle`] |

pub mod bounds;
pub mod columns;
mod days;
pub mod download;
mod encode;
mod grams;
pub mod import;
mod insert;
pub mod query;
mod read;
pub mod settle;
mod stages;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

use dougong::bill::{BillConfig, BillConfigQuery, BillFileQuery, BillFiles, BillType, TaskStat};

use crate::call::ids_call;
use crate::checks;
use crate::error::{Error, ErrorCode};
use crate::journal::JournalEntry;
use crate::profile::Profile;
use crate::vocab::Problem;
use crate::write::{self, Settlement, Settler, Settling, WriteKind};
use crate::Desk;

pub use download::DownloadedBill;
pub use import::{ImportOptions, ImportReport, ImportedPart};
pub use query::{BillFilter, BillPage, BillRow, BillTotals, DailyTotal};
pub use settle::{SettleCheck, SettleCheckRow, SettleVerdict};

/// The `file_type` codes of bill config. Their meanings are not in the spec; these are the sandbox's
/// (ASSUMED): `1` trade (daily and monthly), `2` settlement (daily and monthly), `3` split, `4` withdrawal.
pub const FILE_TYPES: &[(&str, &str)] = &[("1", "trade"), ("2", "settlement"), ("3", "split"), ("4", "withdrawal")];

/// The bill config form: turn bill generation on or off and choose types.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
#[serde(rename_all = "camelCase", default)]
pub struct BillConfigForm {
    /// Fixed when the form opens; reused by every retry.
    pub req_seq_id: Option<String>,
    /// Merchant or the channel itself (empty: the profile's sys_id; the channel's files cover all its
    /// merchants).
    pub huifu_id: String,
    /// `recon_send_flag`.
    pub enabled: bool,
    /// `file_type` codes, see [`FILE_TYPES`] (e.g. `["1","2"]`).
    pub file_types: Vec<String>,
    /// Where Huifu posts "batch finished" (optional).
    pub notify_url: Option<String>,
}

/// The bill config as Huifu reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillConfigView {
    pub huifu_id: String,
    /// False when no config exists at all.
    pub configured: bool,
    /// `recon_send_flag = Y`.
    pub enabled: bool,
    pub file_types: Vec<String>,
    #[ts(optional)]
    pub notify_url: Option<String>,
}

/// Which files to list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BillListQuery {
    /// Empty: the profile's sys_id.
    pub huifu_id: String,
    /// The file (generation) date `yyyyMMdd` = trade date + 1; monthly files are dated the 1st.
    pub file_date: String,
    /// `TRADE_BILL`, `SETTLE_BILL`, `SPLIT_BILL`, `WITHDRAWAL_BILL`, `TRADE_BILL_MONTH`,
    /// `SETTLE_BILL_MONTH`, ... (empty: all).
    #[ts(optional)]
    pub bill_type: Option<String>,
}

/// Where a day's bills stand — what the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BillDayState {
    /// Bill generation is not turned on for this huifu_id (no config, or `recon_send_flag = N`):
    /// turn it on first; files only come for batches after that.
    ConfigOff,
    /// Config is on but the day's batch has not started yet (trade files after 03:00, withdrawal
    /// 10:30, settlement 17:00 of the file date; fetch after ~12:00).
    NotRunYet,
    /// A batch is running (task `I`/`P`/`DP`/`FP`); some files may be ready already.
    Running,
    /// Every batch finished; at least one file is ready.
    Ready,
    /// Every batch finished without a file: no records that day.
    NoRecords,
    /// A batch failed (`task_stat = F`); regenerate or ask Huifu.
    Failed,
}

/// A batch task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BillTaskState {
    Init,
    Processing,
    DataProcessing,
    FileProcessing,
    Failed,
    Success,
    Unknown,
}

/// A ready file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillFileInfo {
    pub huifu_id: String,
    pub file_date: String,
    pub bill_type: String,
    pub file_name: String,
    #[serde(default)]
    pub file_id: String,
    /// Expires (Huifu's links are signed for a while); list again for a fresh one.
    pub download_url: String,
    /// Already downloaded to this path (from the local record), if so.
    #[ts(optional)]
    pub local_path: Option<String>,
}

/// A batch task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillTaskInfo {
    pub bill_type: String,
    pub state: BillTaskState,
    /// Huifu's `task_stat` as sent.
    pub task_stat: String,
    /// The trade date (or month) the file covers.
    pub data_date: String,
    pub file_name: String,
    pub start_time: String,
    pub end_time: String,
}

/// A day's bill files and tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BillListing {
    pub huifu_id: String,
    pub file_date: String,
    pub state: BillDayState,
    /// One plain sentence about `state` (English; the UI localises by `state`).
    pub message: String,
    pub files: Vec<BillFileInfo>,
    pub tasks: Vec<BillTaskInfo>,
}

ids_call!(write BILLS_CONFIG, BillConfig {
    fn reconcile_key(&self) -> Value {
        json!({"recon_send_flag": self.recon_send_flag, "file_type": self.file_type})
    }
});

ids_call!(read BillConfigQuery);

ids_call!(read BillFileQuery);

fn sorted_types(ft: &str) -> Vec<String> {
    let mut v: Vec<String> = ft.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    v.sort();
    v.dedup();
    v
}

/// A config took effect when the config query shows the same switch and types.
fn reconcile_config<'a>(d: &'a Desk, p: &'a Profile, e: &'a JournalEntry) -> Settling<'a> {
    Box::pin(async move {
        let huifu_id = e.merchant.clone().unwrap_or_default();
        let flag = e.reconcile.get("recon_send_flag").and_then(Value::as_str).unwrap_or_default();
        let ft = sorted_types(e.reconcile.get("file_type").and_then(Value::as_str).unwrap_or_default());
        let now = d.bill_config(p, &huifu_id).await?;
        if now.configured && (now.enabled == (flag == "Y")) && now.file_types == ft {
            Ok(Settlement::Found(
                json!({"resp_code": "00000000", "resp_desc": "found by bill config query", "huifu_id": huifu_id,
                "recon_send_flag": flag, "file_type": ft.join(",")}),
            ))
        } else {
            Ok(Settlement::NotFound)
        }
    })
}

fn task_state(t: &Option<TaskStat>) -> BillTaskState {
    match t {
        Some(TaskStat::Init) => BillTaskState::Init,
        Some(TaskStat::Processing) => BillTaskState::Processing,
        Some(TaskStat::DataProcessing) => BillTaskState::DataProcessing,
        Some(TaskStat::FileProcessing) => BillTaskState::FileProcessing,
        Some(TaskStat::Failed) => BillTaskState::Failed,
        Some(TaskStat::Success) => BillTaskState::Success,
        _ => BillTaskState::Unknown,
    }
}

/// The day's state from the tasks and files (config known to be on, or unknown).
pub fn day_state(files: &[BillFileInfo], tasks: &[BillTaskInfo]) -> BillDayState {
    if tasks.is_empty() {
        return if files.is_empty() { BillDayState::NotRunYet } else { BillDayState::Ready };
    }
    let running = tasks.iter().any(|t| !matches!(t.state, BillTaskState::Success | BillTaskState::Failed));
    if running {
        BillDayState::Running
    } else if !files.is_empty() {
        BillDayState::Ready
    } else if tasks.iter().any(|t| t.state == BillTaskState::Failed) {
        BillDayState::Failed
    } else {
        BillDayState::NoRecords
    }
}

fn state_message(s: BillDayState, file_date: &str) -> String {
    match s {
        BillDayState::ConfigOff => "Bill generation is not turned on for this huifu_id; turn it on in bill config (files come for batches after that).".into(),
        BillDayState::NotRunYet => format!("The batch for {file_date} has not run yet (trade files after 03:00, withdrawal 10:30, settlement 17:00); try later."),
        BillDayState::Running => "The batch is running; files appear when it finishes.".into(),
        BillDayState::Ready => "Files are ready to download.".into(),
        BillDayState::NoRecords => "The batch finished with no records that day.".into(),
        BillDayState::Failed => "The batch failed; regenerate the day or ask Huifu.".into(),
    }
}

impl Desk {
    /// The huifu_id a bill call is about: the one given, else the profile's sys_id (the built-in
    /// sandbox's sys_id is known only once it runs).
    async fn bill_huifu_id(&self, profile: &Profile, huifu_id: &str) -> Result<String, Error> {
        let mut id = huifu_id.trim().to_string();
        if id.is_empty() {
            id = profile.sys_id.clone();
            if id.is_empty() && profile.name == crate::SANDBOX_PROFILE {
                self.ensure_sandbox_running().await?;
                id = self.profile(&profile.name)?.sys_id;
            }
        }
        checks::huifu_id("huifu_id", &id)?;
        Ok(id)
    }

    /// Turns bill generation on/off and chooses the types (journalled write `bills.config`), then
    /// returns the config as Huifu reports it.
    ///
    /// Errors: `InvalidInput` (`file_types` empty or unknown codes, `huifu_id`, `notify_url`), and those
    /// of [`Desk::call`].
    pub async fn set_bill_config(&self, profile: &Profile, form: BillConfigForm) -> Result<BillConfigView, Error> {
        let huifu_id = self.bill_huifu_id(profile, &form.huifu_id).await?;
        let mut types: Vec<String> =
            form.file_types.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
        types.sort();
        types.dedup();
        if types.is_empty() {
            return Err(Error::problem("file_type", Problem::ChooseAtLeastOne, &[]));
        }
        for t in &types {
            if !FILE_TYPES.iter().any(|(c, _)| c == t) {
                return Err(Error::invalid(
                    "file_type",
                    format!("{t:?} is not a bill type code (1 trade, 2 settlement, 3 split, 4 withdrawal)"),
                ));
            }
        }
        let notify_url = form.notify_url.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        let req_seq_id = self.write_seq(form.req_seq_id.as_deref());
        let req = BillConfig {
            req_date: self.req_date_for(profile, &req_seq_id)?,
            req_seq_id,
            huifu_id: huifu_id.clone(),
            recon_send_flag: if form.enabled { "Y".into() } else { "N".into() },
            file_type: types.join(","),
            notify_url,
            ..Default::default()
        };
        self.call(profile, &req).await?;
        self.bill_config(profile, &huifu_id).await
    }

    /// The bill config of `huifu_id` (empty: the profile's sys_id). No config at all is
    /// `configured: false`, not an error.
    pub async fn bill_config(&self, profile: &Profile, huifu_id: &str) -> Result<BillConfigView, Error> {
        let huifu_id = self.bill_huifu_id(profile, huifu_id).await?;
        let req = BillConfigQuery {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            huifu_id: huifu_id.clone(),
        };
        match self.call(profile, &req).await {
            Ok(c) => Ok(BillConfigView {
                huifu_id,
                configured: true,
                enabled: c.recon_send_flag.as_deref() == Some("Y"),
                file_types: sorted_types(c.file_type.as_deref().unwrap_or_default()),
                notify_url: c.notify_url.filter(|s| !s.is_empty()),
            }),
            // 23000001 对账单配置不存在 (the sandbox's code; Huifu's is not documented): not configured.
            Err(e)
                if e.code == ErrorCode::Refused
                    && (e.resp_code.as_deref() == Some("23000001")
                        || e.resp_desc.as_deref().is_some_and(|d| d.contains("不存在"))) =>
            {
                Ok(BillConfigView {
                    huifu_id,
                    configured: false,
                    enabled: false,
                    file_types: Vec::new(),
                    notify_url: None,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// The files and batch tasks of one file date, with a [`BillDayState`]. When Huifu shows nothing,
    /// the config is read to tell "config off" from "not run yet". Huifu limits file queries (about 3 a
    /// day per huifu_id, "当前huifuId请求过于频繁", spec §7.22): list on demand, do not poll in a loop
    /// against production.
    ///
    /// Errors: `InvalidInput` (`file_date`, `bill_type`), and those of [`Desk::call`].
    pub async fn list_bills(&self, profile: &Profile, q: BillListQuery) -> Result<BillListing, Error> {
        let huifu_id = self.bill_huifu_id(profile, &q.huifu_id).await?;
        checks::date8("file_date", &q.file_date)?;
        let bill_type = match q.bill_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => {
                let bt = BillType::from_wire(t);
                if !bt.is_known() {
                    return Err(Error::invalid(
                        "bill_type",
                        format!("{t:?} is not a bill type (TRADE_BILL, SETTLE_BILL, SPLIT_BILL, WITHDRAWAL_BILL, ...)"),
                    ));
                }
                Some(bt)
            }
        };
        let req = BillFileQuery {
            req_seq_id: self.new_req_seq_id(),
            req_date: self.req_date(),
            huifu_id: huifu_id.clone(),
            file_date: q.file_date.clone(),
            bill_type,
        };
        let r: BillFiles = self.call(profile, &req).await?;
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        let mut files: Vec<BillFileInfo> = r
            .file_details
            .iter()
            .map(|f| BillFileInfo {
                huifu_id: f.huifu_id.clone().unwrap_or_else(|| huifu_id.clone()),
                file_date: f.file_date.clone().unwrap_or_else(|| q.file_date.clone()),
                bill_type: f.bill_type.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default(),
                file_name: s(&f.file_name),
                file_id: s(&f.file_id),
                download_url: s(&f.download_url),
                local_path: None,
            })
            .collect();
        for f in &mut files {
            f.local_path = self.downloaded_path(&profile.name, f)?;
        }
        let tasks: Vec<BillTaskInfo> = r
            .task_details
            .iter()
            .map(|t| BillTaskInfo {
                bill_type: t.bill_type.as_ref().map(|b| b.as_str().to_string()).unwrap_or_default(),
                state: task_state(&t.task_stat),
                task_stat: t.task_stat.as_ref().map(|x| x.as_str().to_string()).unwrap_or_default(),
                data_date: s(&t.data_date),
                file_name: s(&t.file_name),
                start_time: s(&t.task_start_time),
                end_time: s(&t.task_end_time),
            })
            .collect();
        let mut state = day_state(&files, &tasks);
        if state == BillDayState::NotRunYet {
            let c = self.bill_config(profile, &huifu_id).await?;
            if !c.configured || !c.enabled {
                state = BillDayState::ConfigOff;
            }
        }
        Ok(BillListing {
            huifu_id,
            file_date: q.file_date.clone(),
            state,
            message: state_message(state, &q.file_date),
            files,
            tasks,
        })
    }
}

impl Desk {
    /// Imports a bill file (zip of CSVs, CSV, XLSX) for `profile` on a connection of its own, off the
    /// async threads; progress (`import.part`, `import.rows`, `import.done`) comes back here. See
    /// [`import`] for what "already imported" and "replaced" mean.
    ///
    /// Errors: those of [`import::import_file`].
    pub async fn import_bill(
        &self,
        profile: &Profile,
        path: &std::path::Path,
        opts: ImportOptions,
        progress: crate::Progress<'_>,
    ) -> Result<ImportReport, Error> {
        let mut conn = self.store().open_connection()?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<crate::ProgressEvent>();
        let (name, path, now, store) =
            (profile.name.clone(), path.to_path_buf(), crate::clock::rfc3339(self.now()), self.store().clone());
        let job = tokio::task::spawn_blocking(move || {
            let send = move |e: crate::ProgressEvent| {
                let _ = tx.send(e);
            };
            import::import_file_between(&mut conn, &name, &path, opts, &now, &send, &|| store.let_writers_in())
        });
        while let Some(e) = rx.recv().await {
            progress(e);
        }
        job.await.map_err(|e| Error::new(ErrorCode::Internal, format!("the import task failed: {e}")))?
    }

    /// Imports a downloaded file of a listing (its local copy).
    pub async fn import_downloaded_bill(
        &self,
        profile: &Profile,
        file: &BillFileInfo,
        opts: ImportOptions,
        progress: crate::Progress<'_>,
    ) -> Result<ImportReport, Error> {
        let path = self
            .downloaded_path(&profile.name, file)?
            .ok_or_else(|| Error::new(ErrorCode::NotFound, format!("{} is not downloaded yet", file.file_name)))?;
        self.import_bill(profile, std::path::Path::new(&path), opts, progress).await
    }
}

/// How a `bills.config` write is settled.
pub const BILLS_CONFIG: Settler =
    Settler { kind: WriteKind::BillsConfig, settle: reconcile_config, apply: write::no_rows };

#[cfg(test)]
mod tests {
    use super::*;

    fn task(st: BillTaskState) -> BillTaskInfo {
        BillTaskInfo {
            bill_type: "TRADE_BILL".into(),
            state: st,
            task_stat: String::new(),
            data_date: String::new(),
            file_name: String::new(),
            start_time: String::new(),
            end_time: String::new(),
        }
    }

    #[test]
    fn the_day_state_follows_tasks_and_files() {
        let file = BillFileInfo { file_name: "a.zip".into(), ..Default::default() };
        assert_eq!(day_state(&[], &[]), BillDayState::NotRunYet);
        assert_eq!(day_state(&[], &[task(BillTaskState::Processing)]), BillDayState::Running);
        assert_eq!(
            day_state(std::slice::from_ref(&file), &[task(BillTaskState::Success), task(BillTaskState::Init)]),
            BillDayState::Running
        );
        assert_eq!(day_state(&[file], &[task(BillTaskState::Success)]), BillDayState::Ready);
        assert_eq!(day_state(&[], &[task(BillTaskState::Success)]), BillDayState::NoRecords);
        assert_eq!(day_state(&[], &[task(BillTaskState::Failed)]), BillDayState::Failed);
    }
}
