//! What the import's stages (the reader, the writer, the gram index and the import that runs them) share,
//! below all of them so that none imports back from the one that drives it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::columns::PartKind;
use crate::error::{Error, ErrorCode};

/// Rows per committed chunk (and per progress event). A chunk of 50k rows takes well under a second in
/// a release build, so a writer waiting between chunks gets in far within its 5 s busy timeout.
pub const CHUNK_ROWS: u64 = 50_000;

/// What one part (a CSV in the zip, a sheet) held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportedPart {
    pub name: String,
    pub kind: PartKind,
    #[ts(type = "number")]
    pub rows: u64,
    /// Header names no known field claimed (kept in each row's `extra`).
    pub unknown_columns: Vec<String>,
    /// Known fields this part lacks (stored empty / 0).
    pub missing_columns: Vec<String>,
}

/// The file's SHA-256, computed on its own thread while the rows are read (None once joined).
pub(super) type HashJob = Option<std::thread::JoinHandle<Result<String, Error>>>;

pub(super) fn join_hash(h: HashJob) -> Result<String, Error> {
    h.ok_or_else(|| Error::new(ErrorCode::Internal, "the file was hashed already"))?
        .join()
        .map_err(|_| Error::new(ErrorCode::Internal, "the hashing thread panicked"))?
}

pub(super) fn bad_file(source: &str, e: impl std::fmt::Display) -> Error {
    Error {
        field: Some("file".into()),
        ..Error::new(ErrorCode::InvalidInput, format!("{source} is not a readable bill file: {e}"))
    }
}
