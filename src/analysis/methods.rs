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
pub(in crate::analysis) enum ClassTarget {
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

    /// `self.name` / `this.name` naming a method (its own, inherited or
    /// abstract) of a module-level class: dispatched on the instance's
    /// class, which may be one derived from it in another file.
    pub(in crate::analysis) fn virtual_callee(&self, callee: ExprId) -> Option<Callee> {
        let ExprKind::Attr { base, name } = self.kind(callee) else { return None };
        let ExprKind::Name(b) = self.kind(*base) else { return None };
        if b != "self" && b != "this" {
            return None;
        }
        let class = self.unit.class_of(self.scope(callee))?;
        let scope = &self.unit.scopes[class];
        let (Some(MODULE), Some(class_name)) = (scope.parent, &scope.name) else { return None };
        // An attribute holding something else (`self.llm = LLM()`, then `self.llm()`).
        let attr = scope.names.get(&format!("{b}.{name}")).or_else(|| scope.names.get(name));
        match attr.map(Vec::as_slice) {
            None => {}
            Some([Binding::Value(v)]) if matches!(self.kind(*v), ExprKind::Function(_)) => {}
            Some(_) => return None,
        }
        Some(Callee::Virtual { class: class_name.clone(), name: name.clone() })
    }

    /// A parameter of the enclosing function called as a function: `fn()`
    /// in `def retry_call(fn, *args)`.
    pub(in crate::analysis) fn param_callee(&self, callee: ExprId) -> Option<Callee> {
        let ExprKind::Name(n) = self.kind(callee) else { return None };
        let (id, index) = self.param_of(self.scope(callee), n)?;
        let function = self.unit.functions.iter().position(|f| f.scope == id).map(FunctionId::new)?;
        let position = self.param_position(id, index)?;
        Some(Callee::Param { function, position, name: n.clone() })
    }

    /// A parameter's position among the arguments callers pass: Python
    /// methods take the instance first, and callers do not pass it.
    pub(in crate::analysis) fn param_position(&self, function: ScopeId, index: usize) -> Option<usize> {
        let sc = &self.unit.scopes[function];
        let receiver = self.language.is_python()
            && sc.parent.is_some_and(|p| self.unit.scopes[p].kind == crate::frontend::ir::ScopeKind::Class)
            && sc.params.first().and_then(|p| p.name.as_deref()).is_some_and(|p| p == "self" || p == "cls");
        index.checked_sub(usize::from(receiver))
    }

    /// The class a parameter named `name` is annotated with, where `e`
    /// reads it (`llm: LLM`, `client: AsyncAnthropic`).
    pub(in crate::analysis) fn param_annotation(&self, e: ExprId, name: &str) -> Option<ExprId> {
        let (scope, index) = self.param_of(self.scope(e), name)?;
        self.unit.scopes[scope].params[index].annotation
    }

    /// The parameter a name is: the function scope that declares it (bound
    /// there by nothing else), and its index among that function's
    /// parameters.
    pub(in crate::analysis) fn param_of(&self, scope: ScopeId, name: &str) -> Option<(ScopeId, usize)> {
        let mut s = Some(scope);
        while let Some(id) = s {
            let sc = &self.unit.scopes[id];
            if let Some(bindings) = sc.names.get(name) {
                if !matches!(bindings.as_slice(), [Binding::Unknown]) {
                    return None;
                }
                return Some((id, sc.params.iter().position(|p| p.name.as_deref() == Some(name))?));
            }
            s = sc.parent;
        }
        None
    }

    /// Functions handed to project functions as arguments, for the
    /// parameters those functions call (`Facts::fn_args`).
    pub(in crate::analysis) fn fn_args(&mut self) {
        let mut out = vec![];
        for e in ExprId::all(self.unit.exprs.len()) {
            let ExprKind::Call { callee, args, .. } = self.kind(e) else { continue };
            if !args.iter().any(|a| self.may_be_function(a.value)) {
                continue;
            }
            let Some(target) = self.callee(*callee) else { continue };
            for (a, pos) in positioned(args) {
                if !self.may_be_function(a.value) {
                    continue;
                }
                let arg = match self.kind(a.value) {
                    ExprKind::Function(_) => self.function_of(a.value).map(Callee::Local),
                    // `self.complete` passed on: only a method the class has (a
                    // `self.config` it does not bind is a value).
                    ExprKind::Attr { .. } if matches!(self.callee(a.value), Some(Callee::Virtual { .. })) => {
                        self.local_function(a.value).and_then(|_| self.callee(a.value))
                    }
                    _ => self.callee(a.value),
                };
                // A parameter handed on is a value far more often than a function.
                if let Some(arg) = arg.filter(|a| !matches!(a, Callee::Param { .. })) {
                    // `retry_call(_llm.complete)`: the instance's class, when made here.
                    let instance = match self.kind(a.value) {
                        ExprKind::Attr { base, .. } => match self.receiver(*base) {
                            crate::facts::Receiver::Made { class, .. } => Some(class),
                            _ => None,
                        },
                        _ => None,
                    };
                    out.push(crate::facts::FnArg {
                        callee: target.clone(),
                        position: pos,
                        key: a.key.clone(),
                        arg,
                        instance,
                    });
                }
            }
        }
        self.facts.fn_args = out;
    }

    /// An argument that can be a function: a function literal, a name or a
    /// method (not a literal, not a call's result).
    fn may_be_function(&self, e: ExprId) -> bool {
        matches!(self.kind(e), ExprKind::Function(_) | ExprKind::Name(_) | ExprKind::Attr { .. })
    }

    /// The function of this file a callee runs: one it names, or the
    /// method `self.name` of its own class.
    pub(in crate::analysis) fn local_function(&self, callee: ExprId) -> Option<FunctionId> {
        match self.callee(callee)? {
            Callee::Local(f) => Some(f),
            Callee::Virtual { .. } => {
                let ExprKind::Attr { name, .. } = self.kind(callee) else { return None };
                self.unit.class_of(self.scope(callee)).and_then(|c| self.own_method(c, name))
            }
            _ => None,
        }
    }

    /// The class `e` is an instance of: a constructor call, seen through the
    /// names and attributes it is bound to.
    pub(in crate::analysis) fn instance_class(&self, e: ExprId) -> Option<ClassTarget> {
        self.instance_class_depth(e, 0)
    }

    fn instance_class_depth(&self, e: ExprId, depth: usize) -> Option<ClassTarget> {
        if depth > MAX_BASES {
            return None;
        }
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Call { callee, .. } => match self.kind(*callee) {
                // `Claude::new(key)`, `LLM.from_config(c)`: a named constructor.
                ExprKind::Attr { base, name } if is_named_constructor(name) => self.class_target(*base),
                // `claude.clone()`: another handle on the same instance.
                ExprKind::Attr { base, name } if name == "clone" => self.instance_class_depth(*base, depth + 1),
                _ => self.class_target(*callee),
            },
            // A parameter annotated with a class: `llm: LLM`, `claude: &Claude`.
            ExprKind::Name(n) => self.class_target(self.param_annotation(e, n)?),
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
    pub(in crate::analysis) fn is_project_import(&self, mut e: ExprId) -> bool {
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
    pub(in crate::analysis) fn own_method(&self, class: ScopeId, name: &str) -> Option<FunctionId> {
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
    pub(in crate::analysis) fn local_subclasses(&self) -> Map<ScopeId, Vec<ScopeId>> {
        let mut direct: Map<ScopeId, Vec<ScopeId>> = Map::default();
        for (i, scope) in self.unit.scopes.iter().enumerate() {
            for &b in &scope.bases {
                if let ExprKind::Class(base) = self.kind(self.follow(b))
                    && *base != ScopeId::new(i)
                {
                    direct.entry(*base).or_default().push(ScopeId::new(i));
                }
            }
        }
        let mut all = Map::default();
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
            let (fields, defaults) = self.constructor_fields(class);
            let mut clients: Vec<(String, crate::base::ids::ClientId)> = scope
                .names
                .iter()
                .filter_map(|(key, bindings)| {
                    let attr = key.strip_prefix("self.").or_else(|| key.strip_prefix("this."))?;
                    match bindings.as_slice() {
                        [Binding::Value(v)] => Some((attr.to_string(), self.client_for(*v)?)),
                        _ => None,
                    }
                })
                .collect();
            clients.sort_by(|a, b| a.0.cmp(&b.0));
            classes.push(Class { name: name.clone(), methods, bases, fields, defaults, clients });
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

/// An associated function that, by the common convention, makes an instance
/// of its class (`new`, `default`, `from_env`, `with_key`, `new_with`).
fn is_named_constructor(name: &str) -> bool {
    matches!(name, "new" | "default") || ["new_", "from_", "with_"].iter().any(|p| name.starts_with(p))
}

/// A call's arguments up to the first spread, each with its position among
/// the positional ones (`None` for a keyword argument).
pub(in crate::analysis) fn positioned(args: &[Entry]) -> impl Iterator<Item = (&Entry, Option<usize>)> {
    args.iter().take_while(|a| !a.spread).scan(0, |position, a| {
        let pos = a.key.is_none().then_some(*position);
        *position += usize::from(a.key.is_none());
        Some((a, pos))
    })
}
