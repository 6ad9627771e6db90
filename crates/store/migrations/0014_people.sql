-- The people who use Sprout on this PC besides the person who set it up (whose name is a
-- setting). Each is an actor of their own, with their own key. Local only: never in the
-- op log, never synced; the hub's roster says what each may do.
CREATE TABLE people (
    actor       TEXT PRIMARY KEY,
    person      TEXT NOT NULL,
    site        TEXT NOT NULL DEFAULT '',
    -- Their signing key is sealed with a passphrase they chose.
    sealed      INTEGER NOT NULL DEFAULT 0 CHECK (sealed IN (0, 1)),
    enrolled_at TEXT NOT NULL
) STRICT;
