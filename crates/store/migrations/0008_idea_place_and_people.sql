-- Who a problem affects and where it was seen, kept on the idea row (their winning
-- versions) so lists and filters need no join. Ideas from before had none.
ALTER TABLE ideas ADD COLUMN affects TEXT NOT NULL DEFAULT '';
ALTER TABLE ideas ADD COLUMN site TEXT NOT NULL DEFAULT '';
ALTER TABLE ideas ADD COLUMN department TEXT NOT NULL DEFAULT '';
CREATE INDEX ideas_by_site ON ideas (site, department);
