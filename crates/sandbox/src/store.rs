//! The sandbox's SQLite file (DATA_DIR/sandbox.sqlite3): every record is a JSON document keyed by
//! (kind, id), written through on each change and read back on start, plus the request log.
//!
//! One connection behind a mutex: calls are short (one upsert), WAL keeps readers of the file (sqlite3
//! CLI, the app) unblocked, and `synchronous=NORMAL` is enough for a simulator.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::SandboxError;

const MIGRATIONS: &[(&str, &str)] = &[(
    "20261123_0001_docs_and_log",
    "CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (kind, id));
     CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE IF NOT EXISTS request_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);",
)];

/// Handle on the sandbox database.
pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    /// Opens (creating if needed) `dir/sandbox.sqlite3` and applies the embedded migrations.
    pub fn open(dir: &Path) -> Result<Store, SandboxError> {
        let conn = Connection::open(dir.join("sandbox.sqlite3")).map_err(SandboxError::db)?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;")
            .map_err(SandboxError::db)?;
        conn.execute_batch("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)")
            .map_err(SandboxError::db)?;
        for (name, sql) in MIGRATIONS {
            let done: Option<String> = conn
                .query_row("SELECT name FROM migrations WHERE name = ?1", [name], |r| r.get(0))
                .optional()
                .map_err(SandboxError::db)?;
            if done.is_none() {
                conn.execute_batch(sql).map_err(SandboxError::db)?;
                conn.execute("INSERT INTO migrations (name) VALUES (?1)", [name]).map_err(SandboxError::db)?;
            }
        }
        Ok(Store { conn: Mutex::new(conn) })
    }

    fn with_conn<T>(&self, f: impl FnOnce(&Connection) -> rusqlite::Result<T>) -> Result<T, SandboxError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn).map_err(SandboxError::db)
    }

    /// Writes (inserts or replaces) one document.
    pub fn put<T: Serialize>(&self, kind: &str, id: &str, doc: &T) -> Result<(), SandboxError> {
        let json = serde_json::to_string(doc).map_err(|e| SandboxError::Db(e.to_string()))?;
        self.with_conn(|c| {
            c.execute(
                "INSERT INTO docs (kind, id, json) VALUES (?1, ?2, ?3)
                 ON CONFLICT(kind, id) DO UPDATE SET json = excluded.json",
                params![kind, id, json],
            )
            .map(|_| ())
        })
    }

    /// Every document of one kind, in insertion order of their ids. Rows that no longer parse are skipped
    /// (an older sandbox may have written a field we dropped) rather than refusing to start.
    pub fn all<T: DeserializeOwned>(&self, kind: &str) -> Result<Vec<T>, SandboxError> {
        let rows: Vec<String> = self.with_conn(|c| {
            let mut st = c.prepare("SELECT json FROM docs WHERE kind = ?1 ORDER BY rowid")?;
            let rows = st.query_map([kind], |r| r.get::<_, String>(0))?;
            rows.collect()
        })?;
        Ok(rows.iter().filter_map(|j| serde_json::from_str(j).ok()).collect())
    }

    /// A value from the small key/value table (clock offset, counters).
    pub fn meta(&self, key: &str) -> Result<Option<String>, SandboxError> {
        self.with_conn(|c| c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional())
    }

    /// Sets a value in the key/value table.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), SandboxError> {
        self.with_conn(|c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
        })
    }

    /// Appends one request-log entry; returns its sequence number.
    pub fn log_request(&self, json: &str) -> Result<i64, SandboxError> {
        self.with_conn(|c| {
            c.execute("INSERT INTO request_log (json) VALUES (?1)", [json])?;
            Ok(c.last_insert_rowid())
        })
    }

    /// The newest `limit` request-log entries after `after_seq`, oldest first.
    pub fn request_log(&self, after_seq: i64, limit: i64) -> Result<Vec<(i64, String)>, SandboxError> {
        self.with_conn(|c| {
            let mut st = c.prepare(
                "SELECT seq, json FROM (SELECT seq, json FROM request_log WHERE seq > ?1 ORDER BY seq DESC LIMIT ?2)
                 ORDER BY seq",
            )?;
            let rows = st.query_map(params![after_seq, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_survive_reopening_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let s = Store::open(dir.path()).expect("open");
            s.put("merchant", "1", &serde_json::json!({"a": 1})).unwrap();
            s.put("merchant", "1", &serde_json::json!({"a": 2})).unwrap();
            s.set_meta("clock_offset_ms", "42").unwrap();
            s.log_request("{}").unwrap();
        }
        let s = Store::open(dir.path()).expect("reopen");
        let all: Vec<serde_json::Value> = s.all("merchant").unwrap();
        assert_eq!(all, vec![serde_json::json!({"a": 2})], "upsert keeps one row with the last value");
        assert_eq!(s.meta("clock_offset_ms").unwrap().as_deref(), Some("42"));
        assert_eq!(s.request_log(0, 10).unwrap().len(), 1);
    }
}
