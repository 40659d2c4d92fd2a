//! One module per job. Each service takes a profile and a plain input struct (serde + ts_rs, camelCase),
//! reports progress through a callback, calls dougong only through [`crate::Desk::call`], and updates the
//! merchant index.

pub mod bill;
pub mod busi;
pub mod cashout;
pub mod drafts;
pub mod merchant;
pub mod modify;
pub mod onboarding;
pub mod realname;
pub mod refund;
pub mod sandbox;
pub mod split;
pub mod terminal;
pub mod trade;
pub mod wxconfig;
