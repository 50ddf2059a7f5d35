//! The fixture runner: every `fixtures/<rule-id>/` folder is linted with every
//! rule; a marker without a finding and a finding without a marker both fail,
//! and `[cost=X]` must match the finding's cost per call to the cent (and
//! within 1% below a dollar).
//! Each folder's human output is an insta snapshot.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Expect, expectations, found, lint};
use llmlint::base::paths::normalize;
use llmlint::report::{self, Format, RenderOptions};

fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("fixtures/ exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn check_dir(dir: &Path) -> Vec<String> {
    let run = lint(&[dir.to_path_buf()], &[]);
    let mut expected: Vec<Expect> = expectations(dir)
        .into_iter()
        .map(|mut e| {
            e.path = normalize(&e.path).into_owned();
            e
        })
        .collect();
    let mut problems = vec![];
    for f in found(&run) {
        match expected.iter().position(|e| e.path == f.path && e.line == f.line && e.rule == f.rule) {
            Some(i) => {
                let e = expected.remove(i);
                match (e.cost, f.cost) {
                    // To the cent, within 1% below a dollar, and to the
                    // millionth of a dollar costs are rounded to.
                    (Some(want), Some(got)) if (want - got).abs() > (want * 0.01).clamp(0.000_001, 0.005) => problems
                        .push(format!("{}:{} {}: cost {got}, expected {want}", f.path.display(), f.line, f.rule)),
                    (Some(want), None) => {
                        problems.push(format!("{}:{} {}: no cost, expected {want}", f.path.display(), f.line, f.rule))
                    }
                    // A priced finding's figure is checked against a hand computation.
                    (None, Some(got)) => problems.push(format!(
                        "{}:{} {}: costs {got} a call; mark it `[cost=…]` beside the computation",
                        f.path.display(),
                        f.line,
                        f.rule
                    )),
                    _ => {}
                }
            }
            None => problems.push(format!("unexpected finding {}:{} {}", f.path.display(), f.line, f.rule)),
        }
    }
    for e in expected {
        problems.push(format!("missing finding {}:{} {}", e.path.display(), e.line, e.rule));
    }
    problems
}

#[test]
fn every_rule_has_a_fixture_folder_with_a_marker() {
    for rule in llmlint::rules::all() {
        let dir = Path::new("fixtures").join(rule.id);
        assert!(dir.is_dir(), "fixtures/{} is missing", rule.id);
        assert!(
            expectations(&dir).iter().any(|e| e.rule == rule.id),
            "fixtures/{} has no `expect: {}` marker",
            rule.id,
            rule.id
        );
    }
}

#[test]
fn fixtures_match_their_markers() {
    let mut problems = vec![];
    for dir in fixture_dirs() {
        problems.extend(check_dir(&dir));
    }
    assert!(problems.is_empty(), "fixture mismatches:\n{}", problems.join("\n"));
}

#[test]
fn fixture_human_output() {
    for dir in fixture_dirs() {
        let run = lint(std::slice::from_ref(&dir), &[]);
        let text = report::render(
            Format::Human,
            &run,
            &RenderOptions { color: false, width: 100, fail_on: llmlint::base::diagnostic::Severity::Warning },
        );
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, text);
    }
}
