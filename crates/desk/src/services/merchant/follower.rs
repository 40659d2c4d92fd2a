//! Following waiting applications in the background: every merchant step that waits (an onboarding or
//! business open under audit, a realname scan, a split audit) is asked about again with back-off — soon
//! after it started waiting, then less and less often — until it is final. A notification that settles
//! the step first (the receiver applies it to the index) simply ends the following: a step no longer
//! pending is not asked about. Reads only (the status queries); nothing here sends a write.
//!
//! The app's shell runs [`Follower::tick`] on a timer and tells the pages which merchants changed.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::profile::Profile;
use crate::services::merchant::{Merchant, StepState};
use crate::Desk;

/// The first wait after a step starts waiting or changes.
pub const FIRST_WAIT: Duration = Duration::from_secs(5);
/// The longest wait between two questions about one merchant (an audit can take a day).
pub const MAX_WAIT: Duration = Duration::from_secs(600);

/// When each waiting merchant is asked next, and how long the wait after that is.
#[derive(Debug, Default)]
pub struct Follower {
    due: HashMap<(String, String), (Instant, Duration)>,
}

fn fingerprint(m: &Merchant) -> Vec<(StepState, Option<String>)> {
    m.steps.iter().map(|s| (s.state, s.note.code.clone())).collect()
}

impl Follower {
    pub fn new() -> Follower {
        Follower::default()
    }

    /// Asks Huifu about the waiting merchants of `profile` that are due at `now`; returns the huifu_ids
    /// whose journey changed. A merchant Huifu does not answer for is asked again later (its wait grows
    /// like any other). Errors: `Storage` (the index cannot be read).
    pub async fn tick(&mut self, desk: &Desk, profile: &Profile, now: Instant) -> Result<Vec<String>, Error> {
        let waiting: Vec<Merchant> = desk
            .list_merchants(&profile.name)?
            .into_iter()
            .filter(|m| m.steps.iter().any(|s| s.state == StepState::Pending))
            .collect();
        // Merchants that no longer wait (settled by a page, a notification or a tick) are forgotten.
        self.due.retain(|(p, h), _| p != &profile.name || waiting.iter().any(|m| &m.huifu_id == h));
        let mut changed = Vec::new();
        for m in waiting {
            let key = (profile.name.clone(), m.huifu_id.clone());
            let (at, wait) = *self.due.entry(key.clone()).or_insert((now + FIRST_WAIT, FIRST_WAIT));
            if at > now {
                continue;
            }
            let before = fingerprint(&m);
            let after = match desk.follow_merchant(profile, &m.huifu_id).await {
                Ok(r) => fingerprint(&r.merchant),
                Err(e) => {
                    tracing::debug!(huifu_id = %m.huifu_id, "following a waiting merchant: {}", e.message);
                    before.clone()
                }
            };
            let next = if after != before {
                changed.push(m.huifu_id.clone());
                FIRST_WAIT
            } else {
                (wait * 2).min(MAX_WAIT)
            };
            self.due.insert(key, (now + next, next));
        }
        Ok(changed)
    }

    /// How many merchants are being followed (for tests and the log).
    pub fn following(&self) -> usize {
        self.due.len()
    }
}
