//! Rust frontend: syn (with proc-macro2's span locations) → `ir::Unit`,
//! including the bodies of `serde_json::json!`, where Rust code builds request
//! bodies. syn drops comments; suppressions are read from the source text.

use std::path::{Path, PathBuf};

use proc_macro2::Span as PmSpan;
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{Expr, Item, Lit, Pat, Stmt, UseTree};

use crate::base::source::{SourceFile, Span};
use crate::frontend::ir::{
    BinOp, Binding, Entry, ExprId, ExprKind, FunctionDef, Handler, Import, LoopInfo, LoopKind, ScopeId, ScopeKind, Unit,
};
use crate::frontend::ir::{MODULE, ModuleSpec};

mod macros;
mod spans;

pub fn lower(file: &SourceFile) -> Result<Unit, String> {
    let result = lower_parsed(file);
    // proc-macro2 keeps every parsed text in a per-thread map until told
    // to drop it; the engine's workers would hold every Rust file they saw.
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

fn lower_parsed(file: &SourceFile) -> Result<Unit, String> {
    let parsed = syn::parse_file(&file.text).map_err(|e| {
        let at = e.span().start();
        format!("{}:{}: {e}", at.line, at.column + 1)
    })?;
    // syn parses the text after a byte-order mark and a `#!` line; its byte
    // offsets count from there.
    let bom = if file.text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let shift = bom + parsed.shebang.as_ref().map_or(0, String::len);
    let mut l = Lower { file, unit: Unit::new(), shift };
    l.items(&parsed.items, MODULE);
    Ok(l.unit)
}

/// Whether `text` parses as Rust.
pub fn parses(text: &str) -> bool {
    let ok = syn::parse_file(text).is_ok();
    proc_macro2::extra::invalidate_current_thread_spans();
    ok
}

struct Lower<'f> {
    file: &'f SourceFile,
    unit: Unit,
    /// Where the text syn parsed starts in the file.
    shift: usize,
}

/// The direct sub-expressions, blocks, macros and bound names of a node.
#[derive(Default)]
struct Children<'a> {
    exprs: Vec<&'a Expr>,
    blocks: Vec<&'a syn::Block>,
    macros: Vec<&'a syn::Macro>,
    names: Vec<String>,
}

impl<'a> Visit<'a> for Children<'a> {
    fn visit_expr(&mut self, e: &'a Expr) {
        self.exprs.push(e);
    }
    fn visit_block(&mut self, b: &'a syn::Block) {
        self.blocks.push(b);
    }
    fn visit_macro(&mut self, m: &'a syn::Macro) {
        self.macros.push(m);
    }
    fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
        self.names.push(p.ident.to_string());
        syn::visit::visit_pat_ident(self, p);
    }
    fn visit_item(&mut self, _: &'a Item) {}
}

impl<'f> Lower<'f> {
    /// The file's byte range of `s` (proc-macro2 counts characters, and
    /// keeps a character-to-byte index for the conversion).
    fn span(&self, s: PmSpan) -> Span {
        let r = s.byte_range();
        let at = |b: usize| (b + self.shift).min(self.file.text.len());
        Span::new(at(r.start), at(r.end))
    }

    fn push(&mut self, kind: ExprKind, s: PmSpan, scope: ScopeId) -> ExprId {
        let sp = self.span(s);
        self.unit.expr(kind, sp, scope)
    }

    fn items(&mut self, items: &[Item], scope: ScopeId) {
        for item in items {
            self.item(item, scope);
        }
    }

    fn item(&mut self, item: &Item, scope: ScopeId) {
        match item {
            Item::Const(c) => {
                let v = self.expr(&c.expr, scope);
                self.unit.bind(scope, &c.ident.to_string(), Binding::Value(v));
            }
            Item::Static(s) => {
                let v = self.expr(&s.expr, scope);
                self.unit.bind(scope, &s.ident.to_string(), Binding::Value(v));
            }
            Item::Fn(f) => {
                if is_test_code(&f.attrs) {
                    let span = self.span(f.span());
                    self.unit.test_spans.push(span);
                }
                self.function(&f.sig, &f.block, f.span(), scope)
            }
            // The methods of `impl Claude` and `impl Trait for Claude` are
            // the attributes of one class `Claude` (its `self.post()` and
            // `Claude::new()`), the trait being its base.
            Item::Impl(i) => {
                let class = match type_ident(&i.self_ty) {
                    Some(name) => self.class_named(&name, i.span(), scope),
                    None => scope,
                };
                if let Some((trait_path, _)) = &i.trait_
                    && class != scope
                    && let Some(last) = trait_path.segments.last()
                {
                    let base = self.push(ExprKind::Name(last.ident.to_string()), trait_path.span(), scope);
                    self.unit.scopes[class].bases.push(base);
                }
                for it in &i.items {
                    match it {
                        syn::ImplItem::Fn(f) => self.function(&f.sig, &f.block, f.span(), class),
                        syn::ImplItem::Const(c) => {
                            let v = self.expr(&c.expr, class);
                            self.unit.bind(class, &c.ident.to_string(), Binding::Value(v));
                        }
                        _ => {}
                    }
                }
            }
            Item::Trait(t) => {
                let class = self.class_named(&t.ident.to_string(), t.span(), scope);
                for it in &t.items {
                    if let syn::TraitItem::Fn(f) = it
                        && let Some(b) = &f.default
                    {
                        self.function(&f.sig, b, f.span(), class);
                    }
                }
            }
            Item::Mod(m) => match &m.content {
                Some((_, items)) => {
                    if is_test_code(&m.attrs) {
                        let span = self.span(m.span());
                        self.unit.test_spans.push(span);
                    }
                    self.items(items, scope)
                }
                None => {
                    let name = m.ident.to_string();
                    let files = module_files(&self.file.path, &[], std::slice::from_ref(&name));
                    self.unit.import(
                        &name,
                        Import {
                            qualified: name.clone(),
                            project: files.map(|f| ModuleSpec::Files(f.into())),
                            member: None,
                            submodule: None,
                        },
                    );
                }
            },
            Item::Use(u) => self.use_tree(&u.tree, vec![]),
            Item::Macro(m) => self.mac(&m.mac, scope),
            _ => {}
        }
    }

    /// `Self { system: PROMPT, .. }` in an `impl`: what the instance's
    /// fields are set to, bound as `self.system` in the impl (as Python's
    /// `self.system = …` in `__init__`). Several constructors setting a
    /// field differently leave it unknown.
    fn constructed(&mut self, path: &syn::Path, entries: &[Entry], scope: ScopeId) {
        let Some(class) = self.unit.class_of(scope) else { return };
        let name = path.segments.last().map(|s| s.ident.to_string());
        if name.as_deref() != Some("Self") && name != self.unit.scopes[class].name {
            return;
        }
        for en in entries {
            if let Some(key) = en.key.as_ref().filter(|k| !k.starts_with(|c: char| c.is_ascii_digit())) {
                self.unit.bind(class, &format!("self.{key}"), Binding::Value(en.value));
            }
        }
    }

    fn function(&mut self, sig: &syn::Signature, block: &syn::Block, s: PmSpan, scope: ScopeId) {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        let name = sig.ident.to_string();
        let f = self.push(ExprKind::Function(inner), s, scope);
        self.unit.bind(scope, &name, Binding::Value(f));
        self.signature(sig, inner);
        self.block(block, inner);
        let (span, body) = (self.span(s), self.span(spans::block(block)));
        self.unit.functions.push(FunctionDef { name: Some(name), span, body, scope: inner, decorators: vec![] });
    }

    fn body_loop(
        &mut self,
        kind: LoopKind,
        s: PmSpan,
        body: &syn::Block,
        condition: Option<ExprId>,
        iter: Option<(ExprId, Vec<String>)>,
        scope: ScopeId,
    ) {
        let inner = self.unit.new_scope(scope, ScopeKind::Function);
        self.block(body, inner);
        let (span, body) = (self.span(s), self.span(spans::block(body)));
        let header = Span::new(span.start, body.start);
        let (iter, targets) = iter.map_or((None, vec![]), |(i, t)| (Some(i), t));
        self.unit.loops.push(LoopInfo { kind, span, header, body, condition, iter, targets });
    }

    /// `Err(e) => …` / `if let Err(e) = …`: the error is handled here. A
    /// guard (`Err(e) if e.is_connect()`) is what the arm handles.
    fn err_arm(&mut self, pat: &Pat, guard: Option<ExprId>, (whole, body): (PmSpan, PmSpan), scope: ScopeId) {
        let pat = if let Pat::Guard(g) = pat { &*g.pat } else { pat };
        let Pat::TupleStruct(ts) = pat else { return };
        if ts.path.segments.last().is_none_or(|s| s.ident != "Err") {
            return;
        }
        let binding = match ts.elems.first() {
            Some(Pat::Ident(i)) => Some(i.ident.to_string()),
            _ => None,
        };
        // `Err(ApiError::Transport(_))`: the variant is the error's type.
        let variant = match ts.elems.first() {
            Some(Pat::TupleStruct(v)) => Some(&v.path),
            Some(Pat::Struct(v)) => Some(&v.path),
            Some(Pat::Path(v)) => Some(&v.path),
            _ => None,
        };
        let mut types: Vec<ExprId> = guard.into_iter().collect();
        if let Some(path) = variant {
            let kind = self.path_expr(path, path.span(), scope);
            types.push(self.push(kind, path.span(), scope));
        }
        let (span, body) = (self.span(whole), self.span(body));
        self.unit.handlers.push(Handler { span, body, types, binding });
    }

    /// `x = v` / `x *= v`: a plain name is rebound where it was declared; any
    /// other target (`self.x`, `v[i]`) is only lowered.
    fn assign_to(&mut self, target: &Expr, binding: Binding, scope: ScopeId) {
        match target {
            Expr::Path(p) if p.path.get_ident().is_some() => {
                let name = p.path.get_ident().unwrap().to_string();
                self.unit.rebind(scope, &name, binding);
            }
            other => {
                self.expr(other, scope);
            }
        }
    }

    fn signature(&mut self, sig: &syn::Signature, scope: ScopeId) {
        let outer = self.unit.scopes[scope].parent.unwrap_or(scope);
        for input in &sig.inputs {
            if let syn::FnArg::Typed(t) = input {
                self.bind_pat(&t.pat, scope);
                let name = match &*t.pat {
                    Pat::Ident(i) => Some(i.ident.to_string()),
                    _ => None,
                };
                let annotation = type_ident(&t.ty).map(|n| self.push(ExprKind::Name(n), t.ty.span(), outer));
                self.unit.scopes[scope].params.push(crate::frontend::ir::Param { name, annotation, fields: vec![] });
            }
        }
    }

    /// The class scope of a type: the one its first `impl` made, or a new
    /// one bound to its name (with `Self` bound to it inside).
    fn class_named(&mut self, name: &str, s: PmSpan, scope: ScopeId) -> ScopeId {
        let existing = self.unit.scopes[scope].names.get(name).and_then(|bs| match bs.as_slice() {
            [Binding::Value(v)] => match self.unit.exprs[*v].kind {
                ExprKind::Class(c) => Some(c),
                _ => None,
            },
            _ => None,
        });
        if let Some(c) = existing {
            return c;
        }
        let sp = self.span(s);
        let class = self.unit.new_class(scope, name, sp);
        let this = self.unit.expr(ExprKind::Class(class), sp, scope);
        self.unit.bind(class, "Self", Binding::Value(this));
        class
    }

    /// Binds the names of a pattern, and says which they are.
    fn bind_pat(&mut self, pat: &Pat, scope: ScopeId) -> Vec<String> {
        let mut c = Children::default();
        c.visit_pat(pat);
        for n in &c.names {
            self.unit.bind(scope, n, Binding::Unknown);
        }
        c.names
    }

    fn use_tree(&mut self, tree: &UseTree, prefix: Vec<String>) {
        match tree {
            UseTree::Path(p) => {
                let mut next = prefix;
                next.push(p.ident.to_string());
                self.use_tree(&p.tree, next);
            }
            UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.last().cloned() {
                        self.use_import(&last, &prefix, None);
                    }
                } else {
                    self.use_import(&name, &prefix, Some(name.clone()));
                }
            }
            UseTree::Rename(r) => {
                let name = r.ident.to_string();
                self.use_import(&r.rename.to_string(), &prefix, Some(name));
            }
            UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, prefix.clone());
                }
            }
            _ => {}
        }
    }

    /// `use a::b::c` binds `c`: qualified `a.b.c`; a project file when the path
    /// starts at `crate`, `super` or `self`.
    fn use_import(&mut self, local: &str, prefix: &[String], member: Option<String>) {
        let mut path: Vec<String> = prefix.to_vec();
        if let Some(m) = &member {
            path.push(m.clone());
        }
        let qualified = path.join(".");
        // `use crate::config::MAX` imports a member of a project module;
        // `use crate::config` (via `self`) the module itself.
        // `use client::Claude` after `mod client;`: a path from this module.
        let declared = prefix.first().and_then(|m| self.unit.imports.get(m)).is_some_and(|i| i.project.is_some());
        let prefix: Vec<String> = match declared {
            true => [vec!["self".to_string()], prefix.to_vec()].concat(),
            false => prefix.to_vec(),
        };
        let in_project = matches!(prefix.first().map(String::as_str), Some("crate" | "super" | "self"));
        let files =
            |rest: &[String]| module_files(&self.file.path, &prefix[..1], rest).map(|f| ModuleSpec::Files(f.into()));
        let project = if in_project { files(&prefix[1..]) } else { None };
        let submodule = match (&member, in_project) {
            (Some(m), true) => files(&[&prefix[1..], std::slice::from_ref(m)].concat()),
            _ => None,
        };
        self.unit.import(local, Import { qualified, project, member, submodule });
    }

    fn block(&mut self, b: &syn::Block, scope: ScopeId) {
        for stmt in &b.stmts {
            match stmt {
                Stmt::Local(l) => {
                    let v = l.init.as_ref().map(|i| {
                        if let Some((_, d)) = &i.diverge {
                            self.expr(d, scope);
                        }
                        self.expr(&i.expr, scope)
                    });
                    match (&l.pat, v) {
                        (Pat::Ident(p), Some(v)) if p.subpat.is_none() => {
                            self.unit.bind(scope, &p.ident.to_string(), Binding::Value(v))
                        }
                        (Pat::Type(t), Some(v)) if matches!(&*t.pat, Pat::Ident(_)) => {
                            if let Pat::Ident(p) = &*t.pat {
                                self.unit.bind(scope, &p.ident.to_string(), Binding::Value(v));
                            }
                        }
                        (pat, _) => {
                            self.bind_pat(pat, scope);
                        }
                    }
                }
                Stmt::Item(i) => self.item(i, scope),
                Stmt::Expr(e, semi) => {
                    let value = self.expr(e, scope);
                    if semi.is_some() {
                        self.unit.discarded.push(value);
                    }
                }
                Stmt::Macro(m) => self.mac(&m.mac, scope),
            }
        }
    }

    fn path_expr(&mut self, path: &syn::Path, s: PmSpan, scope: ScopeId) -> ExprKind {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some((first, rest)) = segs.split_first() else {
            return ExprKind::Unknown;
        };
        if segs.len() == 1 && first == "None" {
            return ExprKind::Null;
        }
        let mut kind = ExprKind::Name(first.clone());
        for name in rest {
            let base = self.push(kind, s, scope);
            kind = ExprKind::Attr { base, name: name.clone() };
        }
        kind
    }

    fn expr(&mut self, e: &Expr, scope: ScopeId) -> ExprId {
        let s = spans::whole(e);
        let kind = match e {
            Expr::Lit(l) => lit(&l.lit),
            Expr::Path(p) => self.path_expr(&p.path, s, scope),
            Expr::Paren(p) => return self.expr(&p.expr, scope),
            Expr::Group(g) => return self.expr(&g.expr, scope),
            Expr::Reference(r) => return self.expr(&r.expr, scope),
            Expr::Await(a) => return self.expr(&a.base, scope),
            Expr::Try(t) => return self.expr(&t.expr, scope),
            Expr::Cast(c) => return self.expr(&c.expr, scope),
            Expr::Unary(u) => {
                let inner = self.expr(&u.expr, scope);
                match (&u.op, &self.unit.exprs[inner].kind) {
                    (syn::UnOp::Neg(_), ExprKind::Int(n)) => ExprKind::Int(-n),
                    (syn::UnOp::Neg(_), ExprKind::Float(f)) => ExprKind::Float(-f),
                    (syn::UnOp::Deref(_), _) => return inner,
                    _ => ExprKind::Unknown,
                }
            }
            Expr::Binary(b) => {
                use syn::BinOp as B;
                let op = match b.op {
                    B::Add(_) => BinOp::Add,
                    B::Sub(_) => BinOp::Sub,
                    B::Mul(_) => BinOp::Mul,
                    B::Div(_) => BinOp::Div,
                    B::Or(_) => BinOp::Or,
                    B::Eq(_) | B::Ne(_) | B::Lt(_) | B::Le(_) | B::Gt(_) | B::Ge(_) => BinOp::Compare,
                    B::AddAssign(_) | B::SubAssign(_) | B::MulAssign(_) | B::DivAssign(_) | B::ShlAssign(_) => {
                        // `delay *= 2`: an update of the name.
                        let by = self.expr(&b.right, scope);
                        self.assign_to(&b.left, Binding::Update(by), scope);
                        return self.push(ExprKind::Unknown, s, scope);
                    }
                    _ => BinOp::Other,
                };
                let (left, right) = (self.expr(&b.left, scope), self.expr(&b.right, scope));
                ExprKind::Binary { op, left, right }
            }
            Expr::Return(_) | Expr::Break(_) => {
                let sp = self.span(s);
                self.unit.exits.push(sp);
                let mut c = Children::default();
                c.visit_expr_children(e);
                for x in c.exprs {
                    self.expr(x, scope);
                }
                ExprKind::Unknown
            }
            Expr::Loop(l) => {
                self.body_loop(LoopKind::Forever, s, &l.body, None, None, scope);
                ExprKind::Unknown
            }
            Expr::While(w) => {
                let condition = self.expr(&w.cond, scope);
                let forever = matches!(self.unit.exprs[condition].kind, ExprKind::Bool(true));
                let kind = if forever { LoopKind::Forever } else { LoopKind::While };
                self.body_loop(kind, s, &w.body, Some(condition), None, scope);
                ExprKind::Unknown
            }
            Expr::Match(m) => {
                self.expr(&m.expr, scope);
                for arm in &m.arms {
                    self.bind_pat(&arm.pat, scope);
                    let guard = match &arm.pat {
                        Pat::Guard(g) => Some(self.expr(&g.guard, scope)),
                        _ => None,
                    };
                    self.expr(&arm.body, scope);
                    self.err_arm(&arm.pat, guard, (spans::arm(arm), spans::whole(&arm.body)), scope);
                }
                ExprKind::Unknown
            }
            Expr::If(top) => {
                // An `if … else if …` chain is lowered link by link in a loop,
                // not by recursion (each link's span would walk the rest of
                // the chain again); every link ends where the chain ends.
                let end = spans::last(e);
                let mut links = vec![];
                let mut at = top;
                loop {
                    let link = if links.is_empty() { s } else { at.if_token.span.join(end).unwrap_or(end) };
                    if let Expr::Let(l) = &*at.cond {
                        self.expr(&l.expr, scope);
                        self.bind_pat(&l.pat, scope);
                        self.err_arm(&l.pat, None, (link, spans::block(&at.then_branch)), scope);
                    } else {
                        self.expr(&at.cond, scope);
                    }
                    let inner = self.unit.new_scope(scope, ScopeKind::Function);
                    self.block(&at.then_branch, inner);
                    links.push(link);
                    match at.else_branch.as_ref().map(|(_, e)| &**e) {
                        Some(Expr::If(next)) => at = next,
                        Some(other) => {
                            self.expr(other, scope);
                            break;
                        }
                        None => break,
                    }
                }
                // The inner links' nodes, innermost first, as recursion made them.
                for link in links.into_iter().skip(1).rev() {
                    self.push(ExprKind::Unknown, link, scope);
                }
                ExprKind::Unknown
            }
            Expr::Field(f) => {
                let base = self.expr(&f.base, scope);
                match &f.member {
                    syn::Member::Named(i) => ExprKind::Attr { base, name: i.to_string() },
                    syn::Member::Unnamed(i) => ExprKind::Attr { base, name: i.index.to_string() },
                }
            }
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                // Conversions keep the value: `"id".to_string()`, `x.into()`.
                if m.args.is_empty()
                    && matches!(name.as_str(), "into" | "to_string" | "to_owned" | "clone" | "as_str" | "as_ref")
                {
                    return self.expr(&m.receiver, scope);
                }
                let receiver = self.expr(&m.receiver, scope);
                let callee = self.push(ExprKind::Attr { base: receiver, name }, m.method.span(), scope);
                let single = m.args.len() == 1;
                let args = m
                    .args
                    .iter()
                    .map(|a| {
                        let value = self.expr(a, scope);
                        // A builder setting is reported at its method name.
                        let span = if single {
                            let (from, to) = (self.span(m.method.span()), self.span(s));
                            Span::new(from.start, to.end)
                        } else {
                            self.span(spans::whole(a))
                        };
                        Entry { key: None, span, value, spread: false }
                    })
                    .collect();
                ExprKind::Call { callee, args, new: false }
            }
            Expr::Call(c) => {
                // `String::from("id")`, `Some(x)`, `Box::new(x)` keep the value.
                if let (Expr::Path(p), 1) = (&*c.func, c.args.len()) {
                    let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                    let joined = segs.join("::");
                    if matches!(joined.as_str(), "String::from" | "Some" | "Box::new" | "Arc::new" | "Cow::from" | "Ok")
                    {
                        return self.expr(&c.args[0], scope);
                    }
                }
                let callee = self.expr(&c.func, scope);
                let args = c
                    .args
                    .iter()
                    .map(|a| {
                        let value = self.expr(a, scope);
                        Entry { key: None, span: self.span(spans::whole(a)), value, spread: false }
                    })
                    .collect();
                ExprKind::Call { callee, args, new: false }
            }
            Expr::Struct(st) => {
                let mut entries = vec![];
                for f in &st.fields {
                    let value = self.expr(&f.expr, scope);
                    let key = match &f.member {
                        syn::Member::Named(i) => i.to_string(),
                        syn::Member::Unnamed(i) => i.index.to_string(),
                    };
                    entries.push(Entry { key: Some(key), span: self.span(spans::field(f)), value, spread: false });
                }
                if let Some(rest) = &st.rest {
                    let value = self.expr(rest, scope);
                    entries.push(Entry { key: None, span: self.span(spans::whole(rest)), value, spread: true });
                }
                self.constructed(&st.path, &entries, scope);
                ExprKind::Object(entries)
            }
            Expr::Array(a) => ExprKind::Array(a.elems.iter().map(|x| self.expr(x, scope)).collect()),
            Expr::Tuple(t) => ExprKind::Array(t.elems.iter().map(|x| self.expr(x, scope)).collect()),
            Expr::Macro(m) => return self.macro_expr(&m.mac, scope),
            Expr::Closure(c) => {
                let inner = self.unit.new_scope(scope, ScopeKind::Function);
                for p in &c.inputs {
                    self.bind_pat(p, inner);
                }
                self.expr(&c.body, inner);
                let (span, body) = (self.span(s), self.span(spans::whole(&c.body)));
                self.unit.functions.push(FunctionDef { name: None, span, body, scope: inner, decorators: vec![] });
                ExprKind::Function(inner)
            }
            Expr::Assign(a) => {
                let v = self.expr(&a.right, scope);
                self.assign_to(&a.left, Binding::Value(v), scope);
                ExprKind::Unknown
            }
            Expr::ForLoop(f) => {
                let iter = self.expr(&f.expr, scope);
                let targets = self.bind_pat(&f.pat, scope);
                self.body_loop(LoopKind::For, s, &f.body, None, Some((iter, targets)), scope);
                ExprKind::Unknown
            }
            _ => {
                // Everything else: lower what it contains, in a scope of its own
                // for blocks.
                let mut c = Children::default();
                c.visit_expr_children(e);
                for n in &c.names {
                    self.unit.bind(scope, n, Binding::Unknown);
                }
                for x in c.exprs {
                    self.expr(x, scope);
                }
                for b in c.blocks {
                    let inner = self.unit.new_scope(scope, ScopeKind::Function);
                    self.block(b, inner);
                }
                for m in c.macros {
                    self.mac(m, scope);
                }
                ExprKind::Unknown
            }
        };
        self.push(kind, s, scope)
    }
}

impl<'a> Children<'a> {
    fn visit_expr_children(&mut self, e: &'a Expr) {
        syn::visit::visit_expr(self, e);
    }
}

/// Statements inside a macro such as `tokio::spawn(async move { … })` bodies
/// written as blocks.
struct BlockBody(Vec<Stmt>);

impl syn::parse::Parse for BlockBody {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        Ok(BlockBody(syn::Block::parse_within(input)?))
    }
}

fn lit(l: &Lit) -> ExprKind {
    match l {
        Lit::Str(s) => ExprKind::Str(s.value()),
        Lit::Int(i) => i.base10_parse::<i64>().map(ExprKind::Int).unwrap_or(ExprKind::Unknown),
        Lit::Float(f) => f.base10_parse::<f64>().map(ExprKind::Float).unwrap_or(ExprKind::Unknown),
        Lit::Bool(b) => ExprKind::Bool(b.value),
        _ => ExprKind::Unknown,
    }
}

/// The files a module path may live in. `anchor` is `crate`, `super`, `self`
/// or empty (a `mod x;` child of this file); `rest` the module names after it.
fn module_files(file: &Path, anchor: &[String], rest: &[String]) -> Option<Vec<PathBuf>> {
    let dir = file.parent()?;
    let stem = file.file_stem()?.to_str()?;
    let is_root_like = matches!(stem, "lib" | "main" | "mod");
    // The directory holding this module's children.
    let own_children = if is_root_like { dir.to_path_buf() } else { dir.join(stem) };
    let base = match anchor.first().map(String::as_str) {
        None | Some("self") => own_children,
        Some("super") => {
            if is_root_like {
                dir.parent()?.to_path_buf()
            } else {
                dir.to_path_buf()
            }
        }
        Some("crate") => {
            let mut d = dir;
            loop {
                if d.join("lib.rs").is_file() || d.join("main.rs").is_file() {
                    break d.to_path_buf();
                }
                d = d.parent()?;
            }
        }
        _ => return None,
    };
    if rest.is_empty() {
        // `super::X` / `crate::X`: the module file itself.
        return Some(match anchor.first().map(String::as_str) {
            Some("crate") => vec![base.join("lib.rs"), base.join("main.rs")],
            _ => vec![base.with_extension("rs"), base.join("mod.rs"), base.join("lib.rs"), base.join("main.rs")],
        });
    }
    let mut p = base;
    for r in rest {
        p.push(r);
    }
    Some(vec![p.with_extension("rs"), p.join("mod.rs")])
}

/// The type a path type names, through references and smart pointers:
/// `Claude` for `&Claude`, `&mut Claude`, `Arc<Claude>`, `crate::claude::Claude`.
fn type_ident(t: &syn::Type) -> Option<String> {
    match t {
        syn::Type::Reference(r) => type_ident(&r.elem),
        syn::Type::Paren(p) => type_ident(&p.elem),
        syn::Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            match (&last.arguments, last.ident.to_string().as_str()) {
                (syn::PathArguments::AngleBracketed(a), "Arc" | "Rc" | "Box") => match a.args.first()? {
                    syn::GenericArgument::Type(inner) => type_ident(inner),
                    _ => None,
                },
                (syn::PathArguments::None, name) => Some(name.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `#[cfg(test)]` (or `cfg(all(test, …))`), `#[test]`, `#[tokio::test]`:
/// code that runs only under `cargo test`.
fn is_test_code(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("cfg") {
            let tokens = a.meta.require_list().map(|l| l.tokens.to_string()).unwrap_or_default();
            return tokens.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "test")
                && !tokens.contains("not");
        }
        path.segments.last().is_some_and(|s| s.ident == "test")
    })
}
