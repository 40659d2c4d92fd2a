-- Statements that stay fast as they grow (issue 15): the statements page's queries cost what they find,
-- not the size of the table.
--
-- bill_trades gets an explicit id (the rowid under a name, so VACUUM cannot renumber it: the text index
-- below points at rows by id) and two indexes in the page's row order, one for a day range and one for a
-- merchant's day range.
CREATE TABLE bill_trades_new (
    id             INTEGER PRIMARY KEY,
    import_id      INTEGER NOT NULL,
    bill_date      TEXT NOT NULL,
    trans_date     TEXT NOT NULL,
    trans_time     TEXT NOT NULL,
    acct_date      TEXT NOT NULL,
    huifu_id       TEXT NOT NULL,
    mer_name       TEXT NOT NULL,
    trans_type     TEXT NOT NULL,
    trade_type     TEXT NOT NULL,
    hf_seq_id      TEXT NOT NULL,
    req_seq_id     TEXT NOT NULL,
    party_order_id TEXT NOT NULL,
    out_trans_id   TEXT NOT NULL,
    org_hf_seq_id  TEXT NOT NULL,
    org_req_seq_id TEXT NOT NULL,
    trans_amt      INTEGER NOT NULL,
    fee_amt        INTEGER NOT NULL,
    settlement_amt INTEGER,
    trans_stat     TEXT NOT NULL,
    devs_id        TEXT NOT NULL,
    remark         TEXT NOT NULL,
    extra          TEXT
);
INSERT INTO bill_trades_new (id, import_id, bill_date, trans_date, trans_time, acct_date, huifu_id, mer_name, trans_type,
    trade_type, hf_seq_id, req_seq_id, party_order_id, out_trans_id, org_hf_seq_id, org_req_seq_id, trans_amt, fee_amt,
    settlement_amt, trans_stat, devs_id, remark, extra)
SELECT rowid, import_id, bill_date, trans_date, trans_time, acct_date, huifu_id, mer_name, trans_type,
    trade_type, hf_seq_id, req_seq_id, party_order_id, out_trans_id, org_hf_seq_id, org_req_seq_id, trans_amt, fee_amt,
    settlement_amt, trans_stat, devs_id, remark, extra
FROM bill_trades;
DROP TABLE bill_trades;
ALTER TABLE bill_trades_new RENAME TO bill_trades;
CREATE INDEX bill_trades_day ON bill_trades (bill_date);
CREATE INDEX bill_trades_merchant_day ON bill_trades (huifu_id, bill_date);

-- Daily totals kept on import: per import, merchant, accounting day, trans type, trade type and status,
-- the rows and their sums. Totals and the daily chart without a text filter read these (a year of 30
-- merchants is ~10^5 rows here against ~10^7 in bill_trades). `settled` is the sum of what query.rs
-- calls SETTLED for each row (the file's settlement_amt, else trade − fee, refunds negative).
CREATE TABLE bill_trade_days (
    import_id  INTEGER NOT NULL,
    huifu_id   TEXT NOT NULL,
    bill_date  TEXT NOT NULL,
    trans_type TEXT NOT NULL,
    trade_type TEXT NOT NULL,
    trans_stat TEXT NOT NULL,
    rows       INTEGER NOT NULL,
    trans_amt  INTEGER NOT NULL,
    fee_amt    INTEGER NOT NULL,
    settled    INTEGER NOT NULL,
    PRIMARY KEY (import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat)
) WITHOUT ROWID;
CREATE INDEX bill_trade_days_day ON bill_trade_days (bill_date);
INSERT INTO bill_trade_days
SELECT import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat, count(*), sum(trans_amt), sum(fee_amt),
       sum(COALESCE(settlement_amt, CASE WHEN (upper(trans_type) LIKE '%REFUND%' OR trans_type LIKE '%退款%')
                                         THEN fee_amt - trans_amt ELSE trans_amt - fee_amt END))
FROM bill_trades GROUP BY import_id, huifu_id, bill_date, trans_type, trade_type, trans_stat;

-- The order-id text index (services/bills/grams.rs): per chunk of consecutive trade row ids, per trigram
-- of the six id columns, which rows of the chunk hold it. Imports from before this migration have
-- `text_indexed` 0 and are indexed the first time a text search needs them.
CREATE TABLE bill_trade_chunks (
    import_id INTEGER NOT NULL,
    first_id  INTEGER NOT NULL,
    span      INTEGER NOT NULL,              -- ids first_id .. first_id + span - 1
    PRIMARY KEY (import_id, first_id)
) WITHOUT ROWID;
CREATE TABLE bill_trade_grams (
    import_id INTEGER NOT NULL,
    first_id  INTEGER NOT NULL,
    gram      INTEGER NOT NULL,
    rows      BLOB NOT NULL,                 -- grams.rs: a varint delta list or a bitmap of offsets
    PRIMARY KEY (import_id, first_id, gram)
) WITHOUT ROWID;
ALTER TABLE bill_imports ADD COLUMN text_indexed INTEGER NOT NULL DEFAULT 0;
