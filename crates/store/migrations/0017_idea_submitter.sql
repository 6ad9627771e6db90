-- *My ideas* and its "changed since you last looked" read a person's ideas by submitter:
-- an index keeps that one page's work at 100 000 ideas.
CREATE INDEX ideas_by_submitter ON ideas (submitted_by, created_hlc DESC, id DESC);

