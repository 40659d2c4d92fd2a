//! Profiles: which account the app talks to. The active one is pushed as the `profile-changed` event so the
//! header, the menu (sandbox page) and every page follow a switch at once.

use serde::Deserialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use desk::{KeyCheck, KeyImport, KeyInfo, NewProfile, Profile, ProfileChanges, Secret};

use crate::ipc::{IpcError, IpcResult};
use crate::state::AppState;

/// Event name: the active profile changed (payload: the new active [`Profile`]).
pub const PROFILE_CHANGED: &str = "profile-changed";

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileName {
    pub name: String,
}

#[tauri::command]
pub fn profile_active(state: State<'_, AppState>) -> IpcResult<Profile> {
    state.active()
}

#[tauri::command]
pub fn profile_list(state: State<'_, AppState>) -> IpcResult<Vec<Profile>> {
    Ok(state.desk.list_profiles()?)
}

#[tauri::command]
pub fn profile_activate(app: AppHandle, state: State<'_, AppState>, req: ProfileName) -> IpcResult<Profile> {
    let p = state.desk.set_active_profile(&req.name)?;
    let _ = app.emit(PROFILE_CHANGED, &p);
    Ok(p)
}

/// The person said yes to one write against the named production profile (see `AppState::profile_for_write`).
#[tauri::command]
pub fn profile_confirm_prod_write(state: State<'_, AppState>, req: ProfileName) -> IpcResult<()> {
    state.confirm_prod_write(&req.name);
    Ok(())
}

// ---- Profiles and keys page ----------------------------------------------------------------------------
// Changing a production profile's keys, or deleting it, takes the same one-shot confirmation as a write
// sent to production (a wrong key stops live payments). Key text goes one way only: pasted (or read here from a file the person chose in the native dialog) into
// desk, which keeps it in the keychain. Answers carry fingerprints and public keys, never private text.

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileUpdate {
    pub name: String,
    pub changes: ProfileChanges,
}

/// Keys of a dougong profile: each key pasted as text, or the path of a PEM file chosen in the dialog.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeysReq {
    pub name: String,
    #[ts(optional)]
    pub private_key: Option<String>,
    #[ts(optional)]
    pub private_key_path: Option<String>,
    #[ts(optional)]
    pub merchant_public_key: Option<String>,
    #[ts(optional)]
    pub huifu_public_key: Option<String>,
    #[ts(optional)]
    pub huifu_public_key_path: Option<String>,
}

impl std::fmt::Debug for KeysReq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeysReq").field("name", &self.name).field("private_key", &"<redacted>").finish_non_exhaustive()
    }
}

/// Huifu's public key alone (after Huifu rotates it): pasted or from a file.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HuifuKeyReq {
    pub name: String,
    #[ts(optional)]
    pub text: Option<String>,
    #[ts(optional)]
    pub path: Option<String>,
}

/// Keys of a 慧收钱 / MD5-gateway profile. Files (the .pfx, the platform .cer) are read here.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AcquirerKeysReq {
    pub name: String,
    #[ts(optional)]
    pub pfx_path: Option<String>,
    #[ts(optional)]
    pub pfx_password: Option<String>,
    #[ts(optional)]
    pub private_key_pem: Option<String>,
    #[ts(optional)]
    pub platform_cert: Option<String>,
    #[ts(optional)]
    pub platform_cert_path: Option<String>,
    #[ts(optional)]
    pub sign_key: Option<String>,
    #[ts(optional)]
    pub md5_key: Option<String>,
}

impl std::fmt::Debug for AcquirerKeysReq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AcquirerKeysReq")
            .field("name", &self.name)
            .field("pfx_path", &self.pfx_path)
            .finish_non_exhaustive()
    }
}

/// The file's bytes; an unreadable file is an error on `field` (the path is the person's own choice).
fn read_file(field: &str, path: &str) -> IpcResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| IpcError {
        field: Some(field.into()),
        ..IpcError::new(desk::ErrorCode::Io, format!("{field}: cannot read {path}: {e}"))
    })
}

/// Text pasted, or the text of the chosen file (a file wins: choosing it is the later act).
fn text_or_file(field: &str, text: Option<String>, path: Option<String>) -> IpcResult<Option<String>> {
    match path.filter(|p| !p.is_empty()) {
        Some(p) => String::from_utf8(read_file(field, &p)?).map(Some).map_err(|_| IpcError {
            field: Some(field.into()),
            ..IpcError::new(desk::ErrorCode::KeyInvalid, format!("{field}: the file is not a PEM text file"))
        }),
        None => Ok(text),
    }
}

impl KeysReq {
    fn into_import(self) -> IpcResult<(String, KeyImport)> {
        let private = text_or_file("private_key", self.private_key, self.private_key_path)?.unwrap_or_default();
        let huifu = text_or_file("huifu_public_key", self.huifu_public_key, self.huifu_public_key_path)?;
        Ok((
            self.name,
            KeyImport {
                private_key: Secret::new(private),
                merchant_public_key: self.merchant_public_key,
                huifu_public_key: huifu,
            },
        ))
    }
}

impl AcquirerKeysReq {
    fn into_import(self) -> IpcResult<(String, desk::acquiring::AcquirerKeyImport)> {
        use base64::Engine as _;
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(bytes);
        let pfx = match self.pfx_path.filter(|p| !p.is_empty()) {
            Some(p) => Some(Secret::new(b64(read_file("pfx", &p)?))),
            None => None,
        };
        let cert = match self.platform_cert_path.filter(|p| !p.is_empty()) {
            Some(p) => {
                let bytes = read_file("platform_cert", &p)?;
                Some(if bytes.starts_with(b"-----BEGIN") {
                    String::from_utf8_lossy(&bytes).into_owned()
                } else {
                    b64(bytes)
                })
            }
            None => self.platform_cert,
        };
        let secret = |s: Option<String>| s.filter(|s| !s.trim().is_empty()).map(Secret::new);
        Ok((
            self.name,
            desk::acquiring::AcquirerKeyImport {
                pfx_base64: pfx,
                pfx_password: self.pfx_password.map(Secret::new),
                private_key_pem: secret(self.private_key_pem),
                platform_cert: cert,
                sign_key: secret(self.sign_key),
                md5_key: secret(self.md5_key),
            },
        ))
    }
}

#[tauri::command]
pub fn profile_create(state: State<'_, AppState>, req: NewProfile) -> IpcResult<Profile> {
    Ok(state.desk.create_profile(req)?)
}

/// What saving these changes would change about where the profile's requests go (the form asks the
/// person about it first); `None` when nothing.
#[tauri::command]
pub fn profile_destination_change(
    state: State<'_, AppState>,
    req: ProfileUpdate,
) -> IpcResult<Option<desk::profile::DestinationChange>> {
    Ok(desk::profile::destination_change(&state.desk.profile(&req.name)?, &req.changes))
}

#[tauri::command]
pub fn profile_update(app: AppHandle, state: State<'_, AppState>, req: ProfileUpdate) -> IpcResult<Profile> {
    let mut changes = req.changes;
    if desk::profile::destination_change(&state.desk.profile(&req.name)?, &changes).is_some() {
        state.confirmed_change(&req.name)?;
        changes.destination_confirmed = true;
    }
    let p = state.desk.update_profile(&req.name, changes)?;
    if state.active()?.name == p.name {
        let _ = app.emit(PROFILE_CHANGED, &p);
    }
    Ok(p)
}

/// Deletes a profile and its keys; when it was the active one, the sandbox becomes active (and the header
/// follows).
#[tauri::command]
pub fn profile_delete(app: AppHandle, state: State<'_, AppState>, req: ProfileName) -> IpcResult<()> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    let was_active = state.active()?.name == req.name;
    state.desk.delete_profile(&req.name)?;
    if was_active {
        let _ = app.emit(PROFILE_CHANGED, &state.active()?);
    }
    Ok(())
}

#[tauri::command]
pub fn profile_key_info(state: State<'_, AppState>, req: ProfileName) -> IpcResult<KeyInfo> {
    Ok(state.desk.key_info(&req.name)?)
}

/// Every check of an import, nothing stored: the page shows the fingerprint and the pair check first.
#[tauri::command]
pub fn profile_keys_check(state: State<'_, AppState>, req: KeysReq) -> IpcResult<KeyCheck> {
    let (name, keys) = req.into_import()?;
    Ok(state.desk.check_keys(&name, &keys)?)
}

#[tauri::command]
pub fn profile_keys_import(state: State<'_, AppState>, req: KeysReq) -> IpcResult<KeyInfo> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    let (name, keys) = req.into_import()?;
    Ok(state.desk.import_keys(&name, keys)?)
}

/// A new 2048-bit pair; the answer holds the public key to upload to Huifu's console, never the private.
#[tauri::command]
pub async fn profile_key_generate(state: State<'_, AppState>, req: ProfileName) -> IpcResult<KeyInfo> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    let desk = state.desk.clone();
    let r = tauri::async_runtime::spawn_blocking(move || desk.generate_key(&req.name)).await;
    Ok(r.map_err(|e| IpcError::new(desk::ErrorCode::Internal, e.to_string()))??)
}

#[tauri::command]
pub fn profile_huifu_key_set(state: State<'_, AppState>, req: HuifuKeyReq) -> IpcResult<KeyInfo> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    let text = text_or_file("huifu_public_key", req.text, req.path)?.unwrap_or_default();
    Ok(state.desk.set_huifu_public_key(&req.name, &text)?)
}

#[tauri::command]
pub fn profile_keys_delete(state: State<'_, AppState>, req: ProfileName) -> IpcResult<KeyInfo> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    Ok(state.desk.delete_keys(&req.name)?)
}

/// 慧收钱 / MD5-gateway keys: checked all together, stored only when all parse.
#[tauri::command]
pub fn profile_acquirer_keys_import(state: State<'_, AppState>, req: AcquirerKeysReq) -> IpcResult<KeyInfo> {
    state.confirmed_for(&state.desk.profile(&req.name)?)?;
    let (name, keys) = req.into_import()?;
    state.desk.import_acquirer_keys(&name, keys)?;
    Ok(state.desk.key_info(&name)?)
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DefaultUrlReq {
    pub acquirer: desk::Acquirer,
    pub environment: desk::Environment,
}

/// The base URL a new profile gets when the field is left empty (shown as the field's placeholder).
#[tauri::command]
pub fn profile_default_url(req: DefaultUrlReq) -> IpcResult<Option<String>> {
    Ok(desk::profile::default_base_url(req.acquirer, req.environment).map(str::to_string))
}

/// "Test connection": one harmless signed read with the named profile (never a write), answered as ok,
/// the acquirer's refusal with its hint, or a network / key problem.
#[tauri::command]
pub async fn profile_test_connection(
    state: State<'_, AppState>,
    req: ProfileName,
) -> IpcResult<desk::profile::probe::ConnectionTest> {
    let p = state.desk.profile(&req.name)?;
    Ok(state.desk.test_connection(&p).await)
}
