-- Every value ever written to an idea field, so that merging two devices' edits never
-- loses one. The projection shows the greatest version by (hlc, actor).
CREATE TABLE idea_field_versions (
    idea_id TEXT NOT NULL,
    field   TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (idea_id, field, hlc, actor)
) STRICT, WITHOUT ROWID;

-- Which versions each version replaced. A version nobody replaced is a leaf; a field with
-- more than one leaf is in conflict until someone resolves it. Edges may name versions
-- that have not arrived yet, so the result does not depend on arrival order.
CREATE TABLE idea_field_supersedes (
    idea_id   TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_hlc   INTEGER NOT NULL,
    old_actor TEXT NOT NULL,
    hlc       INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    PRIMARY KEY (idea_id, field, old_hlc, old_actor, hlc, actor)
) STRICT, WITHOUT ROWID;
