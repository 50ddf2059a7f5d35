//! Loops that make API calls: a conversation history that grows every turn
//! and is sent whole, and a loop of independent requests that could go
//! through a batch API.

use std::collections::HashSet;

use super::{Analyzer, Found};
use crate::base::ids::CallId;
use crate::base::source::Span;
use crate::facts::{Loop, ToolLoop, Tri};
use crate::frontend::ir::{BinOp, Binding, ExprId, ExprKind, LoopInfo, LoopKind, MODULE, ScopeId};

/// Methods that grow a list, and methods or helpers that shrink it.
const GROWS: &[&str] = &["append", "push", "extend", "unshift", "insert"];
const SHRINKS: &[&str] =
    &["pop", "popleft", "shift", "splice", "truncate", "drain", "clear", "remove", "retain", "del"];
const TRIM_WORDS: &[&str] = &["trim", "truncat", "summar", "compact", "prune", "window", "limit", "cut", "shorten"];

/// Functions that read a turn from a person.
const INPUTS: &[&str] = &["input", "prompt", "readline", "question", "read_line"];

/// What a tool-use loop looks at: the stop reason, the tool calls asked for.
const TOOL_SIGNS: &[&str] = &[
    "tool_use",
    "tool_calls",
    "toolCalls",
    "tool_call",
    "function_call",
    "functionCall",
    "stop_reason",
    "stopReason",
    "finish_reason",
    "finishReason",
];

/// Words of what stops a loop that is not its condition: a turn cap, a
/// budget, a deadline.
const LIMIT_WORDS: &[&str] = &[
    "turn", "step", "iter", "round", "hop", "attempt", "count", "budget", "deadline", "limit", "max", "token", "cost",
    "spent", "elapsed", "timeout", "time", "now",
];

/// Decorators that make a function an agent's tool (`@tool`,
/// `@function_tool`, `@agent.tool_plain`): the model calls it mid-turn and
/// waits for its answer.
const TOOL_DECORATORS: &[&str] = &["tool", "function_tool", "tool_plain"];

/// Decorator and handler names of web routes: answers are needed now.
const ROUTES: &[&str] = &["get", "post", "put", "patch", "delete", "route", "api_route", "websocket", "all"];

impl Analyzer<'_> {
    pub(super) fn loop_facts(&mut self) {
        let mut out = vec![];
        for l in &self.unit.loops {
            let calls: Vec<CallId> =
                CallId::all(self.facts.calls.len()).filter(|&c| l.body.contains(self.facts.calls[c].span)).collect();
            let interactive = self.exprs_in(l.body).any(|x| match self.kind(x) {
                ExprKind::Call { callee, .. } => match self.kind(*callee) {
                    ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => INPUTS.contains(&n.as_str()),
                    _ => false,
                },
                _ => false,
            });
            let open_ended = matches!(l.kind, LoopKind::Forever | LoopKind::While) || interactive;
            // A loop with no request of its own may call the project's layer
            // once per item (`describe(doc)`, `claude.title(&doc.text)`).
            let wrapper_calls =
                if calls.is_empty() && l.kind == LoopKind::For { self.wrapper_calls(l) } else { vec![] };
            if calls.is_empty() && !open_ended && wrapper_calls.is_empty() {
                continue;
            }
            let tool_loop = if open_ended && !interactive { self.tool_loop(l, &calls) } else { None };
            // One task's tool-use loop keeps its tool_use/tool_result pairs:
            // that is an agent, not a conversation to window.
            let growing_history = if open_ended && tool_loop.is_none() {
                calls
                    .iter()
                    .find_map(|&c| self.growing_history(l, c))
                    .or_else(|| self.method_history(l))
                    .or_else(|| self.chat_history(l))
            } else {
                None
            };
            let batchable_call = if !open_ended && l.kind == LoopKind::For { self.batchable(l, &calls) } else { None };
            out.push(Loop {
                span: l.header,
                body: l.body,
                open_ended,
                growing_history,
                tool_loop,
                batchable_call,
                wrapper_calls,
                batchable_via: None,
            });
        }
        // Nested loops around one request: the innermost sends one per item.
        let inner: Vec<bool> = (0..out.len())
            .map(|i| {
                out[i].batchable_call.is_some()
                    && out.iter().enumerate().any(|(j, o)| {
                        j != i
                            && o.batchable_call == out[i].batchable_call
                            && out[i].body.contains(o.body)
                            && o.body != out[i].body
                    })
            })
            .collect();
        for (l, outer) in out.iter_mut().zip(inner) {
            if outer {
                l.batchable_call = None;
            }
        }
        self.facts.loops = out;
    }

    /// A loop that repeats a request until the model stops asking for tools:
    /// its condition or body reads the stop reason or the tool calls. It is
    /// bounded when a comparison in it reads a counter the loop updates, a
    /// limit, a budget or a clock.
    fn tool_loop(&self, l: &LoopInfo, calls: &[CallId]) -> Option<ToolLoop> {
        let &call = calls.iter().find(|&&c| self.facts.calls[c].messages.is_some())?;
        let sign = |x: ExprId| match self.kind(x) {
            ExprKind::Str(s) => TOOL_SIGNS.contains(&s.as_str()),
            ExprKind::Attr { name, .. } | ExprKind::Name(name) => TOOL_SIGNS.contains(&name.as_str()),
            _ => false,
        };
        if !self.exprs_in(l.span).any(sign) {
            return None;
        }
        // `turns += 1` in the loop.
        let counter = |y: ExprId, n: &str| {
            self.declared_bindings(self.scope(y), n)
                .is_some_and(|bs| bs.iter().any(|b| matches!(b, Binding::Update(v) if l.body.contains(self.span(*v)))))
        };
        let limiting = |x: ExprId| {
            self.exprs_in(self.span(x)).any(|y| match self.kind(y) {
                ExprKind::Name(n) | ExprKind::Attr { name: n, .. } => {
                    let lower = n.to_ascii_lowercase();
                    counter(y, n) || LIMIT_WORDS.iter().any(|w| lower.contains(w))
                }
                _ => false,
            })
        };
        let bounded = self
            .exprs_in(l.span)
            .any(|x| matches!(self.kind(x), ExprKind::Binary { op: BinOp::Compare, .. }) && limiting(x));
        Some(ToolLoop { call, bounded })
    }

    /// The list a call sends as `messages`, when it is a plain name or `self.x`.
    fn messages_list(&self, call: CallId) -> Option<ExprId> {
        let m = self.facts.calls[call].messages.as_ref()?;
        self.exprs_in(m.value_span).find(|&x| {
            self.span(x) == m.value_span && matches!(self.kind(x), ExprKind::Name(_) | ExprKind::Attr { .. })
        })
    }

    /// Whether `x` is the same list as `list` (the same name, or `self.x`).
    fn same_list(&self, x: ExprId, list: ExprId) -> bool {
        match (self.kind(x), self.kind(list)) {
            (ExprKind::Name(a), ExprKind::Name(b)) => a == b,
            (ExprKind::Attr { base: ba, name: a }, ExprKind::Attr { base: bb, name: b }) => {
                a == b && matches!((self.kind(*ba), self.kind(*bb)), (ExprKind::Name(p), ExprKind::Name(q)) if p == q)
            }
            _ => false,
        }
    }

    /// The first append that grows the sent list in this loop, if the loop
    /// never trims it.
    fn growing_history(&self, l: &LoopInfo, call: CallId) -> Option<(Span, CallId)> {
        let list = self.messages_list(call)?;
        let mut first_append: Option<Span> = None;
        let mut trimmed = false;
        for x in self.exprs_in(l.body) {
            let ExprKind::Call { callee, args, .. } = self.kind(x) else { continue };
            match self.kind(*callee) {
                ExprKind::Attr { base, name } if self.same_list(*base, list) => {
                    if GROWS.contains(&name.as_str()) {
                        let s = self.span(x);
                        if first_append.is_none_or(|f| s.start < f.start) {
                            first_append = Some(s);
                        }
                    } else if SHRINKS.contains(&name.as_str()) {
                        trimmed = true;
                    }
                }
                // `del history[0]`, `trim_history(history)`
                ExprKind::Name(n) => {
                    let passes_list = args.iter().any(|a| self.exprs_in(a.span).any(|y| self.same_list(y, list)));
                    let lower = n.to_ascii_lowercase();
                    if passes_list && (n == "del" || TRIM_WORDS.iter().any(|w| lower.contains(w))) {
                        trimmed = true;
                    }
                }
                _ => {}
            }
        }
        // `history = history[-20:]`: rebinding the list in the loop trims it.
        if let ExprKind::Name(n) = self.kind(list) {
            trimmed |= self.bound_in(list, l.body);
            // `history += [...]` grows it too.
            if first_append.is_none() {
                first_append =
                    self.unit.scopes[self.scope(list)].names.get(n).into_iter().flatten().find_map(|b| match b {
                        Binding::Update(v) if l.body.contains(self.span(*v)) => Some(self.span(*v)),
                        _ => None,
                    });
            }
        }
        if trimmed {
            return None;
        }
        first_append.map(|s| (s, call))
    }

    /// The history a method of `class` grows: it appends to a list the
    /// instance holds (`self.messages`, `this.history`) and sends it whole,
    /// and no method of the class trims it or binds it again.
    fn class_history(&self, class: ScopeId, fscope: ScopeId) -> Option<(Span, CallId)> {
        let f = self.unit.functions.iter().find(|f| f.scope == fscope)?;
        let class_span = self.unit.exprs.iter().find(|e| matches!(e.kind, ExprKind::Class(c) if c == class))?.span;
        for i in CallId::all(self.facts.calls.len()).filter(|&i| f.body.contains(self.facts.calls[i].span)) {
            let Some(list) = self.messages_list(i) else { continue };
            let ExprKind::Attr { name: field, base } = self.kind(list) else { continue };
            let ExprKind::Name(receiver) = self.kind(*base) else { continue };
            let mut appends = vec![];
            let mut trimmed = false;
            for y in self.exprs_in(class_span) {
                let ExprKind::Call { callee, .. } = self.kind(y) else { continue };
                if let ExprKind::Attr { base, name: m } = self.kind(*callee)
                    && self.same_list(*base, list)
                {
                    if GROWS.contains(&m.as_str()) && f.body.contains(self.span(y)) {
                        appends.push(self.span(y));
                    }
                    trimmed |= SHRINKS.contains(&m.as_str());
                }
            }
            // Bound again outside its initialisation (`self.messages = self.messages[-20:]`).
            let key = format!("{receiver}.{field}");
            trimmed |= self.unit.scopes[class].names.get(&key).is_some_and(|bs| bs.len() > 1);
            if !trimmed && let Some(first) = appends.into_iter().min_by_key(|s| s.start) {
                return Some((first, i));
            }
        }
        None
    }

    /// Conversations an object holds: a method of a module-level class that
    /// appends a turn to a list on the instance and sends the list whole,
    /// once per call (the turns come from whoever calls it: a route, a REPL,
    /// another file), with nothing in the class trimming it. A method that
    /// loops over its own turns (a tool-use loop) is not one.
    pub(super) fn held_histories(&mut self) {
        let mut out = vec![];
        for (i, scope) in self.unit.scopes.iter().enumerate() {
            if scope.kind != crate::frontend::ir::ScopeKind::Class || scope.parent != Some(MODULE) {
                continue;
            }
            let class = ScopeId::new(i);
            for bindings in scope.names.values() {
                let [Binding::Value(m)] = bindings.as_slice() else { continue };
                let ExprKind::Function(fscope) = self.kind(*m) else { continue };
                let Some((append, call)) = self.class_history(class, *fscope) else { continue };
                let span = self.facts.calls[call].span;
                if self.unit.loops.iter().any(|l| l.body.contains(span) || l.body.contains(append)) {
                    continue;
                }
                if !out.contains(&(append, call)) {
                    out.push((append, call));
                }
            }
        }
        out.sort_by_key(|(s, _)| s.start);
        self.facts.held_histories = out;
    }

    /// `bot.ask(input())` once per turn, where `ask` appends to `self.messages`
    /// and sends it whole, and no method of the class trims it.
    fn method_history(&self, l: &LoopInfo) -> Option<(Span, CallId)> {
        for x in self.exprs_in(l.body) {
            let ExprKind::Call { callee, .. } = self.kind(x) else { continue };
            let ExprKind::Attr { base, name } = self.kind(*callee) else { continue };
            let ExprKind::Call { callee: ctor, .. } = self.kind(self.follow(*base)) else { continue };
            let ExprKind::Class(class) = self.kind(self.follow(*ctor)) else { continue };
            let Some([Binding::Value(m)]) = self.unit.scopes[*class].names.get(name).map(Vec::as_slice) else {
                continue;
            };
            let ExprKind::Function(fscope) = self.kind(*m) else { continue };
            if let Some(found) = self.class_history(*class, *fscope) {
                return Some(found);
            }
        }
        None
    }

    /// A chat object that keeps its own history (Gemini's
    /// `client.chats.create(…)`), sent a message every turn: each message
    /// sends the whole conversation so far. Made again in the loop (with a
    /// window of its history), it starts over.
    fn chat_history(&self, l: &LoopInfo) -> Option<(Span, CallId)> {
        self.exprs_in(l.body).find_map(|x| {
            let ExprKind::Call { callee, .. } = self.kind(x) else { return None };
            let ExprKind::Attr { base, name } = self.kind(*callee) else { return None };
            if !crate::knowledge::sdks::CHAT_SEND_METHODS.contains(&name.as_str()) {
                return None;
            }
            let made = self.span(self.follow(*base));
            let chat = CallId::all(self.facts.calls.len()).find(|&c| {
                let call = &self.facts.calls[c];
                call.span == made && call.operation == crate::knowledge::sdks::CHAT_OPERATION
            })?;
            (!self.bound_in(*base, l.body)).then(|| (self.span(x), chat))
        })
    }

    /// Whether the name `e` reads is bound again inside `body` (`history =
    /// history[-20:]`, a chat made again in the loop).
    fn bound_in(&self, e: ExprId, body: Span) -> bool {
        let ExprKind::Name(n) = self.kind(e) else { return false };
        self.unit.scopes[self.scope(e)]
            .names
            .get(n)
            .into_iter()
            .flatten()
            .any(|b| matches!(b, Binding::Value(v) if body.contains(self.span(*v))))
    }

    /// One request per item, awaited before the next, iterations independent,
    /// results only collected.
    fn batchable(&self, l: &LoopInfo, calls: &[CallId]) -> Option<CallId> {
        let &first = calls.first()?;
        let call = &self.facts.calls[first];
        if call.streaming == Tri::Yes || call.batch || call.model.is_none() || !self.batch_loop(l) {
            return None;
        }
        let history = self.messages_list(first).is_some_and(|list| {
            self.exprs_in(l.body).any(|x| matches!(self.kind(x), ExprKind::Call { callee, .. }
                if matches!(self.kind(*callee), ExprKind::Attr { base, name } if self.same_list(*base, list) && GROWS.contains(&name.as_str()))))
        });
        (!history && self.independent(l, call.span)).then_some(first)
    }

    /// The calls of the project's own functions in a loop with no request of
    /// its own that could each send one request per item: the project index
    /// decides whether they do (`Loop::batchable_via`).
    ///
    /// Each call takes the loop's item, and keeps its answer (a dropped
    /// answer means the function is called for what else it does). A
    /// function that also gathers (`tasks.append(label(t))` then
    /// `gather(*tasks)`) runs the items together, not one by one.
    fn wrapper_calls(&self, l: &LoopInfo) -> Vec<(crate::facts::Callee, Span)> {
        let gathers = self.enclosing_function(l.span).is_some_and(|f| {
            let body = self.unit.functions[f.index()].body;
            self.facts.fan_outs.iter().any(|fan| body.contains(fan.span))
        });
        if gathers || !self.batch_loop(l) {
            return vec![];
        }
        self.exprs_in(l.body)
            .filter_map(|e| {
                let ExprKind::Call { callee, .. } = self.kind(e) else { return None };
                let c = self.callee(*callee)?;
                let span = self.span(e);
                let per_item =
                    self.exprs_in(span).any(|x| matches!(self.kind(x), ExprKind::Name(n) if l.targets.contains(n)));
                let kept = !self.unit.discarded.contains(&e);
                (!matches!(c, crate::facts::Callee::Param { .. }) && per_item && kept && self.independent(l, span))
                    .then_some((c, span))
            })
            .collect()
    }

    /// A `for` loop whose items could go through a batch: not a fixed few
    /// (`range(3)`, a table of a handful of entries written out), no sleep (retries and polling sleep), no fan-out (items
    /// already run together), no exit (the answer decides what happens next),
    /// not in a web route (someone waits for the answer).
    fn batch_loop(&self, l: &LoopInfo) -> bool {
        if let Some(ExprKind::Call { callee, args, .. }) = l.iter.map(|i| self.kind(i))
            && self.qualified(*callee).as_deref() == Some("range")
            && args.iter().all(|a| matches!(self.kind(a.value), ExprKind::Int(_)))
        {
            return false;
        }
        if l.iter.is_some_and(|i| self.few_written_view(i) || self.few_items(i, 0)) {
            return false;
        }
        self.sleeps_in(l.body).is_empty()
            && !self.facts.fan_outs.iter().any(|f| l.body.contains(f.span))
            && !self.unit.exits.iter().any(|e| l.body.contains(*e))
            && !self.in_route(l.span)
            && !self.in_tool(l.span)
    }

    /// Inside a function the file hands a model as a tool: listed in a
    /// `tools` list (`tools=[search]`, `tools = [search]`) or decorated as
    /// one. The model waits for its answer mid-turn.
    fn in_tool(&self, span: Span) -> bool {
        let Some(f) = self.enclosing_function(span) else { return false };
        let def = &self.unit.functions[f.index()];
        let named = |n: &str| n.rsplit('.').next().is_some_and(|last| TOOL_DECORATORS.contains(&last));
        let decorated = def.decorators.iter().any(|&d| {
            let d = match self.kind(d) {
                ExprKind::Call { callee, .. } => *callee,
                _ => d,
            };
            matches!(self.kind(d), ExprKind::Name(n) | ExprKind::Attr { name: n, .. } if named(n))
        });
        decorated || def.name.as_deref().is_some_and(|name| self.listed_as_tool(name))
    }

    /// Whether `name` is an item of a list of tools: the value of a `tools`
    /// entry or argument, or bound to a name that says it holds tools.
    fn listed_as_tool(&self, name: &str) -> bool {
        let tools_key = |k: Option<&str>| k.is_some_and(|k| k.to_ascii_lowercase().contains("tool"));
        let lists = ExprId::all(self.unit.exprs.len()).filter(|&e| {
            matches!(self.kind(e), ExprKind::Array(items) if items.iter().any(|&i| matches!(self.kind(i), ExprKind::Name(n) if n == name)))
        });
        lists.into_iter().any(|list| {
            let entry = self.parent_of(list).is_some_and(|p| match self.kind(p) {
                ExprKind::Object(entries) | ExprKind::Call { args: entries, .. } => {
                    entries.iter().any(|en| en.value == list && tools_key(en.key.as_deref()))
                }
                _ => false,
            });
            entry
                || self.unit.scopes.iter().any(|s| {
                    s.names.iter().any(|(n, bs)| {
                        tools_key(Some(n)) && bs.iter().any(|b| matches!(b, Binding::Value(v) if *v == list))
                    })
                })
        })
    }

    /// Whether the request made at `call` in the loop is independent of the
    /// other iterations: it reads nothing an earlier iteration wrote, and its
    /// answer is only collected, never steers what the loop does.
    fn independent(&self, l: &LoopInfo, call: Span) -> bool {
        // A name the request uses that is carried from one iteration to the
        // next (bound both outside and inside the loop) makes them dependent.
        // A name the request reads that the loop assigns after the read, or
        // that also has a value from before the loop (a parameter, an initial
        // value), carries the previous iteration's answer into this one.
        let dependent = self.exprs_in(call).any(|x| {
            let ExprKind::Name(n) = self.kind(x) else { return false };
            let Some(bindings) = self.declared_bindings(self.scope(x), n) else { return false };
            let assigned_in_loop: Vec<Span> = bindings
                .iter()
                .filter_map(|b| match b {
                    Binding::Value(v) | Binding::Update(v) => Some(self.span(*v)),
                    Binding::Unknown => None,
                })
                .filter(|s| l.body.contains(*s))
                .collect();
            let before_loop = bindings.iter().any(|b| match b {
                Binding::Value(v) | Binding::Update(v) => !l.body.contains(self.span(*v)),
                Binding::Unknown => true,
            });
            let carried = !assigned_in_loop.is_empty()
                && (before_loop || assigned_in_loop.iter().any(|s| s.start > self.span(x).start));
            // A list the loop appends to and the request reads
            // (`summary_chain[-1]` after `summary_chain.append(...)`).
            let grown = self.exprs_in(l.body).any(|y| {
                matches!(self.kind(y), ExprKind::Call { callee, .. }
                if matches!(self.kind(*callee), ExprKind::Attr { base, name: m }
                    if GROWS.contains(&m.as_str()) && matches!(self.kind(*base), ExprKind::Name(b) if b == n)))
            });
            carried || grown
        });
        // What the loop collects (`out.append(…)`, `xs.push(…)`): a comparison
        // there only shapes the value kept (`text if m.type == "text" else ""`).
        let collected: Vec<Span> = self
            .exprs_in(l.body)
            .filter_map(|y| match self.kind(y) {
                ExprKind::Call { callee, args, .. }
                    if matches!(self.kind(*callee), ExprKind::Attr { name, .. } if GROWS.contains(&name.as_str())) =>
                {
                    Some(args.iter().map(|a| self.span(a.value)).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect();
        // The response steering control flow (`if reply.stop_reason == ...`).
        let steers = self.exprs_in(l.body).any(|x| {
            let ExprKind::Binary { op: crate::frontend::ir::BinOp::Compare, left, right } = self.kind(x) else {
                return false;
            };
            if collected.iter().any(|c| c.contains(self.span(x))) {
                return false;
            }
            [*left, *right]
                .into_iter()
                .any(|s| self.exprs_in(self.span(s)).chain([s]).any(|y| self.is_response(y, call)))
        });
        !dependent && !steers
    }

    /// A name bound to the result of the request at `call`.
    fn is_response(&self, e: ExprId, call: Span) -> bool {
        let ExprKind::Name(n) = self.kind(e) else { return false };
        matches!(self.lookup(self.scope(e), n), Found::Value(v) if self.span(v).contains(call) || call.contains(self.span(v)))
    }

    /// Inside a web route handler: `@app.post(...)`, `app.get("/", async (req, res) => …)`,
    /// `export async function POST(...)`.
    pub(super) fn in_route(&self, span: Span) -> bool {
        self.route_bodies().iter().any(|b| b.contains(span))
    }

    /// The bodies of the file's web route handlers, worked out once.
    fn route_bodies(&self) -> &[Span] {
        self.route_bodies.get_or_init(|| {
            let router = |callee: ExprId| matches!(self.kind(callee), ExprKind::Attr { name, .. } if ROUTES.contains(&name.as_str()));
            let handed: HashSet<ScopeId> = ExprId::all(self.unit.exprs.len())
                .filter_map(|x| match self.kind(x) {
                    ExprKind::Call { callee, args, .. } if router(*callee) => {
                        Some(args.iter().filter_map(|a| match self.kind(a.value) {
                            ExprKind::Function(s) => Some(*s),
                            _ => None,
                        }))
                    }
                    _ => None,
                })
                .flatten()
                .collect();
            self.unit
                .functions
                .iter()
                .filter(|f| {
                    let decorated = f.decorators.iter().any(|&d| match self.kind(d) {
                        ExprKind::Call { callee, .. } => router(*callee),
                        _ => router(d),
                    });
                    let named = f.name.as_deref().is_some_and(|n| matches!(n, "GET" | "POST" | "PUT" | "PATCH" | "DELETE"));
                    decorated || named || handed.contains(&f.scope)
                })
                .map(|f| f.body)
                .collect()
        })
    }
}
