//! What the shell keeps in Tauri's managed state: the one [`desk::Desk`] (opened in `setup`, shared by
//! every command), the one-shot confirmation a production write needs, and the start-up work's status.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use desk::{Desk, ErrorCode, Profile};

use crate::ipc::{IpcError, IpcResult};

/// How long a "yes, send to production" stays valid: long enough for the click that asked, too short to
/// cover a later, unrelated write.
const PROD_CONFIRMATION_TTL: Duration = Duration::from_secs(60);

pub struct AppState {
    pub desk: Desk,
    prod_confirmed: Mutex<Option<(String, Instant)>>,
    /// Running notification receivers by listen address (the notifications page starts and stops them).
    pub receivers: tauri::async_runtime::Mutex<std::collections::HashMap<String, desk::notify::NotifyReceiver>>,
    /// Why a receiver could not start, by listen address (src-tauri/receivers.rs; the page shows it).
    pub(crate) receiver_failures: Mutex<std::collections::HashMap<String, String>>,
    /// The work that waits until the window has painted (src-tauri/startup.rs).
    pub startup: crate::startup_status::Startup,
}

impl AppState {
    pub fn new(desk: Desk) -> AppState {
        let startup = crate::startup_status::Startup::new(crate::startup_status::open_writes(&desk));
        AppState {
            desk,
            prod_confirmed: Mutex::new(None),
            receivers: Default::default(),
            receiver_failures: Default::default(),
            startup,
        }
    }

    /// The active profile.
    pub fn active(&self) -> IpcResult<Profile> {
        Ok(self.desk.active_profile()?)
    }

    /// The active profile for a write. A production profile needs a confirmation given by
    /// `profile_confirm_prod_write` for this profile within the last minute; each confirmation covers one write.
    /// The UI asks first (ui/src/ipc/writeGuard.tsx); this is the shell's own check that it did.
    pub fn profile_for_write(&self) -> IpcResult<Profile> {
        let p = self.active()?;
        self.confirmed_for(&p)?;
        Ok(p)
    }

    /// Uses up the confirmation for a write against `p` when it is a production profile (acquirer writes
    /// through `profile_for_write`; changes to the profile's own keys or its deletion directly). Non-prod
    /// profiles pass at once.
    pub fn confirmed_for(&self, p: &Profile) -> IpcResult<()> {
        if !p.is_prod() {
            return Ok(());
        }
        let mut armed = self.prod_confirmed.lock().unwrap_or_else(|e| e.into_inner());
        match armed.take() {
            Some((name, at)) if name == p.name && at.elapsed() < PROD_CONFIRMATION_TTL => Ok(()),
            _ => Err(IpcError::new(
                ErrorCode::ConfirmationRequired,
                format!("a write against production profile {} needs your confirmation first", p.name),
            )),
        }
    }

    /// Uses up the confirmation for `profile` whatever its environment: a change of where a profile's
    /// requests go (its label or URL) is always asked about (ui/src/pages/profile/ProfileForm.tsx).
    pub fn confirmed_change(&self, profile: &str) -> IpcResult<()> {
        let mut armed = self.prod_confirmed.lock().unwrap_or_else(|e| e.into_inner());
        match armed.take() {
            Some((name, at)) if name == profile && at.elapsed() < PROD_CONFIRMATION_TTL => Ok(()),
            _ => Err(IpcError::new(
                ErrorCode::ConfirmationRequired,
                format!("changing where profile {profile} sends requests needs your confirmation first"),
            )),
        }
    }

    /// Records the person's "yes" for one write against `profile`.
    pub fn confirm_prod_write(&self, profile: &str) {
        *self.prod_confirmed.lock().unwrap_or_else(|e| e.into_inner()) = Some((profile.to_string(), Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prod_write_needs_a_fresh_confirmation_for_that_profile_and_uses_it_up() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        desk.create_profile(desk::profile::NewProfile {
            name: "live".into(),
            environment: Some(desk::profile::Environment::Prod),
            sys_id: "6666000000000000".into(),
            product_id: "YYZY".into(),
            ..Default::default()
        })
        .unwrap();
        let state = AppState::new(desk);
        assert_eq!(state.profile_for_write().unwrap().name, "sandbox", "the sandbox needs no confirmation");
        state.desk.set_active_profile("live").unwrap();
        assert_eq!(state.profile_for_write().unwrap_err().code, ErrorCode::ConfirmationRequired);
        state.confirm_prod_write("other");
        assert_eq!(
            state.profile_for_write().unwrap_err().code,
            ErrorCode::ConfirmationRequired,
            "another profile's yes"
        );
        state.confirm_prod_write("live");
        assert_eq!(state.profile_for_write().unwrap().name, "live");
        assert_eq!(state.profile_for_write().unwrap_err().code, ErrorCode::ConfirmationRequired, "one yes, one write");
    }

    #[test]
    fn a_production_host_needs_the_confirmation_whatever_the_label_and_so_does_moving_a_profile() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        let new = |name: &str, url: Option<&str>| desk::profile::NewProfile {
            name: name.into(),
            environment: Some(desk::profile::Environment::JointDebug),
            base_url: url.map(str::to_string),
            sys_id: "6666000000000000".into(),
            product_id: "YYZY".into(),
            ..Default::default()
        };
        desk.create_profile(new("mislabelled", Some("https://api.huifu.com"))).unwrap();
        desk.create_profile(new("test", None)).unwrap();
        desk.set_active_profile("mislabelled").unwrap();
        let state = AppState::new(desk);
        assert_eq!(
            state.profile_for_write().unwrap_err().code,
            ErrorCode::ConfirmationRequired,
            "joint-debug label, production host"
        );
        state.confirm_prod_write("mislabelled");
        assert!(state.profile_for_write().is_ok());
        // A test profile needs no confirmation to write, but one to change where it sends requests.
        assert!(state.confirmed_for(&state.desk.profile("test").unwrap()).is_ok());
        assert_eq!(state.confirmed_change("test").unwrap_err().code, ErrorCode::ConfirmationRequired);
        state.confirm_prod_write("test");
        assert!(state.confirmed_change("test").is_ok());
    }

    #[test]
    fn changing_a_prod_profile_that_is_not_active_needs_its_own_confirmation() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        let live = desk
            .create_profile(desk::profile::NewProfile {
                name: "live".into(),
                environment: Some(desk::profile::Environment::Prod),
                sys_id: "6666000000000000".into(),
                product_id: "YYZY".into(),
                ..Default::default()
            })
            .unwrap();
        let state = AppState::new(desk);
        assert!(state.confirmed_for(&state.desk.profile("sandbox").unwrap()).is_ok());
        assert_eq!(state.confirmed_for(&live).unwrap_err().code, ErrorCode::ConfirmationRequired);
        state.confirm_prod_write("live");
        assert!(state.confirmed_for(&live).is_ok(), "the active profile is the sandbox; the yes names live");
        assert_eq!(state.confirmed_for(&live).unwrap_err().code, ErrorCode::ConfirmationRequired, "used up");
    }
}
