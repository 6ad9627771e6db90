-- Hub-wide settings admins publish (today: hospital-number formats). The latest by
-- (hlc, op_id) of each key stands.
CREATE TABLE shared_settings (
    op_id TEXT PRIMARY KEY,
    key   TEXT NOT NULL,
    hlc   INTEGER NOT NULL,
    value TEXT NOT NULL
) STRICT;
CREATE INDEX shared_settings_by_key ON shared_settings (key, hlc, op_id);
