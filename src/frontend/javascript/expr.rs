//! Expressions, assignments and calls, lowered.

use super::*;

impl<'s> Lower<'s> {
    /// Lower an expression, unless nesting is already `MAX_NESTING` deep (a
    /// stack guard for generated or hostile code: deeper parts stay unknown).
    pub(super) fn expr(&mut self, e: &js::Expression, scope: ScopeId) -> ExprId {
        if self.depth >= literal::MAX_NESTING {
            return self.unit.unknown(span(e.span()), scope);
        }
        self.depth += 1;
        let id = self.expr_inner(e, scope);
        self.depth -= 1;
        id
    }

    pub(super) fn expr_inner(&mut self, e: &js::Expression, scope: ScopeId) -> ExprId {
        use js::Expression as E;
        let kind = match e {
            E::Identifier(i) if i.name == "undefined" => ExprKind::Undefined,
            E::Identifier(i) => ExprKind::Name(i.name.to_string()),
            E::ThisExpression(_) => ExprKind::Name("this".into()),
            // `super.complete(…)`: the base class's method.
            E::Super(_) => ExprKind::Name("super".into()),
            // `import.meta` (`import.meta.url`, `import.meta.dirname`).
            E::ImportMeta(_) => ExprKind::Name("import.meta".into()),
            E::NumericLiteral(n) => self.number(n.span),
            E::BigIntLiteral(n) => self.number(n.span),
            E::BooleanLiteral(b) => ExprKind::Bool(b.value),
            E::NullLiteral(_) => ExprKind::Null,
            E::StringLiteral(s) => ExprKind::Str(s.value.to_string()),
            E::TemplateLiteral(t) => self.template(t, scope),
            // What only wraps a value is that value.
            E::ParenthesizedExpression(p) => return self.expr(&p.expression, scope),
            E::AwaitExpression(a) => return self.expr(&a.argument, scope),
            E::TSAsExpression(a) => return self.expr(&a.expression, scope),
            E::TSSatisfiesExpression(a) => return self.expr(&a.expression, scope),
            E::TSNonNullExpression(a) => return self.expr(&a.expression, scope),
            E::TSTypeAssertion(a) => return self.expr(&a.expression, scope),
            E::TSInstantiationExpression(a) => return self.expr(&a.expression, scope),
            // `a?.b`, `a?.()`: as without the `?`.
            E::ChainExpression(c) => match &c.expression {
                js::ChainElement::CallExpression(call) => {
                    return self.call(&call.callee, &call.arguments, false, call.span, scope);
                }
                js::ChainElement::TSNonNullExpression(n) => return self.expr(&n.expression, scope),
                other => match other.as_member_expression() {
                    Some(m) => self.member(m, scope),
                    None => ExprKind::Unknown,
                },
            },
            E::CallExpression(c) => return self.call(&c.callee, &c.arguments, false, c.span, scope),
            E::NewExpression(n) => return self.call(&n.callee, &n.arguments, true, n.span, scope),
            // `import("./x")`: a call of `import`.
            E::ImportExpression(i) => {
                let keyword = oxc_span::Span::new(i.span.start, i.span.start + "import".len() as u32);
                let callee = self.unit.expr(ExprKind::Name("import".into()), span(keyword), scope);
                let mut args = vec![];
                for a in std::iter::once(&i.source).chain(&i.options) {
                    let value = self.expr(a, scope);
                    args.push(Entry { key: None, span: span(a.span()), value, spread: false });
                }
                ExprKind::Call { callee, args, new: false }
            }
            // sql`…`: a call of the tag.
            E::TaggedTemplateExpression(t) => {
                let callee = self.expr(&t.tag, scope);
                let template = self.template(&t.quasi, scope);
                self.unit.expr(template, span(t.quasi.span), scope);
                ExprKind::Call { callee, args: vec![], new: false }
            }
            E::ObjectExpression(o) => self.object(o, scope),
            E::ArrayExpression(a) => {
                let mut items = vec![];
                for element in &a.elements {
                    match element {
                        js::ArrayExpressionElement::SpreadElement(s) => {
                            self.expr(&s.argument, scope);
                            items.push(self.unit.unknown(span(s.span), scope));
                        }
                        js::ArrayExpressionElement::Elision(_) => {}
                        other => {
                            if let Some(e) = other.as_expression() {
                                items.push(self.expr(e, scope));
                            }
                        }
                    }
                }
                ExprKind::Array(items)
            }
            E::BinaryExpression(b) => {
                let (left, right) = (self.expr(&b.left, scope), self.expr(&b.right, scope));
                ExprKind::Binary { op: BinOp::from_token(b.operator.as_str()), left, right }
            }
            E::LogicalExpression(b) => {
                let (left, right) = (self.expr(&b.left, scope), self.expr(&b.right, scope));
                ExprKind::Binary { op: BinOp::from_token(b.operator.as_str()), left, right }
            }
            // `-x`, `!x`, `typeof x`: only a negated number has a value.
            E::UnaryExpression(u) => {
                let inner = self.expr(&u.argument, scope);
                match u.operator {
                    oxc_syntax::operator::UnaryOperator::UnaryNegation => self.unit.exprs[inner].kind.negated(),
                    _ => ExprKind::Unknown,
                }
            }
            E::ConditionalExpression(c) => {
                self.expr(&c.test, scope);
                let (then, otherwise) = (self.expr(&c.consequent, scope), self.expr(&c.alternate, scope));
                ExprKind::Cond { then, otherwise }
            }
            E::ArrowFunctionExpression(f) => ExprKind::Function(self.arrow(f, scope)),
            E::FunctionExpression(f) => ExprKind::Function(self.function(f, scope, None, f.span)),
            E::ClassExpression(c) => {
                self.class(c, scope);
                ExprKind::Unknown
            }
            E::AssignmentExpression(a) => return self.assignment(a, scope),
            // `attempt++`: the name is updated.
            E::UpdateExpression(u) => {
                let by = self.unit.unknown(span(u.span), scope);
                self.update(&u.argument, by, scope);
                ExprKind::Unknown
            }
            other => match other.as_member_expression() {
                Some(m) => self.member(m, scope),
                None => {
                    self.children(scope, |l| walk::walk_expression(l, other));
                    ExprKind::Unknown
                }
            },
        };
        self.unit.expr(kind, span(e.span()), scope)
    }

    pub(super) fn number(&self, at: oxc_span::Span) -> ExprKind {
        match literal::parse_number(self.text(at)) {
            Some(NumberLit::Int(n)) => ExprKind::Int(n),
            Some(NumberLit::Float(f)) => ExprKind::Float(f),
            None => ExprKind::Unknown,
        }
    }

    pub(super) fn template(&mut self, t: &js::TemplateLiteral, scope: ScopeId) -> ExprKind {
        if t.expressions.is_empty() {
            return ExprKind::Str(quasis(t).concat());
        }
        let holes = t.expressions.iter().map(|e| self.expr(e, scope)).collect();
        ExprKind::Template { parts: quasis(t), holes }
    }

    /// `a.b`, `a["b"]`, `this.#b`; `a[i]` has no value.
    pub(super) fn member(&mut self, m: &js::MemberExpression, scope: ScopeId) -> ExprKind {
        match m {
            js::MemberExpression::StaticMemberExpression(m) => {
                let base = self.expr(&m.object, scope);
                ExprKind::Attr { base, name: m.property.name.to_string() }
            }
            js::MemberExpression::PrivateFieldExpression(m) => {
                let base = self.expr(&m.object, scope);
                ExprKind::Attr { base, name: format!("#{}", m.field.name) }
            }
            js::MemberExpression::ComputedMemberExpression(m) => match static_string(&m.expression) {
                Some(key) => {
                    let base = self.expr(&m.object, scope);
                    ExprKind::Attr { base, name: key }
                }
                None => {
                    self.expr(&m.object, scope);
                    self.expr(&m.expression, scope);
                    ExprKind::Unknown
                }
            },
        }
    }

    pub(super) fn object(&mut self, o: &js::ObjectExpression, scope: ScopeId) -> ExprKind {
        let mut entries = vec![];
        for p in &o.properties {
            match p {
                js::ObjectPropertyKind::SpreadProperty(s) => {
                    let value = self.expr(&s.argument, scope);
                    entries.push(Entry { key: None, span: span(s.span), value, spread: true });
                }
                js::ObjectPropertyKind::ObjectProperty(p) => {
                    let key = self.key_name(&p.key, p.computed);
                    if p.computed
                        && let Some(k) = p.key.as_expression()
                    {
                        self.expr(k, scope);
                    }
                    // A getter or setter is code, not a value.
                    if p.kind != js::PropertyKind::Init {
                        self.expr(&p.value, scope);
                        continue;
                    }
                    // `{ complete(prompt) { … } }`: a method is a named function.
                    let value = match (&p.value, p.method) {
                        (js::Expression::FunctionExpression(f), true) => {
                            let inner = self.function(f, scope, key.clone(), p.span);
                            self.unit.expr(ExprKind::Function(inner), span(p.span), scope)
                        }
                        (value, _) => self.expr(value, scope),
                    };
                    entries.push(Entry { key, span: span(p.span), value, spread: false });
                }
            }
        }
        ExprKind::Object(entries)
    }

    pub(super) fn assignment(&mut self, a: &js::AssignmentExpression, scope: ScopeId) -> ExprId {
        if a.operator != oxc_syntax::operator::AssignmentOperator::Assign {
            // `delay *= 2`: the name is updated using the right side.
            let by = self.expr(&a.right, scope);
            if let Some(target) = a.left.as_simple_assignment_target() {
                self.update(target, by, scope);
            }
            return self.unit.unknown(span(a.span), scope);
        }
        let value = self.expr(&a.right, scope);
        self.assign(&a.left, value, scope);
        value
    }

    /// `x += by`, `x++`: the name changes using `by`; a member updated is
    /// only read.
    pub(super) fn update(&mut self, target: &js::SimpleAssignmentTarget, by: ExprId, scope: ScopeId) {
        match target {
            js::SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.unit.rebind(scope, &id.name, Binding::Update(by))
            }
            other => {
                if let Some(m) = other.as_member_expression() {
                    let kind = self.member(m, scope);
                    self.unit.expr(kind, span(m.span()), scope);
                }
            }
        }
    }

    pub(super) fn assign(&mut self, left: &js::AssignmentTarget, value: ExprId, scope: ScopeId) {
        match left {
            // A reassigned `let` is no longer one value.
            js::AssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.unit.rebind(scope, &id.name, Binding::Value(value))
            }
            js::AssignmentTarget::StaticMemberExpression(m) => {
                let (o, p) = (self.text(m.object.span()), m.property.name.as_str());
                if o == "this" {
                    if let Some(class) = self.unit.class_of(scope) {
                        self.unit.bind(class, &format!("this.{p}"), Binding::Value(value));
                    }
                } else if o == "module" && p == "exports" {
                    // module.exports = { A: 1, ... }
                    if let ExprKind::Object(entries) = &self.unit.exprs[value].kind {
                        for e in entries.clone() {
                            if let Some(k) = e.key {
                                self.unit.export_aliases.push((k, e.value));
                            }
                        }
                    }
                    self.unit.export_aliases.push(("default".into(), value));
                } else if o == "exports" || o == "module.exports" {
                    self.unit.export_aliases.push((p.to_string(), value));
                } else {
                    self.unit.member_assigns.push((p.to_string(), value));
                }
            }
            js::AssignmentTarget::PrivateFieldExpression(m) => {
                if matches!(m.object, js::Expression::ThisExpression(_))
                    && let Some(class) = self.unit.class_of(scope)
                {
                    self.unit.bind(class, &format!("this.#{}", m.field.name), Binding::Value(value));
                }
            }
            // `config[key] = v` changes `config`.
            js::AssignmentTarget::ComputedMemberExpression(m) => {
                if let js::Expression::Identifier(id) = &m.object {
                    self.unit.bind(scope, &id.name, Binding::Unknown);
                }
            }
            other => {
                self.bind_targets(other, scope);
            }
        }
    }

    pub(super) fn call(
        &mut self,
        callee: &js::Expression,
        arguments: &[js::Argument],
        new: bool,
        whole: oxc_span::Span,
        scope: ScopeId,
    ) -> ExprId {
        let callee = self.expr(callee, scope);
        let mut args = vec![];
        for a in arguments {
            let (value, at) = match a {
                js::Argument::SpreadElement(s) => (&s.argument, s.span),
                other => match other.as_expression() {
                    Some(e) => (e, other.span()),
                    None => continue,
                },
            };
            let value = self.expr(value, scope);
            args.push(Entry { key: None, span: span(at), value, spread: false });
        }
        self.unit.expr(ExprKind::Call { callee, args, new }, span(whole), scope)
    }
}
