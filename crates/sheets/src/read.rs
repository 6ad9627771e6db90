//! Streaming a sheet's rows as text.

use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read, Seek};
use std::ops::ControlFlow;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx};
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
    each: impl FnMut(Row) -> Result<ControlFlow<()>, E>,
) -> Result<usize, E> {
    let open = || File::open(path).map_err(|e| unreadable(path, &e));
    match Format::of(path)? {
        Format::Xlsx => {
            let book = Xlsx::new(BufReader::new(open()?)).map_err(|e| unreadable(path, &e))?;
            xlsx_rows(book, path, each)
        }
        Format::Csv => csv_rows(open, path, each),
    }
}

/// As [`read_rows`], for a file already in memory (one a person dropped on the window);
/// `name` is its file name, which says its format.
pub fn read_rows_in<E: From<Error>>(
    name: &str,
    bytes: &[u8],
    each: impl FnMut(Row) -> Result<ControlFlow<()>, E>,
) -> Result<usize, E> {
    let path = Path::new(name);
    match Format::of(path)? {
        Format::Xlsx => {
            let book = Xlsx::new(Cursor::new(bytes))
                .map_err(|e| Error::Unreadable { path: path.to_owned(), reason: e.to_string() })?;
            xlsx_rows(book, path, each)
        }
        Format::Csv => csv_rows(|| Ok(Cursor::new(bytes)), path, each),
    }
}

fn unreadable(path: &Path, e: &dyn std::fmt::Display) -> Error {
    Error::Unreadable { path: path.to_owned(), reason: e.to_string() }
}

/// Skips blank rows and counts the rest, for [`read_rows`]'s two formats.
struct Rows<F> {
    each: F,
    seen: usize,
}

impl<F> Rows<F> {
    fn give<E>(&mut self, row: Row) -> Result<ControlFlow<()>, E>
    where
        F: FnMut(Row) -> Result<ControlFlow<()>, E>,
    {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            return Ok(ControlFlow::Continue(()));
        }
        self.seen += 1;
        (self.each)(row)
    }

    fn done<E: From<Error>>(self, path: &Path) -> Result<usize, E> {
        if self.seen == 0 {
            return Err(Error::Empty { path: path.to_owned() }.into());
        }
        Ok(self.seen)
    }
}

fn xlsx_rows<RS: Read + Seek, E: From<Error>>(
    mut book: Xlsx<RS>,
    path: &Path,
    each: impl FnMut(Row) -> Result<ControlFlow<()>, E>,
) -> Result<usize, E> {
    let mut rows = Rows { each, seen: 0 };
    let names = book.sheet_names();
    // Sprout's own export puts ideas first; a tracker may have other sheets too.
    let Some(name) =
        names.iter().find(|n| n.eq_ignore_ascii_case("ideas")).or_else(|| names.first()).cloned()
    else {
        return rows.done(path);
    };
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| unreadable(path, &e))?;
    let mut row = Row { number: 0, cells: Vec::new() };
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(path, &e))? {
        let (r, c) = cell.get_position();
        let number = r as usize + 1;
        if number != row.number && !row.cells.is_empty() {
            let done = std::mem::replace(&mut row, Row { number, cells: Vec::new() });
            if rows.give(done)?.is_break() {
                return rows.done(path);
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
        let _last = rows.give(row)?;
    }
    rows.done(path)
}

fn csv_rows<R: Read, E: From<Error>>(
    open: impl Fn() -> Result<R, Error>,
    path: &Path,
    each: impl FnMut(Row) -> Result<ControlFlow<()>, E>,
) -> Result<usize, E> {
    let mut rows = Rows { each, seen: 0 };
    let encoding = sniff_encoding(open()?).map_err(|e| unreadable(path, &e))?;
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .utf8_passthru(false)
        .build(open()?);
    let mut text = BufReader::new(decoded);
    let mut header = String::new();
    text.read_line(&mut header).map_err(|e| unreadable(path, &e))?;
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
    while csv.read_record(&mut record).map_err(|e| unreadable(path, &e))? {
        number += 1;
        let cells = record.iter().map(str::to_owned).collect();
        if rows.give(Row { number, cells })?.is_break() {
            break;
        }
    }
    rows.done(path)
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
