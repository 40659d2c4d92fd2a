//! Personal data at rest: what a person types into an onboarding or realname form (ID numbers, card
//! numbers, mobiles, addresses) and the ID-card and bank-card photos they stage are kept sealed with
//! AES-256-GCM under a key held in the OS keychain, so nothing under PAYDESK_HOME — the SQLite file, its
//! WAL, the pictures folder — holds them in plain text. The data directory and its files are owner-only.
//!
//! A sealed blob is `1 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`, the nonce random per seal; the "purpose"
//! (`draft:<key>`, `picture:<file name>`) is authenticated with it, so a blob cannot be passed off as
//! another. The key is read (or made) on first use, not at `Desk::open`.

use std::path::Path;
use std::sync::Mutex;

use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use zeroize::Zeroizing;

use crate::audit::chain::DESK_ENTRIES;
use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::secret::Secret;
use crate::Desk;

const VERSION: u8 = 1;

/// A Desk's data key once read (each Desk reads its own, so a restarted app reads it from the keychain).
pub(crate) type DataKeySlot = Mutex<Option<std::sync::Arc<LessSafeKey>>>;

fn sealed_error(what: &str) -> Error {
    Error::new(
        ErrorCode::Storage,
        format!("{what} cannot be opened: it was sealed with another key or changed on disk"),
    )
}

impl Desk {
    fn data_key(&self) -> Result<std::sync::Arc<LessSafeKey>, Error> {
        if let Some(k) = self.data_key_slot().lock().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(k);
        }
        let read = || -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
            match self.keychain().retrieve(DESK_ENTRIES, KeySlot::DataKey)? {
                Some(s) => Ok(Some(Zeroizing::new(
                    hex::decode(s.expose().trim())
                        .map_err(|_| Error::new(ErrorCode::Keychain, "the data key in the keychain is not hex"))?,
                ))),
                None => Ok(None),
            }
        };
        let bytes = match read()? {
            Some(b) => b,
            // Made under the database's write lock, read again there: two processes (the app and the CLI)
            // starting at once must not each make one, the second sealing over what the first sealed.
            None => self.store().with_tx(|_| {
                if let Some(b) = read()? {
                    return Ok(b);
                }
                let fresh: Zeroizing<[u8; 32]> = Zeroizing::new(rand::random());
                self.keychain().persist(DESK_ENTRIES, KeySlot::DataKey, &Secret::new(hex::encode(fresh.as_ref())))?;
                Ok(Zeroizing::new(fresh.to_vec()))
            })?,
        };
        let key = UnboundKey::new(&AES_256_GCM, &bytes)
            .map_err(|_| Error::new(ErrorCode::Keychain, "the data key in the keychain has the wrong length"))?;
        let key = std::sync::Arc::new(LessSafeKey::new(key));
        *self.data_key_slot().lock().unwrap_or_else(|p| p.into_inner()) = Some(key.clone());
        Ok(key)
    }

    /// Seals `plain` for `purpose`. Errors: `Keychain`.
    pub(crate) fn seal(&self, purpose: &str, plain: &[u8]) -> Result<Vec<u8>, Error> {
        let key = self.data_key()?;
        let nonce: [u8; NONCE_LEN] = rand::random();
        let mut buf = plain.to_vec();
        key.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from(purpose.as_bytes()), &mut buf)
            .map_err(|_| Error::new(ErrorCode::Internal, "sealing failed"))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + buf.len());
        out.push(VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&buf);
        Ok(out)
    }

    /// Opens what [`Desk::seal`] sealed for the same `purpose`. Errors: `Keychain`, `Storage` (another
    /// key, another purpose, or changed bytes).
    pub(crate) fn unseal(&self, purpose: &str, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, Error> {
        if sealed.len() < 1 + NONCE_LEN + 16 || sealed[0] != VERSION {
            return Err(sealed_error(purpose));
        }
        let key = self.data_key()?;
        let nonce = Nonce::try_assume_unique_for_key(&sealed[1..1 + NONCE_LEN]).map_err(|_| sealed_error(purpose))?;
        let mut buf = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
        let n =
            key.open_in_place(nonce, Aad::from(purpose.as_bytes()), &mut buf).map_err(|_| sealed_error(purpose))?.len();
        buf.truncate(n);
        Ok(buf)
    }
}

/// What desk keeps in its data directory besides the database: only these are walked, so a PAYDESK_HOME
/// pointed at a folder that also holds the person's own files leaves those files' modes alone.
const DESK_ENTRIES_ON_DISK: &[&str] = &["pictures", "bills", "owners", "refund-batches", "audit-digests", "sandbox"];

/// Makes the data directory owner-only (0700) and the database files in it 0600 at once, then, with
/// `walk`, desk's own files and folders under it in the background (a large bills folder must not hold up
/// the first paint). Files made later inside stay unreachable to others through the folder's mode. No-op
/// off Unix (the per-user profile folder is already private there).
pub(crate) fn owner_only(home: &Path, walk: bool) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let set = |p: &Path, mode: u32| {
            if let Ok(m) = std::fs::symlink_metadata(p) {
                if !m.file_type().is_symlink() && m.permissions().mode() & 0o777 != mode {
                    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
                }
            }
        };
        set(home, 0o700);
        for f in ["paydesk.db", "paydesk.db-wal", "paydesk.db-shm"] {
            set(&home.join(f), 0o600);
        }
        if !walk {
            return;
        }
        let mut stack = Vec::new();
        for name in DESK_ENTRIES_ON_DISK {
            let p = home.join(name);
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.is_dir() => {
                    set(&p, 0o700);
                    stack.push(p);
                }
                Ok(m) if m.is_file() => set(&p, 0o600),
                _ => {}
            }
        }
        std::thread::spawn(move || {
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                for e in entries.flatten() {
                    let Ok(t) = e.file_type() else { continue };
                    if t.is_dir() {
                        set(&e.path(), 0o700);
                        stack.push(e.path());
                    } else if t.is_file() {
                        set(&e.path(), 0o600);
                    }
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = (home, walk);
}

/// Writes `bytes` to `path` readable by the owner only (0600 on Unix), through a temporary file renamed
/// into place.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let tmp = path.with_extension("part");
    let io = |e: std::io::Error| Error::new(ErrorCode::Io, format!("cannot write {}: {e}", path.display()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp).map_err(io)?;
    f.write_all(bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
