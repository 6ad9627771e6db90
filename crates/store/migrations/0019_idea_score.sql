-- Each idea's weighted score from its counted reviews, kept on its row by the projection
-- (`rescore`) so the Ideas table sorts by it in SQL. Filled by the projection rebuild that
-- follows this migration: the score is the rubric's arithmetic, which lives in Rust.
ALTER TABLE ideas ADD COLUMN score REAL;
CREATE INDEX ideas_listed_score ON ideas (listed, score DESC, created_hlc DESC, id DESC);
