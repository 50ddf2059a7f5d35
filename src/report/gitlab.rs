//! GitLab's Code Quality report (a JSON array of issues).

use serde_json::{Value, json};

use crate::base::diagnostic::Severity;
use crate::engine::Run;
use crate::engine::suppress::fingerprints;
use crate::report::locate;

pub fn render(run: &Run) -> String {
    let prints = fingerprints(&run.findings, &run.project.files);
    let issues: Vec<Value> = locate(run)
        .into_iter()
        .zip(prints)
        .map(|(l, print)| {
            let f = l.finding;
            json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": print,
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "categories": [match f.category.name() {
                    "security" => "Security",
                    "cost" => "Performance",
                    _ => "Bug Risk",
                }],
                "location": {"path": l.file.display, "lines": {"begin": l.start.line, "end": l.end.line}},
            })
        })
        .collect();
    serde_json::to_string_pretty(&issues).expect("serialisable") + "\n"
}
