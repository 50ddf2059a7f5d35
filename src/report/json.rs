//! The JSON output, version 1: the machine contract of DESIGN.md. Adding
//! fields is allowed; changing these is a breaking change.

use serde::Serialize;

use crate::base::cost::Cost;
use crate::base::diagnostic::Severity;
use crate::engine::Run;
use crate::report::{count, locate};

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'static str,
    category: &'static str,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    fix: Option<JsonFix<'a>>,
    cost: Option<&'a Cost>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: usize,
    files_parsed: usize,
    findings: usize,
    by_severity: BySeverity,
    elapsed_ms: u128,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
}

pub fn render(run: &Run) -> String {
    let findings = locate(run)
        .into_iter()
        .map(|l| {
            let f = l.finding;
            JsonFinding {
                rule: f.rule,
                severity: f.severity.name(),
                category: f.category.name(),
                message: &f.message,
                path: &l.file.display,
                line: l.start.line,
                column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
                help: f.help.as_deref(),
                fix: f.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability.name(),
                    title: &fix.title,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let (s, t) = (l.file.position(e.span.start), l.file.position(e.span.end));
                            JsonEdit {
                                line: s.line,
                                column: s.column,
                                end_line: t.line,
                                end_column: t.column,
                                content: l.file.on_disk(&e.content),
                            }
                        })
                        .collect(),
                }),
                cost: f.cost.as_ref(),
            }
        })
        .collect();
    let doc = Doc {
        version: 1,
        tool: Tool { name: "llmlint", version: env!("CARGO_PKG_VERSION") },
        findings,
        summary: Summary {
            files_scanned: run.files_scanned,
            files_parsed: run.files_parsed,
            findings: run.findings.len(),
            by_severity: BySeverity {
                error: count(run, Severity::Error),
                warning: count(run, Severity::Warning),
                info: count(run, Severity::Info),
            },
            elapsed_ms: run.elapsed_ms,
        },
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("findings serialise");
    s.push('\n');
    s
}
