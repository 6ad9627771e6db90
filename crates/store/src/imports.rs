//! Ideas imported from spreadsheets: projecting their import record, finding them again
//! by source key, and the column mappings a PC saved for its next import.

use rusqlite::{Connection, OptionalExtension, params};
use sprout_core::{Hlc, Idea, IdeaField, IdeaId, Imported, Op};
use uuid::Uuid;

use crate::error::Result;
use crate::ideas::{COLUMNS, DECISION_JOIN, LIVE, row_to_idea};
use crate::store::{Batch, Store, hlc_to_sql};

/// Suffix of the decision record an imported stage is kept as: `{op id}/imported`.
pub(crate) const DECISION_SUFFIX: &str = "/imported";

/// When an imported idea was created, as the ideas table orders it: the sheet's
/// submission day, so it sits among the rest as it did in the tracker; else the op's time.
pub(crate) fn created_hlc(op: &Op, imported: &Imported) -> i64 {
    let created = chrono::NaiveDate::parse_from_str(&imported.submitted_on, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| u64::try_from(t.and_utc().timestamp_millis()).ok())
        .map_or(op.hlc, |millis| Hlc::new(millis, 0));
    hlc_to_sql(created)
}

/// Applies the rest of an `IdeaCreated`'s import record once the idea's row is written
/// (with its key, first submitter and supporters): the tracker's decision, if it had one.
pub(crate) fn project(conn: &Connection, op: &Op, idea: &str, imported: &Imported) -> Result<()> {
    if let Some(decision) = imported.decision {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO idea_decisions
                 (op_id, idea_id, hlc, actor, from_stage, to_stage, decision, rationale)
             VALUES (?1, ?2, ?3, ?4, 'submitted', ?5, ?6, ?7)",
        )?
        .execute(params![
            format!("{}{DECISION_SUFFIX}", op.id.0),
            idea,
            hlc_to_sql(op.hlc),
            op.actor.to_string(),
            imported.stage.key(),
            decision.key(),
            imported.rationale,
        ])?;
    }
    Ok(())
}

/// What an import reads to tell a new row from one it made before: the same answers
/// inside a [`Batch`] as outside it.
#[derive(Debug, Clone, Copy)]
pub struct ImportView<'c>(&'c Connection);

impl ImportView<'_> {
    pub fn idea(&self, id: IdeaId) -> Result<Option<Idea>> {
        let sql =
            format!("SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE i.id = ?1 AND {LIVE}");
        Ok(self.0.prepare_cached(&sql)?.query_row([id.to_string()], row_to_idea).optional()?)
    }

    /// The live idea an earlier import made from the row with this source key.
    pub fn idea_by_key(&self, key: &str) -> Result<Option<IdeaId>> {
        // min() rather than ORDER BY … LIMIT 1, which the planner may answer by walking
        // every idea in date order; two ideas share a key only if two PCs imported the
        // same sheet before syncing, and then every device picks the same one.
        let sql = format!("SELECT min(i.id) FROM ideas i WHERE i.import_key = ?1 AND {LIVE}");
        let id: Option<String> = self.0.prepare_cached(&sql)?.query_row([key], |r| r.get(0))?;
        Ok(id.and_then(|s| Uuid::parse_str(&s).ok()).map(IdeaId::from_uuid))
    }

    /// A field's visible value, empty if it has none.
    pub fn field(&self, id: IdeaId, field: IdeaField) -> Result<String> {
        field_value(self.0, id, field)
    }
}

/// A field's visible value (its latest version), empty if it has none.
pub(crate) fn field_value(conn: &Connection, id: IdeaId, field: IdeaField) -> Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT value FROM idea_field_versions WHERE idea_id = ?1 AND field = ?2
         ORDER BY hlc DESC, actor DESC LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![id.to_string(), field.name()], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

impl Store {
    pub fn import_view(&self) -> ImportView<'_> {
        ImportView(self.connection())
    }

    /// Saves a column mapping under `name` on this PC, replacing one of the same name.
    pub fn save_import_mapping(&self, name: &str, mapping: &str) -> Result<()> {
        self.connection().execute(
            "INSERT INTO import_mappings (name, mapping) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping",
            params![name, mapping],
        )?;
        Ok(())
    }

    pub fn import_mapping(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .connection()
            .query_row("SELECT mapping FROM import_mappings WHERE name = ?1", [name], |r| r.get(0))
            .optional()?)
    }

    pub fn import_mapping_names(&self) -> Result<Vec<String>> {
        let mut stmt =
            self.connection().prepare("SELECT name FROM import_mappings ORDER BY name")?;
        let names = stmt.query_map([], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}

impl Batch<'_, '_> {
    pub fn import_view(&self) -> ImportView<'_> {
        ImportView(self.connection())
    }
}
