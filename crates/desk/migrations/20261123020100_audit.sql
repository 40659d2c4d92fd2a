-- One row per outgoing call. Each row's row_hash = SHA-256(prev_hash | its own content), so an edited,
-- inserted or deleted row breaks the chain at a row `paydesk audit verify` can name.
CREATE TABLE audit_log (
    seq          INTEGER PRIMARY KEY,       -- 1, 2, 3... without gaps
    at           TEXT NOT NULL,             -- RFC 3339 UTC
    profile      TEXT NOT NULL,
    endpoint     TEXT NOT NULL,             -- request path, e.g. /v2/merchant/busi/open
    merchant     TEXT,                      -- huifu_id the call was about, when known
    req_seq_id   TEXT,
    request      TEXT NOT NULL,             -- masked JSON
    response     TEXT,                      -- masked JSON
    key_id       TEXT,                      -- fingerprint of the key that signed
    sign_hash    TEXT,                      -- SHA-256 of the signature, never the signature
    outcome      TEXT NOT NULL,             -- ok | refused | failed | unknown
    resp_code    TEXT,
    error        TEXT,
    duration_ms  INTEGER NOT NULL,
    prev_hash    TEXT NOT NULL,
    row_hash     TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_merchant ON audit_log(merchant);
CREATE INDEX audit_log_endpoint ON audit_log(endpoint);

-- The last seq and hash, kept apart so that cutting rows off the end is noticed too.
CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    seq       INTEGER NOT NULL,
    row_hash  TEXT NOT NULL
);
