//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: the rules
//! with their docs, results with repository-relative URIs and regions,
//! `fixes` where a fix has edits, and stable `partialFingerprints`.

use serde_json::{Value, json};

use crate::base::diagnostic::Severity;
use crate::engine::Run;
use crate::engine::suppress::fingerprints;
use crate::report::locate;
use crate::rules;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as code scanning wants it: relative to the repository root (the
/// nearest enclosing `.git`), with `/`; outside a repository, as reported.
/// Percent-encoded: a URI reference, not a file name.
fn uri(path: &std::path::Path, display: &str) -> String {
    crate::base::text::uri_path(&relative(path, display))
}

fn relative(path: &std::path::Path, display: &str) -> String {
    let abs = std::fs::canonicalize(path).ok();
    let root = std::env::current_dir()
        .ok()
        .and_then(|d| d.ancestors().find(|a| a.join(".git").exists()).map(|a| a.to_path_buf()));
    match (abs, root.and_then(|r| std::fs::canonicalize(r).ok())) {
        (Some(abs), Some(root)) => match abs.strip_prefix(&root) {
            Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
            Err(_) => display.to_string(),
        },
        _ => display.to_string(),
    }
}

pub fn render(run: &Run) -> String {
    let all = rules::all();
    let driver_rules: Vec<Value> = all
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.meta.summary},
                "fullDescription": {"text": rules::doc_section(&r.meta.docs, "What it does")},
                // The docs' examples are fake keys by construction; a log still must not show one.
                "help": {"text": rules::doc_section(&r.meta.docs, "Why is this bad?"), "markdown": crate::knowledge::secrets::mask(&r.meta.docs)},
                "defaultConfiguration": {"level": level(r.meta.severity)},
                "properties": {"tags": [r.meta.category.name()], "category": r.meta.category.name()},
            })
        })
        .collect();
    let prints = fingerprints(&run.findings, &run.project.files);
    let results: Vec<Value> = locate(run)
        .into_iter()
        .zip(prints)
        .map(|(l, print)| {
            let f = l.finding;
            let artifact = json!({"uri": uri(&l.file.path, &l.file.display)});
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": all.iter().position(|r| r.id == f.rule).unwrap_or(0),
                "level": level(f.severity),
                "message": {"text": f.message_with_help()},
                "locations": [{"physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": l.start.line, "startColumn": l.start.column,
                        "endLine": l.end.line, "endColumn": l.end.column,
                    },
                }}],
                "partialFingerprints": {"llmlint/v1": print},
            });
            if let Some(fix) = f.fix.as_ref().filter(|x| !x.edits.is_empty()) {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let (s, t) = (l.file.position(e.span.start), l.file.position(e.span.end));
                        json!({
                            "deletedRegion": {"startLine": s.line, "startColumn": s.column, "endLine": t.line, "endColumn": t.column},
                            "insertedContent": {"text": l.file.on_disk(&e.content)},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": format!("{} ({})", fix.title, fix.applicability.name())},
                    "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
                }]);
            }
            if let Some(cost) = &f.cost {
                result["properties"] = json!({"cost": cost});
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "llmlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).expect("serialisable") + "\n"
}
