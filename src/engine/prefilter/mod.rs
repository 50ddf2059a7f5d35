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

use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::base::language::Language;
use forms::*;

use crate::knowledge::agents;
use crate::knowledge::models::{ModelTable, levenshtein};
use crate::knowledge::sdks;
use crate::knowledge::secrets;

/// How a word of evidence is used where it counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Use {
    /// A model id: counts as the start of a literal.
    Model,
    /// An output cap: counts when a value follows.
    Cap,
    /// A client, operation or framework call: counts as a whole identifier
    /// called (`(` follows), not defined (`def`, `class`, `function`).
    Call,
    /// A library used by name (`litellm`, the `async_openai` crate): counts
    /// as a whole identifier.
    Library,
    /// An in-house function the configuration declares as an API call:
    /// counts called, with or without an SDK import.
    Wrapper,
    /// A key of LLM settings: counts, in a config file, as a key.
    Setting,
    /// A provider endpoint: counts anywhere but in a comment.
    Endpoint,
}

/// Model-id words (`sdks::MODEL_ID_PREFIXES`): the start of an id whose
/// next word names its family (`claude-opus…`, `gpt-4o`).
const MODEL_WORDS: &[&str] = sdks::MODEL_ID_PREFIXES;

/// O-series ids (`sdks::O_SERIES`) with what opens their literal. Searched in
/// config files only: in code, an `o3` literal with no request, client or cap
/// beside it does not open the file (short words slow the whole search down).
fn o_series_words() -> Vec<String> {
    ["\"", "'", "`", ": "].iter().flat_map(|open| sdks::O_SERIES.iter().map(move |o| format!("{open}{o}"))).collect()
}

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
    /// Some enabled rule needs a request in the file.
    any_gated: bool,
    /// The evidence looked for in code, and in config files.
    code: Evidence,
    config: Evidence,
    ungated: Option<AhoCorasick>,
    /// The modules of the SDKs, frameworks and HTTP clients llmlint knows,
    /// and what importing each shows.
    modules: AhoCorasick,
    module_kinds: Vec<Imports>,
    /// Agent frameworks' turn-limit words (`knowledge::agents`), when an
    /// enabled rule reads them.
    limits: Option<AhoCorasick>,
    /// Per ungated word: it marks a key, and counts only when the file holds one.
    ungated_keys: Vec<bool>,
    /// For each of `MODEL_WORDS`, the words known ids go on with there
    /// (`opus`, `sonnet`, …).
    family_words: Vec<(&'static str, Vec<String>)>,
    /// The fewest characters a key has after its prefix (`secrets::SHAPES`).
    shortest_key_body: usize,
}

/// For each of `MODEL_WORDS`, the words the table's ids go on with there.
fn family_words(models: &ModelTable) -> Vec<(&'static str, Vec<String>)> {
    MODEL_WORDS.iter().map(|p| (*p, models.words_after(p))).collect()
}

/// Words of evidence, and the use of each.
struct Evidence {
    automaton: AhoCorasick,
    uses: Vec<Use>,
}

/// The largest config file read for settings (256 KiB; settings files are
/// a few KiB).
const MAX_SETTINGS_FILE: usize = 256 * 1024;

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
        // The words of evidence, each with its use; every list but the
        // model words comes from the analyzer's own tables (`knowledge::sdks`).
        let mut words: Vec<(String, Use)> = vec![];
        let mut add = |list: &mut dyn Iterator<Item = String>, used: Use| words.extend(list.map(|w| (w, used)));
        let o_series = o_series_words();
        add(&mut MODEL_WORDS.iter().map(|w| w.to_string()).chain(o_series.iter().cloned()), Use::Model);
        // Caps, and the capitals of the snake-case ones: constants and `.env`
        // keys (`MAX_TOKENS=`).
        add(
            &mut sdks::MAX_TOKENS_KEYS
                .iter()
                .flat_map(|k| std::iter::once(k.to_string()).chain(k.contains('_').then(|| k.to_ascii_uppercase()))),
            Use::Cap,
        );
        add(&mut sdks::call_words().into_iter(), Use::Call);
        add(&mut sdks::NAMED_LIBRARIES.iter().map(|w| w.to_string()), Use::Library);
        add(&mut sdks::ENDPOINT_HOSTS.iter().chain(sdks::ENDPOINT_PATHS).map(|(w, _)| w.to_string()), Use::Endpoint);
        add(&mut sdks::SETTINGS_KEYS.iter().chain(sdks::SETTINGS_CONTAINERS).map(|w| w.to_string()), Use::Setting);
        // A wrapper is called by its last name: `llm.complete(` or `complete(`.
        add(
            &mut wrappers.iter().filter_map(|w| w.rsplit('.').next()).filter(|w| !w.is_empty()).map(str::to_string),
            Use::Wrapper,
        );
        // One use per word: the first added.
        words.sort_by(|a, b| a.0.cmp(&b.0));
        words.dedup_by(|a, b| a.0 == b.0);
        // Code is searched for the words code uses; config files for model
        // ids, caps and settings keys. (The code search stays under 64 words,
        // where the search is vectorised: some four times faster.)
        let search = |code: bool| {
            let (words, uses): (Vec<&str>, Vec<Use>) = words
                .iter()
                .filter(|(w, u)| match u {
                    Use::Model => !code || !o_series.contains(w),
                    Use::Cap => true,
                    Use::Setting => !code,
                    Use::Call | Use::Library | Use::Endpoint | Use::Wrapper => code,
                })
                .map(|(w, u)| (w.as_str(), *u))
                .unzip();
            let automaton = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(words)
                .expect("valid evidence words");
            Evidence { automaton, uses }
        };
        // A module named in two letters (`ai`) is searched quoted: bare, it is
        // in every other word. An agent framework's module counts for its
        // turn limits only.
        let mut modules: Vec<(String, Imports)> = vec![];
        let known = sdks::modules().into_iter().map(|(m, http)| (m, Imports { sdk: !http, http, agent: false }));
        let frameworks = agents::modules().map(|m| (m, Imports { sdk: false, http: false, agent: true }));
        for (m, kind) in known.chain(frameworks) {
            let words = match m.len() {
                0..=2 => ["'", "\""].iter().flat_map(|q| [format!("{q}{m}{q}"), format!("{q}{m}/")]).collect(),
                _ => vec![m.to_string()],
            };
            for w in words {
                match modules.iter_mut().find(|(n, _)| *n == w) {
                    Some((_, k)) => k.merge(kind),
                    None => modules.push((w, kind)),
                }
            }
        }
        // The turn-limit words of enabled rules (a key of a limit, a call
        // that has none unless given one): evidence where a framework is
        // imported.
        let limit_words: Vec<&str> = agents::words()
            .into_iter()
            .filter(|w| gated.iter().any(|g| w.to_ascii_lowercase().contains(&g.to_ascii_lowercase())))
            .collect();
        Prefilter {
            gated: insensitive(&gated).expect("valid trigger words"),
            any_gated: !gated.is_empty(),
            code: search(true),
            config: search(false),
            // (Leftmost-first, not the standard semantics: only then is the
            // search vectorised, and every file is searched for these.)
            ungated: (!ungated.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .build(&ungated)
                    .expect("valid trigger words")
            }),
            ungated_keys: ungated.iter().map(|w| secrets::marks_key(w)).collect(),
            modules: AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(modules.iter().map(|(m, _)| m))
                .expect("valid module names"),
            module_kinds: modules.iter().map(|(_, k)| *k).collect(),
            limits: (!limit_words.is_empty()).then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&limit_words)
                    .expect("valid limit words")
            }),
            family_words: family_words(models),
            shortest_key_body: secrets::shortest_body(),
        }
    }

    /// `new`, or the last one built from the same words: the language server
    /// lints on every change, and building the automata costs more than
    /// linting a document.
    pub fn cached(gated: Vec<&str>, ungated: Vec<&str>, wrappers: &[&str], models: &ModelTable) -> Arc<Prefilter> {
        type Key = (Vec<String>, Vec<String>, Vec<String>, Vec<(&'static str, Vec<String>)>);
        static LAST: Mutex<Option<(Key, Arc<Prefilter>)>> = Mutex::new(None);
        let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let key: Key = (owned(&gated), owned(&ungated), owned(wrappers), family_words(models));
        let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, prefilter)) = &*last
            && *k == key
        {
            return prefilter.clone();
        }
        let prefilter = Arc::new(Prefilter::new(gated, ungated, wrappers, models));
        *last = Some((key, prefilter.clone()));
        prefilter
    }

    /// Whether the file can matter to an enabled rule; `limited`: only the
    /// rules that apply to any file check it (a test file).
    pub fn matches(&self, bytes: &[u8], language: Language, limited: bool) -> bool {
        self.matches_in(bytes, language, limited, false)
    }

    /// [`matches`](Self::matches) for a file that may be an SDK's own code
    /// (`sdk_package`: it sits in a directory named as a Python SDK's
    /// package, `…/anthropic/lib/tools/runner.py`, or its nearest
    /// `package.json` names a JavaScript SDK), where a relative import is
    /// an import of the SDK.
    pub fn matches_in(&self, bytes: &[u8], language: Language, limited: bool, sdk_package: bool) -> bool {
        // A config file this large is data (an OpenAPI document, recorded
        // responses, a docs dump), not settings: only keys are looked for.
        let settings = !(language.is_config() && bytes.len() > MAX_SETTINGS_FILE);
        self.any_file(bytes)
            || (!limited
                && language != Language::Text
                && self.any_gated
                && settings
                && (self.has_evidence(bytes, language, sdk_package) || self.turn_limit(bytes, language, sdk_package))
                && self.gated.is_match(bytes))
    }

    /// Whether a file [`matches`](Self::matches) turned down may still be
    /// worth parsing: code, checked in full, while a rule that needs a
    /// request runs. `engine`'s layer round decides, by the file's imports:
    /// a loop around `llm.complete(doc)` names nothing any rule's words
    /// know, so no word of the file may decide it.
    pub fn may_import_layer(&self, language: Language, limited: bool) -> bool {
        !limited && self.any_gated && !language.is_config() && language != Language::Text
    }

    /// Whether a rule that applies to any file has its word here: a key
    /// prefix counts only when the text holds a key of that shape (an
    /// OpenAPI document says `xai-` and `hf_` often, and holds no key).
    fn any_file(&self, bytes: &[u8]) -> bool {
        let Some(ungated) = &self.ungated else { return false };
        let mut holds_key = None;
        ungated.find_iter(bytes).any(|m| {
            // Every key goes on with a body of key characters, at least as
            // many as the shortest shape's: most words that look like a
            // prefix (`shelf_`, `xai-sdk`) do not, and the file is not searched.
            let n = self.shortest_key_body;
            let body = bytes[m.end()..].iter().take(n).take_while(|b| b.is_ascii_alphanumeric() || b"-_".contains(b));
            !self.ungated_keys[m.pattern().as_usize()]
                || (body.count() == n
                    && *holds_key.get_or_insert_with(|| {
                        std::str::from_utf8(bytes).is_ok_and(|text| !secrets::find(text).is_empty())
                    }))
        })
    }

    /// Whether a word of evidence is used in the file as it counts.
    fn has_evidence(&self, bytes: &[u8], language: Language, sdk_package: bool) -> bool {
        let config = language.is_config();
        let (mut model, mut setting) = (false, language == Language::Env);
        let mut docstrings = None;
        let mut imports = None;
        let evidence = if config { &self.config } else { &self.code };
        for m in evidence.automaton.find_iter(bytes) {
            let (start, end) = (m.start(), m.end());
            let used = evidence.uses[m.pattern().as_usize()];
            // The word in its using form (checked first: it is the cheapest,
            // and most matches fail it).
            let counts = match used {
                Use::Model => model_literal(bytes, start, end, language) && self.family_member(bytes, start, end),
                Use::Cap => cap_with_value(bytes, start, end) && (!config || config_key(bytes, start, language)),
                Use::Call | Use::Wrapper => {
                    // (An operation's streaming twin ends further on, and a
                    // client's variant.)
                    let end = if bytes[start..end].contains(&b'.') {
                        end + sdks::streaming_twin(&bytes[end..])
                    } else {
                        end + sdks::client_variant(&bytes[end..])
                    };
                    // (A client's twins start before it: `AsyncAzureOpenAI`.)
                    let start = sdks::client_twin_start(bytes, start);
                    !config && call_word(bytes, start, end) && called(bytes, start, end, language)
                }
                Use::Library => !config && whole_identifier(bytes, start, end),
                Use::Endpoint => !config && endpoint(bytes, start, language),
                Use::Setting => config && settings_key(bytes, start, end, language),
            };
            if !counts {
                continue;
            }
            // Where it stands: calls in code, the rest anywhere but a comment
            // or a docstring.
            let at = place(bytes, start, language);
            let placed = match used {
                Use::Call | Use::Library | Use::Wrapper => at == Place::Code,
                _ => at != Place::Comment,
            };
            if !placed
                || (language == Language::Python
                    && in_docstring(docstrings.get_or_insert_with(|| triple_quotes(bytes)), start))
            {
                continue;
            }
            // What the file imports: a client, operation or library of an SDK
            // or framework it imports; a cap sent through one, or over HTTP.
            let imported = match used {
                Use::Call | Use::Library => {
                    imports.get_or_insert_with(|| self.imports(bytes, language, sdk_package)).sdk
                }
                Use::Cap if !config => {
                    let i = imports.get_or_insert_with(|| self.imports(bytes, language, sdk_package));
                    i.sdk || i.http
                }
                _ => true,
            };
            if !imported {
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

    /// Whether the file gives an agent framework it imports a turn limit
    /// (`max_turns=None`, `"recursion_limit": float("inf")`) or calls a run
    /// that has none unless given one (`RoundRobinGroupChat(`), in code.
    fn turn_limit(&self, bytes: &[u8], language: Language, sdk_package: bool) -> bool {
        let Some(limits) = &self.limits else { return false };
        if language.is_config() {
            return false;
        }
        let (mut imports, mut docstrings) = (None, None);
        limits.find_iter(bytes).any(|m| {
            let (start, end) = (m.start(), m.end());
            let used = if bytes[start].is_ascii_uppercase() {
                whole_identifier(bytes, start, end) && called(bytes, start, end, language)
            } else {
                limit_value(bytes, start, end)
            };
            // (A key may be quoted: anywhere but in a comment or a docstring.)
            used && place(bytes, start, language) != Place::Comment
                && !(language == Language::Python
                    && in_docstring(docstrings.get_or_insert_with(|| triple_quotes(bytes)), start))
                && imports.get_or_insert_with(|| self.imports(bytes, language, sdk_package)).agent
        })
    }

    /// Which modules llmlint knows (`sdks::NAMES`) the file imports: an
    /// SDK or a framework (`import anthropic`, `from 'openai'`,
    /// `require("@anthropic-ai/sdk")`, `use async_openai::…`), an HTTP
    /// client (`import httpx`, `axios`, or the global `fetch(`). An SDK's or
    /// a framework's own modules import each other by relative paths, so
    /// their clients, operations and functions named in their own code, and
    /// the caps their tests set on mock models, do not open their files. (A
    /// wrapper the configuration declares is evidence without an import.)
    /// Inside an SDK's own package (`sdk_package`) they are imports of the
    /// SDK: its helpers call its own client (`from .._client import …`).
    fn imports(&self, bytes: &[u8], language: Language, sdk_package: bool) -> Imports {
        let relative = sdk_package
            && match language {
                Language::Python => {
                    memchr::memmem::find_iter(bytes, b"from .").any(|i| i == 0 || bytes[i - 1] == b'\n')
                }
                _ => [&b"from '."[..], b"from \".", b"require('.", b"require(\"."]
                    .iter()
                    .any(|w| memchr::memmem::find(bytes, w).is_some()),
            };
        let mut found = Imports { sdk: relative, http: memchr::memmem::find(bytes, b"fetch(").is_some(), agent: false };
        for m in self.modules.find_iter(bytes) {
            let (start, end) = (m.start(), m.end());
            let name = &bytes[start..end];
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            let module_char = |b: u8| is_ident(b) || b == b'-';
            let quoted = matches!(name[0], b'\'' | b'"');
            let bounded = quoted
                || (!matches!(before, Some(b) if module_char(b) || b == b'/' || b == b'.' || b == b'@')
                    && (name.ends_with(b"/") || !after.is_some_and(module_char)));
            let line = line_before(bytes, start, language).trim_ascii_start();
            let importing =
                [&b"import "[..], b"from ", b"use ", b"extern crate ", b"export "].iter().any(|k| line.starts_with(k))
                    || memchr::memmem::find(line, b"require(").is_some()
                    || memchr::memmem::find(line, b"import(").is_some()
                    || line.ends_with(b"from '")
                    || line.ends_with(b"from \"");
            if bounded && importing {
                found.merge(self.module_kinds[m.pattern().as_usize()]);
            }
            if found.sdk && found.http && found.agent {
                break;
            }
        }
        found
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

/// The text of the line before `at`. A notebook's code is in JSON strings:
/// a line also starts after a `\n` escape or the string's opening quote
/// (the last quote not escaped).
fn line_before(bytes: &[u8], at: usize, language: Language) -> &[u8] {
    // Minified code and a notebook's images are lines of megabytes: a
    // word's context is the start of its line, or the kilobyte before it.
    let from = at.saturating_sub(MAX_LINE_CONTEXT);
    let mut start = memchr::memrchr(b'\n', &bytes[from..at]).map_or(from, |i| from + i + 1);
    if language != Language::Notebook {
        return &bytes[start..at];
    }
    if let Some(i) = memchr::memmem::rfind(&bytes[start..at], b"\\n") {
        start += i + 2;
    }
    let opening = memchr::memrchr_iter(b'"', &bytes[start..at]).find(|&i| i == 0 || bytes[start + i - 1] != b'\\');
    if let Some(i) = opening {
        start += i + 1;
    }
    &bytes[start..at]
}

/// How far back a word's line is read.
const MAX_LINE_CONTEXT: usize = 1024;

/// What a file imports, as far as the prefilter cares.
#[derive(Clone, Copy, Debug)]
struct Imports {
    /// An SDK or a framework.
    sdk: bool,
    /// An HTTP client, or the global `fetch`.
    http: bool,
    /// An agent framework whose turn limits llmlint knows.
    agent: bool,
}

impl Imports {
    fn merge(&mut self, other: Imports) {
        self.sdk |= other.sdk;
        self.http |= other.http;
        self.agent |= other.agent;
    }
}

/// Where a word is on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Code,
    String,
    Comment,
}

/// Whether `at` is in a comment (the line before it starts one: `#`, `//`,
/// a `*` line of a block comment; or has one outside quotes), in a string
/// (an odd quote before it on the line), or in code. Notebook lines are JSON
/// strings: their opening quote is skipped. Strings that span lines are
/// not followed (Python's triple-quoted ones are, by `in_docstring`).
fn place(bytes: &[u8], at: usize, language: Language) -> Place {
    let line = line_before(bytes, at, language).trim_ascii_start();
    let hash = language.comment_marker() == "#";
    if !hash && (line.starts_with(b"*") || line.starts_with(b"/*")) {
        return Place::Comment;
    }
    // A Rust attribute (`#[serde(rename = "gpt-4o")]`) names, it does not use.
    if language == Language::Rust && line.starts_with(b"#[") {
        return Place::Comment;
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
            None if hash && b == b'#' => return Place::Comment,
            None if !hash && b == b'/' && line.get(i + 1) == Some(&b'/') => return Place::Comment,
            None => {}
        }
        i += 1;
    }
    if quote.is_some() { Place::String } else { Place::Code }
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

mod forms;
mod layer;

pub use layer::{LayerNames, import_lines};

#[cfg(test)]
mod tests;
