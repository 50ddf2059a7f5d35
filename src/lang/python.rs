//! Python frontend: tree-sitter-python → `ir::Unit`.

use std::path::{Path, PathBuf};

use tree_sitter::Node;

use crate::facts::ModuleSpec;
use crate::lang::ir::{
    BinOp, Binding, Entry, ExprId, ExprKind, FunctionDef, Handler, Import, LoopInfo, LoopKind, ScopeId, ScopeKind, Unit,
};
use crate::lang::treesitter::{self as ts, Field, NumberLit, named_children, span, text};

pub fn lower(path: &Path, src: &str) -> Option<Unit> {
    let tree = ts::parse(&tree_sitter_python::LANGUAGE.into(), src, path)?;
    let mut l = Lower {
        src,
        dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
        unit: Unit::new(),
        decorators: vec![],
        depth: 0,
    };
    l.walk(tree.root_node(), 0);
    Some(l.unit)
}

struct Lower<'s> {
    src: &'s str,
    dir: PathBuf,
    unit: Unit,
    /// How deep `expr`/`walk` are nested now.
    depth: usize,
    /// Decorators read from a `decorated_definition`, for the definition.
    decorators: Vec<ExprId>,
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

    /// Statements bind names; everything else is an expression.
    fn walk_inner(&mut self, node: Node, scope: ScopeId) {
        match node.kind() {
            "import_statement" => self.import(node),
            "import_from_statement" => self.import_from(node),
            "decorated_definition" => {
                let decorators: Vec<ExprId> = named_children(node)
                    .into_iter()
                    .filter(|c| c.kind() == "decorator")
                    .filter_map(|d| named_children(d).into_iter().next())
                    .map(|e| self.expr(e, scope))
                    .collect();
                if let Some(def) = node.field("definition") {
                    self.decorators = decorators;
                    self.walk(def, scope);
                    self.decorators.clear();
                }
            }
            "function_definition" => {
                let decorators = std::mem::take(&mut self.decorators);
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                let name = node.field("name").map(|n| self.text(n).to_string());
                let f = self.unit.expr(ExprKind::Function(inner), span(node), scope);
                if let Some(name) = &name {
                    self.unit.bind(scope, name, Binding::Value(f));
                }
                if let Some(params) = node.field("parameters") {
                    self.params(params, scope, inner);
                }
                let body = node.field("body");
                if let Some(body) = body {
                    self.walk(body, inner);
                }
                let body = body.map(span).unwrap_or(span(node));
                self.unit.functions.push(FunctionDef { name, span: span(node), body, scope: inner, decorators });
            }
            "while_statement" => {
                let condition = node.field("condition").map(|c| self.expr(c, scope));
                let forever = condition
                    .is_some_and(|c| matches!(self.unit.exprs[c].kind, ExprKind::Bool(true) | ExprKind::Int(1)));
                let kind = if forever { LoopKind::Forever } else { LoopKind::While };
                self.body_loop(node, kind, condition, None, scope);
            }
            "try_statement" => {
                for c in named_children(node) {
                    if c.kind() == "except_clause" || c.kind() == "except_group_clause" {
                        self.except(c, scope);
                    } else {
                        self.walk(c, scope);
                    }
                }
            }
            "class_definition" => {
                if let Some(sup) = node.field("superclasses") {
                    self.expr(sup, scope);
                }
                let inner = match node.field("name") {
                    Some(name) => self.unit.new_class(scope, self.text(name), span(node)),
                    None => self.unit.new_scope(scope, ScopeKind::Class),
                };
                if let Some(body) = node.field("body") {
                    self.walk(body, inner);
                }
            }
            "assignment" => {
                let value = match node.field("right") {
                    Some(r) => self.expr(r, scope),
                    None => self.unit.unknown(span(node), scope),
                };
                if let Some(left) = node.field("left") {
                    self.assign(left, Some(value), scope);
                }
            }
            "augmented_assignment" => {
                let r = node.field("right").map(|r| self.expr(r, scope));
                if let Some(left) = node.field("left") {
                    match (left.kind(), r) {
                        ("identifier", Some(r)) => self.unit.bind(scope, self.text(left), Binding::Update(r)),
                        _ => self.assign(left, None, scope),
                    }
                }
            }
            "for_statement" | "for_in_clause" => {
                let iter = node.field("right").map(|r| self.expr(r, scope));
                if let Some(left) = node.field("left") {
                    self.assign(left, None, scope);
                }
                if node.kind() == "for_statement" {
                    // `async for turn in turns`: as long as the stream lasts.
                    let awaits = self.text(node).trim_start().starts_with("async");
                    self.body_loop(node, if awaits { LoopKind::While } else { LoopKind::For }, None, iter, scope);
                } else if let Some(b) = node.field("body") {
                    self.walk(b, scope);
                }
            }
            "as_pattern" => {
                // `with Anthropic() as client:` binds the client (context
                // managers of SDK and HTTP clients return themselves).
                let children = named_children(node);
                if let [value, target] = children.as_slice() {
                    let target_id = named_children(*target).into_iter().next();
                    if target.kind() == "as_pattern_target" && target_id.is_some_and(|t| t.kind() == "identifier") {
                        let v = self.expr(*value, scope);
                        self.assign(target_id.unwrap(), Some(v), scope);
                        return;
                    }
                }
                for c in children {
                    if c.kind() == "as_pattern_target" {
                        self.assign(c, None, scope);
                    } else {
                        self.walk(c, scope);
                    }
                }
            }
            "named_expression" => {
                if let Some(v) = node.field("value") {
                    self.expr(v, scope);
                }
                if let Some(n) = node.field("name") {
                    self.assign(n, None, scope);
                }
            }
            "return_statement" | "break_statement" | "raise_statement" => {
                self.unit.exits.push(span(node));
                for c in named_children(node) {
                    self.expr(c, scope);
                }
            }
            "delete_statement" => {
                // `del history[0]`: a call to `del` on its targets, for trimming.
                let args = named_children(node)
                    .into_iter()
                    .map(|c| {
                        let value = self.expr(c, scope);
                        Entry { key: None, span: span(c), value, spread: false }
                    })
                    .collect();
                let callee = self.unit.expr(ExprKind::Name("del".into()), span(node), scope);
                self.push(ExprKind::Call { callee, args, new: false }, node, scope);
            }
            "global_statement" | "nonlocal_statement" => {
                for c in named_children(node) {
                    self.unit.bind(scope, self.text(c), Binding::Unknown);
                }
            }
            _ => {
                self.expr(node, scope);
            }
        }
    }

    /// A loop whose body and `else` are walked here; the loop is recorded.
    fn body_loop(
        &mut self,
        node: Node,
        kind: LoopKind,
        condition: Option<ExprId>,
        iter: Option<ExprId>,
        scope: ScopeId,
    ) {
        let body = node.field("body");
        for field in ["body", "alternative"] {
            if let Some(b) = node.field(field) {
                self.walk(b, scope);
            }
        }
        let body = body.map(span).unwrap_or(span(node));
        let header = crate::source::Span::new(span(node).start, body.start);
        self.unit.loops.push(LoopInfo { kind, span: span(node), header, body, condition, iter });
    }

    /// `except (A, B) as err:` → a handler with its types and binding.
    fn except(&mut self, node: Node, scope: ScopeId) {
        let mut types = vec![];
        let mut binding = None;
        let mut body = None;
        for c in named_children(node) {
            match c.kind() {
                "block" => body = Some(c),
                "as_pattern" => {
                    let kids = named_children(c);
                    if let Some(t) = kids.first() {
                        types.extend(self.exception_types(*t, scope));
                    }
                    if let Some(target) = kids.get(1) {
                        binding = named_children(*target).into_iter().next().map(|n| self.text(n).to_string());
                    }
                }
                _ if Some(c.id()) == node.field("alias").map(|a| a.id()) => {
                    binding = Some(self.text(c).to_string());
                }
                _ => types.extend(self.exception_types(c, scope)),
            }
        }
        if let Some(b) = &binding {
            self.unit.bind(scope, b, Binding::Unknown);
        }
        if let Some(b) = body {
            self.walk(b, scope);
        }
        let body = body.map(span).unwrap_or(span(node));
        self.unit.handlers.push(Handler { span: span(node), body, types, binding });
    }

    fn exception_types(&mut self, node: Node, scope: ScopeId) -> Vec<ExprId> {
        match node.kind() {
            "tuple" | "parenthesized_expression" | "expression_list" => {
                named_children(node).into_iter().flat_map(|c| self.exception_types(c, scope)).collect()
            }
            _ => vec![self.expr(node, scope)],
        }
    }

    fn params(&mut self, params: Node, outer: ScopeId, inner: ScopeId) {
        for p in named_children(params) {
            let name_node = match p.kind() {
                "identifier" => Some(p),
                "default_parameter" | "typed_default_parameter" => p.field("name"),
                "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                    named_children(p).into_iter().find(|c| c.kind() == "identifier")
                }
                _ => None,
            };
            let Some(name_node) = name_node else { continue };
            let name = self.text(name_node).to_string();
            self.unit.bind(inner, &name, Binding::Unknown);
            if let Some(v) = p.field("value") {
                let v = self.expr(v, outer);
                self.unit.scopes[inner].param_defaults.push((name, v));
            }
        }
    }

    /// Bind the names of an assignment target. `value` is the assigned
    /// expression for a plain `name = value`; anything else binds Unknown.
    fn assign(&mut self, target: Node, value: Option<ExprId>, scope: ScopeId) {
        match target.kind() {
            "identifier" => {
                let b = value.map_or(Binding::Unknown, Binding::Value);
                self.unit.bind(scope, self.text(target), b);
            }
            "attribute" => {
                let obj = target.field("object");
                let attr = target.field("attribute");
                if let (Some(obj), Some(attr)) = (obj, attr) {
                    if self.text(obj) == "self" {
                        if let Some(class) = self.unit.class_of(scope) {
                            let b = value.map_or(Binding::Unknown, Binding::Value);
                            self.unit.bind(class, &format!("self.{}", self.text(attr)), b);
                        }
                    }
                }
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "as_pattern_target" | "list_splat_pattern"
            | "expression_list" | "tuple" | "list" => {
                for c in named_children(target) {
                    self.assign(c, None, scope);
                }
            }
            _ => {}
        }
    }

    fn import(&mut self, node: Node) {
        for c in named_children(node) {
            let (module, alias) = match c.kind() {
                "dotted_name" => (self.text(c), None),
                "aliased_import" => {
                    let Some(n) = c.field("name") else {
                        continue;
                    };
                    (self.text(n), c.field("alias").map(|a| self.text(a)))
                }
                _ => continue,
            };
            let parts: Vec<String> = module.split('.').map(str::to_string).collect();
            match alias {
                Some(alias) => self.unit.import(
                    alias,
                    Import {
                        qualified: module.to_string(),
                        project: Some(ModuleSpec::PythonModule(parts)),
                        member: None,
                        submodule: None,
                    },
                ),
                None => {
                    let root = parts[0].clone();
                    self.unit.import(
                        &root,
                        Import {
                            qualified: root.clone(),
                            project: Some(ModuleSpec::PythonModule(vec![root.clone()])),
                            member: None,
                            submodule: None,
                        },
                    );
                }
            }
        }
    }

    fn import_from(&mut self, node: Node) {
        let Some(module) = node.field("module_name") else {
            return;
        };
        let (level, dotted) = if module.kind() == "relative_import" {
            let prefix = named_children(module).into_iter().find(|c| c.kind() == "import_prefix");
            let level = prefix.map(|p| self.text(p).len()).unwrap_or(1);
            let name = named_children(module).into_iter().find(|c| c.kind() == "dotted_name").map(|n| self.text(n));
            (level, name.unwrap_or(""))
        } else {
            (0, self.text(module))
        };
        let parts: Vec<String> = dotted.split('.').filter(|s| !s.is_empty()).map(str::to_string).collect();
        let mut base = self.dir.clone();
        if level > 0 {
            for _ in 1..level {
                base.pop();
            }
            for p in &parts {
                base.push(p);
            }
        }
        let spec = if level == 0 {
            ModuleSpec::PythonModule(parts.clone())
        } else if parts.is_empty() {
            ModuleSpec::Files(vec![base.join("__init__.py")])
        } else {
            ModuleSpec::Files(vec![base.with_extension("py"), base.join("__init__.py")])
        };
        // The imported name may itself be a module of that package.
        let submodule = |name: &str| {
            if level == 0 {
                ModuleSpec::PythonModule(parts.iter().cloned().chain([name.to_string()]).collect())
            } else {
                let m = base.join(name);
                ModuleSpec::Files(vec![m.with_extension("py"), m.join("__init__.py")])
            }
        };
        let qualified_module = format!("{}{}", ".".repeat(level), dotted);
        for c in named_children(node) {
            if c.id() == module.id() {
                continue;
            }
            let (name, alias) = match c.kind() {
                "dotted_name" => (self.text(c), self.text(c)),
                "aliased_import" => {
                    let Some(n) = c.field("name") else {
                        continue;
                    };
                    let a = c.field("alias").map(|a| self.text(a)).unwrap_or(self.text(n));
                    (self.text(n), a)
                }
                _ => continue,
            };
            self.unit.import_spans.insert(alias.to_string(), span(c));
            self.unit.import(
                alias,
                Import {
                    qualified: format!("{qualified_module}.{name}"),
                    project: Some(spec.clone()),
                    member: Some(name.to_string()),
                    submodule: Some(submodule(name)),
                },
            );
        }
    }

    fn push(&mut self, kind: ExprKind, node: Node, scope: ScopeId) -> ExprId {
        self.unit.expr(kind, span(node), scope)
    }

    /// Lower an expression; unknown constructs still have their insides lowered
    /// (a call inside a lambda or a comprehension is still a call).
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
            "identifier" => ExprKind::Name(self.text(node).to_string()),
            "integer" => match ts::parse_int(self.text(node)) {
                Some(n) => ExprKind::Int(n),
                None => ExprKind::Unknown,
            },
            "float" => match ts::parse_number(self.text(node)) {
                Some(NumberLit::Int(n)) => ExprKind::Int(n),
                Some(NumberLit::Float(f)) => ExprKind::Float(f),
                None => ExprKind::Unknown,
            },
            "true" => ExprKind::Bool(true),
            "false" => ExprKind::Bool(false),
            "none" => ExprKind::Null,
            "string" => self.string(node, scope),
            "concatenated_string" => {
                let parts: Vec<ExprKind> = named_children(node).into_iter().map(|c| self.string(c, scope)).collect();
                if parts.iter().all(|p| matches!(p, ExprKind::Str(_))) {
                    ExprKind::Str(
                        parts.iter().map(|p| if let ExprKind::Str(s) = p { s.as_str() } else { "" }).collect(),
                    )
                } else {
                    // Adjacent literals: glue each one's first part to the
                    // previous one's last.
                    let (mut all, mut holes) = (vec![String::new()], vec![]);
                    for p in parts {
                        match p {
                            ExprKind::Str(s) => all.last_mut().unwrap().push_str(&s),
                            ExprKind::Template { parts, holes: h } => {
                                let mut it = parts.into_iter();
                                all.last_mut().unwrap().push_str(&it.next().unwrap_or_default());
                                all.extend(it);
                                holes.extend(h);
                            }
                            _ => {}
                        }
                    }
                    ExprKind::Template { parts: all, holes }
                }
            }
            "parenthesized_expression" | "await" | "expression_statement" if named_children(node).len() == 1 => {
                return self.expr(named_children(node)[0], scope);
            }
            "attribute" => {
                let (Some(obj), Some(attr)) = (node.field("object"), node.field("attribute")) else {
                    return self.unit.unknown(span(node), scope);
                };
                let base = self.expr(obj, scope);
                ExprKind::Attr { base, name: self.text(attr).to_string() }
            }
            "call" => return self.call(node, scope),
            "dictionary" => {
                let mut entries = vec![];
                for c in named_children(node) {
                    match c.kind() {
                        "pair" => {
                            let (Some(k), Some(v)) = (c.field("key"), c.field("value")) else {
                                continue;
                            };
                            let key = match self.string(k, scope) {
                                ExprKind::Str(s) if k.kind() == "string" => Some(s),
                                _ => {
                                    self.expr(k, scope);
                                    None
                                }
                            };
                            let value = self.expr(v, scope);
                            entries.push(Entry { key, span: span(c), value, spread: false });
                        }
                        "dictionary_splat" => {
                            if let Some(inner) = named_children(c).first() {
                                let value = self.expr(*inner, scope);
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
            "list" | "tuple" => {
                let items = named_children(node).into_iter().map(|c| self.expr(c, scope)).collect();
                ExprKind::Array(items)
            }
            "binary_operator" | "boolean_operator" => ts::binary(self, node, scope),
            "unary_operator" => ts::unary(self, node, scope),
            "lambda" => {
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                if let Some(params) = node.field("parameters") {
                    self.params(params, scope, inner);
                }
                let body = node.field("body");
                if let Some(body) = body {
                    self.expr(body, inner);
                }
                let body = body.map(span).unwrap_or(span(node));
                self.unit.functions.push(FunctionDef {
                    name: None,
                    span: span(node),
                    body,
                    scope: inner,
                    decorators: vec![],
                });
                ExprKind::Function(inner)
            }
            "comparison_operator" => {
                let kids = named_children(node);
                let ids: Vec<ExprId> = kids.iter().map(|k| self.expr(*k, scope)).collect();
                match ids.as_slice() {
                    [left, right, ..] => ExprKind::Binary { op: BinOp::Compare, left: *left, right: *right },
                    _ => ExprKind::Unknown,
                }
            }
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                // Clauses first, so their targets are bound before the body is read.
                let children = named_children(node);
                for c in children.iter().filter(|c| {
                    c.kind() != "pair" && c.id() != node.field("body").map(|b| b.id()).unwrap_or(usize::MAX)
                }) {
                    self.walk(*c, inner);
                }
                if let Some(body) = node.field("body") {
                    self.walk(body, inner);
                }
                for c in children.iter().filter(|c| c.kind() == "pair") {
                    self.walk(*c, inner);
                }
                ExprKind::Function(inner)
            }
            "import_statement"
            | "import_from_statement"
            | "function_definition"
            | "class_definition"
            | "assignment"
            | "augmented_assignment"
            | "for_statement"
            | "as_pattern"
            | "named_expression"
            | "global_statement"
            | "nonlocal_statement"
            | "return_statement"
            | "break_statement"
            | "raise_statement"
            | "delete_statement"
            | "for_in_clause"
            | "decorated_definition"
            | "while_statement"
            | "try_statement" => {
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

    fn string(&mut self, node: Node, scope: ScopeId) -> ExprKind {
        if node.kind() != "string" {
            self.expr(node, scope);
            return ExprKind::Unknown;
        }
        let start =
            named_children(node).into_iter().find(|c| c.kind() == "string_start").map(|c| self.text(c)).unwrap_or("");
        let raw = start.to_ascii_lowercase().contains('r');
        let mut parts = vec![String::new()];
        let mut interpolated = false;
        let mut holes = vec![];
        for c in named_children(node) {
            match c.kind() {
                "string_content" => {
                    let t = self.text(c);
                    parts.last_mut().unwrap().push_str(&if raw { t.to_string() } else { ts::unescape(t) });
                }
                "escape_sequence" => parts.last_mut().unwrap().push_str(&ts::unescape(self.text(c))),
                "interpolation" => {
                    interpolated = true;
                    let mut inner = named_children(c).into_iter();
                    match inner.next() {
                        Some(first) => holes.push(self.expr(first, scope)),
                        None => holes.push(self.unit.unknown(span(c), scope)),
                    }
                    for e in inner {
                        self.walk(e, scope);
                    }
                    parts.push(String::new());
                }
                _ => {}
            }
        }
        if interpolated { ExprKind::Template { parts, holes } } else { ExprKind::Str(parts.concat()) }
    }

    fn call(&mut self, node: Node, scope: ScopeId) -> ExprId {
        let Some(func) = node.field("function") else {
            return self.unit.unknown(span(node), scope);
        };
        let callee = self.expr(func, scope);
        let mut args = vec![];
        if let Some(list) = node.field("arguments") {
            if list.kind() != "argument_list" {
                self.expr(list, scope);
            } else {
                for a in named_children(list) {
                    match a.kind() {
                        "keyword_argument" => {
                            let (Some(n), Some(v)) = (a.field("name"), a.field("value")) else {
                                continue;
                            };
                            let value = self.expr(v, scope);
                            args.push(Entry {
                                key: Some(self.text(n).to_string()),
                                span: span(a),
                                value,
                                spread: false,
                            });
                        }
                        "dictionary_splat" | "list_splat" => {
                            let Some(inner) = named_children(a).into_iter().next() else {
                                continue;
                            };
                            let value = self.expr(inner, scope);
                            args.push(Entry {
                                key: None,
                                span: span(a),
                                value,
                                spread: a.kind() == "dictionary_splat",
                            });
                        }
                        _ => {
                            let value = self.expr(a, scope);
                            args.push(Entry { key: None, span: span(a), value, spread: false });
                        }
                    }
                }
            }
        }
        // `dict(model=..., max_tokens=...)` is a dict literal.
        if self.text(func) == "dict" && args.iter().all(|a| a.key.is_some() || a.spread) {
            return self.push(ExprKind::Object(args), node, scope);
        }
        self.push(ExprKind::Call { callee, args, new: false }, node, scope)
    }
}
