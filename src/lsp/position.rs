//! LSP positions: a line and a character offset counted in UTF-16 code units
//! (the protocol's default) or in bytes (UTF-8, when the client offers it).

use lsp_types::{Position, Range};

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The position of a byte offset.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let prefix = &text[line_start..offset];
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
    };
    Position { line: line as u32, character: character as u32 }
}

pub fn range(text: &str, span: Span, encoding: Encoding) -> Range {
    Range { start: position(text, span.start, encoding), end: position(text, span.end, encoding) }
}

/// The byte offset of a position; a position past a line's end is its end,
/// past the last line the end of the text.
pub fn offset(text: &str, pos: Position, encoding: Encoding) -> usize {
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map(|i| line_start + i).unwrap_or(text.len());
    let line = &text[line_start..line_end];
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
}
