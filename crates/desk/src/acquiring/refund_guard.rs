//! The 慧收钱 refund's checks against the order's other refunds, inside its intent transaction (the same
//! `BEGIN IMMEDIATE` as its journal entry), as for dougong refunds (crate::services::refund::send):
//! the refunds of the order that may have taken effect (sent, unknown, or settled and not failed) are
//! reserved, and a refund of the same order and amount as one made in the last 24 hours needs the
//! person's word. An unsettled refund of the order already stops a new one through the write's target.
//! The journal is the record here: these refunds keep no rows of their own.

use rusqlite::params;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::Error;
use crate::journal::JournalEntry;
use crate::services::refund::{refund_left, repeat_error};

/// What the intent check needs of the refund being sent.
pub(crate) struct RefundGuard<'a> {
    pub kind: &'a str,
    pub target: &'a str,
    pub amount_fen: i64,
    pub order_amount_fen: i64,
    pub allow_repeat: bool,
    pub now: OffsetDateTime,
}

/// What a journal entry's `reconcile` value keeps of an acquiring refund, for the guard.
pub(crate) fn reconcile_value(amount_fen: i64) -> Value {
    serde_json::json!({ "amount_fen": amount_fen })
}

impl RefundGuard<'_> {
    pub(crate) fn check(&self, c: &rusqlite::Connection, e: &JournalEntry) -> Result<(), Error> {
        let mut st = c.prepare(
            "SELECT req_seq_id, state, reconcile, response, created_at FROM journal
             WHERE profile = ?1 AND kind = ?2 AND target = ?3 AND req_seq_id <> ?4 AND state <> 'failed'",
        )?;
        let rows = st.query_map(params![e.profile, self.kind, self.target, e.req_seq_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let day_ago = self.now - time::Duration::hours(24);
        let mut reserved = 0;
        let mut recent_same: Option<String> = None;
        for row in rows {
            let (id, state, reconcile, response, created_at) = row?;
            let answered: Option<Value> = response.and_then(|r| serde_json::from_str(&r).ok());
            let refused = state == "settled"
                && answered.as_ref().is_some_and(|v| matches!(v["state"].as_str(), Some("failed" | "closed")));
            if refused {
                continue;
            }
            let amount = serde_json::from_str::<Value>(&reconcile).ok().and_then(|v| v["amount_fen"].as_i64());
            // An entry from before amounts were kept: nothing to reserve by, so it reserves nothing.
            let Some(amount) = amount else { continue };
            reserved += amount;
            if amount == self.amount_fen && OffsetDateTime::parse(&created_at, &Rfc3339).is_ok_and(|t| t >= day_ago) {
                recent_same = Some(id);
            }
        }
        if self.amount_fen > self.order_amount_fen - reserved {
            return Err(refund_left(self.amount_fen, self.order_amount_fen, reserved));
        }
        if let (Some(earlier), false) = (recent_same, self.allow_repeat) {
            return Err(repeat_error(&earlier, self.amount_fen));
        }
        Ok(())
    }
}
