//! Reading partners and partnerships: each record's winning field values, and a
//! partnership's stage moves, as `sprout-core`'s partner_view puts them together.

use std::collections::BTreeMap;

use rusqlite::params;
use sprout_core::{PartnerRecord, PartnershipMove, PartnershipStage};
use uuid::Uuid;

use crate::error::Result;
use crate::ideas::hlc_time;
use crate::store::Store;

/// One record as it stands: the winning value of each field it has had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRow {
    /// The partner or partnership it belongs to.
    pub entity: Uuid,
    pub id: Uuid,
    pub fields: sprout_core::Fields,
    /// When its first field was written, and by whom (an actor id).
    pub created: chrono::DateTime<chrono::Utc>,
    pub created_by: String,
}

impl Store {
    /// Every record of `kind`, or only those under `entity`, oldest first.
    pub fn partner_records(
        &self,
        kind: PartnerRecord,
        entity: Option<Uuid>,
    ) -> Result<Vec<PartnerRow>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT entity_id, record_id, field, value, first_hlc, first_actor FROM (
                 SELECT entity_id, record_id, field, value,
                        row_number() OVER (PARTITION BY entity_id, record_id, field
                                           ORDER BY hlc DESC, actor DESC) AS rank,
                        first_value(hlc) OVER (PARTITION BY entity_id, record_id
                                               ORDER BY hlc, actor) AS first_hlc,
                        first_value(actor) OVER (PARTITION BY entity_id, record_id
                                                 ORDER BY hlc, actor) AS first_actor
                 FROM partner_field_versions
                 WHERE record = ?1 AND (?2 IS NULL OR entity_id = ?2))
             WHERE rank = 1
             ORDER BY first_hlc, record_id",
        )?;
        let mut rows: Vec<PartnerRow> = Vec::new();
        let mut at: BTreeMap<(Uuid, Uuid), usize> = BTreeMap::new();
        let entity = entity.map(|e| e.to_string());
        for row in stmt.query_map(params![kind.key(), entity], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })? {
            let (entity, id, field, value, first, by) = row?;
            let (Ok(entity), Ok(id)) = (Uuid::parse_str(&entity), Uuid::parse_str(&id)) else {
                continue;
            };
            let i = *at.entry((entity, id)).or_insert_with(|| {
                rows.push(PartnerRow {
                    entity,
                    id,
                    fields: BTreeMap::new(),
                    created: hlc_time(first),
                    created_by: by,
                });
                rows.len() - 1
            });
            rows[i].fields.insert(field, value);
        }
        Ok(rows)
    }

    /// How many field versions of partnership records this PC holds: it grows with every
    /// partnership op, so a lead's PC can tell cheaply that nothing changed.
    pub fn partner_field_version_count(&self) -> Result<u64> {
        let n: i64 = self
            .connection()
            .prepare_cached("SELECT count(*) FROM partner_field_versions")?
            .query_row([], |r| r.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// A partnership's stage moves in the order every device replays them, each with
    /// `took_effect` still to be worked out.
    pub fn partnership_moves(&self, partnership: Uuid) -> Result<Vec<PartnershipMove>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT from_stage, to_stage, rationale, actor, hlc FROM partnership_moves
             WHERE partnership_id = ?1 ORDER BY hlc, op_id",
        )?;
        let mut moves = Vec::new();
        for row in stmt.query_map([partnership.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })? {
            let (from, to, rationale, by, hlc) = row?;
            let (Ok(from), Ok(to)) = (PartnershipStage::parse(&from), PartnershipStage::parse(&to))
            else {
                continue;
            };
            moves.push(PartnershipMove {
                from,
                to,
                rationale,
                by_name: self.name_of(&by)?,
                by,
                date: hlc_time(hlc).format("%Y-%m-%d").to_string(),
                took_effect: false,
            });
        }
        Ok(moves)
    }
}
