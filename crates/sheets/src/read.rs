//! Streaming a sheet's rows as text.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::ops::ControlFlow;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, open_workbook};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::error::{Error, Result};
use crate::text::{is_utf16, sniff_delimiter, sniff_encoding};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Csv,
}

impl Format {
    /// The format a file's name says it is in.
    pub fn of(path: &Path) -> Result<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        match ext.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Ok(Format::Xlsx),
            "csv" | "tsv" | "txt" => Ok(Format::Csv),
            _ => Err(Error::UnknownFormat { path: path.to_owned() }),
        }
    }
}

/// One row of a sheet as text, numbered as the spreadsheet program shows it (the header
/// is row 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

/// Calls `each` with every non-blank row of the file in turn, the header first, holding
/// one row at a time; `each` stops the reading early by returning `Break`. Returns how
/// many rows `each` saw.
pub fn read_rows<E: From<Error>>(
    path: &Path,
    mut each: impl FnMut(Row) -> Result<ControlFlow<()>, E>,
) -> Result<usize, E> {
    let unreadable = |reason: String| Error::Unreadable { path: path.to_owned(), reason };
    let mut seen = 0;
    let mut give = |row: Row| -> Result<ControlFlow<()>, E> {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(ControlFlow::Continue(()));
        }
        seen += 1;
        each(row)
    };
    match Format::of(path)? {
        Format::Xlsx => {
            let mut book: Xlsx<_> =
                open_workbook(path).map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
            let names = book.sheet_names();
            // Sprout's own export puts ideas first; a tracker may have other sheets too.
            let Some(name) = names
                .iter()
                .find(|n| n.eq_ignore_ascii_case("ideas"))
                .or_else(|| names.first())
                .cloned()
            else {
                return Err(Error::Empty { path: path.to_owned() }.into());
            };
            let mut cells =
                book.worksheet_cells_reader(&name).map_err(|e| unreadable(e.to_string()))?;
            let mut row = Row { number: 0, cells: Vec::new() };
            while let Some(cell) = cells.next_cell().map_err(|e| unreadable(e.to_string()))? {
                let (r, c) = cell.get_position();
                let number = r as usize + 1;
                if number != row.number && !row.cells.is_empty() {
                    let done = std::mem::replace(&mut row, Row { number, cells: Vec::new() });
                    if give(done)?.is_break() {
                        return Ok(seen);
                    }
                }
                row.number = number;
                let c = c as usize;
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, String::new());
                }
                row.cells[c] = as_text(cell.get_value());
            }
            if !row.cells.is_empty() {
                let _last = give(row)?;
            }
        }
        Format::Csv => {
            let open = || File::open(path).map_err(|e| unreadable(e.to_string()));
            let encoding = sniff_encoding(open()?).map_err(|e| unreadable(e.to_string()))?;
            let decoded = DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .utf8_passthru(false)
                .build(open()?);
            let mut text = BufReader::new(decoded);
            let mut header = String::new();
            text.read_line(&mut header).map_err(|e| unreadable(e.to_string()))?;
            if is_utf16(encoding) || header.starts_with('\u{feff}') {
                header = header.trim_start_matches('\u{feff}').to_owned();
            }
            let delimiter = sniff_delimiter(&header);
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(delimiter)
                .from_reader(Cursor::new(header.into_bytes()).chain(text));
            let mut record = csv::StringRecord::new();
            let mut number = 0;
            while csv.read_record(&mut record).map_err(|e| unreadable(e.to_string()))? {
                number += 1;
                let cells = record.iter().map(str::to_owned).collect();
                if give(Row { number, cells })?.is_break() {
                    return Ok(seen);
                }
            }
        }
    }
    if seen == 0 {
        return Err(Error::Empty { path: path.to_owned() }.into());
    }
    Ok(seen)
}

/// A cell as the text a person sees, with dates as YYYY-MM-DD (and the time, if any).
fn as_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => format!("{}", f + 0.0),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
    }
}
