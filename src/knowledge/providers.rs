//! The model providers llmlint knows.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Anthropic,
    OpenAi,
    /// Google's Gemini API (AI Studio and Vertex AI).
    Google,
    /// Groq's API (OpenAI's request shape, its own SDKs).
    Groq,
    Unknown,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAi => "openai",
            Provider::Google => "google",
            Provider::Groq => "groq",
            Provider::Unknown => "unknown",
        }
    }
    pub fn from_name(s: &str) -> Provider {
        match s {
            "anthropic" => Provider::Anthropic,
            "openai" => Provider::OpenAi,
            "google" => Provider::Google,
            "groq" => Provider::Groq,
            _ => Provider::Unknown,
        }
    }
}

/// Which surface a request goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// The provider's official SDK (`anthropic`, `@anthropic-ai/sdk`, `openai`, `async-openai`,
    /// `google-genai`, `@google/genai`).
    Sdk,
    /// A framework that wraps the SDK (LangChain, the Vercel AI SDK, LiteLLM).
    Framework,
    /// A raw HTTP request to the provider's endpoint.
    Http,
    /// A request body built as a literal (dict, object, `json!`, struct) whose
    /// sending the frontend could not see.
    Body,
    /// An in-house function the config declares as an API call.
    Wrapper,
}
