-- A comment can be a show of support ("+1, we see this too"): counted per person on the
-- idea, so a lead sees how widely a problem is felt without ideas being submitted twice.
ALTER TABLE idea_comments ADD COLUMN support INTEGER NOT NULL DEFAULT 0;
