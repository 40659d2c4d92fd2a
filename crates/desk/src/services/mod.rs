//! One module per job. Each service takes a profile and a plain input struct (serde + ts_rs, camelCase),
//! reports progress through a callback, calls dougong only through [`crate::Desk::call`], and updates the
//! merchant index.

use crate::reconcile::ReconcileFn;

/// Reconcilers of the writes of the merchant-journey services.
pub static RECONCILERS: &[(&str, ReconcileFn)] = &[];
