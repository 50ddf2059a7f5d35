//! The project's own LLM layer as data, for requests its callers shape:
//! which request fields a function takes from its parameters or its
//! instance (`Facts::routes`), which attributes a constructor sets from its
//! parameters (`Class::fields`), and what each call of a project function
//! passes (`Facts::layer_calls`). The project index joins them into the
//! requests a caller makes through the layer (`ApiCall::routed`).

use super::*;
use crate::base::ids::{CallId, FunctionId};
use crate::facts::{BaseClass, Callee, Field, Given, GivenValue, LayerCall, Receiver, Route, Source};

/// A class's `Class::fields` and `Class::defaults`.
type Fields = (Vec<(String, Source)>, Vec<(String, Arg)>);

/// How far a value is followed to the parameter it comes from.
const MAX_FOLLOW: usize = 4;

impl Analyzer<'_> {
    /// The routes and the layer calls of the file.
    pub(in crate::analysis) fn routes(&mut self) {
        let by_span: HashMap<Span, CallId> =
            self.facts.calls.iter().enumerate().map(|(i, c)| (c.span, CallId::new(i))).collect();
        let mut routes = vec![];
        let mut layer_calls = vec![];
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { continue };
            if let Some(&call) = by_span.get(&self.span(e)) {
                if let Some(route) = self.route(e, call, args) {
                    routes.push(route);
                }
                continue;
            }
            if let Some(lc) = self.layer_call(e, *callee, args) {
                layer_calls.push(lc);
            }
        }
        self.facts.routes = routes;
        self.facts.layer_calls = layer_calls;
    }

    /// The fields of a request its function takes from its callers.
    fn route(&self, e: ExprId, call: CallId, args: &[Entry]) -> Option<Route> {
        let function = self.enclosing_function(self.span(e))?;
        let (entries, _) = self.request_entries(args);
        let find = |field: Field| {
            entries.iter().rev().find(|en| match field {
                Field::Model => self.is_model_entry(en),
                Field::MaxTokens => en.key.as_deref().is_some_and(|k| sdks::MAX_TOKENS_KEYS.contains(&k)),
                Field::System => en.key.as_deref() == Some("system"),
            })
        };
        let flows: Vec<(Field, Vec<Source>)> = [Field::Model, Field::MaxTokens, Field::System]
            .into_iter()
            .filter_map(|field| {
                let mut sources = vec![];
                self.sources_of(find(field)?.value, &mut sources);
                (!sources.is_empty()).then_some((field, sources))
            })
            .collect();
        (!flows.is_empty()).then_some(Route { function, call, flows })
    }

    /// The innermost function whose body holds a span.
    pub(in crate::analysis) fn enclosing_function(&self, span: Span) -> Option<FunctionId> {
        (0..self.unit.functions.len())
            .filter(|&i| self.unit.functions[i].body.contains(span))
            .min_by_key(|&i| self.unit.functions[i].body.end - self.unit.functions[i].body.start)
            .map(FunctionId::new)
    }

    /// Where a value comes from, when its function is given it: a parameter
    /// (or a member of one), or an attribute of the instance; through
    /// `x or default`, `x if x else NOT_GIVEN` and locals bound once.
    pub(in crate::analysis) fn source_of(&self, e: ExprId, depth: usize) -> Option<Source> {
        if depth > MAX_FOLLOW {
            return None;
        }
        match self.kind(e) {
            ExprKind::Name(n) => {
                if let Some((scope, index)) = self.param_of(self.scope(e), n) {
                    let position = self.param_position(scope, index)?;
                    return Some(Source::Param { position, name: n.clone(), member: None });
                }
                if let Some(source) = self.destructured(self.scope(e), n) {
                    return Some(source);
                }
                let f = self.follow(e);
                (f != e).then(|| self.source_of(f, depth + 1)).flatten()
            }
            ExprKind::Attr { base, name } => match self.kind(*base) {
                ExprKind::Name(b) if b == "self" || b == "this" => Some(Source::Attr(name.clone())),
                ExprKind::Name(_) => match self.source_of(*base, depth + 1)? {
                    Source::Param { position, name: param, member: None } => {
                        Some(Source::Param { position, name: param, member: Some(name.clone()) })
                    }
                    _ => None,
                },
                _ => None,
            },
            ExprKind::Binary { op: BinOp::Or, left, .. } => self.source_of(*left, depth + 1),
            ExprKind::Cond { then, .. } => self.source_of(*then, depth + 1),
            _ => None,
        }
    }

    /// Every source a value may come from, first choice first: `x or y`
    /// is `x` when the caller gives it, else `y`.
    fn sources_of(&self, e: ExprId, out: &mut Vec<Source>) {
        match self.kind(e) {
            ExprKind::Binary { op: BinOp::Or, left, right } if out.len() < MAX_FOLLOW => {
                self.sources_of(*left, out);
                self.sources_of(*right, out);
            }
            _ => out.extend(self.source_of(e, 0)),
        }
    }

    /// A name bound by an object pattern parameter (`{ system }: Options`):
    /// that member of the parameter.
    fn destructured(&self, scope: ScopeId, name: &str) -> Option<Source> {
        let mut s = Some(scope);
        while let Some(id) = s {
            let sc = &self.unit.scopes[id];
            if sc.names.contains_key(name) {
                let (index, key) = sc.params.iter().enumerate().find_map(|(i, p)| {
                    p.fields.iter().find(|(_, local)| local == name).map(|(key, _)| (i, key.clone()))
                })?;
                let position = self.param_position(id, index)?;
                return Some(Source::Param { position, name: String::new(), member: Some(key) });
            }
            s = sc.parent;
        }
        None
    }

    /// What a call of a project function passes that a route may take.
    fn layer_call(&self, e: ExprId, callee: ExprId, args: &[Entry]) -> Option<LayerCall> {
        let target = self.callee(callee)?;
        match &target {
            Callee::Param { .. } => return None,
            // A function of this file that sends nothing and calls nothing of the project.
            Callee::Local(f)
                if self
                    .facts
                    .functions
                    .get(f.index())
                    .is_some_and(|f| f.requests.is_empty() && f.callees.is_empty()) =>
            {
                return None;
            }
            _ => {}
        }
        let receiver = match (&target, self.kind(callee)) {
            (Callee::Virtual { .. }, _) => Receiver::Same,
            (_, ExprKind::Attr { base, .. }) => self.receiver(*base),
            _ => Receiver::None,
        };
        let args = self.given(args);
        let shows = |g: &Given| !matches!(&g.value, GivenValue::Arg(a) if matches!(a.value.value, Value::Unknown));
        // An instance made here is kept whatever it is given: its class is
        // known exactly (which `self.client` a retry reaches).
        let made = matches!(&receiver, Receiver::Made { .. });
        // A call from a web route is kept too: what it reaches is awaited.
        let span = self.span(e);
        if !args.iter().any(shows) && !made && !self.in_route(span) {
            return None;
        }
        Some(LayerCall {
            callee: target,
            span,
            within: self.enclosing_function(span),
            args,
            receiver,
            repeats: self.repeats(span),
            in_opaque_callback: false,
        })
    }

    /// The instance a method is called on: the caller's own (`self.x()`,
    /// `super().x()`), or one made here by a constructor call.
    pub(in crate::analysis) fn receiver(&self, base: ExprId) -> Receiver {
        match self.kind(base) {
            ExprKind::Name(n) if n == "self" || n == "this" || n == "super" => return Receiver::Same,
            ExprKind::Call { callee, .. } if matches!(self.kind(*callee), ExprKind::Name(n) if n == "super") => {
                return Receiver::Same;
            }
            _ => {}
        }
        let made = self.follow(base);
        let ExprKind::Call { callee, args, .. } = self.kind(made) else { return Receiver::None };
        let class = match self.instance_class(made) {
            Some(super::methods::ClassTarget::Local(scope)) => match &self.unit.scopes[scope].name {
                Some(n) if self.unit.scopes[scope].parent == Some(MODULE) => BaseClass::Local(n.clone()),
                _ => return Receiver::None,
            },
            Some(super::methods::ClassTarget::Imported(r)) => BaseClass::Imported(r),
            None => return Receiver::None,
        };
        // `Claude::new(key)`, `LLM.from_config(c)`: not the constructor's own parameters.
        if matches!(self.kind(*callee), ExprKind::Attr { .. }) && !self.is_project_import(*callee) {
            return Receiver::Made { class, args: vec![] };
        }
        Receiver::Made { class, args: self.given(args) }
    }

    /// The arguments of a call that can matter to a request: values the code
    /// shows, object literals, and parameters handed on.
    fn given(&self, args: &[Entry]) -> Vec<Given> {
        let mut out = vec![];
        for (a, pos) in super::methods::positioned(args) {
            let value = if let Some(source) = self.source_of(a.value, 0) {
                GivenValue::Source(source)
            } else if let Some(entries) = self.object_entries(a.value) {
                let members: Vec<Arg> = entries
                    .iter()
                    .map(|en| self.make_arg(en))
                    .filter(|m| !matches!(m.value.value, Value::Unknown))
                    .collect();
                if members.is_empty() {
                    continue;
                }
                GivenValue::Members(members)
            } else {
                // Kept when unknown too: a parameter given a value the code
                // does not show is not one left to its default.
                GivenValue::Arg(self.make_arg(a))
            };
            out.push(Given { position: pos, key: a.key.clone(), value });
        }
        out
    }

    /// The attributes a class's constructor sets from its parameters, and
    /// the values it sets them to when it is not given them (`x or D`, `x
    /// if x else D`: `D`).
    pub(in crate::analysis) fn constructor_fields(&self, class: ScopeId) -> Fields {
        let ctor = crate::facts::CONSTRUCTORS.iter().find_map(|n| self.own_method(class, n));
        let Some(ctor) = ctor else {
            return (vec![], vec![]);
        };
        let ctor = &self.unit.functions[ctor.index()];
        let (mut fields, mut defaults) = (vec![], vec![]);
        for (key, bindings) in &self.unit.scopes[class].names {
            let Some(attr) = key.strip_prefix("self.").or_else(|| key.strip_prefix("this.")) else { continue };
            let [Binding::Value(v)] = bindings.as_slice() else { continue };
            if !ctor.span.contains(self.span(*v)) {
                continue;
            }
            if let Some(source @ Source::Param { .. }) = self.source_of(*v, 0) {
                fields.push((attr.to_string(), source));
                if let Some(d) = self.fallback(*v) {
                    let arg = Arg {
                        key: attr.to_string(),
                        span: self.span(d),
                        value_span: self.span(d),
                        value: self.resolve(d),
                    };
                    defaults.push((attr.to_string(), arg));
                }
            }
        }
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        defaults.sort_by(|a, b| a.0.cmp(&b.0));
        (fields, defaults)
    }

    /// The value taken when a parameter is not given: the last choice of
    /// `x or D`, the other branch of `x if x else D`.
    fn fallback(&self, e: ExprId) -> Option<ExprId> {
        match self.kind(e) {
            ExprKind::Binary { op: BinOp::Or, right, .. } => {
                self.fallback(*right).or_else(|| self.source_of(*right, 0).is_none().then_some(*right))
            }
            ExprKind::Cond { otherwise, .. } => (self.source_of(*otherwise, 0).is_none()).then_some(*otherwise),
            _ => None,
        }
    }
}
