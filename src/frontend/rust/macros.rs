//! Macros: `json!` bodies, `format!` strings, `include_str!` prompts.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::*;

impl Lower<'_> {
    /// A macro in statement position: lower what it contains for its calls.
    pub(super) fn mac(&mut self, m: &syn::Macro, scope: ScopeId) {
        self.macro_expr(m, scope);
    }

    pub(super) fn macro_expr(&mut self, m: &syn::Macro, scope: ScopeId) -> ExprId {
        let s = m.span();
        let name = m.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        match name.as_str() {
            "json" => self.json(m.tokens.clone(), s, scope),
            "format" => {
                // Static parts of the format string.
                let parsed = syn::parse::Parser::parse2(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    m.tokens.clone(),
                );
                if let Ok(args) = parsed {
                    for a in args.iter().skip(1) {
                        self.expr(a, scope);
                    }
                    if let Some(Expr::Lit(syn::ExprLit { lit: Lit::Str(f), .. })) = args.first() {
                        let text = f.value();
                        let parts = split_format(&text);
                        return self.push(
                            // Which argument fills which `{}` is left unknown (no holes).
                            if parts.len() == 1 {
                                ExprKind::Str(parts[0].clone())
                            } else {
                                ExprKind::Template { parts, holes: vec![] }
                            },
                            s,
                            scope,
                        );
                    }
                }
                self.push(ExprKind::Unknown, s, scope)
            }
            // `include_str!("x.md")`: a call the analyzer reads as a file
            // read relative to this source file.
            "include_str" => {
                let callee = self.push(ExprKind::Name("include_str!".into()), s, scope);
                let args = match syn::parse2::<syn::LitStr>(m.tokens.clone()) {
                    Ok(path) => {
                        let value = self.push(ExprKind::Str(path.value()), path.span(), scope);
                        vec![Entry { key: None, span: self.span(path.span()), value, spread: false }]
                    }
                    Err(_) => vec![],
                };
                self.push(ExprKind::Call { callee, args, new: false }, s, scope)
            }
            "vec" => {
                let parsed = syn::parse::Parser::parse2(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    m.tokens.clone(),
                );
                match parsed {
                    Ok(items) => {
                        let items = items.iter().map(|x| self.expr(x, scope)).collect();
                        self.push(ExprKind::Array(items), s, scope)
                    }
                    Err(_) => self.push(ExprKind::Unknown, s, scope),
                }
            }
            _ => {
                // println!, assert!, tokio::select! …: whatever parses as
                // comma-separated expressions is lowered for the calls inside.
                let parsed = syn::parse::Parser::parse2(
                    syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated,
                    m.tokens.clone(),
                );
                if let Ok(items) = parsed {
                    for x in items.iter() {
                        self.expr(x, scope);
                    }
                } else if let Ok(block) = syn::parse2::<BlockBody>(m.tokens.clone()) {
                    let inner = self.unit.new_scope(scope, ScopeKind::Function);
                    let b = syn::Block { brace_token: Default::default(), stmts: block.0 };
                    self.block(&b, inner);
                }
                self.push(ExprKind::Unknown, s, scope)
            }
        }
    }

    /// The body of `json!(...)`: objects, arrays, and Rust expressions as values.
    fn json(&mut self, tokens: TokenStream, s: PmSpan, scope: ScopeId) -> ExprId {
        let tts: Vec<TokenTree> = tokens.into_iter().collect();
        self.json_value(&tts, s, scope)
    }

    fn json_value(&mut self, tts: &[TokenTree], s: PmSpan, scope: ScopeId) -> ExprId {
        match tts {
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => {
                let mut entries = vec![];
                for part in split_commas(g.stream()) {
                    let Some(colon) = part.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
                    else {
                        continue;
                    };
                    let key = match &part[..colon] {
                        [TokenTree::Literal(l)] => {
                            syn::parse_str::<syn::LitStr>(&l.to_string()).ok().map(|s| s.value())
                        }
                        _ => None,
                    };
                    let value_tts = &part[colon + 1..];
                    if value_tts.is_empty() {
                        continue;
                    }
                    let first = part[0].span();
                    let last = part[part.len() - 1].span();
                    let value = self.json_value(value_tts, first, scope);
                    let span = Span::new(self.span(first).start, self.span(last).end);
                    entries.push(Entry { key, span, value, spread: false });
                }
                let sp = self.span(g.span());
                self.unit.expr(ExprKind::Object(entries), sp, scope)
            }
            [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => {
                let items = split_commas(g.stream())
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .map(|p| self.json_value(&p, g.span(), scope))
                    .collect();
                let sp = self.span(g.span());
                self.unit.expr(ExprKind::Array(items), sp, scope)
            }
            [TokenTree::Ident(i)] if *i == "null" => self.push(ExprKind::Null, i.span(), scope),
            _ => {
                let stream: TokenStream = tts.iter().cloned().collect();
                match syn::parse2::<Expr>(stream) {
                    Ok(e) => self.expr(&e, scope),
                    Err(_) => self.push(ExprKind::Unknown, s, scope),
                }
            }
        }
    }
}

fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![vec![]];
    for t in stream {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(vec![]),
            _ => parts.last_mut().unwrap().push(t),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// `"a {} b {x}"` → `["a ", " b ", ""]`.
fn split_format(f: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                parts.last_mut().unwrap().push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                parts.last_mut().unwrap().push('}');
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                parts.push(String::new());
            }
            _ => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}
