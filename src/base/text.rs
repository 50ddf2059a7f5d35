//! Text as a terminal may print it.

/// Whether a character would act on a terminal or reorder the text around
/// it instead of showing: C0 and C1 controls, DEL, bidirectional controls.
fn acts(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character that `acts` written as an escape (`\u{1b}`,
/// `\n`): a file named with an escape sequence or a newline cannot paint
/// the terminal or forge a line of output.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(acts) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars().map(|c| if acts(c) { c.escape_default().to_string() } else { c.to_string() }).collect(),
    )
}

/// Source text as a code frame shows it, byte for byte the same length (so
/// spans stay put): a `\r` alone breaks the line as it does for the
/// parsers, and every other character that `acts`, but tab, line feed and
/// the `\r` of `\r\n`, is shown as `?`s.
pub fn printable_source(text: std::borrow::Cow<'_, str>) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let keeps = |i: usize, c: char| match c {
        '\t' | '\n' => true,
        '\r' => bytes.get(i + 1) == Some(&b'\n'),
        c => !acts(c),
    };
    if text.char_indices().all(|(i, c)| keeps(i, c)) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            _ if keeps(i, c) => out.push(c),
            '\r' => out.push('\n'),
            c => out.extend(std::iter::repeat_n('?', c.len_utf8())),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `n` and a noun, plural unless `n` is one (`1 file`, `3 files`); a noun
/// ending in `x` takes `es` (`2 fixes`).
pub fn plural(n: usize, noun: &str) -> String {
    match (n, noun.ends_with('x')) {
        (1, _) => format!("{n} {noun}"),
        (_, true) => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}

/// A path as the path of a URI reference (RFC 3986): `/` kept, every byte
/// outside the unreserved set percent-encoded, so `pct%41.py` reads back as
/// itself and `a:b.py` is not taken for a scheme.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Shorter literals hold no credential worth the name.
pub const MIN_SECRET_LEN: usize = 16;

/// Whether a literal is worth keeping for the credential rules: it has a
/// run of at least `MIN_SECRET_LEN` characters without spaces or quotes that
/// mixes letters and digits. Prose (docstrings, prompts, messages) has none,
/// and keeping every long literal would hold whole SDKs' docs in memory.
pub fn may_hold_credential(s: &str) -> bool {
    s.len() >= MIN_SECRET_LEN
        && s.split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '=' || c == ',').any(|w| {
            w.len() >= MIN_SECRET_LEN
                && w.bytes().any(|b| b.is_ascii_digit())
                && w.bytes().any(|b| b.is_ascii_alphabetic())
        })
}

#[cfg(test)]
mod plural_and_uri_tests {
    #[test]
    fn plurals_and_uris() {
        assert_eq!(super::plural(1, "file"), "1 file");
        assert_eq!(super::plural(0, "file"), "0 files");
        assert_eq!(super::plural(2, "fix"), "2 fixes");
        assert_eq!(super::uri_path("src/pct%41.py"), "src/pct%2541.py");
        assert_eq!(super::uri_path("a b/a:b.py"), "a%20b/a%3Ab.py");
        assert_eq!(super::uri_path("é.py"), "%C3%A9.py");
    }
}
