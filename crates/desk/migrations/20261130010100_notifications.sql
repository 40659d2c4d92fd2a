-- Asynchronous notifications received by the local receiver (dougong §3, 慧收钱 CALLBACK, MD5 gateway), one
-- row per distinct notification: the same one delivered again (retries, replays) bumps `count`.
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    profile          TEXT NOT NULL,
    acquirer         TEXT NOT NULL,               -- dougong | huishouqian | mpgateway
    kind             TEXT NOT NULL,               -- trade | refund | withdrawal | audit | busi | bill | unknown
    dedupe_key       TEXT NOT NULL,               -- what makes two deliveries the same notification
    order_no         TEXT NOT NULL DEFAULT '',    -- req_seq_id / transNo / orderid it is about
    platform_no      TEXT NOT NULL DEFAULT '',    -- hf_seq_id / tradeNo / queryid
    merchant         TEXT NOT NULL DEFAULT '',    -- huifu_id (dougong)
    state            TEXT NOT NULL,               -- pending | success | failed | closed | unknown | rejected
    amount_fen       INTEGER,
    verified         INTEGER NOT NULL,            -- 1 signature verified, 0 rejected
    body             TEXT NOT NULL,               -- the business body, personal data masked
    ack              TEXT NOT NULL DEFAULT '',    -- what the receiver answered ('' = not acknowledged)
    effect           TEXT NOT NULL DEFAULT '',    -- what receiving it changed, in plain words
    count            INTEGER NOT NULL DEFAULT 1,
    received_at      TEXT NOT NULL,
    last_received_at TEXT NOT NULL,
    UNIQUE (profile, dedupe_key)
);
CREATE INDEX notifications_subject ON notifications(profile, acquirer, kind, order_no);
CREATE INDEX notifications_received ON notifications(received_at);
