//! Paydesk desktop shell: adapts the desk services to Tauri (state, commands, events) and nothing more.

mod commands;
mod follower;
mod ipc;
mod receivers;
mod state;

#[cfg(test)]
mod bindings;

use tauri::Manager;

use state::AppState;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Statements: "open the folder" of a downloaded bill (capability: reveal-item-in-dir only).
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            let home = match std::env::var_os("PAYDESK_HOME").filter(|h| !h.is_empty()) {
                Some(h) => std::path::PathBuf::from(h),
                None => app.path().app_data_dir()?,
            };
            // Opening settles writes a crash left open (by query, never by a second send) before any page
            // can start a new one. The sandbox itself starts lazily, on the first call that needs it.
            let desk = tauri::async_runtime::block_on(desk::Desk::open(home))?;
            let state = AppState::new(desk);
            // Receivers saved on the notifications page listen from the start (binding is quick, and the
            // page then shows the true state at once); a failure is kept for that page, not fatal.
            tauri::async_runtime::block_on(state.start_saved_receivers());
            app.manage(state);
            // Waiting applications are followed in the background (reads only), whatever page is open.
            tauri::async_runtime::spawn(follower::run(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(commands::invoke_handler())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::Destroyed = event {
                if let Some(state) = window.try_state::<AppState>() {
                    tauri::async_runtime::block_on(state.desk.shutdown());
                }
            }
        })
        .run(tauri::generate_context!())
        .expect("error while running the Paydesk window");
}
