-- Accounts Paydesk can act as. Keys are NOT here: they live in the OS keychain under the profile name.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE profiles (
    name        TEXT PRIMARY KEY,
    acquirer    TEXT NOT NULL,              -- dougong | huishouqian | mpgateway
    environment TEXT NOT NULL,              -- prod | joint_debug | sandbox
    base_url    TEXT NOT NULL,
    sys_id      TEXT NOT NULL DEFAULT '',
    product_id  TEXT NOT NULL DEFAULT '',
    -- Non-secret settings of other acquirers (merchant numbers, app ids...) as a JSON object.
    extra       TEXT NOT NULL DEFAULT '{}',
    -- Short fingerprint of the stored key pair, shown in the UI and written into audit rows.
    key_id      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
