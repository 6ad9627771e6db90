//! Drafts: one per person on this PC, outside the op log, so they never travel.

use rusqlite::{OptionalExtension, params};

use crate::error::Result;
use crate::store::Store;

impl Store {
    /// Keeps `body` as `owner`'s draft, replacing the one before, in one transaction.
    pub fn save_draft(&self, owner: &str, body: &str) -> Result<()> {
        let saved_at = self.now().to_rfc3339();
        self.connection().execute(
            "INSERT INTO drafts (owner, body, saved_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (owner) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
            params![owner, body, saved_at],
        )?;
        Ok(())
    }

    /// `owner`'s draft and when it was saved (RFC 3339), if there is one.
    pub fn draft(&self, owner: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .connection()
            .query_row("SELECT body, saved_at FROM drafts WHERE owner = ?1", [owner], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?)
    }

    pub fn discard_draft(&self, owner: &str) -> Result<()> {
        self.connection().execute("DELETE FROM drafts WHERE owner = ?1", [owner])?;
        Ok(())
    }
}
