//! The model providers llmlint knows.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Provider {
    Anthropic,
    OpenAi,
    /// Google's Gemini API (AI Studio and Vertex AI).
    Google,
    /// Groq's API (OpenAI's request shape, its own SDKs).
    Groq,
    /// Amazon Bedrock's runtime API (its Converse and InvokeModel
    /// operations, through AWS's SDKs); the model id names whose model.
    Bedrock,
    /// Mistral AI's API, through its SDKs (`mistralai`, `@mistralai/mistralai`).
    Mistral,
    /// Cohere's API, through its SDKs (`cohere`, `cohere-ai`).
    Cohere,
    Unknown,
}

impl Provider {
    pub fn name(self) -> &'static str {
        match self {
            Provider::Anthropic => "anthropic",
            Provider::OpenAi => "openai",
            Provider::Google => "google",
            Provider::Groq => "groq",
            Provider::Bedrock => "bedrock",
            Provider::Mistral => "mistral",
            Provider::Cohere => "cohere",
            Provider::Unknown => "unknown",
        }
    }
    /// The providers a name may give (every one but `Unknown`).
    pub const KNOWN: &[Provider] = &[
        Provider::Anthropic,
        Provider::OpenAi,
        Provider::Google,
        Provider::Groq,
        Provider::Bedrock,
        Provider::Mistral,
        Provider::Cohere,
    ];

    pub fn from_name(s: &str) -> Provider {
        Provider::KNOWN.iter().copied().find(|p| p.name() == s).unwrap_or(Provider::Unknown)
    }

    /// The names a user may write, for messages: `anthropic, openai, google or groq`.
    pub fn known_names() -> String {
        let names: Vec<&str> = Provider::KNOWN.iter().map(|p| p.name()).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.join(""),
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

#[cfg(test)]
mod tests {
    use super::Provider;

    #[test]
    fn a_provider_is_read_back_from_its_name() {
        for &p in Provider::KNOWN {
            assert_eq!(Provider::from_name(p.name()), p);
        }
        assert_eq!(Provider::from_name("unknown"), Provider::Unknown);
        assert_eq!(Provider::from_name("deepseek"), Provider::Unknown);
        assert_eq!(Provider::known_names(), "anthropic, openai, google, groq, bedrock, mistral or cohere");
    }
}
