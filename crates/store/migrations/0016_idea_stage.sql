-- Each idea's stage, kept on its row by the projection (the `to_stage` of its latest
-- decision that took effect, else submitted), so the Ideas table filters, counts and
-- pages by stage with an index instead of a lookup per idea.
ALTER TABLE ideas ADD COLUMN stage TEXT NOT NULL DEFAULT 'submitted';
UPDATE ideas SET stage = coalesce(
    (SELECT x.to_stage FROM idea_decisions x WHERE x.idea_id = ideas.id AND x.took_effect
     ORDER BY x.hlc DESC, x.op_id DESC LIMIT 1),
    'submitted');
CREATE INDEX ideas_by_stage ON ideas (stage, created_hlc DESC, id DESC);
