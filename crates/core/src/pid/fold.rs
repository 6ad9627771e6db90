//! Folding text to the plain ASCII the guard's rules are written for, so an identifier
//! typed with full-width or Arabic-Indic digits, non-breaking or zero-width spaces, en
//! dashes or a full-width at-sign reads like one typed plainly. Each folded byte remembers
//! the character it came from, so a hit marks exactly what the person typed.

/// `text` folded to ASCII, one byte per kept character.
pub(super) struct Folded {
    pub bytes: Vec<u8>,
    /// For each byte of `bytes`, the index (in characters) of the character it came from.
    origin: Vec<u32>,
    /// The byte offset in the original text of each character, and the text's length.
    char_starts: Vec<usize>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let mut bytes = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        let mut char_starts = Vec::with_capacity(text.len() + 1);
        for (index, (at, c)) in text.char_indices().enumerate() {
            char_starts.push(at);
            if let Some(b) = fold(c) {
                bytes.push(b);
                origin.push(u32::try_from(index).unwrap_or(u32::MAX));
            }
        }
        char_starts.push(text.len());
        Folded { bytes, origin, char_starts }
    }

    /// The original characters `[start, end)` behind folded bytes `[from, to)`.
    pub fn chars(&self, from: usize, to: usize) -> (u32, u32) {
        (self.origin[from], self.origin[to - 1] + 1)
    }

    /// The original text behind folded bytes `[from, to)`.
    pub fn original<'t>(&self, text: &'t str, from: usize, to: usize) -> &'t str {
        let (start, end) = self.chars(from, to);
        &text[self.char_starts[start as usize]..self.char_starts[end as usize]]
    }

    /// The folded text as a string (it is all ASCII).
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }
}

/// The ASCII a character reads as, or `None` for one that is invisible.
fn fold(c: char) -> Option<u8> {
    if c.is_ascii() {
        // Tabs and line breaks separate digit groups exactly as a space does.
        return Some(if c.is_ascii_whitespace() { b' ' } else { c as u8 });
    }
    let code = u32::from(c);
    if let Some(d) = decimal_digit(code) {
        return Some(b'0' + d);
    }
    match code {
        // Zero-width spaces and joiners, the word joiner, the byte-order mark, soft hyphen.
        0x200B..=0x200D | 0x2060 | 0xFEFF | 0x00AD => None,
        // Full-width forms of ASCII punctuation and letters: ＠, ／, Ａ…
        0xFF01..=0xFF5E => u8::try_from(code - 0xFEE0).ok(),
        0xFE6B => Some(b'@'),
        0x2010..=0x2015 | 0x2212 | 0xFE58 | 0xFE63 => Some(b'-'),
        0x2024 | 0x3002 | 0xFE52 => Some(b'.'),
        0x2044 | 0x2215 => Some(b'/'),
        _ if c.is_whitespace() => Some(b' '),
        _ if c.is_alphanumeric() => Some(b'x'),
        _ => Some(b'~'),
    }
}

/// The value of a decimal digit of any script Unicode lists (each script's digits are ten
/// consecutive code points), for the scripts a keyboard or a pasted document brings.
fn decimal_digit(code: u32) -> Option<u8> {
    const ZEROS: [u32; 27] = [
        0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
        0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0xFF10, 0x1D7CE, 0x1D7D8,
        0x1D7E2, 0x1D7EC, 0x1D7F6, 0x104A0, 0xA8D0,
    ];
    ZEROS
        .iter()
        .find(|zero| (**zero..**zero + 10).contains(&code))
        .and_then(|zero| u8::try_from(code - zero).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_spaces_dashes_and_at_signs_of_every_kind_read_as_ascii() {
        let text = "９４３\u{00A0}٤٧٦\u{2009}५९१९ – a＠b\u{200B}c\nend";
        let folded = Folded::new(text);
        assert_eq!(folded.as_str(), "943 476 5919 - a@bc end");
    }

    #[test]
    fn a_folded_stretch_maps_back_to_the_characters_typed() {
        let text = "Café ９４３\u{200B}4";
        let folded = Folded::new(text);
        let from = folded.as_str().find("943").unwrap();
        let to = folded.bytes.len();
        assert_eq!(folded.original(text, from, to), "９４３\u{200B}4");
        assert_eq!(folded.chars(from, to), (5, 10));
    }
}
