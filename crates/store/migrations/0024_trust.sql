-- Which changeset (by its author's number) each received op came from, so a member's work
-- from one changeset on can be set aside when the hub proves they equivocated or an admin
-- revoked them before it. NULL for this device's own ops.
ALTER TABLE ops ADD COLUMN source INTEGER;
CREATE INDEX ops_by_source ON ops (actor, source) WHERE source IS NOT NULL;

-- The author's signed header of the last changeset applied: proof of what they wrote at
-- that number, should the hub later show another.
ALTER TABLE hub_cursors ADD COLUMN proof TEXT NOT NULL DEFAULT '';

-- Changesets other members' devices say they applied, at numbers this device has not read
-- yet: the file it reads there must be the same one.
CREATE TABLE hub_witnessed (
    actor TEXT NOT NULL,
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL,
    by    TEXT NOT NULL,
    PRIMARY KEY (actor, seq, hash)
) STRICT, WITHOUT ROWID;

-- Members whose log stops for good before `from_seq`: they signed two different changesets
-- there (proof is on the hub), so neither is taken, on every device.
CREATE TABLE hub_set_aside (
    actor    TEXT PRIMARY KEY,
    from_seq INTEGER NOT NULL,
    reason   TEXT NOT NULL
) STRICT;
