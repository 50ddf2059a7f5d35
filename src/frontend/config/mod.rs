//! Configuration files: YAML, JSON (with comments), TOML and `.env`. Each
//! format parses into one small tree that keeps positions (`Node`), and one
//! lowering turns that tree into the same IR the code frontends produce: a
//! mapping is an object, a list an array, a scalar a literal. The analyzer
//! then finds model ids, output caps and literals in config files as it does
//! in code, so no rule learns about YAML.

pub mod env;
pub mod json;
pub mod toml;
pub mod yaml;

use crate::base::source::Span;
use crate::frontend::ir::{self, Entry, ExprId, ExprKind, Unit};

/// A parsed config value with where it is written.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    /// Keys with their spans, in order.
    Map(Vec<(String, Span, Node)>),
    List(Vec<Node>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
    /// Something the tree keeps no value for (a YAML alias, a TOML date).
    Other,
}

/// The IR of a config file: every document's root, lowered at module level.
pub fn lower(roots: &[Node]) -> Unit {
    let mut unit = Unit::new();
    for root in roots {
        lower_node(&mut unit, root);
    }
    unit
}

fn lower_node(unit: &mut Unit, node: &Node) -> ExprId {
    let kind = match &node.kind {
        NodeKind::Str(s) => ExprKind::Str(s.clone()),
        NodeKind::Int(n) => ExprKind::Int(*n),
        NodeKind::Float(f) => ExprKind::Float(*f),
        NodeKind::Bool(b) => ExprKind::Bool(*b),
        NodeKind::Null => ExprKind::Null,
        NodeKind::Other => ExprKind::Unknown,
        NodeKind::List(items) => {
            let items: Vec<ExprId> = items.iter().map(|n| lower_node(unit, n)).collect();
            let id = unit.expr(ExprKind::Array(items.clone()), node.span, ir::MODULE);
            // A list of mappings under a key belongs to the mapping that holds
            // the list: `model_list: [ {...} ]`.
            for item in items {
                unit.parents.insert(item, id);
            }
            return id;
        }
        NodeKind::Map(entries) => {
            let lowered: Vec<Entry> = entries
                .iter()
                .map(|(key, key_span, value)| {
                    let v = lower_node(unit, value);
                    Entry {
                        key: Some(key.clone()),
                        span: Span::new(key_span.start, value.span.end.max(key_span.end)),
                        value: v,
                        spread: false,
                    }
                })
                .collect();
            let children: Vec<ExprId> = lowered.iter().map(|e| e.value).collect();
            let id = unit.expr(ExprKind::Object(lowered), node.span, ir::MODULE);
            for child in children {
                unit.parents.insert(child, id);
            }
            return id;
        }
    };
    unit.expr(kind, node.span, ir::MODULE)
}

/// A plain (unquoted) scalar as YAML's core schema and `.env` files read it.
pub fn plain_scalar(s: &str) -> NodeKind {
    let t = s.trim();
    match t {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        _ => {}
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        && !digits.starts_with('_')
        && let Ok(n) = t.replace('_', "").parse::<i64>()
    {
        return NodeKind::Int(n);
    }
    if digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().all(|b| b.is_ascii_digit() || b"._eE+-".contains(&b))
        && let Ok(f) = t.replace('_', "").parse::<f64>()
    {
        return NodeKind::Float(f);
    }
    NodeKind::Str(s.to_string())
}

/// `line:column` of a byte offset, for parse errors.
pub fn line_col(text: &str, offset: usize) -> String {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    format!("{line}:{col}")
}
