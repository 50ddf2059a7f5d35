//! The project's own LLM layer as the Facts see it: which request fields a
//! function takes from its callers (`Route`), what a call of a project
//! function passes (`LayerCall`), and a request made through the layer as
//! its caller sees it (`Routed`).

use super::{Arg, BaseClass, Callee};
use crate::base::diagnostic::Location;
use crate::base::ids::{CallId, FunctionId};
use crate::base::source::Span;

/// A field of a request that the project's own LLM layer may take from
/// the code that calls it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Model,
    MaxTokens,
    System,
}

/// Where a function's request, or a call it makes, takes a value from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A parameter: its position among those callers pass, its name (a
    /// keyword argument may name it), and the member of it when the value
    /// is one (`options.system`, `{ system }: Options`).
    Param { position: usize, name: String, member: Option<String> },
    /// An attribute of the instance (`self.model`, `this.model`), as the
    /// constructor sets it (`Class::fields`).
    Attr(String),
}

/// A request whose fields its function takes from its callers
/// (`model=self.model`, `max_tokens=max_tokens or self.max_tokens`).
#[derive(Clone, Debug)]
pub struct Route {
    pub function: FunctionId,
    pub call: CallId,
    /// Each field and where it comes from, first choice first
    /// (`max_tokens or self.max_tokens`: the argument, else the attribute).
    pub flows: Vec<(Field, Vec<Source>)>,
}

/// What a call passes for one parameter.
#[derive(Clone, Debug)]
pub struct Given {
    /// Its position among the positional arguments, or its keyword.
    pub position: Option<usize>,
    pub key: Option<String>,
    pub value: GivenValue,
}

#[derive(Clone, Debug)]
pub enum GivenValue {
    /// A value the code shows.
    Arg(Arg),
    /// An object literal (`{ system: PROMPT, maxTokens: 1500 }`): its entries.
    Members(Vec<Arg>),
    /// What the calling function itself was given (a parameter handed on).
    Source(Source),
}

/// The instance a method is called on.
#[derive(Clone, Debug)]
pub enum Receiver {
    None,
    /// `self` / `this`: the caller's own instance.
    Same,
    /// An instance made in this file (`_llm = LLM(model="…")`): its class
    /// and what the constructor was given.
    Made {
        class: BaseClass,
        args: Vec<Given>,
    },
}

/// A call of a project function or method that passes values a request
/// there may take (`Facts::layer_calls`).
#[derive(Clone, Debug)]
pub struct LayerCall {
    pub callee: Callee,
    pub span: Span,
    /// The function the call is made in.
    pub within: Option<FunctionId>,
    pub args: Vec<Given>,
    pub receiver: Receiver,
    /// The call runs more than once per process (see `ApiCall::repeats`).
    pub repeats: bool,
    /// The call is inside a function handed to code we cannot see (see
    /// `ApiCall::in_opaque_callback`).
    pub in_opaque_callback: bool,
}

/// A request made through the project's own layer, as its caller sees it.
#[derive(Clone, Debug)]
pub struct Routed {
    /// The request in the layer.
    pub request: Location,
    /// The fields the caller gives; the others are the layer's.
    pub given: Vec<Field>,
}
