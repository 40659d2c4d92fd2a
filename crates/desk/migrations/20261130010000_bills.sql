-- Statements (对账单): downloaded files, imports, and the imported rows, one table per file kind.
-- Amounts are integer fen. Each row table keeps columns it does not know as a JSON object in `extra`
-- (NULL when there are none), because the bill layouts are not documented (spec §7.22, ASSUMED).
-- Row tables carry no foreign key and only one index each: bulk import speed matters more than
-- lookups by anything but the day (filters scan; 1M rows scan in well under a second).

CREATE TABLE bill_files (
    id            INTEGER PRIMARY KEY,
    profile       TEXT NOT NULL,
    huifu_id      TEXT NOT NULL,
    bill_type     TEXT NOT NULL,
    file_date     TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    file_id       TEXT NOT NULL DEFAULT '',
    path          TEXT NOT NULL,
    bytes         INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    downloaded_at TEXT NOT NULL,
    UNIQUE (profile, huifu_id, bill_type, file_date, file_name)
);

CREATE TABLE bill_imports (
    id          INTEGER PRIMARY KEY,
    profile     TEXT NOT NULL,
    source      TEXT NOT NULL,              -- file name without its directory
    sha256      TEXT NOT NULL,
    parts       INTEGER NOT NULL,
    rows        INTEGER NOT NULL,
    kinds       TEXT NOT NULL,              -- comma list: trade, settle, split, withdrawal, other
    imported_at TEXT NOT NULL,
    UNIQUE (profile, sha256)
);

-- Trade rows (`_order_` files): payments and refunds.
CREATE TABLE bill_trades (
    import_id      INTEGER NOT NULL,
    bill_date      TEXT NOT NULL,           -- acct_date when present, else trans_date (yyyyMMdd)
    trans_date     TEXT NOT NULL,
    trans_time     TEXT NOT NULL,
    acct_date      TEXT NOT NULL,
    huifu_id       TEXT NOT NULL,
    mer_name       TEXT NOT NULL,
    trans_type     TEXT NOT NULL,           -- PAYMENT | REFUND | as the file says
    trade_type     TEXT NOT NULL,
    hf_seq_id      TEXT NOT NULL,
    req_seq_id     TEXT NOT NULL,
    party_order_id TEXT NOT NULL,
    out_trans_id   TEXT NOT NULL,
    org_hf_seq_id  TEXT NOT NULL,
    org_req_seq_id TEXT NOT NULL,
    trans_amt      INTEGER NOT NULL,
    fee_amt        INTEGER NOT NULL,
    settlement_amt INTEGER,                 -- NULL when the file has no such column
    trans_stat     TEXT NOT NULL,
    devs_id        TEXT NOT NULL,
    remark         TEXT NOT NULL,
    extra          TEXT
);
CREATE INDEX bill_trades_day ON bill_trades (bill_date);

-- Per day and merchant summaries (`_settle_`, `_order_month_`, `_settle_month_`).
CREATE TABLE bill_settles (
    import_id      INTEGER NOT NULL,
    file_kind      TEXT NOT NULL,           -- settle | order_month | settle_month
    settle_date    TEXT NOT NULL,
    huifu_id       TEXT NOT NULL,
    mer_name       TEXT NOT NULL,
    trade_count    INTEGER NOT NULL,
    trade_amt      INTEGER NOT NULL,
    refund_count   INTEGER NOT NULL,
    refund_amt     INTEGER NOT NULL,
    fee_amt        INTEGER NOT NULL,
    refund_fee_amt INTEGER NOT NULL,
    settle_amt     INTEGER NOT NULL,
    extra          TEXT
);
CREATE INDEX bill_settles_day ON bill_settles (settle_date);

CREATE TABLE bill_splits (
    import_id    INTEGER NOT NULL,
    trans_date   TEXT NOT NULL,
    huifu_id     TEXT NOT NULL,
    trans_type   TEXT NOT NULL,
    hf_seq_id    TEXT NOT NULL,
    req_seq_id   TEXT NOT NULL,
    trans_amt    INTEGER NOT NULL,
    div_huifu_id TEXT NOT NULL,
    div_amt      INTEGER NOT NULL,
    extra        TEXT
);

CREATE TABLE bill_withdrawals (
    import_id           INTEGER NOT NULL,
    trans_date          TEXT NOT NULL,
    trans_time          TEXT NOT NULL,
    huifu_id            TEXT NOT NULL,
    hf_seq_id           TEXT NOT NULL,
    req_seq_id          TEXT NOT NULL,
    into_acct_date_type TEXT NOT NULL,
    token_no            TEXT NOT NULL,
    cash_amt            INTEGER NOT NULL,
    fee_amt             INTEGER NOT NULL,
    trans_stat          TEXT NOT NULL,
    extra               TEXT
);

-- Parts whose header matches no known kind (e.g. the SETTLE_FUND_BILL xlsx, layout unknown): every
-- row as a JSON object keyed by the header, so nothing in the file is lost.
CREATE TABLE bill_other_rows (
    import_id INTEGER NOT NULL,
    part      TEXT NOT NULL,
    row_no    INTEGER NOT NULL,
    data      TEXT NOT NULL
);
