-- For each actor, the last changeset applied from the hub (for this device's own actor:
-- the last one pushed). The next file to read is seq + 1, chained to `hash`.
CREATE TABLE hub_cursors (
    actor TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
) STRICT;

-- Files and ops the hub offered that were refused or held back, with the reason, so a
-- person can see them and nothing is silently dropped.
CREATE TABLE hub_problems (
    path       TEXT PRIMARY KEY,
    reason     TEXT NOT NULL,
    first_seen TEXT NOT NULL
) STRICT;
