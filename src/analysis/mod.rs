//! IR → Facts: which calls are API requests, through which client, with what
//! model and caps; retries, fan-outs, loops and prompts around them. One
//! analyzer serves every language; what it knows about libraries, providers
//! and models comes from `knowledge`.

use std::collections::{HashMap, HashSet};

use crate::base::diagnostic::Location;
use crate::base::ids::FileId;
use crate::base::language::Language;
use crate::base::source::{SourceFile, Span};
use crate::facts::{Api, ApiCall, Arg, Client, Facts, ImportRef, ModelRef, Resolved, Tri, Value};
use crate::frontend::ir::{BinOp, Binding, Entry, ExprId, ExprKind, Import, ModuleSpec, ScopeId, Unit};
use crate::knowledge::models::{Lookup, ModelTable};
use crate::knowledge::providers::Provider;
use crate::knowledge::sdks::{self, Known};
use crate::knowledge::wrappers::Wrapper;

mod fanout;
mod loops;
mod prompt;
mod retry;

pub use prompt::dedent;

/// How deep value resolution follows names and operators before giving up
/// (cycles such as `a = b; b = a` end here as Unknown).
const MAX_DEPTH: usize = 24;

/// The file being analysed, as the analyzer needs it.
pub struct Input<'a> {
    pub file: FileId,
    /// Its path, for files it reads by a path relative to itself.
    pub path: &'a std::path::Path,
    pub text: &'a str,
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
    Ok(analyze(&unit, Input { file: id, path: &file.path, text: &file.text, language, tables }))
}

pub fn analyze(unit: &Unit, input: Input) -> Facts {
    let Input { file, path, text, language, tables } = input;
    let mut a = Analyzer {
        unit,
        file,
        path,
        text,
        language,
        models: tables.models,
        wrappers: tables.wrappers,
        facts: Facts::default(),
        consumed: HashSet::new(),
        client_of_expr: HashMap::new(),
        sdk_imports: HashSet::new(),
        azure_calls: HashSet::new(),
        by_start: {
            let mut v: Vec<ExprId> = (0..unit.exprs.len()).collect();
            v.sort_by_key(|&e| unit.exprs[e].span.start);
            v
        },
    };
    a.run();
    a.facts
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
    /// The file's text, for fixes that rewrite an expression.
    text: &'u str,
    language: crate::base::language::Language,
    models: &'u ModelTable,
    wrappers: &'u [crate::knowledge::wrappers::Wrapper],
    facts: Facts,
    /// Objects already read as a request body, so the generic pass skips them.
    consumed: HashSet<ExprId>,
    client_of_expr: HashMap<ExprId, usize>,
    sdk_imports: HashSet<Provider>,
    /// Calls through an Azure client: `model` is a deployment name there.
    azure_calls: HashSet<usize>,
    /// Expressions sorted by where they start, for "what is inside this span".
    by_start: Vec<ExprId>,
}

impl<'u> Analyzer<'u> {
    fn run(&mut self) {
        for imp in self.unit.imports.values() {
            for (prefix, p) in sdks::SDK_MODULES {
                if imp.qualified.starts_with(prefix) {
                    self.sdk_imports.insert(*p);
                }
            }
        }
        let calls: Vec<ExprId> =
            (0..self.unit.exprs.len()).filter(|&e| matches!(self.kind(e), ExprKind::Call { .. })).collect();
        for &c in &calls {
            self.client(c);
        }
        let mut chains = HashSet::new();
        for &c in &calls {
            self.request(c, &mut chains);
        }
        self.bodies();
        self.retries();
        self.fan_outs();
        self.loop_facts();
        self.model_refs();
        self.exports();
        self.facts.strings = (0..self.unit.exprs.len())
            .filter_map(|e| match self.kind(e) {
                ExprKind::Str(s) if crate::facts::may_hold_credential(s) => {
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
            // Class bodies are not visible from their methods (Python, JS).
            if first || sc.kind != crate::frontend::ir::ScopeKind::Class {
                if let Some(b) = sc.names.get(name) {
                    return match b.as_slice() {
                        [Binding::Value(e)] => Found::Value(*e),
                        _ => Found::Unknown,
                    };
                }
            }
            first = false;
            s = sc.parent;
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
            Some([Binding::Value(v)]) => Found::Value(*v),
            _ => Found::Unknown,
        })
    }

    /// The dotted name a callee stands for, through imports.
    fn qualified(&self, e: ExprId) -> Option<String> {
        let mut out = String::new();
        self.qualify_into(e, &mut out).then_some(out)
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
    fn follow(&self, mut e: ExprId) -> ExprId {
        for _ in 0..MAX_DEPTH {
            let next = match self.kind(e) {
                ExprKind::Name(n) => match self.lookup(self.scope(e), n) {
                    Found::Value(v) => Some(v),
                    _ => None,
                },
                ExprKind::Attr { .. } => match self.member_binding(e) {
                    Some(Found::Value(v)) => Some(v),
                    _ => None,
                },
                ExprKind::Call { callee, args, .. } => {
                    let q = self.qualified(*callee);
                    match (q, args.first()) {
                        (Some(q), Some(a)) if sdks::SERIALIZERS.contains(&q.as_str()) => Some(a.value),
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

    // ---- values ----------------------------------------------------------

    fn literal(&self, value: Value, e: ExprId) -> Resolved {
        Resolved::new(value, Some(Location { file: self.file, span: self.span(e) }))
    }

    pub fn resolve(&self, e: ExprId) -> Resolved {
        self.resolve_depth(e, 0)
    }

    fn resolve_depth(&self, e: ExprId, depth: usize) -> Resolved {
        if depth > MAX_DEPTH {
            return Resolved::unknown();
        }
        match self.kind(e) {
            ExprKind::Int(n) => self.literal(Value::Int(*n), e),
            ExprKind::Float(f) => self.literal(Value::Float(*f), e),
            ExprKind::Str(s) => self.literal(Value::Str(s.clone()), e),
            ExprKind::Bool(b) => self.literal(Value::Bool(*b), e),
            ExprKind::Null => self.literal(Value::Null, e),
            ExprKind::Template { parts, holes } => {
                Resolved::new(Value::Text(self.template_text(parts, holes, depth)), None)
            }
            ExprKind::Call { callee, args, .. } => match self.call_text(*callee, args, depth) {
                Some(v) => Resolved::new(v, None),
                None => Resolved::unknown(),
            },
            ExprKind::Name(n) => match self.lookup(self.scope(e), n) {
                Found::Value(v) => self.resolve_depth(v, depth + 1),
                Found::Import(imp) => match (&imp.project, &imp.member) {
                    (Some(spec), Some(member)) => {
                        Resolved::new(Value::Import(ImportRef { module: spec.clone(), name: member.clone() }), None)
                    }
                    _ => Resolved::unknown(),
                },
                _ => Resolved::unknown(),
            },
            ExprKind::Attr { base, name } => {
                if let Some(found) = self.member_binding(e) {
                    return match found {
                        Found::Value(v) => self.resolve_depth(v, depth + 1),
                        _ => Resolved::unknown(),
                    };
                }
                if let Some(r) = self.module_attr(e) {
                    return r;
                }
                match self.kind(self.follow(*base)) {
                    ExprKind::Object(entries) => {
                        if let Some(entry) = entries.iter().rev().find(|en| en.key.as_deref() == Some(name)) {
                            return self.resolve_depth(entry.value, depth + 1);
                        }
                    }
                    ExprKind::Class(class) => {
                        if let Some([Binding::Value(v)]) = self.unit.scopes[*class].names.get(name).map(Vec::as_slice) {
                            return self.resolve_depth(*v, depth + 1);
                        }
                    }
                    _ => {}
                }
                Resolved::unknown()
            }
            ExprKind::Binary { op, left, right } => {
                let (l, r) = (self.resolve_depth(*left, depth + 1), self.resolve_depth(*right, depth + 1));
                let value = match (op, &l.value, &r.value) {
                    (BinOp::Add, Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int),
                    (BinOp::Sub, Value::Int(a), Value::Int(b)) => a.checked_sub(*b).map(Value::Int),
                    (BinOp::Mul, Value::Int(a), Value::Int(b)) => a.checked_mul(*b).map(Value::Int),
                    (BinOp::Div, Value::Int(a), Value::Int(b)) if *b != 0 && a % b == 0 => Some(Value::Int(a / b)),
                    (BinOp::Add, Value::Str(a), Value::Str(b)) => Some(Value::Str(format!("{a}{b}"))),
                    (BinOp::Add, a, b) => a.as_text().zip(b.as_text()).map(|(a, b)| Value::Text(a.join(b))),
                    _ => None,
                };
                match value {
                    Some(v) => Resolved::new(v, None),
                    None => Resolved::unknown(),
                }
            }
            _ => Resolved::unknown(),
        }
    }

    /// `settings.MAX` where `settings` is an imported project module, or
    /// `app.settings.MAX` after `import app.settings`.
    fn module_attr(&self, e: ExprId) -> Option<Resolved> {
        let mut names = vec![];
        let mut cur = e;
        while let ExprKind::Attr { base, name } = self.kind(cur) {
            names.push(name.clone());
            cur = *base;
        }
        let ExprKind::Name(root) = self.kind(cur) else {
            return None;
        };
        let Found::Import(imp) = self.lookup(self.scope(cur), root) else {
            return None;
        };
        let spec = if imp.member.is_some() { imp.submodule.as_ref()? } else { imp.project.as_ref()? };
        names.reverse();
        let name = names.pop()?;
        let module = match spec {
            ModuleSpec::PythonModule(parts) => ModuleSpec::PythonModule(parts.iter().cloned().chain(names).collect()),
            spec if names.is_empty() => spec.clone(),
            _ => return None,
        };
        Some(Resolved::new(Value::Import(ImportRef { module, name }), None))
    }

    /// The static text of a string-ish expression (for URLs): literal parts
    /// of templates and concatenations.
    fn static_text(&self, e: ExprId, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return String::new();
        }
        match self.kind(e) {
            ExprKind::Str(s) => s.clone(),
            ExprKind::Template { parts, .. } => parts.join("\u{0}"),
            ExprKind::Binary { op: BinOp::Add, left, right } => {
                format!("{}{}", self.static_text(*left, depth + 1), self.static_text(*right, depth + 1))
            }
            ExprKind::Name(_) | ExprKind::Attr { .. } => match self.resolve(e).value {
                Value::Str(s) => s,
                _ => {
                    let f = self.follow(e);
                    if f != e { self.static_text(f, depth + 1) } else { String::new() }
                }
            },
            _ => String::new(),
        }
    }

    // ---- entries ----------------------------------------------------------

    /// The key/value entries an expression stands for: an object literal, or a
    /// call with keyword arguments (`dict(...)`, a typed params constructor).
    fn entries_of(&self, e: ExprId) -> Option<Vec<Entry>> {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Object(entries) => Some(self.expand(entries, 0)),
            ExprKind::Call { args, .. } if args.iter().any(|a| a.key.is_some()) => Some(self.expand(args, 0)),
            _ => None,
        }
    }

    /// Keyword entries with `**spread` / `...spread` replaced by what they spread.
    fn expand(&self, entries: &[Entry], depth: usize) -> Vec<Entry> {
        let mut out = vec![];
        for en in entries {
            if en.spread {
                if depth < 4 {
                    let target = self.follow(en.value);
                    if let ExprKind::Object(inner) = self.kind(target) {
                        out.extend(self.expand(inner, depth + 1));
                    }
                }
            } else if en.key.is_some() {
                out.push(en.clone());
            }
        }
        out
    }

    /// Request entries of a call: keyword arguments, or the first positional
    /// argument when it is an object (JS SDKs); and the options object
    /// (second positional argument) if any.
    fn request_entries(&self, args: &[Entry]) -> (Vec<Entry>, Vec<Entry>) {
        let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none() && !a.spread).collect();
        if args.iter().any(|a| a.key.is_some() || a.spread) {
            return (self.expand(args, 0), vec![]);
        }
        let body = positional.first().and_then(|a| self.object_entries(a.value)).unwrap_or_default();
        let options = positional.get(1).and_then(|a| self.object_entries(a.value)).unwrap_or_default();
        (body, options)
    }

    fn object_entries(&self, e: ExprId) -> Option<Vec<Entry>> {
        let t = self.follow(e);
        match self.kind(t) {
            ExprKind::Object(entries) => Some(self.expand(entries, 0)),
            _ => None,
        }
    }

    fn consume(&mut self, e: ExprId) {
        let t = self.follow(e);
        if matches!(self.kind(t), ExprKind::Object(_)) {
            self.consumed.insert(t);
        }
    }

    fn arg(&self, entries: &[Entry], keys: &[&str]) -> Option<Arg> {
        let en = entries.iter().rev().find(|en| en.key.as_deref().is_some_and(|k| keys.contains(&k)))?;
        Some(self.make_arg(en))
    }

    fn make_arg(&self, en: &Entry) -> Arg {
        Arg {
            key: en.key.clone().unwrap_or_default(),
            span: en.span,
            value_span: self.span(en.value),
            value: self.resolve(en.value),
        }
    }

    /// An entry that names a model: a model key, or in a config file a
    /// provider-qualified `id` the table knows (promptfoo's
    /// `id: anthropic:messages:claude-…`).
    fn is_model_entry(&self, en: &Entry) -> bool {
        match en.key.as_deref() {
            Some(k) if sdks::MODEL_KEYS.contains(&k) => true,
            Some("id") if self.language.is_config() => match self.kind(en.value) {
                ExprKind::Str(s) => s.contains(':') && !matches!(self.models.lookup(s), Lookup::Unknown),
                _ => false,
            },
            _ => false,
        }
    }

    /// A config mapping that configures a model: it has a setting beside the
    /// model (a cap, a temperature, a key, a provider) or sits under a key
    /// that holds LLM settings (`llm:`, `model_list:`, `providers:`).
    fn config_settings(&self, obj: ExprId, entries: &[Entry]) -> bool {
        let setting = |k: &str| sdks::SETTINGS_KEYS.contains(&k) || sdks::MAX_TOKENS_KEYS.contains(&k);
        if entries.iter().any(|en| en.key.as_deref().is_some_and(setting)) {
            return true;
        }
        let mut child = obj;
        while let Some(&parent) = self.unit.parents.get(&child) {
            if let ExprKind::Object(outer) = self.kind(parent) {
                let holder = outer.iter().find(|en| {
                    en.value == child || matches!(self.kind(en.value), ExprKind::Array(items) if items.contains(&child))
                });
                if holder.and_then(|en| en.key.as_deref()).is_some_and(|k| sdks::SETTINGS_CONTAINERS.contains(&k)) {
                    return true;
                }
            }
            child = parent;
        }
        false
    }

    /// `model: anthropic("claude-…")` → the id argument.
    fn model_arg(&self, entries: &[Entry]) -> Option<Arg> {
        let en = entries.iter().rev().find(|en| self.is_model_entry(en))?;
        if let Some(inner) = self.provider_fn_arg(en.value) {
            let mut arg = self.make_arg(inner);
            arg.key = en.key.clone().unwrap_or_default();
            return Some(arg);
        }
        Some(self.make_arg(en))
    }

    /// The id argument of a Vercel AI SDK provider call (`anthropic("id")`,
    /// `openai.chat("id")`, or a `createAnthropic()` instance).
    fn provider_fn_arg(&self, e: ExprId) -> Option<&'u Entry> {
        let e = self.follow(e);
        let ExprKind::Call { callee, args, .. } = self.kind(e) else {
            return None;
        };
        let first = args.first()?;
        let is_provider = |c: ExprId| match self.known(c) {
            Some(Known::ProviderFn(_)) => true,
            _ => {
                let t = self.follow(c);
                t != c
                    && matches!(self.kind(t), ExprKind::Call { callee, .. } if matches!(self.known(*callee), Some(Known::ProviderFactory(_))))
            }
        };
        if is_provider(*callee) {
            return Some(first);
        }
        if let ExprKind::Attr { base, .. } = self.kind(*callee) {
            if is_provider(*base) {
                return Some(first);
            }
        }
        None
    }

    fn model_provider(&self, model: &Option<Arg>) -> Provider {
        match model.as_ref().and_then(|m| m.value.value.as_str()).map(|s| self.models.lookup(s)) {
            Some(Lookup::Model(m)) => m.provider(),
            Some(Lookup::Known(p)) => p,
            _ => Provider::Unknown,
        }
    }

    fn streaming(&self, entries: &[Entry], default: Tri) -> Tri {
        match self.arg(entries, &["stream", "streaming"]).map(|a| a.value.value) {
            None => default,
            Some(Value::Bool(true)) => Tri::Yes,
            Some(Value::Bool(false)) => Tri::No,
            Some(_) => Tri::Unknown,
        }
    }

    // ---- clients -------------------------------------------------------------

    fn client(&mut self, c: ExprId) {
        let ExprKind::Call { callee, args, .. } = self.kind(c) else {
            return;
        };
        let Some(Known::Client { provider, azure }) = self.known(*callee) else {
            return;
        };
        let (entries, _) = self.request_entries(args);
        self.facts.clients.push(Client {
            provider,
            file: self.file,
            span: self.span(c),
            max_retries: self.arg(&entries, sdks::MAX_RETRIES_KEYS),
            timeout: self.arg(&entries, sdks::TIMEOUT_KEYS),
        });
        let idx = self.facts.clients.len() - 1;
        self.client_of_expr.insert(c, idx);
        if azure {
            self.azure_calls.insert(idx);
        }
    }

    /// The client an SDK call goes through, skipping `beta`, `with_raw_response`,
    /// `with_options(...)` between them.
    fn client_for(&self, mut recv: ExprId) -> Option<usize> {
        for _ in 0..MAX_DEPTH {
            if let Some(&i) = self.client_of_expr.get(&recv) {
                return Some(i);
            }
            match self.kind(recv) {
                ExprKind::Attr { base, name } if sdks::CLIENT_PATH_NAMES.contains(&name.as_str()) => recv = *base,
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Attr { base, name } if name == "with_options" || name == "withOptions" => recv = *base,
                    _ => return None,
                },
                ExprKind::Name(_) | ExprKind::Attr { .. } => {
                    let f = self.follow(recv);
                    if f == recv {
                        return None;
                    }
                    recv = f;
                }
                _ => return None,
            }
        }
        None
    }

    // ---- requests ------------------------------------------------------------

    fn request(&mut self, c: ExprId, chains: &mut HashSet<ExprId>) {
        let ExprKind::Call { callee, args, .. } = self.kind(c) else {
            return;
        };
        if self.wrapper_call(c, *callee, args) {
            return;
        }
        match self.known(*callee) {
            Some(Known::Request { provider, api, op, streaming, model_arg }) => {
                let (entries, options) = self.request_entries(args);
                let mut model = self.model_arg(&entries);
                if model.is_none() {
                    if let Some(i) = model_arg {
                        model = args.iter().filter(|a| a.key.is_none()).nth(i).map(|en| self.make_arg(en));
                    }
                }
                let provider = match self.model_provider(&model) {
                    Provider::Unknown => provider,
                    p => p,
                };
                self.consume_args(args);
                let mut call = self.call_from(provider, api, op.to_string(), self.span(c), &entries, streaming);
                call.model = model;
                call.timeout = call.timeout.or_else(|| self.arg(&options, sdks::TIMEOUT_KEYS));
                self.facts.calls.push(call);
                return;
            }
            Some(Known::Client { .. }) | Some(Known::ProviderFn(_)) | Some(Known::ProviderFactory(_)) => return,
            _ => {}
        }
        if self.sdk_call(c, *callee, args) || self.http_call(c, *callee, args) {
            return;
        }
        self.builder_chain(c, chains);
    }

    /// A call of a function the config declares as an API call.
    fn wrapper_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        if self.wrappers.is_empty() {
            return false;
        }
        let Some(q) = self.qualified(callee) else { return false };
        let Some(w) = self.wrappers.iter().find(|w| q == w.function || q.ends_with(&format!(".{}", w.function))) else {
            return false;
        };
        let pick = |spec: &Option<crate::knowledge::wrappers::ArgSpec>, key: &str| {
            let en = match spec.as_ref()? {
                crate::knowledge::wrappers::ArgSpec::Keyword(k) => {
                    args.iter().find(|a| a.key.as_deref() == Some(k.as_str()))?
                }
                crate::knowledge::wrappers::ArgSpec::Position(n) => {
                    args.iter().filter(|a| a.key.is_none() && !a.spread).nth(*n)?
                }
            };
            let mut arg = self.make_arg(en);
            arg.key = key.to_string();
            Some(arg)
        };
        let mut call = self.call_from(w.provider, Api::Wrapper, w.operation.clone(), self.span(c), &[], Tri::Unknown);
        call.model = pick(&w.model, "model");
        call.max_tokens = pick(&w.max_tokens, "max_tokens");
        // The wrapper's own signature decides what `system` accepts: no
        // rewrite into blocks is offered.
        call.system = pick(&w.system, "system").map(|arg| {
            let value = if arg.value.value.as_text().is_some() || arg.value.value.is_unknown() {
                arg.value.clone()
            } else {
                Resolved::unknown()
            };
            crate::facts::SystemPrompt { arg: Arg { value, ..arg }, cached: false, cache_edit: None }
        });
        self.consume_args(args);
        self.facts.calls.push(call);
        true
    }

    /// A request as its entries describe it (model, cap, messages, streaming,
    /// timeout); each kind of call then sets what it knows beyond that.
    fn call_from(
        &self,
        provider: Provider,
        api: Api,
        operation: String,
        span: Span,
        entries: &[Entry],
        streaming: Tri,
    ) -> ApiCall {
        ApiCall {
            provider,
            api,
            operation,
            span,
            client: None,
            client_import: None,
            max_retries: None,
            enclosed: false,
            in_opaque_callback: false,
            messages: self.arg(entries, &["messages", "input"]),
            system: self.system_prompt(entries),
            messages_prefix: self.messages_prefix(entries),
            cache_control: self.top_level_cache(entries),
            repeats: self.repeats(span),
            streaming: self.streaming(entries, streaming),
            batch: false,
            model: self.model_arg(entries),
            max_tokens: self.arg(entries, sdks::MAX_TOKENS_KEYS),
            timeout: self.arg(entries, sdks::TIMEOUT_KEYS),
        }
    }

    fn sdk_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        // The callee's trailing attribute names: client.beta.messages.create → [.., messages, create]
        let mut names = vec![];
        let mut cur = callee;
        while let ExprKind::Attr { base, name } = self.kind(cur) {
            names.push(name.as_str());
            cur = *base;
            if names.len() > 4 {
                break;
            }
        }
        names.reverse();
        let Some(op) = sdks::OPERATIONS.iter().find(|op| names.ends_with(op.path)) else {
            return false;
        };
        // The receiver: the callee minus the operation's names.
        let mut recv = callee;
        for _ in 0..op.path.len() {
            let ExprKind::Attr { base, .. } = self.kind(recv) else {
                return false;
            };
            recv = *base;
        }
        let client = self.client_for(recv);
        // A client made in another file of the project: the project index
        // finds it after every file is analysed.
        let client_import = if client.is_none() { self.imported_client(recv) } else { None };
        let (entries, options) = self.request_entries(args);
        // `client.with_options(timeout=…)` sets the timeout for this request.
        let chain_timeout = self.with_options(recv).and_then(|o| self.arg(&o, sdks::TIMEOUT_KEYS));
        let model = self.model_arg(&entries);
        let max_tokens = self.arg(&entries, sdks::MAX_TOKENS_KEYS);
        let provider = match client {
            Some(i) => self.facts.clients[i].provider,
            None => {
                // Without a known client, the shape must be unmistakable: the
                // provider's SDK is imported here (or the model says so), and the
                // call carries request settings (Twilio has `messages.create` too).
                let by_model = self.model_provider(&model);
                let imported = op.provider != Provider::Unknown && self.sdk_imports.contains(&op.provider);
                if (!imported && by_model == Provider::Unknown) || (model.is_none() && max_tokens.is_none()) {
                    return false;
                }
                if op.provider != Provider::Unknown { op.provider } else { by_model }
            }
        };
        if op.batch {
            self.batch(c, &entries, provider, names.join("."), client);
            return true;
        }
        self.consume_args(args);
        let mut call = self.call_from(provider, Api::Sdk, op.path.join("."), self.span(c), &entries, op.streaming);
        call.client = client;
        call.client_import = client_import;
        call.max_retries = self
            .arg(&options, sdks::MAX_RETRIES_KEYS)
            .or_else(|| self.with_options(recv).and_then(|o| self.arg(&o, sdks::MAX_RETRIES_KEYS)));
        call.model = model;
        call.max_tokens = max_tokens;
        call.timeout = call.timeout.or_else(|| self.arg(&options, sdks::TIMEOUT_KEYS)).or(chain_timeout);
        self.facts.calls.push(call);
        true
    }

    /// `client` imported from a project file (`from .clients import client`,
    /// `import { anthropic } from "./llm"`), skipping `beta` and `with_options`.
    fn imported_client(&self, mut recv: ExprId) -> Option<ImportRef> {
        for _ in 0..MAX_DEPTH {
            match self.kind(recv) {
                ExprKind::Attr { base, name } if sdks::CLIENT_PATH_NAMES.contains(&name.as_str()) => recv = *base,
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Attr { base, name } if name == "with_options" || name == "withOptions" => recv = *base,
                    _ => return None,
                },
                _ => break,
            }
        }
        match self.resolve(recv).value {
            Value::Import(r) => Some(r),
            _ => None,
        }
    }

    /// The options of a `with_options(...)` / `withOptions(...)` call between a
    /// client and its operation.
    fn with_options(&self, mut recv: ExprId) -> Option<Vec<Entry>> {
        for _ in 0..8 {
            match self.kind(recv) {
                ExprKind::Attr { base, .. } => recv = *base,
                ExprKind::Call { callee, args, .. } => {
                    let ExprKind::Attr { base, name } = self.kind(*callee) else {
                        return None;
                    };
                    if name == "with_options" || name == "withOptions" {
                        return Some(self.request_entries(args).0);
                    }
                    recv = *base;
                }
                _ => return None,
            }
        }
        None
    }

    /// The objects a request's arguments are built from are its body: the
    /// generic pass must not count them again.
    fn consume_args(&mut self, args: &[Entry]) {
        for a in args {
            if a.spread || a.key.is_none() {
                self.consume(a.value);
            }
        }
    }

    /// `messages.batches.create(requests=[{"custom_id": …, "params": {…}}])`:
    /// each request's params is a request at batch prices.
    fn batch(&mut self, c: ExprId, entries: &[Entry], provider: Provider, op: String, client: Option<usize>) {
        let Some(reqs) = entries.iter().rev().find(|e| e.key.as_deref() == Some("requests")) else {
            return;
        };
        let list = self.follow(reqs.value);
        let ExprKind::Array(items) = self.kind(list) else {
            return;
        };
        for &item in items {
            let Some(req) = self.entries_of(item) else {
                continue;
            };
            let Some(params) = req.iter().rev().find(|e| e.key.as_deref() == Some("params")) else {
                continue;
            };
            let Some(body) = self.entries_of(params.value) else {
                continue;
            };
            self.consume(params.value);
            let mut call = self.call_from(provider, Api::Sdk, op.clone(), self.span(c), &body, Tri::No);
            call.client = client;
            call.batch = true;
            call.streaming = Tri::No;
            call.timeout = None;
            self.facts.calls.push(call);
        }
    }

    /// Raw HTTP: `requests.post(URL, json=body)`, `fetch(URL, {body: JSON.stringify(body)})`,
    /// `axios.post(URL, body)`, reqwest `.post(URL)…json(&body)`.
    fn http_call(&mut self, c: ExprId, callee: ExprId, args: &[Entry]) -> bool {
        let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none() && !a.spread).collect();
        let kw = |k: &str| args.iter().find(|a| a.key.as_deref() == Some(k));
        let (url, body) = match self.kind(callee) {
            ExprKind::Name(_)
                if matches!(self.qualified(callee).as_deref(), Some("fetch") | Some("node-fetch.default")) =>
            {
                let Some(url) = positional.first() else {
                    return false;
                };
                let body = positional.get(1).and_then(|init| {
                    let init = self.object_entries(init.value)?;
                    init.into_iter().find(|e| e.key.as_deref() == Some("body")).map(|e| e.value)
                });
                (url.value, body)
            }
            ExprKind::Attr { name, .. } if name == "post" => {
                let Some(url) = positional.first().map(|a| a.value).or_else(|| kw("url").map(|a| a.value)) else {
                    return false;
                };
                let body = kw("json").or_else(|| kw("data")).or_else(|| positional.get(1).copied()).map(|a| a.value);
                (url, body)
            }
            // reqwest: the body comes after the URL in the builder chain.
            ExprKind::Attr { base, name } if name == "json" => {
                let Some(url) = self.chain_post_url(*base) else {
                    return false;
                };
                let Some(body) = positional.first() else {
                    return false;
                };
                (url, Some(body.value))
            }
            _ => return false,
        };
        let url_text = self.static_text(url, 0);
        let Some(provider) = url_text
            .split('\u{0}')
            .find_map(sdks::endpoint_provider)
            .or_else(|| sdks::endpoint_provider(&url_text.replace('\u{0}', "")))
        else {
            return false;
        };
        let Some(body) = body else { return false };
        let Some(entries) = self.object_entries(body) else {
            return false;
        };
        self.consume(body);
        let path = url_text.rsplit_once(".com").map(|(_, p)| p.to_string()).unwrap_or_default();
        let model = self.model_arg(&entries);
        let provider = match self.model_provider(&model) {
            Provider::Unknown => provider,
            p => p,
        };
        let operation = format!("POST {}", if path.is_empty() { url_text.replace('\u{0}', "…") } else { path });
        let mut call = self.call_from(provider, Api::Http, operation, self.span(c), &entries, Tri::No);
        call.model = model;
        call.timeout = None;
        self.facts.calls.push(call);
        true
    }

    /// In a builder chain (`http.post(URL).header(..).json(..)`), the URL of its `post`.
    fn chain_post_url(&self, mut e: ExprId) -> Option<ExprId> {
        for _ in 0..32 {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else {
                return None;
            };
            let ExprKind::Attr { base, name } = self.kind(*callee) else {
                return None;
            };
            if name == "post" {
                return args.first().map(|a| a.value);
            }
            e = *base;
        }
        None
    }

    /// Request builders (`CreateChatCompletionRequestArgs::default().model(..).max_tokens(..)`):
    /// one chain, one request.
    fn builder_chain(&mut self, c: ExprId, seen: &mut HashSet<ExprId>) {
        // Only start at a method call named like a request setting.
        let ExprKind::Call { callee, .. } = self.kind(c) else {
            return;
        };
        let ExprKind::Attr { name, .. } = self.kind(*callee) else {
            return;
        };
        if !sdks::MAX_TOKENS_KEYS.contains(&name.as_str()) {
            return;
        }
        // Walk down to the root, collecting the links.
        let mut links = vec![];
        let mut cur = c;
        let mut root = c;
        for _ in 0..64 {
            let ExprKind::Call { callee, args, .. } = self.kind(cur) else {
                break;
            };
            let ExprKind::Attr { base, name } = self.kind(*callee) else {
                root = cur;
                break;
            };
            links.push((name.as_str(), args.first(), cur));
            root = *base;
            cur = *base;
        }
        if !seen.insert(root) {
            return;
        }
        // And up: the links after this call (`.messages(..).build()`) are found
        // from the other setting methods on the same root, so look at every call.
        let root_q = match self.kind(root) {
            ExprKind::Call { callee, .. } => self.qualified(*callee),
            _ => self.qualified(root),
        };
        let sdk = root_q.as_deref().is_some_and(|q| q.starts_with("async_openai"));
        let mut model = None;
        let mut max_tokens = None;
        for (name, arg, _) in links.iter().rev() {
            let Some(arg) = arg else { continue };
            let mut a = self.make_arg(arg);
            a.key = name.to_string();
            if sdks::MODEL_KEYS.contains(name) {
                model = Some(a);
            } else if sdks::MAX_TOKENS_KEYS.contains(name) {
                max_tokens = Some(a);
            }
        }
        if model.is_none() && !sdk {
            return;
        }
        let provider = match self.model_provider(&model) {
            Provider::Unknown if sdk => Provider::OpenAi,
            p => p,
        };
        let api = if sdk { Api::Sdk } else { Api::Body };
        let mut call = self.call_from(provider, api, "request builder".into(), self.span(c), &[], Tri::Unknown);
        call.model = model;
        call.max_tokens = max_tokens;
        self.facts.calls.push(call);
    }

    /// Any other object holding a known model id next to a max-tokens key is a
    /// request body whose sending we could not see.
    fn bodies(&mut self) {
        for e in 0..self.unit.exprs.len() {
            let ExprKind::Object(entries) = self.kind(e) else {
                continue;
            };
            if self.consumed.contains(&e) {
                continue;
            }
            let entries = self.expand(entries, 0);
            let Some(max_tokens) = self.arg(&entries, sdks::MAX_TOKENS_KEYS) else {
                continue;
            };
            // In a config file an output cap pairs with the model of its own
            // mapping or the nearest enclosing one (`completionOptions:
            // {maxTokens}` beside `model`).
            let mut model = self.model_arg(&entries);
            let mut holder = e;
            while model.is_none() {
                let Some(&parent) = self.unit.parents.get(&holder) else { break };
                holder = parent;
                if let ExprKind::Object(outer) = self.kind(parent) {
                    model = self.model_arg(&self.expand(outer, 0));
                }
            }
            let Some(model) = model else {
                continue;
            };
            let provider = self.model_provider(&Some(model.clone()));
            if provider == Provider::Unknown {
                continue;
            }
            let mut call =
                self.call_from(provider, Api::Body, "request body".into(), self.span(e), &entries, Tri::Unknown);
            call.model = Some(model);
            call.max_tokens = Some(max_tokens);
            call.timeout = None;
            self.facts.calls.push(call);
        }
    }

    // ---- model references -------------------------------------------------

    /// The string literals an expression may evaluate to: itself, either side
    /// of `a or b` / `a ?? b`, the default of `os.getenv("M", "…")`, and
    /// `.unwrap_or("…")`. A default is what runs when the setting is absent.
    fn possible_literals(&self, e: ExprId, depth: usize, out: &mut Vec<ExprId>) {
        if depth > 4 {
            return;
        }
        match self.kind(e) {
            ExprKind::Str(_) => out.push(e),
            ExprKind::Binary { op: BinOp::Or, left, right } => {
                self.possible_literals(*left, depth + 1, out);
                self.possible_literals(*right, depth + 1, out);
            }
            ExprKind::Call { callee, args, .. } => {
                let default = match self.qualified(*callee).as_deref() {
                    Some("os.getenv" | "os.environ.get" | "environ.get" | "getenv") => args.get(1),
                    _ => match self.kind(*callee) {
                        ExprKind::Attr { name, .. } if name == "unwrap_or" => args.first(),
                        ExprKind::Attr { name, .. } if name == "get" => args.get(1),
                        _ => None,
                    },
                };
                if let Some(d) = default.filter(|d| d.key.is_none() || d.key.as_deref() == Some("default")) {
                    self.possible_literals(d.value, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// Model ids written as the values of something named for models:
    /// `MODELS = {"fast": "claude-…"}`, `SUPPORTED_MODELS = [...]`,
    /// `class Model(str, Enum)`, `enum Model { … }`.
    fn model_table_literals(&self, e: ExprId, out: &mut Vec<ExprId>) {
        match self.kind(e) {
            ExprKind::Object(entries) => {
                for en in entries.iter().filter(|en| !en.spread) {
                    self.possible_literals(en.value, 0, out);
                }
            }
            ExprKind::Array(items) => {
                for &i in items {
                    self.possible_literals(i, 0, out);
                }
            }
            _ => self.possible_literals(e, 0, out),
        }
    }

    fn model_refs(&mut self) {
        let mut refs: Vec<Arg> = vec![];
        for call in &self.facts.calls {
            if let Some(m) = &call.model {
                if !call.client.is_some_and(|c| self.azure_calls.contains(&c)) {
                    refs.push(m.clone());
                }
            }
        }
        let azure_spans: HashSet<Span> = self
            .facts
            .calls
            .iter()
            .filter(|c| c.client.is_some_and(|i| self.azure_calls.contains(&i)))
            .filter_map(|c| c.model.as_ref().map(|m| m.span))
            .collect();
        let literal_arg = |e: ExprId, key: &str| Arg {
            key: key.to_string(),
            span: self.span(e),
            value_span: self.span(e),
            value: self.resolve(e),
        };
        for e in 0..self.unit.exprs.len() {
            let entries: &[Entry] = match self.kind(e) {
                ExprKind::Object(entries) => entries,
                ExprKind::Call { callee, args, .. } => {
                    // `anthropic("claude-…")`, builder `.model("…")`
                    let builder = matches!(self.kind(*callee), ExprKind::Attr { name, .. } if sdks::MODEL_KEYS.contains(&name.as_str()));
                    if let Some(first) = args.first().filter(|_| builder) {
                        let mut a = self.make_arg(first);
                        a.key = "model".into();
                        refs.push(a);
                    } else if let Some(first) = self.provider_fn_arg(e) {
                        let mut a = self.make_arg(first);
                        a.key = "model".into();
                        refs.push(a);
                    }
                    args
                }
                _ => continue,
            };
            // In YAML/JSON/TOML a model id counts only in a mapping of LLM
            // settings: a leaderboard, a recorded response or a price list
            // names models without calling them.
            if self.language.is_config()
                && self.language != crate::base::language::Language::Env
                && !self.config_settings(e, entries)
            {
                continue;
            }
            for en in entries.iter().filter(|en| self.is_model_entry(en)) {
                let mut lits = vec![];
                self.possible_literals(en.value, 0, &mut lits);
                if lits.is_empty() || lits == [en.value] {
                    refs.push(self.make_arg(en));
                } else {
                    refs.extend(lits.into_iter().map(|l| literal_arg(l, en.key.as_deref().unwrap_or("model"))));
                }
            }
        }
        // Names that say they hold models: `FAST_MODEL = "…"`, `model: str = "…"`,
        // `MODEL = os.getenv("MODEL", "…")`, `MODELS = [...]`, members of a class
        // named for models.
        for scope in &self.unit.scopes {
            let class_of_models = scope.name.as_deref().is_some_and(|n| n.to_ascii_lowercase().contains("model"));
            let named = scope.names.iter().filter_map(|(n, bs)| match bs.as_slice() {
                [Binding::Value(v)] => Some((n, *v)),
                _ => None,
            });
            for (name, v) in named.chain(scope.param_defaults.iter().map(|(n, v)| (n, *v))) {
                let last = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
                if !class_of_models && !last.contains("model") {
                    continue;
                }
                // A table of old models (a migration map) lists them on purpose.
                if ["deprecat", "retire", "legacy", "obsolete", "sunset"].iter().any(|w| last.contains(w)) {
                    continue;
                }
                let mut lits = vec![];
                self.model_table_literals(v, &mut lits);
                refs.extend(lits.into_iter().map(|l| literal_arg(l, name)));
            }
        }
        let mut seen = HashSet::new();
        for arg in refs {
            if azure_spans.contains(&arg.span) || !matches!(arg.value.value, Value::Str(_) | Value::Import(_)) {
                continue;
            }
            let key = arg.value.origin.map(|o| o.span).unwrap_or(arg.value_span);
            if seen.insert(key) {
                self.facts.model_refs.push(ModelRef { arg });
            }
        }
    }

    // ---- exports -------------------------------------------------------------

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
        self.facts.exports = exports;
        // Clients bound at module level, for other files that import them.
        let mut exported_clients = HashMap::new();
        let module_bindings = module.names.iter().filter_map(|(n, bs)| match bs.as_slice() {
            [Binding::Value(v)] => Some((n.clone(), *v)),
            _ => None,
        });
        for (name, v) in module_bindings.chain(self.unit.export_aliases.iter().cloned()) {
            if let Some(&i) = self.client_of_expr.get(&self.follow(v)) {
                exported_clients.insert(name, i);
            }
        }
        self.facts.exported_clients = exported_clients;
        self.facts.exported_limiters = self.exported_limiters();
    }
}
