//! The words the prefilter searches for a request through a known SDK or
//! framework, and how a name's twins are spelt around it (`AsyncOpenAI`,
//! `AnthropicVertex`, `generate_content_stream`, `chat.complete_async`).

use super::Known::{Http, ProviderFactory, ProviderFn, Request};
use super::{EVIDENCE_BY_CLIENT_ONLY, NAMES, OPERATIONS};

/// The words of a file that makes a request through a known SDK or
/// framework: a client, framework function or chat model called
/// (`Anthropic`, `generateText`, `ChatOpenAI`), an operation's last two
/// names (`messages.create`). (Constructors spelt as paths, `Client::new`,
/// are found by their crate's name; a module called as a whole, by its
/// conventional name, `OpenAI`.) An operation only a known client makes a
/// request (`Operation::client_only`) is found by its client.
pub fn call_words() -> Vec<String> {
    // A provider function only names a model: the call that sends it
    // (`generateText(`) is the evidence, and the model id is.
    let named = NAMES
        .iter()
        .filter(|(_, k)| !matches!(k, Http | ProviderFn(_) | ProviderFactory(_)))
        .filter(|(n, k)| {
            !(matches!(k, Request { .. }) && EVIDENCE_BY_CLIENT_ONLY.iter().any(|m| n.starts_with(&format!("{m}."))))
        })
        // A method of a class's instance (`google.genai.Client.chats.create`)
        // is found by the class.
        .filter(|(n, k)| !(matches!(k, Request { .. }) && is_instance_method(n)))
        .filter_map(|(n, _)| {
            let last = n.rsplit_once('.')?.1;
            (!matches!(last, "default" | "new" | "with_config")).then(|| last.to_string())
        });
    let ops: Vec<String> = OPERATIONS
        .iter()
        .filter(|op| !op.client_only)
        .map(|op| op.path[op.path.len().saturating_sub(2)..].join("."))
        .collect();
    // An operation's streaming or async twin (`generate_content_stream`,
    // `chat.complete_async`) is found by its plain name and the suffix
    // (`streaming_twin`).
    let twin = |w: &String| {
        STREAMING_SUFFIXES
            .iter()
            .chain(&[ASYNC_SUFFIX])
            .any(|s| w.strip_suffix(s).is_some_and(|b| ops.contains(&b.to_string())))
    };
    let ops: Vec<String> = ops.iter().filter(|w| !twin(w)).cloned().collect();
    let mut out: Vec<String> = named.chain(ops).collect();
    out.sort();
    out.dedup();
    // A client's twin (`AsyncOpenAI`, `AzureChatOpenAI`) is found by its
    // name after the prefix, a variant (`AnthropicVertex`, `ClientV2`) by
    // its name before the suffix.
    let base_of = |w: &String| {
        let twin = CLIENT_PREFIXES.iter().find_map(|p| w.strip_prefix(p));
        let variant = CLIENT_SUFFIXES.iter().find_map(|s| w.strip_suffix(s));
        twin.into_iter().chain(variant).any(|b| out.iter().any(|o| o == b))
    };
    let twins: Vec<String> = out.iter().filter(|w| base_of(w)).cloned().collect();
    out.retain(|w| !twins.contains(w));
    out
}

/// A name that reaches a method through a class (`Client.chats.create`):
/// a segment before the last is capitalised.
fn is_instance_method(name: &str) -> bool {
    let segments: Vec<&str> = name.split('.').collect();
    segments[..segments.len() - 1].iter().any(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// How a client's twins are named before it: async (`AsyncAnthropic`), on
/// Azure (`AzureOpenAI`, `AzureChatOpenAI`).
pub const CLIENT_PREFIXES: &[&str] = &["Async", "Azure"];

/// Where a client's name starts when prefixes (`CLIENT_PREFIXES`, in any
/// order: `AsyncAzureOpenAI`) stand before the name found at `start`.
pub fn client_twin_start(bytes: &[u8], mut start: usize) -> usize {
    while let Some(p) = CLIENT_PREFIXES.iter().find(|p| bytes[..start].ends_with(p.as_bytes())) {
        start -= p.len();
    }
    start
}

/// How a client's variants are named after it: for a partner platform
/// (`AnthropicBedrock`, `AnthropicVertex`) or an API version (Cohere's
/// `ClientV2`, `CohereClientV2`).
pub const CLIENT_SUFFIXES: &[&str] = &["Bedrock", "Vertex", "V2"];

/// The length of a client variant's suffix at the start of `rest`.
pub fn client_variant(rest: &[u8]) -> usize {
    CLIENT_SUFFIXES.iter().find(|s| rest.starts_with(s.as_bytes())).map_or(0, |s| s.len())
}

/// How an operation's async twin is named after it (Mistral's
/// `chat.complete_async`).
pub const ASYNC_SUFFIX: &str = "_async";

/// How an operation's streaming twin is named after it
/// (`models.generate_content_stream`, `models.generateContentStream`).
pub const STREAMING_SUFFIXES: &[&str] = &["_with_response_stream", "_stream", "Stream"];

/// The length of a streaming suffix, then an async one, at the start of
/// `rest` (`_stream_async`).
pub fn streaming_twin(rest: &[u8]) -> usize {
    let stream = STREAMING_SUFFIXES.iter().find(|s| rest.starts_with(s.as_bytes())).map_or(0, |s| s.len());
    stream + if rest[stream..].starts_with(ASYNC_SUFFIX.as_bytes()) { ASYNC_SUFFIX.len() } else { 0 }
}
