//! Retry policies of libraries (the tables of `knowledge::retry_libs`):
//! decorators, wrappers, strategies and their options, read into a retry
//! scope with its jitter, limit and what it retries on.

use super::*;

impl Analyzer<'_> {
    pub(in crate::analysis) fn library_scope(
        &self,
        lib: &'static RetryLib,
        span: Span,
        policy: Policy,
        body: Span,
    ) -> RetryScope {
        RetryScope {
            kind: RetryKind::Library(lib.library),
            span,
            delays: vec![Delay {
                helper: None,
                span: policy.wait.unwrap_or(span),
                jitter: policy.jitter,
                from_retry_after: policy.from_retry_after,
                jitter_edits: policy.jitter_edits,
                jitter_delay: None,
            }],
            bounded: policy.bounded,
            attempts: policy.attempts,
            catch_all: policy.retry_all.then_some(span),
            rate_limit_specific: false,
            reads_retry_after: policy.from_retry_after,
            requests: if policy.output_only { vec![] } else { self.requests_in(body) },
            callees: if policy.output_only { vec![] } else { self.callees_in(body) },
            reached: vec![],
            body,
            instance_clients: vec![],
        }
    }

    /// A scope made by a call: a wrapper (`pRetry(fn, opts)`), a Rust method
    /// (`op.retry(policy)`), a spawner (`Retry::spawn(strategy, op)`), or
    /// cockatiel's `policy.execute(fn)`.
    pub(in crate::analysis) fn call_scope(&self, e: ExprId, by_scope: &HashMap<ScopeId, usize>) -> Option<RetryScope> {
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
    pub(in crate::analysis) fn requests_through_client_built_with(&self, middleware: ExprId) -> Vec<RequestId> {
        // The outermost call of the builder chain that contains the middleware.
        let mid = self.span(middleware);
        let built: Vec<ExprId> = ExprId::all(self.unit.exprs.len())
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
            .map(|(i, _)| RequestId::new(i))
            .collect()
    }

    /// A Rust strategy builder chain: its library, its method links (name and
    /// first argument) and the root constructor's arguments.
    #[allow(clippy::type_complexity)]
    pub(in crate::analysis) fn strategy(
        &self,
        e: ExprId,
    ) -> Option<(&'static RetryLib, Vec<(String, Option<ExprId>)>, &[Entry])> {
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
    pub(in crate::analysis) fn append_to_strategy(
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
    pub(in crate::analysis) fn policy(
        &self,
        lib: &RetryLib,
        args: &[Entry],
        chain: &[(String, Option<ExprId>)],
    ) -> Policy {
        let mut p = Policy {
            jitter: if lib.jitter { Tri::Yes } else { Tri::No },
            bounded: if lib.bounded { Tri::Yes } else { Tri::No },
            attempts: if lib.bounded { lib.attempts } else { None },
            retry_all: false,
            output_only: false,
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
                Effect::RetryOn => {
                    p.retry_all |= value.is_some_and(|v| self.is_catch_all_types(v));
                    p.output_only |= value.is_some_and(|v| self.output_error_types(v));
                }
                Effect::RetryPredicate => {
                    // retry_if_exception_type(Exception)
                    if let Some(ExprKind::Call { callee, args, .. }) = value.map(|v| self.kind(self.follow(v))) {
                        let name = self.qualified(*callee).unwrap_or_default();
                        if name.ends_with("retry_if_exception_type") {
                            p.retry_all |= args.first().is_some_and(|a| self.is_catch_all_types(a.value));
                            p.output_only |= args.first().is_some_and(|a| self.output_error_types(a.value));
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
    pub(in crate::analysis) fn rename_wait(&self, wait: ExprId) -> Option<Vec<Edit>> {
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
    pub(in crate::analysis) fn add_option(&self, args: &[Entry], option: &str) -> Option<Vec<Edit>> {
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

    pub(in crate::analysis) fn holds(&self, when: When, value: Option<ExprId>) -> bool {
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

    pub(in crate::analysis) fn is_infinite(&self, v: ExprId) -> bool {
        if let ExprKind::Name(n) = self.kind(v)
            && n == "Infinity"
        {
            return true;
        }
        if let ExprKind::Float(f) = self.kind(v) {
            return f.is_infinite();
        }
        self.qualified(v).is_some_and(|q| {
            matches!(q.as_str(), "Number.POSITIVE_INFINITY" | "math.inf" | "usize.MAX" | "u32.MAX" | "u64.MAX")
        }) || self.mentions(v, "inf\"")
    }

    /// Whether an expression's text mentions a word (names, attributes, strings).
    pub(in crate::analysis) fn mentions(&self, e: ExprId, word: &str) -> bool {
        let span = self.span(e);
        self.exprs_in(span).any(|x| match self.kind(x) {
            ExprKind::Name(n) => n.contains(word),
            ExprKind::Attr { name, .. } => name.contains(word),
            ExprKind::Str(s) => format!("{s}\"").contains(word),
            _ => false,
        })
    }

    /// tenacity's wait: jittered if any summand is a jittered wait.
    pub(in crate::analysis) fn wait_jitter(&self, e: ExprId, depth: usize) -> Tri {
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
    pub(in crate::analysis) fn stop_bounded(&self, e: ExprId, depth: usize) -> (Tri, Option<i64>) {
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
    pub(in crate::analysis) fn is_catch_all_types(&self, e: ExprId) -> bool {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Array(items) => items.iter().any(|i| self.is_catch_all_types(*i)),
            ExprKind::Name(n) => libs::CATCH_ALL_TYPES.contains(&n.as_str()),
            ExprKind::Attr { name, .. } => matches!(name.as_str(), "Exception" | "BaseException" | "handleAll"),
            _ => false,
        }
    }

    /// Exception types that only a model's answer raises when it does not
    /// parse or validate (every one of them): `JSONDecodeError`,
    /// `ValidationError`, `OutputParserException`.
    fn output_error_types(&self, e: ExprId) -> bool {
        const OUTPUT_ERRORS: &[&str] =
            &["JSONDecodeError", "ValidationError", "OutputParserException", "ParseError", "SchemaError"];
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Array(items) => !items.is_empty() && items.iter().all(|i| self.output_error_types(*i)),
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => OUTPUT_ERRORS.contains(&n.as_str()),
            _ => false,
        }
    }

    /// `() => true`, `lambda e: True`.
    pub(in crate::analysis) fn returns_true(&self, e: ExprId) -> bool {
        let ExprKind::Function(scope) = self.kind(self.follow(e)) else { return false };
        let Some(f) = self.unit.functions.iter().find(|f| f.scope == *scope) else { return false };
        self.exprs_in(f.body).any(|x| self.span(x) == f.body && matches!(self.kind(x), ExprKind::Bool(true)))
    }

    // ---- hand-written loops ------------------------------------------------------------
}
