//! Retry scopes: library policies (tables in `retry_libs.rs`) and hand-written
//! loops (request, catch or status check, sleep, go round), with their delay
//! shape, jitter, stop condition, what they retry on and the requests they
//! enclose. Also the requests and functions of the file, which the project
//! index joins into "which code reaches which request".

use std::collections::{HashMap, HashSet};

mod hand_written;
mod policy;

use super::{Analyzer, Found, MAX_DEPTH};
use crate::base::diagnostic::Edit;
use crate::base::ids::{FunctionId, RequestId};
use crate::base::source::Span;
use crate::facts::{Callee, Delay, RetryKind, RetryScope, Tri, Value};
use crate::frontend::ir::{BinOp, Binding, Entry, ExprId, ExprKind, LoopInfo, LoopKind, ScopeId};
use crate::knowledge::retry_libs::{self as libs, Effect, Form, JitterFix, RetryLib, When};

/// How many helpers deep a sleep's delay is looked for (`retry()` calls
/// `backoff(n)`, which calls `sleep(ms)`).
const MAX_HELPER_DEPTH: usize = 4;

/// A policy as its options leave it.
pub(in crate::analysis) struct Policy {
    jitter: Tri,
    bounded: Tri,
    attempts: Option<i64>,
    retry_all: bool,
    /// Retries only when the model's answer fails to parse or validate
    /// (`retry_if_exception_type((JSONDecodeError, ValidationError))`): it
    /// asks again for a better answer, it does not retry a failed request.
    output_only: bool,
    from_retry_after: bool,
    /// The wait/backoff argument, where a jitter finding belongs.
    wait: Option<Span>,
    /// The edits that add jitter, when the library has a safe rewrite.
    jitter_edits: Option<Vec<Edit>>,
}

impl Analyzer<'_> {
    /// Retry scopes; needs the reach pass (`facts.requests`, `facts.functions`).
    pub(super) fn retries(&mut self) {
        let by_scope: HashMap<ScopeId, usize> =
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
        // Functions that call themselves again from their failure handler.
        for f in FunctionId::all(self.unit.functions.len()) {
            scopes.extend(self.recursive(f));
        }
        // Wrappers, methods and spawners.
        for e in ExprId::all(self.unit.exprs.len()) {
            if let Some(s) = self.call_scope(e, &by_scope) {
                scopes.push(s);
            }
        }
        self.facts.retry_scopes = scopes;
    }

    // ---- requests and functions --------------------------------------------------

    pub(super) fn requests_in(&self, span: Span) -> Vec<RequestId> {
        self.facts
            .requests
            .iter()
            .enumerate()
            .filter(|(_, r)| span.contains(r.span))
            .map(|(i, _)| RequestId::new(i))
            .collect()
    }

    /// The project functions called inside a span.
    pub(super) fn callees_in(&self, span: Span) -> Vec<Callee> {
        let mut out = vec![];
        for e in self.exprs_in(span) {
            let ExprKind::Call { callee, .. } = self.kind(e) else { continue };
            if let Some(c) = self.callee(*callee)
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
        out
    }

    /// What a callee expression names: a function of this file or an
    /// imported one. Asked of the same call by several passes (the
    /// functions around it, retries, fan-outs, routes): worked out once.
    pub(super) fn callee(&self, c: ExprId) -> Option<Callee> {
        if let Some(known) = self.callees.borrow().get(&c) {
            return known.clone();
        }
        let found = self.callee_uncached(c);
        self.callees.borrow_mut().insert(c, found.clone());
        found
    }

    fn callee_uncached(&self, c: ExprId) -> Option<Callee> {
        if let Some(v) = self.virtual_callee(c).or_else(|| self.param_callee(c)) {
            return Some(v);
        }
        let target = match self.member_binding(c) {
            Some(Found::Value(v)) => v,
            // `self.name` not bound in its own class: inherited, perhaps.
            Some(_) => return self.method_callee(c),
            None => self.follow(c),
        };
        if matches!(self.kind(target), ExprKind::Function(_)) {
            return self.function_of(target).map(Callee::Local);
        }
        match self.resolve(c).value {
            Value::Import(r) => Some(Callee::Imported(r)),
            _ => self.method_callee(c),
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

    /// Sleep calls in a span: (the call's span, the delay expression).
    pub(super) fn sleeps_in(&self, span: Span) -> Vec<(Span, Option<ExprId>)> {
        self.sleeps_within(span, &mut vec![])
    }

    /// Every expression a name is assigned or updated with, in the scope that
    /// binds it.
    pub(super) fn bindings_of(&self, scope: ScopeId, name: &str) -> Vec<ExprId> {
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
    pub(super) fn declared_bindings(&self, scope: ScopeId, name: &str) -> Option<&Vec<Binding>> {
        let mut s = Some(scope);
        while let Some(id) = s {
            if let Some(bs) = self.unit.scopes[id].names.get(name) {
                return Some(bs);
            }
            s = self.unit.scopes[id].parent;
        }
        None
    }
}

fn is_retry_after_word(s: &str) -> bool {
    let l = s.to_ascii_lowercase().replace(['-', '_'], "");
    l.contains("retryafter") || l.contains("ratelimitreset")
}
