-- Ideas brought in from a spreadsheet: the row's source key (a hash), so importing the
-- sheet again finds the idea it made; who the sheet says first submitted it; and the
-- supporters the old tracker counted.
ALTER TABLE ideas ADD COLUMN import_key TEXT;
ALTER TABLE ideas ADD COLUMN original_submitter TEXT;
ALTER TABLE ideas ADD COLUMN imported_supporters INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ideas_by_import_key ON ideas (import_key) WHERE import_key IS NOT NULL;

-- Column mappings saved by name on this PC for the next import: local, never synced.
CREATE TABLE import_mappings (
    name    TEXT PRIMARY KEY,
    mapping TEXT NOT NULL
) STRICT;
