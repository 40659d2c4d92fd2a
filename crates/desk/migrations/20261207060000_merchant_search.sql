-- Finding a merchant in one step without keeping personal data in clear: a person's full name, an ID or
-- licence number and a contact phone are kept only as keyed hashes (HMAC-SHA256, key in the OS keychain),
-- so a search by the full value finds the merchant and the database alone reveals nothing.
ALTER TABLE merchants ADD COLUMN short_name TEXT NOT NULL DEFAULT '';
CREATE TABLE merchant_tokens (
    profile TEXT NOT NULL,
    huifu_id TEXT NOT NULL,
    kind TEXT NOT NULL,      -- name | short_name | licence | cert | phone
    token TEXT NOT NULL,     -- hex HMAC-SHA256 of "<kind>:<normalised value>"
    PRIMARY KEY (profile, huifu_id, kind, token)
);
CREATE INDEX merchant_tokens_by_token ON merchant_tokens(profile, token);
