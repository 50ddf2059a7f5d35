//! The providers' SDK operations, matched by the callee's last names, and
//! the retries their clients make when the code does not say.

use super::{A, Bedrock, Cohere, G, Mistral, O, U};
use crate::base::tri::Tri;
use crate::knowledge::providers::Provider;

/// SDK operations, matched as the last names of the callee
/// (`client.beta.messages.create` ends with `messages.create`). Longest first.
pub struct Operation {
    pub path: &'static [&'static str],
    pub provider: Provider,
    pub streaming: Tri,
    pub batch: bool,
    /// A model request, which carries a model or a cap (Twilio has a
    /// `messages.create` too); false for the API's other operations (a
    /// session's events), which count as requests for retries and
    /// fan-outs and are found only in a file that imports the SDK.
    pub model: bool,
    /// The argument that holds the request's settings beside the model,
    /// when they are not beside it (Gemini's `config=GenerateContentConfig(
    /// max_output_tokens=…)`, `config: {maxOutputTokens}`).
    pub settings: Option<&'static str>,
    /// A request only through a client of the provider's the code makes
    /// (Cohere's `co.chat(…)`: a name as common as `chat` says nothing
    /// alone).
    pub client_only: bool,
}

const MODEL_REQUEST: Operation = Operation {
    path: &[],
    provider: U,
    streaming: Tri::No,
    batch: false,
    model: true,
    settings: None,
    client_only: false,
};

const fn op(path: &'static [&'static str], provider: Provider, streaming: Tri) -> Operation {
    Operation { path, provider, streaming, ..MODEL_REQUEST }
}

/// A Gemini request: its settings are in `config` (googleapis/python-genai
/// google/genai/models.py `generate_content(*, model, contents, config)`,
/// js-genai src/types.ts `GenerateContentParameters`, read 2026-12-02).
const fn gemini(path: &'static [&'static str], streaming: Tri) -> Operation {
    Operation { path, provider: G, streaming, settings: Some("config"), ..MODEL_REQUEST }
}

/// A Bedrock runtime request, its settings in `settings`.
const fn bedrock(path: &'static [&'static str], streaming: Tri, settings: &'static str) -> Operation {
    Operation { path, provider: Bedrock, streaming, settings: Some(settings), ..MODEL_REQUEST }
}

/// A Cohere request: a method of the client itself.
const fn cohere(path: &'static [&'static str], streaming: Tri) -> Operation {
    Operation { path, provider: Cohere, streaming, client_only: true, ..MODEL_REQUEST }
}

/// An operation of the provider's API that is not a model request.
const fn api_op(path: &'static [&'static str], provider: Provider, streaming: Tri) -> Operation {
    Operation { path, provider, streaming, model: false, ..MODEL_REQUEST }
}

pub const OPERATIONS: &[Operation] = &[
    Operation { path: &["messages", "batches", "create"], provider: A, batch: true, ..MODEL_REQUEST },
    op(&["chat", "completions", "create"], O, Tri::No),
    op(&["chat", "completions", "parse"], O, Tri::No),
    op(&["chat", "completions", "stream"], O, Tri::Yes),
    op(&["messages", "create"], A, Tri::No),
    op(&["messages", "stream"], A, Tri::Yes),
    op(&["messages", "parse"], A, Tri::No),
    op(&["responses", "create"], O, Tri::No),
    op(&["responses", "parse"], O, Tri::No),
    op(&["responses", "stream"], O, Tri::Yes),
    op(&["embeddings", "create"], O, Tri::No),
    op(&["completions", "create"], U, Tri::No),
    gemini(&["models", "generate_content"], Tri::No),
    gemini(&["models", "generate_content_stream"], Tri::Yes),
    gemini(&["models", "generateContent"], Tri::No),
    gemini(&["models", "generateContentStream"], Tri::Yes),
    // A managed agent session's events (`client.beta.sessions.events.*`;
    // anthropic-sdk-python resources/beta/sessions/events.py and the
    // TypeScript SDK's resources/beta/sessions/events.ts, read 2026-12-01).
    api_op(&["sessions", "events", "send"], A, Tri::No),
    api_op(&["sessions", "events", "stream"], A, Tri::Yes),
    api_op(&["sessions", "events", "list"], A, Tri::No),
    // Bedrock's runtime operations through boto3: Converse with its caps in
    // `inferenceConfig` (`maxTokens`), InvokeModel with the model's own
    // body in `body` (boto3 docs, BedrockRuntime.Client.converse,
    // invoke_model, read 2026-12-02).
    bedrock(&["converse"], Tri::No, "inferenceConfig"),
    bedrock(&["converse_stream"], Tri::Yes, "inferenceConfig"),
    bedrock(&["invoke_model"], Tri::No, "body"),
    bedrock(&["invoke_model_with_response_stream"], Tri::Yes, "body"),
    // Mistral's chat completions, with `model` and `max_tokens`/`maxTokens`
    // beside the messages (mistralai/client-python 2.5.1
    // src/mistralai/client/chat.py `complete`, `stream`, `complete_async`,
    // `stream_async`; mistralai/client-ts 2.6.1 src/sdk/chat.ts; read
    // 2026-12-02).
    op(&["chat", "complete"], Mistral, Tri::No),
    op(&["chat", "complete_async"], Mistral, Tri::No),
    op(&["chat", "stream"], Mistral, Tri::Yes),
    op(&["chat", "stream_async"], Mistral, Tri::Yes),
    // Cohere's chat, embeddings and reranking are methods of the client
    // (cohere-ai/cohere-python 7.0.9 src/cohere/v2/client.py `chat`,
    // `chat_stream`, `embed`, `rerank`; cohere-ai/cohere-typescript 8.0.1
    // `chat`, `chatStream`; read 2026-12-02).
    cohere(&["chat"], Tri::No),
    cohere(&["chat_stream"], Tri::Yes),
    cohere(&["chatStream"], Tri::Yes),
    cohere(&["embed"], Tri::No),
    cohere(&["rerank"], Tri::No),
];

/// How many times a provider's SDK client retries a failed request when
/// the code does not say: the Anthropic, OpenAI and Groq SDKs twice
/// (`max_retries=2`, in Python and TypeScript; groq-python
/// `_constants.py` `DEFAULT_MAX_RETRIES = 2`, groq-typescript `client.ts`
/// `options.maxRetries ?? 2`, read 2026-12-02); Google's Gen AI SDKs not at
/// all unless given `retry_options` (python-genai 2.19.0
/// `_api_client.py` `retry_args`: one attempt without options; js-genai
/// 2.18.0 `_api_client.ts` `apiCall`: one fetch; read 2026-12-02).
pub fn default_retries(provider: Provider, js: bool) -> i64 {
    match provider {
        // AWS's SDK for JavaScript v3: the standard mode, 3 attempts
        // (`DEFAULT_MAX_ATTEMPTS = 3`, @smithy/util-retry; npm's
        // @aws-sdk/util-retry README, read 2026-12-02).
        Provider::Bedrock if js => 2,
        // Mistral's SDKs retry only when given a `retry_config`/`retryConfig`
        // (client-python 2.5.1 `basesdk.py`: no retry without one; client-ts
        // 2.6.1 `lib/retries.ts`: strategy "none"; read 2026-12-02).
        Provider::Google | Provider::Mistral => 0,
        // boto3's default "legacy" retry mode: 5 attempts, the first and 4
        // retries (docs.aws.amazon.com/boto3/latest/guide/retries.html, read
        // 2026-12-02).
        Provider::Bedrock => 4,
        _ => 2,
    }
}
