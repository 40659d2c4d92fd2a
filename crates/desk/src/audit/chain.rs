//! The audit chain's secrets and its anchor, both in the OS keychain, where someone who can write the
//! desk's files cannot reach them:
//!
//! - the **key**: each row's `row_hash` is HMAC-SHA256 under it of the row's content and the previous row's
//!   hash, so an edited row cannot be re-hashed (nor a row forged) without the keychain. It is read (or
//!   made) on the first audit write or check, never at `Desk::open`: the app's first paint does not wait
//!   on the keychain.
//! - the **anchor**: the last committed row's seq and hash (and the seq keying began at), written after
//!   each commit by a background thread, so a log cut short — with its `audit_head` table moved back to
//!   match — or emptied is found by comparing with it. A burst of writes costs one keychain write per
//!   round trip, not one per row; [`AuditChain::flush`] waits for it (verify, digest and drop do).
//!
//! Rows written before keying existed (an older database) were chained by plain SHA-256; the anchor
//! records the seq keying began at, so those rows are checked the old way and everything after the new
//! way (the first keyed row's link covers the old ones: they cannot be re-hashed either).

use std::sync::{Arc, Condvar, Mutex, Weak};
use std::time::{Duration, Instant};

use ring::hmac;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{AuditRow, GENESIS};
use crate::error::{Error, ErrorCode};
use crate::keychain::{KeySlot, Keychain};
use crate::secret::Secret;
use crate::store::Store;

/// The keychain "profile" the desk's own entries live under.
pub(crate) const DESK_ENTRIES: &str = "_desk";

/// The head of the chain as kept outside the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The last committed row (0: none yet).
    pub seq: i64,
    pub hash: String,
    /// The first row chained with the key; rows before it were chained by plain SHA-256.
    pub keyed_from: i64,
    /// Rows before `keyed_from` were a valid plain SHA-256 chain when keying began (false: they were not,
    /// or the key had been lost, and they cannot be checked).
    pub legacy_ok: bool,
}

/// The fields of a row in the order they are hashed, each prefixed by its length (no two rows share an
/// encoding). `with_hash` adds `row_hash` (the digest's encoding of a whole stored row).
pub(crate) fn encode(r: &AuditRow, with_hash: bool) -> Vec<u8> {
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut parts = vec![
        r.prev_hash.clone(),
        r.seq.to_string(),
        r.at.clone(),
        r.profile.clone(),
        r.endpoint.clone(),
        opt(&r.merchant),
        opt(&r.req_seq_id),
        r.request.clone(),
        opt(&r.response),
        opt(&r.key_id),
        opt(&r.sign_hash),
        r.outcome.as_str().to_string(),
        opt(&r.resp_code),
        opt(&r.error),
        r.duration_ms.to_string(),
    ];
    if with_hash {
        parts.push(r.row_hash.clone());
    }
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 8).sum());
    for p in parts {
        out.extend_from_slice(&(p.len() as u64).to_le_bytes());
        out.extend_from_slice(p.as_bytes());
    }
    out
}

/// The plain SHA-256 of a row (rows from before keying).
pub(crate) fn legacy_hash(r: &AuditRow) -> String {
    hex::encode(Sha256::digest(encode(r, false)))
}

/// The chain's key, ready to hash rows.
#[derive(Clone)]
pub(crate) struct ChainKey {
    key: hmac::Key,
    pub keyed_from: i64,
    pub legacy_ok: bool,
}

impl ChainKey {
    /// HMAC-SHA256 of the row's content and link.
    pub(crate) fn mac(&self, r: &AuditRow) -> String {
        hex::encode(hmac::sign(&self.key, &encode(r, false)).as_ref())
    }

    /// What `r`'s `row_hash` must be: keyed from `keyed_from` on, plain SHA-256 before.
    pub(crate) fn expected(&self, r: &AuditRow) -> String {
        if r.seq >= self.keyed_from {
            self.mac(r)
        } else {
            legacy_hash(r)
        }
    }
}

struct State {
    key: Option<ChainKey>,
    /// The newest row appended in the transaction running now (the store tells how it ends).
    uncommitted: Option<(i64, String)>,
    /// The newest committed row not yet anchored.
    pending: Option<(i64, String)>,
    /// The anchor as this process last wrote or read it.
    anchored: Option<Anchor>,
    /// A keychain error of the anchor writer, kept for verify to report.
    anchor_error: Option<String>,
    /// Anchor writes tried so far (flush waits for one more after it starts).
    attempts: u64,
    worker: bool,
}

/// The audit chain of one data directory: its key and anchor (see the module docs). Owned by the Desk;
/// cheap to share.
pub struct AuditChain {
    pub(super) keychain: Keychain,
    state: Mutex<State>,
    changed: Condvar,
}

impl std::fmt::Debug for AuditChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditChain").field("service", &self.keychain.service()).finish_non_exhaustive()
    }
}

fn anchor_text(a: &Anchor) -> Secret {
    Secret::new(serde_json::to_string(a).expect("an anchor serialises"))
}

impl AuditChain {
    /// The chain of the data directory whose keychain namespace and store these are. Reads nothing yet; it
    /// listens to the store's transactions so that only committed rows are anchored.
    pub fn new(keychain: Keychain, store: Store) -> Arc<AuditChain> {
        let chain = Arc::new(AuditChain {
            keychain,
            state: Mutex::new(State {
                key: None,
                uncommitted: None,
                pending: None,
                anchored: None,
                anchor_error: None,
                attempts: 0,
                worker: false,
            }),
            changed: Condvar::new(),
        });
        let weak = Arc::downgrade(&chain);
        store.on_commit(Arc::new(move |committed| {
            if let Some(c) = weak.upgrade() {
                c.transaction_ended(committed);
            }
        }));
        chain
    }

    /// A committed transaction's rows become pending for the anchor; a rolled-back one's are forgotten.
    fn transaction_ended(self: &Arc<Self>, committed: bool) {
        let mut st = self.lock();
        let Some(row) = st.uncommitted.take() else { return };
        if !committed {
            return;
        }
        if st.pending.as_ref().is_none_or(|(s, _)| *s < row.0) {
            st.pending = Some(row);
        }
        if !st.worker {
            st.worker = true;
            let weak = Arc::downgrade(self);
            std::thread::Builder::new()
                .name("audit-anchor".into())
                .spawn(move || anchor_worker(weak))
                .expect("the anchor thread starts");
        }
        self.changed.notify_all();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The anchor in the keychain (`None`: never written, or removed).
    pub fn read_anchor(&self) -> Result<Option<Anchor>, Error> {
        match self.keychain.retrieve(DESK_ENTRIES, KeySlot::AuditAnchor)? {
            None => Ok(None),
            Some(s) => serde_json::from_str(s.expose()).map(Some).map_err(|e| {
                Error::new(ErrorCode::Keychain, format!("the audit anchor in the keychain is unreadable: {e}"))
            }),
        }
    }

    /// The key as stored, without making one (verify must not create what it checks against).
    pub(crate) fn existing_key(&self) -> Result<Option<ChainKey>, Error> {
        if let Some(k) = self.lock().key.clone() {
            return Ok(Some(k));
        }
        let Some(secret) = self.keychain.retrieve(DESK_ENTRIES, KeySlot::AuditKey)? else { return Ok(None) };
        let bytes = hex::decode(secret.expose().trim())
            .map_err(|_| Error::new(ErrorCode::Keychain, "the audit key in the keychain is not hex"))?;
        let anchor = self.read_anchor()?;
        // A key without an anchor: keying is taken to have begun at row 1 (verify reports the missing anchor).
        let (keyed_from, legacy_ok) = anchor.as_ref().map_or((1, true), |a| (a.keyed_from, a.legacy_ok));
        let key = ChainKey { key: hmac::Key::new(hmac::HMAC_SHA256, &bytes), keyed_from, legacy_ok };
        let mut st = self.lock();
        st.key = Some(key.clone());
        if st.anchored.is_none() {
            st.anchored = anchor;
        }
        Ok(Some(key))
    }

    /// The key for a write inside `tx` (which holds the database's write lock, so two processes cannot both
    /// make one): read from the keychain, or made now. A new key starts keying after the rows already there,
    /// and the anchor is written at once to pin where.
    pub(crate) fn key_for_write(&self, tx: &rusqlite::Connection) -> Result<ChainKey, Error> {
        if let Some(k) = self.existing_key()? {
            return Ok(k);
        }
        let head: Option<(i64, String)> = tx
            .query_row("SELECT seq, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let legacy_ok = legacy_chain_intact(tx)?;
        let (seq, hash) = head.unwrap_or((0, GENESIS.to_string()));
        let anchor = Anchor { seq, hash, keyed_from: seq + 1, legacy_ok };
        let bytes: [u8; 32] = rand::random();
        // The anchor first: a key without one would count every old row as keyed.
        self.keychain.persist(DESK_ENTRIES, KeySlot::AuditAnchor, &anchor_text(&anchor))?;
        self.keychain.persist(DESK_ENTRIES, KeySlot::AuditKey, &Secret::new(hex::encode(bytes)))?;
        let key = ChainKey { key: hmac::Key::new(hmac::HMAC_SHA256, &bytes), keyed_from: anchor.keyed_from, legacy_ok };
        let mut st = self.lock();
        st.key = Some(key.clone());
        st.anchored = Some(anchor);
        Ok(key)
    }

    /// Notes a row appended in the running transaction (anchored once it commits).
    pub(crate) fn appended(&self, seq: i64, hash: &str) {
        let mut st = self.lock();
        if st.uncommitted.as_ref().is_none_or(|(s, _)| *s < seq) {
            st.uncommitted = Some((seq, hash.to_string()));
        }
    }

    /// Writes the anchor for the committed rows pending. Returns false when nothing was pending.
    fn anchor_once(&self) -> bool {
        let Some((seq, hash)) = self.lock().pending.clone() else { return false };
        let result = self.write_anchor(seq, &hash);
        let mut st = self.lock();
        if st.pending.as_ref().is_some_and(|(s, _)| *s == seq) && result.is_ok() {
            st.pending = None;
        }
        st.anchor_error = result.err().map(|e| e.message);
        st.attempts += 1;
        self.changed.notify_all();
        true
    }

    /// Moves the anchor to (seq, hash) unless the keychain already holds a later one (another process).
    fn write_anchor(&self, seq: i64, hash: &str) -> Result<(), Error> {
        let current = self.read_anchor()?;
        let known = self.lock().anchored.clone();
        let base = current.clone().or(known);
        if base.as_ref().is_some_and(|a| a.seq >= seq) {
            self.lock().anchored = base;
            return Ok(());
        }
        let key = self.lock().key.clone();
        let (keyed_from, legacy_ok) = base
            .as_ref()
            .map(|a| (a.keyed_from, a.legacy_ok))
            .or(key.map(|k| (k.keyed_from, k.legacy_ok)))
            .unwrap_or((1, true));
        let anchor = Anchor { seq, hash: hash.to_string(), keyed_from, legacy_ok };
        self.keychain.persist(DESK_ENTRIES, KeySlot::AuditAnchor, &anchor_text(&anchor))?;
        self.lock().anchored = Some(anchor);
        Ok(())
    }

    /// Waits (up to 10 s) until every row appended so far is anchored or known rolled back. Returns the
    /// anchor writer's last error, if its last write failed (a locked keychain).
    pub fn flush(&self) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut st = self.lock();
        let started = st.attempts;
        // Done when nothing is pending, or a write tried since the flush began failed (a locked keychain:
        // the worker keeps trying; the caller hears why).
        while st.pending.is_some() && !(st.attempts > started && st.anchor_error.is_some()) && Instant::now() < deadline
        {
            if !st.worker {
                drop(st);
                self.anchor_once();
                st = self.lock();
                continue;
            }
            st = self.changed.wait_timeout(st, Duration::from_millis(50)).unwrap_or_else(|p| p.into_inner()).0;
        }
        st.anchor_error.clone()
    }

    /// Forgets the cached key and anchor (tests: as after an app restart).
    pub fn forget(&self) {
        let mut st = self.lock();
        st.key = None;
        st.anchored = None;
    }
}

impl Drop for AuditChain {
    fn drop(&mut self) {
        // The last rows of a closing app or CLI run are anchored before it goes.
        if self.lock().pending.is_some() {
            self.anchor_once();
        }
    }
}

/// Anchors pending rows until the chain is dropped, at most one keychain write per 50 ms. It holds the
/// chain only while it works, so dropping the Desk drops the chain (whose `Drop` anchors the last rows).
fn anchor_worker(chain: Weak<AuditChain>) {
    loop {
        let (worked, failed) = match chain.upgrade() {
            None => return,
            Some(c) => {
                let worked = c.anchor_once();
                (worked, c.lock().anchor_error.is_some())
            }
        };
        // A failed write (a locked keychain) is tried again each second.
        std::thread::sleep(Duration::from_millis(if failed {
            1000
        } else if worked {
            50
        } else {
            100
        }));
    }
}

/// True when every row of an unkeyed log hashes and links by plain SHA-256 (checked once, when keying
/// begins on an older database).
fn legacy_chain_intact(tx: &rusqlite::Connection) -> Result<bool, Error> {
    let mut st = tx.prepare("SELECT * FROM audit_log ORDER BY seq")?;
    let mut rows = st.query([])?;
    let (mut prev, mut expected_seq) = (GENESIS.to_string(), 1i64);
    while let Some(r) = rows.next()? {
        let row = super::from_row(r)?;
        if row.seq != expected_seq || row.prev_hash != prev || legacy_hash(&row) != row.row_hash {
            return Ok(false);
        }
        prev = row.row_hash;
        expected_seq += 1;
    }
    Ok(true)
}
