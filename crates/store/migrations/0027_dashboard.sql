-- The dashboard's filters, each answered from an index: when an idea entered the stage it
-- is at (for how long it has waited), and the gate decisions that took effect by the stage
-- they moved to, the stage they left, and when.
ALTER TABLE ideas ADD COLUMN stage_since INTEGER NOT NULL DEFAULT 0;
UPDATE ideas SET stage_since = coalesce(
    (SELECT max(d.hlc) FROM idea_decisions d WHERE d.idea_id = ideas.id AND d.took_effect),
    created_hlc);
CREATE INDEX ideas_waiting ON ideas (listed, stage, stage_since);
-- By site and by department, counted from indexes alone: submitted in a period (a range
-- of submissions), and at a stage now (the few ideas in a POC or adopted).
CREATE INDEX ideas_created_groups ON ideas (listed, created_hlc, site, department);
CREATE INDEX ideas_by_department ON ideas (listed, stage, department, site);
-- When the idea entered the stage a decision took it out of (the decision before, or its
-- submission): time in stage without a window over every decision. Filled by the rebuild
-- this migration asks for.
ALTER TABLE idea_decisions ADD COLUMN stayed_from INTEGER;
CREATE INDEX idea_decisions_entered ON idea_decisions (to_stage, hlc, idea_id) WHERE took_effect;
CREATE INDEX idea_decisions_left ON idea_decisions (from_stage, hlc, idea_id) WHERE took_effect;
CREATE INDEX idea_decisions_when ON idea_decisions (hlc, idea_id) WHERE took_effect;
