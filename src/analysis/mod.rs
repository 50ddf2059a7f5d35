//! IR → Facts: which calls are API requests, through which client, with what
//! model and caps; retries, fan-outs, loops and prompts around them. One
//! analyzer serves every language; what it knows about libraries, providers
//! and models comes from `knowledge`.

use std::collections::{HashMap, HashSet};

use crate::base::diagnostic::Location;
use crate::base::ids::{ClientId, FileId};
use crate::base::language::Language;
use crate::base::source::{SourceFile, Span};
use crate::facts::{Api, ApiCall, Arg, Client, Facts, ImportRef, ModelRef, Resolved, Tri, Value};
use crate::frontend::ir::{
    BinOp, Binding, Entry, ExprId, ExprKind, Import, MODULE, Map, ModuleSpec, ScopeId, Set, Unit,
};
use crate::knowledge::models::{Lookup, ModelTable, Platform};
use crate::knowledge::providers::Provider;
use crate::knowledge::sdks::{self, Known};
use crate::knowledge::wrappers::Wrapper;

mod agents;
mod clients;
mod fanout;
mod loops;
mod methods;
mod model_refs;
mod prompt;
mod reach;
mod requests;
mod retry;
mod routes;
mod sent;
mod values;

pub use prompt::dedent;

/// How many members of module-level objects and classes a file exports
/// (`config.model`): a generated table of thousands is not a config.
const MAX_MEMBER_EXPORTS: usize = 512;

/// How deep value resolution follows names and operators before giving up
/// (cycles such as `a = b; b = a` end here as Unknown).
const MAX_DEPTH: usize = 24;

/// The file being analysed, as the analyzer needs it.
pub struct Input<'a> {
    pub file: FileId,
    /// Its path, for files it reads by a path relative to itself.
    pub path: &'a std::path::Path,
    pub language: Language,
    pub tables: Tables<'a>,
}

/// What the analyzer knows beyond the code: the model table and the user's
/// wrappers.
#[derive(Clone, Copy)]
pub struct Tables<'a> {
    pub models: &'a ModelTable,
    pub wrappers: &'a [Wrapper],
}

impl Tables<'static> {
    pub fn builtin() -> Tables<'static> {
        Tables { models: ModelTable::builtin(), wrappers: &[] }
    }
}

/// Lower one file and analyse it: the Facts of one file.
pub fn facts(file: &SourceFile, id: FileId, language: Language, tables: Tables) -> Result<Facts, String> {
    // The engine's isolation test makes one named file's analysis panic
    // (debug builds only).
    #[cfg(debug_assertions)]
    if std::env::var_os("LLMLINT_TEST_PANIC").is_some_and(|name| file.path.file_name() == Some(name.as_os_str())) {
        panic!("LLMLINT_TEST_PANIC");
    }
    let unit = crate::frontend::lower(file, language)?;
    let mut facts = analyze(&unit, Input { file: id, path: &file.path, language, tables });
    facts.syntax_error = unit.syntax_error.as_ref().map(|(at, message)| crate::frontend::at_line(file, *at, message));
    Ok(facts)
}

pub fn analyze(unit: &Unit, input: Input) -> Facts {
    let Input { file, path, language, tables } = input;
    let mut a = Analyzer {
        unit,
        file,
        path,
        language,
        models: tables.models,
        wrappers: tables.wrappers,
        facts: Facts::default(),
        consumed: Set::default(),
        unserved: Set::default(),
        client_of_expr: Map::default(),
        sdk_imports: Set::default(),
        subclasses: Map::default(),
        callees: Default::default(),
        qualified: std::iter::repeat_with(Default::default).take(unit.exprs.len()).collect(),
        flow: Default::default(),
        route_bodies: Default::default(),
        named_parent: named_parents(unit),
        by_start: {
            let mut v: Vec<ExprId> = ExprId::all(unit.exprs.len()).collect();
            v.sort_unstable_by_key(|&e| (unit.exprs[e].span.start, e));
            v
        },
    };
    a.run();
    a.facts.test_spans = unit.test_spans.clone();
    a.facts
}

/// For each scope, its nearest ancestor with a name bound in it. A parent
/// is made before its children, so one pass in order finds them all.
fn named_parents(unit: &Unit) -> Vec<Option<ScopeId>> {
    let mut out: Vec<Option<ScopeId>> = Vec::with_capacity(unit.scopes.len());
    for sc in &unit.scopes {
        let up = sc.parent.and_then(|p| match out.get(p.index()) {
            Some(&above) if unit.scopes[p].names.is_empty() => above,
            _ => Some(p),
        });
        out.push(up);
    }
    out
}

enum Found<'u> {
    Value(ExprId),
    Unknown,
    Import(&'u Import),
    Global,
}

struct Analyzer<'u> {
    unit: &'u Unit,
    file: FileId,
    path: &'u std::path::Path,
    language: crate::base::language::Language,
    models: &'u ModelTable,
    wrappers: &'u [crate::knowledge::wrappers::Wrapper],
    facts: Facts,
    /// Objects already read as a request body, so the generic pass skips them.
    consumed: Set<ExprId>,
    /// Model ids a request carries that do not choose what serves it (a
    /// request through a client whose config names its deployment).
    unserved: Set<Span>,
    client_of_expr: Map<ExprId, ClientId>,
    sdk_imports: Set<Provider>,
    /// Expressions sorted by where they start, for "what is inside this span".
    by_start: Vec<ExprId>,
    /// The classes of this file that derive from each class of it.
    subclasses: Map<ScopeId, Vec<ScopeId>>,
    /// What each callee expression names (`callee`), once worked out.
    callees: std::cell::RefCell<Map<ExprId, Option<crate::facts::Callee>>>,
    /// What each expression's dotted name is (`qualified`), once worked
    /// out: every pass asks it of every callee.
    qualified: Vec<std::cell::OnceCell<Option<Box<str>>>>,
    /// Where the file's values go (`sent`), worked out when first asked.
    flow: std::cell::OnceCell<sent::Flow>,
    /// The bodies of the file's web route handlers (`in_route`), once worked out.
    route_bodies: std::cell::OnceCell<Vec<Span>>,
    /// Each scope's nearest enclosing scope that binds a name: `lookup`
    /// skips the scopes between (a thousand nested blocks with none).
    named_parent: Vec<Option<ScopeId>>,
}

impl<'u> Analyzer<'u> {
    /// The passes, in the one order they can run: each reads what the
    /// passes before it wrote into `self.facts` or the analyzer's maps.
    fn run(&mut self) {
        // 0. The file's class hierarchy (an attribute a subclass sets again
        //    is not known in the base class's methods).
        self.subclasses = self.local_subclasses();
        // 1. Which SDKs the file imports (a bare `create(...)` counts only then).
        for imp in self.unit.imports.values() {
            for (prefix, p) in sdks::SDK_MODULES {
                if imp.qualified.starts_with(prefix) {
                    self.sdk_imports.insert(*p);
                }
            }
        }
        let calls: Vec<ExprId> =
            ExprId::all(self.unit.exprs.len()).filter(|&e| matches!(self.kind(e), ExprKind::Call { .. })).collect();
        // 2. Clients constructed (`client_of_expr`), before any request names one.
        for &c in &calls {
            self.client(c);
        }
        self.declared_clients();
        // 3. Requests: SDK calls, wrappers, HTTP, builders (`facts.calls`);
        //    then literal request bodies nobody was seen sending.
        let mut chains = Set::default();
        for &c in &calls {
            self.request(c, &mut chains);
        }
        self.bodies();
        // 4. Reach: every call that may send a request (`facts.requests`),
        //    the file's functions and what they call, calls handed to
        //    unknown code. Retries, fan-outs and loops are judged by it.
        self.requests();
        self.functions();
        self.classes();
        self.fn_args();
        self.routes();
        self.opaque_callbacks();
        // 5. Retry scopes, fan-outs, conversation and batch loops.
        self.retries();
        self.fan_outs();
        self.loop_facts();
        self.held_histories();
        self.lifted_limits();
        // 6. Model ids that can reach a request, the names the file exports,
        //    and the strings the key rule reads.
        self.model_refs();
        self.exports();
        let mut modules: Vec<_> =
            self.unit.imports.values().filter_map(|i| i.project.clone().or_else(|| i.submodule.clone())).collect();
        modules.sort_unstable();
        modules.dedup();
        self.facts.imported_modules = modules;
        self.sleep_helpers();
        self.facts.strings = ExprId::all(self.unit.exprs.len())
            .filter_map(|e| match self.kind(e) {
                ExprKind::Str(s) if crate::base::text::may_hold_credential(s) => {
                    Some(crate::facts::StrLit { span: self.span(e), value: s.clone() })
                }
                _ => None,
            })
            .collect();
    }

    fn kind(&self, e: ExprId) -> &'u ExprKind {
        &self.unit.exprs[e].kind
    }
    fn span(&self, e: ExprId) -> Span {
        self.unit.exprs[e].span
    }
    fn scope(&self, e: ExprId) -> ScopeId {
        self.unit.exprs[e].scope
    }

    // ---- names -----------------------------------------------------------

    fn lookup(&self, scope: ScopeId, name: &str) -> Found<'u> {
        let mut s = Some(scope);
        let mut first = true;
        while let Some(id) = s {
            let sc = &self.unit.scopes[id];
            // Class bodies are not visible from their methods (Python, JS);
            // Rust's `Self` is.
            if (first || sc.kind != crate::frontend::ir::ScopeKind::Class || name == "Self")
                && let Some(b) = sc.names.get(name)
            {
                return match b.as_slice() {
                    [Binding::Value(e)] => Found::Value(*e),
                    _ => Found::Unknown,
                };
            }
            first = false;
            s = self.named_parent[id.index()];
        }
        match self.unit.imports.get(name) {
            Some(imp) => Found::Import(imp),
            None => Found::Global,
        }
    }

    /// `self.client` / `this.client`: the class-level binding.
    fn member_binding(&self, e: ExprId) -> Option<Found<'u>> {
        let ExprKind::Attr { base, name } = self.kind(e) else {
            return None;
        };
        let ExprKind::Name(b) = self.kind(*base) else {
            return None;
        };
        if b != "self" && b != "this" {
            return None;
        }
        let class = self.unit.class_of(self.scope(e))?;
        let key = format!("{b}.{name}");
        // Python methods are bound by their bare name in the class body.
        let bindings = self.unit.scopes[class].names.get(&key).or_else(|| self.unit.scopes[class].names.get(name));
        Some(match bindings.map(Vec::as_slice) {
            // An attribute a subclass sets again (`self.client = …(max_retries=0)`)
            // is whichever the instance's class set: not known here.
            Some([Binding::Value(v)])
                if !matches!(self.kind(*v), ExprKind::Function(_)) && self.overridden_below(class, &key) =>
            {
                Found::Unknown
            }
            Some([Binding::Value(v)]) => Found::Value(*v),
            _ => Found::Unknown,
        })
    }

    /// The dotted name a callee stands for, through imports.
    fn qualified(&self, e: ExprId) -> Option<String> {
        let q = self.qualified[e.index()].get_or_init(|| {
            let mut out = String::new();
            self.qualify_into(e, &mut out).then(|| out.into_boxed_str())
        });
        q.as_deref().map(str::to_string)
    }

    /// `qualified`, written into one string (it is asked of every callee).
    fn qualify_into(&self, e: ExprId, out: &mut String) -> bool {
        match self.kind(e) {
            ExprKind::Name(n) => match self.lookup(self.scope(e), n) {
                Found::Import(imp) => out.push_str(&imp.qualified),
                Found::Global => out.push_str(n),
                _ => return false,
            },
            ExprKind::Attr { base, name } => {
                if !self.qualify_into(*base, out) {
                    return false;
                }
                out.push('.');
                out.push_str(name);
            }
            _ => return false,
        }
        true
    }

    fn known(&self, callee: ExprId) -> Option<Known> {
        sdks::lookup(&self.qualified(callee)?)
    }

    /// Follow names to the expression they are bound to, and serialisers to
    /// what they serialise.
    fn follow(&self, e: ExprId) -> ExprId {
        self.follow_depth(e, 0)
    }

    /// `follow`, `depth` calls deep already (an object's member follows its
    /// object, which may be that member again: `x = x.next`).
    fn follow_depth(&self, mut e: ExprId, depth: usize) -> ExprId {
        if depth > MAX_DEPTH {
            return e;
        }
        for _ in 0..MAX_DEPTH {
            let next = match self.kind(e) {
                ExprKind::Name(n) => match self.lookup(self.scope(e), n) {
                    Found::Value(v) => Some(v),
                    _ => None,
                },
                ExprKind::Attr { base, name } => match self.member_binding(e) {
                    Some(Found::Value(v)) => Some(v),
                    Some(_) => None,
                    // `clients.anthropic` of `clients = { anthropic: new Anthropic() }`.
                    None => match self.kind(self.follow_depth(*base, depth + 1)) {
                        ExprKind::Object(entries) => match entries.iter().find(|en| en.key.as_deref() == Some(name)) {
                            Some(en) if !en.spread => Some(en.value),
                            _ => None,
                        },
                        _ => None,
                    },
                },
                ExprKind::Call { callee, args, new } => {
                    let q = self.qualified(*callee);
                    match (q, args.first()) {
                        (Some(q), Some(a)) if sdks::SERIALIZERS.contains(&q.as_str()) => Some(a.value),
                        // A factory of this file: what it returns.
                        _ if !*new => self.factory_result(*callee, depth + 1),
                        _ => None,
                    }
                }
                _ => None,
            };
            match next {
                Some(n) => e = n,
                None => return e,
            }
        }
        e
    }

    /// Export the members of the value `name` is bound to as `name.member`:
    /// an object's entries, a class's attributes, and the attributes an
    /// instance made without arguments has from its class
    /// (`settings = Settings()`, `settings.model`).
    fn export_members(
        &self,
        name: &str,
        v: ExprId,
        depth: usize,
        budget: &mut usize,
        exports: &mut HashMap<String, Resolved>,
    ) {
        if depth > 2 {
            return;
        }
        let target = self.follow(v);
        let members: Vec<(String, ExprId)> = match self.kind(target) {
            ExprKind::Object(entries) => {
                entries.iter().filter(|en| !en.spread).filter_map(|en| Some((en.key.clone()?, en.value))).collect()
            }
            ExprKind::Class(class) => self.class_attributes(*class),
            ExprKind::Call { args, .. } if args.is_empty() => match self.instance_class(target) {
                Some(methods::ClassTarget::Local(class)) => self.class_attributes(class),
                _ => vec![],
            },
            _ => vec![],
        };
        for (member, value) in members {
            if *budget == 0 {
                return;
            }
            let key = format!("{name}.{member}");
            let r = self.resolve(value);
            if !matches!(r.value, Value::Unknown) {
                *budget -= 1;
                exports.insert(key.clone(), r);
            }
            self.export_members(&key, value, depth + 1, budget, exports);
        }
    }

    /// A class's attributes bound once in its body (not its methods).
    fn class_attributes(&self, class: ScopeId) -> Vec<(String, ExprId)> {
        self.unit.scopes[class]
            .names
            .iter()
            .filter(|(n, _)| !n.contains('.'))
            .filter_map(|(n, bs)| match bs.as_slice() {
                &[Binding::Value(v)] if !matches!(self.kind(v), ExprKind::Function(_)) => Some((n.clone(), v)),
                _ => None,
            })
            .collect()
    }

    /// What a call to a function of this file returns, when it returns one
    /// thing (`def get_client(): return _client`, `() => ({ anthropic })`).
    fn factory_result(&self, callee: ExprId, depth: usize) -> Option<ExprId> {
        if !matches!(self.kind(callee), ExprKind::Name(_)) {
            return None;
        }
        let ExprKind::Function(scope) = self.kind(self.follow_depth(callee, depth)) else { return None };
        match self.unit.scopes[*scope].returns.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    // ---- values ----------------------------------------------------------

    fn exports(&mut self) {
        let module = &self.unit.scopes[0];
        let mut exports = HashMap::new();
        for (name, bs) in &module.names {
            if let [Binding::Value(v)] = bs.as_slice() {
                let r = self.resolve(*v);
                if !matches!(r.value, Value::Unknown) {
                    exports.insert(name.clone(), r);
                }
            }
        }
        for (local, imp) in &self.unit.imports {
            if let (Some(spec), Some(member)) = (&imp.project, &imp.member) {
                exports.entry(local.clone()).or_insert_with(|| {
                    Resolved::new(Value::Import(ImportRef { module: spec.clone(), name: member.clone() }), None)
                });
            }
        }
        for (name, v) in &self.unit.export_aliases {
            let r = self.resolve(*v);
            if !matches!(r.value, Value::Unknown) {
                exports.insert(name.clone(), r);
            }
        }
        // Members of module-level objects, classes and instances, for
        // `config.model` in a file that imports `config`.
        let bound: Vec<(String, ExprId)> = module
            .names
            .iter()
            .filter_map(|(n, bs)| match bs.as_slice() {
                &[Binding::Value(v)] => Some((n.clone(), v)),
                _ => None,
            })
            .chain(self.unit.export_aliases.iter().cloned())
            .collect();
        let mut budget = MAX_MEMBER_EXPORTS;
        for (name, v) in bound {
            self.export_members(&name, v, 0, &mut budget, &mut exports);
        }
        self.facts.exports = exports;
        // Clients bound at module level, for other files that import them.
        let mut exported_clients = HashMap::new();
        let module_bindings = module.names.iter().filter_map(|(n, bs)| match bs.as_slice() {
            [Binding::Value(v)] => Some((n.clone(), *v)),
            _ => None,
        });
        for (name, v) in module_bindings.chain(self.unit.export_aliases.iter().cloned()) {
            if let Some(&i) = self.client_of_expr.get(&self.follow(v)) {
                exported_clients.insert(name.clone(), i);
            }
            // Factories: `get_client()` returns one, `makeClients().anthropic` is one.
            let ExprKind::Function(scope) = self.kind(self.follow(v)) else { continue };
            let [returned] = self.unit.scopes[*scope].returns.as_slice() else { continue };
            let returned = self.follow(*returned);
            if let Some(&i) = self.client_of_expr.get(&returned) {
                exported_clients.insert(format!("{name}()"), i);
            }
            if let ExprKind::Object(entries) = self.kind(returned) {
                for en in entries.iter().filter(|en| !en.spread) {
                    if let (Some(key), Some(&i)) = (&en.key, self.client_of_expr.get(&self.follow(en.value))) {
                        exported_clients.insert(format!("{name}().{key}"), i);
                    }
                }
            }
        }
        self.facts.exported_clients = exported_clients;
        self.facts.exported_limiters = self.exported_limiters();
    }
}

#[cfg(test)]
mod tests;
