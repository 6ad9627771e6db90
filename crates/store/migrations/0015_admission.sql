-- One admission gate (DESIGN.md §2). Rules that depend on other ops are applied by the
-- projections over the whole set of ops, so every device ends identical whatever order
-- ops arrived in.

-- A gate decision takes effect only if it moves from the stage the idea is in when the
-- decisions are replayed in (hlc, op id) order; one that lost a race is kept and shown.
ALTER TABLE idea_decisions ADD COLUMN took_effect INTEGER NOT NULL DEFAULT 1;
-- Each idea's latest decision that took effect (its stage), for every list and board.
CREATE INDEX idea_decisions_in_effect ON idea_decisions (idea_id, hlc, op_id) WHERE took_effect;

-- An untag removes adds of its own idea only, and an undo undoes merges of its own idea.
ALTER TABLE idea_tag_removes ADD COLUMN idea_id TEXT NOT NULL DEFAULT '';
UPDATE idea_tag_removes SET idea_id = coalesce(
    (SELECT o.entity_id FROM ops o WHERE o.id = idea_tag_removes.remove_op_id), '');
ALTER TABLE idea_merge_undos ADD COLUMN idea_id TEXT NOT NULL DEFAULT '';
UPDATE idea_merge_undos SET idea_id = coalesce(
    (SELECT o.entity_id FROM ops o WHERE o.id = idea_merge_undos.undo_op_id), '');

-- Ops this version cannot read (written by a newer Sprout), kept byte for byte until an
-- update can read them; never refused, never lost.
CREATE TABLE ops_held (
    actor  TEXT NOT NULL,
    path   TEXT NOT NULL,
    body   TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (actor, path, body)
) STRICT, WITHOUT ROWID;

-- The hub's roster as this device last verified it: names shown to people come from
-- here, never from an op's payload.
CREATE TABLE members (
    actor   TEXT PRIMARY KEY,
    person  TEXT NOT NULL,
    site    TEXT NOT NULL,
    roles   TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
