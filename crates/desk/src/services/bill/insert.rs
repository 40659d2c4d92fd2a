//! The writer side of the importer's two threads: the thread that holds the import's connection binds
//! the batches the reader filled ([`super::encode`]) to multi-row INSERTs, stores each chunk's text index
//! and daily totals, and commits chunk by chunk. Only SQLite's own work is left on this thread, which
//! is what bounds an import's speed (measured: parsing, the text index and the totals took about a
//! quarter of a single-threaded import).
//!
//! Binding: values are bound with `SQLITE_STATIC` (SQLite reads the batch's own buffers instead of
//! copying each into memory of its own; rusqlite always binds text as `SQLITE_TRANSIENT`), through the
//! small [`RawInsert`] below. The buffers outlive every use: bindings are cleared before a batch goes
//! back to the reader.
//!
//! Ids: trade rows are inserted without one, so SQLite gives each the largest id + 1 (its documented
//! rowid choice; nobody else writes during our transaction). Naming the id in the INSERT would let it
//! conflict, and a statement that may conflict keeps a statement journal (measured: a 200,000-row
//! import 5× slower). After every statement the last id is checked against the one counted here, since
//! the text index names rows by id.

use std::ffi::{c_int, CStr};
use std::sync::mpsc::{Receiver, Sender};

use rusqlite::{ffi, params, Connection};

use super::columns::PartKind;
use super::encode::{columns_of, table_of, Batch, ChunkExtras, Slot, BATCH};
use super::stages::{join_hash, HashJob};
use crate::error::{Error, ErrorCode};
use crate::progress::{Progress, ProgressEvent};

/// What the reader sends the writer.
pub(super) enum Msg {
    /// A part of this kind begins; its rows follow.
    Part(PartKind),
    /// Rows of the current part.
    Rows(Batch),
    /// The rows read so far (`rows`, all parts) make a chunk: store its extras and commit.
    Chunk { rows: u64, extras: ChunkExtras },
    /// The last rows' extras; the transaction stays open for the import's last step.
    Tail(ChunkExtras),
}

/// A prepared INSERT run with `SQLITE_STATIC` bindings (see the module docs).
struct RawInsert<'c> {
    conn: &'c Connection,
    stmt: *mut ffi::sqlite3_stmt,
}

impl<'c> RawInsert<'c> {
    fn prepare(conn: &'c Connection, sql: &str) -> Result<RawInsert<'c>, Error> {
        let mut stmt = std::ptr::null_mut();
        let len = c_int::try_from(sql.len()).map_err(|_| Error::new(ErrorCode::Internal, "INSERT too long"))?;
        // SAFETY: the handle is the live connection `conn` borrows for 'c; `sql` is valid for `len` bytes.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                conn.handle(),
                sql.as_ptr().cast(),
                len,
                ffi::SQLITE_PREPARE_PERSISTENT,
                &mut stmt,
                std::ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(failure(conn, rc));
        }
        Ok(RawInsert { conn, stmt })
    }

    /// Binds `slots` to the statement's parameters 1.., runs it once, then resets it and clears the
    /// bindings (so no pointer into `slots` outlives this call).
    fn run(&mut self, slots: &[Slot]) -> Result<(), Error> {
        let mut rc = ffi::SQLITE_OK;
        for (i, s) in slots.iter().enumerate() {
            let n = (i + 1) as c_int;
            // SAFETY: `self.stmt` is a live statement; text pointers stay valid until the bindings are
            // cleared below, before `slots` can be touched again; "" is used for empty text because a
            // zero-length String's pointer is dangling.
            rc = unsafe {
                match (s.null, s.int) {
                    (true, _) => ffi::sqlite3_bind_null(self.stmt, n),
                    (false, Some(v)) => ffi::sqlite3_bind_int64(self.stmt, n, v),
                    (false, None) => {
                        let t: &str = if s.text.is_empty() { "" } else { &s.text };
                        ffi::sqlite3_bind_text(self.stmt, n, t.as_ptr().cast(), t.len() as c_int, ffi::SQLITE_STATIC())
                    }
                }
            };
            if rc != ffi::SQLITE_OK {
                break;
            }
        }
        if rc == ffi::SQLITE_OK {
            // SAFETY: a live, fully bound statement.
            rc = match unsafe { ffi::sqlite3_step(self.stmt) } {
                ffi::SQLITE_DONE => ffi::SQLITE_OK,
                other => other,
            };
        }
        let err = (rc != ffi::SQLITE_OK).then(|| failure(self.conn, rc));
        // SAFETY: a live statement; after these no binding points into `slots`.
        unsafe {
            ffi::sqlite3_reset(self.stmt);
            ffi::sqlite3_clear_bindings(self.stmt);
        }
        err.map_or(Ok(()), Err)
    }
}

impl Drop for RawInsert<'_> {
    fn drop(&mut self) {
        // SAFETY: finalized once, here; the connection outlives the statement ('c).
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

/// The connection's error after `rc`, as rusqlite would report it.
fn failure(conn: &Connection, rc: c_int) -> Error {
    // SAFETY: sqlite3_errmsg answers a NUL-terminated string owned by the live connection.
    let msg = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(conn.handle())) }.to_string_lossy().into_owned();
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(msg)).into()
}

/// The multi-row and the one-row INSERT of the current part.
struct PartInsert<'c> {
    batch: RawInsert<'c>,
    one: RawInsert<'c>,
    cols: usize,
    trade: bool,
}

impl<'c> PartInsert<'c> {
    fn new(conn: &'c Connection, kind: PartKind) -> Result<PartInsert<'c>, Error> {
        let (table, _) = table_of(kind);
        let names = columns_of(kind);
        let cols = names.len();
        let one_row = format!("({})", vec!["?"; cols].join(","));
        // OR FAIL: a statement that may abort half done (ABORT, the default for NOT NULL) makes SQLite keep
        // a statement journal of every page it touches, which cost a third of the import's time with the
        // table's indexes. Nothing here can violate a constraint, and any error rolls back the chunk anyway.
        let head = format!("INSERT OR FAIL INTO {table} ({}) VALUES ", names.join(","));
        let batch = RawInsert::prepare(conn, &format!("{head}{}", vec![one_row.as_str(); BATCH].join(",")))?;
        let one = RawInsert::prepare(conn, &format!("{head}{one_row}"))?;
        Ok(PartInsert { batch, one, cols, trade: kind == PartKind::Trade })
    }
}

/// The next free trade row id (the importer holds the write lock, so nobody takes it meanwhile).
fn next_trade_id(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row("SELECT coalesce(max(id), 0) + 1 FROM bill_trades", [], |r| r.get(0))?)
}

/// The writer thread's state for one import.
pub(super) struct Writer<'c, 'p> {
    pub(super) conn: &'c Connection,
    pub(super) import_id: i64,
    pub(super) progress: Progress<'p>,
    pub(super) between_chunks: &'p dyn Fn(),
    pub(super) hasher: HashJob,
    pub(super) sha: Option<String>,
    /// The chunk's first trade row id and the id the next one must get (None until the chunk's first
    /// trade row).
    pub(super) ids: Option<(i64, i64)>,
}

impl Writer<'_, '_> {
    /// Runs until the reader hangs up; each batch goes back to the reader through `back` for reuse.
    pub(super) fn run(&mut self, msgs: Receiver<Msg>, back: Sender<Batch>) -> Result<(), Error> {
        let mut part = None;
        for m in msgs {
            match m {
                Msg::Part(kind) => part = Some(PartInsert::new(self.conn, kind)?),
                Msg::Rows(batch) => {
                    let p =
                        part.as_mut().ok_or_else(|| Error::new(ErrorCode::Internal, "bill rows before their part"))?;
                    self.rows(p, &batch)?;
                    let _ = back.send(batch);
                }
                Msg::Chunk { rows, extras } => {
                    self.extras(extras)?;
                    self.commit_chunk(rows)?;
                }
                Msg::Tail(extras) => self.extras(extras)?,
            }
        }
        Ok(())
    }

    fn rows(&mut self, p: &mut PartInsert<'_>, b: &Batch) -> Result<(), Error> {
        // The chunk's first trade rows get the next free id on: read it before they go in.
        let start = match (p.trade && b.rows > 0, self.ids) {
            (true, None) => {
                let first = next_trade_id(self.conn)?;
                Some((first, first))
            }
            (_, ids) => ids,
        };
        if b.rows == BATCH {
            p.batch.run(&b.slots[..BATCH * p.cols])?;
        } else {
            for r in 0..b.rows {
                p.one.run(&b.slots[r * p.cols..(r + 1) * p.cols])?;
            }
        }
        if let (true, Some((first, next))) = (p.trade && b.rows > 0, start) {
            let next = next + b.rows as i64;
            let last = self.conn.last_insert_rowid();
            if last != next - 1 {
                return Err(Error::new(
                    ErrorCode::Storage,
                    format!(
                        "bill rows got ids up to {last}, {} expected: the text index would point at the wrong rows",
                        next - 1
                    ),
                ));
            }
            self.ids = Some((first, next));
        }
        Ok(())
    }

    /// Stores the chunk's text index and daily totals (in the chunk's transaction).
    fn extras(&mut self, mut e: ChunkExtras) -> Result<(), Error> {
        if let (Some(grams), Some((first, next))) = (e.grams.as_mut(), self.ids) {
            if next - first != e.trade_rows as i64 {
                return Err(Error::new(
                    ErrorCode::Internal,
                    format!("{} trade rows written, {} indexed", next - first, e.trade_rows),
                ));
            }
            grams.write(self.conn, self.import_id, first)?;
        }
        e.days.write(self.conn, self.import_id)?;
        self.ids = None;
        Ok(())
    }

    /// Commits the rows so far with their count and the file's hash (what a resume checks), lets
    /// waiting writers in, and opens the next chunk's transaction.
    fn commit_chunk(&mut self, rows: u64) -> Result<(), Error> {
        if self.sha.is_none() {
            // Hashing runs far ahead of inserting, so this rarely waits; a resume needs the hash stored.
            self.sha = Some(join_hash(self.hasher.take())?);
        }
        self.conn.execute(
            "UPDATE bill_imports SET done_rows = ?2, resume_sha256 = ?3 WHERE id = ?1",
            params![self.import_id, rows as i64, self.sha],
        )?;
        self.conn.execute_batch("COMMIT")?;
        (self.progress)(ProgressEvent::new("import.rows", rows, None, format!("{rows} rows")));
        (self.between_chunks)();
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }
}
