//! Writing sheets in which no cell runs as a formula.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{Format as CellFormat, Workbook};

use crate::error::{Error, Result};
use crate::text::guard_formula;

/// One cell to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

fn write_error(e: impl std::fmt::Display) -> Error {
    Error::Write(e.to_string())
}

/// An `.xlsx` workbook written a sheet at a time, each streamed to a temporary file so
/// that 100 000 rows take no more memory than ten.
pub struct XlsxOut {
    book: Workbook,
}

impl std::fmt::Debug for XlsxOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("XlsxOut")
    }
}

impl Default for XlsxOut {
    fn default() -> Self {
        XlsxOut { book: Workbook::new() }
    }
}

impl XlsxOut {
    /// Adds a sheet: a bold header row, frozen, then `rows`. Text is always written as
    /// a text cell, never as a formula, whatever it starts with.
    pub fn sheet<E: From<Error>>(
        &mut self,
        name: &str,
        header: &[&str],
        rows: impl IntoIterator<Item = Result<Vec<Cell>, E>>,
    ) -> Result<(), E> {
        let bold = CellFormat::new().set_bold();
        let sheet = self.book.add_worksheet_with_constant_memory().map_err(write_error)?;
        sheet.set_name(name).map_err(write_error)?;
        for (c, title) in header.iter().enumerate() {
            let col = u16::try_from(c).map_err(write_error)?;
            sheet.write_string_with_format(0, col, *title, &bold).map_err(write_error)?;
            sheet.set_column_width(col, 18).map_err(write_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(write_error)?;
        for (r, row) in rows.into_iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(write_error)?;
            for (c, cell) in row?.into_iter().enumerate() {
                let col = u16::try_from(c).map_err(write_error)?;
                match cell {
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(t) => {
                        sheet.write_string(at, col, t).map_err(write_error)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(at, col, n).map_err(write_error)?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn save(mut self, path: &Path) -> Result<()> {
        self.book.save(path).map_err(write_error)
    }
}

/// A `.csv` file in UTF-8 with a BOM (so Excel reads its accents right), in which text
/// that would start a formula gets a leading apostrophe.
#[derive(Debug)]
pub struct CsvOut {
    csv: csv::Writer<BufWriter<File>>,
}

impl CsvOut {
    pub fn create(path: &Path, header: &[&str]) -> Result<CsvOut> {
        let mut file = BufWriter::new(File::create(path)?);
        file.write_all("\u{feff}".as_bytes())?;
        let mut csv = csv::Writer::from_writer(file);
        csv.write_record(header).map_err(write_error)?;
        Ok(CsvOut { csv })
    }

    pub fn row(&mut self, cells: &[Cell]) -> Result<()> {
        let texts = cells.iter().map(|c| match c {
            Cell::Text(t) => guard_formula(t).into_owned(),
            Cell::Number(n) => format!("{}", n + 0.0),
        });
        self.csv.write_record(texts).map_err(write_error)
    }

    pub fn finish(mut self) -> Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}
