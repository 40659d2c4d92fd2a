//! Every command, declared once. `command_list!` registers the handlers with Tauri and lists their types for
//! the generated `ui/src/bindings/commands.ts`. Each command is one use case: unpack state, call one
//! service, map the error (≤ ~15 lines).
//!
//! Convention the TS side relies on: a command's input is one argument named `req` (absent when the declared
//! request type is `()`), and a progress Channel is an argument named `on_progress`.

pub mod app;
pub mod audit;
pub mod notifications;
pub mod profiles;
pub mod sandbox;
pub mod signing;

macro_rules! command_list {
    ($( $module:ident :: $name:ident ( $req:ty ) -> $res:ty $(, progress $p:ty)? ; )*) => {
        /// The Tauri invoke handler for every declared command.
        pub fn invoke_handler() -> impl Fn(tauri::ipc::Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$( crate::commands::$module::$name ),*]
        }

        /// The declared commands with their TS types, for the bindings.
        #[cfg_attr(not(test), allow(dead_code))]
        pub fn command_entries() -> Vec<crate::ipc::schema::CommandEntry> {
            vec![$(
                crate::ipc::schema::CommandEntry::of::<$req, $res>(stringify!($name)) $( .with_progress::<$p>() )?
            ),*]
        }
    };
}

command_list! {
    app::app_info(()) -> app::AppInfo;
    // Profiles and keys
    profiles::profile_active(()) -> desk::Profile;
    profiles::profile_list(()) -> Vec<desk::Profile>;
    profiles::profile_activate(profiles::ProfileName) -> desk::Profile;
    profiles::confirm_prod_write(profiles::ProfileName) -> ();
    profiles::profile_create(desk::NewProfile) -> desk::Profile;
    profiles::profile_update(profiles::ProfileUpdate) -> desk::Profile;
    profiles::profile_delete(profiles::ProfileName) -> ();
    profiles::profile_key_info(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_keys_check(profiles::KeysReq) -> desk::KeyCheck;
    profiles::profile_keys_import(profiles::KeysReq) -> desk::KeyInfo;
    profiles::profile_key_generate(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_huifu_key_set(profiles::HuifuKeyReq) -> desk::KeyInfo;
    profiles::profile_keys_delete(profiles::ProfileName) -> desk::KeyInfo;
    profiles::profile_acquirer_keys_import(profiles::AcquirerKeysReq) -> desk::KeyInfo;
    profiles::profile_default_url(profiles::DefaultUrlReq) -> Option<String>;
    // Audit log
    audit::audit_search(desk::audit::AuditFilter) -> desk::audit::AuditPage;
    audit::audit_errors(desk::audit::AuditFilter) -> Vec<desk::audit::AuditErrorGroup>;
    audit::audit_verify(()) -> desk::audit::AuditReport;
    audit::audit_export(audit::AuditExportReq) -> audit::AuditExportRes;
    // Notifications
    notifications::notify_list(desk::notify_receiver::NotificationFilter) -> desk::notify_receiver::NotificationPage;
    notifications::notify_receiver_status(profiles::ProfileName) -> notifications::ReceiverStatus;
    notifications::notify_receiver_start(notifications::ReceiverStartReq) -> notifications::ReceiverStatus;
    notifications::notify_receiver_stop(profiles::ProfileName) -> notifications::ReceiverStatus;
    // Sandbox page
    sandbox::sandbox_control(desk::services::sandbox_controls::SandboxControl) -> sandbox::SandboxAnswer;
    signing::sign_tool_canonical(signing::CanonicalReq) -> signing::CanonicalRes;
    signing::sign_tool_sign(signing::SignReq) -> signing::SignRes;
    signing::sign_tool_verify(signing::VerifyReq) -> signing::VerifyRes;
}

/// Events the shell pushes to the UI, with their payload types.
#[cfg_attr(not(test), allow(dead_code))]
pub fn event_entries() -> Vec<crate::ipc::schema::EventEntry> {
    vec![crate::ipc::schema::EventEntry::of::<desk::Profile>(profiles::PROFILE_CHANGED)]
}
