//! One module per job. Each service takes a profile and a plain input struct (serde + ts_rs, camelCase),
//! reports progress through a callback, calls dougong only through [`crate::Desk::call`], and updates the
//! merchant index.

pub mod activity;
pub mod applications;
pub mod bills;
pub mod busi;
pub mod cashout;
pub mod drafts;
pub mod follower;
pub mod journey;
pub mod lookup;
pub mod modify;
pub mod onboarding;
pub mod orders;
pub mod pictures;
pub mod realname;
pub mod refund_batch;
pub mod refunds;
pub mod sandbox_controls;
pub mod split;
pub mod terminal;
pub mod trade_close;
pub mod wxconfig;
