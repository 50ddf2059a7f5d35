//! One `path:line:col: severity[rule] message` line per finding (editors'
//! problem matchers, grep).

use crate::engine::Run;
use crate::report::{Located, locate};

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for l in locate(run) {
        out.push_str(&line(&l));
        out.push('\n');
    }
    out
}

/// `path:line:col: severity[rule] message` (also the JUnit failure text).
pub fn line(l: &Located) -> String {
    let f = l.finding;
    format!("{}:{}:{}: {}[{}] {}", l.name, l.start.line, l.start.column, f.severity.name(), f.rule, f.message)
}
