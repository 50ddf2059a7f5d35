//! Agent frameworks' turn limits (`knowledge::agents`): a limit lifted
//! (`Runner.run(agent, task, max_turns=None)`, `{"recursion_limit":
//! float("inf")}`), or a run that has none by default and is given none.

use super::*;
use crate::facts::LiftedLimit;
use crate::knowledge::agents::{self, Site, TURN_LIMITS, TurnLimit};

impl<'u> Analyzer<'u> {
    pub(in crate::analysis) fn lifted_limits(&mut self) {
        // The rows of the frameworks the file imports.
        // (Not in a framework's own package: its internals lift its limits
        // on purpose, `pydantic_ai/agent/__init__.py`'s realtime sessions.)
        let own = |m: &str| {
            self.language == Language::Python
                && !agents::COMMON_NAMES.contains(&m)
                && self.path.parent().is_some_and(|d| d.iter().any(|c| c.to_str() == Some(m)))
        };
        let rows: Vec<usize> = (0..TURN_LIMITS.len())
            .filter(|&i| {
                let modules = TURN_LIMITS[i].modules();
                !modules.iter().any(|m| own(m))
                    && self.unit.imports.values().any(|imp| modules.iter().any(|m| in_module(&imp.qualified, m)))
            })
            .collect();
        let shows_model = std::cell::OnceCell::new();
        let rows: Vec<usize> = rows
            .into_iter()
            .filter(|&i| !TURN_LIMITS[i].needs_model || *shows_model.get_or_init(|| self.shows_model()))
            .collect();
        if rows.is_empty() {
            return;
        }
        let mut seen: Set<Span> = Set::default();
        let mut out = vec![];
        // The calls that take a limit first: a limit given to one is that
        // framework's, whatever else the file imports.
        for e in ExprId::all(self.unit.exprs.len()) {
            if let ExprKind::Call { callee, args, .. } = self.kind(e) {
                self.call_limits(e, *callee, args, &rows, &mut seen, &mut out);
            }
        }
        // Then a limit anywhere in a file of a framework that takes it so.
        let module_rows: Vec<usize> =
            rows.into_iter().filter(|&i| matches!(TURN_LIMITS[i].site, Site::Module(_))).collect();
        for e in ExprId::all(self.unit.exprs.len()) {
            let (ExprKind::Call { args: entries, .. } | ExprKind::Object(entries)) = self.kind(e) else { continue };
            for en in entries.iter().filter(|en| !en.spread) {
                let Some(key) = en.key.as_deref() else { continue };
                let Some(&i) = module_rows.iter().find(|&&i| TURN_LIMITS[i].keys.contains(&key)) else { continue };
                if self.lifts(&TURN_LIMITS[i], en) && seen.insert(en.span) {
                    out.push(LiftedLimit { span: en.span, limit: i, given: true });
                }
            }
        }
        self.facts.lifted_limits = out;
    }

    /// The limits a call of a `Site::Call` row takes: keyword arguments and
    /// the entries of its object arguments (`run(agent, input, { maxTurns })`).
    fn call_limits(
        &self,
        c: ExprId,
        callee: ExprId,
        args: &[Entry],
        rows: &[usize],
        seen: &mut Set<Span>,
        out: &mut Vec<LiftedLimit>,
    ) {
        let Some(q) = self.qualified(callee) else { return };
        let Some(&i) =
            rows.iter().find(|&&i| matches!(TURN_LIMITS[i].site, Site::Call(names) if names.contains(&q.as_str())))
        else {
            return;
        };
        let row = &TURN_LIMITS[i];
        let mut entries = self.expand(args, 0);
        for a in args.iter().filter(|a| a.key.is_none() && !a.spread) {
            entries.extend(self.object_entries(a.value).unwrap_or_default());
        }
        let given =
            |keys: &[&str]| entries.iter().rev().find(|en| en.key.as_deref().is_some_and(|k| keys.contains(&k)));
        match given(row.keys) {
            Some(en) if self.lifts(row, en) && seen.insert(en.span) => {
                out.push(LiftedLimit { span: en.span, limit: i, given: true });
            }
            // No limit by default, none given, nothing else to stop it,
            // nothing spread in that might be one, and no person in it.
            None if row.default.is_none()
                && !args.iter().any(|a| a.spread)
                && !self.has_participant(args, row.conversation_with)
                && given(row.stops).is_none_or(|en| {
                    matches!(self.kind(self.follow(en.value)), ExprKind::Null | ExprKind::Undefined)
                })
                && seen.insert(self.span(c)) =>
            {
                out.push(LiftedLimit { span: self.span(c), limit: i, given: false });
            }
            _ => {}
        }
    }

    /// Whether a participant of a team (an item of a list argument) is made
    /// by one of `makers` (`UserProxyAgent(...)`).
    fn has_participant(&self, args: &[Entry], makers: &[&str]) -> bool {
        let made_by = |e: ExprId| match self.kind(self.follow(e)) {
            ExprKind::Call { callee, .. } => self.qualified(*callee).is_some_and(|q| makers.contains(&q.as_str())),
            _ => false,
        };
        !makers.is_empty()
            && args.iter().any(|a| match self.kind(self.follow(a.value)) {
                ExprKind::Array(items) => items.iter().any(|&i| made_by(i)),
                _ => false,
            })
    }

    /// Whether the file shows a model that a graph may call: a request, an
    /// SDK, a provider's LangChain package, or a model id the table knows.
    fn shows_model(&self) -> bool {
        let model_package = |q: &str| {
            (q.starts_with("langchain_") || q.starts_with("@langchain/"))
                && !agents::NOT_MODEL_PACKAGES.iter().any(|p| q.starts_with(p))
        };
        !self.facts.calls.is_empty()
            || !self.sdk_imports.is_empty()
            || self.unit.imports.values().any(|i| model_package(&i.qualified))
            || ExprId::all(self.unit.exprs.len()).any(|e| match self.kind(e) {
                ExprKind::Str(s) => s.len() <= 100 && !matches!(self.models.lookup(s), Lookup::Unknown),
                _ => false,
            })
    }

    /// Whether the entry's value lifts the row's limit: a count no run
    /// reaches (`float("inf")`, `sys.maxsize`, a million or more), a null
    /// where the framework reads it as no limit, or a stop condition that
    /// never stops (`isLoopFinished()`, `[]`, `stepCountIs(Infinity)`).
    fn lifts(&self, row: &TurnLimit, en: &Entry) -> bool {
        let condition = en.key.as_deref().is_some_and(|k| agents::STOP_CONDITION_KEYS.contains(&k));
        if condition { self.never_stops(en.value) } else { self.unbounded(en.value, row.null_lifts) }
    }

    /// A count that is no limit.
    fn unbounded(&self, e: ExprId, null_lifts: bool) -> bool {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Null => null_lifts,
            ExprKind::Float(f) => *f >= agents::LIFTED_AT as f64,
            ExprKind::Name(_) | ExprKind::Attr { .. } => {
                self.qualified(e).is_some_and(|q| agents::UNBOUNDED_NAMES.contains(&q.as_str()))
            }
            // `float("inf")`
            ExprKind::Call { callee, args, .. } => {
                self.qualified(*callee).as_deref() == Some("float")
                    && args.first().is_some_and(|a| match self.kind(a.value) {
                        ExprKind::Str(s) => {
                            matches!(s.trim().to_ascii_lowercase().as_str(), "inf" | "+inf" | "infinity" | "+infinity")
                        }
                        _ => false,
                    })
            }
            _ => matches!(self.resolve(e).value, Value::Int(n) if n >= agents::LIFTED_AT),
        }
    }

    /// A stop condition that never stops the loop.
    fn never_stops(&self, e: ExprId) -> bool {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Array(items) => items.iter().all(|&i| self.never_stops(i)),
            ExprKind::Call { callee, args, .. } => {
                let q = self.qualified(*callee);
                let name = q.as_deref().and_then(|q| q.rsplit('.').next()).unwrap_or_default();
                agents::NEVER_STOPS.contains(&name)
                    || (agents::STEP_COUNTS.contains(&name)
                        && args.first().is_some_and(|a| self.unbounded(a.value, false)))
            }
            _ => false,
        }
    }
}

/// Whether an import's qualified name is in `module` (`langgraph.graph.StateGraph`
/// in `langgraph`, `@mastra/core/agent.Agent` in `@mastra/core`).
fn in_module(qualified: &str, module: &str) -> bool {
    qualified.strip_prefix(module).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '/']))
}
