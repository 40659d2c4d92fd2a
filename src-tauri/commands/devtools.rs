//! Signing tool (like Huifu's online developer tool): the canonical string, a signature, a verification.
//! Pure functions of dougong; the private key typed here is used once and never stored or returned.

use dougong::canonical::request_string_from_json;
use dougong::keys::{PrivateKey, PublicKey};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ipc::{IpcError, IpcResult};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CanonicalReq {
    /// The request's `data` object as JSON text.
    pub data_json: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CanonicalRes {
    /// The exact string dg-sdk signs for that data (spec §2.3).
    pub canonical: String,
}

#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignReq {
    pub data_json: String,
    /// Bare base64 or PEM; never echoed back.
    pub private_key: String,
}

impl std::fmt::Debug for SignReq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignReq").field("data_json", &self.data_json).field("private_key", &"<redacted>").finish()
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignRes {
    pub canonical: String,
    /// SHA256withRSA over the canonical string, standard base64.
    pub signature: String,
    /// The matching public key in Huifu's bare base64 form, to hand to whoever verifies.
    pub public_key: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReq {
    pub data_json: String,
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VerifyRes {
    pub canonical: String,
    pub valid: bool,
}

fn canonical_of(data_json: &str) -> IpcResult<String> {
    request_string_from_json(data_json).map_err(|e| IpcError::invalid("dataJson", e.to_string()))
}

#[tauri::command]
pub fn devtools_canonical(req: CanonicalReq) -> IpcResult<CanonicalRes> {
    Ok(CanonicalRes { canonical: canonical_of(&req.data_json)? })
}

#[tauri::command]
pub fn devtools_sign(req: SignReq) -> IpcResult<SignRes> {
    let canonical = canonical_of(&req.data_json)?;
    let key = PrivateKey::from_text(&req.private_key).map_err(|e| IpcError::invalid("privateKey", e.to_string()))?;
    let signature = key.sign(canonical.as_bytes());
    Ok(SignRes { canonical, signature, public_key: key.public_key().to_bare_base64() })
}

#[tauri::command]
pub fn devtools_verify(req: VerifyReq) -> IpcResult<VerifyRes> {
    let canonical = canonical_of(&req.data_json)?;
    let key = PublicKey::from_text(&req.public_key).map_err(|e| IpcError::invalid("publicKey", e.to_string()))?;
    let valid = key.verify(canonical.as_bytes(), req.signature.trim());
    Ok(VerifyRes { canonical, valid })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify_roundtrips_and_a_changed_field_fails() {
        let key = PrivateKey::generate(1024).expect("1024-bit keygen for a quick test");
        let pem_free = key.to_bare_base64().to_string();
        let data = r#"{"req_seq_id":"x1","huifu_id":"6666000100000001","trans_amt":"0.01","empty":""}"#;
        let signed = devtools_sign(SignReq { data_json: data.into(), private_key: pem_free }).expect("sign");
        assert_eq!(
            signed.canonical, r#"{"huifu_id":"6666000100000001","req_seq_id":"x1","trans_amt":"0.01"}"#,
            "empty dropped, keys sorted"
        );
        let ok = devtools_verify(VerifyReq {
            data_json: data.into(),
            public_key: signed.public_key.clone(),
            signature: signed.signature.clone(),
        })
        .expect("verify");
        assert!(ok.valid, "signature over the same data must verify");
        let changed = data.replace("0.01", "0.02");
        let bad = devtools_verify(VerifyReq {
            data_json: changed,
            public_key: signed.public_key,
            signature: signed.signature,
        })
        .expect("verify");
        assert!(!bad.valid, "a changed amount must not verify");
    }

    #[test]
    fn bad_inputs_name_their_field() {
        let e = devtools_canonical(CanonicalReq { data_json: "[1]".into() }).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("dataJson"), "non-object data is the data field's fault");
        let e = devtools_sign(SignReq { data_json: "{}".into(), private_key: "not a key".into() }).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("privateKey"), "a bad key is the key field's fault");
        assert!(!e.message.contains("not a key"), "key text never appears in errors");
    }
}
