//! Applies the embedded, timestamp-named migrations (crates/desk/migrations/*.sql) in name order, each in
//! its own transaction, recording each name in `schema_migrations`.

use rusqlite::Connection;

use crate::error::{Error, ErrorCode};

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

pub(super) fn run(conn: &mut Connection) -> Result<(), Error> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    )?;
    let done = applied_migrations(conn)?;
    for (name, sql) in MIGRATIONS {
        if done.iter().any(|d| d == name) {
            continue;
        }
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have applied it between our read and our lock.
        let again: i64 =
            tx.query_row("SELECT count(*) FROM schema_migrations WHERE name = ?1", [name], |r| r.get(0))?;
        if again > 0 {
            continue;
        }
        tx.execute_batch(sql).map_err(|e| Error::new(ErrorCode::Storage, format!("migration {name} failed: {e}")))?;
        tx.execute(
            "INSERT INTO schema_migrations(name, applied_at) VALUES (?1, ?2)",
            rusqlite::params![name, crate::clock::rfc3339(time::OffsetDateTime::now_utc())],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// Names of the migrations applied to this database, oldest first.
pub fn applied_migrations(conn: &Connection) -> Result<Vec<String>, Error> {
    let mut st = conn.prepare("SELECT name FROM schema_migrations ORDER BY name")?;
    let names = st.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}
