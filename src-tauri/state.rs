//! What the shell keeps in Tauri's managed state.

use std::path::PathBuf;

/// PAYDESK_HOME: where the desk store lives. From the environment, else the OS app data dir.
pub struct AppHome(pub PathBuf);
