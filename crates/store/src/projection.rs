//! Applying ops to the projection tables. Must be deterministic: replaying the op log
//! from empty yields exactly the live tables (see `tests/rebuild.rs`).

use rusqlite::{Connection, params};
use sprout_core::{IdeaField, IdeaId, Op, OpPayload};

use crate::error::{Error, Result};
use crate::store::hlc_to_sql;

pub(crate) fn apply(conn: &Connection, op: &Op) -> Result<()> {
    let hlc = hlc_to_sql(op.hlc);
    let id = op.entity_id.to_string();
    match &op.payload {
        OpPayload::IdeaCreated(c) => {
            conn.execute(
                "INSERT INTO ideas (id, title, problem, solution, author, created_hlc, updated_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, c.title, c.problem, c.solution, c.author, hlc],
            )?;
        }
        OpPayload::IdeaEdited(e) => {
            let mut assignments = vec!["updated_hlc = ?1".to_owned()];
            let mut values: Vec<&dyn rusqlite::ToSql> = vec![&hlc, &id];
            for (field, value) in &e.set {
                let column = idea_column(*field).ok_or_else(|| Error::InvalidOp {
                    op: op.id.0.to_string(),
                    reason: format!("it sets the read-only field {field}"),
                })?;
                values.push(value);
                assignments.push(format!("{column} = ?{}", values.len()));
            }
            let sql = format!("UPDATE ideas SET {} WHERE id = ?2", assignments.join(", "));
            if conn.execute(&sql, values.as_slice())? == 0 {
                return Err(Error::IdeaNotFound(IdeaId::from_uuid(op.entity_id)));
            }
        }
    }
    Ok(())
}

/// Empties every projection table (the FTS index follows through its triggers).
pub(crate) fn clear(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM ideas", [])?;
    Ok(())
}

fn idea_column(field: IdeaField) -> Option<&'static str> {
    match field {
        IdeaField::Title => Some("title"),
        IdeaField::Problem => Some("problem"),
        IdeaField::Solution => Some("solution"),
        IdeaField::Id => None,
    }
}
