//! Whether a value the file writes reaches something that may send it: an
//! argument of a call, through the names, members, returns and loops that
//! carry it. A model table read only with `.find()` / `.get()` / `startswith`,
//! or a preset list nobody in the file passes on, is not sent.
//!
//! The walk climbs from an expression to what contains it (by span, so a
//! subscript the frontend did not lower still carries its base), then from a
//! name to its uses, from a return to the calls of its function, from a loop's
//! iterable to the loop's names. A call of unknown code is taken to send what
//! it is given; builtins that only compute from a value pass it on.

use super::*;

/// Calls that compute from their arguments without sending them: the value
/// flows on to what uses the result.
const PASS_ON: &[&str] = &[
    // constructors and conversions
    "dict",
    "list",
    "tuple",
    "set",
    "frozenset",
    "sorted",
    "reversed",
    "copy",
    "deepcopy",
    "copy.copy",
    "copy.deepcopy",
    "str",
    "int",
    "float",
    "min",
    "max",
    "abs",
    "round",
    "sum",
    "enumerate",
    "zip",
    "iter",
    "next",
    "repr",
    "format",
    "json.dumps",
    "json.loads",
    "JSON.stringify",
    "JSON.parse",
    "Object.freeze",
    "Object.assign",
    "Object.keys",
    "Object.values",
    "Object.entries",
    "Object.fromEntries",
    "structuredClone",
    "Array.from",
    "Set",
    "Map",
    "String",
    "Number",
    "Boolean",
    "parseInt",
    "parseFloat",
    "Math.min",
    "Math.max",
    "Math.floor",
    "Math.ceil",
    "Math.round",
    "Math.abs",
    // output
    "print",
    "console.log",
    "console.info",
    "console.warn",
    "console.error",
    "console.debug",
];

/// Methods that read or reshape their receiver or arguments: `.find()`,
/// `.get()`, logging.
const PASS_ON_METHODS: &[&str] = &[
    "get",
    "find",
    "filter",
    "map",
    "keys",
    "values",
    "items",
    "entries",
    "join",
    "split",
    "strip",
    "lower",
    "upper",
    "replace",
    "format",
    "copy",
    "toString",
    "concat",
    "slice",
    "at",
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "log",
    "add_row",
    "cloned",
    "clone",
    "to_string",
    "to_owned",
    "into",
    "iter",
    "unwrap",
    "unwrap_or",
    "as_str",
];

/// Calls that only answer a question about a value (`startswith`, `len`,
/// `isinstance`): a yes, a no or a number goes on, never the value.
const PREDICATES: &[&str] = &[
    "startswith",
    "endswith",
    "startsWith",
    "endsWith",
    "includes",
    "has",
    "contains",
    "some",
    "every",
    "indexOf",
    "findIndex",
    "index",
    "count",
    "len",
    "isinstance",
    "any",
    "all",
    "bool",
    "hasattr",
    "issubset",
    "issuperset",
    "contains_key",
    "starts_with",
    "ends_with",
];

/// Keys only an API's answer has.
/// Arguments that document a value rather than use it (pydantic's
/// `Field(examples=[{"model": …}])`, a JSON schema's `example`).
const EXAMPLE_KEYS: &[&str] = &["examples", "example", "json_schema_extra"];

const RESPONSE_KEYS: &[&str] = &["stop_reason", "stop_sequence", "choices", "finish_reason", "usage"];

/// Keys only a request has.
const REQUEST_KEYS: &[&str] = &["messages", "prompt", "system", "contents", "tools", "stream"];

/// Where values go in one file: each expression's container, the uses of
/// each name, what each binding holds.
pub(in crate::analysis) struct Flow {
    /// Each expression's container, by id.
    parent: Vec<Option<ExprId>>,
    /// `x` and `self.x` / `obj.x`, by the last part of the name.
    uses: Map<String, Vec<ExprId>>,
    /// A bound value → the name it is bound to.
    bound: Map<ExprId, String>,
    /// A returned value → the name of its function.
    returned: Map<ExprId, Option<String>>,
    /// A loop's iterable → the names its items are bound to, in its body.
    iterated: Map<ExprId, (Span, Vec<String>)>,
    /// The scopes of functions and lambdas (not comprehensions): a value
    /// inside one does not flow out through the function expression.
    lambdas: Set<ScopeId>,
}

/// Calls that take a model id to look something up locally (a tokenizer,
/// a price or a limit) and send nothing: what comes back is not the id.
const LOCAL_LOOKUPS: &[&str] = &[
    "encoding_for_model",
    "encodingForModel",
    "get_encoding_for_model",
    "token_counter",
    "get_model_info",
    "get_max_tokens",
    "cost_per_token",
];

fn predicate(name: &str) -> bool {
    PREDICATES.contains(&name) || LOCAL_LOOKUPS.contains(&name)
}

fn last(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

impl Flow {
    pub(in crate::analysis) fn new(unit: &Unit) -> Flow {
        // Containers by span: sorted by start, then widest first, then the
        // later-made (a frontend makes children before their parent).
        let mut order: Vec<ExprId> = ExprId::all(unit.exprs.len()).collect();
        order.sort_unstable_by_key(|&e| {
            let s = unit.exprs[e].span;
            (s.start, std::cmp::Reverse(s.end), std::cmp::Reverse(e))
        });
        let mut parent = vec![None; unit.exprs.len()];
        let mut stack: Vec<ExprId> = vec![];
        for e in order {
            let s = unit.exprs[e].span;
            while let Some(&top) = stack.last() {
                if unit.exprs[top].span.end >= s.end && unit.exprs[top].span.start <= s.start {
                    break;
                }
                stack.pop();
            }
            parent[e] = stack.last().copied();
            stack.push(e);
        }
        let mut uses: Map<String, Vec<ExprId>> = Map::default();
        for e in ExprId::all(unit.exprs.len()) {
            match &unit.exprs[e].kind {
                ExprKind::Name(n) => uses.entry(n.clone()).or_default().push(e),
                ExprKind::Attr { name, .. } => uses.entry(name.clone()).or_default().push(e),
                _ => {}
            }
        }
        let mut bound = Map::default();
        let mut returned = Map::default();
        let function_names: Map<ScopeId, Option<String>> =
            unit.functions.iter().map(|f| (f.scope, f.name.clone())).collect();
        for (id, scope) in unit.scopes.iter().enumerate() {
            for (name, bs) in &scope.names {
                for b in bs {
                    if let Binding::Value(v) = b {
                        bound.insert(*v, last(name).to_string());
                    }
                }
            }
            for (name, v) in &scope.param_defaults {
                bound.insert(*v, name.clone());
            }
            let id = ScopeId::from(id);
            for &r in &scope.returns {
                returned.insert(r, function_names.get(&id).cloned().flatten());
            }
        }
        for (attr, v) in &unit.member_assigns {
            bound.insert(*v, attr.clone());
        }
        let iterated = unit.loops.iter().filter_map(|l| Some((l.iter?, (l.body, l.targets.clone())))).collect();
        let lambdas = unit.functions.iter().map(|f| f.scope).collect();
        Flow { parent, uses, bound, returned, iterated, lambdas }
    }
}

impl<'u> Analyzer<'u> {
    fn flow(&self) -> &Flow {
        self.flow.get_or_init(|| Flow::new(self.unit))
    }

    /// The expression that holds `e` (by span: what a frontend left
    /// unlowered still holds what it contains).
    pub(in crate::analysis) fn parent_of(&self, e: ExprId) -> Option<ExprId> {
        self.flow().parent[e]
    }

    /// Whether `e`'s value may reach a call that sends it.
    pub(in crate::analysis) fn sent(&self, e: ExprId) -> bool {
        self.sent_from(e, &mut Set::default(), 0)
    }

    fn sent_from(&self, e: ExprId, seen: &mut Set<ExprId>, depth: usize) -> bool {
        if depth > 8 || !seen.insert(e) {
            return false;
        }
        let flow = self.flow();
        let mut cur = e;
        loop {
            if let ExprKind::Object(entries) = self.kind(cur)
                && self.request_shaped(entries)
            {
                return true;
            }
            if let Some(name) = flow.bound.get(&cur) {
                return self.name_sent(name, cur, seen, depth);
            }
            if let Some(function) = flow.returned.get(&cur) {
                // What a function returns goes where its calls go.
                return function.as_deref().is_some_and(|f| {
                    flow.uses.get(f).into_iter().flatten().any(|&u| {
                        // Called: the use is the callee of its parent.
                        flow.parent[u].is_some_and(|p| {
                            matches!(self.kind(p), ExprKind::Call { callee, .. } if *callee == u)
                                && self.sent_from(p, seen, depth + 1)
                        })
                    })
                });
            }
            if let Some((body, targets)) = flow.iterated.get(&cur) {
                // `for m in MODELS: create(model=m)`: the loop's names carry
                // its items.
                return targets.iter().flat_map(|t| flow.uses.get(t).into_iter().flatten()).any(|&u| {
                    body.contains(self.span(u))
                        && matches!(self.kind(u), ExprKind::Name(_))
                        && self.sent_from(u, seen, depth + 1)
                });
            }
            let Some(p) = flow.parent[cur] else {
                return false;
            };
            match self.kind(p) {
                ExprKind::Call { callee, args, .. } => {
                    if *callee == cur {
                        // `MODELS.find(…)`: the result is part of the table;
                        // `MODELS.includes(id)` only answers yes or no.
                        if matches!(self.kind(cur), ExprKind::Attr { name, .. } if predicate(name)) {
                            return false;
                        }
                        cur = p;
                        continue;
                    }
                    let Some(arg) = args.iter().find(|a| a.value == cur) else {
                        cur = p;
                        continue;
                    };
                    if arg.key.as_deref().is_some_and(|k| EXAMPLE_KEYS.contains(&k)) {
                        return false;
                    }
                    if matches!(self.kind(*callee), ExprKind::Attr { name, .. } | ExprKind::Name(name) if predicate(name))
                    {
                        return false;
                    }
                    if self.passes_on(*callee) {
                        cur = p;
                        continue;
                    }
                    return self.param_sent(*callee, args, arg, seen, depth).unwrap_or(true);
                }
                ExprKind::Binary { op: BinOp::Compare, .. } | ExprKind::Template { .. } => return false,
                ExprKind::Function(scope) if flow.lambdas.contains(scope) => return false,
                // `{[MODELS.A]: 4096}`: a key is how the table is looked up;
                // indexing it gives the value.
                ExprKind::Object(entries) if entries.iter().all(|en| en.value != cur) => return false,
                _ => cur = p,
            }
        }
    }

    /// An argument to a function of this file goes where the function
    /// sends its parameter: `provider_of(model)` that only reads the id's
    /// prefix sends nothing. `None` when the parameter is not known.
    fn param_sent(
        &self,
        callee: ExprId,
        args: &[Entry],
        arg: &Entry,
        seen: &mut Set<ExprId>,
        depth: usize,
    ) -> Option<bool> {
        let function = &self.unit.functions[self.local_function(callee)?.index()];
        let params = &self.unit.scopes[function.scope].params;
        let index = match &arg.key {
            Some(k) => params.iter().position(|p| p.name.as_deref() == Some(k))?,
            None => {
                let before = args.iter().take_while(|a| a.value != arg.value);
                if arg.spread || before.clone().any(|a| a.key.is_some() || a.spread) {
                    return None;
                }
                let position = before.count();
                (0..params.len()).find(|&i| self.param_position(function.scope, i) == Some(position))?
            }
        };
        let name = params[index].name.as_deref()?;
        let flow = self.flow();
        Some(flow.uses.get(name).into_iter().flatten().any(|&u| {
            function.body.contains(self.span(u))
                && matches!(self.kind(u), ExprKind::Name(_))
                && self.sent_from(u, seen, depth + 1)
        }))
    }

    /// For a table the file reads only member by member (`MODELS.FAST`),
    /// the values of the members some read sends; `None` when the table is
    /// read whole (passed on, iterated, indexed by a runtime key).
    pub(in crate::analysis) fn members_sent(&self, name: &str, table: ExprId) -> Option<Vec<ExprId>> {
        let ExprKind::Object(entries) = self.kind(table) else { return None };
        if self.language.is_config() {
            return None;
        }
        let flow = self.flow();
        // `model: MODELS` names the table's type, not its value.
        let annotations: Set<ExprId> = self.unit.annotations().collect();
        let mut read: Vec<(&str, ExprId)> = vec![];
        for &u in flow.uses.get(last(name)).into_iter().flatten() {
            if u == table || self.span(u).contains(self.span(table)) || annotations.contains(&u) {
                continue;
            }
            let member =
                flow.parent[u].filter(|&p| matches!(self.kind(p), ExprKind::Attr { base, .. } if *base == u))?;
            // `MODELS.get(alias)`: a method reads the table whole.
            let called = flow.parent[member]
                .is_some_and(|p| matches!(self.kind(p), ExprKind::Call { callee, .. } if *callee == member));
            let ExprKind::Attr { name: key, .. } = self.kind(member) else { return None };
            if called {
                return None;
            }
            read.push((key, member));
        }
        if read.is_empty() {
            return None;
        }
        let sent: Set<&str> = read.into_iter().filter(|&(_, m)| self.sent(m)).map(|(k, _)| k).collect();
        Some(
            entries
                .iter()
                .filter(|en| en.key.as_deref().is_some_and(|k| sent.contains(k)))
                .map(|en| en.value)
                .collect(),
        )
    }

    fn name_sent(&self, name: &str, at: ExprId, seen: &mut Set<ExprId>, depth: usize) -> bool {
        let flow = self.flow();
        flow.uses.get(name).into_iter().flatten().any(|&u| {
            // The binding's own target (`self.x = …`) is not a use.
            u != at && !self.span(u).contains(self.span(at)) && self.sent_from(u, seen, depth + 1)
        })
    }

    /// Whether an object literal that names a model may be what a request
    /// sends: not in a config file (those have their own test), not an
    /// answer (`stop_reason`, `usage`, `choices`: a fake or recorded
    /// response names the model that answered), and sent.
    pub(in crate::analysis) fn sent_body(&self, e: ExprId, entries: &[Entry]) -> bool {
        if self.language.is_config() {
            return true;
        }
        let answer = entries.iter().any(|en| {
            en.key.as_deref().is_some_and(|k| RESPONSE_KEYS.contains(&k))
                || en.key.as_deref() == Some("role")
                    && matches!(self.kind(en.value), ExprKind::Str(r) if r == "assistant")
        });
        !answer && self.sent(e)
    }

    /// An object with what only a request carries (`messages`, `prompt`,
    /// `system`, `tools`, `stream`, a non-numeric `input`) is a request body
    /// even where the code that sends it is not in sight (a builder
    /// function's result). A catalogue row has none of them; `input` there is
    /// a price.
    fn request_shaped(&self, entries: &[Entry]) -> bool {
        entries.iter().any(|en| match en.key.as_deref() {
            Some(k) if REQUEST_KEYS.contains(&k) => true,
            Some("input") => !matches!(self.kind(en.value), ExprKind::Int(_) | ExprKind::Float(_)),
            _ => false,
        })
    }

    pub(in crate::analysis) fn passes_on(&self, callee: ExprId) -> bool {
        if let Some(q) = self.qualified(callee)
            && PASS_ON.contains(&q.as_str())
        {
            return true;
        }
        matches!(self.kind(callee), ExprKind::Attr { name, .. } if PASS_ON_METHODS.contains(&name.as_str()))
    }
}
