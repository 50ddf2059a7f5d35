//! Every output format over the shared acceptance cases, as insta snapshots;
//! SARIF checked against the official 2.1.0 schema; GitHub's escaping.
//!
//! The first two need `../shared/` beside the checkout. They are ignored by
//! a plain `cargo test` (which says "2 ignored" rather than passing them
//! unrun) and run by `.ci/run` with `--ignored`, where a missing
//! `../shared` fails them.

use crate::common;

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use llmlint::report::{self, Format, RenderOptions};

const ACCEPTANCE: &str = "../shared/acceptance";

fn acceptance_run() -> llmlint::engine::Run {
    assert!(Path::new(ACCEPTANCE).is_dir(), "{ACCEPTANCE} not found: this test needs ../shared beside the checkout");
    common::lint(&[PathBuf::from(ACCEPTANCE)], &[])
}

/// Output with the run's timing taken out, so snapshots are stable.
fn stable(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match (line.find("\"elapsed_ms\": "), line.find(" time=\"")) {
            (Some(i), _) => format!("{}\"elapsed_ms\": 0", &line[..i]),
            (_, Some(i)) => {
                let end = line[i + 7..].find('"').map(|j| i + 7 + j + 1).unwrap_or(line.len());
                format!("{} time=\"0\"{}", &line[..i], &line[end..])
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
#[ignore = "needs ../shared beside the checkout; .ci/run runs it"]
fn every_format_over_the_acceptance_cases() {
    let run = acceptance_run();
    for format in Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let text = report::render(
            *format,
            &run,
            &RenderOptions { color: false, width: 100, fail_on: llmlint::base::diagnostic::Severity::Warning },
        );
        insta::assert_snapshot!(format!("acceptance_{name}"), stable(&text));
    }
}

#[test]
#[ignore = "needs ../shared beside the checkout; .ci/run runs it"]
fn sarif_validates_against_the_schema() {
    let run = acceptance_run();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("../shared/schemas/sarif-2.1.0.json").unwrap()).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    // Over the acceptance cases, and over every fixture (fixes included).
    let fixtures = common::lint(&[PathBuf::from("fixtures")], &[]);
    for run in [&run, &fixtures] {
        let sarif: serde_json::Value = serde_json::from_str(&report::sarif::render(run)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), run.findings.len());
        assert!(results.iter().any(|r| r["fixes"].is_array()) || run.findings.iter().all(|f| f.fix.is_none()));
    }
}

#[test]
fn github_commands_escape_messages_and_properties() {
    use llmlint::report::github::{escape_data, escape_property};
    assert_eq!(escape_data("50% off: a,b\nnext\r"), "50%25 off: a,b%0Anext%0D");
    assert_eq!(escape_property("50% off: a,b\nnext"), "50%25 off%3A a%2Cb%0Anext");
    // Through the renderer: a file name with `:` and `,`, a message with all four.
    let dir = std::env::temp_dir().join(format!("llmlint-gh-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("a:b,c.py");
    std::fs::write(&path, "import anthropic\nc = anthropic.Anthropic()\nc.messages.create(model=\"claude-opus-4-7\", max_tokens=64000, messages=[])\n").unwrap();
    let mut run = common::lint(&[path], &["huge-max-tokens"]);
    run.findings[0].message = "100% sure: a, b\nsecond line".into();
    let out = report::github::render(&run);
    let line = out.lines().next().unwrap();
    assert!(line.starts_with("::warning file="), "{line}");
    assert!(line.contains("a%3Ab%2Cc.py,line=3,col="), "{line}");
    assert!(line.ends_with("::100%25 sure: a, b%0Asecond line%0Alower max_tokens to what the task needs (threshold 16,384); a long answer should stream"), "{line}");
    std::fs::remove_dir_all(&dir).ok();
}
