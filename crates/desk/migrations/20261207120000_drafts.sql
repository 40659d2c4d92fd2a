-- Form drafts (onboarding, realname, merchant pages), sealed with the data key from the OS keychain
-- (AES-256-GCM, crates/desk/src/at_rest.rs): what a person typed never sits here in plain text.
CREATE TABLE drafts (
    key         TEXT PRIMARY KEY,   -- e.g. onboarding.ent, realname.wechat.<huifu_id>
    sealed      BLOB NOT NULL,
    updated_at  TEXT NOT NULL
);
