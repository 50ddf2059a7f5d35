//! The depth guard: how deeply a file may make a parser recurse, measured on
//! its bytes before any parser sees it.
//!
//! oxc and syn parse by recursive descent with no limit of their own, and a
//! stack overflow cannot be caught: one file nested 100,000 deep would abort
//! the run and the language server. So before parsing, `nesting` estimates
//! the deepest recursion a file can cause, erring high, and a file over
//! `MAX_NESTING` is refused with a warning. Two things nest:
//! - brackets (`(`, `[`, `{`), counted outside strings and comments;
//! - chains without brackets: prefix operators (`!!!!x`, `& & x`), right-
//!   associative operators (`a = b = …`, `x ? y : z ? …`, `a => b => …`,
//!   `|| || …`), generics (`Vec<Vec<…>>`), `else if` chains and prefix
//!   keywords (`await`, `new`, `return`…). Their length is the number of
//!   operator characters and such keywords since the last `;` or `,`, or a
//!   brace that does not continue an `else` chain.
//!
//! Python needs no estimate: ruff's parser grows its own stack (`stacker`),
//! and the Python frontend stops lowering at `literal::MAX_NESTING`.
//! Everything that parses runs on a thread with `STACK` bytes of stack
//! (`on_big_stack`), which `MAX_NESTING` levels of every parser fit in.

use crate::base::language::Language;

/// The deepest nesting a file may have and still be parsed.
pub const MAX_NESTING: usize = 1_000;

/// The stack every parse runs on: `MAX_NESTING` levels of the deepest
/// recursion measured (syn's, about 3 KB a level in a release build and
/// several times that in a debug build) with room to spare.
pub const STACK: usize = 256 * 1024 * 1024;

/// Why `text` is not to be parsed as `language`: it nests deeper than
/// `MAX_NESTING` levels.
pub fn too_deep(language: Language, text: &str) -> Option<String> {
    let family = match language {
        l if l.is_javascript() => Family::JavaScript,
        Language::Rust => Family::Rust,
        _ => return None,
    };
    let depth = nesting(text.as_bytes(), family);
    (depth > MAX_NESTING).then(|| format!("nested over {MAX_NESTING} levels deep ({depth}), too deep to parse safely"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Family {
    JavaScript,
    Rust,
}

/// Keywords that nest what follows them.
const PREFIX_WORDS: &[&[u8]] = &[
    b"await", b"new", b"typeof", b"void", b"delete", b"yield", b"return", b"throw", b"else", b"async", b"move",
    b"break", b"in", b"as", b"keyof", b"infer", b"extends",
];

/// An estimate of the deepest recursion `text` can cause a parser of
/// `family`, never lower than the bracket depth outside strings and
/// comments.
pub fn nesting(text: &[u8], family: Family) -> usize {
    let mut open: Vec<u8> = vec![];
    let mut chain = 0usize;
    let mut deepest = 0usize;
    // Template literals: the bracket depth at which each `${` was opened.
    let mut templates: Vec<usize> = vec![];
    // What came last, for telling a regex's `/` from a division's: the
    // last significant byte, or `w` after a keyword a regex may follow,
    // or `c` after the `)` of an `if`/`while`/`for` head.
    let mut last = b';';
    let mut i = 0;
    let n = text.len();
    while i < n {
        let b = text[i];
        if !b.is_ascii_whitespace() && b != b'/' {
            // (Set below for words and closers; a `/` sets it itself.)
            last = b;
        }
        match b {
            b'/' if text.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &text[i..]).map_or(n, |k| i + k);
                continue;
            }
            b'/' if text.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(text, i + 2, family == Family::Rust);
                continue;
            }
            b'"' => {
                i = string_end(text, i + 1, b'"');
                continue;
            }
            b'\'' if family == Family::JavaScript => {
                i = string_end(text, i + 1, b'\'');
                continue;
            }
            b'\'' => {
                // A char literal (`'x'`, `'\n'`, `'\u{1F600}'`), else a lifetime.
                i = rust_char_end(text, i + 1);
                continue;
            }
            b'r' | b'b' if family == Family::Rust && raw_string_start(text, i).is_some() => {
                i = raw_string_end(text, i);
                continue;
            }
            b'/' if family == Family::JavaScript && regex_may_follow(last) => {
                if let Some(end) = regex_end(text, i + 1) {
                    i = end;
                    last = b'a';
                    continue;
                }
                chain += 1;
                last = b'/';
            }
            b'\\' => {
                // Only in a regex or an identifier escape: not a bracket.
                i += 2;
                continue;
            }
            b'`' if family == Family::JavaScript => {
                i = template_end(text, i + 1, &mut templates, &mut open);
                deepest = deepest.max(open.len() + chain);
                continue;
            }
            b'}' if templates.last() == Some(&open.len()) => {
                // The end of a `${…}`: back into the template's text.
                templates.pop();
                open.pop();
                i = template_end(text, i + 1, &mut templates, &mut open);
                deepest = deepest.max(open.len() + chain);
                continue;
            }
            b'(' | b'[' | b'{' => {
                // The head of an `if`/`while`/`for`: after its `)`, a `/` starts a regex.
                let control = b == b'(' && matches!(last_word(text, i), b"if" | b"while" | b"for" | b"with");
                open.push(if control { b'c' } else { b });
            }
            b')' | b']' | b'}' => {
                let opener = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                // A closer that does not match is not counted: a mistake
                // in this estimate may only make it higher.
                match open.last() {
                    Some(&c) if c == opener || (c == b'c' && opener == b'(') => {
                        open.pop();
                        last = if c == b'c' { b'c' } else { b };
                    }
                    _ => {}
                }
                if b == b'}' && !followed_by_else(text, i + 1) {
                    chain = 0;
                }
            }
            b';' | b',' => chain = 0,
            // A line break ends a statement that ends there (code without
            // semicolons); not one an operator carries on either side of.
            b'\n' if last != b'w' && !ends_in_operator(text, i) && !next_is_operator(text, i + 1) => chain = 0,
            c if is_operator(c) => chain += 1,
            // A member or method chain (`a.b().c()…`): syn computes each
            // link's span from the whole chain below it, so a long one is
            // slow to lower as well as deep.
            b'.' if family == Family::Rust => chain += 1,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'$' => {
                let start = i;
                while i < n && (text[i].is_ascii_alphanumeric() || text[i] == b'_' || text[i] == b'$') {
                    i += 1;
                }
                if PREFIX_WORDS.contains(&&text[start..i]) {
                    chain += 1;
                    last = b'w';
                } else {
                    last = b'a';
                }
                deepest = deepest.max(open.len() + chain);
                continue;
            }
            _ => {}
        }
        deepest = deepest.max(open.len() + chain);
        i += 1;
    }
    deepest
}

/// The characters that chain operands: operators, `?`/`:`, `@`.
fn is_operator(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'%' | b'&' | b'*' | b'+' | b'-' | b'/' | b':' | b'<' | b'=' | b'>' | b'?' | b'^' | b'|' | b'~' | b'@'
    )
}

/// Whether the text before `i` ends in an operator that carries on (a `>`
/// only as `=>`: otherwise it closes a generic, `Map<K, V>`).
fn ends_in_operator(text: &[u8], i: usize) -> bool {
    let before = &text[..i];
    let Some(k) = before.iter().rposition(|c| !c.is_ascii_whitespace()) else { return false };
    match before[k] {
        b'>' => k > 0 && before[k - 1] == b'=',
        c => is_operator(c),
    }
}

/// Whether the next significant byte from `i` is an operator (`\n: c ? …`).
fn next_is_operator(text: &[u8], i: usize) -> bool {
    text[i.min(text.len())..]
        .iter()
        .find(|c| !c.is_ascii_whitespace())
        .is_some_and(|&c| (is_operator(c) && c != b'/') || c == b'.')
}

/// Whether a `/` after `last` (see `nesting`) starts a regex: after an
/// operator, an opening bracket, a separator, a keyword, or the `)` of a
/// control head; not after a name, a number, a closing bracket or a `}`
/// (which may close an object: a division is the safer reading there).
fn regex_may_follow(last: u8) -> bool {
    matches!(
        last,
        b'(' | b','
            | b'='
            | b':'
            | b'['
            | b'!'
            | b'&'
            | b'|'
            | b'?'
            | b'{'
            | b';'
            | b'+'
            | b'-'
            | b'*'
            | b'%'
            | b'<'
            | b'>'
            | b'~'
            | b'^'
            | b'w'
            | b'c'
    )
}

/// The end of a regex literal whose body starts at `i`, if it closes on
/// its line (one that does not was a division after all).
fn regex_end(text: &[u8], mut i: usize) -> Option<usize> {
    let mut class = false;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 1,
            b'\n' | b'\r' => return None,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                i += 1;
                // Its flags.
                while i < text.len() && text[i].is_ascii_alphabetic() {
                    i += 1;
                }
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The word just before `i`, spaces skipped.
fn last_word(text: &[u8], i: usize) -> &[u8] {
    let before = &text[..i];
    let end = before.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(0, |k| k + 1);
    let start = before[..end].iter().rposition(|c| !(c.is_ascii_alphanumeric() || *c == b'_')).map_or(0, |k| k + 1);
    &before[start..end]
}

/// The end of a string opened before `i`, closed by `quote` (escapes
/// skipped); the end of the text if it never closes.
fn string_end(text: &[u8], mut i: usize, quote: u8) -> usize {
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            c if c == quote => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// The end of a block comment whose body starts at `i` (Rust's nest).
fn block_comment_end(text: &[u8], mut i: usize, nests: bool) -> usize {
    let mut level = 1;
    while i < text.len() {
        if text[i] == b'*' && text.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else if nests && text[i] == b'/' && text.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    text.len()
}

/// After a `'` at `i - 1`: the end of a char literal, or `i` for a lifetime
/// or label (`'a`, `'static`).
fn rust_char_end(text: &[u8], i: usize) -> usize {
    match text.get(i) {
        Some(b'\\') => string_end(text, i, b'\''),
        Some(_) => {
            // One character (up to four bytes of UTF-8), then the quote.
            let len = text[i..].iter().skip(1).take(4).position(|&c| c == b'\'');
            match len {
                Some(k) if !text[i].is_ascii_alphanumeric() || k == 0 => i + 1 + k + 1,
                _ => i,
            }
        }
        None => i,
    }
}

/// `r"…"`, `r#"…"#`, `br"…"`: the number of `#`s, if a raw string starts at `i`.
fn raw_string_start(text: &[u8], i: usize) -> Option<usize> {
    // Part of a longer name (`bar"`) is not a prefix.
    if i > 0 && (text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_') {
        return None;
    }
    let mut j = i;
    if text[j] == b'b' {
        j += 1;
    }
    if text.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = text[j..].iter().take_while(|&&c| c == b'#').count();
    (text.get(j + hashes) == Some(&b'"')).then_some(hashes)
}

fn raw_string_end(text: &[u8], i: usize) -> usize {
    let hashes = raw_string_start(text, i).unwrap_or(0);
    let body = i + text[i..].iter().position(|&c| c == b'"').map_or(0, |k| k + 1);
    let mut j = body;
    while j < text.len() {
        if text[j] == b'"' && text[j + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
            return j + 1 + hashes;
        }
        j += 1;
    }
    text.len()
}

/// Inside a template literal from `i`: its end, or just past a `${`, which
/// opens a bracket and is recorded at its depth so that its `}` resumes
/// the text.
fn template_end(text: &[u8], mut i: usize, templates: &mut Vec<usize>, open: &mut Vec<u8>) -> usize {
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'`' => return i + 1,
            b'$' if text.get(i + 1) == Some(&b'{') => {
                open.push(b'{');
                templates.push(open.len());
                return i + 2;
            }
            _ => i += 1,
        }
    }
    text.len()
}

/// Whether the next word after `i` is `else` (an `else if` chain goes on).
fn followed_by_else(text: &[u8], i: usize) -> bool {
    let rest = &text[i.min(text.len())..];
    let start = rest.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(rest.len());
    rest[start..].starts_with(b"else")
}

/// `f`, which parses `text` as `language`, run where it cannot overflow
/// the stack; or why `text` is not to be parsed.
pub fn guarded<T: Send>(language: Language, text: &str, f: impl FnOnce() -> T + Send) -> Result<T, String> {
    match too_deep(language, text) {
        Some(why) => Err(why),
        None => on_big_stack(f),
    }
}

thread_local! {
    static BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Mark the current thread as one with `STACK` bytes of stack (the engine's
/// workers are made so).
pub fn mark_big_stack() {
    BIG_STACK.with(|b| b.set(true));
}

/// Run `f` where a parse of `MAX_NESTING` levels fits: here, on a thread
/// made with `STACK` bytes, or else on a new one; or why no such thread
/// could be made (a process or address-space limit).
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, String> {
    if BIG_STACK.with(|b| b.get()) {
        return Ok(f());
    }
    std::thread::scope(|s| {
        let thread = std::thread::Builder::new().stack_size(STACK).spawn_scoped(s, || {
            mark_big_stack();
            f()
        });
        match thread {
            Ok(t) => Ok(t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            Err(e) => Err(format!("could not start a thread to parse on: {e}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(s: &str) -> usize {
        nesting(s.as_bytes(), Family::JavaScript)
    }
    fn rs(s: &str) -> usize {
        nesting(s.as_bytes(), Family::Rust)
    }

    #[test]
    fn brackets_count_outside_strings_and_comments() {
        assert_eq!(js("f(a[1], {b: 2});"), 3);
        assert_eq!(js("f(')))', \"]]\", `}}`) // ((((\n/* [[[[ */"), 1);
        // A closer in a string cannot hide an opener.
        assert_eq!(js("((((\"))))\" + 1))))"), 5);
        // Code inside a template's `${}` nests.
        assert_eq!(js("`a${f((1))}b`"), 3);
        assert!(js(&format!("x = {}1{};", "`${".repeat(5_000), "}`".repeat(5_000))) >= 5_000);
        assert_eq!(rs("fn f() { let c = '('; let s = r#\")\"#; g(c) }"), 2);
        // Regexes: their brackets are text, a division's `/` is not a regex.
        assert_eq!(js("x = /[(]/.test(s) && /\\)/.test(s) && /}/.test(s);"), 6);
        assert_eq!(js("function f() { if (a) /}/.test(b); g(h(1)); }"), 3);
        assert_eq!(js("y = a / (b / c);"), 4);
        assert_eq!(rs("fn f<'a>(x: &'a str) { /* ( /* ( */ ) */ }"), 5);
    }

    #[test]
    fn chains_without_brackets_count_too() {
        let deep = 5_000;
        assert!(js(&format!("x = {}a;", "!".repeat(deep))) > deep);
        assert!(js(&format!("x = {}1;", "a => ".repeat(deep))) > deep);
        assert!(js(&format!("x = {}2;", "a ? 1 : ".repeat(deep))) > deep);
        assert!(js(&format!("x = {}2", "a ? 1\n  : ".repeat(deep))) > deep);
        assert!(js(&format!("x = {}1", "a =>\n".repeat(deep))) > deep);
        assert!(js(&format!("type T = {}number{};", "Array<".repeat(deep), ">".repeat(deep))) > deep);
        assert!(rs(&format!("fn f() {{ let x = {}a; }}", "& ".repeat(deep))) > deep);
        assert!(rs(&format!("fn f() {{ if a {{}} {} }}", "else if a {} ".repeat(deep))) > deep);
        assert!(js(&format!("async function f() {{ return {}a; }}", "await ".repeat(deep))) > deep);
        // Rust member and method chains, on one line or one link a line.
        assert!(rs(&format!("fn f() {{ let x = a{}; }}", ".b()".repeat(deep))) > deep);
        assert!(rs(&format!("fn f() {{ let x = a{}; }}", "\n    .b".repeat(deep))) > deep);
    }

    #[test]
    fn ordinary_code_stays_far_under_the_limit() {
        let code = "export async function ask(q: string): Promise<string> {\n  const r = await client.messages.create({ model: \"claude\", max_tokens: 1024, messages: [{ role: \"user\", content: q }] });\n  return r.content.map((b) => (b.type === \"text\" ? b.text : \"\")).join(\"\");\n}\n";
        assert!(js(&code.repeat(1_000)) < 30, "{}", js(code));
        let rust = "fn main() {\n    let v: Vec<Vec<u8>> = vec![vec![1, 2], vec![3]];\n    if v.len() > 1 && v[0][0] != 2 { println!(\"{}\", v[0][1]); } else if v.is_empty() { return; }\n}\n";
        assert!(rs(&rust.repeat(1_000)) < 30, "{}", rs(rust));
        // Without semicolons, each line is a statement of its own.
        let members: String =
            (0..2_000).map(|i| format!("  set{i}: Dispatch<SetStateAction<Tables<\"t\">[]>>\n")).collect();
        assert!(js(&format!("interface Context {{\n{members}}}\n")) < 30);
    }
}
