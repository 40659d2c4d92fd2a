//! Every write kind of every acquirer, cut off every way it can be: killed at each stage boundary of the
//! write pipeline ([`crash_harness`]) and met by each gateway and storage fault ([`faults`]). One test
//! binary, so the two (each with its own sandbox and PAYDESK_HOME) run side by side: most of their time is
//! waiting on processes, slow answers and the not-found grace, not the CPU.
//!
//! `cargo test -p paydesk-cli --test every_write crash` (or `faults`) runs one of them.

#[path = "../common/mod.rs"]
mod common;

mod crash_harness;
mod faults;
