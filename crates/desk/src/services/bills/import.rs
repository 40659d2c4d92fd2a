//! Importing a bill file (a zip of CSV parts, a single CSV, or an XLSX) into the `bill_*` tables.
//!
//! Speed: the whole file goes in one transaction on a connection of its own (so the app's shared
//! connection stays free), through prepared multi-row INSERTs bound field by field from a reused
//! `csv::StringRecord` — no per-row allocation but the `extra` JSON of unknown columns. The file's
//! SHA-256 is computed on a second thread while rows go in. A bad amount anywhere rolls the whole file
//! back, naming the part, line and column: a file is imported whole or not at all.
//!
//! The same content imported again is reported as already imported (nothing doubles); with `replace`
//! its rows are imported anew. A file with the same name but new content (Huifu regenerated it,
//! `check/replay`) replaces the earlier import of that name.

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::Path;
use std::time::Instant;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::columns::{self, PartKind};
use super::insert::Insert;
use crate::error::{Error, ErrorCode};
use crate::progress::{Progress, ProgressEvent};

/// A progress event every this many rows.
const PROGRESS_EVERY: u64 = 50_000;

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
/// column, the message names part and line), `Storage`.
pub fn import_file(conn: &mut Connection, profile: &str, path: &Path, opts: ImportOptions, now: &str, progress: Progress<'_>) -> Result<ImportReport, Error> {
    let started = Instant::now();
    let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut file = std::fs::File::open(path).map_err(|e| Error::new(ErrorCode::Io, format!("cannot open {}: {e}", path.display())))?;
    let mut magic = [0u8; 4];
    let n = file.read(&mut magic)?;
    file.rewind()?;
    let hash_path = path.to_path_buf();
    let mut hasher = Some(std::thread::spawn(move || sha256_file(&hash_path)));
    let mut early_sha = None;

    // A file of a name imported before is usually the same download clicked again: wait for its hash
    // and answer at once rather than import it all to find out.
    let seen_name: bool = conn.query_row("SELECT EXISTS(SELECT 1 FROM bill_imports WHERE profile = ?1 AND source = ?2)", params![profile, source], |r| r.get(0))?;
    if seen_name && !opts.replace {
        let sha = join_hash(hasher.take())?;
        let same: Option<(i64, i64, i64)> = conn
            .query_row("SELECT id, rows, parts FROM bill_imports WHERE profile = ?1 AND sha256 = ?2", params![profile, sha], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        if let Some((old, old_rows, _)) = same {
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
        early_sha = Some(sha);
    }

    // A bigger page cache keeps the day index's pages in memory through a million-row insert.
    conn.execute_batch("PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;")?;
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO bill_imports(profile, source, sha256, parts, rows, kinds, imported_at) VALUES (?1, ?2, '', 0, 0, '', ?3)",
        params![profile, source, now],
    )?;
    let import_id = tx.last_insert_rowid();
    let mut imp = Importer { tx: &tx, import_id, rows: 0, parts: Vec::new(), progress, next_progress: PROGRESS_EVERY };
    if n == 4 && magic == *b"PK\x03\x04" {
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|e| bad_file(&source, e))?;
        if zip.index_for_name("xl/workbook.xml").is_some() {
            drop(zip);
            let f = std::io::BufReader::new(std::fs::File::open(path)?);
            imp.xlsx(&source, f)?;
        } else {
            imp.zip(&source, &mut zip)?;
        }
    } else {
        imp.csv(&source, std::io::BufReader::with_capacity(1 << 20, file))?;
    }
    let (rows, parts) = (imp.rows, std::mem::take(&mut imp.parts));
    let sha = match early_sha {
        Some(s) => s,
        None => join_hash(hasher.take())?,
    };

    let same: Option<(i64, i64)> = tx
        .query_row("SELECT id, rows FROM bill_imports WHERE profile = ?1 AND sha256 = ?2 AND id <> ?3", params![profile, sha, import_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let mut replaced = None;
    if let Some((old, old_rows)) = same {
        if !opts.replace {
            drop(tx); // rollback: nothing of this run stays
            return Ok(ImportReport {
                import_id: old,
                source,
                sha256: sha,
                parts,
                rows: old_rows as u64,
                already_imported: true,
                replaced: None,
                millis: started.elapsed().as_millis() as u64,
                rows_per_sec: 0.0,
            });
        }
        delete_import(&tx, old)?;
        replaced = Some(old);
    }
    let older: Vec<i64> = {
        let mut st = tx.prepare("SELECT id FROM bill_imports WHERE profile = ?1 AND source = ?2 AND id <> ?3")?;
        let ids = st.query_map(params![profile, source, import_id], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>()?;
        ids
    };
    for old in older {
        delete_import(&tx, old)?;
        replaced = Some(old);
    }
    let mut kinds: Vec<&str> = parts.iter().map(|p| p.kind.as_str()).collect();
    kinds.dedup();
    tx.execute(
        "UPDATE bill_imports SET sha256 = ?2, parts = ?3, rows = ?4, kinds = ?5 WHERE id = ?1",
        params![import_id, sha, parts.len() as i64, rows as i64, kinds.join(",")],
    )?;
    tx.commit()?;
    let millis = started.elapsed().as_millis() as u64;
    progress(ProgressEvent::new("import.done", rows, Some(rows), format!("{rows} rows imported")));
    Ok(ImportReport {
        import_id,
        source,
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
    for t in ["bill_trades", "bill_settles", "bill_splits", "bill_withdrawals", "bill_other_rows"] {
        conn.execute(&format!("DELETE FROM {t} WHERE import_id = ?1"), [import_id])?;
    }
    conn.execute("DELETE FROM bill_imports WHERE id = ?1", [import_id])?;
    Ok(())
}

fn join_hash(h: Option<std::thread::JoinHandle<Result<String, Error>>>) -> Result<String, Error> {
    h.ok_or_else(|| Error::new(ErrorCode::Internal, "the file was hashed already"))?
        .join()
        .map_err(|_| Error::new(ErrorCode::Internal, "the hashing thread panicked"))?
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

fn bad_file(source: &str, e: impl std::fmt::Display) -> Error {
    Error { field: Some("file".into()), ..Error::new(ErrorCode::InvalidInput, format!("{source} is not a readable bill file: {e}")) }
}

/// Orders `x_2.csv` before `x_10.csv`.
fn natural_key(name: &str) -> (String, u64) {
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let digits: String = stem.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    (stem[..stem.len() - digits.len()].to_string(), digits.parse().unwrap_or(0))
}

struct Importer<'a, 'p> {
    tx: &'a rusqlite::Transaction<'a>,
    import_id: i64,
    rows: u64,
    parts: Vec<ImportedPart>,
    progress: Progress<'p>,
    next_progress: u64,
}

impl Importer<'_, '_> {
    fn zip<R: Read + Seek>(&mut self, source: &str, zip: &mut zip::ZipArchive<R>) -> Result<(), Error> {
        let mut names: Vec<String> = zip.file_names().filter(|n| !n.ends_with('/')).map(str::to_string).collect();
        names.sort_by_key(|n| natural_key(n));
        for name in names {
            let lower = name.to_ascii_lowercase();
            let entry = zip.by_name(&name).map_err(|e| bad_file(source, e))?;
            if lower.ends_with(".csv") || lower.ends_with(".txt") {
                self.csv(&name, std::io::BufReader::with_capacity(1 << 20, entry))?;
            } else if lower.ends_with(".xlsx") {
                let mut bytes = Vec::with_capacity(entry.size() as usize);
                let mut entry = entry;
                entry.read_to_end(&mut bytes).map_err(|e| bad_file(source, e))?;
                self.xlsx(&name, std::io::Cursor::new(bytes))?;
            }
            // Anything else in the zip (a readme, a signature) is not bill data.
        }
        Ok(())
    }

    fn csv<R: Read>(&mut self, part: &str, r: R) -> Result<(), Error> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(r);
        let mut rec = csv::StringRecord::new();
        let mut next = |rec: &mut csv::StringRecord| -> Result<bool, Error> {
            rdr.read_record(rec).map_err(|e| {
                let why = if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) { "is not UTF-8 (a GBK file? save it as UTF-8)".to_string() } else { e.to_string() };
                Error { field: Some("file".into()), ..Error::new(ErrorCode::InvalidInput, format!("{part}: {why}")) }
            })
        };
        self.part(part, &mut rec, &mut next)
    }

    fn xlsx<R: Read + Seek>(&mut self, part: &str, r: R) -> Result<(), Error> {
        use calamine::Reader;
        let mut wb: calamine::Xlsx<R> = calamine::open_workbook_from_rs(r).map_err(|e| bad_file(part, e))?;
        for sheet in wb.sheet_names() {
            let range = wb.worksheet_range(&sheet).map_err(|e| bad_file(part, e))?;
            let mut rows = range.rows();
            let name = format!("{part}#{sheet}");
            let mut rec = csv::StringRecord::new();
            let mut next = |rec: &mut csv::StringRecord| -> Result<bool, Error> {
                let Some(row) = rows.next() else { return Ok(false) };
                rec.clear();
                for c in row {
                    rec.push_field(&cell_text(c));
                }
                Ok(true)
            };
            self.part(&name, &mut rec, &mut next)?;
        }
        Ok(())
    }

    /// One part: the first non-empty record is the header; then rows until `next` says none.
    fn part(&mut self, part: &str, rec: &mut csv::StringRecord, next: &mut dyn FnMut(&mut csv::StringRecord) -> Result<bool, Error>) -> Result<(), Error> {
        let header: Vec<String> = loop {
            if !next(rec)? {
                return Ok(()); // an empty part
            }
            if rec.iter().any(|f| !f.trim().is_empty()) {
                break rec.iter().map(str::to_string).collect();
            }
        };
        let hdr: Vec<&str> = header.iter().map(String::as_str).collect();
        let map = columns::map_header(&hdr, part);
        (self.progress)(ProgressEvent::new("import.part", self.rows, None, format!("{part}: {} rows", map.kind.as_str())));
        let file_kind = if part.contains("order_month") {
            "order_month"
        } else if part.contains("settle_month") {
            "settle_month"
        } else {
            "settle"
        };
        let mut ins = Insert::new(self.tx, map.kind, &map, self.import_id, part, file_kind)?;
        let mut line: u64 = 1;
        let mut part_rows = 0u64;
        while next(rec)? {
            line += 1;
            let first = rec.get(0).unwrap_or("").trim();
            if rec.iter().all(|f| f.trim().is_empty()) || matches!(first, "合计" | "总计" | "汇总" | "Total" | "TOTAL") {
                continue; // blank line, or a totals line at the end (ASSUMED shape)
            }
            ins.row(rec, &hdr, &map, line).map_err(|e| Error { message: format!("{part} line {line}: {}", e.message), ..e })?;
            part_rows += 1;
            self.rows += 1;
            if self.rows >= self.next_progress {
                self.next_progress += PROGRESS_EVERY;
                (self.progress)(ProgressEvent::new("import.rows", self.rows, None, format!("{} rows", self.rows)));
            }
        }
        ins.finish()?;
        let missing = map.kind.fields().iter().zip(&map.index).filter(|(_, i)| i.is_none()).map(|((f, _), _)| f.to_string()).collect();
        self.parts.push(ImportedPart {
            name: part.to_string(),
            kind: map.kind,
            rows: part_rows,
            unknown_columns: if map.kind == PartKind::Other { Vec::new() } else { map.unknown.iter().map(|(_, h)| h.clone()).collect() },
            missing_columns: missing,
        });
        Ok(())
    }
}

/// A spreadsheet cell as the text a CSV would hold.
fn cell_text(c: &calamine::Data) -> Cow<'static, str> {
    use calamine::Data;
    match c {
        Data::String(s) => Cow::Owned(s.clone()),
        Data::Float(f) => {
            // 12.34 stored as 12.339999999 comes back as "12.34"; integers without ".0".
            let s = format!("{f:.6}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            Cow::Owned(s.to_string())
        }
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::DateTime(d) => {
            // Excel serial days since 1899-12-30.
            let base = time::macros::date!(1899 - 12 - 30);
            let day = base.checked_add(time::Duration::days(d.as_f64().floor() as i64)).unwrap_or(base);
            Cow::Owned(format!("{:04}{:02}{:02}", day.year(), day.month() as u8, day.day()))
        }
        Data::Empty => Cow::Borrowed(""),
        other => Cow::Owned(other.to_string()),
    }
}

