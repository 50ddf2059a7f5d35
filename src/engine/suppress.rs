//! What keeps a finding from being reported: stable fingerprints (for the
//! baseline and SARIF's `partialFingerprints`), inline suppression comments,
//! and the baseline file.

use crate::base::diagnostic::Finding;
use crate::base::language::Comments;
use crate::base::source::SourceFile;

/// FNV-1a, 64 bits: stable across Rust versions and platforms (the std
/// hasher is not), which a fingerprint stored in a file must be.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// One fingerprint per finding, in order: the rule, the file, the text of
/// the finding's line with its indentation trimmed, and which occurrence of
/// that same (rule, file, text) it is. Edits elsewhere in the file that move
/// the line keep the fingerprint; editing the line itself changes it.
pub fn fingerprints(findings: &[Finding], files: &[SourceFile]) -> Vec<String> {
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    // A line is hashed once per rule: a bundle on one line has thousands
    // of findings, and hashing the line for each was quadratic.
    let mut keys: std::collections::HashMap<(&str, usize, usize), u64> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let file = &files[f.location.file];
            let line = file.line_of(f.location.span.start).0 + 1;
            let key = *keys
                .entry((f.rule, f.location.file.index(), line))
                .or_insert_with(|| fnv1a(&[f.rule, &file.display, file.line_text(line).trim()]));
            let n = seen.entry(key).or_default();
            *n += 1;
            format!("{:016x}", fnv1a(&[&format!("{key:016x}"), &n.to_string()]))
        })
        .collect()
}

/// One `llmlint: ignore[...]` or `llmlint: ignore-file[...]` comment.
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    /// The comment text from `llmlint:` to its end.
    pub span: crate::base::source::Span,
    /// The 1-based line of `text` it covers; `None` for the whole file.
    pub line: Option<usize>,
    /// The rule ids it names, each with its span.
    pub rules: Vec<(String, crate::base::source::Span)>,
    /// Why it cannot be read, when it cannot.
    pub malformed: Option<String>,
}

/// The suppression comments of a file whose comments are written as
/// `comments` says (a line comment, `#` or `//`, or a block comment: `/* */`,
/// the only kind JSX allows, or Markdown's `<!-- -->`). A directive at the
/// end of a line covers that line; one alone on its line covers the next
/// (`{/* … */}` in JSX counts as alone).
pub fn directives(text: &str, comments: Comments) -> Vec<Directive> {
    use crate::base::source::Span;
    let mut out = vec![];
    for (i, (line_start, raw)) in crate::base::source::lines_inclusive(text).enumerate() {
        let Some(at) = raw.find("llmlint:") else { continue };
        let line_comment = raw[..at].rfind(comments.line);
        let block = comments.block.and_then(|(open, close)| Some((raw[..at].rfind(open)?, close)));
        let (m, closed_at) = match (line_comment, block) {
            (Some(l), Some((b, _))) if l > b => (l, None),
            (_, Some((b, close))) => (b, raw[at..].find(close).map(|c| at + c)),
            (Some(l), None) => (l, None),
            (None, None) => continue,
        };
        let before = raw[..m].trim();
        let alone = before.is_empty() || (block.is_some_and(|(b, _)| b == m) && before == "{");
        let rest = match closed_at {
            Some(c) => raw[at + "llmlint:".len()..c].trim_end(),
            None => raw[at + "llmlint:".len()..].trim_end_matches(['\n', '\r']),
        };
        let body = rest.trim_start();
        let body_at = line_start + at + "llmlint:".len() + (rest.len() - body.len());
        let end = line_start + at + "llmlint:".len() + rest.len();
        let (file_wide, after) = if let Some(a) = body.strip_prefix("ignore-file") {
            (true, a)
        } else if let Some(a) = body.strip_prefix("ignore") {
            (false, a)
        } else {
            continue;
        };
        let line = if file_wide {
            None
        } else if alone {
            Some(i + 2)
        } else {
            Some(i + 1)
        };
        let mut d = Directive { span: Span::new(line_start + at, end), line, rules: vec![], malformed: None };
        let open_at = body.len() - after.len();
        match (after.strip_prefix('['), after.find(']')) {
            (Some(inner), Some(close)) => {
                let list = &inner[..close - 1];
                let mut pos = body_at + open_at + 1;
                for part in list.split(',') {
                    let id = part.trim();
                    if !id.is_empty() {
                        let start = pos + (part.len() - part.trim_start().len());
                        d.rules.push((id.to_string(), Span::new(start, start + id.len())));
                    }
                    pos += part.len() + 1;
                }
                if d.rules.is_empty() {
                    d.malformed = Some("names no rule: write `llmlint: ignore[rule-id]`".into());
                }
            }
            _ => d.malformed = Some("needs the rule ids in brackets: `llmlint: ignore[rule-id, …]`".into()),
        }
        out.push(d);
    }
    out
}

/// The baseline file: the fingerprints of the findings a repository
/// accepted when it adopted llmlint.
#[derive(serde::Serialize, serde::Deserialize, Debug, Default)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaselineEntry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
    /// For people reading the file; not compared.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl Baseline {
    pub fn of(findings: &[Finding], files: &[SourceFile]) -> Baseline {
        let prints = fingerprints(findings, files);
        Baseline {
            version: 1,
            findings: findings
                .iter()
                .zip(prints)
                .map(|(f, fingerprint)| BaselineEntry {
                    rule: f.rule.to_string(),
                    path: files[f.location.file].display.clone(),
                    fingerprint,
                    message: f.message.clone(),
                })
                .collect(),
        }
    }

    pub fn read(path: &std::path::Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let b: Baseline =
            serde_json::from_str(&text).map_err(|e| format!("{}: not a baseline file: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!("{}: baseline version {} is not supported", path.display(), b.version));
        }
        Ok(b)
    }

    /// Keep the findings the baseline does not hold (each entry accounts for
    /// one finding).
    pub fn filter(&self, findings: Vec<Finding>, files: &[SourceFile]) -> Vec<Finding> {
        let prints = fingerprints(&findings, files);
        let mut known: std::collections::HashMap<(String, String, String), usize> = std::collections::HashMap::new();
        for e in &self.findings {
            *known.entry((e.rule.clone(), e.path.clone(), e.fingerprint.clone())).or_default() += 1;
        }
        findings
            .into_iter()
            .zip(prints)
            .filter(|(f, print)| {
                let key = (f.rule.to_string(), files[f.location.file].display.clone(), print.clone());
                match known.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            })
            .map(|(f, _)| f)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::language::Language;

    #[test]
    fn directives_at_the_end_of_a_line_or_alone_above() {
        let text = "a = 1  # llmlint: ignore[huge-max-tokens, deprecated-model]\n# llmlint: ignore[unbounded-retry]\nb = 2\n// llmlint: ignore-file[batchable-loop]\nx # llmlint: ignore\n";
        let d = directives(text, Language::Python.comments());
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].line, Some(1));
        assert_eq!(
            d[0].rules.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
            ["huge-max-tokens", "deprecated-model"]
        );
        assert_eq!(&text[d[0].rules[1].1.start..d[0].rules[1].1.end], "deprecated-model");
        assert_eq!(d[1].line, Some(3));
        assert!(d[2].malformed.is_some());
        let js = directives(text, Language::JavaScript.comments());
        assert_eq!(js.len(), 1);
        assert_eq!(js[0].line, None);
    }

    #[test]
    fn block_comments_in_code_and_in_jsx() {
        let text = "const a = f(); /* llmlint: ignore[huge-max-tokens] */
    {/* llmlint: ignore[deprecated-model] */}
    <Chat model=\"x\" />
/* llmlint: ignore */
let s = \"/* not */\"; // llmlint: ignore[batchable-loop]
";
        let d = directives(text, Language::Tsx.comments());
        assert_eq!(d.len(), 4, "{d:?}");
        assert_eq!((d[0].line, d[0].rules[0].0.as_str()), (Some(1), "huge-max-tokens"));
        // The directive ends where the comment does.
        assert_eq!(&text[d[0].span.start..d[0].span.end], "llmlint: ignore[huge-max-tokens]");
        assert_eq!(
            (d[1].line, d[1].rules[0].0.as_str()),
            (Some(3), "deprecated-model"),
            "alone in its braces: the next line"
        );
        assert!(d[2].malformed.is_some());
        assert_eq!((d[3].line, d[3].rules[0].0.as_str()), (Some(5), "batchable-loop"), "the later `//` comment");
        // Python has no block comments.
        assert!(directives("x = 1  /* llmlint: ignore[huge-max-tokens] */\n", Language::Python.comments()).is_empty());
        // Markdown's comments, and a shell line's, in text files.
        let md = "<!-- llmlint: ignore[hardcoded-api-key] -->\nexport KEY=x  # llmlint: ignore[hardcoded-api-key]\n";
        let d = directives(md, Language::Text.comments());
        assert_eq!((d[0].line, d[1].line), (Some(2), Some(2)));
        assert_eq!(&md[d[0].span.start..d[0].span.end], "llmlint: ignore[hardcoded-api-key]");
    }
}
