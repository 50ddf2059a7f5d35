//! The byte prefilter: decides from a file's bytes, before anything is
//! parsed, whether the file can matter to an enabled rule. Parsing is most
//! of llmlint's time, and most files of a project (and nearly every file of
//! an SDK: type modules, docs, resources) hold no request of their own.
//!
//! Most rules need a request, a client or a model id in the file: their
//! trigger words count only in a file that also shows *evidence* of one. A
//! word of evidence counts only where code can use it, never in a comment or
//! a Python docstring, and only in its using form:
//!
//! - a model id as a literal: `"claude-…"`, `'gpt-…'`, `"anthropic/claude-…"`,
//!   `"us.anthropic.claude-…"` (and `model: gpt-4o` in a config file), not
//!   `@ai-sdk/harness-claude-code` or prose;
//! - an output cap given a value: `max_tokens=…`, `"max_tokens": 4096`,
//!   `.max_tokens(…)`, not `max_tokens: int` or `maxTokens?: number`;
//! - a client constructed (`Anthropic(`, `new OpenAI(`, not `new
//!   OpenAIError(` nor `from openai import AsyncOpenAI`), an SDK operation
//!   or a framework call, as a whole identifier;
//! - a provider endpoint.
//!
//! A config file matters only with a cap given a value, or a model id beside
//! a key of LLM settings (`temperature:`, `api_key:`, `llm:`): the analyzer
//! counts models there only in such mappings, so leaderboards and recorded
//! responses are not parsed at all. A `.env` file's model id counts alone.
//!
//! A file the prefilter skips is still loaded when a file it passes needs a
//! name from it (the project index's import rounds). Rules that apply to any
//! file (keys, suppression comments) open a file by their own words, matched
//! case-sensitively.
//!
//! Being wrong one way costs time (a file parsed for nothing), the other way
//! a finding: each check below errs towards passing a file.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::cost::{ModelTable, levenshtein};
use crate::lang::{Language, known};
use crate::secrets;

/// How a word of evidence is used where it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// A model id: counts as the start of a literal.
    Model,
    /// An output cap: counts when a value follows.
    Cap,
    /// A client, operation or framework call: counts as a whole identifier.
    Call,
    /// A key of LLM settings: counts, in a config file, as a key.
    Setting,
    /// A provider endpoint: counts anywhere but in a comment.
    Endpoint,
}

/// Words without which a file has no request, client or model id of its
/// own. Matched as written (a case-insensitive search is half as fast), the
/// longest at a place first.
const EVIDENCE: &[(&str, Use)] = &[
    // model ids (`looks_like_model_id`)
    ("claude-", Use::Model),
    ("gpt-", Use::Model),
    ("\"o1", Use::Model),
    ("\"o3", Use::Model),
    ("\"o4", Use::Model),
    ("'o1", Use::Model),
    ("'o3", Use::Model),
    ("'o4", Use::Model),
    ("`o1", Use::Model),
    ("`o3", Use::Model),
    ("`o4", Use::Model),
    (": o1", Use::Model),
    (": o3", Use::Model),
    (": o4", Use::Model),
    // output caps (`known::MAX_TOKENS_KEYS`)
    ("max_tokens", Use::Cap),
    ("maxTokens", Use::Cap),
    ("max_completion_tokens", Use::Cap),
    ("maxCompletionTokens", Use::Cap),
    ("max_output_tokens", Use::Cap),
    ("maxOutputTokens", Use::Cap),
    ("max_tokens_to_sample", Use::Cap),
    ("MAX_TOKENS", Use::Cap),
    ("MAX_OUTPUT_TOKENS", Use::Cap),
    ("MAX_COMPLETION_TOKENS", Use::Cap),
    // clients, constructed
    ("Anthropic(", Use::Call),
    ("OpenAI(", Use::Call),
    ("AsyncAnthropic(", Use::Call),
    ("AsyncOpenAI(", Use::Call),
    ("AnthropicBedrock(", Use::Call),
    ("AnthropicVertex(", Use::Call),
    ("AsyncAnthropicBedrock(", Use::Call),
    ("AsyncAnthropicVertex(", Use::Call),
    ("AzureOpenAI(", Use::Call),
    ("AsyncAzureOpenAI(", Use::Call),
    ("new Anthropic(", Use::Call),
    ("new OpenAI(", Use::Call),
    ("createAnthropic(", Use::Call),
    ("createOpenAI(", Use::Call),
    // the crate, used
    ("async_openai", Use::Call),
    ("async-openai", Use::Call),
    // SDK operations and framework calls
    ("messages.create", Use::Call),
    ("messages.stream", Use::Call),
    ("completions.create", Use::Call),
    ("responses.create", Use::Call),
    ("batches.create", Use::Call),
    ("generateText", Use::Call),
    ("streamText", Use::Call),
    ("generateObject", Use::Call),
    ("streamObject", Use::Call),
    ("ChatAnthropic(", Use::Call),
    ("ChatOpenAI(", Use::Call),
    ("init_chat_model", Use::Call),
    ("completion(", Use::Call),
    ("acompletion(", Use::Call),
    ("litellm", Use::Call),
    // endpoints
    ("/v1/messages", Use::Endpoint),
    ("api.openai.com", Use::Endpoint),
    ("api.anthropic.com", Use::Endpoint),
    ("openai.azure.com", Use::Endpoint),
    ("/chat/completions", Use::Endpoint),
    ("/v1/responses", Use::Endpoint),
];

/// What follows an output cap's key when the code gives it a type, not a
/// value (`max_tokens: int`, `max_tokens: Optional[int] = None`,
/// `pub max_tokens: Option<u32>`), or passes nothing it could know
/// (`None`, `self.max_tokens`).
const NOT_A_VALUE: &[&str] = &[
    "int",
    "float",
    "str",
    "bool",
    "number",
    "string",
    "boolean",
    "bigint",
    "Optional",
    "Required",
    "NotRequired",
    "Union",
    "Literal",
    "Annotated",
    "NotGiven",
    "NOT_GIVEN",
    "Omit",
    "omit",
    "None",
    "null",
    "undefined",
    "Option",
    "u16",
    "u32",
    "u64",
    "i32",
    "i64",
    "usize",
    "f32",
    "f64",
    "self",
    "this",
    "typing",
];

pub struct Prefilter {
    gated: AhoCorasick,
    evidence: AhoCorasick,
    /// The use of each evidence pattern (the table's, the settings keys',
    /// then the wrappers').
    uses: Vec<Use>,
    ungated: Option<AhoCorasick>,
    /// Per ungated word: it marks a key, and counts only when the file holds one.
    ungated_keys: Vec<bool>,
    /// For each model-id prefix that goes on with a word (`claude-`,
    /// `gpt-`), the words known ids use there (`opus`, `sonnet`, …).
    family_words: Vec<(&'static str, Vec<String>)>,
}

/// The largest config file read for settings (256 KiB; settings files are
/// a few KiB).
const MAX_SETTINGS_FILE: usize = 256 * 1024;

/// Model-id prefixes whose next word names the family.
const FAMILY_PREFIXES: &[&str] = &["claude-", "gpt-"];

/// How far a family word may be from a known one and still count (typos are
/// what `unknown-model` exists for).
const FAMILY_EDITS: usize = 2;

impl Prefilter {
    /// `gated`: the words of rules that need a request in the file;
    /// `ungated`: the words of rules that apply to any file; `wrappers`: the
    /// names of in-house functions the configuration declares as API calls
    /// (a call to one is evidence).
    pub fn new<S: AsRef<str>>(gated: Vec<S>, ungated: Vec<S>, wrappers: &[&str], models: &ModelTable) -> Prefilter {
        let insensitive = |words: &[&str]| AhoCorasick::builder().ascii_case_insensitive(true).build(words);
        let gated: Vec<&str> = gated.iter().map(AsRef::as_ref).collect();
        let ungated: Vec<&str> = ungated.iter().map(AsRef::as_ref).collect();
        let mut evidence: Vec<&str> = EVIDENCE.iter().map(|(w, _)| *w).collect();
        let mut uses: Vec<Use> = EVIDENCE.iter().map(|(_, u)| *u).collect();
        for key in known::SETTINGS_KEYS.iter().chain(known::SETTINGS_CONTAINERS) {
            evidence.push(key);
            uses.push(Use::Setting);
        }
        // A wrapper is called by its last name: `llm.complete(` or `complete(`.
        for w in wrappers.iter().filter_map(|w| w.rsplit('.').next()).filter(|w| !w.is_empty()) {
            evidence.push(w);
            uses.push(Use::Call);
        }
        Prefilter {
            gated: insensitive(&gated).expect("valid trigger words"),
            evidence: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&evidence)
                .expect("valid evidence words"),
            uses,
            ungated: (!ungated.is_empty()).then(|| AhoCorasick::new(&ungated).expect("valid trigger words")),
            ungated_keys: ungated.iter().map(|w| secrets::marks_key(w)).collect(),
            family_words: FAMILY_PREFIXES.iter().map(|p| (*p, models.words_after(p))).collect(),
        }
    }

    pub fn matches(&self, bytes: &[u8], language: Language) -> bool {
        // A config file this large is data (an OpenAPI document, recorded
        // responses, a docs dump), not settings: only keys are looked for.
        let settings = !(language.is_config() && bytes.len() > MAX_SETTINGS_FILE);
        self.any_file(bytes) || (settings && self.has_evidence(bytes, language) && self.gated.is_match(bytes))
    }

    /// Whether a rule that applies to any file has its word here: a key
    /// prefix counts only when the text holds a key of that shape (an
    /// OpenAPI document says `xai-` and `hf_` often, and holds no key).
    fn any_file(&self, bytes: &[u8]) -> bool {
        let Some(ungated) = &self.ungated else { return false };
        let mut holds_key = None;
        ungated.find_iter(bytes).any(|m| {
            !self.ungated_keys[m.pattern().as_usize()]
                || *holds_key
                    .get_or_insert_with(|| std::str::from_utf8(bytes).is_ok_and(|text| !secrets::find(text).is_empty()))
        })
    }

    /// Whether a word of evidence is used in the file as it counts.
    fn has_evidence(&self, bytes: &[u8], language: Language) -> bool {
        let config = language.is_config();
        let (mut model, mut setting) = (false, language == Language::Env);
        let mut docstrings = None;
        for m in self.evidence.find_iter(bytes) {
            let (start, end) = (m.start(), m.end());
            let used = self.uses[m.pattern().as_usize()];
            let counts = match used {
                Use::Model => model_literal(bytes, start, end, language) && self.family_member(bytes, start, end),
                Use::Cap => cap_with_value(bytes, start, end) && (!config || config_key(bytes, start, language)),
                Use::Call => !config && whole_identifier(bytes, start, end),
                Use::Endpoint => !config,
                Use::Setting => config && settings_key(bytes, start, end, language),
            };
            if !counts
                || in_comment(bytes, start, language)
                || (language == Language::Python
                    && in_docstring(docstrings.get_or_insert_with(|| triple_quotes(bytes)), start))
            {
                continue;
            }
            match used {
                Use::Model if config => model = true,
                Use::Setting => setting = true,
                _ => return true,
            }
            if model && setting {
                return true;
            }
        }
        false
    }

    /// `claude-3…`, `claude-opus…`, `claude-sonet…` (a typo): the word after
    /// the prefix is a version or (nearly) one that known ids use; not
    /// `claude-code`, `gpt-engineer`.
    fn family_member(&self, bytes: &[u8], start: usize, end: usize) -> bool {
        let matched = &bytes[start..end];
        let Some((_, words)) = self.family_words.iter().find(|(p, _)| p.as_bytes().eq_ignore_ascii_case(matched))
        else {
            return true;
        };
        let rest = &bytes[end..];
        if rest.first().is_some_and(u8::is_ascii_digit) {
            return true;
        }
        let len = rest.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let word = String::from_utf8_lossy(&rest[..len]).to_ascii_lowercase();
        words.iter().any(|w| levenshtein(w, &word) <= FAMILY_EDITS)
    }
}

/// A key of LLM settings in a config file: `temperature:`, `"api_key":`,
/// `base_url =`.
fn settings_key(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
    if !config_key(bytes, start, language) {
        return false;
    }
    let mut i = end;
    if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    matches!(bytes.get(i), Some(b':' | b'='))
}

/// Whether a word at `start` of a config file is where a key is written:
/// after an unescaped quote in JSON (not inside a string value, as in a
/// recorded prompt); at the start of a line (after indentation, `- ` or
/// `export `), or after `{` / `,` (TOML inline tables, YAML flow
/// mappings), in the other formats.
fn config_key(bytes: &[u8], start: usize, language: Language) -> bool {
    if language == Language::Json {
        return start > 0 && bytes[start - 1] == b'"' && (start < 2 || bytes[start - 2] != b'\\');
    }
    let line_start = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |i| i + 1);
    let before = bytes[line_start..start].trim_ascii();
    let before = before.strip_suffix(b"\"").or(before.strip_suffix(b"'")).unwrap_or(before).trim_ascii_end();
    before.is_empty() || before == b"-" || before == b"export" || before.ends_with(b"{") || before.ends_with(b",")
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// `claude-…`, `gpt-…`, `o3`, `o4-mini` at the start of a literal: after a
/// quote, a provider prefix (`anthropic/`, `us.anthropic.`, `openai:`), or
/// `=` (`.env`); in a config file also after a space (`model: gpt-4o`).
fn model_literal(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
    let config = language.is_config();
    // `"o3`, `: o3`: the word carries what opens the literal.
    let start = start + bytes[start..end].iter().take_while(|b| b"\"'`: ".contains(b)).count();
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let quote = matches!(before, Some(b'"' | b'\'' | b'`'));
    if quote && start >= 2 && bytes[start - 2] == b'\\' && language != Language::Notebook {
        // `\"gpt-4o\"`: a string inside a string (a recorded request); a
        // notebook's code is such a string.
        return false;
    }
    let opens =
        quote || matches!(before, Some(b'/' | b'.' | b':' | b'=')) || (config && matches!(before, Some(b' ' | b'\t')));
    // A member of a TypeScript union type (`| 'claude-opus-4-7'`) is a type.
    let in_union = quote && bytes[..start - 1].trim_ascii_end().ends_with(b"|");
    let after = bytes.get(end).copied();
    let shaped = if bytes[end - 1] == b'-' {
        after.is_some_and(|b| b.is_ascii_alphanumeric())
    } else {
        // `o3`, `o4-mini`, `o1-preview`: the id ends or goes on with `-`.
        !after.is_some_and(is_ident)
    };
    opens && shaped && !in_union
}

/// An output cap followed by a value: `max_tokens=4096`, `"max_tokens": N`,
/// `maxTokens: MAX`, `params["max_tokens"] = n`, `.max_tokens(4096)`,
/// `MAX_TOKENS=4096` (`.env`). Not a type (`max_tokens: int`,
/// `maxTokens?: number`), not a comparison, not `max_tokens=max_tokens`.
fn cap_with_value(bytes: &[u8], start: usize, end: usize) -> bool {
    if start > 0 && is_ident(bytes[start - 1]) && bytes[start - 1] != b'_' {
        // `ls_max_tokens` still counts (`_`), `somemax_tokens` does not.
        return false;
    }
    let mut i = end;
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
    if is_ident(at(i)) {
        return false;
    }
    if matches!(at(i), b'"' | b'\'' | b'`') {
        i += 1;
    }
    if at(i) == b']' {
        i += 1;
    }
    while matches!(at(i), b' ' | b'\t') {
        i += 1;
    }
    match (at(i), at(i + 1)) {
        (b'=', b'=') | (b':', b':') => return false,
        (b'=' | b':' | b'(', _) => i += 1,
        _ => return false,
    }
    if at(i) == b'>' {
        i += 1; // `"max_tokens" => 4096`
    }
    while matches!(at(i), b' ' | b'\t') {
        i += 1;
    }
    let value_start = i;
    while is_ident(at(i)) {
        i += 1;
    }
    let word = &bytes[value_start..i];
    if word.is_empty() {
        // A number's sign, a quote (`"4096"` in `.env`), a parenthesis: a value,
        // unless the line ends.
        return !matches!(at(value_start), b'\n' | b'\r' | b'?');
    }
    if word[0].is_ascii_digit() {
        return true;
    }
    let typed = NOT_A_VALUE.iter().any(|t| t.as_bytes() == word);
    // `max_tokens=max_tokens`: a parameter passed on (a constant is spelt
    // differently, `MAX_TOKENS`).
    let passed_on = word == &bytes[start..end];
    !typed && !passed_on
}

/// A whole identifier (or a word ending in `(`): `new OpenAI(`, not
/// `new OpenAIError(`; `litellm.completion(`, not `my_completion(`.
fn whole_identifier(bytes: &[u8], start: usize, end: usize) -> bool {
    let first_ident = is_ident(bytes[start]);
    let last_ident = is_ident(bytes[end - 1]);
    let before_ok = !first_ident || start == 0 || !is_ident(bytes[start - 1]);
    let after_ok = !last_ident || bytes.get(end).is_none_or(|&b| !is_ident(b));
    before_ok && after_ok
}

/// Whether `at` is in a comment: the line before it starts one (`#`, `//`,
/// a `*` line of a block comment) or has one outside quotes. Notebook lines
/// are JSON strings: their opening quote is skipped.
fn in_comment(bytes: &[u8], at: usize, language: Language) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let mut line = bytes[line_start..at].trim_ascii_start();
    if language == Language::Notebook {
        line = line.strip_prefix(b"\"").unwrap_or(line);
    }
    let hash =
        matches!(language, Language::Python | Language::Notebook | Language::Yaml | Language::Toml | Language::Env);
    if !hash && (line.starts_with(b"*") || line.starts_with(b"/*")) {
        return true;
    }
    // A Rust attribute (`#[serde(rename = "gpt-4o")]`) names, it does not use.
    if language == Language::Rust && line.starts_with(b"#[") {
        return true;
    }
    let mut quote = None;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if hash && b == b'#' => return true,
            None if !hash && b == b'/' && line.get(i + 1) == Some(&b'/') => return true,
            None => {}
        }
        i += 1;
    }
    false
}

/// Where Python's triple quotes are, in order.
fn triple_quotes(bytes: &[u8]) -> Vec<usize> {
    let mut out: Vec<usize> =
        memchr::memmem::find_iter(bytes, b"\"\"\"").chain(memchr::memmem::find_iter(bytes, b"'''")).collect();
    out.sort_unstable();
    out
}

/// Inside a triple-quoted string (a docstring, usually): an odd number of
/// triple quotes come before it.
fn in_docstring(quotes: &[usize], at: usize) -> bool {
    quotes.partition_point(|&q| q < at) % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes(text: &str, language: Language) -> bool {
        Prefilter::new(
            vec!["anthropic", "openai", "claude", "gpt-", "max_tokens", "litellm"],
            vec![],
            &[],
            ModelTable::builtin(),
        )
        .matches(text.as_bytes(), language)
    }

    #[test]
    fn model_ids_count_as_literals() {
        for code in [
            "client = anthropic.Anthropic\nm = \"claude-opus-4-7\"",
            "import openai\nMODEL = 'gpt-4o'",
            "import anthropic\nm = 'anthropic/claude-3-haiku'",
            "import anthropic\nm = \"us.anthropic.claude-3-5-sonnet\"",
            "import openai\nm = 'o3'",
            "import openai\nm = \"o4-mini\"",
        ] {
            assert!(passes(code, Language::Python), "{code}");
        }
        for code in [
            "import { ClaudeCode } from '@ai-sdk/harness-claude-code';",
            "// use claude-3-opus for openai things",
            "const x = 'harness-claude-code'; // anthropic",
            "import openai\nx = 'photo3'",
        ] {
            assert!(!passes(code, Language::TypeScript), "{code}");
        }
        // Imports, family words, unions and attributes.
        assert!(!passes("from anthropic import Anthropic, AsyncAnthropic\n", Language::Python));
        assert!(!passes("const dir = 'agents/claude-code/x'; // anthropic", Language::TypeScript));
        assert!(passes("const m = 'claude-sonet-4-6'; // anthropic, a typo", Language::TypeScript));
        assert!(!passes("// anthropic\ntype M = 'x' | 'claude-opus-4-7';", Language::TypeScript));
        assert!(!passes("// openai\n#[serde(rename = \"gpt-4o-mini-tts\")]\nX,", Language::Rust));
    }

    #[test]
    fn a_config_file_needs_a_model_among_settings_or_a_cap() {
        assert!(passes("llm:\n  model: claude-opus-4-7\n", Language::Yaml));
        let cell = r#"{"cells": [{"cell_type": "code", "source": ["from claude_agent_sdk import query\n", "m = query(model=\"claude-sonnet-4-20250514\")"]}]}"#;
        assert!(passes(cell, Language::Notebook));
        assert!(passes("model: claude-opus-4-7\ntemperature: 0\n", Language::Yaml));
        assert!(passes("provider: openai\nmodel: o3\n", Language::Yaml));
        assert!(passes("{\"model\": \"gpt-4o\", \"max_tokens\": 100000}", Language::Json));
        assert!(passes("MODEL=claude-3-haiku-20240307 # anthropic\n", Language::Env));
        // A leaderboard, a recorded response: models without settings.
        assert!(!passes("- dirname: run\n  model: claude-3-opus\n  pass_rate: 3\n", Language::Yaml));
        assert!(!passes(
            "{\"model\": \"gpt-4o\", \"system_fingerprint\": \"x\", \"finish_reason\": \"stop\"}",
            Language::Json
        ));
        // A prompt that quotes a request body is a string, not settings.
        assert!(!passes(
            "{\"text\": \"call it with {\\\"model\\\": \\\"gpt-4o\\\", \\\"max_tokens\\\": 1024}\"}",
            Language::Json
        ));
        // Data-sized config files are not settings.
        let big = format!("model: gpt-4o\ntemperature: 0\n{}", "x: 1\n".repeat(60_000));
        assert!(!passes(&big, Language::Yaml));
    }

    #[test]
    fn caps_count_with_a_value_not_a_type() {
        for code in [
            "import anthropic\nclient.x(max_tokens=100_000)",
            "import anthropic\nbody = {\"max_tokens\": 4096}",
            "import anthropic\nparams[\"max_tokens\"] = MAX",
            "import anthropic\nclient.x(max_tokens=settings.MAX)",
        ] {
            assert!(passes(code, Language::Python), "{code}");
        }
        for code in [
            "import anthropic\nclass P(TypedDict):\n    max_tokens: Required[int]",
            "import anthropic\ndef f(*, max_tokens: int | NotGiven = NOT_GIVEN): ...",
            "import anthropic\nf(max_tokens=max_tokens)",
            "import anthropic\nif max_tokens == 3: pass",
        ] {
            assert!(!passes(code, Language::Python), "{code}");
        }
        assert!(passes("import Anthropic from 'x'\nconst o = { max_tokens: 1024 };", Language::TypeScript));
        assert!(!passes("import Anthropic from 'x'\ninterface P { max_tokens?: number; }", Language::TypeScript));
        assert!(passes("use async_openai; // anthropic\nlet r = b.max_tokens(4096u32);", Language::Rust));
        assert!(!passes("// anthropic\npub struct R { pub max_tokens: Option<u32> }", Language::Rust));
    }

    #[test]
    fn calls_count_as_whole_identifiers_outside_comments_and_docstrings() {
        assert!(passes("import OpenAI from 'openai';\nconst c = new OpenAI();", Language::TypeScript));
        assert!(!passes("// openai\nthrow new OpenAIError('x');", Language::TypeScript));
        assert!(!passes(
            "/**\n * const c = new OpenAI();\n * await c.chat.completions.create({})\n */",
            Language::TypeScript
        ));
        assert!(!passes(
            "def f():\n    \"\"\"Example:\n        client.messages.create(...)  # anthropic\n    \"\"\"\n",
            Language::Python
        ));
        assert!(passes(
            "\"\"\"Docs.\"\"\"\nimport anthropic\nanthropic.Anthropic().messages.create()",
            Language::Python
        ));
        assert!(passes("import litellm\nlitellm.completion(model=m)", Language::Python));
        assert!(passes("from litellm import acompletion\nawait acompletion(model=m)", Language::Python));
        assert!(!passes("# openai\ndef my_completion(x): ...", Language::Python));
        assert!(passes("from openai import AsyncOpenAI\nclient = AsyncOpenAI()", Language::Python));
    }

    #[test]
    fn a_key_prefix_opens_a_file_only_with_a_key_of_that_shape() {
        let p = Prefilter::new(vec!["anthropic"], vec!["gsk_", "xai-", "llmlint:"], &[], ModelTable::builtin());
        assert!(!p.matches(b"paths:\n  /v1/xai-models: {}\n  gsk_: 1\n", Language::Yaml));
        assert!(p.matches(b"# llmlint: ignore[huge-max-tokens]\n", Language::Python));
        let key = format!(
            "GROQ_API_KEY={}",
            crate::secrets::tests::fake("gsk_", 52, b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        );
        assert!(p.matches(key.as_bytes(), Language::Env));
    }

    #[test]
    fn a_wrapper_call_is_evidence() {
        let p = Prefilter::new(vec!["anthropic"], vec![], &["myco.llm.ask_claude"], ModelTable::builtin());
        assert!(p.matches(b"from myco.llm import ask_claude  # anthropic\nask_claude(prompt)", Language::Python));
        assert!(!p.matches(b"# anthropic\nask(prompt)", Language::Python));
    }
}
