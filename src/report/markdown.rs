//! A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
//! counts, then one table row per finding with its cost.

use crate::base::cost::usd;
use crate::base::diagnostic::Severity;
use crate::engine::Run;
use crate::report::{count, locate};

fn cell(s: &str) -> String {
    crate::base::text::printable(s).replace('|', "\\|")
}

/// `s` as inline code: fenced by more backticks than any run inside it,
/// padded when it starts or ends with one (CommonMark), its pipes escaped
/// (GitHub's tables split cells on them even inside code).
fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{}{pad}{fence}", cell(s))
}

use crate::base::text::plural;

pub fn render(run: &Run) -> String {
    let (e, w, i) = (count(run, Severity::Error), count(run, Severity::Warning), count(run, Severity::Info));
    let mut out = String::from("## llmlint\n\n");
    if run.findings.is_empty() {
        out.push_str(&format!("No findings in {}.\n", plural(run.files_scanned, "file")));
        return out;
    }
    let (n, noun) = (run.findings.len(), if run.findings.len() == 1 { "finding" } else { "findings" });
    out.push_str(&format!(
        "**{n}** {noun}: {}, {}, {i} info, in {}.\n\n",
        plural(e, "error"),
        plural(w, "warning"),
        plural(run.files_scanned, "file")
    ));
    out.push_str("| severity | rule | location | message | cost per call | per 1,000 calls |\n");
    out.push_str("|---|---|---|---|---:|---:|\n");
    for l in locate(run) {
        let f = l.finding;
        let (per_call, per_1k) = match &f.cost {
            Some(c) => (usd(c.usd_per_call), usd(c.usd_per_1k_calls)),
            None => (String::new(), String::new()),
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {per_call} | {per_1k} |\n",
            f.severity.name(),
            f.rule,
            code(&format!("{}:{}", l.file.display, l.start.line)),
            cell(&f.message)
        ));
    }
    out
}
