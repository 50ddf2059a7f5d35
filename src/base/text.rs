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
