-- Duplicates a lead folded into another idea. A merge stands until an undo that saw it.
CREATE TABLE idea_merges (
    op_id   TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    into_id TEXT NOT NULL,
    hlc     INTEGER NOT NULL
) STRICT;
CREATE INDEX idea_merges_by_idea ON idea_merges (idea_id);

CREATE TABLE idea_merge_undos (
    merge_op_id TEXT NOT NULL,
    undo_op_id  TEXT NOT NULL,
    PRIMARY KEY (merge_op_id, undo_op_id)
) STRICT, WITHOUT ROWID;
