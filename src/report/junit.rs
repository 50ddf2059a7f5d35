//! JUnit XML, for CI systems that show test reports: one test suite per
//! file checked, one test case per rule that reported in it (every finding of
//! that rule in it), and a passing `llmlint` case for a file with none. A
//! case fails when a finding in it is at or above `--fail-on`; findings
//! below are the case's output, as a test's log is.

use std::collections::BTreeMap;

use crate::engine::Run;
use crate::report::{RenderOptions, locate};
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

pub fn render(run: &Run, options: &RenderOptions) -> String {
    // file → rule → (fails, lines)
    let mut by_file: BTreeMap<String, BTreeMap<&str, (bool, Vec<String>)>> = BTreeMap::new();
    for file in &run.project.files[..run.given.min(run.project.files.len())] {
        by_file.entry(crate::base::text::printable(&file.display).into_owned()).or_default();
    }
    for l in locate(run) {
        let case = by_file.entry(l.name.to_string()).or_default().entry(l.finding.rule).or_default();
        case.0 |= l.finding.severity >= options.fail_on;
        case.1.push(super::concise::line(&l));
    }
    let tests: usize = by_file.values().map(|rules| rules.len().max(1)).sum();
    let failed = |rules: &BTreeMap<&str, (bool, Vec<String>)>| rules.values().filter(|(fails, _)| *fails).count();
    let failures: usize = by_file.values().map(failed).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"llmlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" time=\"{:.3}\">\n",
        run.elapsed_ms as f64 / 1000.0
    ));
    for (file, rules) in &by_file {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            xml(file),
            rules.len().max(1),
            failed(rules)
        ));
        if rules.is_empty() {
            out.push_str(&format!("    <testcase name=\"llmlint\" classname=\"{}\"/>\n", xml(file)));
        }
        for (rule, (fails, lines)) in rules {
            let n = lines.len();
            out.push_str(&format!("    <testcase name=\"{}\" classname=\"{}\">\n", xml(rule), xml(file)));
            match fails {
                true => out.push_str(&format!(
                    "      <failure message=\"{} of {}\" type=\"{}\">{}</failure>\n",
                    crate::base::text::plural(n, "finding"),
                    xml(rule),
                    xml(rule),
                    xml(&lines.join("\n"))
                )),
                false => out.push_str(&format!("      <system-out>{}</system-out>\n", xml(&lines.join("\n")))),
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
