//! Fan-outs: code that starts a request per item at once (`asyncio.gather(*…)`,
//! `Promise.all(xs.map(…))`, `join_all`, a spawn or `create_task` per item),
//! and what bounds them: a gather per fixed-size chunk, a limiter wrapped
//! around each item (`limit(() => …)`), a semaphore acquired inside the
//! function fanned out, a permit taken per spawn, or an explicit concurrency.

use super::Analyzer;
use crate::base::source::Span;
use crate::facts::{FanOut, Tri};
use crate::frontend::ir::{Entry, ExprId, ExprKind, LoopKind};

/// Calls that await many awaitables at once; the item is their one iterable argument.
const GATHERS: &[(&str, &str)] = &[
    ("asyncio.gather", "asyncio.gather(*...)"),
    ("asyncio.as_completed", "asyncio.as_completed(...)"),
    ("asyncio.wait", "asyncio.wait(...)"),
    ("Promise.all", "Promise.all(...)"),
    ("Promise.allSettled", "Promise.allSettled(...)"),
    ("Promise.any", "Promise.any(...)"),
    ("Promise.race", "Promise.race(...)"),
    ("futures.future.join_all", "join_all(...)"),
    ("futures.future.try_join_all", "try_join_all(...)"),
    ("futures.join_all", "join_all(...)"),
    ("futures.try_join_all", "try_join_all(...)"),
];

/// A comprehension over `range(n)` with a literal n up to this is a fixed list.
const FIXED_SHORT: i64 = 16;

/// Calls that start one task; a fan-out when made once per loop iteration.
const SPAWNS: &[&str] = &["asyncio.create_task", "asyncio.ensure_future", "tokio.spawn", "tokio.task.spawn"];
const SPAWN_METHODS: &[&str] = &["create_task", "spawn", "start_soon"];

/// Constructors of things that bound concurrency or rate.
/// Queues that limit only when configured to.
const QUEUES: &[&str] = &["p-queue.default", "p-queue", "bottleneck.default", "bottleneck"];

pub(super) const LIMITERS: &[&str] = &[
    "asyncio.Semaphore",
    "asyncio.BoundedSemaphore",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "anyio.CapacityLimiter",
    "anyio.Semaphore",
    "trio.CapacityLimiter",
    "trio.Semaphore",
    "aiolimiter.AsyncLimiter",
    "p-limit.default",
    "p-limit",
    "bottleneck.default",
    "tokio.sync.Semaphore.new",
    "Semaphore.new",
    "governor.RateLimiter.direct",
];

impl Analyzer<'_> {
    pub(super) fn fan_outs(&mut self) {
        let mut out: Vec<FanOut> = vec![];
        let mut gathered_items: Vec<Span> = vec![];
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { continue };
            let q = self.qualified(*callee).unwrap_or_default();
            let q = q.strip_prefix("p-map.").map(|_| "p-map").unwrap_or(&q).to_string();
            let last = q.rsplit('.').next().unwrap_or("");
            let gather = GATHERS.iter().find(|(n, _)| *n == q).map(|(_, i)| *i).or(match last {
                "join_all" => Some("join_all(...)"),
                "try_join_all" => Some("try_join_all(...)"),
                _ => None,
            });
            if let Some(idiom) = gather {
                let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none()).collect();
                // `gather(a(), b())`, `Promise.all([x, y])`: a fixed list is not a fan-out.
                let [item] = positional.as_slice() else { continue };
                let Some(items) = self.item_spans(item.value) else { continue };
                gathered_items.extend(items.iter().copied());
                let bounded = self.chunked(e) || items.iter().any(|&s| self.limited_in(s));
                out.push(self.fan_out(e, idiom, bounded, &items));
            } else if q == "p-map" {
                // pMap(xs, f, { concurrency: n })
                let bounded = args.get(2).and_then(|o| self.object_entries(o.value)).is_some_and(|o| {
                    o.iter().any(|en| en.key.as_deref() == Some("concurrency") && !self.is_unlimited(en.value))
                });
                let Some(f) = args.get(1) else { continue };
                out.push(self.fan_out(e, "pMap(xs, f) without a concurrency", bounded, &[self.span(f.value)]));
            } else if let Some(fan) = self.langchain_batch(e) {
                out.push(fan);
            } else if matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "for_each_concurrent") {
                let unlimited = args.first().is_some_and(|a| self.is_unlimited(a.value));
                let Some(f) = args.get(1) else { continue };
                out.push(self.fan_out(e, "for_each_concurrent(None, ...)", !unlimited, &[self.span(f.value)]));
            }
        }
        // A task started per iteration of a loop, unless its handle goes into a
        // list that a gather above already reports.
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Call { callee, .. } = self.kind(e) else { continue };
            let q = self.qualified(*callee).unwrap_or_default();
            let method = match self.kind(*callee) {
                ExprKind::Attr { name, .. } => name.as_str(),
                _ => "",
            };
            if !SPAWNS.contains(&q.as_str()) && !SPAWN_METHODS.contains(&method) {
                continue;
            }
            let span = self.span(e);
            if gathered_items.iter().any(|g| g.contains(span)) {
                continue;
            }
            let Some(l) =
                self.unit.loops.iter().filter(|l| l.body.contains(span)).min_by_key(|l| l.body.end - l.body.start)
            else {
                continue;
            };
            if l.kind == LoopKind::Forever {
                continue;
            }
            // A permit taken in the loop before each spawn bounds it.
            let permit = self.exprs_in(l.body).any(|x| {
                matches!(self.kind(x), ExprKind::Call { callee, .. }
                    if matches!(self.kind(*callee), ExprKind::Attr { name, .. } if name == "acquire" || name == "acquire_owned"))
            });
            let receiver_is_join_set = matches!(self.kind(*callee), ExprKind::Attr { base, .. }
                if matches!(self.kind(self.follow(*base)), ExprKind::Call { callee: c, .. }
                    if self.qualified(*c).is_some_and(|q| q.ends_with("JoinSet.new"))));
            let idiom = if q.starts_with("tokio") {
                "tokio::spawn in a loop"
            } else if receiver_is_join_set {
                "JoinSet::spawn in a loop"
            } else {
                "a task started per item in a loop"
            };
            let idiom = if method == "create_task" && q != "asyncio.create_task" {
                "TaskGroup.create_task in a loop"
            } else {
                idiom
            };
            let bounded = permit || self.limited_in(span);
            out.push(self.fan_out(e, idiom, bounded, &[span]));
        }
        self.facts.fan_outs = out;
    }

    fn fan_out(&self, e: ExprId, idiom: &str, bounded: bool, items: &[Span]) -> FanOut {
        let mut requests = vec![];
        let mut callees = vec![];
        // An item that is a function reference (`xs.map(tag)`) calls it.
        for &item in items {
            for x in self.exprs_in(item) {
                if self.span(x) == item
                    && matches!(self.kind(x), ExprKind::Name(_) | ExprKind::Attr { .. })
                    && let Some(c) = self.callee(x)
                {
                    callees.push(c);
                }
            }
        }
        for &s in items {
            for r in self.requests_in(s) {
                if !requests.contains(&r) {
                    requests.push(r);
                }
            }
            for c in self.callees_in(s) {
                if !callees.contains(&c) {
                    callees.push(c);
                }
            }
        }
        FanOut {
            span: self.span(e),
            idiom: idiom.to_string(),
            bounded: if bounded { Tri::Yes } else { Tri::No },
            requests,
            callees,
            reached: vec![],
        }
    }

    /// What one item of an iterable argument is: a comprehension, `xs.map(f)`,
    /// `map(f, xs)`, `iter().map(|x| ..)`, or a list filled by `append`/`push`
    /// in a loop.
    fn item_spans(&self, e: ExprId) -> Option<Vec<Span>> {
        let t = self.follow(e);
        match self.kind(t) {
            // A comprehension or generator (lowered as its own scope); over
            // `range(8)` it is a fixed, short list.
            ExprKind::Function(_) => {
                let fixed = self.exprs_in(self.span(t)).any(|x| match self.kind(x) {
                    ExprKind::Call { callee, args, .. } => {
                        self.qualified(*callee).as_deref() == Some("range")
                            && !args.is_empty()
                            && args.iter().all(|a| matches!(self.kind(a.value), ExprKind::Int(n) if *n <= FIXED_SHORT))
                    }
                    // `for p in TONES.values()`: the iterable, not an argument of the element.
                    ExprKind::Name(_) => self.few_written(x) && self.iterated_by(x, t),
                    _ => false,
                });
                (!fixed).then(|| vec![self.span(t)])
            }
            ExprKind::Call { callee, args, .. } => {
                let method = match self.kind(*callee) {
                    ExprKind::Attr { name, .. } => name.as_str(),
                    ExprKind::Name(n) => n.as_str(),
                    _ => "",
                };
                // `Object.values(TONES).map(f)`, `TONES.map(f)`: a handful written out.
                if method == "map"
                    && let ExprKind::Attr { base, .. } = self.kind(*callee)
                    && self.few_written_view(*base)
                {
                    return None;
                }
                match method {
                    "map" | "flatMap" | "then" => {
                        // xs.map(f) / map(f, xs): the function argument is the item.
                        let f = args.iter().find(|a| self.is_callable(a.value)).or(args.first())?;
                        Some(vec![self.span(f.value)])
                    }
                    "collect" | "into_iter" | "iter" | "list" => {
                        // `.map(..).collect::<Vec<_>>()`, `list(map(...))`
                        match self.kind(*callee) {
                            ExprKind::Attr { base, .. } => self.item_spans(*base),
                            _ => args.first().and_then(|a| self.item_spans(a.value)),
                        }
                    }
                    _ => None,
                }
            }
            // `tasks = []` then `tasks.append(f(x))` in a loop.
            ExprKind::Array(items) if items.is_empty() => {
                let ExprKind::Name(name) = self.kind(e) else { return None };
                let pushed: Vec<Span> = ExprId::all(self.unit.exprs.len())
                    .filter_map(|x| {
                        let ExprKind::Call { callee, args, .. } = self.kind(x) else { return None };
                        let ExprKind::Attr { base, name: m } = self.kind(*callee) else { return None };
                        let on_list = matches!(self.kind(*base), ExprKind::Name(n) if n == name);
                        // Over a handful written out (`for f, url in SOURCES.items()`), a fixed few.
                        let in_loop = self.unit.loops.iter().any(|l| {
                            l.kind != LoopKind::Forever
                                && l.body.contains(self.span(x))
                                && !l.iter.is_some_and(|i| self.few_written_view(i))
                        });
                        (on_list && in_loop && (m == "append" || m == "push"))
                            .then(|| args.first().map(|a| self.span(a.value)))?
                    })
                    .collect();
                (!pushed.is_empty()).then_some(pushed)
            }
            _ => None,
        }
    }

    /// A name bound to a collection written out in the code with a handful
    /// of items (`TONES = {"formal": …, "friendly": …}`): a fan-out over it
    /// starts that many requests, not one per item of a workload.
    fn few_written(&self, e: ExprId) -> bool {
        let v = self.follow(e);
        v != e && self.few_items(v, 0)
    }

    /// A collection written out with a handful of items: a literal list or
    /// dict, a literal text split into pieces (`"""…""".split("---")`),
    /// or either passed through `map`, `list`, `sorted`, `filter`,
    /// `enumerate`, `reversed`.
    pub(super) fn few_items(&self, v: ExprId, depth: usize) -> bool {
        let few = |n: usize| n > 0 && n as i64 <= FIXED_SHORT;
        match self.kind(v) {
            ExprKind::Object(entries) => few(entries.len()) && !entries.iter().any(|en| en.spread),
            ExprKind::Array(items) => few(items.len()),
            ExprKind::Call { callee, args, .. } if depth < 4 => match self.kind(*callee) {
                // `xs[:3]`, `xs.slice(0, 3)`: at most that many.
                ExprKind::Attr { name, .. } if name == "slice" => {
                    let bound = |i: usize| match args.get(i).map(|a| self.kind(self.follow(a.value))) {
                        Some(ExprKind::Int(n)) => Some(*n),
                        _ => None,
                    };
                    matches!((bound(0), bound(1)), (Some(from), Some(to)) if from >= 0 && to > from && to - from <= FIXED_SHORT)
                }
                ExprKind::Attr { base, name } if name == "split" => {
                    match (self.kind(*base), args.first().map(|a| self.kind(a.value))) {
                        (ExprKind::Str(text), Some(ExprKind::Str(sep))) if !sep.is_empty() => {
                            few(text.matches(sep.as_str()).count() + 1)
                        }
                        _ => false,
                    }
                }
                ExprKind::Name(f) => {
                    // The collection is the first positional argument
                    // (`enumerate(xs, 1)`, `sorted(xs, key=…)`), or the last
                    // for `map(f, xs)` and `filter(f, xs)`.
                    let mut positional = args.iter().filter(|a| a.key.is_none() && !a.spread);
                    let collection = match f.as_str() {
                        "map" | "filter" => positional.next_back(),
                        "list" | "sorted" | "tuple" | "enumerate" | "reversed" | "set" => positional.next(),
                        _ => None,
                    };
                    collection.is_some_and(|a| self.few_items(self.follow(a.value), depth + 1))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// `few_written` itself, or a view of it: `X.values()`, `X.items()`,
    /// `X.entries()`, `Object.values(X)`, `Object.entries(X)`, `Object.keys(X)`.
    pub(super) fn few_written_view(&self, e: ExprId) -> bool {
        match self.kind(e) {
            ExprKind::Name(_) => self.few_written(e),
            ExprKind::Call { callee, args, .. } => match self.kind(*callee) {
                ExprKind::Attr { base, name }
                    if matches!(name.as_str(), "values" | "items" | "keys" | "entries") && args.is_empty() =>
                {
                    self.few_written(*base)
                }
                _ if matches!(
                    self.qualified(*callee).as_deref(),
                    Some("Object.values" | "Object.entries" | "Object.keys")
                ) =>
                {
                    args.first().is_some_and(|a| self.few_written(a.value))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the name `x` is what the comprehension `comp` iterates: it
    /// reaches the comprehension through member reads and method calls on
    /// it, never as an argument of a call.
    fn iterated_by(&self, x: ExprId, comp: ExprId) -> bool {
        let mut cur = x;
        for _ in 0..8 {
            let Some(p) = self.parent_of(cur) else { return false };
            if p == comp {
                return true;
            }
            match self.kind(p) {
                ExprKind::Attr { base, .. } if *base == cur => {}
                ExprKind::Call { callee, .. } if *callee == cur => {}
                _ => return false,
            }
            cur = p;
        }
        false
    }

    fn is_callable(&self, e: ExprId) -> bool {
        matches!(self.kind(self.follow(e)), ExprKind::Function(_))
            || matches!(self.kind(e), ExprKind::Name(_) | ExprKind::Attr { .. })
    }

    /// A gather inside a loop awaits one chunk at a time.
    fn chunked(&self, e: ExprId) -> bool {
        let span = self.span(e);
        self.unit.loops.iter().any(|l| l.kind != LoopKind::Forever && l.body.contains(span))
    }

    /// Each item goes through a limiter: `limit(() => f(x))`, `sem.acquire()`,
    /// `queue.add(...)` on a `new PQueue({ concurrency })`.
    fn limited_in(&self, span: Span) -> bool {
        self.exprs_in(span).any(|x| match self.kind(x) {
            ExprKind::Call { callee, args, .. } => {
                let through = match self.kind(*callee) {
                    ExprKind::Attr { base, .. } => self.is_limiter(self.follow(*base)),
                    _ => false,
                };
                // `work(item, sem)`: each task is handed the limiter it acquires.
                let handed = args.iter().any(|a| {
                    let v = self.follow(a.value);
                    v != a.value && self.is_limiter(v)
                });
                self.is_limiter(self.follow(*callee))
                    || through
                    || handed
                    || matches!(self.kind(*callee), ExprKind::Attr { name, .. }
                        if matches!(name.as_str(), "acquire" | "acquire_owned" | "until_ready" | "until_n_ready"))
            }
            _ => false,
        })
    }

    /// A limiter construction. A queue (p-queue, Bottleneck) limits only when
    /// told how many at once or how often.
    fn is_limiter(&self, e: ExprId) -> bool {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return false };
        let Some(q) = self.qualified(*callee) else { return false };
        if QUEUES.contains(&q.as_str()) {
            let options = args.first().and_then(|a| self.object_entries(a.value)).unwrap_or_default();
            return options.iter().any(|en| {
                matches!(en.key.as_deref(), Some("concurrency" | "maxConcurrent" | "minTime" | "intervalCap"))
                    && !self.is_unlimited(en.value)
            });
        }
        LIMITERS.contains(&q.as_str())
    }

    /// LangChain `model.batch(inputs)` / `abatch`: every input at once unless
    /// `max_concurrency` (`maxConcurrency`) is set.
    fn langchain_batch(&self, e: ExprId) -> Option<FanOut> {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return None };
        let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
        if !matches!(name.as_str(), "batch" | "abatch" | "batch_as_completed" | "abatch_as_completed") {
            return None;
        }
        let model = self.follow(*base);
        if !self.facts.calls.iter().any(|c| c.span == self.span(model) && c.api == crate::facts::Api::Framework) {
            return None;
        }
        let (kw, options) = self.request_entries(args);
        let config: Vec<Entry> = kw
            .iter()
            .find(|en| en.key.as_deref() == Some("config"))
            .and_then(|en| self.entries_of(en.value))
            .unwrap_or(options);
        let bounded = config.iter().any(|en| {
            matches!(en.key.as_deref(), Some("max_concurrency" | "maxConcurrency")) && !self.is_unlimited(en.value)
        });
        Some(self.fan_out(e, "LangChain batch() without max_concurrency", bounded, &[self.span(model)]))
    }

    /// `None`, `0`, `Infinity`: no limit.
    fn is_unlimited(&self, e: ExprId) -> bool {
        matches!(self.kind(e), ExprKind::Null | ExprKind::Undefined | ExprKind::Int(0))
            || matches!(self.kind(e), ExprKind::Name(n) if n == "Infinity")
    }

    /// Whether a function's body takes a concurrency limit (a semaphore or
    /// limiter it uses, `acquire()`).
    pub(super) fn acquires_limit(&self, body: Span) -> bool {
        self.limited_in(body)
            || self.exprs_in(body).any(|x| {
                matches!(self.kind(x), ExprKind::Name(_) | ExprKind::Attr { .. }) && {
                    let t = self.follow(x);
                    t != x && self.is_limiter(t)
                }
            })
    }

    /// Names used in a span that are imported from project files.
    pub(super) fn imported_names_in(&self, span: Span) -> Vec<crate::facts::ImportRef> {
        let mut out = vec![];
        for x in self.exprs_in(span) {
            if !matches!(self.kind(x), ExprKind::Name(_)) {
                continue;
            }
            if let crate::facts::Value::Import(r) = self.resolve(x).value
                && !out.contains(&r)
            {
                out.push(r);
            }
        }
        out
    }

    /// Module-level names bound to a limiter, for files that import them.
    pub(super) fn exported_limiters(&self) -> Vec<String> {
        self.unit.scopes[0]
            .names
            .iter()
            .filter_map(|(n, bs)| match bs.as_slice() {
                [crate::frontend::ir::Binding::Value(v)] => matches!(self.kind(*v), ExprKind::Call { callee, .. }
                    if self.qualified(*callee).is_some_and(|q| LIMITERS.contains(&q.as_str())))
                .then(|| n.clone()),
                _ => None,
            })
            .collect()
    }
}
