//! Methods of the project's own classes: which function a call on an
//! instance reaches (`llm = LLM(); llm.complete()`, `self.llm.complete()`,
//! `super().complete()`, a method inherited from a base class), and the
//! module-level classes other files call methods of.

use super::*;
use crate::base::ids::FunctionId;
use crate::facts::{BaseClass, Callee, Class};

/// How deep base classes are followed.
const MAX_BASES: usize = 8;

/// A class, as a call site can name it.
enum ClassTarget {
    Local(ScopeId),
    Imported(ImportRef),
}

impl<'u> Analyzer<'u> {
    /// The function a method call reaches, for a callee `recv.name` whose
    /// receiver is an instance of a project class, `self`/`this`, or `super`.
    pub(in crate::analysis) fn method_callee(&self, callee: ExprId) -> Option<Callee> {
        let ExprKind::Attr { base, name } = self.kind(callee) else { return None };
        match self.kind(*base) {
            ExprKind::Name(n) if n == "self" || n == "this" => {
                let class = self.unit.class_of(self.scope(callee))?;
                self.method_in(class, name, 0)
            }
            // `super().name(…)` (Python), `super.name(…)` (JS): the bases only.
            ExprKind::Name(n) if n == "super" => self.inherited(self.unit.class_of(self.scope(callee))?, name, 0),
            ExprKind::Call { callee: f, .. } if matches!(self.kind(*f), ExprKind::Name(n) if n == "super") => {
                self.inherited(self.unit.class_of(self.scope(callee))?, name, 0)
            }
            _ => match self.instance_class(*base) {
                Some(ClassTarget::Local(class)) => self.method_in(class, name, 0),
                Some(ClassTarget::Imported(class)) => Some(Callee::Method { class, name: name.clone() }),
                // An instance another project file makes at module level.
                None if self.is_project_import(*base) => match self.resolve(*base).value {
                    Value::Import(instance) => Some(Callee::InstanceMethod { instance, name: name.clone() }),
                    _ => None,
                },
                None => None,
            },
        }
    }

    /// The class `e` is an instance of: a constructor call, seen through the
    /// names and attributes it is bound to.
    fn instance_class(&self, e: ExprId) -> Option<ClassTarget> {
        match self.kind(self.follow(e)) {
            ExprKind::Call { callee, .. } => self.class_target(*callee),
            _ => None,
        }
    }

    /// A class expression: one of this file, or one imported from a project file.
    fn class_target(&self, e: ExprId) -> Option<ClassTarget> {
        if let ExprKind::Class(scope) = self.kind(self.follow(e)) {
            return Some(ClassTarget::Local(*scope));
        }
        if !self.is_project_import(e) {
            return None;
        }
        match self.resolve(e).value {
            Value::Import(r) => Some(ClassTarget::Imported(r)),
            _ => None,
        }
    }

    /// Whether `e` is a name, or an attribute of one, imported from a
    /// project file (what `resolve` can turn into `Value::Import`): checked
    /// before resolving, which most method calls would not repay.
    fn is_project_import(&self, mut e: ExprId) -> bool {
        while let ExprKind::Attr { base, .. } = self.kind(e) {
            e = *base;
        }
        match self.kind(e) {
            ExprKind::Name(n) => {
                matches!(self.lookup(self.scope(e), n), Found::Import(imp) if imp.project.is_some() || imp.submodule.is_some())
            }
            _ => false,
        }
    }

    /// A method of a class or of one of its bases.
    fn method_in(&self, class: ScopeId, name: &str, depth: usize) -> Option<Callee> {
        if let Some(f) = self.own_method(class, name) {
            return Some(Callee::Local(f));
        }
        self.inherited(class, name, depth)
    }

    /// A method of one of a class's bases, the first that has it.
    fn inherited(&self, class: ScopeId, name: &str, depth: usize) -> Option<Callee> {
        if depth >= MAX_BASES {
            return None;
        }
        self.unit.scopes[class].bases.iter().find_map(|&b| match self.class_target(b)? {
            ClassTarget::Local(base) if base != class => self.method_in(base, name, depth + 1),
            ClassTarget::Local(_) => None,
            ClassTarget::Imported(r) => Some(Callee::Method { class: r, name: name.to_string() }),
        })
    }

    /// A method the class itself defines: `def name` (Python binds it by its
    /// bare name in the class body), `name() {}` (JS binds `this.name`).
    fn own_method(&self, class: ScopeId, name: &str) -> Option<FunctionId> {
        let names = &self.unit.scopes[class].names;
        [name.to_string(), format!("this.{name}")].iter().find_map(|key| match names.get(key)?.as_slice() {
            [Binding::Value(v)] => self.function_of(*v),
            _ => None,
        })
    }

    /// The function a function expression (`def`, lambda, arrow) defines.
    pub(in crate::analysis) fn function_of(&self, e: ExprId) -> Option<FunctionId> {
        let ExprKind::Function(scope) = self.kind(e) else { return None };
        self.unit.functions.iter().position(|f| f.scope == *scope).map(FunctionId::new)
    }

    /// For each class of the file, the classes of the file derived from it,
    /// directly or not.
    pub(in crate::analysis) fn local_subclasses(&self) -> HashMap<ScopeId, Vec<ScopeId>> {
        let mut direct: HashMap<ScopeId, Vec<ScopeId>> = HashMap::new();
        for (i, scope) in self.unit.scopes.iter().enumerate() {
            for &b in &scope.bases {
                if let ExprKind::Class(base) = self.kind(self.follow(b))
                    && *base != ScopeId::new(i)
                {
                    direct.entry(*base).or_default().push(ScopeId::new(i));
                }
            }
        }
        let mut all = HashMap::new();
        for &class in direct.keys() {
            let (mut seen, mut todo) = (vec![], vec![class]);
            while let Some(c) = todo.pop() {
                for &s in direct.get(&c).into_iter().flatten() {
                    if !seen.contains(&s) && seen.len() < 64 {
                        seen.push(s);
                        todo.push(s);
                    }
                }
            }
            all.insert(class, seen);
        }
        all
    }

    /// Whether a class of the file derived from `class` binds `key` too.
    pub(in crate::analysis) fn overridden_below(&self, class: ScopeId, key: &str) -> bool {
        self.subclasses
            .get(&class)
            .is_some_and(|subs| subs.iter().any(|s| self.unit.scopes[*s].names.contains_key(key)))
    }

    /// The module-level classes, their methods and bases (`Facts::classes`).
    pub(in crate::analysis) fn classes(&mut self) {
        let mut classes = vec![];
        for (i, scope) in self.unit.scopes.iter().enumerate() {
            let (crate::frontend::ir::ScopeKind::Class, Some(MODULE), Some(name)) =
                (scope.kind, scope.parent, &scope.name)
            else {
                continue;
            };
            let mut methods: Vec<(String, FunctionId)> = scope
                .names
                .iter()
                .filter_map(|(key, bindings)| {
                    let method = key.strip_prefix("this.").unwrap_or(key);
                    if method.contains('.') {
                        return None; // `self.client`: an attribute
                    }
                    match bindings.as_slice() {
                        [Binding::Value(v)] => Some((method.to_string(), self.function_of(*v)?)),
                        _ => None,
                    }
                })
                .collect();
            methods.sort();
            let class = ScopeId::new(i);
            let bases = self.unit.scopes[class]
                .bases
                .iter()
                .filter_map(|&b| match self.class_target(b)? {
                    ClassTarget::Local(s) => self.unit.scopes[s].name.clone().map(BaseClass::Local),
                    ClassTarget::Imported(r) => Some(BaseClass::Imported(r)),
                })
                .collect();
            classes.push(Class { name: name.clone(), methods, bases });
        }
        self.facts.classes = classes;
        // Module-level instances of those classes, for other files' calls.
        let module = &self.unit.scopes[MODULE];
        let mut instances = HashMap::new();
        for (name, bindings) in &module.names {
            if let [Binding::Value(v)] = bindings.as_slice()
                && let Some(ClassTarget::Local(class)) = self.instance_class(*v)
                && self.unit.scopes[class].parent == Some(MODULE)
                && let Some(class_name) = &self.unit.scopes[class].name
            {
                instances.insert(name.clone(), class_name.clone());
            }
        }
        self.facts.exported_instances = instances;
    }
}
