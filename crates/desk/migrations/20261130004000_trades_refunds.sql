-- Dougong trades made from this desk (test QR orders, payment-code charges), kept so the refund page can
-- find them and their ids (req_seq_id + req_date locate the original for refunds and queries).
CREATE TABLE trades (
    profile         TEXT NOT NULL,
    req_seq_id      TEXT NOT NULL,
    req_date        TEXT NOT NULL,
    huifu_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,               -- qr | micropay
    trade_type      TEXT NOT NULL DEFAULT '',    -- A_NATIVE, T_MICROPAY...
    amount_fen      INTEGER NOT NULL,
    goods_desc      TEXT NOT NULL DEFAULT '',
    hf_seq_id       TEXT,
    qr_code         TEXT,
    trans_stat      TEXT NOT NULL DEFAULT '',    -- P | S | F | '' (not known yet)
    split           TEXT,                        -- acct_split_bunch JSON as sent
    closed          TEXT NOT NULL DEFAULT '',    -- close req_seq_id once a close was sent
    close_date      TEXT NOT NULL DEFAULT '',
    close_stat      TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (profile, req_seq_id)
);
CREATE INDEX trades_by_merchant ON trades(profile, huifu_id, created_at);

-- Refunds: one row per refund, written when the refund is prepared (form opened, CSV row imported) with
-- its own req_seq_id/req_date fixed, so a retry or a resumed batch re-sends the same request, never a new
-- refund. The original is named by org_req_seq_id or org_hf_seq_id plus org_req_date.
CREATE TABLE refunds (
    profile         TEXT NOT NULL,
    req_seq_id      TEXT NOT NULL,
    req_date        TEXT NOT NULL,
    huifu_id        TEXT NOT NULL,
    org_req_seq_id  TEXT NOT NULL DEFAULT '',
    org_hf_seq_id   TEXT NOT NULL DEFAULT '',
    org_req_date    TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL,
    split           TEXT,                        -- acct_split_bunch JSON as sent
    reason          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,               -- prepared | pending | success | failed | unknown
    hf_seq_id       TEXT,
    resp_code       TEXT NOT NULL DEFAULT '',
    message         TEXT NOT NULL DEFAULT '',
    batch_id        TEXT,
    batch_row       INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (profile, req_seq_id)
);
CREATE INDEX refunds_by_original ON refunds(profile, huifu_id, org_req_seq_id);
CREATE INDEX refunds_by_batch ON refunds(batch_id, batch_row);

-- A CSV batch of refunds: its rows are refunds rows with this batch_id.
CREATE TABLE refund_batches (
    id              TEXT PRIMARY KEY,
    profile         TEXT NOT NULL,
    source          TEXT NOT NULL DEFAULT '',    -- the file name it came from
    content_hash    TEXT NOT NULL,               -- SHA-256 of the file: importing it again finds this batch
    rows            INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (profile, content_hash)
);
