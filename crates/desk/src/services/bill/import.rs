//! Importing a bill file (a zip of CSV parts, a single CSV, or an XLSX) into the `bill_*` tables.
//!
//! Speed: the file goes in on a connection of its own (so the app's shared connection stays free),
//! through prepared multi-row INSERTs bound field by field from a reused `csv::StringRecord` — no
//! per-row allocation but the `extra` JSON of unknown columns. The file's SHA-256 is computed on a second
//! thread while rows go in.
//!
//! Chunks: rows are committed every [`CHUNK_ROWS`] rows, with the count so far, so the write lock is
//! never held for the whole file (a million rows take longer than the 5 s `busy_timeout` other writers
//! wait, e.g. the app recording an audit row). Between chunks the importer lets waiting writers of the
//! same process in (`between_chunks`, see [`import_file_between`]). Until its last chunk the import is
//! `importing` and readers do not count its rows. A bad amount anywhere removes every chunk of the
//! file, naming the part, line and column: to readers a file is imported whole or not at all. An import
//! cut off (crash, killed app) resumes after its last committed row when the same file is imported
//! again; a different file of that name replaces it.
//!
//! The same content imported again is reported as already imported (nothing doubles); with `replace`
//! its rows are imported anew. A file with the same name but new content (Huifu regenerated it,
//! `check/replay`) replaces the earlier import of that name.

use std::io::{Read, Seek};
use std::path::Path;
use std::time::Instant;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::insert::Writer;
use super::read::Reader;
use super::stages::{join_hash, HashJob};
pub use super::stages::{ImportedPart, CHUNK_ROWS};
use crate::error::{Error, ErrorCode};
use crate::progress::{Progress, ProgressEvent};

/// The result of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    #[ts(type = "number")]
    pub import_id: i64,
    /// The file name (no directory).
    pub source: String,
    pub sha256: String,
    pub parts: Vec<ImportedPart>,
    #[ts(type = "number")]
    pub rows: u64,
    /// The same content was imported before; nothing was added (use `replace` to import it anew).
    pub already_imported: bool,
    /// The id of an earlier import this one replaced (same name, or same content with `replace`).
    #[ts(optional, type = "number")]
    pub replaced: Option<i64>,
    #[ts(type = "number")]
    pub millis: u64,
    pub rows_per_sec: f64,
}

/// Import options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// Import even when the same content was imported before (its old rows are removed first).
    pub replace: bool,
}

/// Imports the file at `path` for `profile` through `conn` (see the module docs). `now` is the
/// RFC 3339 import time. Usable without a [`crate::Desk`] (benchmarks: a fresh database file with the
/// migrations applied, e.g. `Store::open`, then `store.open_connection()`).
///
/// Errors: `Io` (unreadable file), `InvalidInput` (bad zip/xlsx/CSV, a bad amount: `field` is the
/// column, the message names part and line), `InFlight` (this file is being imported right now),
/// `Storage`.
pub fn import_file(
    conn: &mut Connection,
    profile: &str,
    path: &Path,
    opts: ImportOptions,
    now: &str,
    progress: Progress<'_>,
) -> Result<ImportReport, Error> {
    import_file_between(conn, profile, path, opts, now, progress, &|| {})
}

/// [`import_file`], calling `between_chunks` after each chunk's commit, before the next chunk takes the
/// write lock again: [`crate::Desk::import_bill`] passes [`crate::store::Store::let_writers_in`].
pub fn import_file_between(
    conn: &mut Connection,
    profile: &str,
    path: &Path,
    opts: ImportOptions,
    now: &str,
    progress: Progress<'_>,
    between_chunks: &dyn Fn(),
) -> Result<ImportReport, Error> {
    let started = Instant::now();
    let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut file = std::fs::File::open(path)
        .map_err(|e| Error::new(ErrorCode::Io, format!("cannot open {}: {e}", path.display())))?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic)?;
    file.rewind()?;
    let hash_path = path.to_path_buf();
    let mut hasher = Some(std::thread::spawn(move || sha256_file(&hash_path)));
    let mut early_sha = None;

    // An import of this name cut off earlier, and whether one finished.
    let partial: Option<(i64, String, i64)> = conn
        .query_row(
            "SELECT id, resume_sha256, done_rows FROM bill_imports WHERE profile = ?1 AND source = ?2 AND state = 'importing' ORDER BY id DESC LIMIT 1",
            params![profile, source],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let seen_name: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM bill_imports WHERE profile = ?1 AND source = ?2 AND state = 'done')",
        params![profile, source],
        |r| r.get(0),
    )?;
    // A file of a name imported before is usually the same download clicked again: wait for its hash
    // and answer at once rather than import it all to find out. A cut-off import needs the hash too.
    if (seen_name && !opts.replace) || partial.is_some() {
        early_sha = Some(join_hash(hasher.take())?);
    }
    if seen_name && !opts.replace {
        let sha = early_sha.clone().unwrap_or_default();
        let same: Option<(i64, i64)> = conn
            .query_row(
                "SELECT id, rows FROM bill_imports WHERE profile = ?1 AND sha256 = ?2 AND state = 'done'",
                params![profile, sha],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((old, old_rows)) = same {
            return Ok(ImportReport {
                import_id: old,
                source,
                sha256: sha,
                parts: Vec::new(),
                rows: old_rows as u64,
                already_imported: true,
                replaced: None,
                millis: started.elapsed().as_millis() as u64,
                rows_per_sec: 0.0,
            });
        }
    }

    let (import_id, skip) = match partial {
        Some((id, sha, done)) if early_sha.as_deref() == Some(sha.as_str()) => (id, done.max(0) as u64),
        other => {
            if let Some((stale, _, _)) = other {
                in_tx(conn, |c| delete_import(c, stale))?; // cut off, and the file changed since
            }
            let id = in_tx(conn, |c| {
                c.execute(
                    "INSERT INTO bill_imports(profile, source, sha256, parts, rows, kinds, imported_at, state, resume_sha256)
                     VALUES (?1, ?2, 'importing:' || hex(randomblob(8)), 0, 0, '', ?3, 'importing', ?4)",
                    params![profile, source, now, early_sha.clone().unwrap_or_default()],
                )?;
                Ok(c.last_insert_rowid())
            })?;
            (id, 0)
        }
    };
    let _running = Running::claim(conn, import_id)?;
    // A bigger page cache keeps the day index's pages in memory through a million-row insert.
    conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")?;
    let result = import_rows(
        conn,
        &source,
        path,
        file,
        n == 4 && magic == *b"PK\x03\x04",
        import_id,
        skip,
        hasher.take(),
        early_sha.clone(),
        progress,
        between_chunks,
    )
    .and_then(|(rows, parts, sha)| finish_import(conn, profile, &source, import_id, opts, rows, parts, sha, started));
    if result.is_err() {
        // Nothing of a failed file stays: roll back the open chunk, remove the committed ones.
        let _ = conn.execute_batch("ROLLBACK");
        in_tx(conn, |c| delete_import(c, import_id))?;
    }
    let report = result?;
    if !report.already_imported {
        progress(ProgressEvent::new(
            "import.done",
            report.rows,
            Some(report.rows),
            format!("{} rows imported", report.rows),
        ));
    }
    Ok(report)
}

/// Imports (database file, import id) being imported by this process right now: a second import of
/// the same cut-off file while the first resumes it would insert its rows twice.
static RUNNING: std::sync::Mutex<Vec<(String, i64)>> = std::sync::Mutex::new(Vec::new());

struct Running((String, i64));

impl Running {
    fn claim(conn: &Connection, id: i64) -> Result<Running, Error> {
        let key = (conn.path().unwrap_or_default().to_string(), id);
        let mut r = RUNNING.lock().unwrap_or_else(|p| p.into_inner());
        if r.contains(&key) {
            return Err(Error::new(
                ErrorCode::InFlight,
                "this file is being imported right now; wait for that import to finish",
            ));
        }
        r.push(key.clone());
        Ok(Running(key))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.lock().unwrap_or_else(|p| p.into_inner()).retain(|k| *k != self.0);
    }
}

/// Runs `f` in one IMMEDIATE transaction on `conn`.
fn in_tx<T>(conn: &mut Connection, f: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// Reads every part of the file into the tables, chunk by chunk, on two threads: a reader thread parses
/// the file and fills batches ([`super::read`]), this thread writes them ([`super::insert`]). Leaves the
/// last chunk's transaction open for [`finish_import`]. Returns (data rows, parts, sha256).
#[allow(clippy::too_many_arguments)]
fn import_rows(
    conn: &Connection,
    source: &str,
    path: &Path,
    file: std::fs::File,
    is_zip: bool,
    import_id: i64,
    skip: u64,
    hasher: HashJob,
    sha: Option<String>,
    progress: Progress<'_>,
    between_chunks: &dyn Fn(),
) -> Result<(u64, Vec<ImportedPart>, String), Error> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    if skip > 0 {
        progress(ProgressEvent::new("import.resume", skip, None, format!("resuming after row {skip}")));
    }
    // A few batches in flight: enough to keep both threads busy, little memory.
    let (to_writer, msgs) = std::sync::mpsc::sync_channel(8);
    let (back, spare) = std::sync::mpsc::channel();
    let mut writer = Writer { conn, import_id, progress, between_chunks, hasher, sha, ids: None };
    let (written, read) = std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut r = Reader::new(to_writer, spare, import_id, skip, progress);
            r.file(source, path, file, is_zip)?;
            r.finish()
        });
        // The writer's error first: the reader stops when nobody takes its batches any more.
        let written = writer.run(msgs, back);
        (written, reader.join())
    });
    written?;
    let (rows, parts) = read.map_err(|_| Error::new(ErrorCode::Internal, "the bill reader thread panicked"))??;
    let sha = match writer.sha.take() {
        Some(s) => s,
        None => join_hash(writer.hasher.take())?,
    };
    Ok((rows, parts, sha))
}

/// The last chunk: settles what this file replaces and marks the import done, in the transaction
/// [`import_rows`] left open.
#[allow(clippy::too_many_arguments)]
fn finish_import(
    conn: &Connection,
    profile: &str,
    source: &str,
    import_id: i64,
    opts: ImportOptions,
    rows: u64,
    parts: Vec<ImportedPart>,
    sha: String,
    started: Instant,
) -> Result<ImportReport, Error> {
    let same: Option<(i64, i64)> = conn
        .query_row(
            "SELECT id, rows FROM bill_imports WHERE profile = ?1 AND sha256 = ?2 AND state = 'done' AND id <> ?3",
            params![profile, sha, import_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let mut replaced = None;
    if let Some((old, old_rows)) = same {
        if !opts.replace {
            // The same content under another name: nothing of this run stays.
            delete_import(conn, import_id)?;
            conn.execute_batch("COMMIT")?;
            return Ok(ImportReport {
                import_id: old,
                source: source.to_string(),
                sha256: sha,
                parts,
                rows: old_rows as u64,
                already_imported: true,
                replaced: None,
                millis: started.elapsed().as_millis() as u64,
                rows_per_sec: 0.0,
            });
        }
        delete_import(conn, old)?;
        replaced = Some(old);
    }
    let older: Vec<i64> = {
        let mut st = conn.prepare("SELECT id FROM bill_imports WHERE profile = ?1 AND source = ?2 AND id <> ?3")?;
        let ids = st.query_map(params![profile, source, import_id], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        ids
    };
    for old in older {
        delete_import(conn, old)?;
        replaced = Some(old);
    }
    let mut kinds: Vec<&str> = parts.iter().map(|p| p.kind.as_str()).collect();
    kinds.dedup();
    conn.execute(
        "UPDATE bill_imports SET sha256 = ?2, parts = ?3, rows = ?4, kinds = ?5, state = 'done', done_rows = ?4, resume_sha256 = '', text_indexed = 1 WHERE id = ?1",
        params![import_id, sha, parts.len() as i64, rows as i64, kinds.join(",")],
    )?;
    conn.execute_batch("COMMIT")?;
    let millis = started.elapsed().as_millis() as u64;
    Ok(ImportReport {
        import_id,
        source: source.to_string(),
        sha256: sha,
        parts,
        rows,
        already_imported: false,
        replaced,
        millis,
        rows_per_sec: if millis == 0 { rows as f64 * 1000.0 } else { rows as f64 * 1000.0 / millis as f64 },
    })
}

/// Removes an import and every row it brought.
pub fn delete_import(conn: &Connection, import_id: i64) -> Result<(), Error> {
    for t in [
        "bill_trades",
        "bill_trade_days",
        "bill_trade_chunks",
        "bill_trade_grams",
        "bill_settles",
        "bill_splits",
        "bill_withdrawals",
        "bill_other_rows",
    ] {
        conn.execute(&format!("DELETE FROM {t} WHERE import_id = ?1"), [import_id])?;
    }
    conn.execute("DELETE FROM bill_imports WHERE id = ?1", [import_id])?;
    Ok(())
}

fn sha256_file(path: &Path) -> Result<String, Error> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(hex::encode(h.finalize()))
}
