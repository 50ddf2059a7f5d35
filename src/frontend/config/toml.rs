//! TOML through the `toml` crate's spanned document tables.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Node, NodeKind, line_col};
use crate::base::source::Span;

pub fn parse(text: &str) -> Result<Node, String> {
    let table = DeTable::parse(text).map_err(|e| {
        let at = e.span().map(|r| line_col(text, r.start)).unwrap_or_default();
        format!("invalid TOML at {at}: {}", e.message().trim())
    })?;
    let span = table.span();
    Ok(Node { kind: table_kind(table.get_ref()), span: Span::new(span.start, span.end) })
}

fn table_kind(table: &DeTable) -> NodeKind {
    NodeKind::Map(
        table
            .iter()
            .map(|(k, v)| {
                let ks = k.span();
                (k.get_ref().to_string(), Span::new(ks.start, ks.end), node(v))
            })
            .collect(),
    )
}

fn node(v: &Spanned<DeValue>) -> Node {
    let s = v.span();
    let kind = match v.get_ref() {
        DeValue::String(s) => NodeKind::Str(s.to_string()),
        DeValue::Integer(i) => i.as_str().replace('_', "").parse().map(NodeKind::Int).unwrap_or(NodeKind::Other),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().map(NodeKind::Float).unwrap_or(NodeKind::Other),
        DeValue::Boolean(b) => NodeKind::Bool(*b),
        DeValue::Datetime(_) => NodeKind::Other,
        DeValue::Array(items) => NodeKind::List(items.iter().map(node).collect()),
        DeValue::Table(t) => table_kind(t),
    };
    Node { kind, span: Span::new(s.start, s.end) }
}
