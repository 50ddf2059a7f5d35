//! Retry scopes: library policies (tables in `retry_libs.rs`) and hand-written
//! loops (request, catch or status check, sleep, go round), with their delay
//! shape, jitter, stop condition, what they retry on and the requests they
//! enclose. Also the requests and functions of the file, which the project
//! index joins into "which code reaches which request".

use std::collections::{HashMap, HashSet};

use super::{Analyzer, Found, MAX_DEPTH};
use crate::base::diagnostic::Edit;
use crate::base::language::Language;
use crate::base::source::Span;
use crate::facts::{Callee, Delay, Function, Request, RetryKind, RetryScope, Tri, Value};
use crate::frontend::ir::{BinOp, Binding, Entry, ExprId, ExprKind, LoopInfo, LoopKind};
use crate::knowledge::retry_libs::{self as libs, Effect, Form, JitterFix, RetryLib, When};
use crate::knowledge::sdks;

/// How many helpers deep a sleep's delay is looked for (`retry()` calls
/// `backoff(n)`, which calls `sleep(ms)`).
const MAX_HELPER_DEPTH: usize = 4;

/// A policy as its options leave it.
struct Policy {
    jitter: Tri,
    bounded: Tri,
    attempts: Option<i64>,
    retry_all: bool,
    from_retry_after: bool,
    /// The wait/backoff argument, where a jitter finding belongs.
    wait: Option<Span>,
    /// The edits that add jitter, when the library has a safe rewrite.
    jitter_edits: Option<Vec<Edit>>,
}

impl Analyzer<'_> {
    pub(super) fn retries(&mut self) {
        self.requests();
        self.functions();
        self.opaque_callbacks();
        let by_scope: HashMap<usize, usize> =
            self.unit.functions.iter().enumerate().map(|(i, f)| (f.scope, i)).collect();
        let mut scopes = vec![];
        // Decorators: the function body is retried.
        for f in &self.unit.functions {
            for &d in &f.decorators {
                let (callee, args): (ExprId, &[Entry]) = match self.kind(d) {
                    ExprKind::Call { callee, args, .. } => (*callee, args),
                    _ => (d, &[]),
                };
                let Some(lib) = self.qualified(callee).and_then(|q| libs::library(&q)) else { continue };
                if lib.form != Form::Decorator {
                    continue;
                }
                let policy = self.policy(lib, args, &[]);
                scopes.push(self.library_scope(lib, self.span(d), policy, f.body));
            }
        }
        // Loops: `for attempt in Retrying(...)` is a policy; anything else may
        // be a hand-written retry.
        for l in &self.unit.loops {
            let policy_call = l.iter.map(|i| self.follow(i)).and_then(|i| match self.kind(i) {
                ExprKind::Call { callee, args, .. } => {
                    self.qualified(*callee).and_then(|q| libs::library(&q)).map(|lib| (lib, args))
                }
                _ => None,
            });
            match policy_call {
                Some((lib, args)) => {
                    let policy = self.policy(lib, args, &[]);
                    scopes.push(self.library_scope(lib, l.header, policy, l.body));
                }
                None => scopes.extend(self.hand_written(l)),
            }
        }
        // Wrappers, methods and spawners.
        for e in 0..self.unit.exprs.len() {
            if let Some(s) = self.call_scope(e, &by_scope) {
                scopes.push(s);
            }
        }
        self.facts.retry_scopes = scopes;
    }

    // ---- requests and functions --------------------------------------------------

    /// Mark calls made inside a function literal handed to a call we do not
    /// know (`this.caller.call(async () => …)`, `with_backoff(lambda: …)`):
    /// that code may retry them. Iteration helpers (`map`, `then`, `gather`)
    /// are known not to.
    fn opaque_callbacks(&mut self) {
        const PLAIN: &[&str] = &[
            "map",
            "forEach",
            "filter",
            "flatMap",
            "reduce",
            "then",
            "catch",
            "finally",
            "all",
            "allSettled",
            "race",
            "any",
            "gather",
            "create_task",
            "run",
            "spawn",
            "submit",
            "Promise",
            "sorted",
            "list",
            "setTimeout",
            "describe",
            "it",
            "test",
            "spawn_blocking",
            "block_on",
            "join_all",
        ];
        let mut passed: Vec<Span> = vec![];
        for e in 0..self.unit.exprs.len() {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { continue };
            let name = match self.kind(*callee) {
                ExprKind::Attr { name, .. } | ExprKind::Name(name) => name.as_str(),
                _ => "",
            };
            if PLAIN.contains(&name) || libs::SPAWNERS.iter().any(|s| self.qualified(*callee).as_deref() == Some(*s)) {
                continue;
            }
            for a in args {
                if let ExprKind::Function(scope) = self.kind(a.value) {
                    if let Some(f) = self.unit.functions.iter().find(|f| f.scope == *scope) {
                        passed.push(f.body);
                    }
                }
            }
        }
        for call in &mut self.facts.calls {
            call.in_opaque_callback = passed.iter().any(|b| b.contains(call.span));
        }
    }

    /// Every request the file sends: the API calls, and HTTP requests to any URL.
    fn requests(&mut self) {
        let mut requests: Vec<Request> =
            self.facts.calls.iter().enumerate().map(|(i, c)| Request { span: c.span, call: Some(i) }).collect();
        let known: HashSet<Span> = requests.iter().map(|r| r.span).collect();
        for e in 0..self.unit.exprs.len() {
            if !known.contains(&self.span(e)) && self.is_http_request(e) {
                requests.push(Request { span: self.span(e), call: None });
            }
        }
        self.facts.requests = requests;
    }

    fn is_http_request(&self, e: ExprId) -> bool {
        let ExprKind::Call { callee, .. } = self.kind(e) else { return false };
        let method = match self.kind(*callee) {
            ExprKind::Attr { name, .. } => Some(name.as_str()),
            _ => None,
        };
        const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "request", "stream", "send"];
        if let Some(q) = self.qualified(*callee) {
            let module = q.split('.').next().unwrap_or("");
            if matches!(q.as_str(), "fetch" | "node-fetch.default" | "axios" | "axios.default" | "ky.default") {
                return true;
            }
            if matches!(module, "requests" | "httpx" | "aiohttp" | "axios" | "urllib3" | "ky" | "got")
                && method.is_some_and(|m| VERBS.contains(&m))
            {
                return true;
            }
        }
        let Some(method) = method else { return false };
        let ExprKind::Attr { base, .. } = self.kind(*callee) else { return false };
        // reqwest: `.post(url)…send()`
        if method == "send" {
            return self.chain_has_method(*base, &["post", "get", "put", "patch", "delete", "request"]);
        }
        // `http.post(...)` on an HTTP client object (`httpx.AsyncClient()`,
        // `requests.Session()`, `aiohttp.ClientSession()`, `reqwest::Client::new()`).
        if VERBS.contains(&method) {
            let target = self.follow(*base);
            if let ExprKind::Call { callee, .. } = self.kind(target) {
                return matches!(self.known(*callee), Some(sdks::Known::Http));
            }
        }
        false
    }

    fn chain_has_method(&self, mut e: ExprId, methods: &[&str]) -> bool {
        for _ in 0..32 {
            let ExprKind::Call { callee, .. } = self.kind(e) else { return false };
            let ExprKind::Attr { base, name } = self.kind(*callee) else { return false };
            if methods.contains(&name.as_str()) {
                return true;
            }
            e = *base;
        }
        false
    }

    fn functions(&mut self) {
        let functions: Vec<Function> = self
            .unit
            .functions
            .iter()
            .map(|f| Function {
                name: f.name.clone(),
                top_level: self.unit.scopes[f.scope].parent == Some(0),
                body: f.body,
                requests: self.requests_in(f.body),
                callees: self.callees_in(f.body),
                acquires_limit: self.acquires_limit(f.body),
                imported_names: self.imported_names_in(f.body),
            })
            .collect();
        self.facts.functions = functions;
    }

    pub(super) fn requests_in(&self, span: Span) -> Vec<usize> {
        self.facts.requests.iter().enumerate().filter(|(_, r)| span.contains(r.span)).map(|(i, _)| i).collect()
    }

    /// The project functions called inside a span.
    pub(super) fn callees_in(&self, span: Span) -> Vec<Callee> {
        let mut out = vec![];
        for e in self.exprs_in(span) {
            let ExprKind::Call { callee, .. } = self.kind(e) else { continue };
            if let Some(c) = self.callee(*callee) {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// What a callee expression names: a function of this file or an imported one.
    pub(super) fn callee(&self, c: ExprId) -> Option<Callee> {
        let target = match self.member_binding(c) {
            Some(Found::Value(v)) => v,
            Some(_) => return None,
            None => self.follow(c),
        };
        if let ExprKind::Function(scope) = self.kind(target) {
            return self.unit.functions.iter().position(|f| f.scope == *scope).map(Callee::Local);
        }
        match self.resolve(c).value {
            Value::Import(r) => Some(Callee::Imported(r)),
            _ => None,
        }
    }

    /// Expressions inside a span (children of the expression or statement).
    pub(super) fn exprs_in(&self, span: Span) -> impl Iterator<Item = ExprId> + '_ {
        let from = self.by_start.partition_point(|&e| self.span(e).start < span.start);
        self.by_start[from..]
            .iter()
            .copied()
            .take_while(move |&e| self.span(e).start <= span.end)
            .filter(move |&e| span.contains(self.span(e)))
    }

    // ---- library policies ------------------------------------------------------------------

    fn library_scope(&self, lib: &'static RetryLib, span: Span, policy: Policy, body: Span) -> RetryScope {
        RetryScope {
            kind: RetryKind::Library(lib.library),
            span,
            delays: vec![Delay {
                span: policy.wait.unwrap_or(span),
                jitter: policy.jitter,
                from_retry_after: policy.from_retry_after,
                jitter_edits: policy.jitter_edits,
                jitter_hint: None,
            }],
            bounded: policy.bounded,
            attempts: policy.attempts,
            catch_all: policy.retry_all.then_some(span),
            rate_limit_specific: false,
            reads_retry_after: policy.from_retry_after,
            requests: self.requests_in(body),
            callees: self.callees_in(body),
            reached: vec![],
        }
    }

    /// A scope made by a call: a wrapper (`pRetry(fn, opts)`), a Rust method
    /// (`op.retry(policy)`), a spawner (`Retry::spawn(strategy, op)`), or
    /// cockatiel's `policy.execute(fn)`.
    fn call_scope(&self, e: ExprId, by_scope: &HashMap<usize, usize>) -> Option<RetryScope> {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return None };
        let q = self.qualified(*callee);
        let body_of = |action: ExprId| -> Option<Span> {
            let t = self.follow(action);
            match self.kind(t) {
                ExprKind::Function(scope) => by_scope.get(scope).map(|&i| self.unit.functions[i].body),
                _ => Some(self.span(action)),
            }
        };
        if let Some(lib) = q.as_deref().and_then(libs::library).filter(|l| l.form == Form::Wrapper) {
            let action = args.iter().find(|a| matches!(self.kind(self.follow(a.value)), ExprKind::Function(_)))?;
            let policy = self.policy(lib, args, &[]);
            return Some(self.library_scope(lib, self.span(e), policy, body_of(action.value)?));
        }
        if q.as_deref().is_some_and(|q| libs::SPAWNERS.contains(&q)) {
            let (strategy, action) = (args.first()?, args.get(1)?);
            let (lib, chain, root_args) = self.strategy(strategy.value)?;
            let mut policy = self.policy(lib, root_args, &chain);
            policy.wait = Some(strategy.span);
            policy.jitter_edits = self.append_to_strategy(lib, &chain, &policy);
            return Some(self.library_scope(lib, self.span(e), policy, body_of(action.value)?));
        }
        if q.as_deref().is_some_and(|q| libs::MIDDLEWARES.contains(&q)) {
            let strategy = args.first()?;
            let (lib, chain, root_args) = self.strategy(strategy.value)?;
            let mut policy = self.policy(lib, root_args, &chain);
            policy.wait = Some(strategy.span);
            let mut scope = self.library_scope(lib, self.span(e), policy, Span::default());
            scope.requests = self.requests_through_client_built_with(e);
            return Some(scope);
        }
        let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
        match name.as_str() {
            "retry" => {
                let arg = args.first()?;
                // backon: `op.retry(policy)`; again: `policy.retry(op)`.
                let (policy_expr, action, policy_span) = match self.strategy(arg.value) {
                    Some(_) => (arg.value, *base, arg.span),
                    None => (*base, arg.value, self.span(*base)),
                };
                let (lib, chain, root_args) = self.strategy(policy_expr)?;
                if lib.form != Form::Method {
                    return None;
                }
                let mut policy = self.policy(lib, root_args, &chain);
                policy.wait = Some(policy_span);
                policy.jitter_edits = self.append_to_strategy(lib, &chain, &policy);
                // The builder is the retry construct here (DESIGN.md's locations).
                Some(self.library_scope(lib, policy_span, policy, body_of(action)?))
            }
            "with_retry" | "withRetry" => {
                // LangChain: `model.with_retry(...)`: the runnable's requests.
                let lib = libs::library("with_retry")?;
                let policy = self.policy(lib, args, &[]);
                Some(self.library_scope(lib, self.span(e), policy, self.span(self.follow(*base))))
            }
            "execute" => {
                // cockatiel: `retry(handleAll, {...}).execute(fn)`
                let target = self.follow(*base);
                let ExprKind::Call { callee: pc, args: pargs, .. } = self.kind(target) else { return None };
                let lib = self.qualified(*pc).as_deref().and_then(libs::library).filter(|l| l.form == Form::Object)?;
                let policy = self.policy(lib, pargs, &[]);
                Some(self.library_scope(lib, self.span(e), policy, body_of(args.first()?.value)?))
            }
            _ => None,
        }
    }

    /// The requests sent through the client a middleware is built into:
    /// `ClientBuilder::new(..).with(middleware).build()` bound to a name, then
    /// `client.post(..)…send()`.
    fn requests_through_client_built_with(&self, middleware: ExprId) -> Vec<usize> {
        // The outermost call of the builder chain that contains the middleware.
        let mid = self.span(middleware);
        let built: Vec<ExprId> = (0..self.unit.exprs.len())
            .filter(|&x| matches!(self.kind(x), ExprKind::Call { .. }) && self.span(x).contains(mid))
            .filter(|&x| matches!(self.kind(x), ExprKind::Call { callee, .. } if matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "build")))
            .collect();
        let Some(&client) = built.iter().max_by_key(|&&x| self.span(x).end - self.span(x).start) else { return vec![] };
        self.facts
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                let Some(send) = self.exprs_in(r.span).find(|&x| self.span(x) == r.span) else { return false };
                // Walk down the request's method chain to its receiver.
                let mut cur = send;
                for _ in 0..32 {
                    match self.kind(cur) {
                        ExprKind::Call { callee, .. } => match self.kind(*callee) {
                            ExprKind::Attr { base, .. } => cur = *base,
                            _ => return false,
                        },
                        _ => break,
                    }
                }
                self.follow(cur) == client
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// A Rust strategy builder chain: its library, its method links (name and
    /// first argument) and the root constructor's arguments.
    #[allow(clippy::type_complexity)]
    fn strategy(&self, e: ExprId) -> Option<(&'static RetryLib, Vec<(String, Option<ExprId>)>, &[Entry])> {
        let mut cur = self.follow(e);
        let mut chain = vec![];
        for _ in 0..32 {
            let ExprKind::Call { callee, args, .. } = self.kind(cur) else { return None };
            if let Some(lib) = self.qualified(*callee).as_deref().and_then(libs::library) {
                if matches!(lib.form, Form::Method | Form::Spawn | Form::Middleware) {
                    // The root constructor's end, for fixes that append to the builder.
                    chain.push((format!("@root:{}", self.span(cur).end), None));
                    return Some((lib, chain, args));
                }
                return None;
            }
            let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
            chain.push((name.clone(), args.first().map(|a| a.value)));
            cur = self.follow(*base);
        }
        None
    }

    /// backon `.with_jitter()` / tokio-retry `.map(jitter)` right after the
    /// strategy's constructor. `.map(jitter)` needs `jitter` in scope.
    fn append_to_strategy(
        &self,
        lib: &RetryLib,
        chain: &[(String, Option<ExprId>)],
        policy: &Policy,
    ) -> Option<Vec<Edit>> {
        let JitterFix::AppendToStrategy(text) = lib.jitter_fix else { return None };
        if policy.jitter != Tri::No || (text.contains("(jitter)") && !self.unit.imports.contains_key("jitter")) {
            return None;
        }
        let end: usize = chain.iter().find_map(|(m, _)| m.strip_prefix("@root:"))?.parse().ok()?;
        Some(vec![Edit { span: Span::new(end, end), content: text.to_string() }])
    }

    /// Apply a library's defaults and the options the code wrote.
    fn policy(&self, lib: &RetryLib, args: &[Entry], chain: &[(String, Option<ExprId>)]) -> Policy {
        let mut p = Policy {
            jitter: if lib.jitter { Tri::Yes } else { Tri::No },
            bounded: if lib.bounded { Tri::Yes } else { Tri::No },
            attempts: if lib.bounded { lib.attempts } else { None },
            retry_all: false,
            from_retry_after: false,
            wait: None,
            jitter_edits: None,
        };
        // Keyword arguments and the options object (JS), with positional ones as `#i`.
        let (mut entries, options) = self.request_entries(args);
        entries.extend(options);
        for (i, a) in args.iter().filter(|a| a.key.is_none() && !a.spread).enumerate() {
            entries.push(Entry { key: Some(format!("#{i}")), span: a.span, value: a.value, spread: false });
        }
        let find = |key: &str| -> Option<(Span, Option<ExprId>)> {
            if let Some(en) = entries.iter().rev().find(|en| en.key.as_deref() == Some(key)) {
                return Some((en.span, Some(en.value)));
            }
            chain.iter().find(|(m, _)| m == key).map(|(_, v)| (Span::default(), *v))
        };
        for o in lib.options {
            let Some((span, value)) = find(o.key) else { continue };
            if !self.holds(o.when, value) {
                continue;
            }
            match o.effect {
                Effect::JitterOn => {
                    // `.map(jitter)` is jitter; `.map(something_else)` is not known.
                    if o.key == "map" && !value.is_some_and(|v| self.mentions(v, "jitter")) {
                        continue;
                    }
                    p.jitter = Tri::Yes;
                }
                Effect::JitterOff => p.jitter = Tri::No,
                Effect::Bounded { count, plus_one } => {
                    p.bounded = Tri::Yes;
                    p.attempts = match (count, value.and_then(|v| self.resolve(v).value.as_int())) {
                        (true, Some(n)) => Some(n + i64::from(plus_one)),
                        _ => None,
                    };
                }
                Effect::Unbounded => {
                    p.bounded = Tri::No;
                    p.attempts = None;
                }
                Effect::UnboundedWith(other) => {
                    if find(other).is_none_or(|(_, v)| self.holds(When::IsNone, v)) {
                        p.bounded = Tri::No;
                        p.attempts = None;
                    }
                }
                Effect::Wait => {
                    p.wait = Some(span);
                    if let Some(v) = value {
                        p.jitter = self.wait_jitter(v, 0);
                        if lib.jitter_fix == JitterFix::RenameWait {
                            p.jitter_edits = self.rename_wait(v);
                        }
                    }
                }
                Effect::Stop => {
                    if let Some(v) = value {
                        let (bounded, attempts) = self.stop_bounded(v, 0);
                        p.bounded = bounded;
                        p.attempts = attempts;
                    }
                }
                Effect::RetryOn => p.retry_all |= value.is_some_and(|v| self.is_catch_all_types(v)),
                Effect::RetryPredicate => {
                    // retry_if_exception_type(Exception)
                    if let Some(ExprKind::Call { callee, args, .. }) = value.map(|v| self.kind(self.follow(v))) {
                        let name = self.qualified(*callee).unwrap_or_default();
                        if name.ends_with("retry_if_exception_type") {
                            p.retry_all |= args.first().is_some_and(|a| self.is_catch_all_types(a.value));
                        }
                    }
                }
                Effect::RetryAlways => p.retry_all |= value.is_some_and(|v| self.returns_true(v)),
                Effect::WaitArg => {
                    p.wait = Some(span);
                    // backoff.runtime(value=...) takes the delay from the response.
                    if value.and_then(|v| self.qualified(v)).is_some_and(|q| q.ends_with(".runtime")) {
                        p.from_retry_after = true;
                    }
                }
            }
        }
        if p.jitter == Tri::No && p.jitter_edits.is_none() {
            p.jitter_edits = match lib.jitter_fix {
                JitterFix::RemoveJitterNone => {
                    args.iter().position(|a| a.key.as_deref() == Some("jitter")).filter(|&i| i > 0).map(|i| {
                        vec![Edit { span: Span::new(args[i - 1].span.end, args[i].span.end), content: String::new() }]
                    })
                }
                JitterFix::AddOption(option) => self.add_option(args, option),
                _ => None,
            };
        }
        p
    }

    /// tenacity: `wait_exponential(...)` → `wait_random_exponential(...)`, same
    /// arguments, importing the new name beside the old one.
    fn rename_wait(&self, wait: ExprId) -> Option<Vec<Edit>> {
        const NEW: &str = "wait_random_exponential";
        let ExprKind::Call { callee, .. } = self.kind(wait) else { return None };
        let span = self.span(*callee);
        match self.kind(*callee) {
            ExprKind::Attr { name, .. } if name == "wait_exponential" => {
                Some(vec![Edit { span: Span::new(span.end - name.len(), span.end), content: NEW.into() }])
            }
            ExprKind::Name(n) if n == "wait_exponential" => {
                let mut edits = vec![Edit { span, content: NEW.into() }];
                if !self.unit.imports.contains_key(NEW) {
                    let at = self.unit.import_spans.get(n)?;
                    edits.push(Edit { span: Span::new(at.end, at.end), content: format!(", {NEW}") });
                }
                Some(edits)
            }
            _ => None,
        }
    }

    /// Add `randomize: true` to a wrapper's inline options object (or set it,
    /// or add the object).
    fn add_option(&self, args: &[Entry], option: &str) -> Option<Vec<Edit>> {
        let (key, value) = option.split_once(": ")?;
        let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none() && !a.spread).collect();
        let object = positional.iter().find(|a| matches!(self.kind(a.value), ExprKind::Object(_)));
        let Some(object) = object else {
            // No options: add them after the action, when it is the last argument.
            let last = positional.last()?;
            let is_fn = matches!(self.kind(self.follow(last.value)), ExprKind::Function(_));
            return is_fn.then(|| {
                vec![Edit { span: Span::new(last.span.end, last.span.end), content: format!(", {{ {option} }}") }]
            });
        };
        let ExprKind::Object(entries) = self.kind(object.value) else { return None };
        if let Some(existing) = entries.iter().find(|e| e.key.as_deref() == Some(key)) {
            return Some(vec![Edit { span: self.span(existing.value), content: value.to_string() }]);
        }
        match entries.last() {
            Some(last) => {
                Some(vec![Edit { span: Span::new(last.span.end, last.span.end), content: format!(", {option}") }])
            }
            None => Some(vec![Edit { span: self.span(object.value), content: format!("{{ {option} }}") }]),
        }
    }

    /// The jittered delay in the file's own language, for a hand-written loop.
    fn jittered(&self, delay: ExprId) -> Option<Edit> {
        let span = self.span(delay);
        let t = self.text.get(span.start..span.end)?;
        let simple = t.chars().all(|c| c.is_alphanumeric() || "_.:()".contains(c));
        let wrapped = if simple { t.to_string() } else { format!("({t})") };
        let content = match self.language {
            Language::Python | Language::Notebook => format!("random.uniform(0, {t})"),
            Language::JavaScript | Language::TypeScript | Language::Tsx => format!("Math.random() * {wrapped}"),
            Language::Rust => format!("{wrapped}.mul_f64(fastrand::f64())"),
            _ => return None,
        };
        Some(Edit { span, content })
    }

    fn holds(&self, when: When, value: Option<ExprId>) -> bool {
        let Some(v) = value else { return when == When::Present };
        let r = self.resolve(v).value;
        let infinite = self.is_infinite(v);
        match when {
            When::Present => true,
            When::IsNone => matches!(r, Value::Null),
            When::IsFalse => matches!(r, Value::Bool(false)),
            When::IsTrue => matches!(r, Value::Bool(true)),
            When::IsZero => matches!(r, Value::Int(0)) || matches!(r, Value::Float(f) if f == 0.0),
            When::IsInfinite => infinite,
            When::Positive => matches!(r, Value::Int(n) if n > 0) || matches!(r, Value::Float(f) if f > 0.0),
            When::Finite => !infinite && !matches!(r, Value::Null),
            When::Str(s) => r.as_str() == Some(s),
            When::Mentions(word) => self.mentions(v, word),
        }
    }

    fn is_infinite(&self, v: ExprId) -> bool {
        if let ExprKind::Name(n) = self.kind(v) {
            if n == "Infinity" {
                return true;
            }
        }
        if let ExprKind::Float(f) = self.kind(v) {
            return f.is_infinite();
        }
        self.qualified(v).is_some_and(|q| {
            matches!(q.as_str(), "Number.POSITIVE_INFINITY" | "math.inf" | "usize.MAX" | "u32.MAX" | "u64.MAX")
        }) || self.mentions(v, "inf\"")
    }

    /// Whether an expression's text mentions a word (names, attributes, strings).
    fn mentions(&self, e: ExprId, word: &str) -> bool {
        let span = self.span(e);
        self.exprs_in(span).any(|x| match self.kind(x) {
            ExprKind::Name(n) => n.contains(word),
            ExprKind::Attr { name, .. } => name.contains(word),
            ExprKind::Str(s) => format!("{s}\"").contains(word),
            _ => false,
        })
    }

    /// tenacity's wait: jittered if any summand is a jittered wait.
    fn wait_jitter(&self, e: ExprId, depth: usize) -> Tri {
        if depth > 8 {
            return Tri::Unknown;
        }
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Binary { left, right, .. } => {
                match (self.wait_jitter(*left, depth + 1), self.wait_jitter(*right, depth + 1)) {
                    (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
                    (Tri::No, Tri::No) => Tri::No,
                    _ => Tri::Unknown,
                }
            }
            ExprKind::Call { callee, .. } => {
                let q = self.qualified(*callee).unwrap_or_default();
                let last = q.rsplit('.').next().unwrap_or("");
                if libs::JITTERED_WAITS.contains(&last) {
                    Tri::Yes
                } else if last.starts_with("wait_") {
                    Tri::No
                } else {
                    Tri::Unknown
                }
            }
            _ => Tri::Unknown,
        }
    }

    /// tenacity's stop: bounded if any part bounds it (`a | b`, `a & b`).
    fn stop_bounded(&self, e: ExprId, depth: usize) -> (Tri, Option<i64>) {
        if depth > 8 {
            return (Tri::Unknown, None);
        }
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Binary { left, right, .. } => {
                let (l, r) = (self.stop_bounded(*left, depth + 1), self.stop_bounded(*right, depth + 1));
                match (l.0, r.0) {
                    (Tri::Yes, _) => l,
                    (_, Tri::Yes) => r,
                    (Tri::No, Tri::No) => (Tri::No, None),
                    _ => (Tri::Unknown, None),
                }
            }
            ExprKind::Call { callee, args, .. } => {
                let q = self.qualified(*callee).unwrap_or_default();
                let last = q.rsplit('.').next().unwrap_or("");
                if libs::BOUNDING_STOPS.contains(&last) {
                    let n = (last == "stop_after_attempt")
                        .then(|| args.first().and_then(|a| self.resolve(a.value).value.as_int()))
                        .flatten();
                    (Tri::Yes, n)
                } else {
                    (Tri::Unknown, None)
                }
            }
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } if n == "stop_never" => (Tri::No, None),
            _ => (Tri::Unknown, None),
        }
    }

    /// `Exception`, `(Exception,)`, `[Error]`, `handleAll`.
    fn is_catch_all_types(&self, e: ExprId) -> bool {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Array(items) => items.iter().any(|i| self.is_catch_all_types(*i)),
            ExprKind::Name(n) => libs::CATCH_ALL_TYPES.contains(&n.as_str()),
            ExprKind::Attr { name, .. } => matches!(name.as_str(), "Exception" | "BaseException" | "handleAll"),
            _ => false,
        }
    }

    /// `() => true`, `lambda e: True`.
    fn returns_true(&self, e: ExprId) -> bool {
        let ExprKind::Function(scope) = self.kind(self.follow(e)) else { return false };
        let Some(f) = self.unit.functions.iter().find(|f| f.scope == *scope) else { return false };
        self.exprs_in(f.body).any(|x| self.span(x) == f.body && matches!(self.kind(x), ExprKind::Bool(true)))
    }

    // ---- hand-written loops ------------------------------------------------------------

    /// A loop that sends a request, handles its failure and sleeps before going
    /// round. A loop that sleeps without handling a failure (polling a batch
    /// job) is not a retry.
    fn hand_written(&self, l: &LoopInfo) -> Option<RetryScope> {
        // A sleep or handler of an inner loop belongs to that loop: a loop over
        // documents with a retry loop inside is not itself a retry.
        let own = |s: Span| self.innermost_loop(s).is_some_and(|i| i.span == l.span);
        let sleeps: Vec<(Span, Option<ExprId>)> = self.sleeps_in(l.body).into_iter().filter(|(s, _)| own(*s)).collect();
        if sleeps.is_empty() {
            return None;
        }
        let handlers: Vec<&crate::frontend::ir::Handler> =
            self.unit.handlers.iter().filter(|h| l.body.contains(h.span) && own(h.span)).collect();
        let status_checks = self.status_checks_in(l.span);
        if handlers.is_empty() && status_checks.is_empty() {
            return None;
        }
        let requests = self.requests_in(l.body);
        let callees = self.callees_in(l.body);
        if requests.is_empty() && callees.is_empty() {
            return None;
        }
        let reads_retry_after = self.reads_retry_after(l.span);
        let rate_limit_specific = status_checks.iter().any(|&c| self.is_rate_limit_check(c))
            || handlers.iter().any(|h| h.types.iter().any(|&t| self.names_rate_limit(t)));
        let catch_all = handlers.iter().find(|h| self.is_uninspected_catch_all(h)).map(|h| h.span);
        let delays = sleeps
            .into_iter()
            .map(|(span, delay)| {
                let (random, retry_after) = match delay {
                    Some(d) => self.delay_sources(d),
                    None => (false, false),
                };
                // Only a delay written in the sleep call itself is rewritten (a
                // helper's own delay lives elsewhere).
                let primitive = self.exprs_in(span).any(|x| {
                    self.span(x) == span
                        && matches!(self.kind(x), ExprKind::Call { callee, new, .. }
                            if *new || self.qualified(*callee).is_some_and(|q| libs::SLEEPS.iter().any(|(n, _)| *n == q)))
                });
                let edit = delay
                    .filter(|&d| primitive && !random && !retry_after && span.contains(self.span(d)))
                    .and_then(|d| self.jittered(d));
                let hint = edit.as_ref().and_then(|e| {
                    let call = self.text.get(span.start..span.end)?;
                    let (a, b) = (e.span.start - span.start, e.span.end - span.start);
                    Some(format!("{}{}{}", call.get(..a)?, e.content, call.get(b..)?))
                });
                Delay {
                    span,
                    jitter: if random { Tri::Yes } else { Tri::No },
                    from_retry_after: retry_after,
                    jitter_edits: edit.map(|e| vec![e]),
                    jitter_hint: hint,
                }
            })
            .collect();
        Some(RetryScope {
            kind: RetryKind::Loop,
            span: l.header,
            delays,
            bounded: self.loop_bounded(l),
            attempts: None,
            catch_all,
            rate_limit_specific,
            reads_retry_after,
            requests,
            callees,
            reached: vec![],
        })
    }

    fn innermost_loop(&self, s: Span) -> Option<&LoopInfo> {
        self.unit.loops.iter().filter(|l| l.body.contains(s)).min_by_key(|l| l.body.end - l.body.start)
    }

    /// Sleep calls in a span: (the call's span, the delay expression).
    pub(super) fn sleeps_in(&self, span: Span) -> Vec<(Span, Option<ExprId>)> {
        self.sleeps_within(span, &mut vec![])
    }

    /// `sleeps_in`, knowing the bodies of the helpers being read for their
    /// delay: a helper that calls itself, directly or through another, is
    /// not read again (that recursed until the stack overflowed), and helpers
    /// are followed `MAX_HELPER_DEPTH` deep at most.
    fn sleeps_within(&self, span: Span, reading: &mut Vec<Span>) -> Vec<(Span, Option<ExprId>)> {
        let mut out = vec![];
        for e in self.exprs_in(span) {
            let ExprKind::Call { callee, args, new } = self.kind(e) else { continue };
            let q = self.qualified(*callee);
            let arg = |i: usize| args.iter().filter(|a| a.key.is_none()).nth(i).map(|a| a.value);
            if let Some(&(_, i)) = q.as_deref().and_then(|q| libs::SLEEPS.iter().find(|(n, _)| *n == q)) {
                out.push((self.span(e), arg(i)));
                continue;
            }
            // `new Promise(r => setTimeout(r, ms))`
            if *new && q.as_deref() == Some("Promise") {
                if let Some(t) = self.exprs_in(self.span(e)).find(|&x| self.is_promise_timer(x)) {
                    let ExprKind::Call { args, .. } = self.kind(t) else { continue };
                    out.push((self.span(e), args.get(1).map(|a| a.value)));
                }
                continue;
            }
            // A helper of the project that sleeps: `sleep(ms)`, `def backoff(n): time.sleep(...)`.
            if let Some(f) = self.helper_that_sleeps(*callee) {
                let delay = arg(0).or_else(|| {
                    if reading.contains(&f) || reading.len() >= MAX_HELPER_DEPTH {
                        return None;
                    }
                    reading.push(f);
                    let delay = self.sleeps_within(f, reading).first().and_then(|s| s.1);
                    reading.pop();
                    delay
                });
                out.push((self.span(e), delay));
            }
        }
        // A promise timer is one sleep, not two.
        out.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        out.dedup_by(|b, a| a.0.contains(b.0));
        out
    }

    fn is_promise_timer(&self, e: ExprId) -> bool {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return false };
        args.len() >= 2 && self.qualified(*callee).is_some_and(|q| libs::PROMISE_TIMERS.contains(&q.as_str()))
    }

    /// The body of a project function whose body sleeps.
    fn helper_that_sleeps(&self, callee: ExprId) -> Option<Span> {
        let ExprKind::Function(scope) = self.kind(self.follow(callee)) else { return None };
        let f = self.unit.functions.iter().find(|f| f.scope == *scope)?;
        let sleeps = self.exprs_in(f.body).any(|x| match self.kind(x) {
            ExprKind::Call { callee, new, .. } => {
                let q = self.qualified(*callee);
                q.as_deref().is_some_and(|q| libs::SLEEPS.iter().any(|(n, _)| *n == q))
                    || (*new
                        && q.as_deref() == Some("Promise")
                        && self.exprs_in(self.span(x)).any(|t| self.is_promise_timer(t)))
            }
            _ => false,
        });
        sleeps.then_some(f.body)
    }

    /// Whether a delay has a random component and whether it comes from
    /// `retry-after`, following the names it is computed from.
    fn delay_sources(&self, e: ExprId) -> (bool, bool) {
        let mut seen = HashSet::new();
        let mut todo = vec![(e, 0usize)];
        let (mut random, mut retry_after) = (false, false);
        while let Some((x, depth)) = todo.pop() {
            if depth > MAX_DEPTH || !seen.insert(x) {
                continue;
            }
            let span = self.span(x);
            for y in self.exprs_in(span).chain(std::iter::once(x)) {
                match self.kind(y) {
                    ExprKind::Call { callee, .. } => {
                        let method = match self.kind(*callee) {
                            ExprKind::Attr { name, .. } => Some(name.as_str()),
                            _ => None,
                        };
                        random |= libs::is_random_call(self.qualified(*callee).as_deref(), method);
                    }
                    ExprKind::Str(s) => retry_after |= is_retry_after_word(s),
                    ExprKind::Attr { name, .. } => retry_after |= is_retry_after_word(name),
                    ExprKind::Name(n) => {
                        retry_after |= is_retry_after_word(n);
                        for b in self.bindings_of(self.scope(y), n) {
                            todo.push((b, depth + 1));
                        }
                    }
                    _ => {}
                }
            }
        }
        (random, retry_after)
    }

    /// Every expression a name is assigned or updated with, in the scope that
    /// binds it.
    pub(super) fn bindings_of(&self, scope: usize, name: &str) -> Vec<ExprId> {
        self.declared_bindings(scope, name)
            .into_iter()
            .flatten()
            .filter_map(|b| match b {
                Binding::Value(v) | Binding::Update(v) => Some(*v),
                Binding::Unknown => None,
            })
            .collect()
    }

    /// Every binding of a name in the scope that declares it.
    pub(super) fn declared_bindings(&self, scope: usize, name: &str) -> Option<&Vec<Binding>> {
        let mut s = Some(scope);
        while let Some(id) = s {
            if let Some(bs) = self.unit.scopes[id].names.get(name) {
                return Some(bs);
            }
            s = self.unit.scopes[id].parent;
        }
        None
    }

    /// Comparisons against an HTTP status (`status == 429`, `!= TOO_MANY_REQUESTS`)
    /// and status predicates (`is_success()`, `error_for_status()`).
    fn status_checks_in(&self, span: Span) -> Vec<ExprId> {
        self.exprs_in(span)
            .filter(|&e| match self.kind(e) {
                ExprKind::Binary { op: BinOp::Compare, left, right } => {
                    self.is_status_value(*left) || self.is_status_value(*right)
                }
                ExprKind::Call { callee, .. } => matches!(
                    self.kind(*callee),
                    ExprKind::Attr { name, .. } if matches!(name.as_str(), "is_success" | "is_server_error" | "is_client_error" | "raise_for_status")
                ),
                _ => false,
            })
            .collect()
    }

    fn is_status_value(&self, e: ExprId) -> bool {
        match self.kind(e) {
            ExprKind::Int(n) => (400..600).contains(n),
            ExprKind::Attr { name, .. } | ExprKind::Name(name) => {
                let n = name.to_ascii_uppercase();
                n.contains("TOO_MANY_REQUESTS") || n.contains("RATE_LIMIT") || n.contains("SERVICE_UNAVAILABLE")
            }
            _ => false,
        }
    }

    fn is_rate_limit_check(&self, e: ExprId) -> bool {
        let ExprKind::Binary { left, right, .. } = self.kind(e) else { return false };
        [*left, *right].into_iter().any(|s| match self.kind(s) {
            ExprKind::Int(n) => *n == 429 || *n == 529,
            ExprKind::Attr { name, .. } | ExprKind::Name(name) => {
                let n = name.to_ascii_uppercase();
                n.contains("TOO_MANY_REQUESTS") || n.contains("RATE_LIMIT")
            }
            _ => false,
        })
    }

    fn names_rate_limit(&self, e: ExprId) -> bool {
        let name = match self.kind(e) {
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => n,
            _ => return false,
        };
        name.contains("RateLimit") || name.contains("TooManyRequests") || name.contains("Overloaded")
    }

    /// `except Exception:`, bare `except:`, `catch {}`, `catch (e)` that never
    /// looks at `e` (logging it is not looking at it).
    fn is_uninspected_catch_all(&self, h: &crate::frontend::ir::Handler) -> bool {
        let all = h.types.is_empty() || h.types.iter().any(|&t| self.is_catch_all_types(t));
        if !all {
            return false;
        }
        let Some(name) = &h.binding else { return true };
        !self.exprs_in(h.body).any(|e| match self.kind(e) {
            ExprKind::Attr { base, .. } => matches!(self.kind(*base), ExprKind::Name(n) if n == name),
            ExprKind::Binary { left, right, .. } => {
                [*left, *right].iter().any(|s| matches!(self.kind(*s), ExprKind::Name(n) if n == name))
            }
            // Handing the error to a function inspects it, unless the function
            // only logs it.
            ExprKind::Call { callee, args, .. } => {
                args.iter().any(|a| matches!(self.kind(a.value), ExprKind::Name(n) if n == name))
                    && !self.is_logging(*callee)
            }
            _ => false,
        })
    }

    fn is_logging(&self, callee: ExprId) -> bool {
        let q = self.qualified(callee).unwrap_or_default();
        let method = match self.kind(callee) {
            ExprKind::Attr { name, .. } => name.as_str(),
            ExprKind::Name(n) => n.as_str(),
            _ => "",
        };
        let root = q.split('.').next().unwrap_or("");
        matches!(
            root,
            "print" | "console" | "logging" | "logger" | "log" | "warnings" | "tracing" | "eprintln" | "println"
        ) || matches!(
            method,
            "debug" | "info" | "warning" | "warn" | "error" | "exception" | "critical" | "log" | "print"
        )
    }

    fn reads_retry_after(&self, span: Span) -> bool {
        self.exprs_in(span).any(|e| match self.kind(e) {
            ExprKind::Str(s) => is_retry_after_word(s),
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => is_retry_after_word(n),
            _ => false,
        })
    }

    /// A `for` over a range is bounded; `while True` / `loop` / `for (;;)` is
    /// bounded only if an attempt counter or a deadline is compared in it.
    fn loop_bounded(&self, l: &LoopInfo) -> Tri {
        match l.kind {
            LoopKind::For => {
                let endless = l.iter.and_then(|i| match self.kind(i) {
                    ExprKind::Call { callee, .. } => self.qualified(*callee),
                    _ => None,
                });
                if endless.as_deref().is_some_and(|q| q.ends_with("count") || q.ends_with("repeat")) {
                    Tri::No
                } else {
                    Tri::Yes
                }
            }
            LoopKind::While | LoopKind::Forever => {
                let counted = self.exprs_in(l.span).any(|e| {
                    let ExprKind::Binary { op: BinOp::Compare, left, right } = self.kind(e) else { return false };
                    [*left, *right].into_iter().any(|s| self.is_counter_or_clock(s))
                });
                match (counted, l.kind) {
                    (true, _) => Tri::Yes,
                    (false, LoopKind::Forever) => Tri::No,
                    _ => Tri::Unknown,
                }
            }
        }
    }

    fn is_counter_or_clock(&self, e: ExprId) -> bool {
        self.exprs_in(self.span(e)).chain(std::iter::once(e)).any(|x| match self.kind(x) {
            ExprKind::Name(n) => {
                let lower = n.to_ascii_lowercase();
                ["attempt", "retries", "retry", "tries", "deadline", "elapsed", "count", "max_"]
                    .iter()
                    .any(|w| lower.contains(w))
                    || self.bindings_of(self.scope(x), n).len() > 1
            }
            ExprKind::Call { callee, .. } => {
                self.qualified(*callee).is_some_and(|q| libs::CLOCKS.iter().any(|c| q.ends_with(c)))
                    || matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "elapsed")
            }
            _ => false,
        })
    }
}

fn is_retry_after_word(s: &str) -> bool {
    let l = s.to_ascii_lowercase().replace(['-', '_'], "");
    l.contains("retryafter") || l.contains("ratelimitreset")
}
