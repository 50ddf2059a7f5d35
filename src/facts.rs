//! The Facts model: what a frontend saw in one file, in language-neutral terms.
//!
//! Frontends produce these; rules read only these (STYLE.md: frontends know
//! syntax, rules know risk). `Value::Unknown` is a first-class answer: a rule
//! stays silent on what could not be resolved.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::base::diagnostic::Edit;
use crate::base::diagnostic::Location;
use crate::base::ids::{CallId, ClientId, FileId, FunctionId, RequestId};
use crate::base::source::Span;
pub use crate::base::tri::Tri;
use crate::frontend::ir::ModuleSpec;
pub use crate::knowledge::providers::{Api, Provider};

mod layer;
mod request;
pub use layer::*;
pub use request::*;

/// A value as far as the code shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    /// A name imported from another file of the project; the project index
    /// replaces it with what that file binds the name to.
    Import(ImportRef),
    /// Text the code builds but does not spell out whole: an f-string's
    /// static parts, a prompt file read by a literal path.
    Text(Text),
    Unknown,
}

/// The size of a text as far as the code shows it (prompts are measured, not
/// read: only their length matters to cost and caching).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Text {
    /// Characters known statically.
    pub chars: usize,
    /// Files read into the text, each as candidate paths in order of
    /// preference; the project index adds their length and empties this.
    pub files: Vec<Vec<PathBuf>>,
    /// Names imported from other project files whose text is part of this
    /// one; the project index adds them and empties this.
    pub imports: Vec<ImportRef>,
    /// Some parts are only known at run time (interpolations): `chars` is a
    /// lower bound.
    pub partial: bool,
}

impl Text {
    pub fn of(s: &str) -> Text {
        Text { chars: s.chars().count(), ..Text::default() }
    }
    pub fn join(mut self, other: Text) -> Text {
        self.chars += other.chars;
        self.files.extend(other.files);
        self.imports.extend(other.imports);
        self.partial |= other.partial;
        self
    }
}

impl Value {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown | Value::Import(_))
    }
    /// A string or text value as a size.
    pub fn as_text(&self) -> Option<Text> {
        match self {
            Value::Str(s) => Some(Text::of(s)),
            Value::Text(t) => Some(t.clone()),
            Value::Import(r) => Some(Text { imports: vec![r.clone()], ..Text::default() }),
            _ => None,
        }
    }
    /// How many characters of text the code shows, once every file it reads
    /// has been measured.
    pub fn static_chars(&self) -> Option<usize> {
        self.as_text().filter(|t| t.files.is_empty() && t.imports.is_empty()).map(|t| t.chars)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportRef {
    pub module: ModuleSpec,
    pub name: String,
}

/// A value together with the place of the literal that produced it, so that a
/// finding about a literal (a retired model id) can point at the literal even
/// when the call uses it through a constant in another file.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub value: Value,
    pub origin: Option<Location>,
}

impl Resolved {
    pub fn unknown() -> Self {
        Resolved { value: Value::Unknown, origin: None }
    }
    pub fn new(value: Value, origin: Option<Location>) -> Self {
        Resolved { value, origin }
    }
}

/// One argument, property or key of a call or literal.
#[derive(Clone, Debug)]
pub struct Arg {
    /// The key as written (`max_tokens`, `maxOutputTokens`, `max_completion_tokens`).
    pub key: String,
    /// The whole argument or key/value pair: where findings about it are reported.
    pub span: Span,
    /// The value expression itself.
    pub value_span: Span,
    pub value: Resolved,
}

impl Arg {
    /// The value is the number 0 (`max_retries=0`).
    pub fn is_zero(&self) -> bool {
        self.value.value == Value::Int(0)
    }

    /// The `model` of a request to Azure OpenAI names a deployment: written
    /// as one (`azure/NAME`, LiteLLM's form), so the table reads it as the
    /// deployment it is.
    pub fn as_deployment(&mut self) {
        use crate::knowledge::models::AZURE_PREFIX;
        if let Value::Str(name) = &self.value.value
            && !name.starts_with(AZURE_PREFIX)
        {
            self.value.value = Value::Str(format!("{AZURE_PREFIX}{name}"));
        }
    }

    /// Whether the value is a literal written right here (so a fix may edit it).
    pub fn is_inline_literal(&self, file: FileId) -> bool {
        self.value.origin.is_some_and(|o| o.file == file && self.span.contains(o.span))
    }
}

/// An agent's tool-use loop: the request it repeats, and whether a turn
/// cap, a budget or a deadline stops it.
#[derive(Clone, Copy, Debug)]
pub struct ToolLoop {
    pub call: CallId,
    pub bounded: bool,
}

/// An agent framework's turn limit lifted (`max_turns=None`,
/// `recursion_limit: float("inf")`), or a run that has none by default and
/// is given none (an AutoGen team with no termination condition).
#[derive(Clone, Debug)]
pub struct LiftedLimit {
    /// The limit's argument, or the call that lacks it.
    pub span: Span,
    /// Index into `knowledge::agents::TURN_LIMITS`.
    pub limit: usize,
    /// The limit was given (and lifted), rather than left out.
    pub given: bool,
}

/// A loop that makes API calls (DESIGN.md, Facts).
#[derive(Clone, Debug)]
pub struct Loop {
    /// The loop header, where loop findings are reported.
    pub span: Span,
    /// Runs until something outside stops it: `while True`, a `while`
    /// condition, reading `input()`, or iterating a stream of turns.
    pub open_ended: bool,
    /// A list appended to in the loop and sent whole as `messages`, never
    /// trimmed: the first append that grows it, and the call that sends it.
    pub growing_history: Option<(Span, CallId)>,
    /// The loop runs until the model stops asking for tools (`while
    /// resp.stop_reason == "tool_use"`, `if not msg.tool_calls: break`): one
    /// task's agent loop, not a conversation.
    pub tool_loop: Option<ToolLoop>,
    /// One request per item, awaited before the next, iterations
    /// independent, results only collected: the call (index into `calls`).
    pub batchable_call: Option<CallId>,
    /// The loop's body.
    pub body: Span,
    /// In a loop with no request of its own that is otherwise batchable,
    /// each call of a project function whose answer is only collected.
    pub wrapper_calls: Vec<(Callee, Span)>,
    /// The one request those calls send per item, as the layer makes it
    /// (filled by the project index): batchable like `batchable_call`.
    pub batchable_via: Option<Box<ApiCall>>,
}

/// A place that sends a request: an LLM API call, or any HTTP request.
#[derive(Clone, Debug)]
pub struct Request {
    pub span: Span,
    /// Index into `Facts::calls` when it is an API call.
    pub call: Option<CallId>,
    /// A raw HTTP read (a GET: a health check, a download, a status): not a
    /// model request: not what a loop in the same file retries (polling is
    /// not retrying) nor what a fan-out there multiplies (downloads).
    /// Reached in other files it still counts: a project's own HTTP layer in a package the
    /// index does not resolve is often reached only that way.
    pub read: bool,
}

/// A function another piece of code may call.
#[derive(Clone, Debug, PartialEq)]
pub enum Callee {
    /// Index into `Facts::functions` of the same file.
    Local(FunctionId),
    /// A function imported from another project file.
    Imported(ImportRef),
    /// A method of a class another project file defines, called on an
    /// instance of it (`llm = LLM(); llm.complete()`) or inherited from it:
    /// the class as imported, and the method's name.
    Method { class: ImportRef, name: String },
    /// A method called on a module-level instance another project file
    /// makes (`from .llm import shared; shared.complete()`).
    InstanceMethod { instance: ImportRef, name: String },
    /// `self.name()` / `this.name()` in a method of the module-level class
    /// `class` of this file: the method the class defines or inherits, and
    /// every override of it in a class derived from it, in any file (an
    /// abstract `_draft` reaches each subclass's `_draft`).
    Virtual { class: String, name: String },
    /// A parameter of the function `function` called as a function (`fn()`
    /// in `retry_call(fn, …)`, `withBackoff(fn)`): whatever its callers
    /// pass there (`Facts::fn_args`, in any file).
    Param { function: FunctionId, position: usize, name: String },
}

impl FnArg {
    /// Whether the function passed may send a request that the helper's
    /// file must be loaded for: a function literal or one of the file's
    /// functions, or a method of another file's class (`llm.complete`); not
    /// a plain imported name (most often a value) or `self.x` (often data).
    pub fn may_send(&self) -> bool {
        matches!(self.arg, Callee::Local(_) | Callee::Method { .. } | Callee::InstanceMethod { .. })
    }
}

/// A function handed to a project function as an argument
/// (`retry_call(llm.complete, p)`, `withBackoff(() => summarize(x))`), for
/// the `Callee::Param` of the function that calls it.
#[derive(Clone, Debug)]
pub struct FnArg {
    /// The function called.
    pub callee: Callee,
    /// Its position among the positional arguments, or its keyword.
    pub position: Option<usize>,
    pub key: Option<String>,
    /// The function passed.
    pub arg: Callee,
    /// For a method of an instance made in this file (`_llm.complete`
    /// with `_llm = LLM()`), the instance's class.
    pub instance: Option<BaseClass>,
}

/// A class defined at module level, as other files see it: for a method
/// called on an instance they made of it.
#[derive(Clone, Debug)]
pub struct Class {
    pub name: String,
    /// Its methods by name.
    pub methods: Vec<(String, FunctionId)>,
    /// Its base classes, in order: where a method it does not define is.
    pub bases: Vec<BaseClass>,
    /// Attributes its constructor sets from its parameters
    /// (`self.model = model or DEFAULT`, `constructor(private model)`).
    pub fields: Vec<(String, Source)>,
    /// The value its constructor sets an attribute to when it is not given
    /// one (`self.model = model or settings.default_model`: the setting).
    pub defaults: Vec<(String, Arg)>,
    /// Attributes its own code sets to a client (`self.client = Anthropic()`).
    pub clients: Vec<(String, ClientId)>,
}

#[derive(Clone, Debug)]
pub enum BaseClass {
    /// A class of the same file, by name.
    Local(String),
    /// A class imported from another project file.
    Imported(ImportRef),
}

/// A function, method or closure, and what it sends directly.
#[derive(Clone, Debug)]
pub struct Function {
    pub name: Option<String>,
    /// Defined at module level (so other files can import it).
    pub top_level: bool,
    pub body: Span,
    /// Indices into `Facts::requests`.
    pub requests: Vec<RequestId>,
    pub callees: Vec<Callee>,
    /// The function acquires a concurrency limit (a semaphore, a limiter).
    pub acquires_limit: bool,
    /// Names the function uses that are imported from project files: one of
    /// them may be a limiter made there (resolved by the project index).
    pub imported_names: Vec<ImportRef>,
    /// A web route handler, or inside one: someone waits for its answer.
    pub route: bool,
    /// What it may run many times per call: the requests and project
    /// functions inside a loop that runs to the end (no `return`/`break`:
    /// not a retry), a comprehension or a function it hands on (`xs.map(f)`).
    pub repeated: (Vec<RequestId>, Vec<Callee>),
}

/// Code that starts many requests at once (DESIGN.md, Facts).
#[derive(Clone, Debug)]
pub struct FanOut {
    /// The fan-out call: `gather`, `Promise.all`, `join_all`, the `spawn`.
    pub span: Span,
    /// How the code writes it: `asyncio.gather(*[...])`, `Promise.all(xs.map(...))`.
    pub idiom: String,
    /// Whether something bounds how many run at once.
    pub bounded: Tri,
    /// Requests sent by one item directly, and the functions it calls.
    pub requests: Vec<RequestId>,
    pub callees: Vec<Callee>,
    /// Every request an item reaches, here or in other files (project index).
    pub reached: Vec<(FileId, RequestId)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RetryKind {
    /// A retry library's policy (the library's name).
    Library(&'static str),
    /// A hand-written loop: request, catch, sleep, go round.
    Loop,
}

/// One delay of a retry: a sleep in a hand-written loop, or a policy's wait.
#[derive(Clone, Debug)]
pub struct Delay {
    /// The sleep call, or the wait/backoff argument of a policy.
    pub span: Span,
    /// A random component in the delay.
    pub jitter: Tri,
    /// The delay is taken from the server's `retry-after`.
    pub from_retry_after: bool,
    /// Edits that add jitter to a library's policy, when the library's
    /// table knows a safe rewrite.
    pub jitter_edits: Option<Vec<Edit>>,
    /// In a hand-written loop: the delay argument written in the sleep call
    /// itself, which a jitter fix rewrites (`Printer::jittered_delay`).
    pub jitter_delay: Option<Span>,
    /// A call to a function imported from a project file, a sleep if that
    /// function sleeps (`await sleep(ms)` from `./util/sleep`): the project
    /// index keeps the delay when it does (`Facts::sleep_helpers`), and
    /// drops it, and the retry with no delay left, when it does not.
    pub helper: Option<ImportRef>,
}

/// Code that retries (DESIGN.md, Facts).
#[derive(Clone, Debug)]
pub struct RetryScope {
    pub kind: RetryKind,
    /// The retry construct: loop header, decorator, wrapper call or builder.
    pub span: Span,
    pub delays: Vec<Delay>,
    /// Whether something limits the attempts or the time.
    pub bounded: Tri,
    /// Total attempts, when known.
    pub attempts: Option<i64>,
    /// Where the code says to retry every error: the `except Exception` /
    /// `catch` clause, or the policy that was told so.
    pub catch_all: Option<Span>,
    /// Handles rate limiting specifically (RateLimitError, 429, 529).
    pub rate_limit_specific: bool,
    pub reads_retry_after: bool,
    /// Indices into `Facts::requests` sent directly inside the scope.
    pub requests: Vec<RequestId>,
    /// Functions of the project the scope calls.
    pub callees: Vec<Callee>,
    /// Every request the scope reaches, in this file or another (filled by
    /// the project index): (file, index into that file's requests).
    pub reached: Vec<(FileId, RequestId)>,
    /// What is retried: the loop's body, the decorated function's.
    pub body: Span,
    /// Reached requests whose client the instance's class decides
    /// (`self.client`, set again in a subclass), for an instance the scope
    /// makes the call on (`_llm = LLM(); … _llm.complete()`): filled by the
    /// project index.
    pub instance_clients: Vec<(FileId, RequestId, Client)>,
}

/// Where a model id was seen being used as a model.
#[derive(Clone, Debug)]
pub struct ModelRef {
    pub arg: Arg,
    /// The partner platform the id is sent to when the code says so
    /// (`amazonBedrock("claude-…")`), whatever the id's own form.
    pub platform: Option<crate::knowledge::models::Platform>,
}

/// Everything a frontend learned about one file.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub clients: Vec<Client>,
    pub calls: Vec<ApiCall>,
    pub model_refs: Vec<ModelRef>,
    /// Module-level names and what they are bound to, for other files' imports.
    pub exports: HashMap<String, Resolved>,
    /// Module-level names bound to a client (index into `clients`).
    pub exported_clients: HashMap<String, ClientId>,
    /// Module-level names bound to a concurrency limiter (a semaphore).
    pub exported_limiters: Vec<String>,
    pub requests: Vec<Request>,
    pub functions: Vec<Function>,
    /// Module-level classes, for method calls from other files.
    pub classes: Vec<Class>,
    /// Functions passed to project functions (`retry_call(llm.complete)`).
    pub fn_args: Vec<FnArg>,
    /// Requests whose fields their function takes from its callers.
    pub routes: Vec<Route>,
    /// Calls of project functions that pass values, for those routes.
    pub layer_calls: Vec<LayerCall>,
    /// Module-level functions that sleep (`def pause(s): time.sleep(s)`,
    /// `export const sleep = (ms) => new Promise(...)`), by name: whether
    /// the delay they sleep is random whatever they are given.
    pub sleep_helpers: HashMap<String, bool>,
    /// Module-level names bound to an instance of a module-level class of
    /// the file (`shared = Claude()`): name → class name.
    pub exported_instances: HashMap<String, String>,
    pub retry_scopes: Vec<RetryScope>,
    pub fan_outs: Vec<FanOut>,
    pub loops: Vec<Loop>,
    /// Conversations an object holds (`self.messages` appended and sent
    /// whole by a method, turn after turn): the first append, and the call.
    pub held_histories: Vec<(Span, CallId)>,
    /// Agent-framework runs whose turn limit is lifted, or that have none.
    pub lifted_limits: Vec<LiftedLimit>,
    /// The file is a test (`tests/`, `test_*.py`, `*.test.ts`, `*.spec.js`).
    pub is_test: bool,
    /// Only the rules that apply to any file check it (a test file, by
    /// default: see `engine::load`).
    pub limited: bool,
    /// Code in the file that runs only under the test runner (Rust
    /// `#[cfg(test)]` modules, `#[test]` functions): checked like a test
    /// file, by the rules that apply to any file only. Emptied when tests
    /// are checked in full.
    pub test_spans: Vec<Span>,
    /// A syntax error the parser recovered from, at its line
    /// (`line 4: Expected ')', found newline`): findings may be incomplete.
    pub syntax_error: Option<String>,
    /// String literals long enough to hold a credential, with where they are
    /// written (code literals, config values, `.env` values).
    pub strings: Vec<StrLit>,
    /// The project modules the file imports.
    pub imported_modules: Vec<crate::frontend::ir::ModuleSpec>,
    /// The files joined to this one by imports, either way, share a number
    /// (the lowest `FileId` among them): one program of a repository that
    /// holds several. Set by the project index.
    pub program: usize,
}

/// A string literal as written in the file.
#[derive(Clone, Debug)]
pub struct StrLit {
    pub span: Span,
    pub value: String,
}

/// The name of an `ImportRef` that wants its module's file loaded and
/// nothing it names followed (`Facts::wanted_by` knows no such name).
pub const WHOLE_FILE: &str = "#file";

/// Every resolved value of a `Facts`, through `iter` or `iter_mut` (one
/// list of fields for reading and for the project index to finish).
macro_rules! each_value {
    ($facts:expr, $iter:ident, $as:ident $(, $mut:ident)?) => {{
        let clients = $facts.clients.$iter().flat_map(|c| {
            [c.max_retries.$as(), c.timeout.$as()].into_iter().flatten().map(|a| &$($mut)? a.value)
        });
        let calls = $facts.calls.$iter().flat_map(|c| {
            [
                c.model.$as(),
                c.max_tokens.$as(),
                c.timeout.$as(),
                c.max_retries.$as(),
                c.system.$as().map(|s| &$($mut)? s.arg),
            ]
            .into_iter()
            .flatten()
            .map(|a| &$($mut)? a.value)
            .chain(c.messages_prefix.$as())
        });
        let refs = $facts.model_refs.$iter().map(|m| &$($mut)? m.arg.value);
        let defaults = $facts.classes.$iter().flat_map(|c| c.defaults.$iter().map(|(_, a)| &$($mut)? a.value));
        clients.chain(calls).chain(refs).chain(defaults)
    }};
}

impl Facts {
    /// Every resolved value in these facts, for the project index to finish.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Resolved> {
        each_value!(self, iter_mut, as_mut, mut)
    }

    /// The values calls of the project's layer pass, for the project index
    /// to resolve (not wanted on their own: a value only matters once a
    /// route takes it).
    pub fn given_mut(&mut self) -> impl Iterator<Item = &mut Resolved> {
        self.layer_calls.iter_mut().flat_map(|c| {
            let receiver = match &mut c.receiver {
                Receiver::Made { args, .. } => Some(args.iter_mut()),
                _ => None,
            };
            c.args.iter_mut().chain(receiver.into_iter().flatten()).flat_map(|g| {
                let args: &mut [Arg] = match &mut g.value {
                    GivenValue::Arg(a) => std::slice::from_mut(a),
                    GivenValue::Members(m) => m,
                    GivenValue::Source(_) => &mut [],
                };
                args.iter_mut().map(|a| &mut a.value)
            })
        })
    }

    pub fn values(&self) -> impl Iterator<Item = &Resolved> {
        each_value!(self, iter, as_ref)
    }

    /// The names of other project files these facts need resolved: imported
    /// values and texts, clients made elsewhere, and the functions a retry
    /// or fan-out here calls (through this file's own functions). The
    /// project index loads only the files that define them.
    ///
    /// `sleeps` tells whether an imported function is known to sleep: a
    /// loop whose only sleeps are calls to imported functions is a retry
    /// (whose callees are wanted) only once one of them is.
    pub fn wanted_imports(&self, sleeps: &dyn Fn(&ImportRef) -> bool) -> Vec<ImportRef> {
        let mut out: Vec<ImportRef> = vec![];
        for v in self.values() {
            value_imports(&v.value, &mut out);
        }
        out.extend(self.calls.iter().filter_map(|c| c.client_import.clone()));
        out.extend(self.retry_scopes.iter().flat_map(|s| &s.delays).filter_map(|d| d.helper.clone()));
        let retries =
            self.retry_scopes.iter().filter(|s| s.delays.iter().any(|d| d.helper.as_ref().is_none_or(sleeps)));
        let roots = retries.flat_map(|s| &s.callees).chain(self.fan_outs.iter().flat_map(|f| &f.callees));
        self.callee_imports(roots, &mut out);
        // A function literal or a method handed to a helper: the helper may
        // retry or fan out over it, so its file is loaded (and what it calls
        // is then wanted by that file's own retries). A plain imported name
        // is most often a value, not a function: no helper is loaded for it.
        out.extend(self.fn_args.iter().filter(|a| a.may_send()).filter_map(|a| match &a.callee {
            Callee::Imported(r) | Callee::Method { class: r, .. } | Callee::InstanceMethod { instance: r, .. } => {
                Some(ImportRef { module: r.module.clone(), name: WHOLE_FILE.to_string() })
            }
            _ => None,
        }));
        // The bases of a class that sends: one may retry or fan out over the
        // method the class defines (an abstract `_draft` it implements).
        for class in &self.classes {
            if class.methods.iter().any(|(_, f)| !self.functions[*f].requests.is_empty()) {
                out.extend(class.bases.iter().filter_map(|b| match b {
                    BaseClass::Imported(r) => {
                        Some(ImportRef { module: r.module.clone(), name: format!("{}.*", r.name) })
                    }
                    BaseClass::Local(_) => None,
                }));
            }
        }
        out
    }

    /// What another file's `name` needs from further files, when a file
    /// wants it: the binding it re-exports, the texts it joins, and what the
    /// function of that name calls.
    pub fn wanted_by(&self, name: &str) -> Vec<ImportRef> {
        let mut out = vec![];
        if let Some(v) = self.exports.get(name) {
            value_imports(&v.value, &mut out);
        }
        if let Some(i) = self.top_level_function(name) {
            self.callee_imports([Callee::Local(i)].iter(), &mut out);
        }
        // A class or an instance of one: what making it runs (its
        // constructor); `LLM.complete`: that method; `LLM.*`: every method.
        // Where the class does not define it, its bases.
        let (head, method) = name.split_once('.').unwrap_or((name, "__init__"));
        let wanted = |n: &str| match method {
            "*" => true,
            "__init__" => matches!(n, "__init__" | "constructor" | "new"),
            m => m == n,
        };
        let class_name = self.exported_instances.get(head).map(String::as_str).unwrap_or(head);
        let Some(class) = self.classes.iter().find(|c| c.name == class_name) else { return out };
        let methods: Vec<Callee> =
            class.methods.iter().filter(|(n, _)| wanted(n)).map(|(_, f)| Callee::Local(*f)).collect();
        let found = !methods.is_empty();
        self.callee_imports(methods.iter(), &mut out);
        if found && method != "*" {
            return out;
        }
        let member = |base: &str| format!("{base}.{method}");
        for base in &class.bases {
            match base {
                BaseClass::Imported(r) => out.push(ImportRef { module: r.module.clone(), name: member(&r.name) }),
                BaseClass::Local(n) if n != class_name => out.extend(self.wanted_by(&member(n))),
                BaseClass::Local(_) => {}
            }
        }
        out
    }

    /// The module-level function of this name (what another file imports).
    pub fn top_level_function(&self, name: &str) -> Option<FunctionId> {
        self.functions.iter().position(|f| f.top_level && f.name.as_deref() == Some(name)).map(FunctionId::new)
    }

    /// The imported functions and names `callees` reach through this file's
    /// functions.
    fn callee_imports<'a>(&'a self, callees: impl Iterator<Item = &'a Callee>, out: &mut Vec<ImportRef>) {
        let mut stack: Vec<&Callee> = callees.collect();
        let mut local: Vec<FunctionId> = vec![];
        let mut seen = vec![false; self.functions.len()];
        loop {
            if let Some(i) = local.pop() {
                if seen.get(i.index()) != Some(&false) {
                    continue; // visited, or no such function
                }
                seen[i] = true;
                let f = &self.functions[i];
                stack.extend(&f.callees);
                out.extend(f.imported_names.iter().cloned());
                continue;
            }
            let Some(c) = stack.pop() else { break };
            match c {
                Callee::Imported(r) => out.push(r.clone()),
                // Only the method called, not every method of the class.
                Callee::Method { class: r, name } | Callee::InstanceMethod { instance: r, name } => {
                    out.push(ImportRef { module: r.module.clone(), name: format!("{}.{name}", r.name) })
                }
                // The class's own method; or the bases that may define it.
                Callee::Virtual { class, name } => {
                    let mut class = self.classes.iter().find(|c| c.name == *class);
                    for _ in 0..8 {
                        let Some(c) = class else { break };
                        if let Some((_, f)) = c.methods.iter().find(|(n, _)| n == name) {
                            local.push(*f);
                            break;
                        }
                        class = None;
                        for base in &c.bases {
                            match base {
                                // The whole base: the inherited method's own
                                // `self.x()` calls are the base's other methods.
                                BaseClass::Imported(r) => {
                                    out.push(ImportRef { module: r.module.clone(), name: format!("{}.*", r.name) })
                                }
                                BaseClass::Local(b) => class = self.classes.iter().find(|c| c.name == *b),
                            }
                        }
                    }
                }
                // What callers pass is loaded with the callers.
                Callee::Param { .. } => {}
                Callee::Local(i) => local.push(*i),
            }
        }
    }
}

fn value_imports(v: &Value, out: &mut Vec<ImportRef>) {
    match v {
        Value::Import(r) => out.push(r.clone()),
        Value::Text(t) => out.extend(t.imports.iter().cloned()),
        _ => {}
    }
}
