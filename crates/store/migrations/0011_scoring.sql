-- Rubric versions (hub-wide); the current one is the highest version.
CREATE TABLE rubrics (
    op_id   TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    hlc     INTEGER NOT NULL,
    body    TEXT NOT NULL
) STRICT;
CREATE INDEX rubrics_by_version ON rubrics (version, hlc, op_id);

-- Who a lead asked to score each idea (an add-only set).
CREATE TABLE idea_reviewers (
    idea_id  TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    op_id    TEXT NOT NULL,
    PRIMARY KEY (idea_id, reviewer, op_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX idea_reviewers_by_reviewer ON idea_reviewers (reviewer);

-- Consensus notes that settle reviewers' disagreement before a gate.
CREATE TABLE idea_consensus (
    op_id   TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    note    TEXT NOT NULL
) STRICT;
CREATE INDEX idea_consensus_by_idea ON idea_consensus (idea_id, hlc);
