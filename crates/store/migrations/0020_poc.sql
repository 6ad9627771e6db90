-- A POC's child records (hypotheses, metrics, milestones): every version of every field,
-- merged as an idea's fields are (the greatest (hlc, actor) stands). A record belongs to
-- the idea and part it was written under: the same id under another idea is another
-- record, so an op cannot reach into someone else's POC.
CREATE TABLE poc_field_versions (
    idea_id TEXT NOT NULL,
    part TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL,
    op_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (idea_id, part, record_id, field, hlc, actor)
) WITHOUT ROWID;

-- Append-only entries: metrics' actuals and status notes, each its own op, all kept.
CREATE TABLE poc_entries (
    op_id TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    metric_id TEXT,
    value TEXT NOT NULL,
    date TEXT NOT NULL,
    note TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX poc_entries_by_idea ON poc_entries (idea_id, kind, date);
