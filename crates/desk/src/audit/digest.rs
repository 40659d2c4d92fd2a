//! Signed digests of the audit log (like CloudTrail's digest files): a summary of every row up to now,
//! signed with an Ed25519 key kept in the OS keychain, that anyone can check later with the public key
//! alone — a digest made yesterday still verifies today's longer log, and fails when a row it covers was
//! changed.
//!
//! The file is JSON `{payload, signature, publicKeyPem}`: `payload` is the exact text signed (itself JSON,
//! [`DigestPayload`]), `signature` its base64 Ed25519 signature, `publicKeyPem` the signer's key (X.509
//! SPKI). Outside Paydesk: write `payload` to a file and `openssl pkeyutl -verify -pubin -inkey key.pem
//! -rawin -in payload.txt -sigfile sig.bin`. A row's bytes are its fields, each as a little-endian u64
//! length then UTF-8 text, in this order: prev_hash, seq, at, profile, endpoint, merchant, req_seq_id,
//! request, response, key_id, sign_hash, outcome, resp_code, error, duration_ms, row_hash (absent = empty).

use std::sync::Arc;

use base64::Engine as _;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::chain::{encode, AuditChain, DESK_ENTRIES};
use super::from_row;
use super::verify::{AuditProblem, AuditProblemKind};
use crate::error::{Error, ErrorCode};
use crate::keychain::KeySlot;
use crate::secret::Secret;
use crate::store::Store;

/// Rows per block: a changed row is named to within this many.
pub const BLOCK_ROWS: i64 = 1000;
const FORMAT: &str = "paydesk-audit-digest/1";
/// Ed25519 SubjectPublicKeyInfo DER before the 32 key bytes (RFC 8410).
const SPKI_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// One block of rows in a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DigestBlock {
    pub from_seq: i64,
    pub to_seq: i64,
    /// SHA-256 (hex) of the rows' bytes, in order.
    pub sha256: String,
}

/// What a digest vouches for (the signed text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DigestPayload {
    pub format: String,
    /// The data directory's keychain namespace (which desk made it).
    pub install: String,
    pub created_at: String,
    /// Rows 1..=rows are covered.
    pub rows: i64,
    pub last_row_hash: String,
    /// SHA-256 (hex) of every covered row's bytes, in order.
    pub log_sha256: String,
    pub blocks: Vec<DigestBlock>,
    /// First 16 hex of SHA-256 of the raw public key.
    pub key_id: String,
}

/// A digest file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DigestFile {
    pub payload: String,
    pub signature: String,
    pub public_key_pem: String,
}

/// The result of checking the log against a digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DigestCheck {
    pub ok: bool,
    /// When the digest was made.
    pub created_at: String,
    /// Rows it covers.
    pub rows: i64,
    pub key_id: String,
    pub problems: Vec<AuditProblem>,
}

fn key_id(raw: &[u8]) -> String {
    hex::encode(Sha256::digest(raw))[..16].to_string()
}

/// The PEM (X.509 SPKI) of a raw Ed25519 public key.
pub fn public_key_pem(raw: &[u8]) -> String {
    let der = [SPKI_PREFIX.as_slice(), raw].concat();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(der)
    )
}

/// The raw key in a PEM (or bare base64) Ed25519 public key. Errors: `InvalidInput` on `public_key`.
pub fn parse_public_key(text: &str) -> Result<Vec<u8>, Error> {
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect::<Vec<_>>().join("");
    let der = base64::engine::general_purpose::STANDARD
        .decode(body.trim())
        .map_err(|_| Error::invalid("public_key", "is not a PEM or base64 public key"))?;
    match der.strip_prefix(SPKI_PREFIX.as_slice()) {
        Some(raw) if raw.len() == 32 => Ok(raw.to_vec()),
        _ if der.len() == 32 => Ok(der),
        _ => Err(Error::invalid("public_key", "is not an Ed25519 public key")),
    }
}

impl AuditChain {
    /// The digest signing key, made on first use. Errors: `Keychain`.
    fn signing_key(&self) -> Result<Ed25519KeyPair, Error> {
        let bad = |_| Error::new(ErrorCode::Keychain, "the audit signing key in the keychain is unreadable");
        if let Some(s) = self.keychain.retrieve(DESK_ENTRIES, KeySlot::AuditSigningKey)? {
            let der = base64::engine::general_purpose::STANDARD
                .decode(s.expose().trim())
                .map_err(|_| Error::new(ErrorCode::Keychain, "the audit signing key is not base64"))?;
            return Ed25519KeyPair::from_pkcs8(&der).map_err(bad);
        }
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new())
            .map_err(|_| Error::new(ErrorCode::Internal, "cannot make a signing key"))?;
        self.keychain.persist(
            DESK_ENTRIES,
            KeySlot::AuditSigningKey,
            &Secret::new(base64::engine::general_purpose::STANDARD.encode(pkcs8.as_ref())),
        )?;
        Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).map_err(bad)
    }

    /// This desk's digest public key (PEM), if it has signed a digest. Errors: `Keychain`.
    pub fn digest_public_key(&self) -> Result<Option<String>, Error> {
        if self.keychain.retrieve(DESK_ENTRIES, KeySlot::AuditSigningKey)?.is_none() {
            return Ok(None);
        }
        Ok(Some(public_key_pem(self.signing_key()?.public_key().as_ref())))
    }
}

/// Hashes rows 1..=`upto` (all when `None`) block by block. Returns (rows, last row_hash, log hash, blocks).
fn summarise(store: &Store, upto: Option<i64>) -> Result<(i64, String, String, Vec<DigestBlock>), Error> {
    store.with_conn(|c| {
        let mut st = c.prepare("SELECT * FROM audit_log WHERE seq <= ?1 ORDER BY seq")?;
        let mut rows = st.query([upto.unwrap_or(i64::MAX)])?;
        let (mut all, mut block) = (Sha256::new(), Sha256::new());
        let (mut n, mut last, mut from) = (0i64, String::new(), 1i64);
        let mut blocks = Vec::new();
        while let Some(r) = rows.next()? {
            let row = from_row(r)?;
            let bytes = encode(&row, true);
            all.update(&bytes);
            block.update(&bytes);
            n = row.seq;
            last = row.row_hash;
            if n % BLOCK_ROWS == 0 {
                blocks.push(DigestBlock {
                    from_seq: from,
                    to_seq: n,
                    sha256: hex::encode(std::mem::take(&mut block).finalize()),
                });
                from = n + 1;
            }
        }
        if n >= from {
            blocks.push(DigestBlock { from_seq: from, to_seq: n, sha256: hex::encode(block.finalize()) });
        }
        Ok((n, last, hex::encode(all.finalize()), blocks))
    })
}

/// Makes a signed digest of every row up to now (after the pending ones are anchored). `now` is RFC 3339.
///
/// Errors: `Keychain` (the signing key), `Storage`.
pub fn make(store: &Store, chain: &Arc<AuditChain>, install: &str, now: &str) -> Result<DigestFile, Error> {
    chain.flush();
    let key = chain.signing_key()?;
    let (rows, last_row_hash, log_sha256, blocks) = summarise(store, None)?;
    let raw = key.public_key().as_ref().to_vec();
    let payload = DigestPayload {
        format: FORMAT.into(),
        install: install.into(),
        created_at: now.into(),
        rows,
        last_row_hash,
        log_sha256,
        blocks,
        key_id: key_id(&raw),
    };
    let text = serde_json::to_string_pretty(&payload)?;
    let signature = base64::engine::general_purpose::STANDARD.encode(key.sign(text.as_bytes()).as_ref());
    Ok(DigestFile { payload: text, signature, public_key_pem: public_key_pem(&raw) })
}

/// Checks the log against `file`, trusting only `trusted_pem` (someone else's check), or else this desk's
/// own digest key. The signature must verify under that key; then every row the digest covers must still
/// hash to what it says. Rows written after the digest are not its business (`paydesk audit verify`).
///
/// Errors: `InvalidInput` (`digest`: not a digest file; `public_key`: unreadable, or none to trust),
/// `Keychain`, `Storage`.
pub fn check(
    store: &Store,
    chain: &Arc<AuditChain>,
    file: &DigestFile,
    trusted_pem: Option<&str>,
) -> Result<DigestCheck, Error> {
    let trusted = match trusted_pem {
        Some(p) => parse_public_key(p)?,
        None => match chain.digest_public_key()? {
            Some(p) => parse_public_key(&p)?,
            None => {
                return Err(Error::invalid(
                    "public_key",
                    "this desk has never signed a digest: give the public key to trust (--public-key)",
                ))
            }
        },
    };
    let sig = base64::engine::general_purpose::STANDARD
        .decode(file.signature.trim())
        .map_err(|_| Error::invalid("digest", "its signature is not base64"))?;
    let payload: DigestPayload = serde_json::from_str(&file.payload)
        .map_err(|e| Error::invalid("digest", format!("not a Paydesk audit digest: {e}")))?;
    let mut problems = Vec::new();
    if UnparsedPublicKey::new(&ED25519, &trusted).verify(file.payload.as_bytes(), &sig).is_err() {
        let why = if parse_public_key(&file.public_key_pem).ok().as_deref() != Some(trusted.as_slice()) {
            format!("the digest was signed by key {}, not the trusted key {}", payload.key_id, key_id(&trusted))
        } else {
            "the digest's signature does not verify: the digest file was altered".into()
        };
        problems.push(AuditProblem { kind: AuditProblemKind::Unverifiable, seq: 0, message: why });
        return Ok(DigestCheck {
            ok: false,
            created_at: payload.created_at,
            rows: payload.rows,
            key_id: payload.key_id,
            problems,
        });
    }
    if payload.format != FORMAT {
        return Err(Error::invalid("digest", format!("format {:?} is not {FORMAT}", payload.format)));
    }
    chain.flush();
    let (have, _, log_sha256, blocks) = summarise(store, Some(payload.rows))?;
    let when = &payload.created_at;
    if have < payload.rows {
        let kind = if have == 0 { AuditProblemKind::Wiped } else { AuditProblemKind::Truncated };
        problems.push(AuditProblem {
            kind,
            seq: have + 1,
            message: format!("rows {}..{} are gone: the digest of {when} covers them", have + 1, payload.rows),
        });
    }
    if log_sha256 != payload.log_sha256 {
        match payload.blocks.iter().zip(&blocks).find(|(want, got)| want != got) {
            Some((want, _)) => problems.push(AuditProblem {
                kind: AuditProblemKind::Edited,
                seq: want.from_seq,
                message: format!(
                    "rows {}..{} differ from the digest of {when}: a row among them was edited, inserted or deleted",
                    want.from_seq, want.to_seq
                ),
            }),
            None if problems.is_empty() => problems.push(AuditProblem {
                kind: AuditProblemKind::Edited,
                seq: payload.rows,
                message: format!("the rows up to {} differ from the digest of {when}", payload.rows),
            }),
            None => {}
        }
    }
    Ok(DigestCheck {
        ok: problems.is_empty(),
        created_at: payload.created_at,
        rows: payload.rows,
        key_id: payload.key_id,
        problems,
    })
}
