//! The cross-file call graph: which function a callee names in any file
//! (through imports, instances, classes derived in other files and
//! functions passed as arguments), and which requests each retry scope and
//! fan-out reaches.

use std::collections::HashMap;

use super::{Project, parent_member};
use crate::base::ids::{FileId, FunctionId, RequestId};
use crate::facts::{Facts, ImportRef};

impl Project {
    /// Which requests each retry scope reaches, following the functions it
    /// calls across files; and which API calls some retry scope encloses.
    pub(super) fn link_retries(&self, facts: &mut [Option<Facts>]) {
        let links = Links::new(self, facts);
        let mut memo: HashMap<(FileId, FunctionId), Vec<(FileId, RequestId)>> = HashMap::new();
        let mut enclosed = vec![];
        let mut retries = vec![];
        let mut fans = vec![];
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            let mut all = vec![];
            for scope in &f.retry_scopes {
                let reached = links.reached_from(file, &scope.requests, &scope.callees, &mut memo);
                enclosed.extend(reached.iter().copied());
                all.push(reached);
            }
            retries.push((file, all));
            // Fan-outs: what one item reaches, and a limit taken by the function
            // it calls (a semaphore acquired inside the fanned-out function).
            let mut updates = vec![];
            for fan in &f.fan_outs {
                let reached = links.reached_from(file, &fan.requests, &fan.callees, &mut memo);
                let limited = fan.callees.iter().flat_map(|c| links.targets(file, c, 0)).any(|target| {
                    facts[target.0].as_ref().is_some_and(|g| {
                        let func = &g.functions[target.1];
                        func.acquires_limit || func.imported_names.iter().any(|r| self.is_exported_limiter(facts, r))
                    })
                });
                updates.push((reached, limited));
            }
            fans.push((file, updates));
        }
        for (file, all) in retries {
            let f = facts[file].as_mut().unwrap();
            for (scope, reached) in f.retry_scopes.iter_mut().zip(all) {
                scope.reached = reached;
            }
        }
        for (file, updates) in fans {
            let f = facts[file].as_mut().unwrap();
            for (fan, (reached, limited)) in f.fan_outs.iter_mut().zip(updates) {
                fan.reached = reached;
                if limited {
                    fan.bounded = crate::facts::Tri::Yes;
                }
            }
        }
        for (file, req) in enclosed {
            let Some(f) = facts[file].as_mut() else { continue };
            if let Some(call) = f.requests.get(req.index()).and_then(|r| r.call) {
                f.calls[call].enclosed = true;
            }
        }
    }

    /// Decide the sleeps a retry makes through a function imported from
    /// another file (`await sleep(ms)` from `./util/sleep`): a sleep when
    /// that function sleeps (random when it draws its own delay), not one
    /// when it does not or cannot be found; a hand-written retry with no
    /// sleep left is no retry.
    pub(super) fn resolve_sleep_helpers(&self, facts: &mut [Option<Facts>]) {
        let mut decisions: Vec<(FileId, Vec<Vec<Option<bool>>>)> = vec![];
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            if f.retry_scopes.iter().all(|s| s.delays.iter().all(|d| d.helper.is_none())) {
                continue;
            }
            let per_scope = f
                .retry_scopes
                .iter()
                .map(|s| {
                    s.delays
                        .iter()
                        .map(|d| match &d.helper {
                            None => Some(false),
                            Some(r) => self
                                .module_id(&r.module)
                                .and_then(|id| facts[id].as_ref()?.sleep_helpers.get(&r.name).copied()),
                        })
                        .collect()
                })
                .collect();
            decisions.push((file, per_scope));
        }
        for (file, per_scope) in decisions {
            let f = facts[file].as_mut().unwrap();
            for (scope, decided) in f.retry_scopes.iter_mut().zip(per_scope) {
                let mut decided = decided.into_iter();
                scope.delays.retain_mut(|d| match decided.next().flatten() {
                    Some(random) => {
                        if d.helper.take().is_some() && random {
                            d.jitter = crate::facts::Tri::Yes;
                        }
                        true
                    }
                    None => false,
                });
            }
            f.retry_scopes.retain(|s| s.kind != crate::facts::RetryKind::Loop || !s.delays.is_empty());
        }
    }

    /// The function an imported name is: a top-level function of the file
    /// the import points to, or a method of a module-level instance there.
    fn imported_function(&self, facts: &[Option<Facts>], r: &ImportRef) -> Option<(FileId, FunctionId)> {
        let found =
            self.module_id(&r.module).and_then(|id| Some((id, facts[id].as_ref()?.top_level_function(&r.name)?)));
        // `from .llm import shared` then `shared.complete()`: read as the
        // module `llm.shared`, it is the instance `shared` of `llm`.
        found.or_else(|| {
            // `analyst.complete` of `import { analyst } from "./models"`.
            let (module, instance, method) = match r.name.split_once('.') {
                Some((instance, method)) => (r.module.clone(), instance.to_string(), method),
                None => {
                    let (module, instance) = parent_member(&r.module)?;
                    (module, instance, r.name.as_str())
                }
            };
            let id = self.module_id(&module)?;
            let class = facts[id].as_ref()?.exported_instances.get(&instance)?;
            self.class_method(facts, id, class, method)
        })
    }

    /// A method of a module-level class of `file`, or of the first of its
    /// bases (in that file or another) that defines it.
    pub(super) fn class_method(
        &self,
        facts: &[Option<Facts>],
        file: FileId,
        class: &str,
        method: &str,
    ) -> Option<(FileId, FunctionId)> {
        self.in_class_or_bases(facts, file, class, 0, &|id, _, c| {
            c.methods.iter().find(|(n, _)| n == method).map(|(_, f)| Some((id, *f)))
        })
    }

    /// What `pick` finds in a module-level class of `file` (given the
    /// class's file, its facts and the class) or, when it says nothing
    /// (`None`), in its bases in order, in that file or another;
    /// `Some(None)` stops the search empty-handed.
    pub(super) fn in_class_or_bases<T>(
        &self,
        facts: &[Option<Facts>],
        file: FileId,
        class: &str,
        depth: usize,
        pick: &ClassPick<'_, T>,
    ) -> Option<T> {
        const MAX_BASES: usize = 8;
        let f = facts[file].as_ref()?;
        let c = f.classes.iter().find(|c| c.name == class)?;
        if let Some(found) = pick(file, f, c) {
            return found;
        }
        if depth >= MAX_BASES {
            return None;
        }
        c.bases.iter().find_map(|b| match b {
            crate::facts::BaseClass::Local(base) => self.in_class_or_bases(facts, file, base, depth + 1, pick),
            crate::facts::BaseClass::Imported(r) => {
                self.in_class_or_bases(facts, self.module_id(&r.module)?, &r.name, depth + 1, pick)
            }
        })
    }
}

/// What `Project::in_class_or_bases` asks of each class: given the class's
/// file, its facts and the class, an answer, a stop (`Some(None)`), or
/// nothing (`None`: ask its bases).
pub(super) type ClassPick<'p, T> = dyn Fn(FileId, &Facts, &crate::facts::Class) -> Option<Option<T>> + 'p;

/// How deep a parameter is followed to what callers pass to it (a helper
/// handing its function to another helper).
const MAX_PASSES: usize = 4;

/// The cross-file call graph of one link: which function a callee names in
/// any file, through classes derived in other files and functions passed
/// as arguments; and what each function reaches.
pub(super) struct Links<'a> {
    project: &'a Project,
    facts: &'a [Option<Facts>],
    /// Each class (file, name) and the classes derived from it directly.
    derived: HashMap<(FileId, &'a str), Vec<(FileId, &'a str)>>,
    /// Each function and the functions its callers pass it.
    passed: HashMap<(FileId, FunctionId), Vec<(FileId, &'a crate::facts::FnArg)>>,
}

impl<'a> Links<'a> {
    pub(super) fn new(project: &'a Project, facts: &'a [Option<Facts>]) -> Self {
        let mut links = Links { project, facts, derived: HashMap::new(), passed: HashMap::new() };
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            for class in &f.classes {
                for base in &class.bases {
                    let key = match base {
                        crate::facts::BaseClass::Local(b) => (file, b.as_str()),
                        crate::facts::BaseClass::Imported(r) => match project.module_id(&r.module) {
                            Some(id) => (id, r.name.as_str()),
                            None => continue,
                        },
                    };
                    links.derived.entry(key).or_default().push((file, class.name.as_str()));
                }
            }
        }
        let mut passed: HashMap<(FileId, FunctionId), Vec<(FileId, &'a crate::facts::FnArg)>> = HashMap::new();
        for file in FileId::all(facts.len()) {
            let Some(f) = facts[file].as_ref() else { continue };
            for a in &f.fn_args {
                for target in links.targets(file, &a.callee, MAX_PASSES) {
                    passed.entry(target).or_default().push((file, a));
                }
            }
        }
        links.passed = passed;
        links
    }

    /// The requests a piece of code reaches: its own, and those of the
    /// functions it calls (in any file), sorted and without repeats. Reads
    /// (GETs) made in `file` itself are left out: a loop that reads until a
    /// server is up polls, a fan-out of downloads fetches files. Reads in
    /// other files stay: a project's own HTTP layer in a package the index
    /// does not resolve is often seen only as reads.
    pub(super) fn reached_from(
        &self,
        file: FileId,
        requests: &[RequestId],
        callees: &[crate::facts::Callee],
        memo: &mut HashMap<(FileId, FunctionId), Vec<(FileId, RequestId)>>,
    ) -> Vec<(FileId, RequestId)> {
        let mut out: Vec<(FileId, RequestId)> = requests.iter().map(|&r| (file, r)).collect();
        for c in callees {
            for target in self.targets(file, c, 0) {
                out.extend(self.reach(target, memo, &mut vec![]));
            }
        }
        let own = self.facts[file].as_ref();
        out.retain(|&(g, r)| !(g == file && own.is_some_and(|f| f.requests[r.index()].read)));
        out.sort();
        out.dedup();
        out
    }

    /// The requests a function reaches, directly or through what it calls.
    fn reach(
        &self,
        (file, func): (FileId, FunctionId),
        memo: &mut HashMap<(FileId, FunctionId), Vec<(FileId, RequestId)>>,
        stack: &mut Vec<(FileId, FunctionId)>,
    ) -> Vec<(FileId, RequestId)> {
        if let Some(r) = memo.get(&(file, func)) {
            return r.clone();
        }
        if stack.contains(&(file, func)) || stack.len() > 32 {
            return vec![];
        }
        let Some(f) = self.facts[file].as_ref().and_then(|f| f.functions.get(func.index())) else { return vec![] };
        stack.push((file, func));
        let mut out: Vec<(FileId, RequestId)> = f.requests.iter().map(|&r| (file, r)).collect();
        for c in &f.callees {
            for target in self.targets(file, c, 0) {
                out.extend(self.reach(target, memo, stack));
            }
        }
        stack.pop();
        out.sort();
        out.dedup();
        memo.insert((file, func), out.clone());
        out
    }

    /// What callers pass a function for one of its parameters (by position
    /// or by keyword), with the file each caller is in.
    pub(super) fn passed_to<'s>(
        &'s self,
        file: FileId,
        function: FunctionId,
        position: usize,
        name: &'s str,
    ) -> impl Iterator<Item = (FileId, &'a crate::facts::FnArg)> + 's {
        self.passed
            .get(&(file, function))
            .into_iter()
            .flatten()
            .filter(move |(_, a)| a.position == Some(position) || a.key.as_deref() == Some(name))
            .copied()
    }

    /// The functions a callee of `file` may run.
    pub(super) fn targets(&self, file: FileId, c: &crate::facts::Callee, passes: usize) -> Vec<(FileId, FunctionId)> {
        use crate::facts::Callee;
        let (project, facts) = (self.project, self.facts);
        match c {
            Callee::Local(i) => vec![(file, *i)],
            Callee::Imported(r) => project.imported_function(facts, r).into_iter().collect(),
            Callee::Method { class, name } => project
                .module_id(&class.module)
                .and_then(|id| project.class_method(facts, id, &class.name, name))
                .into_iter()
                .collect(),
            Callee::InstanceMethod { instance, name } => project
                .module_id(&instance.module)
                .and_then(|id| {
                    let class = facts[id].as_ref()?.exported_instances.get(&instance.name)?;
                    project.class_method(facts, id, class, name)
                })
                .into_iter()
                .collect(),
            Callee::Virtual { class, name } => {
                let mut out: Vec<(FileId, FunctionId)> =
                    project.class_method(facts, file, class, name).into_iter().collect();
                // Every class derived from it that defines the method again.
                let (mut todo, mut seen) = (vec![(file, class.as_str())], vec![]);
                while let Some(c) = todo.pop() {
                    for &d in self.derived.get(&c).into_iter().flatten() {
                        if seen.contains(&d) || seen.len() >= 64 {
                            continue;
                        }
                        seen.push(d);
                        todo.push(d);
                        let own = facts[d.0].as_ref().and_then(|f| {
                            let class = f.classes.iter().find(|k| k.name == d.1)?;
                            class.methods.iter().find(|(n, _)| n == name).map(|(_, m)| *m)
                        });
                        out.extend(own.map(|m| (d.0, m)));
                    }
                }
                out
            }
            Callee::Param { function, position, name } if passes < MAX_PASSES => self
                .passed_to(file, *function, *position, name)
                .flat_map(|(caller, a)| self.targets(caller, &a.arg, passes + 1))
                .collect(),
            Callee::Param { .. } => vec![],
        }
    }
}
