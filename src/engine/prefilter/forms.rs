//! The forms a word of evidence counts in: a model id as a literal, a cap
//! or a turn limit given a value, a client or operation called, a key of
//! settings, an endpoint.

use super::*;

/// A key of LLM settings in a config file: `temperature:`, `"api_key":`,
/// `base_url =`.
pub(super) fn settings_key(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
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
pub(super) fn config_key(bytes: &[u8], start: usize, language: Language) -> bool {
    if language == Language::Json {
        return start > 0 && bytes[start - 1] == b'"' && (start < 2 || bytes[start - 2] != b'\\');
    }
    let before = line_before(bytes, start, language).trim_ascii();
    let before = before.strip_suffix(b"\"").or(before.strip_suffix(b"'")).unwrap_or(before).trim_ascii_end();
    before.is_empty() || before == b"-" || before == b"export" || before.ends_with(b"{") || before.ends_with(b",")
}

pub(super) fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// `claude-…`, `gpt-…`, `o3`, `o4-mini` at the start of a literal: after a
/// quote, a provider prefix (`anthropic/`, `us.anthropic.`, `openai:`), or
/// `=` (`.env`); in a config file also after a space (`model: gpt-4o`).
pub(super) fn model_literal(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
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
    opens && shaped && !in_union && (config || language == Language::Notebook || !listed(bytes, start, end, language))
}

/// A model id in code that is a key (`{"claude-1.3": "November 6th"}`) or
/// alone on its line (an element of a long list: a `Literal[…]` type, a
/// table of models): data about models, not a model used.
pub(super) fn listed(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
    let id_char = |b: &u8| b.is_ascii_alphanumeric() || b"-._:/@".contains(b);
    let open = start - bytes[..start].iter().rev().take_while(|b| id_char(b)).count();
    let Some(quote) = open.checked_sub(1).filter(|&q| matches!(bytes[q], b'"' | b'\'' | b'`')) else {
        return false;
    };
    let close = end + bytes[end..].iter().take_while(|b| id_char(b)).count();
    let key = bytes.get(close) == Some(&bytes[quote]) && bytes[close + 1..].trim_ascii_start().starts_with(b":");
    key || line_before(bytes, quote, language).trim_ascii().is_empty()
}

/// How a key is given its value: the operators that may follow it.
#[derive(Clone, Copy)]
struct Assigned {
    /// Quotes closing a key (`"max_tokens":`, `` `max_tokens`: ``).
    quotes: &'static [u8],
    /// `params["max_tokens"] = n`: a subscript's `]`.
    subscript: bool,
    /// `.max_tokens(4096)`: a builder's call.
    call: bool,
    /// `"max_tokens" => 4096`: a PHP or Ruby pair (else `=>` is an arrow).
    pair: bool,
}

/// Where the value given to the key that ends at `end` starts: after its
/// closing quote, `=`, `:` (not `==`, `::`) and spaces.
fn value_start(bytes: &[u8], end: usize, form: Assigned) -> Option<usize> {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
    let mut i = end;
    if is_ident(at(i)) {
        return None;
    }
    if form.quotes.contains(&at(i)) {
        i += 1;
    }
    if form.subscript && at(i) == b']' {
        i += 1;
    }
    while matches!(at(i), b' ' | b'\t') {
        i += 1;
    }
    match (at(i), at(i + 1)) {
        (b'=', b'=') | (b':', b':') => return None,
        (b'=', b'>') if !form.pair => return None,
        (b'=' | b':', _) => i += 1,
        (b'(', _) if form.call => i += 1,
        _ => return None,
    }
    if form.pair && at(i) == b'>' {
        i += 1;
    }
    while matches!(at(i), b' ' | b'\t') {
        i += 1;
    }
    Some(i)
}

/// A dotted name at `i` (`options.maxOutputTokens`): its first name, the
/// whole of it, its last name, and where it ends.
fn dotted_name(bytes: &[u8], i: usize) -> (&[u8], &[u8], &[u8], usize) {
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b'\n');
    let ident_end = |mut j: usize| {
        while is_ident(at(j)) {
            j += 1;
        }
        j
    };
    let first_end = ident_end(i);
    let (mut last_start, mut j) = (i, first_end);
    while at(j) == b'.' && is_ident(at(j + 1)) {
        last_start = j + 1;
        j = ident_end(last_start);
    }
    (&bytes[i..first_end], &bytes[i..j], &bytes[last_start..j], j)
}

/// A name lower-cased without its underscores: `max_tokens` and
/// `maxTokens` are one name.
fn squashed(name: &[u8]) -> Vec<u8> {
    name.iter().filter(|&&b| b != b'_').map(u8::to_ascii_lowercase).collect()
}

/// An output cap followed by a value: `max_tokens=4096`, `"max_tokens": N`,
/// `maxTokens: MAX`, `params["max_tokens"] = n`, `.max_tokens(4096)`,
/// `MAX_TOKENS=4096` (`.env`). Not a type (`max_tokens: int`,
/// `maxTokens?: number`), not a comparison, not `max_tokens=max_tokens`.
pub(super) fn cap_with_value(bytes: &[u8], start: usize, end: usize) -> bool {
    if start > 0 && is_ident(bytes[start - 1]) && bytes[start - 1] != b'_' {
        // `ls_max_tokens` still counts (`_`), `somemax_tokens` does not.
        return false;
    }
    let form = Assigned { quotes: b"\"'`", subscript: true, call: true, pair: true };
    let Some(i) = value_start(bytes, end, form) else { return false };
    let (word, _, last, _) = dotted_name(bytes, i);
    if word.is_empty() {
        // A number's sign, a quote (`"4096"` in `.env`), a parenthesis: a value,
        // unless the line ends.
        return !matches!(bytes.get(i).copied().unwrap_or(b'\n'), b'\n' | b'\r' | b'?');
    }
    if word[0].is_ascii_digit() {
        return true;
    }
    let typed = NOT_A_VALUE.iter().any(|t| t.as_bytes() == word);
    !typed && !passed_on(last)
}

/// A cap another value passes on: `max_tokens=max_tokens`,
/// `maxOutputTokens: options.maxOutputTokens`, `max_tokens: args.maxTokens`.
/// (A constant is spelt in capitals, `settings.MAX_TOKENS`, and counts.)
pub(super) fn passed_on(name: &[u8]) -> bool {
    if !name.iter().any(u8::is_ascii_lowercase) {
        return false;
    }
    [&b"maxtokens"[..], b"maxoutputtokens", b"maxcompletiontokens", b"maxtokenstosample"]
        .contains(&squashed(name).as_slice())
}

/// A turn limit's value as code sets one: a number, a name or a call
/// (`None`, `null`, `float("inf")`, `Infinity`, `NO_LIMIT`), a list of
/// stop conditions; not a type (`max_turns: int`), not an expression in
/// parentheses, nor the value of a name like it passed on
/// (`recursionLimit: options.recursionLimit`, `max_turns=max_turns`).
pub(super) fn limit_value(bytes: &[u8], start: usize, end: usize) -> bool {
    if start > 0 && is_ident(bytes[start - 1]) {
        return false;
    }
    let form = Assigned { quotes: b"\"'", subscript: false, call: false, pair: false };
    let Some(i) = value_start(bytes, end, form) else { return false };
    if bytes.get(i) == Some(&b'[') {
        return true;
    }
    let (_, value, last, after) = dotted_name(bytes, i);
    let Some(&first) = value.first() else { return false };
    if first.is_ascii_digit() {
        return true;
    }
    let typed = NOT_A_VALUE.iter().any(|t| t.as_bytes() == value)
        && !matches!(value, b"None" | b"null")
        && !(value == b"float" && bytes.get(after) == Some(&b'('));
    !typed && squashed(last) != squashed(&bytes[start..end])
}

/// The word is called: `(` follows, and no definition keyword comes before
/// (`class OpenAI(SyncAPIClient)`, `export function streamText(`).
pub(super) fn called(bytes: &[u8], start: usize, end: usize, language: Language) -> bool {
    let rest = &bytes[end..];
    let paren = bytes[end - 1] == b'(' || rest.trim_ascii_start().starts_with(b"(");
    let before = line_before(bytes, start, language).trim_ascii_end();
    let defined = [&b"def"[..], b"class", b"function", b"fn", b"function*"].iter().any(|k| before.ends_with(k));
    paren && !defined
}

/// An endpoint: a host anywhere, a path (`/v1/messages`) only in a URL
/// with a host (`https://gateway/v1/messages`) or a base URL
/// (`f"{base}/v1/messages"`, `` `${baseURL}/chat/completions` ``); not as
/// the relative path an SDK's own resources post to
/// (`self._post("/v1/messages")`) nor in a module path
/// (`'../resources/chat/completions'`).
pub(super) fn endpoint(bytes: &[u8], start: usize, language: Language) -> bool {
    if bytes[start] != b'/' {
        return true;
    }
    let before = line_before(bytes, start, language);
    let Some(open) = before.iter().rposition(|b| matches!(b, b'"' | b'\'' | b'`')) else { return false };
    let url = &before[open + 1..];
    memchr::memmem::find(url, b"://").is_some() || url.ends_with(b"}")
}

/// A whole identifier (or a word ending in `(`): `new OpenAI(`, not
/// `new OpenAIError(`; `litellm.completion(`, not `my_completion(`.
pub(super) fn whole_identifier(bytes: &[u8], start: usize, end: usize) -> bool {
    let first_ident = is_ident(bytes[start]);
    let last_ident = is_ident(bytes[end - 1]);
    let before_ok = !first_ident || start == 0 || !is_ident(bytes[start - 1]);
    let after_ok = !last_ident || bytes.get(end).is_none_or(|&b| !is_ident(b));
    before_ok && after_ok
}

/// A called name as a whole identifier; an operation's names (`events.send`)
/// may also end a private attribute bound to the SDK's resource
/// (`self._events.send(`).
pub(super) fn call_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let dotted = bytes[start..end].contains(&b'.');
    whole_identifier(bytes, start, end)
        || (dotted && start > 0 && bytes[start - 1] == b'_' && whole_identifier(bytes, start - 1, end))
}
