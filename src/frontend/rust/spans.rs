//! The first and last token of an expression, found by walking its edges.
//!
//! syn's `Spanned::span()` prints the whole node to a token stream to find
//! its first and last token: the cost of a node's size, paid again for each
//! node above it. An 8,000-arm `else if` chain took 32 s that way. Here a
//! node's span costs the length of its left or right edge (`a.b().c()`:
//! the receivers; `if … else if …`: the `else` chain, walked in a loop).
//! The result is the token range `span()` gives, checked against it on the
//! fixtures by `tests::the_same_ranges_as_syns_span`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{AttrStyle, Attribute, Expr, ExprIf, FieldValue, Lit, MacroDelimiter, Member, Path, RangeLimits};

/// All of `e`.
pub fn whole(e: &Expr) -> Span {
    join(first(e), last(e))
}

/// A block, braces included.
pub fn block(b: &syn::Block) -> Span {
    b.brace_token.span.join()
}

/// A match arm, its trailing comma included.
pub fn arm(a: &syn::Arm) -> Span {
    let start = outer_attr(&a.attrs).unwrap_or_else(|| a.pat.span());
    join(start, a.comma.map_or_else(|| last(&a.body), |c| c.spans[0]))
}

/// `key: value` in a struct expression, or the shorthand `key`.
pub fn field(f: &FieldValue) -> Span {
    let member = match &f.member {
        Member::Named(i) => i.span(),
        Member::Unnamed(i) => i.span,
    };
    let start = outer_attr(&f.attrs).unwrap_or(member);
    join(start, if f.colon_token.is_some() { last(&f.expr) } else { member })
}

fn join(a: Span, b: Span) -> Span {
    a.join(b).unwrap_or(a)
}

/// The first token of `e`.
pub fn first(e: &Expr) -> Span {
    if let Some(a) = outer_attr(attrs(e)) {
        return a;
    }
    match e {
        Expr::Array(x) => x.bracket_token.span.open(),
        Expr::Assign(x) => first(&x.left),
        Expr::Async(x) => x.async_token.span,
        Expr::Await(x) => first(&x.base),
        Expr::Binary(x) => first(&x.left),
        Expr::Block(x) => x.label.as_ref().map_or(x.block.brace_token.span.open(), |l| l.name.apostrophe),
        Expr::Break(x) => x.break_token.span,
        Expr::Call(x) => first(&x.func),
        Expr::Cast(x) => first(&x.expr),
        Expr::Closure(x) => {
            let lifetimes = x.lifetimes.as_ref().map(|l| l.for_token.span);
            lifetimes
                .or(x.constness.map(|t| t.span))
                .or(x.asyncness.map(|t| t.span))
                .or(x.capture.map(|t| t.span))
                .unwrap_or(x.inputs_begin.spans[0])
        }
        Expr::Const(x) => x.const_token.span,
        Expr::Continue(x) => x.continue_token.span,
        Expr::Field(x) => first(&x.base),
        Expr::ForLoop(x) => x.label.as_ref().map_or(x.for_token.span, |l| l.name.apostrophe),
        Expr::Group(x) => x.group_token.span,
        Expr::If(x) => x.if_token.span,
        Expr::Index(x) => first(&x.expr),
        Expr::Infer(x) => x.underscore_token.spans[0],
        Expr::Let(x) => x.let_token.span,
        Expr::Lit(x) => lit(&x.lit),
        Expr::Loop(x) => x.label.as_ref().map_or(x.loop_token.span, |l| l.name.apostrophe),
        Expr::Macro(x) => path_first(&x.mac.path),
        Expr::Match(x) => x.match_token.span,
        Expr::MethodCall(x) => first(&x.receiver),
        Expr::Paren(x) => x.paren_token.span.open(),
        Expr::Path(x) => x.qself.as_ref().map_or_else(|| path_first(&x.path), |q| q.lt_token.spans[0]),
        Expr::Range(x) => match &x.start {
            Some(s) => first(s),
            None => limits(&x.limits).0,
        },
        Expr::RawAddr(x) => x.and_token.spans[0],
        Expr::Reference(x) => x.and_token.spans[0],
        Expr::Repeat(x) => x.bracket_token.span.open(),
        Expr::Return(x) => x.return_token.span,
        Expr::Struct(x) => x.qself.as_ref().map_or_else(|| path_first(&x.path), |q| q.lt_token.spans[0]),
        Expr::Try(x) => first(&x.expr),
        Expr::TryBlock(x) => x.try_token.span,
        Expr::Tuple(x) => x.paren_token.span.open(),
        Expr::Unary(x) => x.op.span(),
        Expr::Unsafe(x) => x.unsafe_token.span,
        Expr::While(x) => x.label.as_ref().map_or(x.while_token.span, |l| l.name.apostrophe),
        Expr::Yield(x) => x.yield_token.span,
        other => other.span(),
    }
}

/// The last token of `e`.
pub fn last(e: &Expr) -> Span {
    match e {
        Expr::Array(x) => x.bracket_token.span.close(),
        Expr::Assign(x) => last(&x.right),
        Expr::Async(x) => x.block.brace_token.span.close(),
        Expr::Await(x) => x.await_token.span,
        Expr::Binary(x) => last(&x.right),
        Expr::Block(x) => x.block.brace_token.span.close(),
        Expr::Break(x) => match (&x.expr, &x.label) {
            (Some(v), _) => last(v),
            (None, Some(l)) => l.ident.span(),
            (None, None) => x.break_token.span,
        },
        Expr::Call(x) => x.paren_token.span.close(),
        Expr::Cast(x) => x.ty.span(),
        Expr::Closure(x) => last(&x.body),
        Expr::Const(x) => x.block.brace_token.span.close(),
        Expr::Continue(x) => x.label.as_ref().map_or(x.continue_token.span, |l| l.ident.span()),
        Expr::Field(x) => match &x.member {
            Member::Named(i) => i.span(),
            Member::Unnamed(i) => i.span,
        },
        Expr::ForLoop(x) => x.body.brace_token.span.close(),
        Expr::Group(x) => x.group_token.span,
        Expr::If(x) => if_last(x),
        Expr::Index(x) => x.bracket_token.span.close(),
        Expr::Infer(x) => x.underscore_token.spans[0],
        Expr::Let(x) => last(&x.expr),
        Expr::Lit(x) => lit(&x.lit),
        Expr::Loop(x) => x.body.brace_token.span.close(),
        Expr::Macro(x) => match &x.mac.delimiter {
            MacroDelimiter::Paren(d) => d.span.close(),
            MacroDelimiter::Brace(d) => d.span.close(),
            MacroDelimiter::Bracket(d) => d.span.close(),
        },
        Expr::Match(x) => x.brace_token.span.close(),
        Expr::MethodCall(x) => x.paren_token.span.close(),
        Expr::Paren(x) => x.paren_token.span.close(),
        Expr::Path(x) => path_last(&x.path),
        Expr::Range(x) => match &x.end {
            Some(end) => last(end),
            None => limits(&x.limits).1,
        },
        Expr::RawAddr(x) => last(&x.expr),
        Expr::Reference(x) => last(&x.expr),
        Expr::Repeat(x) => x.bracket_token.span.close(),
        Expr::Return(x) => x.expr.as_ref().map_or(x.return_token.span, |v| last(v)),
        Expr::Struct(x) => x.brace_token.span.close(),
        Expr::Try(x) => x.question_token.spans[0],
        Expr::TryBlock(x) => x.block.brace_token.span.close(),
        Expr::Tuple(x) => x.paren_token.span.close(),
        Expr::Unary(x) => last(&x.expr),
        Expr::Unsafe(x) => x.block.brace_token.span.close(),
        Expr::While(x) => x.body.brace_token.span.close(),
        Expr::Yield(x) => x.expr.as_ref().map_or(x.yield_token.span, |v| last(v)),
        other => other.span(),
    }
}

/// `else if` chains are walked in a loop, not by recursion.
fn if_last(x: &ExprIf) -> Span {
    let mut at = x;
    loop {
        match &at.else_branch {
            None => return at.then_branch.brace_token.span.close(),
            Some((_, e)) => match &**e {
                Expr::If(next) => at = next,
                other => return last(other),
            },
        }
    }
}

fn attrs(e: &Expr) -> &[Attribute] {
    match e {
        Expr::Array(x) => &x.attrs,
        Expr::Assign(x) => &x.attrs,
        Expr::Async(x) => &x.attrs,
        Expr::Await(x) => &x.attrs,
        Expr::Binary(x) => &x.attrs,
        Expr::Block(x) => &x.attrs,
        Expr::Break(x) => &x.attrs,
        Expr::Call(x) => &x.attrs,
        Expr::Cast(x) => &x.attrs,
        Expr::Closure(x) => &x.attrs,
        Expr::Const(x) => &x.attrs,
        Expr::Continue(x) => &x.attrs,
        Expr::Field(x) => &x.attrs,
        Expr::ForLoop(x) => &x.attrs,
        Expr::Group(x) => &x.attrs,
        Expr::If(x) => &x.attrs,
        Expr::Index(x) => &x.attrs,
        Expr::Infer(x) => &x.attrs,
        Expr::Let(x) => &x.attrs,
        Expr::Lit(x) => &x.attrs,
        Expr::Loop(x) => &x.attrs,
        Expr::Macro(x) => &x.attrs,
        Expr::Match(x) => &x.attrs,
        Expr::MethodCall(x) => &x.attrs,
        Expr::Paren(x) => &x.attrs,
        Expr::Path(x) => &x.attrs,
        Expr::Range(x) => &x.attrs,
        Expr::RawAddr(x) => &x.attrs,
        Expr::Reference(x) => &x.attrs,
        Expr::Repeat(x) => &x.attrs,
        Expr::Return(x) => &x.attrs,
        Expr::Struct(x) => &x.attrs,
        Expr::Try(x) => &x.attrs,
        Expr::TryBlock(x) => &x.attrs,
        Expr::Tuple(x) => &x.attrs,
        Expr::Unary(x) => &x.attrs,
        Expr::Unsafe(x) => &x.attrs,
        Expr::While(x) => &x.attrs,
        Expr::Yield(x) => &x.attrs,
        _ => &[],
    }
}

fn outer_attr(attrs: &[Attribute]) -> Option<Span> {
    attrs.iter().find(|a| matches!(a.style, AttrStyle::Outer)).map(|a| a.pound_token.spans[0])
}

fn lit(l: &Lit) -> Span {
    l.span()
}

fn limits(l: &RangeLimits) -> (Span, Span) {
    match l {
        RangeLimits::HalfOpen(t) => (t.spans[0], t.spans[1]),
        RangeLimits::Closed(t) => (t.spans[0], t.spans[2]),
    }
}

fn path_first(p: &Path) -> Span {
    match (&p.leading_colon, p.segments.first()) {
        (Some(c), _) => c.spans[0],
        (None, Some(s)) => s.ident.span(),
        (None, None) => p.span(),
    }
}

fn path_last(p: &Path) -> Span {
    match p.segments.last() {
        Some(s) if s.arguments.is_none() => s.ident.span(),
        // Generic arguments are short; printed as syn would.
        Some(s) => s.span(),
        None => p.span(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::visit::Visit;

    struct Check<'a> {
        text: &'a str,
        checked: usize,
        wrong: Vec<String>,
    }

    impl<'a> Visit<'a> for Check<'a> {
        fn visit_expr(&mut self, e: &'a Expr) {
            self.same(e.span(), whole(e));
            syn::visit::visit_expr(self, e);
        }
        fn visit_arm(&mut self, a: &'a syn::Arm) {
            self.same(a.span(), arm(a));
            syn::visit::visit_arm(self, a);
        }
        fn visit_field_value(&mut self, f: &'a FieldValue) {
            self.same(f.span(), field(f));
            syn::visit::visit_field_value(self, f);
        }
        fn visit_expr_if(&mut self, x: &'a ExprIf) {
            // How `expr` spans the links of an `else if` chain.
            if x.attrs.is_empty() {
                self.same(x.span(), join(x.if_token.span, if_last(x)));
            }
            syn::visit::visit_expr_if(self, x);
        }
        fn visit_block(&mut self, b: &'a syn::Block) {
            self.same(b.span(), block(b));
            syn::visit::visit_block(self, b);
        }
    }

    impl Check<'_> {
        fn same(&mut self, want: Span, got: Span) {
            let (want, got) = (want.byte_range(), got.byte_range());
            self.checked += 1;
            if want != got && self.wrong.len() < 10 {
                let show = |r: &std::ops::Range<usize>| self.text.get(r.clone()).unwrap_or("?").to_string();
                self.wrong.push(format!("want {:?} {:?}, got {:?}", want, show(&want), show(&got)));
            }
        }
    }

    /// Every expression of the project's Rust fixtures and its own sources,
    /// plus the forms the fixtures lack, spans what syn's `span()` spans.
    #[test]
    fn the_same_ranges_as_syns_span() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = vec![];
        let mut stack = vec![root.join("fixtures"), root.join("src")];
        if let Some(extra) = std::env::var_os("LLMLINT_SPAN_CORPUS") {
            stack.push(extra.into());
        }
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let forms = r#"
            fn f() {
                let a = #[allow(x)] 1 + 2;
                let b = 'outer: loop { break 'outer 5; };
                let c = async move { 1 }.await?;
                let d = const { 3 } as u8;
                let e = |x: u8| -> u8 { x };
                let g = move || x.y.0[1];
                let h = ..; let i = 1..=2; let j = ..3; let k = 4..;
                let l = <T as Trait>::f::<u8>(&raw const x, &mut y, -z, !w, *v);
                let m = S { a, b: 1, ..Default::default() };
                let n = if let Some(x) = y { 1 } else if z { 2 } else { 3 };
                let o = [0; 4]; let p = (1,); let q = vec![1, 2]; let r = m!{};
                let s = match x { Some(_) => 1, _ => 2 };
                for _ in 0..3 { continue; } while x { return; } unsafe { x() };
                let t = Vec::<u8>::new; let u = ::std::f; let v = 'l: { 1 };
                let w = x = 2; let _ = ();
            }
        "#;
        let mut checked = 0;
        let mut wrong = vec![];
        for (name, text) in files
            .iter()
            .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
            .chain([("forms".to_string(), forms.to_string())])
        {
            let Ok(parsed) = syn::parse_file(&text) else { continue };
            let mut c = Check { text: &text, checked: 0, wrong: vec![] };
            c.visit_file(&parsed);
            checked += c.checked;
            wrong.extend(c.wrong.into_iter().map(|w| format!("{name}: {w}")));
            proc_macro2::extra::invalidate_current_thread_spans();
        }
        assert!(checked > 10_000, "{checked}");
        assert!(wrong.is_empty(), "{checked} checked:\n{}", wrong.join("\n"));
    }
}
