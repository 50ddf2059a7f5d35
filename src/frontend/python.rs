//! Python frontend (ruff's parser) → `ir::Unit`.
//!
//! Decision: Python is parsed with ruff's parser, not tree-sitter: it reads
//! some 40 MB/s where tree-sitter's Python grammar read about 6, and like
//! tree-sitter it recovers from syntax errors (a half-written file, a
//! notebook cell that does not parse), so the calls around an error are
//! still seen.

use std::path::{Path, PathBuf};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as py, ArgOrKeyword, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::base::source::Span;
use crate::frontend::ir::{
    BinOp, Binding, Entry, ExprId, ExprKind, FunctionDef, Handler, Import, LoopInfo, LoopKind, ScopeId, ScopeKind, Unit,
};
use crate::frontend::ir::{MODULE, ModuleSpec};
use crate::frontend::literal::{self, NumberLit};

pub fn lower(path: &Path, src: &str) -> Option<Unit> {
    let parsed = ruff_python_parser::parse_unchecked_source(src, py::PySourceType::Python);
    let mut l = Lower {
        src,
        dir: path.parent().unwrap_or(Path::new("")).to_path_buf(),
        unit: Unit::new(),
        depth: 0,
        scope: MODULE,
    };
    l.block(&parsed.syntax().body, MODULE);
    l.unit.syntax_error = parsed.errors().first().map(|e| (e.location.start().to_usize(), e.error.to_string()));
    Some(l.unit)
}

/// Whether `text` parses without a syntax error.
pub fn parses(text: &str) -> bool {
    ruff_python_parser::parse_module(text).is_ok()
}

/// The module a path inside an SDK's own package is, from the package's
/// directory on (`…/src/anthropic/_client` → `anthropic._client`).
fn sdk_module(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path.iter().filter_map(|c| c.to_str()).collect();
    let root = parts.iter().rposition(|c| crate::knowledge::sdks::python_sdk_package(c))?;
    Some(parts[root..].join("."))
}

fn span(r: TextRange) -> Span {
    Span::new(r.start().to_usize(), r.end().to_usize())
}

/// The span of a block of statements (empty only in a broken file).
fn block_span(body: &[Stmt]) -> Option<Span> {
    Some(Span::new(body.first()?.range().start().to_usize(), body.last()?.range().end().to_usize()))
}

struct Lower<'s> {
    src: &'s str,
    dir: PathBuf,
    unit: Unit,
    /// How deep `expr`/`walk` are nested now.
    depth: usize,
    /// The scope `children` lowers into (ruff's visitor carries none).
    scope: ScopeId,
}

/// What the lowering has no case for (an `if`, a `match`, a subscript, a
/// conditional expression) is walked by ruff's visitor, and every statement
/// and expression it holds is lowered as usual: a request inside still counts.
impl<'a> Visitor<'a> for Lower<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.walk(stmt, self.scope);
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.expr(expr, self.scope);
    }
    // Annotations hold no values.
    fn visit_annotation(&mut self, _: &'a Expr) {}
}

impl<'s> Lower<'s> {
    fn text(&self, r: TextRange) -> &'s str {
        self.src.get(r.start().to_usize()..r.end().to_usize()).unwrap_or("")
    }

    /// Lower what a node holds with ruff's visitor, in `scope`.
    fn children(&mut self, scope: ScopeId, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        visit(self);
        self.scope = outer;
    }

    /// A definition's span without its decorators (from `def`, `async def`
    /// or `class`), as findings and fixes point at it.
    fn definition_span(&self, whole: TextRange, decorators: &[py::Decorator]) -> Span {
        let mut start = decorators.last().map_or(whole.start().to_usize(), |d| d.range.end().to_usize());
        // Skip the blank space and comment lines between the last decorator
        // and the keyword.
        let bytes = self.src.as_bytes();
        while start < whole.end().to_usize() {
            match bytes[start] {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\\' => start += 1,
                b'#' => start += bytes[start..].iter().position(|&b| b == b'\n').unwrap_or(bytes.len() - start),
                _ => break,
            }
        }
        Span::new(start, whole.end().to_usize())
    }

    fn block(&mut self, body: &[Stmt], scope: ScopeId) {
        for s in body {
            self.walk(s, scope);
        }
    }

    /// Statements, with the same nesting guard as expressions.
    fn walk(&mut self, s: &Stmt, scope: ScopeId) {
        if self.depth >= literal::MAX_NESTING {
            return;
        }
        self.depth += 1;
        self.statement(s, scope);
        self.depth -= 1;
    }

    /// Statements bind names; everything else is an expression.
    fn statement(&mut self, s: &Stmt, scope: ScopeId) {
        match s {
            Stmt::Expr(e) => {
                let value = self.expr(&e.value, scope);
                self.unit.discarded.push(value);
            }
            Stmt::Import(i) => self.import(i),
            Stmt::ImportFrom(i) => self.import_from(i),
            Stmt::FunctionDef(f) => {
                let decorators: Vec<ExprId> =
                    f.decorator_list.iter().map(|d| self.expr(&d.expression, scope)).collect();
                let whole = self.definition_span(f.range, &f.decorator_list);
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                let name = f.name.id.to_string();
                let e = self.unit.expr(ExprKind::Function(inner), whole, scope);
                self.unit.bind(scope, &name, Binding::Value(e));
                self.params(&f.parameters, scope, inner);
                self.unit.scopes[inner].returns_type =
                    f.returns.as_deref().and_then(annotated_class).map(|t| self.expr(t, scope));
                self.block(&f.body, inner);
                let body = block_span(&f.body).unwrap_or(whole);
                self.unit.functions.push(FunctionDef { name: Some(name), span: whole, body, scope: inner, decorators });
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    self.expr(&d.expression, scope);
                }
                let mut bases = vec![];
                if let Some(arguments) = &c.arguments {
                    for a in arguments.iter_source_order() {
                        let e = self.expr(a.value(), scope);
                        // `metaclass=…` and other keywords are not bases.
                        if matches!(a, ruff_python_ast::ArgOrKeyword::Arg(_)) {
                            bases.push(e);
                        }
                    }
                }
                let whole = self.definition_span(c.range, &c.decorator_list);
                let inner = self.unit.new_class(scope, &c.name.id, whole);
                self.unit.scopes[inner].bases = bases;
                self.block(&c.body, inner);
            }
            Stmt::While(w) => {
                let condition = self.expr(&w.test, scope);
                let forever = matches!(self.unit.exprs[condition].kind, ExprKind::Bool(true) | ExprKind::Int(1));
                let kind = if forever { LoopKind::Forever } else { LoopKind::While };
                self.body_loop(w.range, &w.body, &w.orelse, kind, Some(condition), None, scope);
            }
            Stmt::For(f) => {
                let iter = self.expr(&f.iter, scope);
                self.assign(&f.target, None, scope);
                let mut targets = vec![];
                target_names(&f.target, &mut targets);
                // `async for turn in turns`: as long as the stream lasts.
                let kind = if f.is_async { LoopKind::While } else { LoopKind::For };
                self.body_loop(f.range, &f.body, &f.orelse, kind, None, Some((iter, targets)), scope);
            }
            Stmt::Try(t) => {
                self.block(&t.body, scope);
                for py::ExceptHandler::ExceptHandler(h) in &t.handlers {
                    self.except(h, scope);
                }
                self.block(&t.orelse, scope);
                self.block(&t.finalbody, scope);
            }
            Stmt::Assign(a) => {
                let value = self.expr(&a.value, scope);
                for target in &a.targets {
                    self.assign(target, Some(value), scope);
                }
            }
            // `x: int` binds `x` to a value nobody knows.
            Stmt::AnnAssign(a) => {
                let value = match &a.value {
                    Some(v) => self.expr(v, scope),
                    None => self.unit.unknown(span(a.range), scope),
                };
                self.assign(&a.target, Some(value), scope);
                self.field_type(&a.target, &a.annotation, scope);
            }
            Stmt::AugAssign(a) => {
                let by = self.expr(&a.value, scope);
                match &*a.target {
                    Expr::Name(n) => self.unit.bind(scope, &n.id, Binding::Update(by)),
                    target => self.assign(target, None, scope),
                }
            }
            // `with Anthropic() as client:` binds the client (context managers
            // of SDK and HTTP clients return themselves).
            Stmt::With(w) => {
                for item in &w.items {
                    let value = self.expr(&item.context_expr, scope);
                    if let Some(body) = block_span(&w.body) {
                        self.unit.managed.insert(value, body);
                    }
                    match item.optional_vars.as_deref() {
                        Some(Expr::Name(n)) => self.unit.bind(scope, &n.id, Binding::Value(value)),
                        Some(target) => self.assign(target, None, scope),
                        None => {}
                    }
                }
                self.block(&w.body, scope);
            }
            Stmt::Return(r) => {
                self.unit.exits.push(span(r.range));
                if let Some(v) = &r.value {
                    let e = self.expr(v, scope);
                    self.unit.returns(scope, e);
                }
            }
            Stmt::Break(b) => self.unit.exits.push(span(b.range)),
            Stmt::Raise(r) => {
                self.unit.exits.push(span(r.range));
                for e in r.exc.iter().chain(&r.cause) {
                    self.expr(e, scope);
                }
            }
            // `del history[0]`: a call to `del` on its targets, for trimming.
            Stmt::Delete(d) => {
                let args = d
                    .targets
                    .iter()
                    .map(|t| {
                        let value = self.expr(t, scope);
                        Entry { key: None, span: span(t.range()), value, spread: false }
                    })
                    .collect();
                let callee = self.unit.expr(ExprKind::Name("del".into()), span(d.range), scope);
                self.unit.expr(ExprKind::Call { callee, args, new: false }, span(d.range), scope);
            }
            Stmt::Global(g) => {
                for n in &g.names {
                    self.unit.bind(scope, &n.id, Binding::Unknown);
                }
            }
            Stmt::Nonlocal(g) => {
                for n in &g.names {
                    self.unit.bind(scope, &n.id, Binding::Unknown);
                }
            }
            Stmt::Pass(_) | Stmt::Continue(_) | Stmt::IpyEscapeCommand(_) | Stmt::TypeAlias(_) => {}
            _ => self.children(scope, |l| visitor::walk_stmt(l, s)),
        }
    }

    /// A loop whose body and `else` are walked here; the loop is recorded.
    #[allow(clippy::too_many_arguments)]
    fn body_loop(
        &mut self,
        whole: TextRange,
        body: &[Stmt],
        orelse: &[Stmt],
        kind: LoopKind,
        condition: Option<ExprId>,
        iter: Option<(ExprId, Vec<String>)>,
        scope: ScopeId,
    ) {
        self.block(body, scope);
        self.block(orelse, scope);
        let body = block_span(body).unwrap_or(span(whole));
        let header = Span::new(whole.start().to_usize(), body.start);
        let (iter, targets) = iter.map_or((None, vec![]), |(i, t)| (Some(i), t));
        self.unit.loops.push(LoopInfo { kind, span: span(whole), header, body, condition, iter, targets });
    }

    /// `except (A, B) as err:` → a handler with its types and binding.
    fn except(&mut self, h: &py::ExceptHandlerExceptHandler, scope: ScopeId) {
        let mut types = vec![];
        if let Some(t) = &h.type_ {
            self.exception_types(t, scope, &mut types);
        }
        let binding = h.name.as_ref().map(|n| n.id.to_string());
        if let Some(b) = &binding {
            self.unit.bind(scope, b, Binding::Unknown);
        }
        self.block(&h.body, scope);
        let body = block_span(&h.body).unwrap_or(span(h.range));
        self.unit.handlers.push(Handler { span: span(h.range), body, types, binding });
    }

    fn exception_types(&mut self, e: &Expr, scope: ScopeId, out: &mut Vec<ExprId>) {
        match e {
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.exception_types(e, scope, out);
                }
            }
            e => out.push(self.expr(e, scope)),
        }
    }

    /// Parameters are bound (unknown) in the function's scope; their
    /// defaults are lowered where the function is written.
    fn params(&mut self, params: &py::Parameters, outer: ScopeId, inner: ScopeId) {
        let with_defaults = params.posonlyargs.iter().chain(&params.args);
        let mut all: Vec<(&py::Parameter, Option<&Expr>)> =
            with_defaults.map(|p| (&p.parameter, p.default.as_deref())).collect();
        all.extend(params.vararg.as_deref().map(|p| (p, None)));
        all.extend(params.kwonlyargs.iter().map(|p| (&p.parameter, p.default.as_deref())));
        all.extend(params.kwarg.as_deref().map(|p| (p, None)));
        for (p, default) in all {
            let name = p.name.id.to_string();
            self.unit.bind(inner, &name, Binding::Unknown);
            let annotation = p.annotation.as_deref().and_then(annotated_class).map(|t| self.expr(t, outer));
            self.unit.scopes[inner].params.push(crate::frontend::ir::Param {
                name: Some(name.clone()),
                annotation,
                fields: vec![],
            });
            if let Some(d) = default {
                let v = self.expr(d, outer);
                self.unit.scopes[inner].param_defaults.push((name, v));
            }
        }
    }

    /// `client: Anthropic` in a class body, `self.client: Anthropic = …` in
    /// a method: the class the attribute holds.
    fn field_type(&mut self, target: &Expr, annotation: &Expr, scope: ScopeId) {
        let name = match target {
            Expr::Name(n) if self.unit.scopes[scope].kind == ScopeKind::Class => n.id.to_string(),
            Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self") => {
                a.attr.id.to_string()
            }
            _ => return,
        };
        let (Some(class), Some(t)) = (self.unit.class_of(scope), annotated_class(annotation)) else { return };
        let t = self.expr(t, scope);
        self.unit.scopes[class].field_types.push((name, t));
    }

    /// Bind the names of an assignment target. `value` is the assigned
    /// expression for a plain `name = value`; anything else binds Unknown.
    fn assign(&mut self, target: &Expr, value: Option<ExprId>, scope: ScopeId) {
        match target {
            Expr::Name(n) => self.unit.bind(scope, &n.id, value.map_or(Binding::Unknown, Binding::Value)),
            Expr::Attribute(a) => {
                if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "self")
                    && let Some(class) = self.unit.class_of(scope)
                {
                    let b = value.map_or(Binding::Unknown, Binding::Value);
                    self.unit.bind(class, &format!("self.{}", a.attr.id), b);
                } else if let Some(v) = value {
                    self.unit.member_assigns.push((a.attr.id.to_string(), v));
                }
            }
            Expr::Tuple(t) => {
                for e in &t.elts {
                    self.assign(e, None, scope);
                }
            }
            Expr::List(t) => {
                for e in &t.elts {
                    self.assign(e, None, scope);
                }
            }
            Expr::Starred(s) => self.assign(&s.value, None, scope),
            _ => {}
        }
    }

    fn import(&mut self, i: &py::StmtImport) {
        for alias in &i.names {
            let module = alias.name.id.as_str();
            let parts: Vec<String> = module.split('.').map(str::to_string).collect();
            match &alias.asname {
                Some(asname) => self.unit.import(
                    &asname.id,
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

    fn import_from(&mut self, i: &py::StmtImportFrom) {
        let level = i.level as usize;
        let dotted = i.module.as_ref().map_or("", |m| m.id.as_str());
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
            ModuleSpec::Files(vec![base.join("__init__.py")].into())
        } else {
            ModuleSpec::Files(vec![base.with_extension("py"), base.join("__init__.py")].into())
        };
        // The imported name may itself be a module of that package.
        let submodule = |name: &str| {
            if level == 0 {
                ModuleSpec::PythonModule(parts.iter().cloned().chain([name.to_string()]).collect())
            } else {
                let m = base.join(name);
                ModuleSpec::Files(vec![m.with_extension("py"), m.join("__init__.py")].into())
            }
        };
        // Inside an SDK's own package (`anthropic/lib/tools/runner.py`:
        // `from ..._client import AsyncAnthropic`) a relative import names
        // the SDK's module (`anthropic._client`), as code outside would.
        let qualified_module = match sdk_module(&base).filter(|_| level > 0) {
            Some(m) => m,
            None => format!("{}{}", ".".repeat(level), dotted),
        };
        for alias in i.names.iter().filter(|a| a.name.id.as_str() != "*") {
            let name = alias.name.id.as_str();
            let local = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
            self.unit.import_spans.insert(local.to_string(), span(alias.range));
            self.unit.import(
                local,
                Import {
                    qualified: format!("{qualified_module}.{name}"),
                    project: Some(spec.clone()),
                    member: Some(name.to_string()),
                    submodule: Some(submodule(name)),
                },
            );
        }
    }

    /// Lower an expression, unless nesting is already `MAX_NESTING` deep (a
    /// stack guard for generated or hostile code: deeper parts stay unknown).
    fn expr(&mut self, e: &Expr, scope: ScopeId) -> ExprId {
        if self.depth >= literal::MAX_NESTING {
            return self.unit.unknown(span(e.range()), scope);
        }
        self.depth += 1;
        let id = self.expr_inner(e, scope);
        self.depth -= 1;
        id
    }

    fn expr_inner(&mut self, e: &Expr, scope: ScopeId) -> ExprId {
        let kind = match e {
            Expr::Name(n) => ExprKind::Name(n.id.to_string()),
            Expr::NumberLiteral(n) => match literal::parse_number(self.text(n.range)) {
                Some(NumberLit::Int(i)) => ExprKind::Int(i),
                Some(NumberLit::Float(f)) => ExprKind::Float(f),
                None => ExprKind::Unknown,
            },
            Expr::BooleanLiteral(b) => ExprKind::Bool(b.value),
            Expr::NoneLiteral(_) => ExprKind::Null,
            Expr::StringLiteral(s) => ExprKind::Str(s.value.to_str().to_string()),
            Expr::BytesLiteral(b) => {
                let bytes: Vec<u8> = b.value.iter().flat_map(|l| l.value.iter().copied()).collect();
                ExprKind::Str(String::from_utf8_lossy(&bytes).into_owned())
            }
            Expr::FString(f) => self.fstring(f, scope),
            Expr::Await(a) => return self.expr(&a.value, scope),
            Expr::Attribute(a) => {
                let base = self.expr(&a.value, scope);
                ExprKind::Attr { base, name: a.attr.id.to_string() }
            }
            Expr::Call(c) => return self.call(c, scope),
            Expr::Dict(d) => {
                let mut entries = vec![];
                for item in &d.items {
                    let value_range = item.value.range();
                    match &item.key {
                        Some(k) => {
                            let key = match k {
                                Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
                                k => {
                                    self.expr(k, scope);
                                    None
                                }
                            };
                            let value = self.expr(&item.value, scope);
                            let at = Span::new(k.range().start().to_usize(), value_range.end().to_usize());
                            entries.push(Entry { key, span: at, value, spread: false });
                        }
                        // `**defaults`: the entry starts at its `**`.
                        None => {
                            let value = self.expr(&item.value, scope);
                            let start = self.src[..value_range.start().to_usize()].trim_end().len().saturating_sub(2);
                            let at = Span::new(start, value_range.end().to_usize());
                            entries.push(Entry { key: None, span: at, value, spread: true });
                        }
                    }
                }
                ExprKind::Object(entries)
            }
            Expr::List(l) => ExprKind::Array(l.elts.iter().map(|e| self.expr(e, scope)).collect()),
            Expr::Tuple(t) => ExprKind::Array(t.elts.iter().map(|e| self.expr(e, scope)).collect()),
            // `{429, 529}`: a set of statuses is a list of them.
            Expr::Set(s) => ExprKind::Array(s.elts.iter().map(|e| self.expr(e, scope)).collect()),
            Expr::BinOp(b) => {
                let (left, right) = (self.expr(&b.left, scope), self.expr(&b.right, scope));
                ExprKind::Binary { op: BinOp::from_token(b.op.as_str()), left, right }
            }
            // `a or b or c` is `(a or b) or c`.
            Expr::BoolOp(b) => {
                let op = BinOp::from_token(b.op.as_str());
                let Some((first, rest)) = b.values.split_first() else {
                    return self.unit.unknown(span(b.range), scope);
                };
                let mut left = self.expr(first, scope);
                for (i, v) in rest.iter().enumerate() {
                    let right = self.expr(v, scope);
                    if i + 1 == rest.len() {
                        return self.unit.expr(ExprKind::Binary { op, left, right }, span(b.range), scope);
                    }
                    let at = Span::new(first.range().start().to_usize(), v.range().end().to_usize());
                    left = self.unit.expr(ExprKind::Binary { op, left, right }, at, scope);
                }
                return left;
            }
            // `-x`, `not x`, `~x`: only a negated number has a value.
            Expr::UnaryOp(u) => {
                let inner = self.expr(&u.operand, scope);
                match u.op {
                    py::UnaryOp::USub => self.unit.exprs[inner].kind.negated(),
                    _ => ExprKind::Unknown,
                }
            }
            Expr::Lambda(f) => {
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                if let Some(params) = &f.parameters {
                    self.params(params, scope, inner);
                }
                self.expr(&f.body, inner);
                let (whole, body) = (span(f.range), span(f.body.range()));
                self.unit.functions.push(FunctionDef {
                    name: None,
                    span: whole,
                    body,
                    scope: inner,
                    decorators: vec![],
                });
                ExprKind::Function(inner)
            }
            Expr::Compare(c) => {
                let left = self.expr(&c.left, scope);
                let rights: Vec<ExprId> = c.comparators.iter().map(|r| self.expr(r, scope)).collect();
                match rights.first() {
                    Some(&right) => ExprKind::Binary { op: BinOp::Compare, left, right },
                    None => ExprKind::Unknown,
                }
            }
            // A comprehension is a function of its own: its clauses first, so
            // their targets are bound before the body is read.
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], scope),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], scope),
            Expr::Generator(c) => self.comprehension(&c.generators, &[&c.elt], scope),
            Expr::DictComp(c) => {
                let parts: Vec<&Expr> = c.key.as_deref().into_iter().chain([&*c.value]).collect();
                self.comprehension(&c.generators, &parts, scope)
            }
            Expr::If(i) => {
                self.expr(&i.test, scope);
                let (then, otherwise) = (self.expr(&i.body, scope), self.expr(&i.orelse, scope));
                ExprKind::Cond { then, otherwise }
            }
            // `(m := pattern.match(s))`: `m` is no one value.
            Expr::Named(n) => {
                self.expr(&n.value, scope);
                self.assign(&n.target, None, scope);
                ExprKind::Unknown
            }
            // `xs[:3]`, `xs[2:n]`: a slice with its end written out, read as
            // JS's `xs.slice(0, 3)` (how many items a loop goes through).
            Expr::Subscript(sub) if slice_bounds(&sub.slice).is_some() => {
                let (lower, upper) = slice_bounds(&sub.slice).unwrap_or_default();
                let base = self.expr(&sub.value, scope);
                let callee =
                    self.unit.expr(ExprKind::Attr { base, name: "slice".into() }, span(sub.value.range()), scope);
                let mut args = vec![];
                for bound in [lower, upper] {
                    let value = match bound {
                        Some(b) => self.expr(b, scope),
                        None => self.unit.expr(ExprKind::Int(0), span(sub.slice.range()), scope),
                    };
                    args.push(Entry { key: None, span: self.unit.exprs[value].span, value, spread: false });
                }
                ExprKind::Call { callee, args, new: false }
            }
            other => {
                self.children(scope, |l| visitor::walk_expr(l, other));
                ExprKind::Unknown
            }
        };
        self.unit.expr(kind, span(e.range()), scope)
    }

    fn comprehension(&mut self, generators: &[py::Comprehension], body: &[&Expr], scope: ScopeId) -> ExprKind {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        for g in generators {
            self.expr(&g.iter, inner);
            self.assign(&g.target, None, inner);
            for i in &g.ifs {
                self.expr(i, inner);
            }
        }
        for e in body {
            self.expr(e, inner);
        }
        ExprKind::Function(inner)
    }

    /// An f-string (with the plain literals it is glued to): its static
    /// parts and the expressions between them.
    fn fstring(&mut self, f: &py::ExprFString, scope: ScopeId) -> ExprKind {
        let (mut parts, mut holes) = (vec![String::new()], vec![]);
        for part in f.value.iter() {
            match part {
                py::FStringPart::Literal(s) => parts.last_mut().unwrap().push_str(&s.value),
                py::FStringPart::FString(f) => {
                    for element in f.elements.iter() {
                        match element {
                            py::InterpolatedStringElement::Literal(l) => parts.last_mut().unwrap().push_str(&l.value),
                            py::InterpolatedStringElement::Interpolation(i) => {
                                holes.push(self.expr(&i.expression, scope));
                                if let Some(spec) = &i.format_spec {
                                    for e in spec.elements.iter() {
                                        if let py::InterpolatedStringElement::Interpolation(i) = e {
                                            self.expr(&i.expression, scope);
                                        }
                                    }
                                }
                                parts.push(String::new());
                            }
                        }
                    }
                }
            }
        }
        if holes.is_empty() { ExprKind::Str(parts.concat()) } else { ExprKind::Template { parts, holes } }
    }

    fn call(&mut self, c: &py::ExprCall, scope: ScopeId) -> ExprId {
        let callee = self.expr(&c.func, scope);
        let mut args = vec![];
        for a in c.arguments.iter_source_order() {
            let entry = match a {
                ArgOrKeyword::Keyword(k) => {
                    let value = self.expr(&k.value, scope);
                    // `**kwargs` has no name.
                    let key = k.arg.as_ref().map(|n| n.id.to_string());
                    Entry { spread: key.is_none(), key, span: span(k.range), value }
                }
                ArgOrKeyword::Arg(Expr::Starred(s)) => {
                    let value = self.expr(&s.value, scope);
                    Entry { key: None, span: span(s.range), value, spread: false }
                }
                ArgOrKeyword::Arg(e) => {
                    let value = self.expr(e, scope);
                    Entry { key: None, span: span(e.range()), value, spread: false }
                }
            };
            args.push(entry);
        }
        // `dict(model=..., max_tokens=...)` is a dict literal.
        if self.text(c.func.range()) == "dict" && args.iter().all(|a| a.key.is_some() || a.spread) {
            return self.unit.expr(ExprKind::Object(args), span(c.range()), scope);
        }
        self.unit.expr(ExprKind::Call { callee, args, new: false }, span(c.range()), scope)
    }
}

/// The one class an annotation names: `LLM`, `llm.LLM`, `LLM | None`,
/// `Optional[LLM]`; not a container or a union of classes.
fn annotated_class(t: &Expr) -> Option<&Expr> {
    match t {
        Expr::Name(_) | Expr::Attribute(_) => Some(t),
        Expr::BinOp(b) if b.op == py::Operator::BitOr => match (&*b.left, &*b.right) {
            (Expr::NoneLiteral(_), x) | (x, Expr::NoneLiteral(_)) => annotated_class(x),
            _ => None,
        },
        Expr::Subscript(s) if matches!(&*s.value, Expr::Name(n) if n.id.as_str() == "Optional") => {
            annotated_class(&s.slice)
        }
        _ => None,
    }
}

/// The bounds of a slice whose end is a literal or a name (`[:3]`, `[2:n]`),
/// without a step; its start, if written, a literal.
fn slice_bounds(slice: &Expr) -> Option<(Option<&Expr>, Option<&Expr>)> {
    let Expr::Slice(s) = slice else { return None };
    let upper = s.upper.as_deref().filter(|u| matches!(u, Expr::NumberLiteral(_) | Expr::Name(_)))?;
    let lower = s.lower.as_deref();
    (s.step.is_none() && lower.is_none_or(|l| matches!(l, Expr::NumberLiteral(_)))).then_some((lower, Some(upper)))
}

/// The names an assignment target binds: `m`, `(i, m)`, `[a, *rest]`.
fn target_names(target: &Expr, out: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}
