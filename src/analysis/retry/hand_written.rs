//! Hand-written retries: a loop that sends a request, catches the failure
//! or checks the status, sleeps and goes round; its delay, bound and what it
//! inspects.

use super::*;
use crate::frontend::ir::MODULE;

impl Analyzer<'_> {
    /// A loop that sends a request, handles its failure and sleeps before going
    /// round. A loop that sleeps without handling a failure (polling a batch
    /// job) is not a retry.
    pub(in crate::analysis) fn hand_written(&self, l: &LoopInfo) -> Option<RetryScope> {
        // A sleep or handler of an inner loop belongs to that loop: a loop over
        // documents with a retry loop inside is not itself a retry.
        let own = |s: Span| self.innermost_loop(s).is_some_and(|i| i.span == l.span);
        let mut sleeps: Vec<Sleep> =
            self.sleeps_in(l.body).into_iter().filter(|(s, _)| own(*s)).map(Sleep::here).collect();
        sleeps.extend(self.imported_sleeps_in(l.body).into_iter().filter(|s| own(s.span)));
        if sleeps.is_empty() {
            return None;
        }
        let handlers: Vec<&crate::frontend::ir::Handler> =
            self.unit.handlers.iter().filter(|h| l.body.contains(h.span) && own(h.span)).collect();
        let status_checks = self.status_checks_in(l.span);
        if handlers.is_empty() && status_checks.is_empty() {
            return None;
        }
        self.scope_of(l.header, (l.body, l.span), sleeps, &handlers, &status_checks, self.loop_bounded(l), None)
    }

    /// A function that calls itself again from its failure handler after a
    /// sleep (`except …: time.sleep(d); return create(p, attempt + 1)`): a
    /// retry with no loop, reported at the call that goes round again. It is
    /// bounded when the function compares a count before it does.
    pub(in crate::analysis) fn recursive(&self, fi: FunctionId) -> Option<RetryScope> {
        let f = &self.unit.functions[fi];
        // Its own handlers, not those of functions nested in it.
        let own = |s: Span| {
            self.unit
                .functions
                .iter()
                .filter(|g| g.body.contains(s))
                .min_by_key(|g| g.body.end - g.body.start)
                .map(|g| g.scope)
                == Some(f.scope)
        };
        let handlers: Vec<&crate::frontend::ir::Handler> =
            self.unit.handlers.iter().filter(|h| f.body.contains(h.span) && own(h.span)).collect();
        let (handler, again) = handlers.iter().find_map(|h| {
            let again = self.exprs_in(h.body).find(
                |&e| matches!(self.kind(e), ExprKind::Call { callee, .. } if self.local_function(*callee) == Some(fi)),
            )?;
            Some((*h, again))
        })?;
        let before = |s: Span| s.end <= self.span(again).start;
        let mut sleeps: Vec<Sleep> =
            self.sleeps_in(handler.body).into_iter().filter(|(s, _)| before(*s)).map(Sleep::here).collect();
        sleeps.extend(self.imported_sleeps_in(handler.body).into_iter().filter(|s| before(s.span)));
        if sleeps.is_empty() {
            return None;
        }
        let counted = self.exprs_in(f.body).any(|e| match self.kind(e) {
            ExprKind::Binary { op: BinOp::Compare, left, right } => [*left, *right]
                .into_iter()
                .any(|s| matches!(self.resolve(s).value, Value::Int(_)) && !matches!(self.kind(s), ExprKind::Int(0))),
            _ => false,
        });
        let bounded = if counted { Tri::Yes } else { Tri::No };
        let itself = match self.kind(again) {
            ExprKind::Call { callee, .. } => self.callee(*callee),
            _ => None,
        };
        self.scope_of(self.span(again), (f.body, f.body), sleeps, &[handler], &[], bounded, itself)
    }

    /// A hand-written retry's scope: its delays, what it retries on and what
    /// it sends. `None` when it sends nothing (a loop that only waits).
    /// `(body, whole)`: what is retried, and where a `retry-after` read counts.
    #[allow(clippy::too_many_arguments)]
    fn scope_of(
        &self,
        span: Span,
        (body, whole): (Span, Span),
        sleeps: Vec<Sleep>,
        handlers: &[&crate::frontend::ir::Handler],
        status_checks: &[ExprId],
        bounded: Tri,
        itself: Option<Callee>,
    ) -> Option<RetryScope> {
        let requests = self.requests_in(body);
        let callees: Vec<Callee> = self.callees_in(body).into_iter().filter(|c| Some(c) != itself.as_ref()).collect();
        if requests.is_empty() && callees.is_empty() {
            return None;
        }
        let reads_retry_after = self.reads_retry_after(whole);
        let rate_limit_specific = status_checks.iter().any(|&c| self.is_rate_limit_check(c))
            || handlers.iter().any(|h| h.types.iter().any(|&t| self.names_rate_limit(t)))
            || self.typed_rate_limit_check_in(body);
        let catch_all = handlers.iter().find(|h| self.is_uninspected_catch_all(h)).map(|h| h.span);
        let delays = sleeps
            .into_iter()
            .map(|Sleep { span, delay, helper }| {
                let sources = delay.map_or((false, false), |d| self.delay_sources(d));
                // `retryAfter ? parse(retryAfter) : base * 2 ** attempt`:
                // without the header the schedule is fixed.
                let fallback = sources.1 && delay.is_some_and(|d| self.fixed_fallback(d, 0));
                let (random, retry_after) = if fallback { (false, false) } else { sources };
                // Only a delay written in the sleep call itself is rewritten (a
                // helper's own delay lives elsewhere).
                let primitive = self.exprs_in(span).any(|x| {
                    self.span(x) == span
                        && matches!(self.kind(x), ExprKind::Call { callee, new, .. }
                            if *new || self.qualified(*callee).is_some_and(|q| libs::SLEEPS.iter().any(|(n, _)| *n == q)))
                });
                // A delay that may be the server's `retry-after` is not rewritten.
                let jitter_delay = delay
                    .map(|d| self.span(d))
                    .filter(|&d| primitive && !random && !sources.1 && span.contains(d));
                Delay {
                    span,
                    jitter: if random { Tri::Yes } else { Tri::No },
                    from_retry_after: retry_after,
                    jitter_edits: None,
                    jitter_delay,
                    helper,
                }
            })
            .collect();
        Some(RetryScope {
            kind: RetryKind::Loop,
            span,
            delays,
            bounded,
            attempts: None,
            catch_all,
            rate_limit_specific,
            reads_retry_after,
            requests,
            callees,
            reached: vec![],
            body,
            instance_clients: vec![],
        })
    }

    pub(in crate::analysis) fn innermost_loop(&self, s: Span) -> Option<&LoopInfo> {
        self.unit.loops.iter().filter(|l| l.body.contains(s)).min_by_key(|l| l.body.end - l.body.start)
    }

    /// `sleeps_in`, knowing the bodies of the helpers being read for their
    /// delay: a helper that calls itself, directly or through another, is
    /// not read again (that recursed until the stack overflowed), and helpers
    /// are followed `MAX_HELPER_DEPTH` deep at most.
    pub(in crate::analysis) fn sleeps_within(
        &self,
        span: Span,
        reading: &mut Vec<Span>,
    ) -> Vec<(Span, Option<ExprId>)> {
        let mut out = vec![];
        for e in self.exprs_in(span) {
            let ExprKind::Call { callee, args, new } = self.kind(e) else { continue };
            let q = self.qualified(*callee);
            let arg = |i: usize| args.iter().filter(|a| a.key.is_none()).nth(i).map(|a| a.value);
            if let Some(&(_, i)) = q.as_deref().and_then(|q| libs::SLEEPS.iter().find(|(n, _)| *n == q)) {
                out.push((self.span(e), arg(i)));
                continue;
            }
            // An interruptible wait used as the delay: `stop.wait(2**attempt)` on a
            // `threading.Event`, `asyncio.wait_for(stop.wait(), d)`.
            if let Some(delay) = self.interruptible_wait(e) {
                out.push((self.span(e), delay));
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
                // The helper's own delay: where it jitters (`time.sleep(random.uniform(0,
                // ceiling))`), whatever it is given, the delay is random.
                let inner = (!reading.contains(&f) && reading.len() < MAX_HELPER_DEPTH)
                    .then(|| {
                        reading.push(f);
                        let delay = self.sleeps_within(f, reading).first().and_then(|s| s.1);
                        reading.pop();
                        delay
                    })
                    .flatten();
                let delay = match inner {
                    Some(d) if self.delay_sources(d).0 => Some(d),
                    _ => arg(0).or(inner),
                };
                out.push((self.span(e), delay));
            }
        }
        // A promise timer is one sleep, not two.
        out.sort_by_key(|(s, _)| (s.start, std::cmp::Reverse(s.end)));
        out.dedup_by(|b, a| a.0.contains(b.0));
        out
    }

    /// Calls in a span to functions imported from project files: each is a
    /// sleep if the function sleeps, which only the project index can tell.
    fn imported_sleeps_in(&self, span: Span) -> Vec<Sleep> {
        self.exprs_in(span)
            .filter_map(|e| {
                let ExprKind::Call { callee, args, new: false } = self.kind(e) else { return None };
                if !matches!(self.kind(*callee), ExprKind::Name(_)) || !self.is_project_import(*callee) {
                    return None;
                }
                let Value::Import(helper) = self.resolve(*callee).value else { return None };
                let delay = args.iter().find(|a| a.key.is_none()).map(|a| a.value);
                Some(Sleep { span: self.span(e), delay, helper: Some(helper) })
            })
            .collect()
    }

    /// The module-level functions of the file that sleep, and whether the
    /// delay they sleep is random whatever they are given
    /// (`Facts::sleep_helpers`).
    pub(in crate::analysis) fn sleep_helpers(&mut self) {
        let module = &self.unit.scopes[MODULE];
        let bound = module.names.iter().filter_map(|(n, bs)| match bs.as_slice() {
            &[Binding::Value(v)] => Some((n.clone(), v)),
            _ => None,
        });
        let mut helpers = HashMap::new();
        for (name, v) in bound.chain(self.unit.export_aliases.iter().cloned()) {
            let Some(body) = self.helper_that_sleeps(v) else { continue };
            let inner = self.sleeps_within(body, &mut vec![body]).first().and_then(|s| s.1);
            helpers.insert(name, inner.is_some_and(|d| self.delay_sources(d).0));
        }
        self.facts.sleep_helpers = helpers;
    }

    pub(in crate::analysis) fn is_promise_timer(&self, e: ExprId) -> bool {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return false };
        args.len() >= 2 && self.qualified(*callee).is_some_and(|q| libs::PROMISE_TIMERS.contains(&q.as_str()))
    }

    /// The body of a project function whose body sleeps.
    pub(in crate::analysis) fn helper_that_sleeps(&self, callee: ExprId) -> Option<Span> {
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
    pub(in crate::analysis) fn delay_sources(&self, e: ExprId) -> (bool, bool) {
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
                        random |= libs::is_random_call(self.qualified(*callee).as_deref(), method)
                            || self.computes_random(*callee, depth);
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

    /// A delay that is the server's `retry-after` when there is one and a
    /// fixed schedule otherwise: one side of `a ? b : c` / `a or b` reads
    /// `retry-after`, and the other neither reads it nor draws a random
    /// number. Seen through arithmetic and names bound once.
    fn fixed_fallback(&self, e: ExprId, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let sides = match self.kind(e) {
            ExprKind::Cond { then, otherwise } => Some((*then, *otherwise)),
            ExprKind::Binary { op: BinOp::Or, left, right } => Some((*left, *right)),
            _ => None,
        };
        if let Some((a, b)) = sides {
            let ((ra, aa), (rb, ab)) = (self.delay_sources(a), self.delay_sources(b));
            if (aa && !rb && !ab) || (ab && !ra && !aa) {
                return true;
            }
            return self.fixed_fallback(a, depth + 1) || self.fixed_fallback(b, depth + 1);
        }
        match self.kind(e) {
            ExprKind::Binary { left, right, .. } => {
                self.fixed_fallback(*left, depth + 1) || self.fixed_fallback(*right, depth + 1)
            }
            ExprKind::Name(n) => match self.bindings_of(self.scope(e), n).as_slice() {
                [v] => self.fixed_fallback(*v, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether a callee is a function of this file that draws a random
    /// number (`backoff.delay(n)`, `jittered(n)`), or calls one that does.
    fn computes_random(&self, callee: ExprId, depth: usize) -> bool {
        if depth > MAX_HELPER_DEPTH {
            return false;
        }
        let Some(f) = self.local_function(callee) else { return false };
        self.exprs_in(self.unit.functions[f].body).any(|x| match self.kind(x) {
            ExprKind::Call { callee, .. } => {
                let method = match self.kind(*callee) {
                    ExprKind::Attr { name, .. } => Some(name.as_str()),
                    _ => None,
                };
                libs::is_random_call(self.qualified(*callee).as_deref(), method)
                    || self.computes_random(*callee, depth + 1)
            }
            _ => false,
        })
    }

    /// Comparisons against an HTTP status (`status == 429`, `!= TOO_MANY_REQUESTS`)
    /// and status predicates (`is_success()`, `error_for_status()`).
    pub(in crate::analysis) fn status_checks_in(&self, span: Span) -> Vec<ExprId> {
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

    pub(in crate::analysis) fn is_status_value(&self, e: ExprId) -> bool {
        match self.kind(e) {
            ExprKind::Int(n) => (400..600).contains(n),
            ExprKind::Attr { name, .. } | ExprKind::Name(name) => {
                let n = name.to_ascii_uppercase();
                n.contains("TOO_MANY_REQUESTS") || n.contains("RATE_LIMIT") || n.contains("SERVICE_UNAVAILABLE")
            }
            _ => false,
        }
    }

    /// A call that waits out a delay unless something interrupts it: the
    /// delay expression (`None` inside when the code gives none).
    fn interruptible_wait(&self, e: ExprId) -> Option<Option<ExprId>> {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return None };
        let positional = |i: usize| args.iter().filter(|a| a.key.is_none()).nth(i).map(|a| a.value);
        let keyword = |k: &str| args.iter().find(|a| a.key.as_deref() == Some(k)).map(|a| a.value);
        if let ExprKind::Attr { base, name } = self.kind(*callee)
            && libs::INTERRUPTIBLE_WAITS.iter().any(|(_, m, _)| m == name)
            && let ExprKind::Call { callee: ctor, .. } = self.kind(self.follow(*base))
            && let Some(made_by) = self.qualified(*ctor)
            && let Some(&(_, _, i)) = libs::INTERRUPTIBLE_WAITS.iter().find(|(c, m, _)| *c == made_by && m == name)
        {
            return Some(positional(i).or_else(|| keyword("timeout")));
        }
        let q = self.qualified(*callee)?;
        let is_wait = |w: ExprId| {
            matches!(self.kind(w), ExprKind::Call { callee, .. }
                if matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "wait"))
        };
        // `with anyio.move_on_after(d): await stop.wait()`: a block that only
        // waits on an event's `wait()` (a request in it would be a timeout).
        if let Some(&(_, i)) = libs::TIMED_SCOPES.iter().find(|(n, _)| *n == q) {
            let body = *self.unit.managed.get(&e)?;
            let calls: Vec<ExprId> =
                self.exprs_in(body).filter(|&x| matches!(self.kind(x), ExprKind::Call { .. })).collect();
            return (!calls.is_empty() && calls.iter().all(|&c| is_wait(c)))
                .then(|| positional(i).or_else(|| keyword("delay")));
        }
        let &(_, i) = libs::TIMED_WAITS.iter().find(|(n, _)| *n == q)?;
        // Only waiting on an event's `wait()` is a delay; a request with a
        // time limit is not.
        positional(0).is_some_and(is_wait).then(|| positional(i).or_else(|| keyword("timeout")))
    }

    /// Rate limits recognised by type or by a set of statuses, in a span:
    /// `isinstance(exc, anthropic.RateLimitError)`, `err instanceof
    /// Anthropic.RateLimitError`, `status in RETRY_STATUS` where the set holds
    /// 429 or 529.
    pub(in crate::analysis) fn typed_rate_limit_check_in(&self, span: Span) -> bool {
        self.exprs_in(span).any(|e| match self.kind(e) {
            ExprKind::Call { callee, args, .. } if matches!(self.kind(*callee), ExprKind::Name(n) if n == "isinstance") => {
                args.get(1).is_some_and(|t| match self.kind(self.follow(t.value)) {
                    ExprKind::Array(types) => types.iter().any(|&t| self.names_rate_limit(t)),
                    _ => self.names_rate_limit(t.value),
                })
            }
            ExprKind::Binary { left, right, .. } => {
                self.names_rate_limit(*right) || [*left, *right].into_iter().any(|s| self.holds_rate_limit_status(s))
            }
            // `RETRY_STATUSES.has(status)`, `.includes(status)`, `.contains(&status)`.
            ExprKind::Call { callee, .. } => matches!(self.kind(*callee),
                ExprKind::Attr { base, name } if matches!(name.as_str(), "has" | "includes" | "contains")
                    && self.holds_rate_limit_status(*base)),
            _ => false,
        })
    }

    /// A collection of statuses that holds 429 or 529: a list or set
    /// literal, or `new Set([...])`, through the names bound to it.
    fn holds_rate_limit_status(&self, e: ExprId) -> bool {
        match self.kind(self.follow(e)) {
            ExprKind::Array(items) => items.iter().any(|&i| matches!(self.kind(i), ExprKind::Int(429 | 529))),
            ExprKind::Call { callee, args, new: true } if matches!(self.kind(*callee), ExprKind::Name(n) if n == "Set") => {
                args.first().is_some_and(|a| {
                    matches!(self.kind(self.follow(a.value)), ExprKind::Array(items)
                    if items.iter().any(|&i| matches!(self.kind(i), ExprKind::Int(429 | 529))))
                })
            }
            _ => false,
        }
    }

    pub(in crate::analysis) fn is_rate_limit_check(&self, e: ExprId) -> bool {
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

    pub(in crate::analysis) fn names_rate_limit(&self, e: ExprId) -> bool {
        let name = match self.kind(e) {
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => n,
            _ => return false,
        };
        name.contains("RateLimit") || name.contains("TooManyRequests") || name.contains("Overloaded")
    }

    /// `except Exception:`, bare `except:`, `catch {}`, `catch (e)` that never
    /// looks at `e` (logging it is not looking at it).
    pub(in crate::analysis) fn is_uninspected_catch_all(&self, h: &crate::frontend::ir::Handler) -> bool {
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

    pub(in crate::analysis) fn is_logging(&self, callee: ExprId) -> bool {
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

    pub(in crate::analysis) fn reads_retry_after(&self, span: Span) -> bool {
        self.exprs_in(span).any(|e| match self.kind(e) {
            ExprKind::Str(s) => is_retry_after_word(s),
            ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => is_retry_after_word(n),
            _ => false,
        })
    }

    /// A `for` over a range is bounded; `while True` / `loop` / `for (;;)` is
    /// bounded only if an attempt counter or a deadline is compared in it.
    pub(in crate::analysis) fn loop_bounded(&self, l: &LoopInfo) -> Tri {
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
                    (false, _) if self.success_flag(l) => Tri::No,
                    _ => Tri::Unknown,
                }
            }
        }
    }

    /// `while not done:` where `done` is only ever `True` or `False`, set
    /// in the loop: it stops when the work succeeds, and only then.
    fn success_flag(&self, l: &LoopInfo) -> bool {
        let Some(c) = l.condition else { return false };
        let mut names = self.exprs_in(self.span(c)).filter_map(|e| match self.kind(e) {
            ExprKind::Name(n) => Some((e, n)),
            _ => None,
        });
        let mut any = false;
        let all = names.all(|(e, n)| {
            any = true;
            let bindings = self.bindings_of(self.scope(e), n);
            !bindings.is_empty()
                && bindings.iter().all(|&v| matches!(self.kind(v), ExprKind::Bool(_)))
                && bindings.iter().any(|&v| l.body.contains(self.span(v)))
        });
        any && all
    }

    pub(in crate::analysis) fn is_counter_or_clock(&self, e: ExprId) -> bool {
        self.counter_or_clock(e, 0)
    }

    /// `is_counter_or_clock`, also through a name bound once to one
    /// (`const remainingMs = windowMs - (Date.now() - start)`), `depth`
    /// names deep already.
    fn counter_or_clock(&self, e: ExprId, depth: usize) -> bool {
        self.exprs_in(self.span(e)).chain(std::iter::once(e)).any(|x| match self.kind(x) {
            ExprKind::Name(n) => {
                let lower = n.to_ascii_lowercase();
                ["attempt", "retries", "retry", "tries", "deadline", "elapsed", "count", "max_"]
                    .iter()
                    .any(|w| lower.contains(w))
                    || self.bindings_of(self.scope(x), n).len() > 1
                    || (depth < 3 && {
                        let bound = self.follow(x);
                        bound != x && self.counter_or_clock(bound, depth + 1)
                    })
            }
            ExprKind::Call { callee, .. } => {
                self.qualified(*callee).is_some_and(|q| libs::CLOCKS.iter().any(|c| q.ends_with(c)))
                    || matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "elapsed")
            }
            _ => false,
        })
    }
}

/// A sleep of a retry: the call, its delay, and the imported function it
/// calls when only the project index can tell whether that sleeps.
pub(in crate::analysis) struct Sleep {
    span: Span,
    delay: Option<ExprId>,
    helper: Option<crate::facts::ImportRef>,
}

impl Sleep {
    fn here((span, delay): (Span, Option<ExprId>)) -> Sleep {
        Sleep { span, delay, helper: None }
    }
}
