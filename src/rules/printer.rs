//! Code in the file's own language, for help and fixes. The analysis stores
//! spans and facts only; what a fix writes, and the form a help shows, is
//! decided here, once per language. Rules get one from `Context::printer`.

use crate::base::language::Language;

#[derive(Clone, Copy, Debug)]
pub struct Printer(Language);

impl Printer {
    pub fn new(language: Language) -> Printer {
        Printer(language)
    }

    /// `delay` with full jitter: a random time up to it. `None` in a
    /// language with no delay to rewrite (configuration files).
    pub fn jittered_delay(self, delay: &str) -> Option<String> {
        let simple = delay.chars().all(|c| c.is_alphanumeric() || "_.:()".contains(c));
        let wrapped = if simple { delay.to_string() } else { format!("({delay})") };
        Some(match self.0 {
            Language::Python | Language::Notebook => format!("random.uniform(0, {delay})"),
            Language::JavaScript | Language::TypeScript | Language::Tsx => format!("Math.random() * {wrapped}"),
            Language::Rust => format!("{wrapped}.mul_f64(fastrand::f64())"),
            _ => return None,
        })
    }

    /// The import line `jittered_delay` needs, where the language needs one
    /// and a fix can add it (a notebook's cells are not rewritten whole).
    pub fn jitter_import(self) -> Option<&'static str> {
        match self.0 {
            Language::Python => Some("import random\n"),
            _ => None,
        }
    }

    /// A `system` value as the Messages API's block list whose block carries
    /// `cache_control`. `key` is the key as written: a Rust struct field
    /// (not a `json!` body, whose keys are strings) has no such form.
    pub fn cached_system(self, value: &str, key: &str) -> Option<String> {
        Some(match self.0 {
            Language::Python | Language::Notebook => {
                format!(r#"[{{"type": "text", "text": {value}, "cache_control": {{"type": "ephemeral"}}}}]"#)
            }
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                format!(r#"[{{ type: "text", text: {value}, cache_control: {{ type: "ephemeral" }} }}]"#)
            }
            Language::Rust if key.starts_with('"') => {
                format!(r#"[{{"type": "text", "text": {value}, "cache_control": {{"type": "ephemeral"}}}}]"#)
            }
            _ => return None,
        })
    }

    /// The cache marker of a content block, as this language writes it.
    pub fn cache_control(self) -> &'static str {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => "cache_control: { type: \"ephemeral\" }",
            _ => "\"cache_control\": {\"type\": \"ephemeral\"}",
        }
    }

    /// How to keep a conversation's history to a window.
    pub fn windowed_history(self) -> &'static str {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                "keep a window (`messages = messages.slice(-20)`), summarise old turns, or cache the stable prefix with cache_control"
            }
            Language::Rust => {
                "keep a window (`messages.drain(..messages.len().saturating_sub(20))`), summarise old turns, or cache the stable prefix with cache_control"
            }
            _ => {
                "keep a window (`history = history[-20:]`), summarise old turns, or cache the stable prefix with cache_control"
            }
        }
    }

    /// How to keep a chat object's history short: start a new chat with a
    /// window of it.
    pub fn windowed_chat(self) -> &'static str {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                "start a new chat with a window of the history (`ai.chats.create({ model, history: chat.getHistory().slice(-20) })`) or a summary of old turns"
            }
            _ => {
                "start a new chat with a window of the history (`client.chats.create(model=..., history=chat.get_history()[-20:])`) or a summary of old turns"
            }
        }
    }

    /// How to cap an agent's turns.
    pub fn turn_cap(self) -> &'static str {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                "cap the turns (`for (let turn = 0; turn < MAX_TURNS && resp.stop_reason === \"tool_use\"; turn++)`), or stop on a token budget or a deadline; for long-running agents, use context editing or compaction rather than cutting the history"
            }
            Language::Rust => {
                "cap the turns (`for _turn in 0..MAX_TURNS { … }`), or stop on a token budget or a deadline; for long-running agents, use context editing or compaction rather than cutting the history"
            }
            _ => {
                "cap the turns (`for turn in range(MAX_TURNS)`, or count them and stop), or stop on a token budget or a deadline; for long-running agents, use context editing or compaction rather than cutting the history"
            }
        }
    }

    /// A client option, as this language's SDKs spell it (`max_retries=0`, `maxRetries: 0`).
    pub fn client_option(self, snake: &str, camel: &str, value: &str) -> String {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => format!("{camel}: {value}"),
            Language::Rust => format!(".{snake}({value})"),
            _ => format!("{snake}={value}"),
        }
    }

    /// How to stream a Messages request.
    pub fn streaming(self) -> &'static str {
        match self.0 {
            Language::JavaScript | Language::TypeScript | Language::Tsx => {
                "`client.messages.stream(...)`, `stream: true`, or `streamText` in the AI SDK"
            }
            Language::Rust => "a streaming request (`\"stream\": true`) read as server-sent events",
            _ => "`client.messages.stream(...)` or `stream=True`",
        }
    }

    /// How to bound a fan-out the code writes as `idiom`.
    pub fn bounded_fan_out(self, idiom: &str) -> String {
        match self.0 {
            Language::Python | Language::Notebook => "bound it with a semaphore: `sem = asyncio.Semaphore(8)` and `async with sem:` around the request, or gather fixed-size chunks one at a time".into(),
            Language::Rust if idiom.contains("spawn") => "take a `tokio::sync::Semaphore` permit before each spawn, or use `stream::iter(xs).map(f).buffer_unordered(8)`".into(),
            Language::Rust => "use `stream::iter(xs).map(f).buffer_unordered(8)` instead of join_all".into(),
            _ if idiom.starts_with("pMap") => "pass a concurrency: `pMap(xs, f, { concurrency: 8 })`".into(),
            _ => "wrap each item in a limiter: `const limit = pLimit(8); Promise.all(xs.map((x) => limit(() => f(x))))`".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_writes_its_own_form() {
        let py = Printer::new(Language::Python);
        let ts = Printer::new(Language::TypeScript);
        let rs = Printer::new(Language::Rust);
        assert_eq!(py.jittered_delay("2 ** attempt").as_deref(), Some("random.uniform(0, 2 ** attempt)"));
        assert_eq!(ts.jittered_delay("2 ** attempt * 1000").as_deref(), Some("Math.random() * (2 ** attempt * 1000)"));
        assert_eq!(ts.jittered_delay("delay").as_deref(), Some("Math.random() * delay"));
        assert_eq!(rs.jittered_delay("backoff").as_deref(), Some("backoff.mul_f64(fastrand::f64())"));
        assert_eq!(Printer::new(Language::Yaml).jittered_delay("5"), None);
        assert!(ts.cached_system("PROMPT", "system").unwrap().starts_with("[{ type: \"text\", text: PROMPT"));
        assert_eq!(rs.cached_system("PROMPT", "system"), None, "a struct field has no block-list form");
        assert!(rs.cached_system("PROMPT", "\"system\"").is_some(), "a json! body has");
        assert!(py.bounded_fan_out("asyncio.gather(*...)").contains("asyncio.Semaphore"));
        assert!(ts.bounded_fan_out("pMap(xs, f) without a concurrency").contains("concurrency: 8"));
        assert!(ts.windowed_history().contains("messages.slice(-20)") && !ts.windowed_history().contains("[-20:]"));
        assert!(py.windowed_history().contains("history[-20:]"));
        assert!(ts.turn_cap().contains("turn < MAX_TURNS") && py.turn_cap().contains("range(MAX_TURNS)"));
        assert_eq!(ts.client_option("max_retries", "maxRetries", "0"), "maxRetries: 0");
        assert_eq!(py.client_option("max_retries", "maxRetries", "0"), "max_retries=0");
        assert!(ts.streaming().contains("stream: true") && py.streaming().contains("stream=True"));
    }
}
