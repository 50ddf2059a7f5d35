//! A request as the Facts see it: the SDK client it goes through
//! (`Client`), the request itself (`ApiCall`) and its system prompt.

use super::{Arg, ImportRef, Resolved, Routed, Tri};
use crate::base::ids::ClientId;
use crate::base::ids::FileId;
use crate::base::source::Span;
use crate::knowledge::providers::{Api, Provider};
use crate::knowledge::sdks;

/// An SDK client construction: `Anthropic()`, `new OpenAI({...})`, a builder.
#[derive(Clone, Debug)]
pub struct Client {
    pub provider: Provider,
    /// The file the client is made in (a client imported from another file
    /// is copied into the facts of the file that uses it).
    pub file: FileId,
    pub span: Span,
    pub max_retries: Option<Arg>,
    pub timeout: Option<Arg>,
    /// Where its `base_url` sends (`sdks::Host::Own` without one).
    pub host: sdks::Host,
    /// Declared, not made: the class of a parameter, an attribute or a
    /// returned value (`client: AsyncAnthropic`). Whoever made it chose its
    /// settings, so none of them is known here.
    pub given: bool,
    /// An Azure OpenAI client: the `model` of its requests is a deployment
    /// name the team chose, not a model id.
    pub azure: bool,
    /// A client whose config names the deployment every request goes to
    /// (async-openai's `AzureConfig`): a request's own `model` is not what
    /// serves it. `deployment` is that name where the code shows it.
    pub config_deployment: bool,
    pub deployment: Option<Arg>,
    /// A client of a partner platform the SDK is pointed at by a setting
    /// (google-genai's `vertexai=True`): its requests are served there.
    pub partner: Option<crate::knowledge::models::Platform>,
    /// How many times its SDK retries when the code does not say (the
    /// same provider's SDKs differ: boto3 and AWS's JavaScript SDK).
    pub default_retries: i64,
}

impl Client {
    /// The provider whose API the client's requests reach: its SDK's, or
    /// the one whose compatible endpoint its `base_url` names.
    pub fn sends_to(&self) -> Provider {
        match self.host {
            sdks::Host::Provider(p) => p,
            _ => self.provider,
        }
    }

    /// Its `base_url` sends elsewhere than its provider's own API (what
    /// `ApiCall::rehosted` carries for the requests through it).
    pub fn rehosted(&self) -> bool {
        self.host != sdks::Host::Own
    }

    /// The code turns the SDK's own retries off (`max_retries=0`).
    pub fn retries_off(&self) -> bool {
        self.max_retries.as_ref().is_some_and(Arg::is_zero)
    }
}

/// The names of a class's constructor: Python's, JS/TS's, and Rust's by
/// convention.
pub const CONSTRUCTORS: &[&str] = &["__init__", "constructor", "new"];

/// One request to a model.
#[derive(Clone, Debug)]
pub struct ApiCall {
    pub provider: Provider,
    pub api: Api,
    /// `messages.create`, `chat.completions.create`, `generateText`, `POST /v1/messages`, ...
    pub operation: String,
    pub span: Span,
    /// Index into `Facts::clients` when the client the call goes through is known.
    pub client: Option<ClientId>,
    /// The client is imported from another project file; the project index
    /// resolves it into `client`.
    pub client_import: Option<ImportRef>,
    /// The client is an attribute of the instance (`self.client`) that a
    /// class derived from this one sets again: which client depends on the
    /// instance's class (`Class::clients`).
    pub client_attr: Option<String>,
    pub streaming: Tri,
    /// Part of a Message Batch (`messages.batches.create`): half price, no time limit.
    pub batch: bool,
    pub model: Option<Arg>,
    pub max_tokens: Option<Arg>,
    /// A per-request timeout (`timeout=` or the options argument).
    pub timeout: Option<Arg>,
    /// The `messages` argument (`input` for the Responses API).
    pub messages: Option<Arg>,
    /// A per-request retry count (`with_options(max_retries=0)`, `{ maxRetries: 0 }`).
    pub max_retries: Option<Arg>,
    /// The `system` argument (Anthropic's Messages API shape).
    pub system: Option<SystemPrompt>,
    /// The static text at the head of `messages` (the leading messages whose
    /// content the code spells out), as `Value::Text`.
    pub messages_prefix: Option<Resolved>,
    /// A top-level `cache_control` (automatic prompt caching).
    pub cache_control: bool,
    /// The call sits where it runs more than once per process: in a function
    /// (other than `main`), a method, a loop or a handler.
    pub repeats: bool,
    /// Whether some retry scope encloses this call (filled by the project index).
    pub enclosed: bool,
    /// The call is inside a function handed to code we cannot see
    /// (`caller.call(async () => …)`), which may well retry it.
    pub in_opaque_callback: bool,
    /// Some call of the function that sends it is made outside any retry,
    /// in code no retry reaches (`self.llm.complete()` in a plain method,
    /// while another caller retries it); filled by the project index.
    pub exposed: bool,
    /// A call of the project's own layer that gives this request some of
    /// its fields (`_llm.complete(p, max_tokens=24000)`); set by the project
    /// index on the caller's side.
    pub routed: Option<Routed>,
    /// The beta features the call names (`output-300k-2026-03-24`).
    pub betas: Vec<String>,
    /// The extended-thinking budget written in the request, whose tokens
    /// `max_tokens` must hold beside the answer.
    pub thinking_budget: Option<i64>,
    /// Sent to a host other than its provider's own API (a `base_url` that
    /// names a gateway, a proxy, a local server or another provider's
    /// compatible endpoint, or that the code does not spell out): the
    /// provider's own services (its batch API) may not be there.
    pub rehosted: bool,
}

/// The system prompt of a request.
#[derive(Clone, Debug)]
pub struct SystemPrompt {
    /// `system=X`; its value is the text of every block, as `Value::Str` or
    /// `Value::Text`.
    pub arg: Arg,
    /// Some block carries `cache_control`.
    pub cached: bool,
    /// The value is written as the request's own `system` argument (not a
    /// wrapper's), so the block-list form with `cache_control` may replace it.
    pub rewritable: bool,
}

impl ApiCall {
    /// The model id, when the code shows it as a string.
    pub fn model_id(&self) -> Option<&str> {
        self.model.as_ref().and_then(|m| m.value.value.as_str())
    }
}
