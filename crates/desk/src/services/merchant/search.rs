//! Finding a merchant in one step: by name, short name, huifu_id, licence (or ID) number or contact phone.
//!
//! Company names and huifu_ids are not personal data and are matched as text. A person's full name, an ID
//! or licence number and a phone are never stored in clear (the index shows an individual as "李*"): each
//! is kept as a keyed hash, HMAC-SHA256 over "<kind>:<normalised value>" with a key that lives in the OS
//! keychain, so the full value typed into the search finds the merchant while the database alone gives
//! nothing away (a phone number's 10^8 guesses need the key). The same index stops a second onboarding of
//! a licence number already known ([`Desk::merchant_by_licence`]).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use rusqlite::params;

use crate::error::Error;
use crate::keychain::KeySlot;
use crate::services::merchant::Merchant;
use crate::Desk;

/// What a token was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A person's full name (individual merchants, legal persons).
    Name,
    ShortName,
    /// Unified social credit code.
    Licence,
    /// ID card number.
    Cert,
    Phone,
}

impl TokenKind {
    const ALL: [TokenKind; 5] =
        [TokenKind::Name, TokenKind::ShortName, TokenKind::Licence, TokenKind::Cert, TokenKind::Phone];

    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Name => "name",
            TokenKind::ShortName => "short_name",
            TokenKind::Licence => "licence",
            TokenKind::Cert => "cert",
            TokenKind::Phone => "phone",
        }
    }
}

/// Spaces removed, ASCII upper-cased, full-width digits and letters folded: "李 四" and "李四", "91350100m…"
/// and "91350100M…", "１３８…" and "138…" make the same token.
pub fn normalise(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The search key, per keychain namespace, read (or made) once per process.
static KEYS: LazyLock<Mutex<HashMap<String, ring::hmac::Key>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

const KEY_OWNER: &str = "_desk";

impl Desk {
    fn search_key(&self) -> Result<ring::hmac::Key, Error> {
        let service = self.keychain().service().to_string();
        if let Some(k) = KEYS.lock().unwrap_or_else(|p| p.into_inner()).get(&service) {
            return Ok(k.clone());
        }
        let secret = match self.keychain().retrieve(KEY_OWNER, KeySlot::SearchKey)? {
            Some(s) => s,
            None => {
                let fresh = crate::Secret::new(hex::encode(rand::random::<[u8; 32]>()));
                self.keychain().persist(KEY_OWNER, KeySlot::SearchKey, &fresh)?;
                fresh
            }
        };
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.expose().as_bytes());
        KEYS.lock().unwrap_or_else(|p| p.into_inner()).insert(service, key.clone());
        Ok(key)
    }

    fn token(key: &ring::hmac::Key, kind: TokenKind, value: &str) -> String {
        hex::encode(ring::hmac::sign(key, format!("{}:{}", kind.as_str(), normalise(value)).as_bytes()).as_ref())
    }

    /// Adds search tokens for `huifu_id` (empty values are skipped). Errors: `Keychain` (the key cannot be
    /// read or made), `Storage`.
    pub fn index_merchant(&self, profile: &str, huifu_id: &str, values: &[(TokenKind, &str)]) -> Result<(), Error> {
        let key = self.search_key()?;
        self.store().with_tx(|tx| {
            for (kind, v) in values.iter().filter(|(_, v)| !normalise(v).is_empty()) {
                tx.execute(
                    "INSERT OR IGNORE INTO merchant_tokens(profile, huifu_id, kind, token) VALUES (?1, ?2, ?3, ?4)",
                    params![profile, huifu_id, kind.as_str(), Desk::token(&key, *kind, v)],
                )?;
            }
            Ok(())
        })
    }

    /// Like [`Desk::index_merchant`], for callers whose own job must not fail when the keychain is locked:
    /// the merchant is then only found by name and huifu_id, and the reason is logged.
    pub(crate) fn index_merchant_best_effort(&self, profile: &str, huifu_id: &str, values: &[(TokenKind, &str)]) {
        if let Err(e) = self.index_merchant(profile, huifu_id, values) {
            tracing::warn!(huifu_id, "merchant search tokens not written: {}", e.message);
        }
    }

    /// Merchants of `profile` matching `q`: huifu_id, name or short name containing it, or a full name,
    /// licence / ID number or phone equal to it. Newest first. An empty `q` lists every merchant.
    /// Errors: `Storage`. A keychain that cannot be read only narrows the search to the text columns.
    pub fn search_merchants(&self, profile: &str, q: &str) -> Result<Vec<Merchant>, Error> {
        let all = self.list_merchants(profile)?;
        let q = q.trim();
        if q.is_empty() {
            return Ok(all);
        }
        let lower = q.to_lowercase();
        let mut hits: Vec<String> = all
            .iter()
            .filter(|m| {
                m.huifu_id.contains(q)
                    || m.name.to_lowercase().contains(&lower)
                    || m.short_name.to_lowercase().contains(&lower)
            })
            .map(|m| m.huifu_id.clone())
            .collect();
        match self.search_key() {
            Ok(key) => {
                let tokens: Vec<String> = TokenKind::ALL.iter().map(|k| Desk::token(&key, *k, q)).collect();
                let found: Vec<String> = self.store().with_conn(|c| {
                    let mut st =
                        c.prepare("SELECT DISTINCT huifu_id FROM merchant_tokens WHERE profile = ?1 AND token = ?2")?;
                    let mut out = Vec::new();
                    for t in &tokens {
                        out.extend(
                            st.query_map(params![profile, t], |r| r.get::<_, String>(0))?
                                .collect::<Result<Vec<_>, _>>()?,
                        );
                    }
                    Ok(out)
                })?;
                hits.extend(found);
            }
            Err(e) => tracing::warn!("merchant search by personal data unavailable: {}", e.message),
        }
        Ok(all.into_iter().filter(|m| hits.contains(&m.huifu_id)).collect())
    }

    /// The merchant of `profile` already onboarded with this licence (or, for individuals, ID) number.
    /// Errors: `Keychain`, `Storage`.
    pub fn merchant_by_licence(&self, profile: &str, kind: TokenKind, number: &str) -> Result<Option<String>, Error> {
        let token = Desk::token(&self.search_key()?, kind, number);
        self.store().with_conn(|c| {
            use rusqlite::OptionalExtension;
            Ok(c.query_row(
                "SELECT huifu_id FROM merchant_tokens WHERE profile = ?1 AND kind = ?2 AND token = ?3 LIMIT 1",
                params![profile, kind.as_str(), token],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    /// Stops a second onboarding of a company (or person) this desk already onboarded: `InvalidInput` on
    /// `field` naming the first merchant. A retry of the same application (its req_seq_id already in the
    /// journal) passes, so it gets its first answer back. A keychain that cannot be read lets it pass (Huifu
    /// still has the last word) and logs why.
    pub(crate) fn refuse_known_licence(
        &self,
        profile: &str,
        req_seq_id: &str,
        field: &str,
        kind: TokenKind,
        number: &str,
    ) -> Result<(), Error> {
        if crate::journal::get(self.store(), profile, req_seq_id)?.is_some() {
            return Ok(());
        }
        match self.merchant_by_licence(profile, kind, number) {
            Ok(Some(h)) => Err(Error::problem(field, crate::vocab::Problem::LicenceKnown, &[("huifu_id", h)])),
            Ok(None) => Ok(()),
            Err(e) => {
                tracing::warn!("duplicate onboarding check skipped: {}", e.message);
                Ok(())
            }
        }
    }

    /// Takes `huifu_id` out of this desk's index (its steps and search tokens too). Huifu keeps the
    /// merchant: a lookup by huifu_id brings it back. Errors: `NotFound`, `Storage`.
    pub fn remove_merchant(&self, profile: &str, huifu_id: &str) -> Result<(), Error> {
        self.merchant(profile, huifu_id)?;
        self.store().with_tx(|tx| {
            tx.execute("DELETE FROM merchant_tokens WHERE profile = ?1 AND huifu_id = ?2", params![profile, huifu_id])?;
            tx.execute("DELETE FROM merchant_steps WHERE profile = ?1 AND huifu_id = ?2", params![profile, huifu_id])?;
            tx.execute("DELETE FROM merchants WHERE profile = ?1 AND huifu_id = ?2", params![profile, huifu_id])?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_folds_what_a_person_types_differently() {
        assert_eq!(normalise(" 李 四 "), "李四");
        assert_eq!(normalise("91350100m000100y43"), "91350100M000100Y43");
        assert_eq!(normalise("１３８ 1234 5678"), "13812345678");
    }
}
