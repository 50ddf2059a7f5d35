//! JavaScript and TypeScript frontend (oxc's parser) → `ir::Unit`.
//!
//! Decision: JS and TS are parsed with oxc, not tree-sitter. On the reference
//! corpus (bench/README.md) TypeScript is most of what llmlint parses, and
//! tree-sitter's TypeScript grammar read it at some 6 MB/s where oxc reads
//! over 100 MB/s. A file oxc cannot parse (a syntax error it cannot recover
//! from: a template with `{% %}` tags named `.js`, say) is skipped with a
//! warning that says where, as ruff and oxlint do; tree-sitter guessed a
//! tree around the error. `.js` files are parsed with JSX on, as
//! tree-sitter's JavaScript grammar did: React code names its files `.js`.

mod expr;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use oxc_allocator::Allocator;
use oxc_ast::ast as js;
use oxc_ast_visit::{Visit, walk};
use oxc_span::{GetSpan, SourceType};

use crate::base::source::Span;
use crate::frontend::ir::{
    BinOp, Binding, Entry, ExprId, ExprKind, FunctionDef, Handler, Import, LoopInfo, LoopKind, ScopeId, ScopeKind, Unit,
};
use crate::frontend::ir::{MODULE, ModuleSpec};
use crate::frontend::literal::{self, NumberLit};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

thread_local! {
    /// One arena per thread, reset after each file: oxc allocates a file's
    /// whole tree in it, and nothing of the tree outlives the lowering.
    static ARENA: RefCell<Allocator> = RefCell::new(Allocator::default());
}

/// The dialect as oxc knows it; the file's name refines it (`.cjs` is a
/// script, `.d.ts` declarations).
fn source_type(dialect: Dialect, path: Option<&Path>) -> SourceType {
    let named = path.and_then(|p| SourceType::from_path(p).ok());
    match dialect {
        Dialect::JavaScript => named.filter(|t| t.is_javascript()).unwrap_or_else(SourceType::mjs).with_jsx(true),
        Dialect::TypeScript => named.filter(|t| t.is_typescript() && !t.is_jsx()).unwrap_or_else(SourceType::ts),
        Dialect::Tsx => SourceType::tsx(),
    }
}

/// Parse `src` in this thread's arena and hand the result to `then`.
fn parse<R>(src: &str, source_type: SourceType, then: impl FnOnce(oxc_parser::ParserReturn) -> R) -> R {
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut arena) => {
            let result = then(oxc_parser::Parser::new(&arena, src, source_type).parse());
            arena.reset();
            result
        }
        // (Only if a parse re-entered this thread; a fresh arena then.)
        Err(_) => then(oxc_parser::Parser::new(&Allocator::default(), src, source_type).parse()),
    })
}

/// Whether `text` parses without a syntax error (after a fix: a fix that
/// breaks the file is not written).
pub fn parses(text: &str, dialect: Dialect) -> bool {
    parse(text, source_type(dialect, None), |parsed| !parsed.panicked && parsed.diagnostics.is_empty())
}

/// Why oxc could not parse a file: its message, and the byte it points at.
pub struct SyntaxError {
    pub message: String,
    pub at: Option<usize>,
}

/// Lower one file, or say why oxc could not parse it.
pub fn lower(path: &Path, src: &str, dialect: Dialect) -> Result<Unit, SyntaxError> {
    parse(src, source_type(dialect, Some(path)), |parsed| lower_parsed(parsed, path, src))
}

fn lower_parsed(parsed: oxc_parser::ParserReturn, path: &Path, src: &str) -> Result<Unit, SyntaxError> {
    if parsed.panicked {
        let first = parsed.diagnostics.first();
        return Err(SyntaxError {
            message: first.map(|d| d.message.to_string()).unwrap_or_else(|| "syntax error".into()),
            at: first.and_then(|d| d.labels.first()).map(|l| l.offset() as usize),
        });
    }
    let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut l = Lower { src, dir, unit: Unit::new(), depth: 0, scope: MODULE };
    for s in &parsed.program.body {
        l.walk(s, MODULE);
    }
    Ok(l.unit)
}

/// Extensions a relative import may leave out, in Node/TypeScript order.
const EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

fn span(s: oxc_span::Span) -> Span {
    Span::new(s.start as usize, s.end as usize)
}

/// A string literal's value, or a template's with nothing interpolated.
fn static_string(e: &js::Expression) -> Option<String> {
    match e {
        js::Expression::StringLiteral(s) => Some(s.value.to_string()),
        js::Expression::TemplateLiteral(t) if t.expressions.is_empty() => Some(quasis(t).concat()),
        _ => None,
    }
}

/// A template's static parts, escapes undone.
fn quasis(t: &js::TemplateLiteral) -> Vec<String> {
    t.quasis.iter().map(|q| q.value.cooked.unwrap_or(q.value.raw).to_string()).collect()
}

struct Lower<'s> {
    src: &'s str,
    dir: PathBuf,
    unit: Unit,
    /// How deep `expr`/`walk` are nested now.
    depth: usize,
    /// The scope `children` lowers into (oxc's visitor carries none).
    scope: ScopeId,
}

/// What the lowering has no case for (an `if`, a `switch`, a conditional,
/// JSX, a namespace) is walked by oxc's visitor, and every statement and
/// expression it holds is lowered as usual: a request inside still counts.
impl<'a> Visit<'a> for Lower<'_> {
    fn visit_statement(&mut self, it: &js::Statement<'a>) {
        self.walk(it, self.scope);
    }
    fn visit_expression(&mut self, it: &js::Expression<'a>) {
        self.expr(it, self.scope);
    }
    fn visit_variable_declaration(&mut self, it: &js::VariableDeclaration<'a>) {
        self.variables(it, self.scope);
    }
    fn visit_function(&mut self, it: &js::Function<'a>, _: oxc_syntax::scope::ScopeFlags) {
        self.function(it, self.scope, None, it.span);
    }
    fn visit_class(&mut self, it: &js::Class<'a>) {
        self.class(it, self.scope);
    }
    // Types hold no values.
    fn visit_ts_type(&mut self, _: &js::TSType<'a>) {}
    fn visit_ts_type_annotation(&mut self, _: &js::TSTypeAnnotation<'a>) {}
    fn visit_ts_type_parameter_instantiation(&mut self, _: &js::TSTypeParameterInstantiation<'a>) {}
    fn visit_ts_type_parameter_declaration(&mut self, _: &js::TSTypeParameterDeclaration<'a>) {}
}

impl<'s> Lower<'s> {
    fn text(&self, s: oxc_span::Span) -> &'s str {
        self.src.get(s.start as usize..s.end as usize).unwrap_or("")
    }

    /// Lower what a node holds with oxc's visitor, in `scope`.
    fn children(&mut self, scope: ScopeId, visit: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.scope, scope);
        visit(self);
        self.scope = outer;
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
        Some(ModuleSpec::Files(files.into()))
    }

    fn import_from(&mut self, local: &str, specifier: &str, member: Option<&str>) {
        let qualified = match member {
            Some(m) => format!("{specifier}.{m}"),
            None => specifier.to_string(),
        };
        let project = self.module_spec(specifier);
        self.unit.import(local, Import { qualified, project, member: member.map(str::to_string), submodule: None });
    }

    /// Statements, with the same nesting guard as expressions.
    fn walk(&mut self, s: &js::Statement, scope: ScopeId) {
        if self.depth >= literal::MAX_NESTING {
            return;
        }
        self.depth += 1;
        self.statement(s, scope);
        self.depth -= 1;
    }

    fn block(&mut self, body: &[js::Statement], scope: ScopeId) {
        for s in body {
            self.walk(s, scope);
        }
    }

    fn statement(&mut self, s: &js::Statement, scope: ScopeId) {
        use js::Statement as S;
        match s {
            S::ExpressionStatement(e) => {
                let value = self.expr(&e.expression, scope);
                self.unit.discarded.push(value);
            }
            S::BlockStatement(b) => self.block(&b.body, scope),
            S::ImportDeclaration(d) => self.import(d),
            // export { a as b } from "./x"
            S::ExportFromDeclaration(d) => {
                for s in &d.specifiers {
                    self.import_from(&s.exported.name(), &d.source.value, Some(&s.local.name()));
                }
            }
            // export { a as b }
            S::ExportNamedDeclaration(d) => {
                for s in &d.specifiers {
                    let (local, exported) = (s.local.name(), s.exported.name());
                    if local != exported {
                        let v = self.unit.expr(ExprKind::Name(local.to_string()), span(s.local.span()), scope);
                        self.unit.export_aliases.push((exported.to_string(), v));
                    }
                }
            }
            S::ExportDeclaration(d) => self.declaration(&d.declaration, scope),
            S::ExportDefaultDeclaration(d) => match &d.declaration {
                js::ExportDefaultDeclarationKind::FunctionDeclaration(f) => self.function_declaration(f, scope),
                js::ExportDefaultDeclarationKind::ClassDeclaration(c) => self.class(c, scope),
                js::ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => {}
                other => {
                    if let Some(e) = other.as_expression() {
                        let v = self.expr(e, scope);
                        self.unit.export_aliases.push(("default".into(), v));
                    }
                }
            },
            S::ForStatement(f) => {
                match &f.init {
                    Some(js::ForStatementInit::VariableDeclaration(d)) => self.variables(d, scope),
                    Some(init) => {
                        if let Some(e) = init.as_expression() {
                            self.expr(e, scope);
                        }
                    }
                    None => {}
                }
                let condition = f.test.as_ref().map(|t| self.expr(t, scope));
                if let Some(u) = &f.update {
                    self.expr(u, scope);
                }
                let forever = condition.is_none_or(|c| matches!(self.unit.exprs[c].kind, ExprKind::Bool(true)));
                let kind = if forever { LoopKind::Forever } else { LoopKind::For };
                self.body_loop(f.span, &f.body, kind, condition, None, scope);
            }
            S::WhileStatement(w) => self.while_loop(w.span, &w.test, &w.body, scope),
            S::DoWhileStatement(w) => self.while_loop(w.span, &w.test, &w.body, scope),
            S::ForInStatement(f) => {
                let iter = self.expr(&f.right, scope);
                let targets = self.bind_left(&f.left, scope);
                self.body_loop(f.span, &f.body, LoopKind::For, None, Some((iter, targets)), scope);
            }
            S::ForOfStatement(f) => {
                let iter = self.expr(&f.right, scope);
                let targets = self.bind_left(&f.left, scope);
                // `for await (const turn of turns)`: as long as the stream lasts.
                let kind = if f.r#await { LoopKind::While } else { LoopKind::For };
                self.body_loop(f.span, &f.body, kind, None, Some((iter, targets)), scope);
            }
            S::TryStatement(t) => {
                self.block(&t.block.body, scope);
                if let Some(c) = &t.handler {
                    let binding = c.param.as_ref().map(|p| self.text(p.pattern.span()).to_string());
                    if let Some(b) = &binding {
                        self.unit.bind(scope, b, Binding::Unknown);
                    }
                    self.block(&c.body.body, scope);
                    self.unit.handlers.push(Handler {
                        span: span(c.span),
                        body: span(c.body.span),
                        types: vec![],
                        binding,
                    });
                }
                if let Some(f) = &t.finalizer {
                    self.block(&f.body, scope);
                }
            }
            S::ReturnStatement(r) => {
                self.unit.exits.push(span(r.span));
                if let Some(a) = &r.argument {
                    let e = self.expr(a, scope);
                    self.unit.returns(scope, e);
                }
            }
            S::BreakStatement(b) => self.unit.exits.push(span(b.span)),
            S::ThrowStatement(t) => {
                self.unit.exits.push(span(t.span));
                self.expr(&t.argument, scope);
            }
            _ => match s.as_declaration() {
                Some(d) => self.declaration(d, scope),
                None => self.children(scope, |l| walk::walk_statement(l, s)),
            },
        }
    }

    fn declaration(&mut self, d: &js::Declaration, scope: ScopeId) {
        use js::Declaration as D;
        match d {
            D::VariableDeclaration(v) => self.variables(v, scope),
            D::FunctionDeclaration(f) => self.function_declaration(f, scope),
            D::ClassDeclaration(c) => self.class(c, scope),
            D::TSEnumDeclaration(e) => self.enumeration(e, scope),
            D::TSTypeAliasDeclaration(_) | D::TSInterfaceDeclaration(_) | D::TSImportEqualsDeclaration(_) => {}
            // Namespaces and `declare module` blocks: their statements.
            _ => self.children(scope, |l| walk::walk_declaration(l, d)),
        }
    }

    fn import(&mut self, d: &js::ImportDeclaration) {
        let Some(specifiers) = &d.specifiers else { return };
        let specifier = d.source.value.as_str();
        for s in specifiers {
            match s {
                js::ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    self.import_from(&s.local.name, specifier, Some("default"))
                }
                js::ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    self.import_from(&s.local.name, specifier, None)
                }
                js::ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    self.import_from(&s.local.name, specifier, Some(&s.imported.name()))
                }
            }
        }
    }

    /// `require("m")`, `await import("m")` → the specifier.
    fn require(&self, e: &js::Expression) -> Option<String> {
        let e = match e {
            js::Expression::AwaitExpression(a) => &a.argument,
            e => e,
        };
        match e {
            js::Expression::CallExpression(c) if matches!(&c.callee, js::Expression::Identifier(i) if i.name == "require") => {
                static_string(c.arguments.first()?.as_expression()?)
            }
            js::Expression::ImportExpression(i) => static_string(&i.source),
            _ => None,
        }
    }

    fn variables(&mut self, d: &js::VariableDeclaration, scope: ScopeId) {
        for v in &d.declarations {
            self.declarator(v, scope);
        }
    }

    fn declarator(&mut self, d: &js::VariableDeclarator, scope: ScopeId) {
        if let Some(specifier) = d.init.as_ref().and_then(|v| self.require(v)) {
            match &d.id {
                js::BindingPattern::BindingIdentifier(id) => self.import_from(&id.name, &specifier, None),
                // const { A, B: b } = require("./config")
                js::BindingPattern::ObjectPattern(p) => {
                    for prop in &p.properties {
                        let (Some(key), js::BindingPattern::BindingIdentifier(local)) =
                            (prop.key.static_name().filter(|_| !prop.computed), &prop.value)
                        else {
                            continue;
                        };
                        self.import_from(&local.name, &specifier, Some(&key));
                    }
                }
                _ => {}
            }
            return;
        }
        let v = d.init.as_ref().map(|v| self.expr(v, scope));
        match (&d.id, v) {
            (js::BindingPattern::BindingIdentifier(id), _) => {
                // `const withBackoff = async (fn) => {…}`: the function has the name.
                if let Some(ExprKind::Function(f)) = v.map(|v| &self.unit.exprs[v].kind)
                    && let Some(def) = self.unit.functions.iter_mut().find(|d| d.scope == *f && d.name.is_none())
                {
                    def.name = Some(id.name.to_string());
                }
                self.unit.bind(scope, &id.name, v.map_or(Binding::Unknown, Binding::Value))
            }
            // `const { anthropic, openai: gpt } = makeClients()`: each name is
            // that member of the value.
            (js::BindingPattern::ObjectPattern(p), Some(v)) if p.rest.is_none() => {
                for prop in &p.properties {
                    match (prop.key.static_name().filter(|_| !prop.computed), &prop.value) {
                        (Some(key), js::BindingPattern::BindingIdentifier(local)) => {
                            let at = span(prop.span);
                            let member = self.unit.expr(ExprKind::Attr { base: v, name: key.to_string() }, at, scope);
                            self.unit.bind(scope, &local.name, Binding::Value(member));
                        }
                        _ => self.bind_pattern(&prop.value, scope),
                    }
                }
            }
            (pattern, _) => self.bind_pattern(pattern, scope),
        }
    }

    /// Every name a destructuring pattern binds, as Unknown (defaults are
    /// lowered).
    fn bind_pattern(&mut self, pattern: &js::BindingPattern, scope: ScopeId) {
        match pattern {
            js::BindingPattern::BindingIdentifier(id) => self.unit.bind(scope, &id.name, Binding::Unknown),
            js::BindingPattern::ObjectPattern(p) => {
                for prop in &p.properties {
                    self.bind_pattern(&prop.value, scope);
                }
                if let Some(rest) = &p.rest {
                    self.bind_pattern(&rest.argument, scope);
                }
            }
            js::BindingPattern::ArrayPattern(p) => {
                for element in p.elements.iter().flatten() {
                    self.bind_pattern(element, scope);
                }
                if let Some(rest) = &p.rest {
                    self.bind_pattern(&rest.argument, scope);
                }
            }
            js::BindingPattern::AssignmentPattern(p) => {
                self.bind_pattern(&p.left, scope);
                self.expr(&p.right, scope);
            }
        }
    }

    /// The names an assignment writes (`x`, `[a, b]`, `{ a, b: c }`), as
    /// Unknown: they no longer hold one value.
    fn bind_targets(&mut self, target: &js::AssignmentTarget, scope: ScopeId) -> Vec<String> {
        #[derive(Default)]
        struct Names(Vec<String>);
        impl<'a> Visit<'a> for Names {
            fn visit_identifier_reference(&mut self, it: &js::IdentifierReference<'a>) {
                self.0.push(it.name.to_string());
            }
            fn visit_expression(&mut self, _: &js::Expression<'a>) {}
        }
        let mut names = Names::default();
        names.visit_assignment_target(target);
        for n in &names.0 {
            self.unit.bind(scope, n, Binding::Unknown);
        }
        names.0
    }

    /// The left side of `for (… in/of xs)`.
    /// Binds the names of the left side, and says which they are.
    fn bind_left(&mut self, left: &js::ForStatementLeft, scope: ScopeId) -> Vec<String> {
        match left {
            js::ForStatementLeft::VariableDeclaration(d) => {
                let mut names = vec![];
                for v in &d.declarations {
                    self.bind_pattern(&v.id, scope);
                    names.extend(v.id.get_binding_identifiers().iter().map(|id| id.name.to_string()));
                }
                names
            }
            other => match other.as_assignment_target() {
                Some(t) => self.bind_targets(t, scope),
                None => vec![],
            },
        }
    }

    fn while_loop(&mut self, whole: oxc_span::Span, test: &js::Expression, body: &js::Statement, scope: ScopeId) {
        let condition = self.expr(test, scope);
        let forever = matches!(self.unit.exprs[condition].kind, ExprKind::Bool(true));
        let kind = if forever { LoopKind::Forever } else { LoopKind::While };
        self.body_loop(whole, body, kind, Some(condition), None, scope);
    }

    fn body_loop(
        &mut self,
        whole: oxc_span::Span,
        body: &js::Statement,
        kind: LoopKind,
        condition: Option<ExprId>,
        iter: Option<(ExprId, Vec<String>)>,
        scope: ScopeId,
    ) {
        self.walk(body, scope);
        let body = span(body.span());
        let header = Span::new(whole.start as usize, body.start);
        let (iter, targets) = iter.map_or((None, vec![]), |(i, t)| (Some(i), t));
        self.unit.loops.push(LoopInfo { kind, span: span(whole), header, body, condition, iter, targets });
    }

    fn function_declaration(&mut self, f: &js::Function, scope: ScopeId) {
        let inner = self.function(f, scope, None, f.span);
        if let Some(id) = &f.id {
            let e = self.unit.expr(ExprKind::Function(inner), span(f.span), scope);
            self.unit.bind(scope, &id.name, Binding::Value(e));
        }
    }

    /// A function's own scope: its parameters (defaults lowered where the
    /// function is written) and body. `name` and `whole` are a method's.
    fn function(&mut self, f: &js::Function, scope: ScopeId, name: Option<String>, whole: oxc_span::Span) -> ScopeId {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        self.parameters(&f.params, inner, scope);
        self.unit.scopes[inner].returns_type =
            f.return_type.as_ref().and_then(|t| self.returned_type(&t.type_annotation, scope));
        if let Some(body) = &f.body {
            self.block(&body.statements, inner);
        }
        let name = name.or_else(|| f.id.as_ref().map(|id| id.name.to_string()));
        let body = f.body.as_ref().map_or(span(whole), |b| span(b.span));
        self.unit.functions.push(FunctionDef { name, span: span(whole), body, scope: inner, decorators: vec![] });
        inner
    }

    fn arrow(&mut self, f: &js::ArrowFunctionExpression, scope: ScopeId) -> ScopeId {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        self.parameters(&f.params, inner, scope);
        self.unit.scopes[inner].returns_type =
            f.return_type.as_ref().and_then(|t| self.returned_type(&t.type_annotation, scope));
        // `x => expr` is a body of one expression statement.
        match f.get_function_body() {
            Some(b) => self.block(&b.statements, inner),
            None => {
                if let Some(e) = f.get_expression() {
                    let e = self.expr(e, inner);
                    self.unit.returns(inner, e);
                }
            }
        }
        let body = span(f.body.span());
        self.unit.functions.push(FunctionDef {
            name: None,
            span: span(f.span),
            body,
            scope: inner,
            decorators: vec![],
        });
        inner
    }

    fn parameters(&mut self, params: &js::FormalParameters, inner: ScopeId, scope: ScopeId) {
        for p in &params.items {
            let (pattern, default) = match (&p.pattern, &p.initializer) {
                (pattern, Some(d)) => (pattern, Some(&**d)),
                (js::BindingPattern::AssignmentPattern(a), None) => (&a.left, Some(&a.right)),
                (pattern, None) => (pattern, None),
            };
            self.bind_pattern(pattern, inner);
            let name = match pattern {
                js::BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                _ => None,
            };
            let annotation = p.type_annotation.as_ref().and_then(|t| self.type_name(&t.type_annotation, scope));
            let fields = match pattern {
                js::BindingPattern::ObjectPattern(o) => o
                    .properties
                    .iter()
                    .filter_map(|prop| {
                        let key = self.key_name(&prop.key, prop.computed)?;
                        let local = match &prop.value {
                            js::BindingPattern::BindingIdentifier(id) => id.name.to_string(),
                            js::BindingPattern::AssignmentPattern(a) => match &a.left {
                                js::BindingPattern::BindingIdentifier(id) => id.name.to_string(),
                                _ => return None,
                            },
                            _ => return None,
                        };
                        Some((key, local))
                    })
                    .collect(),
                _ => vec![],
            };
            self.unit.scopes[inner].params.push(crate::frontend::ir::Param { name, annotation, fields });
            if let (Some(d), js::BindingPattern::BindingIdentifier(id)) = (default, pattern) {
                let v = self.expr(d, scope);
                self.unit.scopes[inner].param_defaults.push((id.name.to_string(), v));
            }
        }
        if let Some(rest) = &params.rest {
            self.bind_pattern(&rest.rest.argument, inner);
        }
    }

    /// `constructor(private model: string)`: the parameter is also the
    /// attribute `this.model` of the class.
    fn parameter_properties(&mut self, params: &js::FormalParameters, inner: ScopeId, class: ScopeId) {
        for p in params.items.iter().filter(|p| p.accessibility.is_some() || p.readonly) {
            let id = match &p.pattern {
                js::BindingPattern::BindingIdentifier(id) => id,
                js::BindingPattern::AssignmentPattern(a) => match &a.left {
                    js::BindingPattern::BindingIdentifier(id) => id,
                    _ => continue,
                },
                _ => continue,
            };
            let e = self.unit.expr(ExprKind::Name(id.name.to_string()), span(id.span), inner);
            self.unit.bind(class, &format!("this.{}", id.name), Binding::Value(e));
        }
    }

    /// The class a type annotation names (`LLM`, `llm.LLM`), as a name of `scope`.
    fn type_name(&mut self, t: &js::TSType, scope: ScopeId) -> Option<ExprId> {
        let js::TSType::TSTypeReference(r) = t else { return None };
        self.ts_type_name(&r.type_name, scope)
    }

    /// The class a function's return type names, through `Promise<…>`.
    fn returned_type(&mut self, t: &js::TSType, scope: ScopeId) -> Option<ExprId> {
        if let js::TSType::TSTypeReference(r) = t
            && matches!(&r.type_name, js::TSTypeName::IdentifierReference(id) if id.name == "Promise")
            && let Some(args) = &r.type_arguments
            && let [inner] = args.params.as_slice()
        {
            return self.type_name(inner, scope);
        }
        self.type_name(t, scope)
    }

    fn ts_type_name(&mut self, n: &js::TSTypeName, scope: ScopeId) -> Option<ExprId> {
        match n {
            js::TSTypeName::IdentifierReference(id) => {
                Some(self.unit.expr(ExprKind::Name(id.name.to_string()), span(id.span), scope))
            }
            js::TSTypeName::QualifiedName(q) => {
                let base = self.ts_type_name(&q.left, scope)?;
                Some(self.unit.expr(ExprKind::Attr { base, name: q.right.name.to_string() }, span(q.span), scope))
            }
            js::TSTypeName::ThisExpression(_) => None,
        }
    }

    /// A property's name as written: `a`, `"a"`, `1`, `#a`; none when computed.
    fn key_name(&self, key: &js::PropertyKey, computed: bool) -> Option<String> {
        match key {
            _ if computed => None,
            js::PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
            js::PropertyKey::PrivateIdentifier(id) => Some(format!("#{}", id.name)),
            js::PropertyKey::StringLiteral(s) => Some(s.value.to_string()),
            js::PropertyKey::NumericLiteral(n) => Some(self.text(n.span).to_string()),
            other => other.as_expression().and_then(static_string),
        }
    }

    fn class(&mut self, c: &js::Class, scope: ScopeId) {
        let class = match &c.id {
            Some(id) => self.unit.new_class(scope, &id.name, span(c.span)),
            None => self.unit.new_scope(scope, ScopeKind::Class),
        };
        if let Some(heritage) = &c.heritage {
            let base = self.expr(&heritage.expression, scope);
            self.unit.scopes[class].bases.push(base);
        }
        for m in &c.body.body {
            match m {
                js::ClassElement::PropertyDefinition(p) => {
                    let name = self.key_name(&p.key, p.computed);
                    if let (Some(name), Some(t), false) = (&name, &p.type_annotation, p.r#static)
                        && let Some(t) = self.type_name(&t.type_annotation, scope)
                    {
                        self.unit.scopes[class].field_types.push((name.clone(), t));
                    }
                    self.field(name, p.value.as_ref(), p.r#static, class)
                }
                js::ClassElement::AccessorProperty(p) => {
                    self.field(self.key_name(&p.key, p.computed), p.value.as_ref(), p.r#static, class)
                }
                js::ClassElement::MethodDefinition(m) => {
                    let name = self.key_name(&m.key, m.computed);
                    let inner = self.function(&m.value, class, name.clone(), m.span);
                    if m.kind == js::MethodDefinitionKind::Constructor {
                        self.parameter_properties(&m.value.params, inner, class);
                    }
                    if let Some(name) = name {
                        let f = self.unit.expr(ExprKind::Function(inner), span(m.span), class);
                        self.unit.bind(class, &format!("this.{name}"), Binding::Value(f));
                    }
                }
                js::ClassElement::StaticBlock(b) => self.block(&b.body, class),
                js::ClassElement::TSIndexSignature(_) => {}
            }
        }
    }

    /// `static MAX = 5` is `Class.MAX`; an instance field is `this.x`.
    fn field(&mut self, name: Option<String>, value: Option<&js::Expression>, is_static: bool, class: ScopeId) {
        let value = value.map(|v| self.expr(v, class));
        if let Some(name) = name {
            let key = if is_static { name } else { format!("this.{name}") };
            self.unit.bind(class, &key, value.map_or(Binding::Unknown, Binding::Value));
        }
    }

    /// `enum Model { Haiku = "claude-…" }`: an object bound to the enum's name.
    fn enumeration(&mut self, e: &js::TSEnumDeclaration, scope: ScopeId) {
        let mut entries = vec![];
        for m in &e.body.members {
            let key = match &m.id {
                js::TSEnumMemberName::Identifier(id) => id.name.to_string(),
                js::TSEnumMemberName::String(s) | js::TSEnumMemberName::ComputedString(s) => s.value.to_string(),
                js::TSEnumMemberName::ComputedTemplateString(t) => quasis(t).concat(),
            };
            let value = match &m.initializer {
                Some(v) => self.expr(v, scope),
                None => self.unit.unknown(span(m.span), scope),
            };
            entries.push(Entry { key: Some(key), span: span(m.span), value, spread: false });
        }
        let object = self.unit.expr(ExprKind::Object(entries), span(e.span), scope);
        self.unit.bind(scope, &e.id.name, Binding::Value(object));
    }
}
