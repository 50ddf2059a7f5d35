//! The lowered form every code frontend produces: just enough of a program to
//! find API calls and resolve the values they are given.
//!
//! Frontends (ruff's parser for Python, oxc for JS/TS, syn for Rust) know syntax and
//! lower it here; `analysis` knows SDKs and turns this into Facts, once for
//! every language.

/// The maps of a lowered file: keyed by names the file itself spells, looked
/// up at every scope a name resolution passes, so hashed with a fast hash
/// (foldhash) rather than SipHash. Seeded per process, like std's.
pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A set hashed like [`Map`].
pub type Set<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

use crate::base::source::Span;
use std::path::PathBuf;

pub use crate::base::ids::{ExprId, ScopeId};

/// The file's own scope, the first every `Unit` has.
pub const MODULE: ScopeId = ScopeId::new(0);

#[derive(Clone, Debug)]
pub enum ExprKind {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    /// `None`, `null`.
    Null,
    /// JavaScript's `undefined`: read as null, except where an option given
    /// `undefined` takes its default and a null means something else (an
    /// agent's `maxTurns: null` lifts its turn limit).
    Undefined,
    /// A string with interpolations (f-string, template literal, `format!`):
    /// its static parts, and the interpolated expressions between them when
    /// the frontend lowered them (`holes.len() == parts.len() - 1`).
    Template {
        parts: Vec<String>,
        holes: Vec<ExprId>,
    },
    Name(String),
    Attr {
        base: ExprId,
        name: String,
    },
    Call {
        callee: ExprId,
        args: Vec<Entry>,
        new: bool,
    },
    /// Dict, object literal, `json!` object, struct literal.
    Object(Vec<Entry>),
    Array(Vec<ExprId>),
    Binary {
        op: BinOp,
        left: ExprId,
        right: ExprId,
    },
    /// A function or lambda; its body was lowered in its own scope.
    Function(ScopeId),
    /// A class (or Rust `impl` / TS enum body): its attributes are the
    /// scope's bindings (`Config.MAX_TOKENS`).
    Class(ScopeId),
    /// `a if c else b`, `c ? a : b`: one of the two (the test is lowered
    /// but not kept). Its value is unknown; a request field taken from a
    /// parameter through it (`system if system else NOT_GIVEN`) is followed.
    Cond {
        then: ExprId,
        otherwise: ExprId,
    },
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    /// `a or b`, `a ?? b`, `a || b`: the value is one of the two.
    Or,
    /// `==`, `!=`, `<`, `<=`, `>`, `>=` (and `===`, `!==`).
    Compare,
    Other,
}

impl BinOp {
    /// The operator as Python and JS spell it.
    pub fn from_token(op: &str) -> BinOp {
        match op {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "/" | "//" => BinOp::Div,
            "or" | "||" | "??" => BinOp::Or,
            "==" | "!=" | "<" | "<=" | ">" | ">=" | "===" | "!==" => BinOp::Compare,
            _ => BinOp::Other,
        }
    }
}

impl ExprKind {
    /// `-x` of a numeric literal; anything else is Unknown.
    pub fn negated(&self) -> ExprKind {
        match self {
            ExprKind::Int(n) => ExprKind::Int(-n),
            ExprKind::Float(f) => ExprKind::Float(-f),
            _ => ExprKind::Unknown,
        }
    }
}

/// A call argument or an object entry. Positional arguments have no key.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: Option<String>,
    pub span: Span,
    pub value: ExprId,
    /// `**kwargs`, `...spread`, `..Default::default()`.
    pub spread: bool,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    pub scope: ScopeId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
}

/// What a name is bound to in one scope. A name bound more than once, or by
/// anything but a plain assignment (a parameter, a loop variable), resolves
/// to Unknown.
#[derive(Clone, Debug)]
pub enum Binding {
    Value(ExprId),
    /// `x += e`, `x *= e`: the name changes using `e` (for tracing what a
    /// delay is made of; a value with an update is not one value).
    Update(ExprId),
    Unknown,
}

#[derive(Clone, Debug)]
pub struct Scope {
    pub parent: Option<ScopeId>,
    pub kind: ScopeKind,
    pub names: Map<String, Vec<Binding>>,
    /// Parameters with a default value, for model ids given as defaults.
    pub param_defaults: Vec<(String, ExprId)>,
    /// A function's parameters in order (Python's `self` and `cls`
    /// included, Rust's `self` not), with the type each is annotated with
    /// when it names one (`llm: LLM`, `claude: &Claude`, `model: ChatModel`).
    pub params: Vec<Param>,
    /// The class's name, for a class scope.
    pub name: Option<String>,
    /// A class's base classes as written (`class A(B)`, `extends B`).
    pub bases: Vec<ExprId>,
    /// A function's returned expressions (`return x`, an arrow's body).
    pub returns: Vec<ExprId>,
    /// The class a function's return annotation names (`-> AsyncAnthropic`,
    /// `): OpenAI`), as an expression of the enclosing scope.
    pub returns_type: Option<ExprId>,
    /// A class's attributes declared with the class they hold
    /// (`client: Anthropic` in the body, `self.client: Anthropic = …`,
    /// `private readonly client: OpenAI;`).
    pub field_types: Vec<(String, ExprId)>,
}

impl Scope {
    fn new(parent: Option<ScopeId>, kind: ScopeKind) -> Self {
        Scope {
            parent,
            kind,
            names: Map::default(),
            param_defaults: vec![],
            params: vec![],
            name: None,
            bases: vec![],
            returns: vec![],
            returns_type: None,
            field_types: vec![],
        }
    }
}

/// A parameter of a function.
#[derive(Clone, Debug)]
pub struct Param {
    /// `None` for a pattern (`{ a, b }`, `(x, y)`): it binds no one name.
    pub name: Option<String>,
    /// The type named by its annotation, as an expression of the enclosing
    /// scope (a name or a dotted name), when it names one class.
    pub annotation: Option<ExprId>,
    /// For an object pattern (`{ system, maxTokens = 1024 }: Options`): each
    /// property and the name it binds.
    pub fields: Vec<(String, String)>,
}

/// An imported name: the dotted name libraries are matched by
/// (`anthropic.Anthropic`, `@anthropic-ai/sdk.default`, `async_openai.Client`)
/// and, for the project's own files, where to find it.
#[derive(Clone, Debug)]
pub struct Import {
    pub qualified: String,
    /// The project file the name comes from and the name there; `None` for
    /// a whole module (`import settings`, `import * as cfg`), where
    /// attributes are looked up in it.
    pub project: Option<ModuleSpec>,
    pub member: Option<String>,
    /// Where the member lives if it is itself a module (`from . import
    /// settings`, then `settings.MAX`).
    pub submodule: Option<ModuleSpec>,
}

/// A function, method, lambda or closure.
#[derive(Clone, Debug)]
pub struct FunctionDef {
    pub name: Option<String>,
    pub span: Span,
    pub body: Span,
    /// The function's own scope.
    pub scope: ScopeId,
    /// Decorators (Python), outermost first.
    pub decorators: Vec<ExprId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoopKind {
    /// `for x in xs`, `for (i = 0; i < n; i++)`, `for x in 0..5`.
    For,
    /// `while cond`.
    While,
    /// `while True`, `while (true)`, `for (;;)`, Rust `loop`.
    Forever,
}

#[derive(Clone, Debug)]
pub struct LoopInfo {
    pub kind: LoopKind,
    pub span: Span,
    /// The loop's first line (`while True:`), where loop findings are reported.
    pub header: Span,
    pub body: Span,
    pub condition: Option<ExprId>,
    /// What a `for` loop iterates (`Retrying(...)`, `range(5)`).
    pub iter: Option<ExprId>,
    /// The names a `for` loop binds to each item (`for m in models`: `m`).
    pub targets: Vec<String>,
}

/// An `except` / `catch` clause, or a Rust `Err(..)` match arm.
#[derive(Clone, Debug)]
pub struct Handler {
    /// The clause itself (`except Exception:`), where findings are reported.
    pub span: Span,
    pub body: Span,
    /// The exception types named; empty for a bare `except:` / `catch {}` / `catch (e)`.
    pub types: Vec<ExprId>,
    /// The name the error is bound to (`as err`, `catch (err)`, `Err(e)`).
    pub binding: Option<String>,
}

/// One lowered file.
#[derive(Debug, Default)]
pub struct Unit {
    pub exprs: Vec<Expr>,
    pub scopes: Vec<Scope>,
    pub imports: Map<String, Import>,
    /// Names exported under another name (`export default X`, `export { a as b }`).
    pub export_aliases: Vec<(String, ExprId)>,
    pub functions: Vec<FunctionDef>,
    pub loops: Vec<LoopInfo>,
    pub handlers: Vec<Handler>,
    /// Where each name of a `from m import a, b` is written, for fixes that
    /// add a name beside it.
    pub import_spans: Map<String, crate::base::source::Span>,
    /// `return`, `break`, `raise`/`throw`: where control leaves a block.
    pub exits: Vec<crate::base::source::Span>,
    /// `obj.attr = value` on an object that is not `self`/`this` (a settings
    /// object, `st.session_state.model = …`): the attribute and the value,
    /// for following where a value goes. Not a binding of any name.
    pub member_assigns: Vec<(String, ExprId)>,
    /// Expression statements: values computed and dropped (`ask(q)`,
    /// `await log(x);`, `send(x).await?;`).
    pub discarded: Vec<ExprId>,
    /// Code that runs only under the test runner (Rust `#[cfg(test)]`
    /// modules and `#[test]` functions): treated like a test file.
    pub test_spans: Vec<crate::base::source::Span>,
    /// A syntax error the parser recovered from (Python): its byte and
    /// message. The file is analysed around it, and the user is told.
    pub syntax_error: Option<(usize, String)>,
    /// Config files: the mapping that holds a mapping (directly or through a
    /// list), so a setting pairs with the model of an enclosing mapping.
    pub parents: Map<ExprId, ExprId>,
    /// The block a context manager governs, by the manager's expression
    /// (`with anyio.move_on_after(d): await stop.wait()`).
    pub managed: Map<ExprId, crate::base::source::Span>,
}

impl Unit {
    pub fn new() -> Self {
        let mut u = Unit::default();
        u.scopes.push(Scope::new(None, ScopeKind::Module));
        u
    }

    pub fn expr(&mut self, kind: ExprKind, span: Span, scope: ScopeId) -> ExprId {
        self.exprs.push(Expr { kind, span, scope });
        ExprId::new(self.exprs.len() - 1)
    }

    pub fn unknown(&mut self, span: Span, scope: ScopeId) -> ExprId {
        self.expr(ExprKind::Unknown, span, scope)
    }

    pub fn new_scope(&mut self, parent: ScopeId, kind: ScopeKind) -> ScopeId {
        self.scopes.push(Scope::new(Some(parent), kind));
        ScopeId::new(self.scopes.len() - 1)
    }

    /// A class scope bound to its name in `scope`.
    pub fn new_class(&mut self, scope: ScopeId, name: &str, span: crate::base::source::Span) -> ScopeId {
        let class = self.new_scope(scope, ScopeKind::Class);
        self.scopes[class].name = Some(name.to_string());
        let e = self.expr(ExprKind::Class(class), span, scope);
        self.bind(scope, name, Binding::Value(e));
        class
    }

    pub fn bind(&mut self, scope: ScopeId, name: &str, binding: Binding) {
        self.scopes[scope].names.entry(name.to_string()).or_default().push(binding);
    }

    /// Bind a name where it was declared (`x = …` / `x += …` on an outer
    /// `let`), or here when no enclosing scope declares it.
    pub fn rebind(&mut self, scope: ScopeId, name: &str, binding: Binding) {
        let mut s = Some(scope);
        while let Some(id) = s {
            if self.scopes[id].names.contains_key(name) {
                return self.bind(id, name, binding);
            }
            s = self.scopes[id].parent;
        }
        self.bind(scope, name, binding);
    }

    /// `return e` in `scope`: a value of the function it is in.
    pub fn returns(&mut self, mut scope: ScopeId, e: ExprId) {
        while self.scopes[scope].kind != ScopeKind::Function {
            match self.scopes[scope].parent {
                Some(p) => scope = p,
                None => return,
            }
        }
        self.scopes[scope].returns.push(e);
    }

    pub fn import(&mut self, local: &str, import: Import) {
        self.imports.insert(local.to_string(), import);
    }

    /// The module scope a scope belongs to for `self.x` / `this.x` bindings:
    /// the nearest enclosing class.
    /// The type annotations that name a class: parameters', return
    /// types', and declared attributes' (`llm: LLM`, `-> OpenAI`,
    /// `private client: Anthropic;`).
    pub fn annotations(&self) -> impl Iterator<Item = ExprId> + '_ {
        self.scopes.iter().flat_map(|s| {
            s.params
                .iter()
                .filter_map(|p| p.annotation)
                .chain(s.returns_type)
                .chain(s.field_types.iter().map(|(_, t)| *t))
        })
    }

    pub fn class_of(&self, mut scope: ScopeId) -> Option<ScopeId> {
        loop {
            let s = &self.scopes[scope];
            if s.kind == ScopeKind::Class {
                return Some(scope);
            }
            scope = s.parent?;
        }
    }
}

/// Where an imported module may live, as the importing frontend can tell.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ModuleSpec {
    /// Candidate files, in order of preference (relative imports, `crate::`
    /// paths); shared, since every name imported from a module and every
    /// call through one carries them.
    Files(std::sync::Arc<[PathBuf]>),
    /// A Python absolute import: any project file whose path ends with these
    /// components (`app/settings.py` or `app/settings/__init__.py`).
    PythonModule(Vec<String>),
}
