//! GitHub Actions workflow commands: one `::error …::message` line per
//! finding, which GitHub shows as an annotation on the pull request.

use crate::base::diagnostic::Severity;
use crate::engine::Run;
use crate::report::locate;

/// Escaping of a command's message (GitHub's `escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escaping of a command's property values (GitHub's `escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for l in locate(run) {
        let f = l.finding;
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let message = f.message_with_help();
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&l.name),
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            escape_property(&format!("llmlint {}", f.rule)),
            escape_data(&message)
        ));
    }
    out
}
