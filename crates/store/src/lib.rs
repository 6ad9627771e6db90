//! Sprout's local SQLite store.
//!
//! It owns the database file: opening it safely (refusing one written by a newer Sprout),
//! running migrations, the op log, and the projection tables derived from it. There is one
//! way to change anything, [`Store::commit`], which appends an op and applies it to the
//! projections in a single transaction.

mod benefits;
mod clock;
mod dashboard;
mod drafts;
mod error;
mod hub;
mod ideas;
mod imports;
mod open;
mod pages;
mod partners;
mod people;
mod poc;
mod projection;
mod records;
mod store;
mod trust;
mod turns;

pub use benefits::{
    BenefitFilter, BenefitReviewEntry, BenefitRow, MoveRow, RollupRow, Stamp, Versioned,
};
pub use clock::{Clock, SystemClock};
pub use dashboard::{CountedIdea, GroupCounts, MonthCounts, StageStay};
pub use error::{DiskTrouble, Error, Result};
pub use hub::{Applied, HubProblem, Unread};
pub use imports::ImportView;
pub use open::{DB_FILE_NAME, SCHEMA_VERSION, create_private_dir};
pub use pages::period_hlc;
pub use partners::PartnerRow;
pub use people::LocalPerson;
pub use projection::FieldConflict;
pub use store::{Admission, Batch, Store};
