-- Decisions at gates: append-only records owned by the lead who made them. An idea's
-- stage is the `to_stage` of its latest decision by (hlc, op_id); with none, it is
-- 'submitted'. Framework answers need no table: they are ordinary field versions.
CREATE TABLE idea_decisions (
    op_id      TEXT PRIMARY KEY,
    idea_id    TEXT NOT NULL,
    hlc        INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    decision   TEXT NOT NULL,
    rationale  TEXT NOT NULL
) STRICT;
CREATE INDEX idea_decisions_by_idea ON idea_decisions (idea_id, hlc, op_id);
