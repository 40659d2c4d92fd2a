-- The merchants a profile onboarded or looked up, and where each stands in the journey.
CREATE TABLE merchants (
    profile     TEXT NOT NULL,
    huifu_id    TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',   -- registered name (enterprise) or masked person name
    kind        TEXT NOT NULL DEFAULT '',   -- ent | indv
    apply_no    TEXT,
    token_no    TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (profile, huifu_id)
);

-- One row per journey step: onboarded, busi_open, realname_wx, realname_ali, wx_config, terminals, split.
CREATE TABLE merchant_steps (
    profile     TEXT NOT NULL,
    huifu_id    TEXT NOT NULL,
    step        TEXT NOT NULL,
    state       TEXT NOT NULL,              -- todo | pending | done | failed
    detail      TEXT NOT NULL DEFAULT '',   -- plain words or an id (applyment state, device ids...)
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (profile, huifu_id, step)
);
