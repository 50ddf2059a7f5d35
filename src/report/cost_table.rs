//! Renderers for `llmlint cost`: a human table, JSON, and a Markdown table
//! for a pull-request comment or `$GITHUB_STEP_SUMMARY`. Unknown figures
//! print as `unknown`, never as zero.

use crate::base::cost::{thousands, usd};

/// Dollars with four decimals under a dollar (a call's cost is often cents).
fn usd_fine(x: f64) -> String {
    if x.abs() < 1.0 { format!("${x:.4}") } else { usd(x) }
}
use crate::report::estimate::{Row, Table};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CostFormat {
    Human,
    Json,
    Markdown,
}

/// The table in `format`; the human table fits `width` columns (a
/// terminal's; `None`: a pipe, nothing to fit): wider, each call site is a
/// block of its own instead of a row.
pub fn render(format: CostFormat, table: &Table, width: Option<usize>) -> String {
    match format {
        CostFormat::Json => {
            let doc = serde_json::json!({
                "version": 1,
                "tool": {"name": "llmlint", "version": env!("CARGO_PKG_VERSION")},
                "call_sites": table.rows,
                "total": table.total,
                "assumptions": {
                    "typical_output_tokens": table.typical_output_tokens,
                    "prices_as_of": table.prices_as_of,
                    "prompt_tokens": table.token_assumptions,
                },
            });
            serde_json::to_string_pretty(&doc).expect("serialisable") + "\n"
        }
        CostFormat::Human => {
            let wide = grid(table, false);
            match width {
                Some(w) if wide.lines().any(|l| l.chars().count() > w) => stacked(table, w),
                _ => wide,
            }
        }
        CostFormat::Markdown => grid(table, true),
    }
}

const HEADER: [&str; 10] = [
    "location",
    "model",
    "max out",
    "input tok",
    "cached",
    "$/call typical",
    "$/call worst",
    "$/1k typical",
    "$/1k worst",
    "open findings (saving per call)",
];

fn money(x: Option<f64>) -> String {
    x.map(usd_fine).unwrap_or_else(|| "unknown".into())
}

fn cells(r: &Row) -> [String; 10] {
    let tokens = |t: Option<u64>| t.map(|n| thousands(n as i64)).unwrap_or_else(|| "unknown".into());
    let input = match (r.input_tokens, r.input_partial) {
        (Some(n), true) => format!("{}+", thousands(n as i64)),
        (t, _) => tokens(t),
    };
    let max_out = match (r.max_output_tokens, r.worst_output_tokens) {
        (Some(n), _) => thousands(n as i64),
        (None, Some(n)) => format!("unset ({} max)", thousands(n as i64)),
        (None, None) => "unknown".into(),
    };
    let findings = r
        .findings
        .iter()
        .map(|f| match f.usd_per_call {
            Some(x) => format!("{} ({})", f.rule, usd_fine(x)),
            None => f.rule.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    [
        format!("{}:{}:{}", r.path, r.line, r.column),
        r.model.clone().unwrap_or_else(|| "unknown".into()),
        max_out,
        input,
        r.cached.to_string(),
        money(r.usd_per_call_typical),
        money(r.usd_per_call_worst),
        money(r.usd_per_1k_calls_typical),
        money(r.usd_per_1k_calls_worst),
        findings,
    ]
}

fn total_label(table: &Table) -> String {
    let t = &table.total;
    let unknown = if t.unknown > 0 { format!(" ({} unknown)", t.unknown) } else { String::new() };
    format!("total: {}{unknown}", crate::base::text::plural(t.call_sites, "call site"))
}

/// What the figures assume, under the table.
fn note(table: &Table) -> String {
    let tokens = match table.token_assumptions.as_slice() {
        [] => String::new(),
        list => format!("; prompt tokens estimated at {}", list.join(", ")),
    };
    format!(
        "typical output: {} tokens (capped by max out); input counts only the prompt text the code shows \
         (`+`: more at run time){tokens}; prices as of {}",
        table.typical_output_tokens, table.prices_as_of
    )
}

/// The human table for a narrow terminal: a block per call site, its
/// figures labelled, every line within `width` (wrapped at spaces).
fn stacked(table: &Table, width: usize) -> String {
    let wrap = |text: String| crate::report::human::wrap(&text, width, 4);
    let mut out = String::new();
    for r in &table.rows {
        let [location, model, max_out, input, cached, typical, worst, k_typical, k_worst, findings] = cells(r);
        out.push_str(&wrap(location));
        out.push_str(&wrap(format!("  model {model}, max out {max_out}, input tok {input}, cached {cached}")));
        out.push_str(&wrap(format!(
            "  $/call {typical} typical, {worst} worst; $/1k {k_typical} typical, {k_worst} worst"
        )));
        if !findings.is_empty() {
            out.push_str(&wrap(format!("  open findings (saving per call): {findings}")));
        }
    }
    let t = &table.total;
    out.push_str(&wrap(format!(
        "{}: $/call {} typical, {} worst; $/1k {} typical, {} worst",
        total_label(table),
        usd_fine(t.usd_per_call_typical),
        usd_fine(t.usd_per_call_worst),
        usd(t.usd_per_1k_calls_typical),
        usd(t.usd_per_1k_calls_worst)
    )));
    out.push('\n');
    out.push_str(&crate::report::human::wrap(&note(table), width, 0));
    out
}

fn grid(table: &Table, markdown: bool) -> String {
    let mut rows: Vec<[String; 10]> = table.rows.iter().map(cells).collect();
    let t = &table.total;
    rows.push([
        total_label(table),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        usd_fine(t.usd_per_call_typical),
        usd_fine(t.usd_per_call_worst),
        usd(t.usd_per_1k_calls_typical),
        usd(t.usd_per_1k_calls_worst),
        String::new(),
    ]);
    let note = note(table);
    let mut out = String::new();
    if markdown {
        let esc = |s: &str| s.replace('|', "\\|");
        out.push_str(&format!("| {} |\n", HEADER.join(" | ")));
        out.push_str(&format!(
            "|{}\n",
            HEADER
                .iter()
                .enumerate()
                .map(|(i, _)| if (5..9).contains(&i) { "---:|" } else { "---|" })
                .collect::<String>()
        ));
        for r in &rows {
            out.push_str(&format!("| {} |\n", r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")));
        }
        out.push_str(&format!("\n_{note}_\n"));
        return out;
    }
    let widths: Vec<usize> = (0..HEADER.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([HEADER[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            if (5..9).contains(&i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < cells.len() {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string() + "\n"
    };
    out.push_str(&line(&HEADER.map(String::from)));
    for r in &rows {
        out.push_str(&line(r));
    }
    out.push_str(&format!("\n{note}\n"));
    out
}
