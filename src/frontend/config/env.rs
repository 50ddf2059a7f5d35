//! `.env` files: `KEY=value` lines, `export KEY=value`, quoted values, `#`
//! comments. Keys are read the way code names the same settings: a key that
//! ends in `MODEL` (`ANTHROPIC_MODEL`, `LLM_MODEL`) is a model, one that ends
//! in `MAX_TOKENS` an output cap; values that are whole numbers are numbers.

use super::{Node, NodeKind, plain_scalar};
use crate::base::source::Span;

pub fn parse(text: &str) -> Node {
    let mut entries = vec![];
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let lead = line.len() - body.len();
        let (body, lead) = match body.strip_prefix("export ") {
            Some(rest) => (rest.trim_start(), lead + (body.len() - rest.trim_start().len())),
            None => (body, lead),
        };
        let Some(eq) = body.find('=') else { continue };
        let key = body[..eq].trim();
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        let key_start = line_start + lead;
        let rest = &body[eq + 1..];
        let value_lead = rest.len() - rest.trim_start().len();
        let value_start = key_start + eq + 1 + value_lead;
        let rest = rest.trim_start();
        let (kind, len) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                Some(close) => (NodeKind::Str(rest[1..1 + close].to_string()), close + 2),
                None => (NodeKind::Str(rest[1..].to_string()), rest.len()),
            },
            _ => {
                // An unquoted value ends at ` #` (a comment) or the line end.
                let v = rest.find(" #").map(|i| &rest[..i]).unwrap_or(rest).trim_end();
                let kind = match plain_scalar(v) {
                    k @ NodeKind::Int(_) => k,
                    _ => NodeKind::Str(v.to_string()),
                };
                (kind, v.len())
            }
        };
        let value = Node { kind, span: Span::new(value_start, value_start + len) };
        entries.push((setting_key(key), Span::new(key_start, key_start + key.len()), value));
    }
    Node { kind: NodeKind::Map(entries), span: Span::new(0, text.len()) }
}

/// `ANTHROPIC_MODEL` → `model`, `CLAUDE_MAX_TOKENS` → `max_tokens`; other
/// keys lower-cased.
fn setting_key(key: &str) -> String {
    let k = key.to_ascii_lowercase();
    if k == "model" || k.ends_with("_model") || k.ends_with("_model_name") || k.ends_with("_model_id") {
        return "model".into();
    }
    if k.ends_with("max_tokens") {
        return "max_tokens".into();
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keys_and_values() {
        let text = "# c\nexport ANTHROPIC_MODEL=\"claude-x\"\nMAX_TOKENS=64000 # cap\nKEY = abc\n";
        let NodeKind::Map(e) = parse(text).kind else { panic!("map") };
        assert_eq!(e[0].0, "model");
        assert_eq!(&text[e[0].2.span.start..e[0].2.span.end], "\"claude-x\"");
        assert!(matches!(e[1].2.kind, NodeKind::Int(64000)));
        assert!(matches!(&e[2].2.kind, NodeKind::Str(s) if s == "abc"));
        assert_eq!(&text[e[2].1.start..e[2].1.end], "KEY");
    }
}
