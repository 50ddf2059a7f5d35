//! One `path:line:col: severity[rule] message` line per finding (editors'
//! problem matchers, grep).

use crate::engine::Run;
use crate::report::{Located, locate};

/// A finding `--fix` fixes is marked `[*]` before its message, as ruff
/// marks them.
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for l in locate(run) {
        let text = line(&l);
        match super::fixable(l.finding) {
            Some(crate::base::diagnostic::Applicability::Safe) => {
                let at = text.find("] ").map_or(text.len(), |i| i + 2);
                out.push_str(&format!("{}[*] {}", &text[..at], &text[at..]));
            }
            _ => out.push_str(&text),
        }
        out.push('\n');
    }
    out
}

/// `path:line:col: severity[rule] message` (also the JUnit failure text).
pub fn line(l: &Located) -> String {
    let f = l.finding;
    format!("{}:{}:{}: {}[{}] {}", l.name, l.start.line, l.start.column, f.severity.name(), f.rule, f.message)
}
