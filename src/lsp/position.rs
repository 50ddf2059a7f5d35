//! LSP positions: a line and a character offset counted in UTF-16 code units
//! (the protocol's default) or in bytes (UTF-8, when the client offers it).

use lsp_types::{Position, Range};

use crate::base::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The position of a byte offset (for one position: it scans the text).
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Position {
    let offset = offset.min(text.len());
    let starts = crate::base::source::line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    on_line(text, line, starts[line], offset, encoding)
}

/// The position of a byte of a file's text, from the file's line index: a
/// file's every finding is placed without scanning the text again (the
/// server places hundreds on a large file on every change).
pub fn in_file(file: &SourceFile, offset: usize, encoding: Encoding) -> Position {
    let (line, line_start) = file.line_of(offset);
    on_line(&file.text, line, line_start, offset.min(file.text.len()), encoding)
}

pub fn range(file: &SourceFile, span: Span, encoding: Encoding) -> Range {
    Range { start: in_file(file, span.start, encoding), end: in_file(file, span.end, encoding) }
}

/// `offset` on the 0-based `line` that starts at `line_start`.
fn on_line(text: &str, line: usize, line_start: usize, mut offset: usize, encoding: Encoding) -> Position {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let prefix = &text[line_start..offset];
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
    };
    Position { line: line as u32, character: character as u32 }
}

/// The byte offset of a position; a position past a line's end is its end,
/// past the last line the end of the text.
pub fn offset(text: &str, pos: Position, encoding: Encoding) -> usize {
    let starts = crate::base::source::line_starts(text);
    let Some(&line_start) = starts.get(pos.line as usize) else { return text.len() };
    let next = starts.get(pos.line as usize + 1).copied().unwrap_or(text.len());
    let line = text[line_start..next].trim_end_matches(['\n', '\r']);
    let line_end = line_start + line.len();
    let want = pos.character as usize;
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= want {
            return line_start + i;
        }
        units += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns_after_non_ascii_text() {
        let text = "x = 1\nnäme = \"🦀\"; max_tokens = 9\n";
        let at = text.find("max_tokens").unwrap();
        // ä is 1 UTF-16 unit and 2 bytes; 🦀 is 2 UTF-16 units and 4 bytes.
        assert_eq!(position(text, at, Encoding::Utf16), Position { line: 1, character: 13 });
        assert_eq!(position(text, at, Encoding::Utf8), Position { line: 1, character: 16 });
        assert_eq!(offset(text, Position { line: 1, character: 13 }, Encoding::Utf16), at);
        assert_eq!(offset(text, Position { line: 1, character: 16 }, Encoding::Utf8), at);
        assert_eq!(offset(text, Position { line: 9, character: 0 }, Encoding::Utf16), text.len());
    }

    #[test]
    fn a_file_places_every_byte_where_a_scan_of_its_text_does() {
        let text = "x = 1\r\nnäme = \"🦀\"; max_tokens = 9\n\n\ry = 2\r\r  last";
        let file = SourceFile::new("a.py".into(), "a.py".into(), text.to_string());
        for at in 0..=text.len() + 2 {
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                assert_eq!(in_file(&file, at, encoding), position(text, at, encoding), "byte {at}");
            }
        }
    }
}
