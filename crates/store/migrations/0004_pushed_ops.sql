-- Which of this device's ops are in a changeset on the hub. Tracked per op rather than
-- as a high-water mark, because a device restored from an older backup can find its own
-- later changesets on the hub and must take their ops back without skipping new ones.
CREATE TABLE hub_pushed (
    op_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

INSERT INTO hub_pushed (op_id)
SELECT o.id FROM ops o
WHERE o.actor = (SELECT value FROM meta WHERE key = 'actor_id')
  AND o.seq <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'hub.pushed_through'), 0);

DELETE FROM meta WHERE key = 'hub.pushed_through';
