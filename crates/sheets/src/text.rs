//! Telling how a CSV file was written, and keeping text that looks like a formula text.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The characters a spreadsheet program takes as the start of a formula (OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Text a cell may hold as written, or with a leading apostrophe if a spreadsheet
/// program opening the file would otherwise run it as a formula.
pub fn guard_formula(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) { format!("'{text}").into() } else { text.into() }
}

/// Undoes [`guard_formula`], so a sheet exported and imported again keeps its text.
pub fn unguard_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => text,
    }
}

/// The file's encoding: its BOM's if it has one; else UTF-8 if every byte of it is valid
/// UTF-8 (read through once, in pieces, so memory stays flat); else Windows-1252, which
/// is what Excel on a British Windows PC writes as "CSV".
pub(crate) fn sniff_encoding(mut file: impl Read) -> std::io::Result<&'static Encoding> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carried = 0;
    let mut first = true;
    loop {
        let n = file.read(&mut buf[carried..])?;
        let filled = carried + n;
        if first {
            first = false;
            if let Some((encoding, _)) = Encoding::for_bom(&buf[..filled]) {
                return Ok(encoding);
            }
        }
        if n == 0 {
            // A sequence cut off by the end of the file is not UTF-8.
            return Ok(if carried == 0 { UTF_8 } else { WINDOWS_1252 });
        }
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() => {
                // A character split across two reads: keep its first bytes for the next.
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carried = filled - valid;
            }
            Err(_) => return Ok(WINDOWS_1252),
        }
    }
}

/// Whether an encoding is one the BOM sniffing above can return for UTF-16.
pub(crate) fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// The delimiter of a CSV file from its header line: whichever of comma, semicolon
/// (Excel in much of Europe), tab or pipe appears most outside quotes.
pub(crate) fn sniff_delimiter(header: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for c in header.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (d, n) in &mut counts {
                if *d == c {
                    *n += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|(_, n)| *n).filter(|(_, n)| *n > 0).map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_kept_as_text_and_come_back() {
        for raw in ["=HYPERLINK(\"http://x\",\"click\")", "+44 7700", "-5", "@SUM(A1)", "\tx"] {
            let guarded = guard_formula(raw);
            assert!(guarded.starts_with('\''), "{raw}");
            assert_eq!(unguard_formula(&guarded), raw);
        }
        assert_eq!(guard_formula("Falls at night"), "Falls at night");
        assert_eq!(unguard_formula("'tis the season"), "'tis the season");
    }

    #[test]
    fn encodings_are_told_apart() {
        let sniff = |bytes: &[u8]| sniff_encoding(bytes).map(Encoding::name).unwrap_or("?");
        assert_eq!(sniff(b"Title,Problem\nCaf\xc3\xa9,x"), "UTF-8");
        assert_eq!(sniff(b"\xef\xbb\xbfTitle"), "UTF-8");
        assert_eq!(sniff(b"Title\nCaf\xe9 \x93quoted\x94"), "windows-1252");
        assert_eq!(sniff(b"\xff\xfeT\0"), "UTF-16LE");
        // A UTF-8 character split across the 64 KiB reads is still UTF-8.
        let mut long = vec![b'a'; 64 * 1024 - 1];
        long.extend("é".as_bytes());
        assert_eq!(sniff(&long), "UTF-8");
    }

    #[test]
    fn delimiters_are_found_outside_quotes() {
        assert_eq!(sniff_delimiter("Title,Problem,Site"), b',');
        assert_eq!(sniff_delimiter("Title;Problem;\"Site, ward\""), b';');
        assert_eq!(sniff_delimiter("Title\tProblem"), b'\t');
        assert_eq!(sniff_delimiter("Title"), b',');
    }
}
