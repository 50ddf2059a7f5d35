//! Provider API keys: their shapes (as data), how to find them in a string,
//! and how to show them without showing them. The `hardcoded-api-key` rule
//! reports them; every renderer that prints source text masks them with
//! `mask`, so no output format prints a secret.
//!
//! A key is a known prefix followed by a run of the key's alphabet of a
//! realistic length, not preceded by a letter or digit, with the entropy of
//! random text. Placeholders (`sk-ant-...`, `sk-ant-api03-your-key-here`,
//! `${ANTHROPIC_API_KEY}`, `os.environ/…`) fail the length, alphabet or
//! entropy test.

use std::borrow::Cow;

use crate::base::diagnostic::Finding;
use crate::base::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// `A-Z a-z 0-9 - _`
    Base64Url,
    /// `A-Z a-z 0-9`
    Alnum,
    /// `0-9 a-f`
    Hex,
    /// `A-Z 0-9`
    UpperAlnum,
}

impl Alphabet {
    fn allows(self, c: u8) -> bool {
        match self {
            Alphabet::Base64Url => c.is_ascii_alphanumeric() || c == b'-' || c == b'_',
            Alphabet::Alnum => c.is_ascii_alphanumeric(),
            Alphabet::Hex => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
            Alphabet::UpperAlnum => c.is_ascii_uppercase() || c.is_ascii_digit(),
        }
    }
}

/// The shape of one kind of key.
#[derive(Debug)]
pub struct Shape {
    pub name: &'static str,
    /// The environment variable it belongs in, for the help.
    pub env: &'static str,
    pub prefix: &'static str,
    pub alphabet: Alphabet,
    /// Length of the part after the prefix.
    pub min: usize,
    pub max: usize,
    /// Shannon entropy, bits per character, of the part after the prefix.
    pub min_entropy: f64,
    /// A word every key of the shape holds, searched for instead of a prefix
    /// too short to search (`sk-`).
    pub marker: Option<&'static str>,
}

/// Known key shapes, most specific prefix first.
pub const SHAPES: &[Shape] = &[
    Shape {
        name: "Anthropic API key",
        env: "ANTHROPIC_API_KEY",
        prefix: "sk-ant-api03-",
        alphabet: Alphabet::Base64Url,
        min: 80,
        max: 120,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "Anthropic admin key",
        env: "ANTHROPIC_ADMIN_KEY",
        prefix: "sk-ant-admin01-",
        alphabet: Alphabet::Base64Url,
        min: 80,
        max: 120,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "Anthropic key",
        env: "ANTHROPIC_API_KEY",
        prefix: "sk-ant-",
        alphabet: Alphabet::Base64Url,
        min: 80,
        max: 130,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "OpenAI project key",
        env: "OPENAI_API_KEY",
        prefix: "sk-proj-",
        alphabet: Alphabet::Base64Url,
        min: 40,
        max: 250,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "OpenAI service-account key",
        env: "OPENAI_API_KEY",
        prefix: "sk-svcacct-",
        alphabet: Alphabet::Base64Url,
        min: 40,
        max: 250,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "OpenAI admin key",
        env: "OPENAI_ADMIN_KEY",
        prefix: "sk-admin-",
        alphabet: Alphabet::Base64Url,
        min: 40,
        max: 250,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "OpenRouter key",
        env: "OPENROUTER_API_KEY",
        prefix: "sk-or-v1-",
        alphabet: Alphabet::Hex,
        min: 64,
        max: 64,
        min_entropy: 3.3,
        marker: None,
    },
    // The legacy OpenAI shape: `sk-` and 48 letters and digits.
    Shape {
        name: "OpenAI key",
        env: "OPENAI_API_KEY",
        prefix: "sk-",
        alphabet: Alphabet::Alnum,
        min: 48,
        max: 48,
        min_entropy: 4.0,
        marker: Some(LEGACY_OPENAI_MARKER),
    },
    Shape {
        name: "Google AI key",
        env: "GOOGLE_API_KEY",
        prefix: "AIza",
        alphabet: Alphabet::Base64Url,
        min: 35,
        max: 35,
        min_entropy: 3.8,
        marker: None,
    },
    Shape {
        name: "Groq key",
        env: "GROQ_API_KEY",
        prefix: "gsk_",
        alphabet: Alphabet::Alnum,
        min: 52,
        max: 52,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "xAI key",
        env: "XAI_API_KEY",
        prefix: "xai-",
        alphabet: Alphabet::Alnum,
        min: 70,
        max: 90,
        min_entropy: 4.0,
        marker: None,
    },
    Shape {
        name: "Hugging Face token",
        env: "HF_TOKEN",
        prefix: "hf_",
        alphabet: Alphabet::Alnum,
        min: 34,
        max: 40,
        min_entropy: 3.8,
        marker: None,
    },
    Shape {
        name: "AWS access key id",
        env: "AWS_ACCESS_KEY_ID",
        prefix: "AKIA",
        alphabet: Alphabet::UpperAlnum,
        min: 16,
        max: 16,
        min_entropy: 3.0,
        marker: None,
    },
];

/// The fewest characters any shape has after its prefix.
pub fn shortest_body() -> usize {
    SHAPES.iter().map(|s| s.min).min().unwrap_or(0)
}

/// What every legacy OpenAI key holds (base64 of "OpenAI").
pub const LEGACY_OPENAI_MARKER: &str = "T3BlbkFJ";

/// The words that open a file for the key rule: each shape's marker or
/// prefix, without those another word already finds (`sk-ant-` finds
/// `sk-ant-api03-`). The prefilter searches these.
pub fn trigger_words() -> Vec<&'static str> {
    let words: Vec<&'static str> = SHAPES.iter().map(|s| s.marker.unwrap_or(s.prefix)).collect();
    let mut out: Vec<&'static str> = vec![];
    for w in &words {
        if !words.iter().any(|o| o != w && w.starts_with(o)) && !out.contains(w) {
            out.push(w);
        }
    }
    out
}

/// Whether a word marks where a key may be written: a shape's prefix (or
/// its start), or the legacy OpenAI marker. A file with such a word is worth
/// parsing for keys only when `find` finds one in it.
pub fn marks_key(word: &str) -> bool {
    word == LEGACY_OPENAI_MARKER || SHAPES.iter().any(|s| s.prefix.starts_with(word))
}

/// A key found in a string: its byte range there and its shape.
#[derive(Debug, Clone, Copy)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub shape: &'static Shape,
}

fn entropy(s: &[u8]) -> f64 {
    let mut counts = [0usize; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts.iter().filter(|&&c| c > 0).map(|&c| -(c as f64 / n) * (c as f64 / n).log2()).sum()
}

/// Words that mark a documentation example, not a key (`AKIAIOSFODNN7EXAMPLE`).
const PLACEHOLDER_WORDS: &[&str] =
    &["example", "sample", "dummy", "placeholder", "your", "xxxx", "redacted", "changeme", "fake"];

/// How long a run of consecutive characters (`abcdefgh`, `01234567`) marks a
/// made-up key: in a random key of 40+ characters a run of 8 turns up about
/// once in 10^12 keys.
const MADE_UP_RUN: usize = 8;

fn placeholder(body: &[u8]) -> bool {
    let lower = String::from_utf8_lossy(body).to_ascii_lowercase();
    PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) || made_up(body)
}

/// A body typed by hand for a test or a sample (`sk-ant-api03-ABCDEFGH…`,
/// `0123456789abcdef0123…`): a long run of consecutive characters.
fn made_up(body: &[u8]) -> bool {
    let mut run = 1;
    for w in body.windows(2) {
        run = if w[1] == w[0].wrapping_add(1) { run + 1 } else { 1 };
        if run >= MADE_UP_RUN {
            return true;
        }
    }
    false
}

/// Prefixes this long (`sk-ant-`, `sk-proj-`) mark a key wherever they are:
/// `Bearer%20sk-ant-…` and `key=abcsk-proj-…` hold keys. Shorter ones (`sk-`,
/// `AIza`, `hf_`) turn up inside longer words (`task-…`), so they count only
/// at the start of a word.
const DISTINCT_PREFIX: usize = 7;

/// Whether a key of `shape` may start at `at`: not inside a longer word,
/// unless the prefix is distinct. An escape just before it (`%20`, `\n`,
/// `\x20`, `\u0020`) ends the word before.
fn starts_a_word(bytes: &[u8], at: usize, shape: &Shape) -> bool {
    if at == 0 || !bytes[at - 1].is_ascii_alphanumeric() || shape.prefix.len() >= DISTINCT_PREFIX {
        return true;
    }
    let word = bytes[..at].iter().rev().take(6).take_while(|c| c.is_ascii_alphanumeric()).count();
    at > word && matches!(bytes[at - word - 1], b'%' | b'\\')
}

/// Every key in `s`, in order, not overlapping.
pub fn find(s: &str) -> Vec<Found> {
    let bytes = s.as_bytes();
    let mut out: Vec<Found> = vec![];
    for shape in SHAPES {
        let mut from = 0;
        while let Some(at) = s[from..].find(shape.prefix).map(|i| from + i) {
            from = at + shape.prefix.len();
            if !starts_a_word(bytes, at, shape) {
                continue;
            }
            if out.iter().any(|f| f.start <= at && at < f.end) {
                continue;
            }
            let body_start = at + shape.prefix.len();
            let len = bytes[body_start..].iter().take_while(|&&c| shape.alphabet.allows(c)).count();
            let body = &bytes[body_start..body_start + len];
            // The run must end where the key ends: another key character
            // right after the maximum means this is something longer.
            if len < shape.min || len > shape.max || entropy(body) < shape.min_entropy || placeholder(body) {
                continue;
            }
            out.push(Found { start: at, end: body_start + len, shape });
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// How a key may be shown: its prefix and its last four characters.
pub fn redact(key: &str, shape: &Shape) -> String {
    let tail = &key[key.len().saturating_sub(4)..];
    format!("{}…{tail}", shape.prefix)
}

/// `text` with every key's middle replaced by `*` (same length, so offsets
/// and columns stay put).
pub fn mask(text: &str) -> Cow<'_, str> {
    let found = find(text);
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    for f in found {
        let keep_from = f.end.saturating_sub(4);
        for b in &mut out[f.start + f.shape.prefix.len()..keep_from] {
            *b = b'*';
        }
    }
    Cow::Owned(String::from_utf8(out).expect("keys are ASCII"))
}

/// The source text as llmlint may print it (code frames, diffs): keys
/// masked as by `mask`, and the inside of each string literal whose value
/// holds a key the text does not show whole (`"sk-ant-\x61…"`, or a key
/// split across adjacent literals) masked too. `literals` are the file's
/// string literals: their spans and values. Lengths stay put.
pub fn shown<'a>(text: &'a str, literals: impl Iterator<Item = (Span, &'a str)>) -> Cow<'a, str> {
    let mut out = mask(text);
    for (span, value) in literals {
        let Some(source) = text.get(span.start..span.end) else { continue };
        if find(value).is_empty() || !find(source).is_empty() {
            continue;
        }
        let inner = (span.start + 1)..span.end.saturating_sub(1).max(span.start + 1);
        let mut bytes = std::mem::take(out.to_mut()).into_bytes();
        for b in &mut bytes[inner] {
            if b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'`') {
                *b = b'*';
            }
        }
        out = Cow::Owned(String::from_utf8(bytes).expect("only ASCII bytes were replaced"));
    }
    out
}

/// Make a finding safe to print: keys in its message, help and fix titles
/// masked, and a fix whose edits would write a key (a fix that copies a
/// prompt holding one) withheld, with a word why. Every finding passes
/// here before any output format or the language server sees it.
pub fn scrub(f: &mut Finding) {
    for text in [Some(&mut f.message), f.help.as_mut()].into_iter().flatten() {
        if let Cow::Owned(masked) = mask(text) {
            *text = masked;
        }
    }
    if let Some(fix) = &mut f.fix
        && let Cow::Owned(masked) = mask(&fix.title)
    {
        fix.title = masked;
    }
    if f.fix.as_ref().is_some_and(|fix| fix.edits.iter().any(|e| !find(&e.content).is_empty())) {
        f.fix = None;
        let why = "no fix is offered: it would copy an API key";
        f.help = Some(match f.help.take() {
            Some(h) => format!("{h}\n{why}"),
            None => why.to_string(),
        });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn trigger_words_are_the_shortest_words_that_find_every_shape() {
        assert_eq!(
            trigger_words(),
            [
                "sk-ant-",
                "sk-proj-",
                "sk-svcacct-",
                "sk-admin-",
                "sk-or-v1-",
                "T3BlbkFJ",
                "AIza",
                "gsk_",
                "xai-",
                "hf_",
                "AKIA"
            ]
        );
        assert!(trigger_words().iter().all(|w| marks_key(w)));
    }

    /// A key-shaped string from a seeded generator: not a real key.
    pub(crate) fn fake(prefix: &str, len: usize, alphabet: &[u8]) -> String {
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let body: String = (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                alphabet[(x % alphabet.len() as u64) as usize] as char
            })
            .collect();
        format!("{prefix}{body}")
    }

    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    #[test]
    fn finds_keys_and_not_placeholders() {
        let key = fake("sk-ant-api03-", 95, B64);
        let found = find(&format!("Bearer {key}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].shape.name, "Anthropic API key");
        assert_eq!(found[0].start, 7);
        for placeholder in [
            "sk-ant-...",
            "sk-ant-api03-your-key-here",
            "${ANTHROPIC_API_KEY}",
            "os.environ/ANTHROPIC_API_KEY",
            &format!("sk-ant-api03-{}", "x".repeat(95)),
            &format!("task-{}", fake("", 48, &B64[..62])),
            "AKIAIOSFODNN7EXAMPLE",
            // Typed by hand for a scrubber's self-check: sequences, not keys.
            "my key sk-ant-api03-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFGHIJKLMNOPQRSTUVWXYZabcAA thanks",
            "sk-proj-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert!(find(placeholder).is_empty(), "{placeholder}");
        }
        // A distinct prefix inside a word, and a short one after an escape.
        assert_eq!(find(&format!("Bearer%20{key}")).len(), 1);
        assert_eq!(find(&format!("x=abc{key}")).len(), 1);
        let google = fake("AIza", 35, B64);
        assert_eq!(find(&format!("q=%20{google}&")).len(), 1);
        assert_eq!(find(&format!("\\n{google}")).len(), 1);
        assert!(find(&format!("abcdefg{google}")).is_empty());
        let legacy = fake("sk-", 48, &B64[..62]);
        assert_eq!(find(&legacy)[0].shape.name, "OpenAI key");
    }

    #[test]
    fn shows_only_the_prefix_and_the_last_four() {
        let key = fake("sk-proj-", 120, B64);
        let f = find(&key)[0];
        let shown = redact(&key, f.shape);
        assert!(shown.starts_with("sk-proj-…") && shown.ends_with(&key[key.len() - 4..]));
        let line = format!("k = \"{key}\"");
        let masked = mask(&line);
        assert!(!masked.contains(&key[8..key.len() - 4]));
        assert_eq!(masked.len(), key.len() + 6);
    }

    #[test]
    fn an_escaped_key_is_masked_inside_its_literal_and_a_fix_that_copies_one_is_withheld() {
        let key = fake("sk-ant-api03-", 95, B64);
        let written = format!("{}\\x{:02x}{}", &key[..20], key.as_bytes()[20], &key[21..]);
        let text = format!("KEY = \"{written}\"\nOTHER = \"plain words here\"\n");
        let span = Span::new(6, 6 + written.len() + 2);
        let shown = shown(
            &text,
            [(span, key.as_str()), (Span::new(text.len() - 19, text.len() - 1), "plain words here")].into_iter(),
        );
        assert_eq!(shown.len(), text.len());
        assert!(!shown.contains(&key[30..60]) && shown.contains("\"*****") && shown.contains("plain words here"));

        use crate::base::diagnostic::{Applicability, Category, Edit, Fix, Location, Severity};
        let mut f = Finding {
            rule: "uncached-system-prompt",
            severity: Severity::Warning,
            category: Category::Cost,
            message: format!("prompt {key}"),
            location: Location { file: crate::base::ids::FileId::new(0), span },
            help: None,
            fix: Some(Fix {
                applicability: Applicability::Safe,
                title: "cache it".into(),
                edits: vec![Edit { span, content: format!("[{{\"text\": \"{key}\"}}]") }],
            }),
            cost: None,
        };
        scrub(&mut f);
        assert!(f.fix.is_none() && f.help.unwrap().contains("copy an API key") && !f.message.contains(&key[30..60]));
    }
}
