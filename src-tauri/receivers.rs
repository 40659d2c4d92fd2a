//! Notification receivers started with the app: every listen address a profile saved on the notifications
//! page gets its receiver when the window opens, so an acquirer's delivery (or its retry) lands without
//! anyone opening the page first. A receiver that cannot start (the port is taken, the address is gone)
//! is remembered with its reason and shown on the notifications page, never dropped silently.

use crate::state::AppState;

impl AppState {
    /// Starts a receiver on each saved listen address that has none running; records each failure by
    /// address (cleared when a receiver starts there). Answers the addresses that failed.
    pub async fn start_saved_receivers(&self) -> Vec<String> {
        let addresses = match self.desk.notify_listen_addresses() {
            Ok(a) => a,
            Err(e) => {
                // No address list, no receiver: say so where the page looks (the empty address).
                self.receiver_failed("", e.message);
                return vec![String::new()];
            }
        };
        let mut failed = vec![];
        let mut running = self.receivers.lock().await;
        for listen in addresses {
            if running.contains_key(&listen) {
                continue;
            }
            match self.desk.start_notify_receiver(&listen).await {
                Ok(r) => {
                    running.insert(listen.clone(), r);
                    self.receiver_started(&listen);
                }
                Err(e) => {
                    self.receiver_failed(&listen, e.message);
                    failed.push(listen);
                }
            }
        }
        failed
    }

    pub fn receiver_failed(&self, listen: &str, why: String) {
        self.receiver_failures.lock().unwrap_or_else(|e| e.into_inner()).insert(listen.to_string(), why);
    }

    pub fn receiver_started(&self, listen: &str) {
        self.receiver_failures.lock().unwrap_or_else(|e| e.into_inner()).remove(listen);
    }

    /// Why the receiver on `listen` did not start, if it did not.
    pub fn receiver_failure(&self, listen: &str) -> Option<String> {
        let f = self.receiver_failures.lock().unwrap_or_else(|e| e.into_inner());
        f.get(listen).or_else(|| f.get("")).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::notify::status;
    use desk::profile::{Environment, NewProfile};
    use desk::Desk;

    fn free_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    }

    #[test]
    fn saved_receivers_start_with_the_app_and_a_taken_port_is_reported() {
        let home = tempfile::tempdir().unwrap();
        let desk = Desk::open_without_reconcile(home.path()).unwrap();
        for name in ["free", "taken", "none"] {
            desk.create_profile(NewProfile {
                name: name.into(),
                environment: Some(Environment::Sandbox),
                base_url: Some("http://127.0.0.1:1".into()),
                sys_id: "6666000108854952".into(),
                product_id: "YYZY".into(),
                ..Default::default()
            })
            .unwrap();
        }
        let free = format!("127.0.0.1:{}", free_port());
        let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let taken = squatter.local_addr().unwrap().to_string();
        desk.set_notify_settings("free", Some(&free), None).unwrap();
        desk.set_notify_settings("taken", Some(&taken), None).unwrap();
        let state = AppState::new(desk);

        tauri::async_runtime::block_on(async {
            assert_eq!(state.start_saved_receivers().await, vec![taken.clone()]);
            let s = status(&state, "free").await.unwrap();
            assert!(s.running && s.start_error.is_none(), "{s:?}");
            // It really answers on its address.
            use std::io::{Read, Write};
            let mut c = std::net::TcpStream::connect(&free).unwrap();
            c.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
            let mut answer = String::new();
            c.read_to_string(&mut answer).unwrap();
            assert!(answer.contains("paydesk notification receiver"), "{answer}");

            let s = status(&state, "taken").await.unwrap();
            assert!(!s.running, "{s:?}");
            let why = s.start_error.expect("the failure is kept for the page");
            assert!(why.contains(&taken), "{why}");
            let s = status(&state, "none").await.unwrap();
            assert!(!s.running && s.start_error.is_none(), "no address, nothing to start, nothing failed");

            // Once the port is free, starting again (the page's start button runs the same start) clears it.
            drop(squatter);
            assert!(state.start_saved_receivers().await.is_empty());
            let s = status(&state, "taken").await.unwrap();
            assert!(s.running && s.start_error.is_none(), "{s:?}");
            for (_, r) in state.receivers.lock().await.drain() {
                r.stop().await;
            }
        });
    }
}
