//! Spreadsheets in and out, knowing nothing of ideas.
//!
//! Reading streams a sheet row by row as text, whichever program wrote it: `.xlsx` through
//! calamine's cell reader, `.csv` in any common delimiter and encoding (UTF-8 with or
//! without a BOM, UTF-16 with one, Windows-1252). Writing makes `.xlsx` workbooks and `.csv`
//! files in which no cell is ever a formula: text that starts like one (`=`, `+`, `-`,
//! `@`, tab, carriage return) stays text in Excel and LibreOffice.

mod error;
mod read;
mod text;
mod write;

pub use error::{Error, Result};
pub use read::{Format, Row, read_rows, read_rows_in};
pub use text::{guard_formula, unguard_formula};
pub use write::{Cell, CsvOut, XlsxOut};
