//! One `path:line:col: severity[rule] message` line per finding (editors'
//! problem matchers, grep).

use crate::engine::Run;
use crate::report::locate;

pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for l in locate(run) {
        let f = l.finding;
        out.push_str(&format!(
            "{}:{}:{}: {}[{}] {}\n",
            l.file.display,
            l.start.line,
            l.start.column,
            f.severity.name(),
            f.rule,
            f.message
        ));
    }
    out
}
