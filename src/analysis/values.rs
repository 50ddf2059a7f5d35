//! Values as far as the code shows them: names followed to their bindings,
//! constants, arithmetic, objects and their entries, arguments.

use super::*;

impl<'u> Analyzer<'u> {
    pub(in crate::analysis) fn literal(&self, value: Value, e: ExprId) -> Resolved {
        Resolved::new(value, Some(Location { file: self.file, span: self.span(e) }))
    }

    pub fn resolve(&self, e: ExprId) -> Resolved {
        self.resolve_depth(e, 0)
    }

    pub(in crate::analysis) fn resolve_depth(&self, e: ExprId, depth: usize) -> Resolved {
        if depth > MAX_DEPTH {
            return Resolved::unknown();
        }
        match self.kind(e) {
            ExprKind::Int(n) => self.literal(Value::Int(*n), e),
            ExprKind::Float(f) => self.literal(Value::Float(*f), e),
            ExprKind::Str(s) => self.literal(Value::Str(s.clone()), e),
            ExprKind::Bool(b) => self.literal(Value::Bool(*b), e),
            ExprKind::Null | ExprKind::Undefined => self.literal(Value::Null, e),
            ExprKind::Template { parts, holes } => {
                Resolved::new(Value::Text(self.template_text(parts, holes, depth)), None)
            }
            ExprKind::Call { callee, args, .. } => match self.call_text(*callee, args, depth) {
                Some(v) => Resolved::new(v, None),
                None => Resolved::unknown(),
            },
            ExprKind::Name(n) => match self.lookup(self.scope(e), n) {
                Found::Value(v) => self.resolve_depth(v, depth + 1),
                Found::Import(imp) => match (&imp.project, &imp.member) {
                    (Some(spec), Some(member)) => {
                        Resolved::new(Value::Import(ImportRef { module: spec.clone(), name: member.clone() }), None)
                    }
                    _ => Resolved::unknown(),
                },
                _ => Resolved::unknown(),
            },
            ExprKind::Attr { base, name } => {
                if let Some(found) = self.member_binding(e) {
                    return match found {
                        Found::Value(v) => self.resolve_depth(v, depth + 1),
                        _ => Resolved::unknown(),
                    };
                }
                if let Some(r) = self.module_attr(e).or_else(|| self.imported_member(e)) {
                    return r;
                }
                match self.kind(self.follow(*base)) {
                    ExprKind::Object(entries) => {
                        if let Some(entry) = entries.iter().rev().find(|en| en.key.as_deref() == Some(name)) {
                            return self.resolve_depth(entry.value, depth + 1);
                        }
                    }
                    ExprKind::Class(class) => {
                        if let Some([Binding::Value(v)]) = self.unit.scopes[*class].names.get(name).map(Vec::as_slice) {
                            return self.resolve_depth(*v, depth + 1);
                        }
                    }
                    _ => {}
                }
                Resolved::unknown()
            }
            ExprKind::Binary { op, left, right } => {
                let (l, r) = (self.resolve_depth(*left, depth + 1), self.resolve_depth(*right, depth + 1));
                let value = match (op, &l.value, &r.value) {
                    (BinOp::Add, Value::Int(a), Value::Int(b)) => a.checked_add(*b).map(Value::Int),
                    (BinOp::Sub, Value::Int(a), Value::Int(b)) => a.checked_sub(*b).map(Value::Int),
                    (BinOp::Mul, Value::Int(a), Value::Int(b)) => a.checked_mul(*b).map(Value::Int),
                    (BinOp::Div, Value::Int(a), Value::Int(b)) if *b != 0 && a % b == 0 => Some(Value::Int(a / b)),
                    (BinOp::Add, Value::Str(a), Value::Str(b)) => Some(Value::Str(format!("{a}{b}"))),
                    (BinOp::Add, a, b) => a.as_text().zip(b.as_text()).map(|(a, b)| Value::Text(a.join(b))),
                    _ => None,
                };
                match value {
                    Some(v) => Resolved::new(v, None),
                    None => Resolved::unknown(),
                }
            }
            _ => Resolved::unknown(),
        }
    }

    /// `settings.MAX` where `settings` is an imported project module, or
    /// `app.settings.MAX` after `import app.settings`.
    pub(in crate::analysis) fn module_attr(&self, e: ExprId) -> Option<Resolved> {
        let (imp, mut names) = self.imported_path(e)?;
        let spec = if imp.member.is_some() { imp.submodule.as_ref()? } else { imp.project.as_ref()? };
        let name = names.pop()?.to_string();
        let module = match spec {
            ModuleSpec::PythonModule(parts) => {
                ModuleSpec::PythonModule(parts.iter().cloned().chain(names.into_iter().map(str::to_string)).collect())
            }
            spec if names.is_empty() => spec.clone(),
            _ => return None,
        };
        Some(Resolved::new(Value::Import(ImportRef { module, name }), None))
    }

    /// `config.model` where `config` is a name imported from a project file
    /// (an object, a class, an instance there): that file's `config.model`.
    pub(in crate::analysis) fn imported_member(&self, e: ExprId) -> Option<Resolved> {
        let (imp, names) = self.imported_path(e)?;
        let (Some(spec), Some(member)) = (&imp.project, &imp.member) else { return None };
        let name = std::iter::once(member.as_str()).chain(names).collect::<Vec<_>>().join(".");
        Some(Resolved::new(Value::Import(ImportRef { module: spec.clone(), name }), None))
    }

    /// An attribute chain rooted at an imported name (`a.b.c` after
    /// `import a` or `from m import a`): the import, and the attribute
    /// names in order.
    fn imported_path(&self, e: ExprId) -> Option<(&'u crate::frontend::ir::Import, Vec<&'u str>)> {
        let mut names = vec![];
        let mut cur = e;
        while let ExprKind::Attr { base, name } = self.kind(cur) {
            names.push(name.as_str());
            cur = *base;
        }
        let ExprKind::Name(root) = self.kind(cur) else { return None };
        let Found::Import(imp) = self.lookup(self.scope(cur), root) else { return None };
        names.reverse();
        Some((imp, names))
    }

    /// The static text of a string-ish expression (for URLs): literal parts
    /// of templates and concatenations.
    pub(in crate::analysis) fn static_text(&self, e: ExprId, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return String::new();
        }
        match self.kind(e) {
            ExprKind::Str(s) => s.clone(),
            ExprKind::Template { parts, .. } => parts.join("\u{0}"),
            ExprKind::Binary { op: BinOp::Add, left, right } => {
                format!("{}{}", self.static_text(*left, depth + 1), self.static_text(*right, depth + 1))
            }
            ExprKind::Name(_) | ExprKind::Attr { .. } => match self.resolve(e).value {
                Value::Str(s) => s,
                _ => {
                    let f = self.follow(e);
                    if f != e { self.static_text(f, depth + 1) } else { String::new() }
                }
            },
            _ => String::new(),
        }
    }

    // ---- entries ----------------------------------------------------------

    /// The key/value entries an expression stands for: an object literal, or a
    /// call with keyword arguments (`dict(...)`, a typed params constructor).
    pub(in crate::analysis) fn entries_of(&self, e: ExprId) -> Option<Vec<Entry>> {
        let e = self.follow(e);
        match self.kind(e) {
            ExprKind::Object(entries) => Some(self.expand(entries, 0)),
            ExprKind::Call { args, .. } if args.iter().any(|a| a.key.is_some()) => Some(self.expand(args, 0)),
            _ => None,
        }
    }

    /// Keyword entries with `**spread` / `...spread` replaced by what they spread.
    pub(in crate::analysis) fn expand(&self, entries: &[Entry], depth: usize) -> Vec<Entry> {
        let mut out = vec![];
        for en in entries {
            if en.spread {
                if depth < 4 {
                    let target = self.follow(en.value);
                    // `...(system ? { system } : {})`: what either branch may add.
                    let branches = match self.kind(target) {
                        ExprKind::Cond { then, otherwise } => vec![self.follow(*then), self.follow(*otherwise)],
                        _ => vec![target],
                    };
                    for b in branches {
                        if let ExprKind::Object(inner) = self.kind(b) {
                            out.extend(self.expand(inner, depth + 1));
                        }
                    }
                }
            } else if en.key.is_some() {
                out.push(en.clone());
            }
        }
        out
    }

    /// Request entries of a call: keyword arguments, or the first positional
    /// argument when it is an object (JS SDKs); and the options object
    /// (second positional argument) if any.
    pub(in crate::analysis) fn request_entries(&self, args: &[Entry]) -> (Vec<Entry>, Vec<Entry>) {
        let positional: Vec<&Entry> = args.iter().filter(|a| a.key.is_none() && !a.spread).collect();
        if args.iter().any(|a| a.key.is_some() || a.spread) {
            return (self.expand(args, 0), vec![]);
        }
        let body = positional.first().and_then(|a| self.object_entries(a.value)).unwrap_or_default();
        let options = positional.get(1).and_then(|a| self.object_entries(a.value)).unwrap_or_default();
        (body, options)
    }

    pub(in crate::analysis) fn object_entries(&self, e: ExprId) -> Option<Vec<Entry>> {
        let t = self.follow(e);
        match self.kind(t) {
            ExprKind::Object(entries) => Some(self.expand(entries, 0)),
            _ => None,
        }
    }

    pub(in crate::analysis) fn consume(&mut self, e: ExprId) {
        let t = self.follow(e);
        if matches!(self.kind(t), ExprKind::Object(_)) {
            self.consumed.insert(t);
        }
    }

    pub(in crate::analysis) fn arg(&self, entries: &[Entry], keys: &[&str]) -> Option<Arg> {
        let en = entries.iter().rev().find(|en| en.key.as_deref().is_some_and(|k| keys.contains(&k)))?;
        Some(self.make_arg(en))
    }

    pub(in crate::analysis) fn make_arg(&self, en: &Entry) -> Arg {
        Arg {
            key: en.key.clone().unwrap_or_default(),
            span: en.span,
            value_span: self.span(en.value),
            value: self.resolve(en.value),
        }
    }
}
