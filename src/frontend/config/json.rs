//! JSON with positions, also JSON with comments (`//`, `/* */`) and trailing
//! commas as `tsconfig.json`, `.jsonc` and VS Code settings write it. Strings
//! can be decoded with the byte offset each character came from (notebooks
//! map their cells' lines back to the `.ipynb` file this way).

use super::{Node, NodeKind, line_col};
use crate::base::source::Span;

/// How deep arrays and objects may nest before the file is refused (a stack
/// guard for hostile input).
const MAX_DEPTH: usize = 256;

pub fn parse(text: &str) -> Result<Node, String> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0 };
    p.skip_ws()?;
    let node = p.value(0)?;
    p.skip_ws()?;
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the value"));
    }
    Ok(node)
}

/// A string token's content (between the quotes of `span`), decoded, with the
/// byte offset in `text` that each byte of the result came from.
pub fn decode_with_offsets(text: &str, span: Span) -> (String, Vec<usize>) {
    let mut offsets = vec![];
    let out = decode(text, span, Some(&mut offsets));
    (out, offsets)
}

/// A string token's content decoded; each byte's offset in `text` pushed to
/// `offsets` when asked for. (A notebook's outputs are megabytes of strings
/// nobody asks the offsets of, and most have no escape to decode.)
fn decode(text: &str, span: Span, mut offsets: Option<&mut Vec<usize>>) -> String {
    let inner = span.start + 1..span.end.saturating_sub(1);
    let s = &text[inner.clone()];
    if !s.contains('\\') {
        if let Some(offsets) = offsets {
            offsets.extend(s.char_indices().flat_map(|(i, c)| std::iter::repeat_n(inner.start + i, c.len_utf8())));
        }
        return s.to_string();
    }
    let mut out = String::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = inner.start + i;
        let decoded = if c == '\\' {
            match chars.next() {
                Some((_, 'n')) => '\n',
                Some((_, 't')) => '\t',
                Some((_, 'r')) => '\r',
                Some((_, 'b')) => '\u{8}',
                Some((_, 'f')) => '\u{c}',
                Some((_, 'u')) => {
                    let hex: String = (0..4).filter_map(|_| chars.next().map(|(_, h)| h)).collect();
                    let mut code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
                    if (0xD800..0xDC00).contains(&code) {
                        // A surrogate pair: `\uD83D\uDE00`.
                        let rest: String = chars.clone().take(6).map(|(_, c)| c).collect();
                        if let Some(low) = rest.strip_prefix("\\u").and_then(|h| u32::from_str_radix(h, 16).ok()) {
                            for _ in 0..6 {
                                chars.next();
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                        }
                    }
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                }
                Some((_, other)) => other,
                None => break,
            }
        } else {
            c
        };
        if let Some(offsets) = offsets.as_deref_mut() {
            offsets.extend(std::iter::repeat_n(at, decoded.len_utf8()));
        }
        out.push(decoded);
    }
    out
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
        format!("invalid JSON at {}: {what}", line_col(self.text, self.pos))
    }

    fn skip_ws(&mut self) -> Result<(), String> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                    while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                    let end = self.text[self.pos + 2..].find("*/").ok_or_else(|| self.error("unclosed comment"))?;
                    self.pos += end + 4;
                }
                _ => return Ok(()),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            Some(b'{') => return self.object(depth),
            Some(b'[') => return self.array(depth),
            Some(b'"') => NodeKind::Str(self.string()?),
            Some(b't') if self.text[self.pos..].starts_with("true") => {
                self.pos += 4;
                NodeKind::Bool(true)
            }
            Some(b'f') if self.text[self.pos..].starts_with("false") => {
                self.pos += 5;
                NodeKind::Bool(false)
            }
            Some(b'n') if self.text[self.pos..].starts_with("null") => {
                self.pos += 4;
                NodeKind::Null
            }
            Some(b'-' | b'0'..=b'9') => {
                while self.pos < self.bytes.len() && b"+-.eE0123456789".contains(&self.bytes[self.pos]) {
                    self.pos += 1;
                }
                let raw = &self.text[start..self.pos];
                match raw.parse::<i64>() {
                    Ok(n) => NodeKind::Int(n),
                    Err(_) => NodeKind::Float(raw.parse().map_err(|_| self.error("bad number"))?),
                }
            }
            Some(_) => return Err(self.error("expected a value")),
            None => return Err(self.error("unexpected end of file")),
        };
        Ok(Node { kind, span: Span::new(start, self.pos) })
    }

    fn string(&mut self) -> Result<String, String> {
        let start = self.pos;
        self.pos += 1;
        loop {
            // (Straight to the next byte that matters: strings can be megabytes.)
            self.pos += memchr::memchr3(b'"', b'\\', b'\n', &self.bytes[self.pos.min(self.bytes.len())..])
                .unwrap_or(self.bytes.len().saturating_sub(self.pos));
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    break;
                }
                Some(b'\\') => self.pos += 2,
                _ => {
                    self.pos = start;
                    return Err(self.error("unterminated string"));
                }
            }
        }
        Ok(decode(self.text, Span::new(start, self.pos), None))
    }

    fn object(&mut self, depth: usize) -> Result<Node, String> {
        let start = self.pos;
        self.pos += 1;
        let mut entries = vec![];
        loop {
            self.skip_ws()?;
            match self.bytes.get(self.pos) {
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b'"') => {}
                _ => return Err(self.error("expected a key or `}`")),
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = Span::new(key_start, self.pos);
            self.skip_ws()?;
            if self.bytes.get(self.pos) != Some(&b':') {
                return Err(self.error("expected `:`"));
            }
            self.pos += 1;
            self.skip_ws()?;
            let value = self.value(depth + 1)?;
            entries.push((key, key_span, value));
            self.skip_ws()?;
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
        Ok(Node { kind: NodeKind::Map(entries), span: Span::new(start, self.pos) })
    }

    fn array(&mut self, depth: usize) -> Result<Node, String> {
        let start = self.pos;
        self.pos += 1;
        let mut items = vec![];
        loop {
            self.skip_ws()?;
            if self.bytes.get(self.pos) == Some(&b']') {
                self.pos += 1;
                break;
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws()?;
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {}
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
        Ok(Node { kind: NodeKind::List(items), span: Span::new(start, self.pos) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_jsonc_with_positions() {
        let text = "{\n  // a comment\n  \"model\": \"claude-x\", /* more */\n  \"n\": [1, 2.5, true, null,],\n}";
        let node = parse(text).unwrap();
        let NodeKind::Map(entries) = &node.kind else { panic!("map") };
        assert_eq!(entries[0].0, "model");
        assert_eq!(&text[entries[0].2.span.start..entries[0].2.span.end], "\"claude-x\"");
        assert!(parse("{\"a\": }").unwrap_err().contains("1:7"));
        assert!(parse(&"[".repeat(10_000)).is_err());
        // Unterminated strings, with and without an escape at the very end.
        for bad in ["\"abc", "\"ab\\", "\"a\nb\"", "{\"k\\\""] {
            assert!(parse(bad).unwrap_err().contains("unterminated string"), "{bad:?}");
        }
        let node = parse("[\"plain é\", \"tab\\there\"]").unwrap();
        let NodeKind::List(items) = &node.kind else { panic!("list") };
        assert!(matches!(&items[0].kind, NodeKind::Str(s) if s == "plain é"));
        assert!(matches!(&items[1].kind, NodeKind::Str(s) if s == "tab\there"));
    }

    #[test]
    fn decoded_strings_know_where_each_character_came_from() {
        let text = r#""a\"b\n\u00e9""#;
        let (s, offsets) = decode_with_offsets(text, Span::new(0, text.len()));
        assert_eq!(s, "a\"b\né");
        assert_eq!(offsets[1], 2); // the escaped quote starts at its backslash
        assert_eq!(offsets[3], 5);
        // Without escapes each byte of a character maps to where it starts.
        let text = "\"aé\"";
        assert_eq!(decode_with_offsets(text, Span::new(0, text.len())), ("aé".to_string(), vec![1, 2, 2]));
    }
}
