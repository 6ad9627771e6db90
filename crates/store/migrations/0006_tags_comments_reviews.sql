-- Who submitted each idea (the creating op's actor), so front doors can tell a person
-- their own ideas. Filled for existing ideas by the rebuild after this migration.
ALTER TABLE ideas ADD COLUMN submitted_by TEXT NOT NULL DEFAULT '';

-- Tags are an add-wins set: each add is named by its op id, and an untag removes only the
-- adds its device had seen. A tag shows while any add of it is unremoved.
CREATE TABLE idea_tag_adds (
    op_id   TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    tag     TEXT NOT NULL
) STRICT;
CREATE INDEX idea_tag_adds_by_idea ON idea_tag_adds (idea_id, tag);

CREATE TABLE idea_tag_removes (
    add_op_id    TEXT NOT NULL,
    remove_op_id TEXT NOT NULL,
    PRIMARY KEY (add_op_id, remove_op_id)
) STRICT, WITHOUT ROWID;

-- Deletes are tombstones: the idea row and its history stay, and it is hidden from lists
-- and search. Kept apart from `ideas` because a delete can arrive before the creation.
CREATE TABLE idea_tombstones (
    idea_id TEXT NOT NULL,
    op_id   TEXT NOT NULL,
    PRIMARY KEY (idea_id, op_id)
) STRICT, WITHOUT ROWID;

-- Append-only records owned by their author (the op's actor); the op id is the record id.
CREATE TABLE idea_comments (
    op_id   TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    author  TEXT NOT NULL,
    text    TEXT NOT NULL
) STRICT;
CREATE INDEX idea_comments_by_idea ON idea_comments (idea_id, hlc);

-- Every submission is kept; a reviewer's latest (by hlc, then op id) is their review.
CREATE TABLE idea_reviews (
    op_id   TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    scores  TEXT NOT NULL,
    note    TEXT NOT NULL
) STRICT;
CREATE INDEX idea_reviews_by_idea ON idea_reviews (idea_id, actor, hlc);
