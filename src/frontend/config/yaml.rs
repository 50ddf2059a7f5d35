//! YAML through granit-parser's event stream (the parser under serde-saphyr),
//! which reports where every scalar, mapping and sequence is written.

use granit_parser::{Event, Marker, Parser, ScalarStyle};

use super::{Node, NodeKind, plain_scalar};
use crate::base::source::Span;

/// How deep mappings and sequences may nest (a stack guard for hostile input).
const MAX_DEPTH: usize = 256;

enum Frame {
    Map { start: usize, entries: Vec<(String, Span, Node)>, key: Option<(String, Span)> },
    List { start: usize, items: Vec<Node> },
}

/// Every document of the stream, in order.
pub fn parse(text: &str) -> Result<Vec<Node>, String> {
    // Markers count characters; spans here are bytes.
    let byte = |m: &Marker| {
        m.byte_offset().unwrap_or_else(|| text.char_indices().nth(m.index()).map(|(i, _)| i).unwrap_or(text.len()))
    };
    let mut roots = vec![];
    let mut stack: Vec<Frame> = vec![];
    for event in Parser::new_from_str(text) {
        let (event, span) = event
            .map_err(|e| format!("invalid YAML at {}:{}: {}", e.marker().line(), e.marker().col() + 1, e.info()))?;
        let (start, end) = (byte(&span.start), byte(&span.end));
        let node = match event {
            Event::Scalar(value, style, ..) => {
                let kind = match style {
                    ScalarStyle::Plain => plain_scalar(&value),
                    _ => NodeKind::Str(value.to_string()),
                };
                (Node { kind, span: Span::new(start, end) }, value.to_string())
            }
            Event::Alias(..) => (Node { kind: NodeKind::Other, span: Span::new(start, end) }, String::new()),
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err("invalid YAML: nested too deeply".into());
                }
                stack.push(match event {
                    Event::MappingStart(..) => Frame::Map { start, entries: vec![], key: None },
                    _ => Frame::List { start, items: vec![] },
                });
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some(Frame::Map { start: s, entries, .. }) => {
                    (Node { kind: NodeKind::Map(entries), span: Span::new(s, end.max(s)) }, String::new())
                }
                Some(Frame::List { start: s, items }) => {
                    (Node { kind: NodeKind::List(items), span: Span::new(s, end.max(s)) }, String::new())
                }
                None => continue,
            },
            _ => continue,
        };
        let (node, raw) = node;
        match stack.last_mut() {
            None => roots.push(node),
            Some(Frame::List { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some((raw, node.span)),
                Some((k, kspan)) => entries.push((k, kspan, node)),
            },
        }
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_positions() {
        let text = "a:\n  model: 'claude-x'   # c\n  max_tokens: 64_000\nlist:\n  - {n: 1}\n";
        let roots = parse(text).unwrap();
        let NodeKind::Map(top) = &roots[0].kind else { panic!("map") };
        let NodeKind::Map(a) = &top[0].2.kind else { panic!("map") };
        assert_eq!(a[0].0, "model");
        assert!(matches!(&a[0].2.kind, NodeKind::Str(s) if s == "claude-x"));
        assert_eq!(&text[a[0].2.span.start..a[0].2.span.end], "'claude-x'");
        assert!(matches!(a[1].2.kind, NodeKind::Int(64_000)));
        assert_eq!(&text[a[1].1.start..a[1].1.end], "max_tokens");
        assert!(parse("a: [1, 2\n").unwrap_err().starts_with("invalid YAML at"));
    }
}
