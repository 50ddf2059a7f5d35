//! Prompt text: how long a request's `system` prompt and the head of its
//! `messages` are, as far as the code shows (literals, constants,
//! concatenation, the static parts of f-strings and template literals,
//! `dedent`, joins of literals, prompt files read by a literal path), and
//! whether the request asks for prompt caching.
//!
//! Decisions written down here:
//! - A file path is resolved the way the language does: `Path(__file__)`,
//!   `__dirname`, `new URL(…, import.meta.url)` and `include_str!` are
//!   relative to the source file; a bare string given to `open`,
//!   `readFileSync` or `fs::read_to_string` is relative to the process's
//!   working directory, which llmlint takes to be where it runs (the project
//!   root), then the source file's directory. A file found in neither place
//!   leaves the text unknown, and rules stay silent.
//! - Methods that keep a text's length about the same (`strip`, `trim`,
//!   `toString`, `unwrap`) are looked through.

use std::path::{Component, Path, PathBuf};

use super::{Analyzer, MAX_DEPTH};
use crate::base::source::Span;
use crate::facts::{Arg, Resolved, SystemPrompt, Text, Value};
use crate::frontend::ir::{BinOp, Entry, ExprId, ExprKind};

/// Methods and helpers that return (about) the text they are given.
const SAME_TEXT: &[&str] = &[
    "strip",
    "lstrip",
    "rstrip",
    "trim",
    "trimStart",
    "trimEnd",
    "toString",
    "to_string",
    "to_owned",
    "into",
    "as_str",
    "clone",
    "unwrap",
    "expect",
    "unwrap_or_default",
    "decode",
    "String",
    "str",
];

/// Helpers that remove common indentation.
const DEDENT: &[&str] = &["dedent", "cleandoc", "stripIndent", "stripIndents", "outdent", "indoc"];

/// Calls that read a whole file as text, given its path as first argument.
const READ_FILE: &[&str] =
    &["readFileSync", "readFile", "read_to_string", "readTextFile", "readTextFileSync", "include_str!"];

/// Calls that make or normalise a path from their arguments.
const PATH_FNS: &[&str] = &["Path", "PurePath", "PosixPath", "join", "resolve", "abspath", "realpath", "normpath"];

/// A path as the code builds it.
#[derive(Clone, Debug)]
enum PathRef {
    /// Relative to the process's working directory.
    Cwd(PathBuf),
    /// Relative to the directory of the source file.
    Source(PathBuf),
}

impl PathRef {
    fn join(self, part: &str) -> PathRef {
        let part = part.trim_start_matches("./");
        if Path::new(part).is_absolute() {
            return PathRef::Cwd(PathBuf::from(part));
        }
        match self {
            PathRef::Cwd(p) => PathRef::Cwd(p.join(part)),
            PathRef::Source(p) => PathRef::Source(p.join(part)),
        }
    }
    fn parent(self) -> PathRef {
        let up = |p: PathBuf| match p.file_name() {
            Some(_) if p.components().next_back() != Some(Component::ParentDir) => {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
            _ => p.join(".."),
        };
        match self {
            PathRef::Cwd(p) => PathRef::Cwd(up(p)),
            PathRef::Source(p) => PathRef::Source(up(p)),
        }
    }
}

/// `a/b/../c` → `a/c`, lexically.
fn normalize(p: &Path) -> PathBuf {
    crate::base::paths::normalize(p).into_owned()
}

/// Remove the whitespace every non-blank line starts with (`textwrap.dedent`).
pub fn dedent(s: &str) -> String {
    let indent = s.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    s.lines().map(|l| l.get(indent..).unwrap_or(l.trim_start())).collect::<Vec<_>>().join("\n")
}

impl<'u> Analyzer<'u> {
    /// The last name of a callee: `textwrap.dedent` → `dedent`.
    fn last_name(&self, callee: ExprId) -> Option<&'u str> {
        match self.kind(callee) {
            ExprKind::Name(n) => Some(n.as_str()),
            ExprKind::Attr { name, .. } => Some(name.as_str()),
            _ => None,
        }
    }

    fn positional(args: &[Entry]) -> impl Iterator<Item = &Entry> {
        args.iter().filter(|a| a.key.is_none() && !a.spread)
    }

    /// The text a call returns, when it is one the code shows the text of.
    pub(super) fn call_text(&self, callee: ExprId, args: &[Entry], depth: usize) -> Option<Value> {
        let name = self.last_name(callee)?;
        let first = Self::positional(args).next();
        let text_of = |e: ExprId| self.resolve_depth(e, depth + 1).value.as_text();
        if READ_FILE.contains(&name) {
            let path = self.path_of(first?.value, depth + 1)?;
            return Some(Value::Text(Text { files: vec![self.candidates(path)], ..Text::default() }));
        }
        let base = match self.kind(callee) {
            ExprKind::Attr { base, .. } => Some(*base),
            _ => None,
        };
        match (name, base) {
            // `Path(p).read_text()`, `open(p).read()`.
            ("read_text", Some(b)) => {
                let path = self.path_of(b, depth + 1)?;
                Some(Value::Text(Text { files: vec![self.candidates(path)], ..Text::default() }))
            }
            ("read", Some(b)) => {
                let ExprKind::Call { callee: open, args: open_args, .. } = self.kind(self.follow(b)) else {
                    return None;
                };
                if self.last_name(*open) != Some("open") {
                    return None;
                }
                let path = self.path_of(Self::positional(open_args).next()?.value, depth + 1)?;
                Some(Value::Text(Text { files: vec![self.candidates(path)], ..Text::default() }))
            }
            // `"\n".join([...])` (Python) and `[...].join("\n")` (JS).
            ("join", Some(b)) => {
                let (sep, items) = match (self.kind(self.follow(b)), first.map(|f| self.kind(self.follow(f.value)))) {
                    (ExprKind::Str(sep), Some(ExprKind::Array(items))) => (sep.clone(), items),
                    (ExprKind::Array(items), arg) => {
                        let sep = match arg {
                            Some(ExprKind::Str(s)) => s.clone(),
                            None => ",".to_string(),
                            _ => return None,
                        };
                        (sep, items)
                    }
                    _ => return None,
                };
                let mut total = Text::default();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        total = total.join(Text::of(&sep));
                    }
                    total = total.join(text_of(*item)?);
                }
                Some(Value::Text(total))
            }
            // `"...{x}...".format(x=…)`: the static parts.
            ("format", Some(b)) => {
                let ExprKind::Str(s) = self.kind(self.follow(b)) else {
                    return None;
                };
                let statics: usize = s.split(['{', '}']).step_by(2).map(|p| p.chars().count()).sum();
                Some(Value::Text(Text { chars: statics, partial: true, ..Text::default() }))
            }
            (n, Some(b)) if SAME_TEXT.contains(&n) && Self::positional(args).next().is_none() => {
                let v = self.resolve_depth(b, depth + 1).value;
                v.as_text().map(|_| v)
            }
            (n, _) if DEDENT.contains(&n) || SAME_TEXT.contains(&n) => {
                match self.resolve_depth(first?.value, depth + 1).value {
                    Value::Str(s) if DEDENT.contains(&n) => Some(Value::Str(dedent(&s))),
                    v => v.as_text().map(|_| v),
                }
            }
            _ => None,
        }
    }

    /// A template's text: whole when every interpolation is text the code
    /// shows (constants), else its static parts as a lower bound.
    pub(super) fn template_text(&self, parts: &[String], holes: &[ExprId], depth: usize) -> Text {
        let statics = Text { chars: parts.iter().map(|p| p.chars().count()).sum(), ..Text::default() };
        if holes.len() + 1 != parts.len() {
            return Text { partial: true, ..statics };
        }
        holes
            .iter()
            .try_fold(statics.clone(), |acc, &h| Some(acc.join(self.resolve_depth(h, depth + 1).value.as_text()?)))
            .unwrap_or(Text { partial: true, ..statics })
    }

    /// The path an expression builds, when it is made of literals and the
    /// source file's own location.
    fn path_of(&self, e: ExprId, depth: usize) -> Option<PathRef> {
        if depth > MAX_DEPTH {
            return None;
        }
        let file_name = || PathRef::Source(self.path.file_name().map(PathBuf::from).unwrap_or_default());
        match self.kind(e) {
            ExprKind::Str(s) => return Some(PathRef::Cwd(PathBuf::from(s))),
            ExprKind::Name(n) if n == "__file__" || n == "__filename" => return Some(file_name()),
            ExprKind::Name(n) if n == "__dirname" => return Some(PathRef::Source(PathBuf::new())),
            ExprKind::Attr { base, name } if matches!(self.kind(*base), ExprKind::Name(b) if b == "import.meta") => {
                return match name.as_str() {
                    "url" | "filename" => Some(file_name()),
                    "dirname" => Some(PathRef::Source(PathBuf::new())),
                    _ => None,
                };
            }
            ExprKind::Attr { base, name } if name == "parent" => return Some(self.path_of(*base, depth + 1)?.parent()),
            ExprKind::Binary { op: BinOp::Div, left, right } => {
                let part = self.resolve_depth(*right, depth + 1).value;
                return Some(self.path_of(*left, depth + 1)?.join(part.as_str()?));
            }
            // `__dirname + "/x.md"`
            ExprKind::Binary { op: BinOp::Add, left, right } => {
                let base @ PathRef::Source(_) = self.path_of(*left, depth + 1)? else {
                    return None;
                };
                let part = self.resolve_depth(*right, depth + 1).value;
                return Some(base.join(part.as_str()?.trim_start_matches('/')));
            }
            ExprKind::Call { callee, args, .. } => return self.path_call(*callee, args, depth),
            _ => {}
        }
        let next = self.follow(e);
        if next != e {
            return self.path_of(next, depth + 1);
        }
        match self.resolve_depth(e, depth + 1).value {
            Value::Str(s) => Some(PathRef::Cwd(PathBuf::from(s))),
            _ => None,
        }
    }

    fn path_call(&self, callee: ExprId, args: &[Entry], depth: usize) -> Option<PathRef> {
        let name = self.last_name(callee)?;
        let args: Vec<&Entry> = Self::positional(args).collect();
        let base = match self.kind(callee) {
            ExprKind::Attr { base, .. } => Some(*base),
            _ => None,
        };
        let str_arg = |a: &Entry| self.resolve_depth(a.value, depth + 1).value.as_str().map(str::to_string);
        match name {
            // Methods of a path object.
            "resolve" | "absolute" | "expanduser" if args.is_empty() => self.path_of(base?, depth + 1),
            "joinpath" => {
                let mut p = self.path_of(base?, depth + 1)?;
                for a in args {
                    p = p.join(&str_arg(a)?);
                }
                Some(p)
            }
            "with_name" => Some(self.path_of(base?, depth + 1)?.parent().join(&str_arg(args.first()?)?)),
            "dirname" => Some(self.path_of(args.first()?.value, depth + 1)?.parent()),
            "fileURLToPath" => self.path_of(args.first()?.value, depth + 1),
            // `new URL("./x.md", import.meta.url)`
            "URL" => {
                let [rel, base] = args.as_slice() else {
                    return None;
                };
                Some(self.path_of(base.value, depth + 1)?.parent().join(&str_arg(rel)?))
            }
            n if PATH_FNS.contains(&n) => {
                let (head, rest) = args.split_first()?;
                let mut p = self.path_of(head.value, depth + 1)?;
                for a in rest {
                    p = p.join(&str_arg(a)?);
                }
                Some(p)
            }
            _ => None,
        }
    }

    /// Where a path may be on disk, in order.
    fn candidates(&self, path: PathRef) -> Vec<PathBuf> {
        let dir = self.path.parent().map(Path::to_path_buf).unwrap_or_default();
        match path {
            PathRef::Source(p) => vec![normalize(&dir.join(p))],
            PathRef::Cwd(p) if p.is_absolute() => vec![p],
            PathRef::Cwd(p) => vec![normalize(&p), normalize(&dir.join(p))],
        }
    }

    // ---- requests -------------------------------------------------------------

    /// The `system` prompt of a request (`instructions` for OpenAI's Responses
    /// API), with the text of every block and whether one is cached.
    pub(super) fn system_prompt(&self, entries: &[Entry]) -> Option<SystemPrompt> {
        let en = entries.iter().rev().find(|en| matches!(en.key.as_deref(), Some("system" | "instructions")))?;
        let target = self.follow(en.value);
        let (value, cached, blocks) = match self.kind(target) {
            ExprKind::Array(items) => {
                let mut text = Some(Text::default());
                let mut cached = false;
                for item in items {
                    let Some(block) = self.object_entries(*item) else {
                        text = None;
                        continue;
                    };
                    cached |= block.iter().any(|b| {
                        b.key.as_deref() == Some("cache_control")
                            && !matches!(self.resolve(b.value).value, Value::Null | Value::Bool(false))
                    });
                    let t = block
                        .iter()
                        .find(|b| b.key.as_deref() == Some("text"))
                        .and_then(|b| self.resolve(b.value).value.as_text());
                    text = text.zip(t).map(|(a, b)| a.join(b));
                }
                (Resolved::new(text.map(Value::Text).unwrap_or(Value::Unknown), None), cached, true)
            }
            _ => {
                let r = self.resolve(en.value);
                let r = if r.value.as_text().is_some() || r.value.is_unknown() { r } else { Resolved::unknown() };
                (r, false, false)
            }
        };
        let arg =
            Arg { key: en.key.clone().unwrap_or_default(), span: en.span, value_span: self.span(en.value), value };
        let rewritable = !blocks && arg.key == "system" && arg.span.contains(arg.value_span);
        Some(SystemPrompt { arg, cached, rewritable })
    }

    /// Whether a top-level `cache_control` asks for automatic caching (a
    /// value the code does not show counts as asking).
    pub(super) fn top_level_cache(&self, entries: &[Entry]) -> bool {
        entries.iter().any(|en| {
            en.key.as_deref() == Some("cache_control")
                && !matches!(self.resolve(en.value).value, Value::Null | Value::Bool(false))
        })
    }

    /// The static text at the head of `messages`: the content of the leading
    /// messages the code spells out, up to the first it does not.
    pub(super) fn messages_prefix(&self, entries: &[Entry]) -> Option<Resolved> {
        let en = entries.iter().rev().find(|en| matches!(en.key.as_deref(), Some("messages" | "input")))?;
        let ExprKind::Array(items) = self.kind(self.follow(en.value)) else {
            return None;
        };
        let mut total = Text::default();
        for item in items {
            let Some(message) = self.object_entries(*item) else {
                break;
            };
            let Some(content) = message.iter().rev().find(|m| m.key.as_deref() == Some("content")) else {
                break;
            };
            let text = match self.kind(self.follow(content.value)) {
                ExprKind::Array(blocks) => blocks.iter().try_fold(Text::default(), |acc, b| {
                    let block = self.object_entries(*b)?;
                    let t = block.iter().find(|x| x.key.as_deref() == Some("text"))?;
                    Some(acc.join(self.resolve(t.value).value.as_text()?))
                }),
                _ => self.resolve(content.value).value.as_text(),
            };
            let Some(text) = text else {
                total.partial = true;
                break;
            };
            let partial = text.partial;
            total = total.join(text);
            if partial {
                break;
            }
        }
        (total.chars > 0 || !total.files.is_empty()).then(|| Resolved::new(Value::Text(total), None))
    }

    /// Whether code at `span` runs more than once per process: inside a loop,
    /// or inside a function, method or handler other than a `main` (which a
    /// script calls once).
    pub(super) fn repeats(&self, span: Span) -> bool {
        if self.unit.loops.iter().any(|l| l.body.contains(span)) {
            return true;
        }
        self.enclosing_function(span).is_some_and(|f| self.unit.functions[f.index()].name.as_deref() != Some("main"))
    }
}
