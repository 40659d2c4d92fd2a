-- Withdrawals (取现, §7.20) a profile prepared, with where each stands. The journal holds the write itself
-- (req_seq_id fixed when prepared); this row follows it to its final state (query, notification) and is what
-- the cash-out page lists. A final state (success, failed) is never moved back.
CREATE TABLE withdrawals (
    profile             TEXT NOT NULL,
    req_seq_id          TEXT NOT NULL,
    req_date            TEXT NOT NULL,
    huifu_id            TEXT NOT NULL,
    hf_seq_id           TEXT,
    amount_fen          INTEGER NOT NULL,
    fee_fen             INTEGER,
    into_acct_date_type TEXT NOT NULL,
    token_no            TEXT NOT NULL,
    state               TEXT NOT NULL,              -- pending | success | failed | unknown
    raw_status          TEXT NOT NULL DEFAULT '',   -- trans_stat as Huifu reported it
    message             TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    PRIMARY KEY (profile, req_seq_id)
);
CREATE INDEX withdrawals_merchant ON withdrawals(profile, huifu_id, created_at);
