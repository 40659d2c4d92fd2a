//! The SQLite store: one file `paydesk.db` in the data directory, schema from the embedded migrations.
//!
//! Concurrency: one connection behind a mutex. SQLite serialises writers anyway, every call here is short
//! and the lock is never held across an `.await` (callers pass a closure, not a guard), so one connection
//! is simpler than a pool and cannot deadlock on "database is locked". WAL mode lets another process (the
//! CLI while the app runs) read while this one writes; `busy_timeout` makes the two wait for each other.
//! Bulk jobs (bill import) may open their own connection with [`Store::open_connection`].

mod migrate;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, Params, Row, Transaction};

use crate::error::{Error, ErrorCode};

pub use migrate::applied_migrations;

/// Called after each [`Store::with_tx`] transaction ends: `true` committed, `false` rolled back.
pub type CommitListener = Arc<dyn Fn(bool) + Send + Sync>;

/// Handle to the database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    conn: Arc<Mutex<Connection>>,
    listeners: Arc<Mutex<Vec<CommitListener>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database file and applies pending migrations.
    ///
    /// Errors: `Storage` when the file cannot be opened or a migration fails (the migration's name is in
    /// the message).
    pub fn open(path: &Path) -> Result<Store, Error> {
        let mut conn = Self::connect(path)?;
        migrate::run(&mut conn)?;
        Ok(Store {
            path: path.to_path_buf(),
            conn: Arc::new(Mutex::new(conn)),
            listeners: Arc::new(Mutex::new(Vec::new())),
        })
    }

    /// A fresh connection to the same file with the same settings, for long bulk jobs that should not
    /// hold the shared connection (the caller owns it; migrations already ran).
    pub fn open_connection(&self) -> Result<Connection, Error> {
        Self::connect(&self.path)
    }

    fn connect(path: &Path) -> Result<Connection, Error> {
        let conn = Connection::open(path)
            .map_err(|e| Error::new(ErrorCode::Storage, format!("cannot open {}: {e}", path.display())))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        )?;
        Ok(conn)
    }

    /// Path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection (autocommit: each statement stands alone).
    pub fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// The row `sql` selects (a lookup by key), or `None`.
    pub fn row<T>(
        &self,
        sql: &str,
        params: impl Params,
        from_row: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, Error> {
        self.with_conn(|c| Ok(c.query_row(sql, params, from_row).optional()?))
    }

    /// Waits until no caller is using the shared connection. A bulk job on its own connection calls it
    /// between its transactions: a writer of this process that is waiting on the bulk job's write lock
    /// holds the shared connection while SQLite's busy handler sleeps, so this returns only after that
    /// writer got in — otherwise the bulk job's next transaction could take the lock first every time.
    pub fn let_writers_in(&self) {
        drop(self.conn.lock().unwrap_or_else(|p| p.into_inner()));
    }

    /// Runs `f` in one transaction: committed when `f` returns `Ok`, rolled back on `Err`.
    /// Uses `BEGIN IMMEDIATE` so that the write lock is taken up front and a read-then-write (the audit
    /// chain reading its head) cannot interleave with another process's write.
    ///
    /// Listeners ([`Store::on_commit`]) hear how it ended, while the connection is still held (so in the
    /// order transactions end): the audit chain anchors only rows whose transaction committed.
    pub fn with_tx<T>(&self, f: impl FnOnce(&Transaction<'_>) -> Result<T, Error>) -> Result<T, Error> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = match f(&tx) {
            Ok(out) => out,
            Err(e) => {
                drop(tx); // rolls back
                self.ended(false);
                return Err(e);
            }
        };
        if let Err(e) = tx.commit() {
            self.ended(false);
            return Err(e.into());
        }
        self.ended(true);
        Ok(out)
    }

    /// Adds a listener told how each [`Store::with_tx`] transaction ended. It runs with the connection
    /// held: it must not use the store.
    pub fn on_commit(&self, f: CommitListener) {
        self.listeners.lock().unwrap_or_else(|p| p.into_inner()).push(f);
    }

    fn ended(&self, committed: bool) {
        for l in self.listeners.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            l(committed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_tx_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let store = Store::open(&path).unwrap();
        let first = store.with_conn(applied_migrations).unwrap();
        assert!(first.iter().any(|n| n.ends_with("_profiles.sql")), "profiles migration applied: {first:?}");
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.with_conn(applied_migrations).unwrap(), first, "reopening applies nothing twice");

        let r: Result<(), Error> = store.with_tx(|tx| {
            tx.execute("INSERT INTO settings(key, value) VALUES ('a', 'b')", [])?;
            Err(Error::new(ErrorCode::Internal, "boom"))
        });
        assert!(r.is_err());
        let n: i64 = store
            .with_conn(|c| Ok(c.query_row("SELECT count(*) FROM settings WHERE key='a'", [], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 0, "a failed transaction leaves nothing behind");
    }
}
