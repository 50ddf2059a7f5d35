//! The tree-sitter frontend's parser and helpers (Python), and the literal
//! helpers (numbers, escapes, the nesting guard) the JS/TS frontend uses too.

use tree_sitter::{Language, Node, Parser, Tree};

use crate::lang::ir::{BinOp, ExprId, ExprKind, ScopeId, Unit};
use crate::source::Span;

/// What a tree-sitter lowering gives the helpers below (the binary and
/// unary operators, spelt with the same fields in every grammar).
pub trait Lowering<'t> {
    fn lower(&mut self, node: Node<'t>, scope: ScopeId) -> ExprId;
    fn unit(&self) -> &Unit;
    fn source(&self) -> &str;
}

/// `a + b` (`binary_operator`, `boolean_operator`, `binary_expression`).
pub fn binary<'t>(l: &mut impl Lowering<'t>, node: Node<'t>, scope: ScopeId) -> ExprKind {
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
        return ExprKind::Unknown;
    };
    let op = node.field("operator").map(|o| text(o, l.source()).to_string()).unwrap_or_default();
    let (left, right) = (l.lower(left, scope), l.lower(right, scope));
    ExprKind::Binary { op: BinOp::from_token(&op), left, right }
}

/// `-x`, `not x`, `typeof x`: only a negated number has a value.
pub fn unary<'t>(l: &mut impl Lowering<'t>, node: Node<'t>, scope: ScopeId) -> ExprKind {
    let Some(arg) = node.field("argument") else { return ExprKind::Unknown };
    let negative = node.field("operator").is_some_and(|o| text(o, l.source()) == "-");
    let inner = l.lower(arg, scope);
    if negative { l.unit().exprs[inner].kind.negated() } else { ExprKind::Unknown }
}

/// `node.field("name")`: `child_by_field_name` with the grammar's field id
/// looked up once per thread and grammar. (tree-sitter finds a field's id by
/// comparing the name with each of the grammar's field names in turn, which
/// the lowerings did for nearly every node.)
pub trait Field<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
}

impl<'t> Field<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = FIELD_IDS.with(|ids| {
            let mut ids = ids.borrow_mut();
            let language = self.language();
            if ids.0.as_ref() != Some(&*language) {
                *ids = (Some((*language).clone()), vec![]);
            }
            match ids.1.iter().find(|(n, _)| *n == name) {
                Some((_, id)) => *id,
                None => {
                    let id = language.field_id_for_name(name);
                    ids.1.push((name, id));
                    id
                }
            }
        })?;
        self.child_by_field_id(id.get())
    }
}

thread_local! {
    /// The grammar the field ids are of, and the ids asked for so far.
    static FIELD_IDS: std::cell::RefCell<(Option<Language>, Vec<(&'static str, Option<std::num::NonZeroU16>)>)> =
        const { std::cell::RefCell::new((None, vec![])) };
    /// One parser per thread, reused for every file (setting its language is
    /// cheap; making a parser is not).
    static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(Parser::new());
}

pub fn parse(language: &Language, text: &str, path: &std::path::Path) -> Option<Tree> {
    PARSER.with(|parser| match parser.try_borrow_mut() {
        Ok(mut parser) => parse_with(&mut parser, language, text, path),
        // (Only if a parse re-entered this thread; a fresh parser then.)
        Err(_) => parse_with(&mut Parser::new(), language, text, path),
    })
}

fn parse_with(parser: &mut Parser, language: &Language, text: &str, path: &std::path::Path) -> Option<Tree> {
    parser.set_language(language).ok()?;
    // A parse that panicked (caught by the engine) leaves the parser mid-way.
    parser.reset();
    let Some(cache) = TREES.get() else { return parser.parse(text, None) };
    // The language server re-parses the same document on every keystroke:
    // tell tree-sitter what changed and it reuses the rest of the old tree.
    let mut trees = cache.lock().unwrap_or_else(|e| e.into_inner());
    let key = (path.to_path_buf(), language.abi_version());
    let old = trees.remove(&key).and_then(|(old_text, mut tree)| {
        tree.edit(&input_edit(&old_text, text));
        Some(tree)
    });
    let tree = parser.parse(text, old.as_ref())?;
    trees.insert(key, (text.to_string(), tree.clone()));
    Some(tree)
}

type TreeCache = std::sync::Mutex<std::collections::HashMap<(std::path::PathBuf, usize), (String, Tree)>>;

/// Old trees by file, kept only when `keep_trees` was called (the server).
static TREES: std::sync::OnceLock<TreeCache> = std::sync::OnceLock::new();

/// Keep each file's last tree for incremental re-parsing (one per document).
pub fn keep_trees() {
    let _ = TREES.set(Default::default());
}

/// Drop a file's kept tree (its document was closed).
pub fn forget_tree(path: &std::path::Path) {
    if let Some(cache) = TREES.get() {
        cache.lock().unwrap_or_else(|e| e.into_inner()).retain(|(p, _), _| p != path);
    }
}

/// The one edit that turns `old` into `new`: the span between their common
/// prefix and common suffix.
fn input_edit(old: &str, new: &str) -> tree_sitter::InputEdit {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
    let point = |s: &[u8], at: usize| {
        let before = &s[..at];
        let row = memchr::memchr_iter(b'\n', before).count();
        let column = at - before.iter().rposition(|&c| c == b'\n').map(|i| i + 1).unwrap_or(0);
        tree_sitter::Point { row, column }
    };
    tree_sitter::InputEdit {
        start_byte: prefix,
        old_end_byte: a.len() - suffix,
        new_end_byte: b.len() - suffix,
        start_position: point(a, prefix),
        old_end_position: point(a, a.len() - suffix),
        new_end_position: point(b, b.len() - suffix),
    }
}

/// How deep the frontends follow nested expressions and blocks.
pub const MAX_NESTING: usize = 1_500;

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
