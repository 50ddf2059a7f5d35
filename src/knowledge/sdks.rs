//! What llmlint knows about SDKs, frameworks and HTTP clients, as tables.
//!
//! Names are matched by their qualified form: the module as imported, then the
//! member (`anthropic.Anthropic`, `@anthropic-ai/sdk.default`, `ai.generateText`,
//! `async_openai.Client.new`). One matcher in `analysis` reads these tables
//! for every language; adding an SDK is adding rows here.

use crate::base::tri::Tri;
use crate::knowledge::models::Platform;
use crate::knowledge::providers::Api;
use crate::knowledge::providers::Provider;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Known {
    /// An SDK client class or constructor: calling it makes a client. A
    /// factory of clients for many services makes one only when given
    /// this `service` (`boto3.client("bedrock-runtime")`).
    Client { provider: Provider, azure: bool, service: Option<&'static str> },
    /// A function or class whose call is itself a request, or a chat-model
    /// object that holds the request settings (LangChain).
    /// `settings`: the argument that holds the request's settings beside
    /// the model, as `Operation::settings`.
    Request {
        provider: Provider,
        api: Api,
        op: &'static str,
        streaming: Tri,
        model_arg: Option<usize>,
        settings: Option<&'static str>,
    },
    /// A Vercel AI SDK provider function: `anthropic("claude-…")` names a model.
    ProviderFn(Provider),
    /// `createAnthropic({...})`: returns a provider function.
    ProviderFactory(Provider),
    /// An HTTP client module, function or class.
    Http,
}

mod operations;
mod words;
pub use operations::*;
pub use words::*;

use Known::*;
use Provider::{Anthropic as A, Bedrock, Cohere, Google as G, Groq, Mistral, OpenAi as O, Unknown as U};

const fn client(provider: Provider) -> Known {
    Client { provider, azure: false, service: None }
}
const fn framework(provider: Provider, op: &'static str, streaming: Tri) -> Known {
    Request { provider, api: Api::Framework, op, streaming, model_arg: None, settings: None }
}

/// A Gemini chat: made with its model and settings, which its messages send.
const fn gemini_chat() -> Known {
    Request {
        provider: G,
        api: Api::Framework,
        op: CHAT_OPERATION,
        streaming: Tri::No,
        model_arg: None,
        settings: Some("config"),
    }
}

/// A Bedrock command of AWS's JavaScript SDK: the request it holds.
const fn command(op: &'static str, streaming: Tri, settings: &'static str) -> Known {
    Request { provider: Bedrock, api: Api::Sdk, op, streaming, model_arg: None, settings: Some(settings) }
}

/// Session classes whose methods are their module's client factories
/// (`boto3.Session().client` is `boto3.client` with the session's
/// credentials; boto3 docs, Session reference, read 2026-12-02).
pub const SESSION_CLASSES: &[(&str, &str)] = &[("boto3.Session", "boto3"), ("boto3.session.Session", "boto3")];

/// Modules whose request classes are many (one command per operation):
/// constructing their client is the prefilter's evidence, not each
/// command (the code search stays under 64 words).
const EVIDENCE_BY_CLIENT_ONLY: &[&str] =
    &["@aws-sdk/client-bedrock-runtime", "google.generativeai", "@google/generative-ai"];

/// Qualified names, all languages (the module names do not collide).
pub const NAMES: &[(&str, Known)] = &[
    // Python SDKs
    ("anthropic.Anthropic", client(A)),
    ("anthropic.AsyncAnthropic", client(A)),
    ("anthropic.AnthropicBedrock", client(A)),
    ("anthropic.AsyncAnthropicBedrock", client(A)),
    ("anthropic.AnthropicVertex", client(A)),
    ("anthropic.AsyncAnthropicVertex", client(A)),
    ("anthropic.Client", client(A)),
    ("anthropic.AsyncClient", client(A)),
    ("openai.OpenAI", client(O)),
    ("openai.AsyncOpenAI", client(O)),
    ("openai.AzureOpenAI", Client { provider: O, azure: true, service: None }),
    ("openai.AsyncAzureOpenAI", Client { provider: O, azure: true, service: None }),
    // Google's Gen AI SDK (`from google import genai; genai.Client()`;
    // googleapis/python-genai google/genai/client.py, 2.19.0, read 2026-12-02)
    ("google.genai.Client", client(G)),
    // The legacy `google-generativeai` package: `genai.GenerativeModel("gemini-…",
    // generation_config={"max_output_tokens": …})` holds the model and the
    // settings its `generate_content` calls send, as a LangChain chat model
    // does (google-gemini/deprecated-generative-ai-python, docs/api/google/
    // generativeai/GenerativeModel.md: `genai.GenerativeModel(
    // 'models/gemini-1.5-flash')`, `generation_config`; read 2026-12-02).
    (
        "google.generativeai.GenerativeModel",
        Request {
            provider: G,
            api: Api::Framework,
            op: "GenerativeModel",
            streaming: Tri::No,
            model_arg: Some(0),
            settings: Some("generation_config"),
        },
    ),
    // Its JavaScript twin, `@google/generative-ai`: the client's
    // `getGenerativeModel({ model, generationConfig: { maxOutputTokens } })`
    // (google-gemini/generative-ai-js packages/main/src/gen-ai.ts,
    // types/requests.ts `ModelParams`, read 2026-12-02).
    ("@google/generative-ai.GoogleGenerativeAI", ProviderFactory(G)),
    (
        "@google/generative-ai.GoogleGenerativeAI.getGenerativeModel",
        Request {
            provider: G,
            api: Api::Framework,
            op: "getGenerativeModel",
            streaming: Tri::No,
            model_arg: None,
            settings: Some("generationConfig"),
        },
    ),
    // A Gen AI SDK chat holds the model and the config its `send_message`
    // calls send (python-genai google/genai/chats.py `Chats.create(*, model,
    // config=None, history=None)`; js-genai src/chats.ts `create({ model,
    // config, history })`; read 2026-12-02).
    // (Its history grows with each message: `CHAT_SEND_METHODS`.)
    ("google.genai.Client.chats.create", gemini_chat()),
    ("google.genai.Client.aio.chats.create", gemini_chat()),
    ("@google/genai.GoogleGenAI.chats.create", gemini_chat()),
    // Groq's SDKs: OpenAI's operations (`client.chat.completions.create`)
    // on a client of Groq's (groq/groq-python src/groq/__init__.py, 1.6.0;
    // groq/groq-typescript src/index.ts, groq-sdk 1.4.0; read 2026-12-02)
    ("groq.Groq", client(Groq)),
    ("groq.AsyncGroq", client(Groq)),
    ("groq-sdk", client(Groq)),
    ("groq-sdk.default", client(Groq)),
    ("groq-sdk.Groq", client(Groq)),
    // AWS's SDK for Python: `boto3.client("bedrock-runtime")` is Bedrock's
    // runtime client (boto3 docs, BedrockRuntime.Client, read 2026-12-02).
    ("boto3.client", Client { provider: Bedrock, azure: false, service: Some("bedrock-runtime") }),
    // AWS's SDK for JavaScript v3: a command holds the request, which
    // `client.send(command)` sends (aws-sdk-js-v3
    // clients/client-bedrock-runtime, ConverseCommand, InvokeModelCommand;
    // read 2026-12-02).
    ("@aws-sdk/client-bedrock-runtime.BedrockRuntimeClient", client(Bedrock)),
    ("@aws-sdk/client-bedrock-runtime.ConverseCommand", command("ConverseCommand", Tri::No, "inferenceConfig")),
    (
        "@aws-sdk/client-bedrock-runtime.ConverseStreamCommand",
        command("ConverseStreamCommand", Tri::Yes, "inferenceConfig"),
    ),
    ("@aws-sdk/client-bedrock-runtime.InvokeModelCommand", command("InvokeModelCommand", Tri::No, "body")),
    (
        "@aws-sdk/client-bedrock-runtime.InvokeModelWithResponseStreamCommand",
        command("InvokeModelWithResponseStreamCommand", Tri::Yes, "body"),
    ),
    // Mistral's SDKs: one client class, sync and async (mistralai 2.x
    // `from mistralai.client import Mistral`, 1.x `from mistralai import
    // Mistral`; @mistralai/mistralai `new Mistral({ apiKey })`;
    // mistralai/client-python 2.5.1, client-ts 2.6.1, read 2026-12-02).
    ("mistralai.client.Mistral", client(Mistral)),
    ("mistralai.Mistral", client(Mistral)),
    ("@mistralai/mistralai.Mistral", client(Mistral)),
    // Cohere's SDKs: the v2 clients and the v1 ones (cohere-ai/cohere-python
    // 7.0.9 src/cohere/__init__.py; cohere-ai/cohere-typescript 8.0.1
    // src/index.ts; read 2026-12-02).
    ("cohere.ClientV2", client(Cohere)),
    ("cohere.AsyncClientV2", client(Cohere)),
    ("cohere.Client", client(Cohere)),
    ("cohere.AsyncClient", client(Cohere)),
    ("cohere-ai.CohereClientV2", client(Cohere)),
    ("cohere-ai.CohereClient", client(Cohere)),
    // JS/TS SDKs (ES default export, named export, CommonJS module object)
    ("@anthropic-ai/sdk", client(A)),
    ("@anthropic-ai/sdk.default", client(A)),
    ("@anthropic-ai/sdk.Anthropic", client(A)),
    ("@anthropic-ai/bedrock-sdk.default", client(A)),
    ("@anthropic-ai/bedrock-sdk.AnthropicBedrock", client(A)),
    ("@anthropic-ai/vertex-sdk.default", client(A)),
    ("@anthropic-ai/vertex-sdk.AnthropicVertex", client(A)),
    ("openai", client(O)),
    ("openai.default", client(O)),
    ("openai.AzureOpenAI", Client { provider: O, azure: true, service: None }),
    // googleapis/js-genai src/client.ts, 2.18.0, read 2026-12-02
    ("@google/genai.GoogleGenAI", client(G)),
    // Rust
    ("async_openai.Client.new", client(O)),
    ("async_openai.Client.with_config", client(O)),
    // LiteLLM (provider from the `provider/model` id)
    ("litellm.completion", framework(U, "litellm.completion", Tri::No)),
    ("litellm.acompletion", framework(U, "litellm.acompletion", Tri::No)),
    ("litellm.text_completion", framework(U, "litellm.text_completion", Tri::No)),
    // LangChain chat models: the constructor holds model and max tokens
    ("langchain_anthropic.ChatAnthropic", framework(A, "ChatAnthropic", Tri::No)),
    ("langchain_anthropic.chat_models.ChatAnthropic", framework(A, "ChatAnthropic", Tri::No)),
    ("langchain_community.chat_models.ChatAnthropic", framework(A, "ChatAnthropic", Tri::No)),
    ("langchain.chat_models.ChatAnthropic", framework(A, "ChatAnthropic", Tri::No)),
    ("langchain_openai.ChatOpenAI", framework(O, "ChatOpenAI", Tri::No)),
    ("langchain_openai.AzureChatOpenAI", framework(O, "AzureChatOpenAI", Tri::No)),
    ("langchain_community.chat_models.ChatOpenAI", framework(O, "ChatOpenAI", Tri::No)),
    ("langchain.chat_models.ChatOpenAI", framework(O, "ChatOpenAI", Tri::No)),
    (
        "langchain.chat_models.init_chat_model",
        Request {
            provider: U,
            api: Api::Framework,
            op: "init_chat_model",
            streaming: Tri::No,
            model_arg: Some(0),
            settings: None,
        },
    ),
    // PydanticAI: an agent holds its model, the first argument
    // (`Agent('openai:gpt-5')`; pydantic_ai_slim/pydantic_ai/agent/__init__.py
    // `Agent.__init__(self, model=None, *, …)`, read 2026-12-02).
    (
        "pydantic_ai.Agent",
        Request {
            provider: U,
            api: Api::Framework,
            op: "Agent",
            streaming: Tri::No,
            model_arg: Some(0),
            settings: None,
        },
    ),
    // LlamaIndex's LLM classes hold the model and the cap the requests of
    // its agents and query engines send (run-llama/llama_index
    // llama-index-llms-openai llama_index/llms/openai/base.py `OpenAI(model,
    // max_tokens, max_retries=3)`, llama-index-llms-anthropic
    // llama_index/llms/anthropic/base.py `Anthropic(model, max_tokens,
    // max_retries=10)`; read 2026-12-02). LlamaIndex.TS takes the same in
    // one options object (`new OpenAI({ model, maxTokens })`, `anthropic({
    // … })`; run-llama/LlamaIndexTS packages/providers/{openai,anthropic}/
    // src/llm.ts, @llamaindex/openai 0.4.22, @llamaindex/anthropic 0.3.26);
    // its lower-case factories' objects are read as any object of request
    // settings is.
    ("llama_index.llms.openai.OpenAI", framework(O, "OpenAI", Tri::No)),
    ("llama_index.llms.anthropic.Anthropic", framework(A, "Anthropic", Tri::No)),
    ("@llamaindex/openai.OpenAI", framework(O, "OpenAI", Tri::No)),
    ("@llamaindex/anthropic.Anthropic", framework(A, "Anthropic", Tri::No)),
    ("@langchain/anthropic.ChatAnthropic", framework(A, "ChatAnthropic", Tri::No)),
    ("@langchain/openai.ChatOpenAI", framework(O, "ChatOpenAI", Tri::No)),
    ("@langchain/openai.AzureChatOpenAI", framework(O, "AzureChatOpenAI", Tri::No)),
    // Vercel AI SDK
    ("ai.generateText", framework(U, "generateText", Tri::No)),
    ("ai.streamText", framework(U, "streamText", Tri::Yes)),
    ("ai.generateObject", framework(U, "generateObject", Tri::No)),
    ("ai.streamObject", framework(U, "streamObject", Tri::Yes)),
    ("@ai-sdk/anthropic.anthropic", ProviderFn(A)),
    ("@ai-sdk/anthropic.createAnthropic", ProviderFactory(A)),
    ("@ai-sdk/openai.openai", ProviderFn(O)),
    ("@ai-sdk/openai.createOpenAI", ProviderFactory(O)),
    // (vercel/ai packages/{groq,mistral,cohere}/src/index.ts, read 2026-12-02)
    ("@ai-sdk/groq.groq", ProviderFn(Groq)),
    ("@ai-sdk/groq.createGroq", ProviderFactory(Groq)),
    ("@ai-sdk/mistral.mistral", ProviderFn(Mistral)),
    ("@ai-sdk/mistral.createMistral", ProviderFactory(Mistral)),
    ("@ai-sdk/cohere.cohere", ProviderFn(Cohere)),
    ("@ai-sdk/cohere.createCohere", ProviderFactory(Cohere)),
    // Gemini, on Google AI Studio and on Vertex AI; the second name of
    // each pair is the package's deprecated alias (vercel/ai
    // packages/google/src/index.ts, packages/google-vertex/src/index.ts,
    // read 2026-12-02).
    ("@ai-sdk/google.google", ProviderFn(G)),
    ("@ai-sdk/google.createGoogle", ProviderFactory(G)),
    ("@ai-sdk/google.createGoogleGenerativeAI", ProviderFactory(G)),
    ("@ai-sdk/google-vertex.googleVertex", ProviderFn(G)),
    ("@ai-sdk/google-vertex.vertex", ProviderFn(G)),
    ("@ai-sdk/google-vertex.createGoogleVertex", ProviderFactory(G)),
    ("@ai-sdk/google-vertex.createVertex", ProviderFactory(G)),
    // Partner platforms: the id names the model and its platform
    // (`us.anthropic.claude-…-v1:0`, `claude-…@20250219`), so the table
    // gives each platform's own lifecycle. The deprecated names are the
    // packages' own aliases (vercel/ai, packages/amazon-bedrock/src/index.ts,
    // …/anthropic/index.ts, packages/google-vertex/src/anthropic/index.ts,
    // read 2026-12-01). `azure(…)` takes a deployment name, not a model id
    // (packages/azure/src/azure-openai-provider.ts: `deploymentId`, read
    // 2026-12-02): read as `azure/NAME`.
    ("@ai-sdk/azure.azure", ProviderFn(O)),
    ("@ai-sdk/azure.createAzure", ProviderFactory(O)),
    ("@ai-sdk/amazon-bedrock.amazonBedrock", ProviderFn(U)),
    ("@ai-sdk/amazon-bedrock.bedrock", ProviderFn(U)),
    ("@ai-sdk/amazon-bedrock.createAmazonBedrock", ProviderFactory(U)),
    ("@ai-sdk/amazon-bedrock/anthropic.amazonBedrockAnthropic", ProviderFn(A)),
    ("@ai-sdk/amazon-bedrock/anthropic.bedrockAnthropic", ProviderFn(A)),
    ("@ai-sdk/amazon-bedrock/anthropic.createAmazonBedrockAnthropic", ProviderFactory(A)),
    ("@ai-sdk/amazon-bedrock/anthropic.createBedrockAnthropic", ProviderFactory(A)),
    ("@ai-sdk/google-vertex/anthropic.googleVertexAnthropic", ProviderFn(A)),
    ("@ai-sdk/google-vertex/anthropic.vertexAnthropic", ProviderFn(A)),
    ("@ai-sdk/google-vertex/anthropic.createGoogleVertexAnthropic", ProviderFactory(A)),
    ("@ai-sdk/google-vertex/anthropic.createVertexAnthropic", ProviderFactory(A)),
    // HTTP clients
    ("requests", Http),
    ("requests.Session", Http),
    ("httpx", Http),
    ("httpx.Client", Http),
    ("httpx.AsyncClient", Http),
    ("aiohttp.ClientSession", Http),
    ("axios", Http),
    ("axios.default", Http),
    ("node-fetch.default", Http),
    ("reqwest", Http),
    ("reqwest.Client.new", Http),
    ("reqwest.Client.builder", Http),
    // API clients whose methods are requests (`API_METHODS`)
    ("voyageai.Client", Http),
    ("voyageai.AsyncClient", Http),
    // The TypeScript client, same npm name (voyage-ai/typescript-sdk
    // src/Client.ts `class VoyageAIClient`, read 2026-12-02).
    ("voyageai.VoyageAIClient", Http),
];

/// Request methods of the API clients above beyond the HTTP verbs, by
/// module: Voyage AI's embeddings and reranking, in Python and TypeScript
/// (docs.voyageai.com, Python client reference, read 2026-12-01;
/// voyage-ai/typescript-sdk src/Client.ts and src/api/client/requests/,
/// read 2026-12-02).
pub const API_METHODS: &[(&str, &[&str])] = &[(
    "voyageai",
    &["embed", "rerank", "multimodal_embed", "contextualized_embed", "multimodalEmbed", "contextualizedEmbed"],
)];

/// A known name, also as the SDK's own modules spell it: a client class
/// is exported at the package's top and defined deeper
/// (`anthropic._client.AsyncAnthropic`, `openai.lib.azure.AzureOpenAI`).
pub fn lookup(qualified: &str) -> Option<Known> {
    let find = |q: &str| NAMES.iter().find(|(n, _)| *n == q).map(|(_, k)| *k);
    // Inside an SDK's own package, a module names what the package
    // exports: `anthropic._client.AsyncAnthropic` is `anthropic.AsyncAnthropic`,
    // `@anthropic-ai/sdk/src/client.Anthropic` is `@anthropic-ai/sdk.Anthropic`.
    find(qualified).or_else(|| {
        let (module, name) = qualified.rsplit_once('.')?;
        let package = match module.split_once('/') {
            Some((scope, rest)) if scope.starts_with('@') => {
                let end = scope.len() + 1 + rest.find('/')?;
                Some(&module[..end]).filter(|p| js_sdk_package(p))
            }
            Some((package, _)) => Some(package).filter(|p| js_sdk_package(p)),
            None => module.split_once('.').map(|(p, _)| p).filter(|p| python_sdk_package(p)),
        }?;
        find(&format!("{package}.{name}"))
    })
}

/// Whether a Python file sits in a directory named as a Python SDK's
/// package (the SDK's own code, or a copy of it).
pub fn in_python_sdk_package(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| e == "py")
        && path.parent().is_some_and(|d| d.iter().any(|c| c.to_str().is_some_and(python_sdk_package)))
}

/// Whether an npm package's name is a JavaScript SDK's (`@anthropic-ai/sdk`,
/// `openai`): a file in it is the SDK's own code.
pub fn js_sdk_package(name: &str) -> bool {
    SDK_MODULES.iter().any(|(m, _)| match m.strip_suffix('/') {
        Some(scope) => name.strip_prefix(scope).is_some_and(|rest| rest.starts_with('/')),
        None => name == *m && !m.contains('_'),
    })
}

/// A Python SDK's top-level package (`anthropic`, `openai`): a directory of
/// that name is the SDK's own code.
pub fn python_sdk_package(name: &str) -> bool {
    SDK_MODULES.iter().any(|(m, _)| *m == name && m.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
}

/// The modules in `NAMES`, each with whether it is an HTTP client (else an
/// SDK or a framework), and the SDK module prefixes: what a file that
/// calls a model through them imports.
pub fn modules() -> Vec<(&'static str, bool)> {
    let mut out: Vec<(&str, bool)> = NAMES
        .iter()
        .map(|(n, k)| (n.split('.').next().unwrap_or(n), matches!(k, Http)))
        .chain(SDK_MODULES.iter().map(|(m, _)| (*m, false)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The platform a provider function (a `ProviderFn` or `ProviderFactory`
/// of `NAMES`, by its qualified name) sends to, by its package: a
/// partner's (the id may be written in the first party's form there too),
/// else the first party's.
pub fn platform_of(qualified: &str) -> Platform {
    const PARTNERS: &[(&str, Platform)] = &[
        ("@ai-sdk/amazon-bedrock", Platform::Bedrock),
        ("@ai-sdk/google-vertex", Platform::Vertex),
        ("@ai-sdk/azure", Platform::Azure),
    ];
    let package = qualified.rsplit_once('.').map_or(qualified, |(m, _)| m);
    PARTNERS
        .iter()
        .find(|(p, _)| package == *p || package.strip_prefix(p).is_some_and(|r| r.starts_with('/')))
        .map_or(Platform::FirstParty, |(_, platform)| *platform)
}

/// Module prefixes whose import means "this file uses that provider's SDK".
pub const SDK_MODULES: &[(&str, Provider)] = &[
    ("anthropic", A),
    ("@anthropic-ai/", A),
    ("openai", O),
    ("async_openai", O),
    ("google.genai", G),
    ("@google/genai", G),
    ("groq", Groq),
    ("groq-sdk", Groq),
    ("boto3", Bedrock),
    ("mistralai", Mistral),
    ("@mistralai/mistralai", Mistral),
    ("cohere", Cohere),
    ("cohere-ai", Cohere),
];

/// Attribute names between a client and its operation, skipped to find the client.
pub const CLIENT_PATH_NAMES: &[&str] = &[
    "beta",
    "with_raw_response",
    "with_streaming_response",
    "withResponse",
    "asResponse",
    "chat",
    "messages",
    "aio",
    "v2",
];

/// Keys that cap output tokens.
pub const MAX_TOKENS_KEYS: &[&str] = &[
    "max_tokens",
    "maxTokens",
    "max_completion_tokens",
    "maxCompletionTokens",
    "max_output_tokens",
    "maxOutputTokens",
    "max_tokens_to_sample",
];

/// The beta that lets the Message Batches API return up to 300K output
/// tokens on the models the table gives a `max_output_tokens_batch`
/// (platform.claude.com/docs/en/models/overview, read 2026-12-01).
pub const OUTPUT_300K_BETA: &str = "output-300k-2026-03-24";

/// An Anthropic beta name: lower-case words and a date, `name-YYYY-MM-DD`.
pub fn is_beta_name(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n > 11
        && [n - 11, n - 6, n - 3].iter().all(|&i| b[i] == b'-')
        && [n - 10, n - 9, n - 8, n - 7, n - 5, n - 4, n - 2, n - 1].iter().all(|&i| b[i].is_ascii_digit())
        && b[n - 10] == b'2'
        && s[..n - 11].bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Keys that name a model.
pub const MODEL_KEYS: &[&str] = &["model", "model_name", "modelName", "model_id", "modelId"];

/// Keys that only a mapping of model settings has beside its model (config
/// files): a model id next to one of these is one the program calls.
/// (The output-cap keys, `MAX_TOKENS_KEYS`, count too.)
pub const SETTINGS_KEYS: &[&str] = &[
    "temperature",
    "top_p",
    "topP",
    "top_k",
    "api_key",
    "apiKey",
    "api_base",
    "apiBase",
    "base_url",
    "baseURL",
    "baseUrl",
    "provider",
    "litellm_params",
    "completionOptions",
    "config",
    "system",
    "system_prompt",
    "systemPrompt",
    "stream",
    "max_retries",
    "maxRetries",
    "reasoning_effort",
    "thinking",
    "stop",
    "stop_sequences",
];

/// Keys under which config files keep model settings.
pub const SETTINGS_CONTAINERS: &[&str] = &[
    "llm",
    "llms",
    "model_list",
    "providers",
    "models",
    "agents",
    "agent",
    "assistant",
    "assistants",
    "litellm_params",
    "completion",
    "chat",
    "defaults",
];

/// Keys of a config file's model entry under which a tool keeps parameters
/// it merges into every request to that model, the entry naming its model
/// by `name`: aider's model settings (`extra_params`, passed on to
/// `litellm.completion`; aider.chat/docs/config/adv-model-settings.html and
/// aider/models.py, read 2026-12-01).
pub const REQUEST_PARAM_CONTAINERS: &[&str] = &["extra_params"];

/// Keys of an Anthropic extended-thinking budget (`thinking={"type":
/// "enabled", "budget_tokens": N}`; the AI SDK's `thinking: { budgetTokens }`):
/// thinking tokens are output tokens counted against `max_tokens`, and the
/// budget must be below it (platform.claude.com/docs/en/build-with-claude/
/// extended-thinking, read 2026-12-02).
pub const THINKING_BUDGET_KEYS: &[&str] = &["budget_tokens", "budgetTokens"];

/// Keys that set a request or client timeout.
pub const TIMEOUT_KEYS: &[&str] = &["timeout", "request_timeout", "timeout_ms"];

/// Keys that set the SDK's retry count.
pub const MAX_RETRIES_KEYS: &[&str] = &["max_retries", "maxRetries"];
/// A client setting that counts attempts, the first one included (AWS's SDK
/// for JavaScript v3: `new BedrockRuntimeClient({ maxAttempts: 4 })`).
pub const MAX_ATTEMPTS_KEYS: &[&str] = &["maxAttempts"];

/// The operation that makes a chat object holding its own history, and the
/// methods that send each message with the whole history so far
/// (python-genai `Chat.send_message`, `send_message_stream`; js-genai
/// `Chat.sendMessage`, `sendMessageStream`; a new chat takes `history=`,
/// `chat.get_history()` / `getHistory()`; read 2026-12-02).
pub const CHAT_OPERATION: &str = "chats.create";
pub const CHAT_SEND_METHODS: &[&str] = &["send_message", "send_message_stream", "sendMessage", "sendMessageStream"];

/// Methods that send a request made apart from them: AWS's SDK for
/// JavaScript v3 `client.send(new ConverseCommand({…}))`, async-openai's
/// `client.chat().create(request)` (of a request built with
/// `CreateChatCompletionRequestArgs`).
pub const SEND_METHODS: &[&str] = &["send", "create", "create_stream"];

/// Operations the SDK never retries, whatever its client's setting:
/// Cohere's Python `chat_stream` (cohere-python 7.0.9
/// `core/http_client.py` `stream()` sends once; read 2026-12-02).
pub const UNRETRIED_OPERATIONS: &[(Provider, &str)] = &[(Cohere, "chat_stream")];

/// Keys that set a client's retries as a policy llmlint does not count
/// (Mistral's `retry_config=RetryConfig("backoff", …)`, `retryConfig`).
pub const RETRY_POLICY_KEYS: &[&str] = &["retry_config", "retryConfig"];

/// Keyword arguments that hold a request's own options beside its body
/// (Cohere's `request_options={"max_retries": 0, "timeout": 30}`).
pub const REQUEST_OPTIONS_KEYS: &[&str] = &["request_options"];

/// Functions that serialise a body (`json.dumps(body)`, `JSON.stringify(body)`).
pub const SERIALIZERS: &[&str] = &["json.dumps", "JSON.stringify", "serde_json.to_string", "serde_json.to_vec"];

/// The providers' API hosts.
pub const ENDPOINT_HOSTS: &[(&str, Provider)] = &[("api.anthropic.com", A), ("api.openai.com", O)];

/// Paths that name a provider's request on any host (a gateway, a proxy,
/// Azure).
pub const ENDPOINT_PATHS: &[(&str, Provider)] =
    &[("/v1/messages", A), ("/chat/completions", O), ("/v1/responses", O), ("/v1/completions", O)];

/// async-openai's configs, which `Client::with_config(config)` takes, and
/// whether the config is Azure's. A client's settings are its config's
/// builder methods, read as the keys of the same meaning (`with_api_base` is
/// `base_url`). An Azure config names the deployment every request goes to
/// (the URL is `{api_base}/openai/deployments/{deployment_id}{path}`), so a
/// request's `model` is not what serves it. (async-openai 0.41.3,
/// src/config.rs, read 2026-12-02.)
pub const RUST_CLIENT_CONFIGS: &[(&str, bool)] =
    &[("async_openai.config.OpenAIConfig", false), ("async_openai.config.AzureConfig", true)];
pub const RUST_CONFIG_METHODS: &[(&str, &str)] =
    &[("with_api_base", "base_url"), ("with_deployment_id", DEPLOYMENT_KEY)];
/// The setting that names an Azure deployment.
pub const DEPLOYMENT_KEY: &str = "deployment_id";

/// google-genai's switch from the Gemini API to Vertex AI: `vertexai=True`
/// in Python, `vertexai: true` in JavaScript (`new GoogleGenAI({vertexai:
/// true})` in js-genai's own client tests; read 2026-12-02 with the search
/// tools).
pub const VERTEX_KEYS: &[&str] = &["vertexai"];

/// Keys that point an SDK client, or a framework's chat model, at a host
/// other than its provider's API (`OpenAI(base_url=…)`, `new OpenAI({
/// baseURL })`, LangChain's `openai_api_base`).
pub const BASE_URL_KEYS: &[&str] = &["base_url", "baseURL", "baseUrl", "openai_api_base"];

/// Hosts that serve OpenAI's request shape for their provider's own
/// models: an OpenAI client pointed at one sends to that provider.
/// (console.groq.com/docs/openai `https://api.groq.com/openai/v1`;
/// ai.google.dev/gemini-api/docs/openai
/// `https://generativelanguage.googleapis.com/v1beta/openai/`;
/// platform.claude.com/docs/en/cli-sdks-libraries/libraries/openai-sdk
/// `https://api.anthropic.com/v1/`; read 2026-12-02.)
pub const COMPATIBLE_HOSTS: &[(&str, Provider)] = &[
    ("api.openai.com", O),
    ("api.anthropic.com", A),
    ("api.groq.com", Groq),
    ("generativelanguage.googleapis.com", G),
];

/// Where a client sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// Its provider's own API: no base URL, or its provider's own.
    Own,
    /// Another provider's endpoint for the SDK's request shape.
    Provider(Provider),
    /// Anywhere else (a gateway, a proxy, a local server), or a URL the
    /// code does not spell out.
    Other,
}

impl Host {
    /// The host a base URL names, for a client of `sdk`'s: `None` is the
    /// SDK's default.
    pub fn of(url: Option<&str>, sdk: Provider) -> Host {
        let Some(url) = url else { return Host::Own };
        let u = url.to_ascii_lowercase();
        let host = u.split_once("://").map_or(u.as_str(), |(_, rest)| rest);
        let host = host.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next().unwrap_or_default();
        match COMPATIBLE_HOSTS.iter().find(|(h, _)| *h == host) {
            Some((_, p)) if *p == sdk => Host::Own,
            Some((_, p)) => Host::Provider(*p),
            None => Host::Other,
        }
    }
}

/// Where a URL says it goes.
pub fn endpoint_provider(url: &str) -> Option<Provider> {
    let u = url.to_ascii_lowercase();
    let host = ENDPOINT_HOSTS.iter().chain(COMPATIBLE_HOSTS).find(|(h, _)| u.contains(h));
    let path = || ENDPOINT_PATHS.iter().find(|(p, _)| u.ends_with(p));
    host.or_else(path).map(|(_, p)| *p)
}

/// How model ids of a family start, before the word that names the model
/// (`claude-opus…`, `gpt-4o`).
pub const MODEL_ID_PREFIXES: &[&str] = &["claude-", "gpt-", "gemini-"];

/// The OpenAI o-series ids: an `o` and a digit.
pub const O_SERIES: &[&str] = &["o1", "o3", "o4"];

/// Libraries a file uses by name rather than through a client it constructs:
/// LiteLLM's module, the `async-openai` crate (its clients are built by paths,
/// `Client::new()`).
pub const NAMED_LIBRARIES: &[&str] = &["litellm", "async_openai", "async-openai"];

/// Whether a string has the shape of a Claude, OpenAI or Gemini model id
/// (`claude-*`, `gpt-*`, `gemini-*`, `o<digit>*`), after provider qualifiers.
pub fn looks_like_model_id(bare: &str) -> bool {
    if bare.is_empty() || bare.len() > 80 || !bare.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)) {
        return false;
    }
    let b = bare.as_bytes();
    MODEL_ID_PREFIXES.iter().any(|p| bare.starts_with(p)) || (b[0] == b'o' && b.len() > 1 && b[1].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_sdk_spells_its_own_names_by_its_modules() {
        use super::{Known, lookup};
        assert!(matches!(lookup("anthropic._client.AsyncAnthropic"), Some(Known::Client { .. })));
        assert!(matches!(lookup("openai.lib.azure.AzureOpenAI"), Some(Known::Client { azure: true, .. })));
        assert!(lookup("anthropic.types.Message").is_none());
        assert!(lookup("myapp.llm.Anthropic").is_none());
        assert!(matches!(lookup("@anthropic-ai/sdk/src/client.Anthropic"), Some(Known::Client { .. })));
        assert!(matches!(lookup("openai/src/client.OpenAI"), Some(Known::Client { .. })));
        assert!(lookup("@anthropic-ai/sdk/src/resources/messages.Messages").is_none());
        assert!(lookup("@acme/llm/src/client.Anthropic").is_none());
        assert!(lookup("openai-edge/src/client.OpenAI").is_none());
        assert!(super::in_python_sdk_package(std::path::Path::new("src/anthropic/lib/tools/runner.py")));
        assert!(!super::in_python_sdk_package(std::path::Path::new("src/myapp/anthropic_helpers.py")));
        for (name, sdk) in [
            ("@anthropic-ai/sdk", true),
            ("@anthropic-ai/bedrock-sdk", true),
            ("openai", true),
            ("@anthropic-aix/sdk", false),
            ("openai-edge", false),
            ("async_openai", false),
        ] {
            assert_eq!(super::js_sdk_package(name), sdk, "{name}");
        }
    }

    #[test]
    fn a_base_url_names_its_host() {
        use super::{Host, Provider};
        for (url, sdk, host) in [
            (None, Provider::OpenAi, Host::Own),
            (Some("https://api.openai.com/v1"), Provider::OpenAi, Host::Own),
            (Some("https://API.groq.com/openai/v1"), Provider::OpenAi, Host::Provider(Provider::Groq)),
            (Some("https://api.anthropic.com/v1/"), Provider::OpenAi, Host::Provider(Provider::Anthropic)),
            (Some("https://api.anthropic.com"), Provider::Anthropic, Host::Own),
            (Some("https://openrouter.ai/api/v1"), Provider::OpenAi, Host::Other),
            (Some("http://localhost:11434/v1"), Provider::OpenAi, Host::Other),
            // A host that only contains a provider's is not it.
            (Some("https://api.openai.com.evil.example/v1"), Provider::OpenAi, Host::Other),
            (Some("https://proxy.example/api.openai.com/v1"), Provider::OpenAi, Host::Other),
            (Some("https://user:pw@api.openai.com:443/v1"), Provider::OpenAi, Host::Own),
        ] {
            assert_eq!(Host::of(url, sdk), host, "{url:?}");
        }
    }

    #[test]
    fn beta_names() {
        for b in [super::OUTPUT_300K_BETA, "context-1m-2025-08-07", "prompt-caching-2024-07-31"] {
            assert!(super::is_beta_name(b), "{b}");
        }
        for s in ["2026-03-24", "claude-sonnet-4-5-20250929", "Output-300k-2026-03-24", "gpt-4o-2024-08-06x"] {
            assert!(!super::is_beta_name(s), "{s}");
        }
    }
}
