//! Text files llmlint reads only for keys (`Language::Text`): shell
//! scripts, Dockerfiles, Markdown, INI-style settings. No syntax is
//! parsed: each word that may hold a key becomes a string literal, so the
//! key rule reads them as it reads a config file's values.

use super::config::{Node, NodeKind};
use crate::base::source::Span;

/// The words of `text` that may hold a credential, as string nodes of one
/// list. A word ends at white space, a quote, `=`, `:` or a bracket:
/// `export KEY="sk-…"`, `ENV KEY=sk-…`, `key: sk-…`, `(sk-…)` all give the
/// key alone.
pub fn words(text: &str) -> Node {
    let is_break = |c: char| c.is_whitespace() || "\"'`=:,;()[]{}<>|".contains(c);
    let mut items = vec![];
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (is_break(c), start) {
            (true, Some(s)) => {
                let word = &text[s..i];
                if crate::base::text::may_hold_credential(word) {
                    items.push(Node { kind: NodeKind::Str(word.to_string()), span: Span::new(s, i) });
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    Node { kind: NodeKind::List(items), span: Span::new(0, text.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_that_may_hold_a_key_with_their_spans() {
        let text = "export OPENAI_KEY=\"sk-proj-abc123def456ghi789\"\nENV X=hello\ncurl -H 'Authorization: Bearer abc123def456ghi789jkl'\n";
        let NodeKind::List(items) = words(text).kind else { panic!() };
        let got: Vec<&str> = items.iter().map(|n| &text[n.span.start..n.span.end]).collect();
        assert_eq!(got, ["sk-proj-abc123def456ghi789", "abc123def456ghi789jkl"]);
    }
}
