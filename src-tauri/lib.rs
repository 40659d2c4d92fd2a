//! Paydesk desktop shell: adapts the desk services to Tauri (state, commands, events) and nothing more.

mod commands;
mod follower;
mod ipc;
mod receivers;
mod startup;
mod startup_status;
mod state;

#[cfg(test)]
mod bindings;

use tauri::Manager;

use state::AppState;

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    startup::trace("main");
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        // Statements: "open the folder" of a downloaded bill (capability: reveal-item-in-dir only).
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            startup::trace("setup");
            let home = match std::env::var_os("PAYDESK_HOME").filter(|h| !h.is_empty()) {
                Some(h) => std::path::PathBuf::from(h),
                None => app.path().app_data_dir()?,
            };
            // The window first: opening is local (the SQLite file and its migrations). The receivers, the
            // reconcile of writes a crash left open and the following of waiting applications wait for the
            // page's first paint (startup.rs); until they have run, the header shows how many writes are open.
            let desk = desk::Desk::open_without_reconcile(home)?;
            app.manage(AppState::new(desk));
            let handle = app.handle().clone();
            std::thread::spawn(move || {
                std::thread::sleep(startup::FALLBACK_START);
                startup::begin(&handle);
            });
            startup::trace("setup done");
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
