//! Requests a caller makes through the project's own LLM layer: a call
//! `_llm.complete(p, max_tokens=24000)` whose arguments (or whose
//! instance's constructor arguments) become fields of the request the
//! layer sends. Each becomes an `ApiCall` of the caller's file, at the
//! call, with `routed` set: the fields the caller gives are its own, the
//! others stay the layer's (and are reported there, once).

use std::collections::HashSet;

use super::Project;
use super::links::Links;
use crate::base::diagnostic::Location;
use crate::base::ids::{CallId, ClientId, FileId, FunctionId, RequestId};
use crate::facts::{
    ApiCall, Arg, BaseClass, Callee, Client, Facts, Field, Given, GivenValue, ModelRef, Receiver, Routed, Source,
    SystemPrompt, Tri, Value,
};

/// How many calls deep a value is followed into the layer.
const MAX_DEPTH: usize = 4;

/// What one call gives the function it calls.
#[derive(Clone, Default)]
struct Env {
    /// Values the code shows (`GivenValue::Arg` or `Members`).
    args: Vec<Given>,
    /// The instance, when the caller made it: its class and constructor arguments.
    receiver: Option<Instance>,
}

#[derive(Clone)]
struct Instance {
    file: FileId,
    class: String,
    args: Vec<Given>,
}

/// A request of the layer and the fields a caller gives it.
struct Reached {
    template: (FileId, CallId),
    given: Vec<(Field, Arg)>,
    /// The instance's class, when the caller made it.
    class: Option<(FileId, String)>,
}

/// A reached request and the client its instance's class gives it.
type InstanceClient = (FileId, RequestId, Client);

/// A request to add to a caller's facts.
struct Made {
    file: FileId,
    call: ApiCall,
    client: Option<Client>,
}

impl Project {
    /// Add, to each file, the requests its calls of the project's layer
    /// shape (see the module docs).
    pub(super) fn route_calls(&self, facts: &mut [Option<Facts>]) {
        let links = Links::new(self, facts);
        let mut made: Vec<Made> = vec![];
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            for lc in &f.layer_calls {
                let receiver = match &lc.receiver {
                    Receiver::Made { class, args } => self.instance(file, class, shown(args)),
                    _ => None,
                };
                let env = Env { args: shown(&lc.args), receiver };
                if env.args.is_empty() && env.receiver.as_ref().is_none_or(|r| r.args.is_empty()) {
                    continue;
                }
                let mut reached = vec![];
                self.walk(&links, facts, file, &lc.callee, &env, 0, &mut reached);
                for r in reached {
                    let (g, call) = r.template;
                    let Some(gf) = facts[g].as_ref() else { continue };
                    let template = &gf.calls[call];
                    let mut c = template.clone();
                    c.span = lc.span;
                    c.repeats = lc.repeats;
                    (c.client_import, c.enclosed, c.in_opaque_callback) = (None, false, false);
                    (c.messages, c.messages_prefix, c.max_retries, c.max_tokens, c.system) =
                        (None, None, None, None, None);
                    // The layer's own model still prices the request; it is reported there.
                    c.model = template.model.clone().filter(|m| matches!(m.value.value, Value::Str(_)));
                    for (field, mut arg) in r.given.iter().cloned() {
                        match field {
                            Field::Model => {
                                arg.key = template.model.as_ref().map_or("model".into(), |m| m.key.clone());
                                c.model = Some(arg);
                            }
                            // The caller's own key (`maxTokens: 50000`) names it in the finding.
                            Field::MaxTokens => c.max_tokens = Some(arg),
                            Field::System => {
                                if arg.value.value.as_text().is_none() {
                                    arg.value = crate::facts::Resolved::unknown();
                                }
                                arg.key = "system".into();
                                c.system = Some(SystemPrompt { arg, cached: false, rewritable: false });
                            }
                        }
                    }
                    c.routed = Some(Routed {
                        request: Location { file: g, span: template.span },
                        given: r.given.iter().map(|(f, _)| *f).collect(),
                    });
                    // `self.client`, set again by a derived class: the instance's class decides.
                    let client = match (template.client, &template.client_attr, &r.class) {
                        (Some(i), _, _) => gf.clients.get(i.index()).cloned(),
                        (None, Some(attr), Some((cf, class))) => self.class_client(facts, *cf, class, attr),
                        _ => None,
                    };
                    made.push(Made { file, call: c, client });
                }
            }
        }
        let exposed = self.exposed_requests(&links, facts);
        let decided = self.instance_clients(&links, facts);
        let via = batch_via(self, &links, facts, &made);
        let awaited = awaited_loops(&links, facts, &via);
        drop(links);
        for (file, l, call) in via {
            if let Some(f) = facts[file].as_mut() {
                f.loops[l].batchable_via = Some(Box::new(call));
            }
        }
        for (file, l) in awaited {
            if let Some(f) = facts[file].as_mut() {
                (f.loops[l].batchable_call, f.loops[l].batchable_via) = (None, None);
            }
        }
        for (file, req) in exposed {
            let Some(f) = facts[file].as_mut() else { continue };
            if let Some(call) = f.requests.get(req.index()).and_then(|r| r.call) {
                f.calls[call].exposed = true;
            }
        }
        for (file, scope, clients) in decided {
            if let Some(f) = facts[file].as_mut() {
                f.retry_scopes[scope].instance_clients = clients;
            }
        }
        for m in made {
            let Some(f) = facts[m.file].as_mut() else { continue };
            let mut call = m.call;
            call.client = m.client.map(|client| {
                f.clients.push(client);
                ClientId::new(f.clients.len() - 1)
            });
            if let Some(model) =
                call.model.as_ref().filter(|_| call.routed.as_ref().is_some_and(|r| r.given.contains(&Field::Model)))
            {
                let at = |a: &Arg| a.value.origin.map(|o| o.span).unwrap_or(a.value_span);
                if matches!(model.value.value, Value::Str(_)) && !f.model_refs.iter().any(|r| at(&r.arg) == at(model)) {
                    f.model_refs.push(ModelRef { arg: model.clone(), platform: None });
                }
            }
            f.calls.push(call);
        }
    }

    /// The requests some caller makes outside any retry: a call of the
    /// project's layer not in a retry's body, in a function no retry
    /// reaches, and not handed to code that may retry it.
    fn exposed_requests(&self, links: &Links, facts: &[Option<Facts>]) -> Vec<(FileId, RequestId)> {
        // Only a client with retries off makes exposure matter: the names of
        // the functions of the files that make one are the calls to follow.
        let names: HashSet<&str> = facts
            .iter()
            .flatten()
            .filter(|f| f.clients.iter().any(Client::retries_off))
            .flat_map(|f| f.functions.iter().filter_map(|g| g.name.as_deref()))
            .collect();
        if names.is_empty() {
            return vec![];
        }
        let named = |c: &Callee, f: &Facts| match c {
            Callee::Local(i) => {
                f.functions.get(i.index()).and_then(|g| g.name.as_deref()).is_some_and(|n| names.contains(n))
            }
            Callee::Imported(r) => names.contains(r.name.rsplit('.').next().unwrap_or(&r.name)),
            Callee::Method { name, .. } | Callee::InstanceMethod { name, .. } | Callee::Virtual { name, .. } => {
                names.contains(name.as_str())
            }
            Callee::Param { .. } => false,
        };
        // The functions some retry reaches, in any file.
        let mut retried: HashSet<(FileId, FunctionId)> = HashSet::new();
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            let mut todo: Vec<(FileId, FunctionId)> =
                f.retry_scopes.iter().flat_map(|s| &s.callees).flat_map(|c| links.targets(file, c, 0)).collect();
            while let Some(t) = todo.pop() {
                if retried.len() >= 4096 || !retried.insert(t) {
                    continue;
                }
                if let Some(function) = facts[t.0].as_ref().and_then(|g| g.functions.get(t.1.index())) {
                    todo.extend(function.callees.iter().flat_map(|c| links.targets(t.0, c, 0)));
                }
            }
        }
        let mut out = vec![];
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            for lc in f.layer_calls.iter().filter(|lc| named(&lc.callee, f)) {
                if lc.in_opaque_callback
                    || f.retry_scopes.iter().any(|s| s.body.contains(lc.span))
                    || lc.within.is_some_and(|w| retried.contains(&(file, w)))
                {
                    continue;
                }
                let inst = match &lc.receiver {
                    Receiver::Made { class, .. } => self.instance(file, class, vec![]),
                    _ => None,
                };
                self.requests_through(links, facts, file, &lc.callee, inst.as_ref(), &mut vec![], &mut out);
            }
        }
        // A request inside a retry of its own function (`_create` retrying
        // itself) is retried whoever calls it.
        out.retain(|&(g, req)| {
            facts[g].as_ref().is_some_and(|gf| {
                let Some(at) = gf.requests.get(req.index()).map(|r| r.span) else { return false };
                !gf.retry_scopes.iter().any(|s| s.body.contains(at))
            })
        });
        out.sort();
        out.dedup();
        out
    }

    /// For each retry scope, the clients of the requests it reaches through
    /// an instance it makes the call on, where the instance's class decides
    /// which client `self.client` is.
    fn instance_clients(&self, links: &Links, facts: &[Option<Facts>]) -> Vec<(FileId, usize, Vec<InstanceClient>)> {
        let mut out = vec![];
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            for (i, scope) in f.retry_scopes.iter().enumerate() {
                let mut clients = vec![];
                for lc in f.layer_calls.iter().filter(|lc| scope.body.contains(lc.span)) {
                    let Receiver::Made { class, .. } = &lc.receiver else { continue };
                    let Some(inst) = self.instance(file, class, vec![]) else { continue };
                    self.through_instance(links, facts, file, &lc.callee, &inst, &mut clients);
                }
                // `retry_call(_llm.complete, p)`: the method its callers pass.
                for c in &scope.callees {
                    let Callee::Param { function, position, name } = c else { continue };
                    for (caller, a) in links.passed_to(file, *function, *position, name) {
                        let Some(inst) = a.instance.as_ref().and_then(|k| self.instance(caller, k, vec![])) else {
                            continue;
                        };
                        self.through_instance(links, facts, caller, &a.arg, &inst, &mut clients);
                    }
                }
                if !clients.is_empty() {
                    out.push((file, i, clients));
                }
            }
        }
        out
    }

    /// The requests a call reaches in the functions it runs and their
    /// `self.m()` calls, dispatched on `inst`'s class when it is known
    /// (another instance's methods are not followed).
    #[allow(clippy::too_many_arguments)]
    fn requests_through(
        &self,
        links: &Links,
        facts: &[Option<Facts>],
        file: FileId,
        callee: &Callee,
        inst: Option<&Instance>,
        seen: &mut Vec<(FileId, FunctionId)>,
        out: &mut Vec<(FileId, RequestId)>,
    ) {
        for target in self.dispatch(links, facts, file, callee, inst) {
            if seen.contains(&target) || seen.len() >= 32 {
                continue;
            }
            seen.push(target);
            let (g, func) = target;
            let Some(function) = facts[g].as_ref().and_then(|gf| gf.functions.get(func.index())) else { continue };
            out.extend(function.requests.iter().map(|&r| (g, r)));
            for c in function.callees.iter().filter(|c| matches!(c, Callee::Virtual { .. })) {
                self.requests_through(links, facts, g, c, inst, seen, out);
            }
        }
    }

    /// The requests a method call on `inst` reaches, with the client each
    /// goes through when only the instance's class tells it.
    fn through_instance(
        &self,
        links: &Links,
        facts: &[Option<Facts>],
        file: FileId,
        callee: &Callee,
        inst: &Instance,
        out: &mut Vec<InstanceClient>,
    ) {
        let mut reached = vec![];
        self.requests_through(links, facts, file, callee, Some(inst), &mut vec![], &mut reached);
        for (g, req) in reached {
            let Some(gf) = facts[g].as_ref() else { continue };
            let Some(call) = gf.requests.get(req.index()).and_then(|r| r.call).map(|c| &gf.calls[c]) else { continue };
            if let (None, Some(attr)) = (call.client, &call.client_attr)
                && let Some(client) = self.class_client(facts, inst.file, &inst.class, attr)
            {
                out.push((g, req, client));
            }
        }
    }

    /// The functions a callee runs: for `this.send()` on an instance whose
    /// class the caller made, that class's method, not every override.
    fn dispatch(
        &self,
        links: &Links,
        facts: &[Option<Facts>],
        file: FileId,
        callee: &Callee,
        inst: Option<&Instance>,
    ) -> Vec<(FileId, FunctionId)> {
        match (callee, inst) {
            (Callee::Virtual { name, .. }, Some(inst)) => {
                self.class_method(facts, inst.file, &inst.class, name).into_iter().collect()
            }
            _ => links.targets(file, callee, 0),
        }
    }

    /// The class an instance made in `file` is of, as (file, name).
    fn instance(&self, file: FileId, class: &BaseClass, args: Vec<Given>) -> Option<Instance> {
        let (file, class) = match class {
            BaseClass::Local(name) => (file, name.clone()),
            BaseClass::Imported(r) => (self.module_id(&r.module)?, r.name.clone()),
        };
        Some(Instance { file, class, args })
    }

    /// The requests a call reaches whose fields it gives, through the
    /// functions it calls that hand its values on.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        links: &Links,
        facts: &[Option<Facts>],
        file: FileId,
        callee: &Callee,
        env: &Env,
        depth: usize,
        out: &mut Vec<Reached>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for (g, func) in self.dispatch(links, facts, file, callee, env.receiver.as_ref()) {
            let Some(gf) = facts[g].as_ref() else { continue };
            for route in gf.routes.iter().filter(|r| r.function == func) {
                let given: Vec<(Field, Arg)> = route
                    .flows
                    .iter()
                    .filter_map(|(field, sources)| {
                        // The first source the caller gives decides; a value
                        // handed on whole (an options object) is not one field.
                        match sources.iter().find_map(|s| self.given_for(facts, env, s, 0))? {
                            GivenValue::Arg(a) => Some((*field, a)),
                            _ => None,
                        }
                    })
                    .collect();
                let template = (g, route.call);
                let shown = given.iter().any(|(_, a)| !a.value.value.is_unknown());
                if shown && !out.iter().any(|r| r.template == template) {
                    let class = env.receiver.as_ref().map(|i| (i.file, i.class.clone()));
                    out.push(Reached { template, given, class });
                }
            }
            for inner in gf.layer_calls.iter().filter(|c| c.within == Some(func)) {
                let args: Vec<Given> = inner
                    .args
                    .iter()
                    .filter_map(|a| match &a.value {
                        GivenValue::Source(s) => Some(Given {
                            position: a.position,
                            key: a.key.clone(),
                            value: self.given_for(facts, env, s, 0)?,
                        }),
                        _ => None,
                    })
                    .collect();
                let receiver = match inner.receiver {
                    Receiver::Same => env.receiver.clone(),
                    _ => None,
                };
                if args.is_empty() && receiver.as_ref().is_none_or(|r| r.args.is_empty()) {
                    continue;
                }
                self.walk(links, facts, g, &inner.callee, &Env { args, receiver }, depth + 1, out);
            }
        }
    }

    /// The value a call gives for a parameter (or a member of one), or for
    /// an attribute its instance's constructor set from what it was given.
    fn given_for(&self, facts: &[Option<Facts>], env: &Env, source: &Source, depth: usize) -> Option<GivenValue> {
        match source {
            Source::Param { position, name, member } => {
                let g = env.args.iter().find(|g| {
                    g.position == Some(*position) || (!name.is_empty() && g.key.as_deref() == Some(name.as_str()))
                })?;
                match (member, &g.value) {
                    (None, v) => Some(v.clone()),
                    (Some(m), GivenValue::Members(ms)) => ms.iter().find(|a| a.key == *m).cloned().map(GivenValue::Arg),
                    _ => None,
                }
            }
            Source::Attr(attr) if depth == 0 => {
                let inst = env.receiver.as_ref()?;
                let source = self.field_source(facts, inst.file, &inst.class, attr)?;
                let ctor = Env { args: inst.args.clone(), receiver: None };
                self.given_for(facts, &ctor, &source, depth + 1)
            }
            Source::Attr(_) => None,
        }
    }

    /// The value a request's field takes from its instance when no caller
    /// gives it: the default the constructor of the request's class (or of
    /// the first base that sets the attribute) falls back to
    /// (`self.model = model or settings.default_model`).
    fn attr_default(&self, facts: &[Option<Facts>], file: FileId, call: CallId, field: Field) -> Option<Arg> {
        let f = facts[file].as_ref()?;
        let route = f.routes.iter().find(|r| r.call == call)?;
        let attr = route.flows.iter().find(|(fl, _)| *fl == field)?.1.iter().find_map(|s| match s {
            Source::Attr(a) => Some(a),
            _ => None,
        })?;
        let class = f.classes.iter().find(|c| c.methods.iter().any(|(_, m)| *m == route.function))?;
        self.in_class_or_bases(facts, file, &class.name, 0, &|_, _, c| {
            if let Some((_, arg)) = c.defaults.iter().find(|(a, _)| a == attr) {
                return Some(Some(arg.clone()).filter(|a| !a.value.value.is_unknown()));
            }
            c.fields.iter().any(|(a, _)| a == attr).then_some(None)
        })
    }

    /// The client a class (or the first base that sets it) keeps in an attribute.
    fn class_client(&self, facts: &[Option<Facts>], file: FileId, class: &str, attr: &str) -> Option<Client> {
        self.in_class_or_bases(facts, file, class, 0, &|_, f, c| {
            let (_, i) = c.clients.iter().find(|(a, _)| a == attr)?;
            Some(Some(f.clients.get(i.index())?.clone()))
        })
    }

    /// The constructor parameter a class (or the base whose constructor
    /// it inherits) sets an attribute from.
    fn field_source(&self, facts: &[Option<Facts>], file: FileId, class: &str, attr: &str) -> Option<Source> {
        self.in_class_or_bases(facts, file, class, 0, &|_, _, c| match c.fields.iter().find(|(a, _)| a == attr) {
            Some((_, s)) => Some(Some(s.clone())),
            // Its own constructor sets it from nothing it is given.
            None if c.methods.iter().any(|(n, _)| crate::facts::CONSTRUCTORS.contains(&n.as_str())) => Some(None),
            None => None,
        })
    }
}

/// The arguments whose values the code shows.
fn shown(args: &[Given]) -> Vec<Given> {
    args.iter().filter(|g| !matches!(g.value, GivenValue::Source(_))).cloned().collect()
}

/// The one request a loop with no request of its own sends per item
/// through the project's layer (`for doc in docs: titles.append(describe(doc))`):
/// its calls of project functions reach exactly one model request, made once
/// per call (not in a loop, a fan-out or a stream of its own; a retry around
/// it is still one request), with a model id the code shows: the layer's
/// own, or the one this call gives it (`Made`).
fn batch_via(
    project: &Project,
    links: &Links,
    facts: &[Option<Facts>],
    made: &[Made],
) -> Vec<(FileId, usize, ApiCall)> {
    let mut memo = Default::default();
    let mut out = vec![];
    for file in FileId::all(facts.len()) {
        let Some(f) = facts[file].as_ref() else { continue };
        for (i, l) in f.loops.iter().enumerate() {
            if l.wrapper_calls.is_empty() || l.batchable_call.is_some() {
                continue;
            }
            let callees: Vec<Callee> = l.wrapper_calls.iter().map(|(c, _)| c.clone()).collect();
            let mut sent: Vec<(FileId, CallId)> = links
                .reached_from(file, &[], &callees, &mut memo)
                .into_iter()
                .filter_map(|(g, r)| Some((g, facts[g].as_ref()?.requests.get(r.index())?.call?)))
                .collect();
            sent.dedup();
            let [(g, call)] = sent[..] else { continue };
            let Some(gf) = facts[g].as_ref() else { continue };
            let template = &gf.calls[call];
            let once = callees.iter().all(|c| once_per_call(links, facts, file, c, &mut memo, &mut vec![]));
            if !once || template.streaming == Tri::Yes || template.batch {
                continue;
            }
            let mut c = template.clone();
            c.routed = None;
            let at = Location { file: g, span: template.span };
            let given = made.iter().find(|m| {
                m.file == file
                    && l.wrapper_calls.iter().any(|(_, s)| *s == m.call.span)
                    && m.call.routed.as_ref().is_some_and(|r| r.request == at)
            });
            if let Some(m) = given.map(|m| &m.call) {
                let gives = |field| m.routed.as_ref().is_some_and(|r| r.given.contains(&field));
                if gives(Field::Model) {
                    c.model = m.model.clone();
                }
                if gives(Field::MaxTokens) {
                    c.max_tokens = m.max_tokens.clone();
                }
            }
            // A model no caller gives: the instance's default. (Only the
            // model: a bound method handed to a helper, `retry_call(_llm.complete, p)`,
            // carries no constructor arguments, so a cap its constructor was
            // given would be read as the default, and the price with it.)
            if c.model.as_ref().is_none_or(|m| m.value.value.is_unknown())
                && let Some(default) = project.attr_default(facts, g, call, Field::Model)
            {
                c.model = Some(Arg { key: c.model.as_ref().map_or(default.key.clone(), |m| m.key.clone()), ..default });
            }
            if c.model_id().is_some() {
                out.push((file, i, c));
            }
        }
    }
    out
}

/// Whether each call of `callee` sends at most one request: no function on
/// the way sends or calls, in a loop or per item of a collection, code that
/// reaches a request (see `Function::repeated`).
fn once_per_call(
    links: &Links,
    facts: &[Option<Facts>],
    file: FileId,
    callee: &Callee,
    memo: &mut std::collections::HashMap<(FileId, FunctionId), Vec<(FileId, RequestId)>>,
    seen: &mut Vec<(FileId, FunctionId)>,
) -> bool {
    for (g, func) in links.targets(file, callee, 0) {
        if seen.contains(&(g, func)) || seen.len() > 64 {
            continue;
        }
        seen.push((g, func));
        let Some(f) = facts[g].as_ref().and_then(|gf| gf.functions.get(func.index())) else { continue };
        let (requests, callees) = &f.repeated;
        if !requests.is_empty() || !links.reached_from(g, &[], callees, memo).is_empty() {
            return false;
        }
        if !f.callees.iter().all(|c| once_per_call(links, facts, g, c, memo, seen)) {
            return false;
        }
    }
    true
}

/// Loops of requests in functions a web route calls: someone waits for the
/// answer (a ranking per query), so a batch API's hours are not an option.
/// `via`: the loops `batch_via` found, not yet in the facts.
fn awaited_loops(links: &Links, facts: &[Option<Facts>], via: &[(FileId, usize, ApiCall)]) -> Vec<(FileId, usize)> {
    let mut out = vec![];
    for file in FileId::all(facts.len()) {
        let Some(f) = facts[file].as_ref() else { continue };
        for lc in &f.layer_calls {
            if !lc.within.and_then(|w| f.functions.get(w.index())).is_some_and(|w| w.route) {
                continue;
            }
            for (g, target) in links.targets(file, &lc.callee, 0) {
                let Some(gf) = facts[g].as_ref() else { continue };
                let Some(body) = gf.functions.get(target.index()).map(|t| t.body) else { continue };
                for (i, l) in gf.loops.iter().enumerate() {
                    let batchable = l.batchable_call.is_some() || via.iter().any(|(vf, vl, _)| (*vf, *vl) == (g, i));
                    if batchable && body.contains(l.span) && !out.contains(&(g, i)) {
                        out.push((g, i));
                    }
                }
            }
        }
    }
    out
}
