-- Rejected notifications (bad signature, unreadable) are counted per profile; only the newest few stay in
-- `notifications` (a flood of forged bodies must not grow the store).
CREATE TABLE notify_rejections (
    profile  TEXT PRIMARY KEY,
    count    INTEGER NOT NULL,
    last_at  TEXT NOT NULL
);
-- Finds a profile's rejected rows (verified = 0) newest first without scanning the table.
CREATE INDEX notifications_rejected ON notifications(profile, verified, id);
