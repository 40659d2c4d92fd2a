//! Progress of long services. The app turns each event into a Tauri event (or Channel message), the CLI
//! into a progress bar or a line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One step of a long job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressEvent {
    /// A stable step name (`upload.license_pic`, `submit`, `poll`), for the UI to map to a label.
    pub step: String,
    /// Units done so far. A plain number in TS: counts of bytes or rows stay far below 2^53.
    #[ts(type = "number")]
    pub done: u64,
    /// Total units, when known.
    #[ts(optional, type = "number")]
    pub total: Option<u64>,
    /// Plain words for a person (English; the UI localises by `step`).
    pub message: String,
}

impl ProgressEvent {
    /// An event.
    pub fn new(step: impl Into<String>, done: u64, total: Option<u64>, message: impl Into<String>) -> ProgressEvent {
        ProgressEvent { step: step.into(), done, total, message: message.into() }
    }
}

/// The callback services report through. `&|_| {}` when nobody listens.
pub type Progress<'a> = &'a (dyn Fn(ProgressEvent) + Send + Sync);
