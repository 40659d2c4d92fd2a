-- The one write pipeline (crates/desk/src/write): claims, the thing a write touches, and the two-step
-- "not found" rule.
-- target: what the write touches (a trade, a merchant's balance...); a new write is refused while another
--   write on the same target may have taken effect and is not settled.
-- claim_owner / claim_beat: the process (Desk) sending or settling the entry right now, and its last
--   heartbeat (ms since the epoch); NULL when nobody is.
-- absent_since_ms: when a query first did not find a write whose answer was lost; "never took effect" is
--   concluded only by a second query a while later.
ALTER TABLE journal ADD COLUMN target TEXT;
ALTER TABLE journal ADD COLUMN claim_owner TEXT;
ALTER TABLE journal ADD COLUMN claim_beat INTEGER;
ALTER TABLE journal ADD COLUMN absent_since_ms INTEGER;
CREATE INDEX journal_target ON journal(target) WHERE target IS NOT NULL;

-- Refunds: the original trade as resolved by the scan query (both ids), however the refund named it, so
-- that every refund of one trade is found whichever id it was prepared with; and, for a batch row that
-- was not sent because an earlier refund already did it, which refund that was.
ALTER TABLE refunds ADD COLUMN trade_req_seq_id TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN trade_hf_seq_id TEXT NOT NULL DEFAULT '';
ALTER TABLE refunds ADD COLUMN covered_by TEXT;
CREATE INDEX refunds_by_trade_hf ON refunds(profile, huifu_id, trade_hf_seq_id);
CREATE INDEX refunds_by_org_hf ON refunds(profile, huifu_id, org_hf_seq_id);
