-- Local, per-device facts that never sync (this device's actor id, its clock, settings).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The op log: append-only, the source of truth and the audit trail. `seq` is local
-- arrival order; `hlc` (with `actor` breaking ties) is the causal order every device shares.
CREATE TABLE ops (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    hlc         INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    payload     TEXT NOT NULL
) STRICT;
CREATE INDEX ops_by_entity ON ops (entity_kind, entity_id, hlc);

-- Projection of idea ops. `num` is an explicit rowid so the FTS index, which refers to
-- rows by rowid, stays valid across VACUUM.
CREATE TABLE ideas (
    num         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    problem     TEXT NOT NULL,
    solution    TEXT NOT NULL DEFAULT '',
    author      TEXT NOT NULL,
    created_hlc INTEGER NOT NULL,
    updated_hlc INTEGER NOT NULL
) STRICT;
CREATE INDEX ideas_newest_first ON ideas (created_hlc DESC, id DESC);

CREATE VIRTUAL TABLE ideas_fts USING fts5 (
    title, problem, solution,
    content = 'ideas', content_rowid = 'num',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN
    INSERT INTO ideas_fts (rowid, title, problem, solution)
    VALUES (new.num, new.title, new.problem, new.solution);
END;
CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN
    INSERT INTO ideas_fts (ideas_fts, rowid, title, problem, solution)
    VALUES ('delete', old.num, old.title, old.problem, old.solution);
END;
CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, problem, solution ON ideas BEGIN
    INSERT INTO ideas_fts (ideas_fts, rowid, title, problem, solution)
    VALUES ('delete', old.num, old.title, old.problem, old.solution);
    INSERT INTO ideas_fts (rowid, title, problem, solution)
    VALUES (new.num, new.title, new.problem, new.solution);
END;
