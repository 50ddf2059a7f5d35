//! JavaScript and TypeScript frontend (tree-sitter-javascript, and
//! tree-sitter-typescript's two grammars: `.ts` and `.tsx` differ) → `ir::Unit`.

use std::path::{Path, PathBuf};

use tree_sitter::Node;

use crate::facts::ModuleSpec;
use crate::lang::ir::{
    Binding, Entry, ExprId, ExprKind, FunctionDef, Handler, Import, LoopInfo, LoopKind, ScopeId, ScopeKind, Unit,
};
use crate::lang::treesitter::{self as ts, Field, NumberLit, named_children, span, text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

pub fn lower(path: &Path, src: &str, dialect: Dialect) -> Option<Unit> {
    let language = match dialect {
        Dialect::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
        Dialect::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        Dialect::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
    };
    let tree = ts::parse(&language, src, path)?;
    let mut l = Lower { src, dir: path.parent().unwrap_or(Path::new("")).to_path_buf(), unit: Unit::new(), depth: 0 };
    l.walk(tree.root_node(), 0);
    Some(l.unit)
}

/// Extensions a relative import may leave out, in Node/TypeScript order.
const EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

struct Lower<'s> {
    src: &'s str,
    dir: PathBuf,
    unit: Unit,
    /// How deep `expr`/`walk` are nested now.
    depth: usize,
}

impl<'t> ts::Lowering<'t> for Lower<'_> {
    fn lower(&mut self, node: Node<'t>, scope: ScopeId) -> ExprId {
        self.expr(node, scope)
    }
    fn unit(&self) -> &Unit {
        &self.unit
    }
    fn source(&self) -> &str {
        self.src
    }
}

impl<'s> Lower<'s> {
    fn text(&self, n: Node) -> &'s str {
        text(n, self.src)
    }

    fn module_spec(&self, specifier: &str) -> Option<ModuleSpec> {
        if !specifier.starts_with('.') {
            return None;
        }
        let base = self.dir.join(specifier);
        let mut files = vec![];
        let ext = base.extension().and_then(|e| e.to_str()).unwrap_or("");
        if EXTENSIONS.contains(&ext) {
            files.push(base.clone());
            // TypeScript's `./config.js` means `./config.ts`.
            for e in EXTENSIONS {
                files.push(base.with_extension(e));
            }
        } else {
            for e in EXTENSIONS {
                files.push(PathBuf::from(format!("{}.{e}", base.display())));
            }
            for e in EXTENSIONS {
                files.push(base.join(format!("index.{e}")));
            }
        }
        Some(ModuleSpec::Files(files))
    }

    fn import_from(&mut self, local: &str, specifier: &str, member: Option<&str>) {
        let qualified = match member {
            Some(m) => format!("{specifier}.{m}"),
            None => specifier.to_string(),
        };
        let project = self.module_spec(specifier);
        self.unit.import(local, Import { qualified, project, member: member.map(str::to_string), submodule: None });
    }

    fn string_value(&self, node: Node) -> Option<String> {
        match node.kind() {
            "string" => Some(
                named_children(node)
                    .into_iter()
                    .map(|c| {
                        if c.kind() == "escape_sequence" {
                            ts::unescape(self.text(c))
                        } else {
                            self.text(c).to_string()
                        }
                    })
                    .collect(),
            ),
            "template_string" if !named_children(node).iter().any(|c| c.kind() == "template_substitution") => {
                Some(named_children(node).into_iter().map(|c| self.text(c).to_string()).collect())
            }
            _ => None,
        }
    }

    fn walk_inner(&mut self, node: Node, scope: ScopeId) {
        match node.kind() {
            "import_statement" => self.import(node),
            "export_statement" => {
                if let Some(source) = node.field("source") {
                    // export { a as b } from "./x"
                    let specifier = self.string_value(source).unwrap_or_default();
                    for clause in named_children(node).into_iter().filter(|c| c.kind() == "export_clause") {
                        for s in named_children(clause) {
                            let (Some(n), alias) = (s.field("name"), s.field("alias")) else {
                                continue;
                            };
                            let name = self.text(n).to_string();
                            let local = alias.map(|a| self.text(a).to_string()).unwrap_or(name.clone());
                            self.import_from(&local, &specifier, Some(&name));
                        }
                    }
                    return;
                }
                if let Some(value) = node.field("value") {
                    let v = self.expr(value, scope);
                    self.unit.export_aliases.push(("default".into(), v));
                    return;
                }
                for c in named_children(node) {
                    if c.kind() == "export_clause" {
                        for s in named_children(c) {
                            let (Some(n), Some(a)) = (s.field("name"), s.field("alias")) else {
                                continue;
                            };
                            let v = self.unit.expr(ExprKind::Name(self.text(n).to_string()), span(n), scope);
                            self.unit.export_aliases.push((self.text(a).to_string(), v));
                        }
                    } else {
                        self.walk(c, scope);
                    }
                }
            }
            "lexical_declaration" | "variable_declaration" => {
                for d in named_children(node).into_iter().filter(|c| c.kind() == "variable_declarator") {
                    self.declarator(d, scope);
                }
            }
            "function_declaration" | "generator_function_declaration" => {
                let inner = self.function(node, scope);
                if let Some(name) = node.field("name") {
                    let f = self.unit.expr(ExprKind::Function(inner), span(node), scope);
                    self.unit.bind(scope, self.text(name), Binding::Value(f));
                }
            }
            "for_statement" => {
                for field in ["initializer", "condition", "increment"] {
                    if let Some(c) = node.field(field) {
                        self.walk(c, scope);
                    }
                }
                let condition = node
                    .field("condition")
                    .filter(|c| !matches!(c.kind(), ";" | "empty_statement"))
                    .map(|c| self.expr(c, scope));
                let forever = condition.is_none_or(|c| matches!(self.unit.exprs[c].kind, ExprKind::Bool(true)));
                self.body_loop(node, if forever { LoopKind::Forever } else { LoopKind::For }, condition, None, scope);
            }
            "while_statement" | "do_statement" => {
                let condition = node.field("condition").map(|c| self.expr(c, scope));
                let forever = condition.is_some_and(|c| matches!(self.unit.exprs[c].kind, ExprKind::Bool(true)));
                self.body_loop(node, if forever { LoopKind::Forever } else { LoopKind::While }, condition, None, scope);
            }
            "try_statement" => {
                for c in named_children(node) {
                    if c.kind() == "catch_clause" {
                        let binding = c.field("parameter").map(|p| self.text(p).to_string());
                        if let Some(b) = &binding {
                            self.unit.bind(scope, b, Binding::Unknown);
                        }
                        let body = c.field("body");
                        if let Some(b) = body {
                            self.walk(b, scope);
                        }
                        let body = body.map(span).unwrap_or(span(c));
                        self.unit.handlers.push(Handler { span: span(c), body, types: vec![], binding });
                    } else {
                        self.walk(c, scope);
                    }
                }
            }
            "class_declaration" | "abstract_class_declaration" => {
                self.class(node, scope);
            }
            "enum_declaration" => self.enumeration(node, scope),
            "for_in_statement" => {
                let iter = node.field("right").map(|r| self.expr(r, scope));
                if let Some(left) = node.field("left") {
                    self.bind_pattern(left, scope);
                }
                // `for await (const turn of turns)`: as long as the stream lasts.
                let awaits = self.text(node).trim_start().starts_with("for await");
                self.body_loop(node, if awaits { LoopKind::While } else { LoopKind::For }, None, iter, scope);
            }
            "return_statement" | "break_statement" | "throw_statement" => {
                self.unit.exits.push(span(node));
                for c in named_children(node) {
                    self.expr(c, scope);
                }
            }
            "type_alias_declaration" | "interface_declaration" | "type_annotation" | "comment" => {}
            _ => {
                self.expr(node, scope);
            }
        }
    }

    fn import(&mut self, node: Node) {
        let Some(source) = node.field("source") else {
            return;
        };
        let Some(specifier) = self.string_value(source) else {
            return;
        };
        for clause in named_children(node).into_iter().filter(|c| c.kind() == "import_clause") {
            for c in named_children(clause) {
                match c.kind() {
                    "identifier" => self.import_from(self.text(c), &specifier, Some("default")),
                    "namespace_import" => {
                        if let Some(id) = named_children(c).into_iter().find(|n| n.kind() == "identifier") {
                            self.import_from(self.text(id), &specifier, None);
                        }
                    }
                    "named_imports" => {
                        for s in named_children(c).into_iter().filter(|s| s.kind() == "import_specifier") {
                            let Some(n) = s.field("name") else {
                                continue;
                            };
                            let name = self.string_value(n).unwrap_or_else(|| self.text(n).to_string());
                            let local = s.field("alias").map(|a| self.text(a).to_string()).unwrap_or(name.clone());
                            self.import_from(&local, &specifier, Some(&name));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// `require("m")` → the specifier.
    fn require(&self, node: Node) -> Option<String> {
        let node = if node.kind() == "await_expression" { named_children(node).into_iter().next()? } else { node };
        if node.kind() != "call_expression" {
            return None;
        }
        let f = node.field("function")?;
        if !matches!(self.text(f), "require" | "import") {
            return None;
        }
        let args = node.field("arguments")?;
        let first = named_children(args).into_iter().next()?;
        self.string_value(first)
    }

    fn declarator(&mut self, d: Node, scope: ScopeId) {
        let Some(name) = d.field("name") else {
            return;
        };
        let value = d.field("value");
        if let Some(specifier) = value.and_then(|v| self.require(v)) {
            match name.kind() {
                "identifier" => self.import_from(self.text(name), &specifier, None),
                "object_pattern" => {
                    for p in named_children(name) {
                        match p.kind() {
                            "shorthand_property_identifier_pattern" => {
                                self.import_from(self.text(p), &specifier, Some(self.text(p)))
                            }
                            "pair_pattern" => {
                                let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                                    continue;
                                };
                                self.import_from(self.text(v), &specifier, Some(self.text(k)));
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        let v = value.map(|v| self.expr(v, scope));
        if name.kind() == "identifier" {
            let b = v.map_or(Binding::Unknown, Binding::Value);
            self.unit.bind(scope, self.text(name), b);
        } else {
            self.bind_pattern(name, scope);
        }
    }

    /// Every name a destructuring pattern binds, as Unknown.
    fn bind_pattern(&mut self, pattern: Node, scope: ScopeId) {
        match pattern.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                self.unit.bind(scope, self.text(pattern), Binding::Unknown)
            }
            "lexical_declaration" | "variable_declaration" => {
                for d in named_children(pattern) {
                    if let Some(n) = d.field("name") {
                        self.bind_pattern(n, scope);
                    }
                }
            }
            "pair_pattern" => {
                if let Some(v) = pattern.field("value") {
                    self.bind_pattern(v, scope);
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                if let Some(l) = pattern.field("left") {
                    self.bind_pattern(l, scope);
                }
                if let Some(r) = pattern.field("right") {
                    self.expr(r, scope);
                }
            }
            _ => {
                for c in named_children(pattern) {
                    self.bind_pattern(c, scope);
                }
            }
        }
    }

    fn body_loop(
        &mut self,
        node: Node,
        kind: LoopKind,
        condition: Option<ExprId>,
        iter: Option<ExprId>,
        scope: ScopeId,
    ) {
        let body = node.field("body");
        if let Some(b) = body {
            self.walk(b, scope);
        }
        let body = body.map(span).unwrap_or(span(node));
        let header = crate::source::Span::new(span(node).start, body.start);
        self.unit.loops.push(LoopInfo { kind, span: span(node), header, body, condition, iter });
    }

    fn function(&mut self, node: Node, scope: ScopeId) -> ScopeId {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        if let Some(p) = node.field("parameter") {
            self.bind_pattern(p, inner);
        }
        if let Some(params) = node.field("parameters") {
            for p in named_children(params) {
                let (pattern, default) = match p.kind() {
                    "required_parameter" | "optional_parameter" => (p.field("pattern"), p.field("value")),
                    "assignment_pattern" => (p.field("left"), p.field("right")),
                    _ => (Some(p), None),
                };
                if let Some(pattern) = pattern {
                    self.bind_pattern(pattern, inner);
                    if let (Some(d), "identifier") = (default, pattern.kind()) {
                        let v = self.expr(d, scope);
                        let name = self.text(pattern).to_string();
                        self.unit.scopes[inner].param_defaults.push((name, v));
                    }
                }
            }
        }
        let body = node.field("body");
        if let Some(body) = body {
            self.walk(body, inner);
        }
        let name = node.field("name").map(|n| self.text(n).to_string());
        let body = body.map(span).unwrap_or(span(node));
        self.unit.functions.push(FunctionDef { name, span: span(node), body, scope: inner, decorators: vec![] });
        inner
    }

    fn class(&mut self, node: Node, scope: ScopeId) {
        let class = match node.field("name") {
            Some(name) => self.unit.new_class(scope, self.text(name), span(node)),
            None => self.unit.new_scope(scope, ScopeKind::Class),
        };
        let Some(body) = node.field("body") else {
            return;
        };
        for m in named_children(body) {
            match m.kind() {
                "field_definition" | "public_field_definition" => {
                    let name = m.field("property").or_else(|| m.field("name"));
                    let value = m.field("value").map(|v| self.expr(v, class));
                    if let Some(name) = name {
                        let b = value.map_or(Binding::Unknown, Binding::Value);
                        // `static MAX = 5` is `Class.MAX`; an instance field is `this.x`.
                        let is_static = named_children(m).iter().any(|c| c.kind() == "static")
                            || self.text(m).trim_start().starts_with("static ");
                        let key =
                            if is_static { self.text(name).to_string() } else { format!("this.{}", self.text(name)) };
                        self.unit.bind(class, &key, b);
                    }
                }
                "method_definition" => {
                    let inner = self.function(m, class);
                    if let Some(name) = m.field("name") {
                        let f = self.unit.expr(ExprKind::Function(inner), span(m), class);
                        self.unit.bind(class, &format!("this.{}", self.text(name)), Binding::Value(f));
                    }
                }
                _ => self.walk(m, class),
            }
        }
    }

    /// `enum Model { Haiku = "claude-…" }`: an object bound to the enum's name.
    fn enumeration(&mut self, node: Node, scope: ScopeId) {
        let (Some(name), Some(body)) = (node.field("name"), node.field("body")) else {
            return;
        };
        let mut entries = vec![];
        for m in named_children(body) {
            let (key, value) = match m.kind() {
                "enum_assignment" => (m.field("name"), m.field("value")),
                _ => (Some(m), None),
            };
            let Some(key) = key else { continue };
            let key_text = self.string_value(key).unwrap_or_else(|| self.text(key).to_string());
            let value = match value {
                Some(v) => self.expr(v, scope),
                None => self.unit.unknown(span(m), scope),
            };
            entries.push(Entry { key: Some(key_text), span: span(m), value, spread: false });
        }
        let e = self.unit.expr(ExprKind::Object(entries), span(node), scope);
        self.unit.bind(scope, self.text(name), Binding::Value(e));
    }

    fn push(&mut self, kind: ExprKind, node: Node, scope: ScopeId) -> ExprId {
        self.unit.expr(kind, span(node), scope)
    }

    /// Lower an expression, unless nesting is already `MAX_NESTING` deep (a
    /// stack guard for generated or hostile code: deeper parts stay unknown).
    fn expr(&mut self, node: Node, scope: ScopeId) -> ExprId {
        if self.depth >= ts::MAX_NESTING {
            return self.unit.unknown(span(node), scope);
        }
        self.depth += 1;
        let e = self.expr_inner(node, scope);
        self.depth -= 1;
        e
    }

    /// Statements, with the same guard as expressions.
    fn walk(&mut self, node: Node, scope: ScopeId) {
        if self.depth >= ts::MAX_NESTING {
            return;
        }
        self.depth += 1;
        self.walk_inner(node, scope);
        self.depth -= 1;
    }

    fn expr_inner(&mut self, node: Node, scope: ScopeId) -> ExprId {
        let kind = match node.kind() {
            "identifier" | "shorthand_property_identifier" => ExprKind::Name(self.text(node).to_string()),
            "this" => ExprKind::Name("this".into()),
            // `import.meta` (`import.meta.url`, `import.meta.dirname`).
            "meta_property" => ExprKind::Name("import.meta".into()),
            "number" => match ts::parse_number(self.text(node)) {
                Some(NumberLit::Int(n)) => ExprKind::Int(n),
                Some(NumberLit::Float(f)) => ExprKind::Float(f),
                None => ExprKind::Unknown,
            },
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            "null" | "undefined" => ExprKind::Null,
            "string" => ExprKind::Str(self.string_value(node).unwrap_or_default()),
            "template_string" => match self.string_value(node) {
                Some(s) => ExprKind::Str(s),
                None => {
                    let (mut parts, mut holes) = (vec![String::new()], vec![]);
                    for c in named_children(node) {
                        if c.kind() == "template_substitution" {
                            let mut inner = named_children(c).into_iter();
                            match inner.next() {
                                Some(first) => holes.push(self.expr(first, scope)),
                                None => holes.push(self.unit.unknown(span(c), scope)),
                            }
                            for e in inner {
                                self.expr(e, scope);
                            }
                            parts.push(String::new());
                        } else {
                            parts.last_mut().unwrap().push_str(self.text(c));
                        }
                    }
                    ExprKind::Template { parts, holes }
                }
            },
            "parenthesized_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "type_assertion" => {
                let inner: Vec<Node> = named_children(node)
                    .into_iter()
                    .filter(|c| {
                        !c.kind().ends_with("type") && !c.kind().contains("type_") && c.kind() != "type_identifier"
                    })
                    .collect();
                if let Some(first) = inner.first() {
                    return self.expr(*first, scope);
                }
                ExprKind::Unknown
            }
            "member_expression" => {
                let (Some(obj), Some(prop)) = (node.field("object"), node.field("property")) else {
                    return self.unit.unknown(span(node), scope);
                };
                let base = self.expr(obj, scope);
                ExprKind::Attr { base, name: self.text(prop).to_string() }
            }
            "subscript_expression" => {
                let obj = node.field("object");
                let index = node.field("index");
                match (obj, index.and_then(|i| self.string_value(i))) {
                    (Some(o), Some(key)) => {
                        let base = self.expr(o, scope);
                        ExprKind::Attr { base, name: key }
                    }
                    _ => {
                        for c in named_children(node) {
                            self.expr(c, scope);
                        }
                        ExprKind::Unknown
                    }
                }
            }
            "call_expression" | "new_expression" => return self.call(node, scope),
            "object" => {
                let mut entries = vec![];
                for c in named_children(node) {
                    match c.kind() {
                        "pair" => {
                            let (Some(k), Some(v)) = (c.field("key"), c.field("value")) else {
                                continue;
                            };
                            let key = match k.kind() {
                                "property_identifier" | "number" => Some(self.text(k).to_string()),
                                "string" => self.string_value(k),
                                _ => {
                                    self.expr(k, scope);
                                    None
                                }
                            };
                            let value = self.expr(v, scope);
                            entries.push(Entry { key, span: span(c), value, spread: false });
                        }
                        "shorthand_property_identifier" => {
                            let value = self.expr(c, scope);
                            entries.push(Entry {
                                key: Some(self.text(c).to_string()),
                                span: span(c),
                                value,
                                spread: false,
                            });
                        }
                        "spread_element" => {
                            if let Some(inner) = named_children(c).into_iter().next() {
                                let value = self.expr(inner, scope);
                                entries.push(Entry { key: None, span: span(c), value, spread: true });
                            }
                        }
                        _ => {
                            self.walk(c, scope);
                        }
                    }
                }
                ExprKind::Object(entries)
            }
            "array" => {
                let items = named_children(node).into_iter().map(|c| self.expr(c, scope)).collect();
                ExprKind::Array(items)
            }
            "binary_expression" => ts::binary(self, node, scope),
            "unary_expression" => ts::unary(self, node, scope),
            "arrow_function" | "function_expression" | "function" | "generator_function" => {
                ExprKind::Function(self.function(node, scope))
            }
            "class" => {
                self.class(node, scope);
                ExprKind::Unknown
            }
            "assignment_expression" => {
                let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
                    return self.unit.unknown(span(node), scope);
                };
                let v = self.expr(right, scope);
                self.assign(left, v, scope);
                return v;
            }
            "augmented_assignment_expression" | "update_expression" => {
                // `delay *= 2`, `attempt++`: the name is updated using the right side.
                let target = node.field("left").or_else(|| node.field("argument"));
                let by = match node.field("right") {
                    Some(r) => self.expr(r, scope),
                    None => self.unit.unknown(span(node), scope),
                };
                match target {
                    Some(t) if t.kind() == "identifier" => self.unit.rebind(scope, self.text(t), Binding::Update(by)),
                    Some(t) => {
                        self.expr(t, scope);
                    }
                    None => {}
                }
                ExprKind::Unknown
            }
            "import_statement"
            | "export_statement"
            | "lexical_declaration"
            | "variable_declaration"
            | "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "abstract_class_declaration"
            | "enum_declaration"
            | "for_in_statement"
            | "return_statement"
            | "break_statement"
            | "throw_statement"
            | "for_statement"
            | "while_statement"
            | "do_statement"
            | "try_statement"
            | "type_alias_declaration"
            | "interface_declaration"
            | "type_annotation"
            | "comment" => {
                self.walk(node, scope);
                ExprKind::Unknown
            }
            _ => {
                for c in named_children(node) {
                    self.walk(c, scope);
                }
                ExprKind::Unknown
            }
        };
        self.push(kind, node, scope)
    }

    fn assign(&mut self, left: Node, value: ExprId, scope: ScopeId) {
        match left.kind() {
            // A reassigned `let` is no longer one value.
            "identifier" => self.unit.rebind(scope, self.text(left), Binding::Value(value)),
            "member_expression" => {
                let (Some(obj), Some(prop)) = (left.field("object"), left.field("property")) else {
                    return;
                };
                let (o, p) = (self.text(obj), self.text(prop));
                if o == "this" {
                    if let Some(class) = self.unit.class_of(scope) {
                        self.unit.bind(class, &format!("this.{p}"), Binding::Value(value));
                    }
                } else if o == "exports" || (o == "module" && p == "exports") || o == "module.exports" {
                    if o == "module" {
                        // module.exports = { A: 1, ... }
                        if let ExprKind::Object(entries) = &self.unit.exprs[value].kind {
                            for e in entries.clone() {
                                if let Some(k) = e.key {
                                    self.unit.export_aliases.push((k, e.value));
                                }
                            }
                        }
                        self.unit.export_aliases.push(("default".into(), value));
                    } else {
                        self.unit.export_aliases.push((p.to_string(), value));
                    }
                }
            }
            _ => self.bind_pattern(left, scope),
        }
    }

    fn call(&mut self, node: Node, scope: ScopeId) -> ExprId {
        let new = node.kind() == "new_expression";
        let func = node.field(if new { "constructor" } else { "function" });
        let Some(func) = func else {
            return self.unit.unknown(span(node), scope);
        };
        let callee = self.expr(func, scope);
        let mut args = vec![];
        if let Some(list) = node.field("arguments") {
            if list.kind() == "template_string" {
                self.expr(list, scope);
            } else {
                for a in named_children(list) {
                    if a.kind() == "spread_element" {
                        if let Some(inner) = named_children(a).into_iter().next() {
                            let value = self.expr(inner, scope);
                            args.push(Entry { key: None, span: span(a), value, spread: false });
                        }
                        continue;
                    }
                    let value = self.expr(a, scope);
                    args.push(Entry { key: None, span: span(a), value, spread: false });
                }
            }
        }
        self.push(ExprKind::Call { callee, args, new }, node, scope)
    }
}
