//! Paydesk desktop shell: adapts the desk services to Tauri (state, commands, events) and nothing more.

mod commands;
mod ipc;
mod state;

#[cfg(test)]
mod bindings;

use tauri::Manager;

use state::AppHome;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let home = match std::env::var_os("PAYDESK_HOME") {
                Some(h) => std::path::PathBuf::from(h),
                None => app.path().app_data_dir()?,
            };
            std::fs::create_dir_all(&home)?;
            app.manage(AppHome(home));
            Ok(())
        })
        .invoke_handler(commands::invoke_handler())
        .run(tauri::generate_context!())
        .expect("error while running the Paydesk window");
}
