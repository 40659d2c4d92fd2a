//! Form drafts (onboarding, realname, the merchant pages): what a person typed is kept between sessions so
//! nothing is lost, but it holds ID numbers, card numbers, mobiles and addresses, so it lives in the desk
//! store sealed with the data key ([`crate::at_rest`]) — never in the web view's storage. Deleting a draft
//! also removes the photos it had staged.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::clock::rfc3339;
use crate::error::Error;
use crate::Desk;

/// The largest draft kept (a form with its staged photos' paths is a few KB).
pub const MAX_DRAFT_BYTES: usize = 1024 * 1024;

/// A draft as the UI hands it over.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftValue {
    /// Whatever the form keeps (its values and the fixed req_seq_id).
    #[ts(type = "unknown")]
    pub value: Value,
}

fn check_key(key: &str) -> Result<(), Error> {
    if key.is_empty() || key.len() > 200 || key.chars().any(char::is_control) {
        return Err(Error::invalid("key", "a draft key is 1 to 200 printable characters"));
    }
    Ok(())
}

fn purpose(key: &str) -> String {
    format!("draft:{key}")
}

impl Desk {
    /// Keeps `value` as the draft `key`, sealed. Errors: `InvalidInput` (`key`, or a draft over 1 MB),
    /// `Keychain`, `Storage`.
    pub fn save_draft(&self, key: &str, value: &Value) -> Result<(), Error> {
        check_key(key)?;
        let text = zeroize::Zeroizing::new(serde_json::to_vec(value)?);
        if text.len() > MAX_DRAFT_BYTES {
            return Err(Error::invalid("value", format!("a draft may be at most {} KB", MAX_DRAFT_BYTES / 1024)));
        }
        let sealed = self.seal(&purpose(key), &text)?;
        let now = rfc3339(self.now());
        self.store().with_conn(|c| {
            c.execute(
                "INSERT INTO drafts(key, sealed, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
                rusqlite::params![key, sealed, now],
            )?;
            Ok(())
        })
    }

    /// The draft `key`, if one is kept. Errors: `InvalidInput`, `Keychain`, `Storage` (sealed with a key no
    /// longer in the keychain).
    pub fn load_draft(&self, key: &str) -> Result<Option<Value>, Error> {
        check_key(key)?;
        let sealed: Option<Vec<u8>> = self.store().with_conn(|c| {
            use rusqlite::OptionalExtension;
            Ok(c.query_row("SELECT sealed FROM drafts WHERE key = ?1", [key], |r| r.get(0)).optional()?)
        })?;
        let Some(sealed) = sealed else { return Ok(None) };
        let plain = self.unseal(&purpose(key), &sealed)?;
        Ok(Some(serde_json::from_slice(&plain)?))
    }

    /// Forgets the draft `key` and removes the photos it staged (sealed files under `<home>/pictures`).
    /// Forgetting what is not there is fine. Errors: `InvalidInput`, `Storage`.
    pub fn delete_draft(&self, key: &str) -> Result<(), Error> {
        check_key(key)?;
        // Its staged photos go with it. A draft that cannot be opened any more (its key gone from the
        // keychain) cannot name them: they stay, sealed with that lost key (nothing sweeps them yet).
        if let Ok(Some(v)) = self.load_draft(key) {
            self.remove_staged_in(&v);
        }
        self.store().with_conn(|c| {
            c.execute("DELETE FROM drafts WHERE key = ?1", [key])?;
            Ok(())
        })
    }

    /// Removes every staged photo named anywhere in `v` (strings that are paths of sealed files under
    /// `<home>/pictures`; nothing else is touched).
    pub(crate) fn remove_staged_in(&self, v: &Value) {
        match v {
            Value::String(s) => self.remove_staged(s),
            Value::Array(a) => a.iter().for_each(|x| self.remove_staged_in(x)),
            Value::Object(m) => m.values().for_each(|x| self.remove_staged_in(x)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_checked_and_big_drafts_refused() {
        assert!(check_key("onboarding.ent").is_ok());
        assert!(check_key("realname.wechat.6666000100000001").is_ok());
        assert_eq!(check_key("").unwrap_err().field.as_deref(), Some("key"));
        assert_eq!(check_key("a\nb").unwrap_err().field.as_deref(), Some("key"));
        let dir = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(dir.path()).unwrap();
        let e = desk.save_draft("big", &json!({"x": "a".repeat(MAX_DRAFT_BYTES)})).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("value"));
    }
}
