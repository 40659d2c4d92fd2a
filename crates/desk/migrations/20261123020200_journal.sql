-- Every write, recorded with its req_seq_id BEFORE it is sent.
-- state: pending (recorded, not yet on the wire) -> sent -> settled | failed | unknown.
CREATE TABLE journal (
    id            INTEGER PRIMARY KEY,
    profile       TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- e.g. terminal.add; selects the reconciling query
    endpoint      TEXT NOT NULL,
    req_seq_id    TEXT NOT NULL,
    req_date      TEXT NOT NULL,
    merchant      TEXT,
    request_hash  TEXT NOT NULL,            -- SHA-256 of the canonical request: a reused id must carry the same request
    request       TEXT NOT NULL,            -- masked JSON, for people
    reconcile     TEXT NOT NULL DEFAULT 'null', -- what the reconciling query needs (ids only, no personal data)
    state         TEXT NOT NULL,
    response      TEXT,                     -- data of the answer (or of the reconciling query)
    error         TEXT,                     -- JSON of the desk error when failed/unknown
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (profile, req_seq_id)
);
CREATE INDEX journal_state ON journal(state);
