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
    -- It has both a baseline and a target.
    measured INTEGER NOT NULL,
    state TEXT NOT NULL,
    -- The estimate validated, in thousandths (tenths of a penny for money).
    estimate INTEGER,
    created_hlc INTEGER NOT NULL,
    PRIMARY KEY (idea_id, benefit_id)
) STRICT;
CREATE INDEX benefits_by_state ON benefits (state, created_hlc);
CREATE INDEX benefits_by_class ON benefits (class, created_hlc);

-- The forecast and actual standing for each benefit, quarter and site (the greatest
-- (hlc, actor) of its entries), in thousandths, exactly. The benefit's class, whether it
-- is money and whether it is verified are copied onto each row so the roll-up sums one
-- covering index.
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
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (idea_id, benefit_id, kind, quarter, site)
) WITHOUT ROWID;
CREATE INDEX benefit_values_rollup
    ON benefit_values (known, quarter, kind, money, class, verified, site, milli, idea_id);
