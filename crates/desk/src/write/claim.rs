//! Who is working on a write right now. A claim is two journal columns, `claim_owner` and `claim_beat`,
//! taken and released in write transactions: any number of app and CLI processes on one PAYDESK_HOME
//! (and, with a shared store, on several machines) never send or settle the same entry at once.
//!
//! An owner is one open [`crate::Desk`]: `host:pid:random`. While it lives it holds an exclusive lock on
//! `<home>/owners/<owner>.lock`, so a process on the same host can tell at once that an owner died (it
//! can take the lock, or the file is gone) — a SIGKILLed process releases its lock with its file
//! descriptors. An owner on another host is alive while its heartbeat (`claim_beat`, refreshed while a
//! write waits for its answer) is younger than the stale window.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::{Error, ErrorCode};

/// How long a heartbeat keeps a claim of another host alive.
pub const STALE_AFTER: Duration = Duration::from_secs(60);
/// How often a write waiting for its answer refreshes its claim.
pub const BEAT_EVERY: Duration = Duration::from_secs(5);

/// Milliseconds since the Unix epoch, from the wall clock shared by every process (claims are about
/// processes being alive, not about business time, so the desk's injectable clock is not used).
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// This process's (this Desk's) identity as a claim owner.
pub struct Owner {
    id: String,
    host: String,
    dir: PathBuf,
    /// Held for the owner's life; dropping it releases the lock.
    _lock: Option<File>,
    /// Journal ids this owner is working on right now. A claim of this owner on an id not in here was
    /// left by a step that failed to release it (the database refused the release): it may be retaken.
    active: Mutex<HashSet<i64>>,
}

impl std::fmt::Debug for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Owner").field("id", &self.id).finish_non_exhaustive()
    }
}

fn host_name() -> String {
    // No crate needed for a label: the name is only compared for equality between processes.
    std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname").ok().map(|s| s.trim().to_string()).filter(|h| !h.is_empty())
        })
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "localhost".into())
        .replace(':', "_")
}

impl Owner {
    /// A new owner under `<home>/owners`, holding its lock file. Stale lock files of dead owners are
    /// removed on the way.
    pub fn new(home: &Path) -> Owner {
        let dir = home.join("owners");
        let host = host_name();
        let id = format!("{host}:{}:{}", std::process::id(), hex::encode(rand::random::<[u8; 4]>()));
        let lock = std::fs::create_dir_all(&dir).ok().and_then(|_| {
            let f = OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(lock_name(&id))).ok()?;
            f.try_lock().ok()?;
            Some(f)
        });
        let owner = Owner { id, host, dir, _lock: lock, active: Mutex::new(HashSet::new()) };
        owner.sweep();
        owner
    }

    /// The owner id stored in claims.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether the owner `other` (from a claim) is still alive, judged by its lock file on this host and by
    /// its heartbeat `beat_ms` otherwise.
    pub fn is_alive(&self, other: &str, beat_ms: Option<i64>) -> bool {
        if other == self.id {
            return true;
        }
        let same_host = other.split(':').next() == Some(self.host.as_str());
        if same_host {
            return lock_held(&self.dir.join(lock_name(other)));
        }
        beat_ms.is_some_and(|b| now_ms() - b < STALE_AFTER.as_millis() as i64)
    }

    /// Whether a claim held by `owner` on journal entry `id` stops this owner from taking it.
    pub fn blocks(&self, owner: &str, beat_ms: Option<i64>, id: i64) -> bool {
        if owner == self.id {
            return self.is_active(id);
        }
        self.is_alive(owner, beat_ms)
    }

    pub(crate) fn is_active(&self, id: i64) -> bool {
        self.active.lock().unwrap_or_else(|p| p.into_inner()).contains(&id)
    }

    pub(crate) fn activate(&self, id: i64) -> bool {
        self.active.lock().unwrap_or_else(|p| p.into_inner()).insert(id)
    }

    pub(crate) fn deactivate(&self, id: i64) {
        self.active.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
    }

    /// Removes the lock files of dead owners of this host.
    fn sweep(&self) {
        let Ok(rd) = std::fs::read_dir(&self.dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().and_then(|x| x.to_str()) == Some("lock")
                && p.file_name() != Some(lock_name(&self.id).as_ref())
                && !lock_held(&p)
            {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
}

fn lock_name(id: &str) -> String {
    format!("{}.lock", id.replace([':', '/', '\\'], "_"))
}

/// True when some process holds the lock on `path`; false when the file is gone or could be locked.
fn lock_held(path: &Path) -> bool {
    let Ok(f) = OpenOptions::new().write(true).open(path) else { return false };
    match f.try_lock() {
        Ok(()) => {
            let _ = f.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        // Cannot tell (no locking on this filesystem): treat as alive, the heartbeat decides later.
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// The error for a write someone else is working on.
pub fn busy(req_seq_id: &str, owner: &str, mine: bool) -> Error {
    let who = if mine { "this window".to_string() } else { format!("another Paydesk process ({owner})") };
    Error::new(
        ErrorCode::InFlight,
        format!("write {req_seq_id} is being sent or checked by {who} right now; wait for its answer"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_owner_is_dead_and_a_live_one_alive() {
        let home = tempfile::tempdir().unwrap();
        let a = Owner::new(home.path());
        let b = Owner::new(home.path());
        assert!(b.is_alive(a.id(), None), "a lives while its lock is held");
        let a_id = a.id().to_string();
        drop(a);
        assert!(!b.is_alive(&a_id, None), "a's lock went with it");
        assert!(!b.is_alive(&format!("{}:1:dead", host_name()), None), "no lock file: dead");
        assert!(b.is_alive("elsewhere:1:x", Some(now_ms())), "another host with a fresh beat");
        assert!(!b.is_alive("elsewhere:1:x", Some(now_ms() - 3_600_000)), "another host, stale beat");
        let c = Owner::new(home.path());
        assert!(std::fs::read_dir(home.path().join("owners")).unwrap().count() == 2, "a's file swept");
        assert!(c.blocks(b.id(), None, 1));
        assert!(!c.blocks(c.id(), None, 7), "own claim on an inactive id is an orphan");
        c.activate(7);
        assert!(c.blocks(c.id(), None, 7));
    }
}
