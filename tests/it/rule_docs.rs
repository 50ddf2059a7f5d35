//! Every rule's docs have the fixed headings in order; every Example fires the
//! rule and every Use instead does not (STYLE.md).

use crate::common;

use std::path::PathBuf;

use llmlint::base::language::Language;
use llmlint::rules::{self, DOC_HEADINGS};

/// The fenced code blocks of one `## Heading` section: (extension, code).
fn blocks(docs: &str, heading: &str) -> Vec<(&'static str, String)> {
    let start = docs.find(&format!("## {heading}\n")).expect("heading present");
    let body = &docs[start + heading.len() + 4..];
    let body = &body[..body.find("\n## ").unwrap_or(body.len())];
    let mut out = vec![];
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        if let Some(tag) = line.strip_prefix("```") {
            let code: Vec<&str> = lines.by_ref().take_while(|l| !l.starts_with("```")).collect();
            if let Some(ext) = Language::from_fence(tag.trim()) {
                out.push((ext, code.join("\n") + "\n"));
            }
        }
    }
    out
}

fn fires(rule: &str, ext: &str, code: &str, n: usize) -> usize {
    let dir = std::env::temp_dir().join(format!("llmlint-docs-{}-{rule}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(format!("example.{ext}"));
    std::fs::write(&path, code).unwrap();
    let run = common::lint(&[path], &[rule]);
    std::fs::remove_dir_all(&dir).ok();
    run.findings.len()
}

#[test]
fn docs_have_the_fixed_headings_in_order() {
    for rule in rules::all() {
        let mut at = 0;
        for h in DOC_HEADINGS {
            let needle = format!("## {h}\n");
            let pos = rule.meta.docs[at..]
                .find(&needle)
                .unwrap_or_else(|| panic!("{}: `## {h}` missing or out of order", rule.id));
            at += pos + needle.len();
        }
    }
}

#[test]
fn examples_fire_and_use_instead_does_not() {
    for rule in rules::all() {
        let examples = blocks(&rule.meta.docs, "Example");
        assert!(!examples.is_empty(), "{}: Example has no code block", rule.id);
        for (i, (ext, code)) in examples.iter().enumerate() {
            assert!(fires(rule.id, ext, code, i) > 0, "{}: Example {i} does not fire:\n{code}", rule.id);
        }
        let instead = blocks(&rule.meta.docs, "Use instead");
        assert!(!instead.is_empty(), "{}: Use instead has no code block", rule.id);
        for (i, (ext, code)) in instead.iter().enumerate() {
            assert_eq!(fires(rule.id, ext, code, 100 + i), 0, "{}: Use instead {i} fires:\n{code}", rule.id);
        }
    }
}
