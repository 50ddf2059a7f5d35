//! `llmlint rules`: the rule table, or JSON.

use std::process::ExitCode;

use serde::Serialize;

use crate::cli::{RulesArgs, RulesFormat};
use crate::rules;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    category: &'static str,
    severity: &'static str,
    fixable: &'static str,
    summary: &'a str,
    languages: &'a [String],
}

pub fn table() -> Vec<[String; 5]> {
    rules::all()
        .iter()
        .map(|r| {
            [
                r.id.to_string(),
                r.meta.category.name().to_string(),
                r.meta.severity.name().to_string(),
                fixable(r).to_string(),
                r.meta.summary.clone(),
            ]
        })
        .collect()
}

fn fixable(r: &rules::Registered) -> &'static str {
    match r.meta.fix.as_ref().map(|f| f.safety) {
        Some(crate::diagnostic::Applicability::Safe) => "safe",
        Some(crate::diagnostic::Applicability::Unsafe) => "unsafe",
        _ => "no",
    }
}

pub fn run(args: RulesArgs) -> ExitCode {
    match args.format {
        RulesFormat::Json => {
            let rows: Vec<Row> = rules::all()
                .iter()
                .map(|r| Row {
                    id: r.id,
                    category: r.meta.category.name(),
                    severity: r.meta.severity.name(),
                    fixable: fixable(r),
                    summary: &r.meta.summary,
                    languages: &r.meta.languages,
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows).expect("rules serialise"));
        }
        RulesFormat::Table => {
            let header = ["id", "category", "severity", "fixable", "summary"].map(String::from);
            let rows = table();
            let mut widths = [0usize; 4];
            for row in std::iter::once(&header).chain(&rows) {
                for (w, cell) in widths.iter_mut().zip(row.iter()) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            for row in std::iter::once(&header).chain(&rows) {
                println!(
                    "{:w0$}  {:w1$}  {:w2$}  {:w3$}  {}",
                    row[0],
                    row[1],
                    row[2],
                    row[3],
                    row[4],
                    w0 = widths[0],
                    w1 = widths[1],
                    w2 = widths[2],
                    w3 = widths[3]
                );
            }
        }
    }
    ExitCode::SUCCESS
}
