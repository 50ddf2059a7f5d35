//! Helpers shared by the tree-sitter frontends (Python, JavaScript, TypeScript).

use tree_sitter::{Language, Node, Parser, Tree};

use crate::lang::ir::{BinOp, ExprId, ExprKind, ScopeId, Unit};
use crate::source::Span;

/// What the Python and JS lowerings share, so that constructs spelt with the
/// same fields in both grammars are lowered by one piece of code.
pub trait Lowering<'t> {
    fn lower(&mut self, node: Node<'t>, scope: ScopeId) -> ExprId;
    fn unit(&self) -> &Unit;
    fn source(&self) -> &str;
}

/// `a + b` (`binary_operator`, `boolean_operator`, `binary_expression`).
pub fn binary<'t>(l: &mut impl Lowering<'t>, node: Node<'t>, scope: ScopeId) -> ExprKind {
    let (Some(left), Some(right)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
        return ExprKind::Unknown;
    };
    let op = node.child_by_field_name("operator").map(|o| text(o, l.source()).to_string()).unwrap_or_default();
    let (left, right) = (l.lower(left, scope), l.lower(right, scope));
    ExprKind::Binary { op: BinOp::from_token(&op), left, right }
}

/// `-x`, `not x`, `typeof x`: only a negated number has a value.
pub fn unary<'t>(l: &mut impl Lowering<'t>, node: Node<'t>, scope: ScopeId) -> ExprKind {
    let Some(arg) = node.child_by_field_name("argument") else { return ExprKind::Unknown };
    let negative = node.child_by_field_name("operator").is_some_and(|o| text(o, l.source()) == "-");
    let inner = l.lower(arg, scope);
    if negative { l.unit().exprs[inner].kind.negated() } else { ExprKind::Unknown }
}

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
    node.named_children(&mut cursor).filter(|n| !n.is_extra()).collect()
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
    if f.fract() == 0.0 && f.abs() < 9.0e15 { Some(NumberLit::Int(f as i64)) } else { Some(NumberLit::Float(f)) }
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
