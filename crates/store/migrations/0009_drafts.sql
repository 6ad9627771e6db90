-- What a person was typing before they saved, so a crash or a power cut loses nothing.
-- Local to this PC and to this person: never in the op log, never synced.
CREATE TABLE drafts (
    owner    TEXT PRIMARY KEY,
    body     TEXT NOT NULL,
    saved_at TEXT NOT NULL
) STRICT;
