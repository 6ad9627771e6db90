-- Partners and partnerships (sprout-core partner.rs): every version of every field of every
-- record, merged as a POC's records are (the greatest (hlc, actor) stands). A record belongs
-- to the entity (partner or partnership) it was written under.
CREATE TABLE partner_field_versions (
    entity_id TEXT NOT NULL,
    record TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL,
    op_id TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (entity_id, record, record_id, field, hlc, actor)
) WITHOUT ROWID;
CREATE INDEX partner_records_by_kind ON partner_field_versions (record, entity_id, record_id);

-- Stage moves: append-only, each its own op; the stage is worked out over all of them.
CREATE TABLE partnership_moves (
    op_id TEXT PRIMARY KEY,
    partnership_id TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    rationale TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    actor TEXT NOT NULL
);
CREATE INDEX partnership_moves_by_partnership ON partnership_moves (partnership_id, hlc, op_id);
