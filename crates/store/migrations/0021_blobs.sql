-- Files attached to POCs, by SHA-256: kept on this PC from the moment they are attached
-- (so an offline PC loses nothing) until pushed to the hub's `blobs/`, and afterwards as
-- the copy this PC reads. Files read from the hub are stored here once their hash checks.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    bytes BLOB NOT NULL,
    pushed INTEGER NOT NULL DEFAULT 0 CHECK (pushed IN (0, 1))
) STRICT;
