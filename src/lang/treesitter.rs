//! Helpers shared by the tree-sitter frontends (Python, JavaScript, TypeScript).

use tree_sitter::{Language, Node, Parser, Tree};

use crate::source::Span;

pub fn parse(language: &Language, text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(language).ok()?;
    parser.parse(text, None)
}

pub fn span(node: Node) -> Span {
    let r = node.byte_range();
    Span::new(r.start, r.end)
}

pub fn text<'a>(node: Node, src: &'a str) -> &'a str {
    src.get(node.byte_range()).unwrap_or("")
}

pub fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| !n.is_extra())
        .collect()
}

/// An integer literal as languages write it: `100_000`, `0x10`, `32768n`.
pub fn parse_int(raw: &str) -> Option<i64> {
    let s: String = raw.chars().filter(|c| *c != '_').collect();
    let s = s.trim_end_matches(['n', 'l', 'L']);
    let (digits, radix) = match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => (&s[2..], 16),
        Some("0o") => (&s[2..], 8),
        Some("0b") => (&s[2..], 2),
        _ => (s, 10),
    };
    i64::from_str_radix(digits, radix).ok()
}

/// A numeric literal that may be a float (`1e5`, `2.5`): integers stay integers.
pub fn parse_number(raw: &str) -> Option<NumberLit> {
    if let Some(n) = parse_int(raw) {
        return Some(NumberLit::Int(n));
    }
    let s: String = raw.chars().filter(|c| *c != '_').collect();
    let f: f64 = s.parse().ok()?;
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Some(NumberLit::Int(f as i64))
    } else {
        Some(NumberLit::Float(f))
    }
}

pub enum NumberLit {
    Int(i64),
    Float(f64),
}

/// Undo the common backslash escapes of a string body.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\n') => {}
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
