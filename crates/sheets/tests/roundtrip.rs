//! What Sprout writes it reads back as written, and files in the encodings Excel saves
//! are read as their text.
#![allow(clippy::unwrap_used, reason = "a failing test should panic")]

use std::ops::ControlFlow;
use std::path::Path;

use sprout_sheets::{Cell, CsvOut, Error, Row, XlsxOut, read_rows};

fn rows(path: &Path) -> Vec<Row> {
    let mut all = Vec::new();
    read_rows::<Error>(path, |row| {
        all.push(row);
        Ok(ControlFlow::Continue(()))
    })
    .unwrap();
    all
}

#[test]
fn a_workbook_and_a_csv_read_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let formula = r#"=HYPERLINK("http://x","click")"#;
    let body =
        || vec![Ok::<_, Error>(vec![Cell::from(formula), Cell::Number(3.0), Cell::from("Café")])];
    let xlsx = dir.path().join("out.xlsx");
    let mut book = XlsxOut::default();
    book.sheet("Notes", &["Other"], Vec::<Result<Vec<Cell>, Error>>::new()).unwrap();
    book.sheet("Ideas", &["Title", "Supporters", "Site"], body()).unwrap();
    book.save(&xlsx).unwrap();
    let read = rows(&xlsx);
    assert_eq!(read.len(), 2, "the Ideas sheet, whichever sheet comes first");
    assert_eq!(read[1].number, 2);
    assert_eq!(read[1].cells, [formula, "3", "Café"]);

    let csv = dir.path().join("out.csv");
    let mut out = CsvOut::create(&csv, &["Title", "Supporters", "Site"]).unwrap();
    out.row(&body().remove(0).unwrap()).unwrap();
    out.finish().unwrap();
    let read = rows(&csv);
    assert_eq!(read[0].cells, ["Title", "Supporters", "Site"], "the BOM is not part of the header");
    assert_eq!(read[1].cells, [format!("'{formula}").as_str(), "3", "Café"]);
}

#[test]
fn utf16_and_blank_rows_and_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("utf16.csv");
    let mut bytes = vec![0xff, 0xfe];
    for unit in "Title\tSite\r\n\t\r\nCafé\tRoyal\r\n".encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(&csv, bytes).unwrap();
    let read = rows(&csv);
    assert_eq!(read.len(), 2, "the blank row is skipped");
    assert_eq!(
        (read[1].number, read[1].cells.clone()),
        (3, vec!["Café".to_owned(), "Royal".to_owned()])
    );

    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = read_rows::<Error>(&empty, |_| Ok(ControlFlow::Continue(()))).unwrap_err();
    assert!(err.to_string().contains("has no rows"), "{err}");
}
