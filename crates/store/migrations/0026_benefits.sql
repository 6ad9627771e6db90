-- Benefits realisation (sprout-core benefit.rs). A benefit belongs to the idea it was written
-- under: the same id under another idea is another benefit, so an op cannot reach into
-- someone else's register. Every version of every field is kept (a baseline changed after
-- planning shows in history); the greatest (hlc, actor) stands.
CREATE TABLE benefit_field_versions (
    idea_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL,
    op_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (idea_id, benefit_id, field, hlc, actor)
) WITHOUT ROWID;

-- State moves: append-only; the state is worked out over all of them (replay_benefit).
CREATE TABLE benefit_moves (
    op_id TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    rationale TEXT NOT NULL,
    finance TEXT NOT NULL,
    estimate TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX benefit_moves_by_benefit ON benefit_moves (idea_id, benefit_id, hlc, op_id);

-- Forecasts, actuals and reviews as they arrived, every one kept for history.
CREATE TABLE benefit_entries (
    op_id TEXT PRIMARY KEY,
    idea_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    quarter INTEGER,
    site TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT NOT NULL,
    note TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX benefit_entries_by_benefit ON benefit_entries (idea_id, benefit_id, kind, hlc);

-- Each benefit as it stands, kept by the projection so the register's pages, filters and
-- roll-up read columns instead of merging field versions for 20 000 benefits.
CREATE TABLE benefits (
    idea_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    title TEXT NOT NULL,
    class TEXT NOT NULL,
    category TEXT NOT NULL,
    measure TEXT NOT NULL,
    unit TEXT NOT NULL,
    site TEXT NOT NULL,
    officer TEXT NOT NULL,
    money INTEGER NOT NULL,
    disbenefit INTEGER NOT NULL,
    value_per_year INTEGER,
    timescale INTEGER,
    target_date TEXT NOT NULL,
    -- The financial year its target date falls in (the year it starts in).
    target_year INTEGER,
    -- It has both a baseline and a target.
    measured INTEGER NOT NULL,
    -- Its idea is not deleted: it counts.
    live INTEGER NOT NULL DEFAULT 1,
    state TEXT NOT NULL,
    -- The estimate validated, in thousandths (tenths of a penny for money).
    estimate INTEGER,
    created_hlc INTEGER NOT NULL,
    PRIMARY KEY (idea_id, benefit_id)
) STRICT;
CREATE INDEX benefits_by_state ON benefits (live, state, created_hlc);
CREATE INDEX benefits_by_class ON benefits (live, class, state, created_hlc);
CREATE INDEX benefits_by_idea ON benefits (idea_id, created_hlc);
-- What the roll-up counts and targets read, each from its own covering index.
CREATE INDEX benefits_by_measure ON benefits (live, money, measure, unit, state);
CREATE INDEX benefits_targets ON benefits (live, class, state, value_per_year, timescale, target_year)
    WHERE value_per_year IS NOT NULL;

-- The forecast and actual standing for each benefit, quarter and site (the greatest
-- (hlc, actor) of its entries), in thousandths, exactly. What the roll-up groups by (the
-- benefit's class, measure and unit, whether it is money and verified) is copied onto each
-- row, and `known` says the benefit exists and its idea is not deleted.
CREATE TABLE benefit_values (
    idea_id TEXT NOT NULL,
    benefit_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    quarter INTEGER NOT NULL,
    site TEXT NOT NULL,
    milli INTEGER NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL,
    known INTEGER NOT NULL DEFAULT 0,
    money INTEGER NOT NULL DEFAULT 0,
    class TEXT NOT NULL DEFAULT '',
    measure TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (idea_id, benefit_id, kind, quarter, site)
) WITHOUT ROWID;

-- The roll-up, kept by triggers as values come and go: a few thousand groups however many
-- benefits there are, so the Benefits place sums them in a millisecond. Exact: every
-- value is added once and taken away once, in thousandths.
CREATE TABLE benefit_totals (
    quarter INTEGER NOT NULL,
    kind TEXT NOT NULL,
    money INTEGER NOT NULL,
    class TEXT NOT NULL,
    measure TEXT NOT NULL,
    unit TEXT NOT NULL,
    verified INTEGER NOT NULL,
    site TEXT NOT NULL,
    milli INTEGER NOT NULL,
    PRIMARY KEY (quarter, kind, money, class, measure, unit, verified, site)
) WITHOUT ROWID;

CREATE TRIGGER benefit_values_added AFTER INSERT ON benefit_values WHEN new.known = 1 BEGIN
    INSERT INTO benefit_totals
    SELECT new.quarter, new.kind, new.money, new.class, new.measure, new.unit, new.verified,
           new.site, new.milli
    WHERE true
    ON CONFLICT DO UPDATE SET milli = milli + excluded.milli;
END;

CREATE TRIGGER benefit_values_removed AFTER DELETE ON benefit_values WHEN old.known = 1 BEGIN
    UPDATE benefit_totals SET milli = milli - old.milli
    WHERE quarter = old.quarter AND kind = old.kind AND money = old.money
      AND class = old.class AND measure = old.measure AND unit = old.unit
      AND verified = old.verified AND site = old.site;
END;

CREATE TRIGGER benefit_values_changed AFTER UPDATE ON benefit_values BEGIN
    UPDATE benefit_totals SET milli = milli - old.milli
    WHERE old.known = 1 AND quarter = old.quarter AND kind = old.kind AND money = old.money
      AND class = old.class AND measure = old.measure AND unit = old.unit
      AND verified = old.verified AND site = old.site;
    INSERT INTO benefit_totals
    SELECT new.quarter, new.kind, new.money, new.class, new.measure, new.unit, new.verified,
           new.site, new.milli
    WHERE new.known = 1
    ON CONFLICT DO UPDATE SET milli = milli + excluded.milli;
END;
