//! JUnit XML, for CI systems that show test reports: one test suite per
//! file, one test case per (file, rule) that failed with every finding of
//! that rule in it.

use std::collections::BTreeMap;

use crate::engine::Run;
use crate::report::locate;

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

pub fn render(run: &Run) -> String {
    let mut by_file: BTreeMap<String, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for l in locate(run) {
        by_file
            .entry(l.name.to_string())
            .or_default()
            .entry(l.finding.rule)
            .or_default()
            .push(super::concise::line(&l));
    }
    let cases: usize = by_file.values().map(BTreeMap::len).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"llmlint\" tests=\"{cases}\" failures=\"{cases}\" errors=\"0\" time=\"{:.3}\">\n",
        run.elapsed_ms as f64 / 1000.0
    ));
    for (file, rules) in &by_file {
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            xml(file),
            rules.len(),
            rules.len()
        ));
        for (rule, lines) in rules {
            let n = lines.len();
            out.push_str(&format!("    <testcase name=\"{}\" classname=\"{}\">\n", xml(rule), xml(file)));
            out.push_str(&format!(
                "      <failure message=\"{n} finding{} of {}\" type=\"{}\">{}</failure>\n",
                if n == 1 { "" } else { "s" },
                xml(rule),
                xml(rule),
                xml(&lines.join("\n"))
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
