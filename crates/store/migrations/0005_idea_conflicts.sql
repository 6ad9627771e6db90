-- Fields currently in conflict (more than one unreplaced version), kept up to date as ops
-- are applied so that counting conflicts on every sync does not scan every version.
CREATE TABLE idea_conflicts (
    idea_id TEXT NOT NULL,
    field   TEXT NOT NULL,
    PRIMARY KEY (idea_id, field)
) STRICT, WITHOUT ROWID;

-- Finding this device's unpushed ops on every sync must not scan the whole op log.
CREATE INDEX ops_by_actor ON ops (actor, seq);
