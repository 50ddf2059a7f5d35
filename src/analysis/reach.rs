//! The requests and functions of the file, which the project index joins
//! into "which code reaches which request", and calls handed to code that
//! may retry them.

use super::*;
use crate::base::ids::{CallId, RequestId};
use crate::facts::{Callee, Function, Request};
use crate::knowledge::retry_libs as libs;

impl Analyzer<'_> {
    /// Mark calls made inside a function literal handed to a call we do not
    /// know (`this.caller.call(async () => …)`, `with_backoff(lambda: …)`):
    /// that code may retry them. Iteration helpers (`map`, `then`, `gather`)
    /// are known not to.
    pub(in crate::analysis) fn opaque_callbacks(&mut self) {
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
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { continue };
            let name = match self.kind(*callee) {
                ExprKind::Attr { name, .. } | ExprKind::Name(name) => name.as_str(),
                _ => "",
            };
            if PLAIN.contains(&name) || libs::SPAWNERS.iter().any(|s| self.qualified(*callee).as_deref() == Some(*s)) {
                continue;
            }
            for a in args {
                if let ExprKind::Function(scope) = self.kind(a.value)
                    && let Some(f) = self.unit.functions.iter().find(|f| f.scope == *scope)
                {
                    passed.push(f.body);
                }
            }
        }
        for call in &mut self.facts.calls {
            call.in_opaque_callback = passed.iter().any(|b| b.contains(call.span));
        }
        for call in &mut self.facts.layer_calls {
            call.in_opaque_callback = passed.iter().any(|b| b.contains(call.span));
        }
    }

    /// Every request the file sends: the API calls, and HTTP requests to any URL.
    pub(in crate::analysis) fn requests(&mut self) {
        let mut requests: Vec<Request> = self
            .facts
            .calls
            .iter()
            .enumerate()
            .map(|(i, c)| Request { span: c.span, call: Some(CallId::new(i)), read: false })
            .collect();
        let known: HashSet<Span> = requests.iter().map(|r| r.span).collect();
        for e in ExprId::all(self.unit.exprs.len()) {
            if !known.contains(&self.span(e))
                && let Some(read) = self.http_request(e)
            {
                requests.push(Request { span: self.span(e), call: None, read });
            }
        }
        self.facts.requests = requests;
    }

    /// A raw HTTP call, and whether it only reads (a GET: model APIs take a
    /// POST with a body). `fetch("…/health")`, `fetch(url, { method: "GET" })`,
    /// `requests.get(…)` read; `fetch(request)` may carry any method.
    fn http_request(&self, e: ExprId) -> Option<bool> {
        let ExprKind::Call { callee, args, .. } = self.kind(e) else { return None };
        let method = match self.kind(*callee) {
            ExprKind::Attr { name, .. } => Some(name.as_str()),
            _ => None,
        };
        const VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "request", "stream", "send"];
        let read = method == Some("get");
        if let Some(q) = self.qualified(*callee) {
            let module = q.split('.').next().unwrap_or("");
            if matches!(q.as_str(), "fetch" | "node-fetch.default" | "ky.default") {
                let Some(init) = args.get(1) else {
                    let url = args.first().map(|a| self.kind(self.follow(a.value)));
                    return Some(matches!(url, Some(ExprKind::Str(_) | ExprKind::Template { .. })));
                };
                let sends = self.object_entries(init.value).is_none_or(|init| {
                    init.iter().any(|en| match en.key.as_deref() {
                        Some("method") => {
                            !matches!(self.kind(en.value), ExprKind::Str(m) if m.eq_ignore_ascii_case("get"))
                        }
                        Some("body") => true,
                        _ => en.spread,
                    })
                });
                return Some(!sends);
            }
            if matches!(q.as_str(), "axios" | "axios.default") {
                return Some(false);
            }
            if matches!(module, "requests" | "httpx" | "aiohttp" | "axios" | "urllib3" | "ky" | "got")
                && method.is_some_and(|m| VERBS.contains(&m))
            {
                return Some(read);
            }
        }
        let method = method?;
        let ExprKind::Attr { base, .. } = self.kind(*callee) else { return None };
        // reqwest: `.post(url)…send()`
        if method == "send" {
            let sends = self.chain_has_method(*base, &["post", "put", "patch", "delete", "request"]);
            return (sends || self.chain_has_method(*base, &["get"])).then_some(!sends);
        }
        // `http.post(...)` on an HTTP client object (`httpx.AsyncClient()`,
        // `requests.Session()`, `aiohttp.ClientSession()`, `reqwest::Client::new()`).
        let target = self.follow(*base);
        if let ExprKind::Call { callee, .. } = self.kind(target)
            && matches!(self.known(*callee), Some(sdks::Known::Http))
        {
            // `vo = voyageai.Client()`, then `vo.embed(...)`.
            let module = self.qualified(*callee).and_then(|q| q.split('.').next().map(str::to_string));
            let api =
                sdks::API_METHODS.iter().any(|(m, methods)| module.as_deref() == Some(*m) && methods.contains(&method));
            return (VERBS.contains(&method) || api).then_some(read);
        }
        None
    }

    pub(in crate::analysis) fn chain_has_method(&self, mut e: ExprId, methods: &[&str]) -> bool {
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

    /// The requests and project functions a body may run many times per
    /// run of it (see `Function::repeated`).
    fn repeated_in(&self, body: Span) -> (Vec<RequestId>, Vec<Callee>) {
        let mut spans: Vec<Span> = self
            .unit
            .loops
            .iter()
            .filter(|l| body.contains(l.body) && !self.unit.exits.iter().any(|e| l.body.contains(*e)))
            .map(|l| l.body)
            .collect();
        spans.extend(
            self.exprs_in(body)
                .filter(|&x| matches!(self.kind(x), ExprKind::Function(_)))
                .map(|x| self.span(x))
                .filter(|s| *s != body),
        );
        let (mut requests, mut callees): (Vec<RequestId>, Vec<Callee>) = (vec![], vec![]);
        for s in spans {
            requests.extend(self.requests_in(s));
            for c in self.callees_in(s) {
                if !callees.contains(&c) {
                    callees.push(c);
                }
            }
        }
        requests.sort();
        requests.dedup();
        (requests, callees)
    }

    pub(in crate::analysis) fn functions(&mut self) {
        let functions: Vec<Function> = self
            .unit
            .functions
            .iter()
            .map(|f| Function {
                name: f.name.clone(),
                top_level: self.unit.scopes[f.scope].parent == Some(MODULE),
                body: f.body,
                requests: self.requests_in(f.body),
                callees: self.callees_in(f.body),
                acquires_limit: self.acquires_limit(f.body),
                imported_names: self.imported_names_in(f.body),
                route: self.in_route(f.body),
                repeated: self.repeated_in(f.body),
            })
            .collect();
        self.facts.functions = functions;
    }
}
