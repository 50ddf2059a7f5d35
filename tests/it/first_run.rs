//! Issue 22: what a new user hits on a first run, each as it was found.

use std::path::Path;
use std::process::Output;

use crate::common::{Scratch, command, fake_key};

fn run(args: &[&str], cwd: &Path) -> (Output, String, String) {
    let out = command(cwd).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stdout, stderr)
}

const RETIRED: &str = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n";

/// Bug 1: a finding past column 65,535 (a bundle not named `*.min.js`)
/// made the default output exit 101 with nothing printed.
#[test]
fn a_finding_past_column_65535_is_printed_in_the_default_output() {
    let d = Scratch::new("first-col");
    std::fs::create_dir_all(d.join("static")).unwrap();
    let pad = "var x0=1;".repeat(8_000);
    let call = "import OpenAI from \"openai\";const c=new OpenAI();c.chat.completions.create({model:\"gpt-4-0314\",messages:[]});\n";
    std::fs::write(d.join("static/app.js"), format!("{pad}{call}")).unwrap();
    let (out, stdout, stderr) = run(&["check", "--color", "never", "."], &d);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("static/app.js:1:72083"), "{stdout}");
    assert!(stdout.contains("gpt-4-0314 was retired"), "{stdout}");
    assert!(stdout.contains("Found 1 finding (1 error, 0 warnings, 0 info) in 1 file (1 parsed)."), "{stdout}");
    // The frame is an excerpt around the finding, not the 72 KB line.
    assert!(stdout.lines().all(|l| l.chars().count() < 400), "{stdout}");
}

/// Bug 2: `--diff` next to a key printed masked context lines, so the patch
/// did not apply. Now it applies with `git apply`, shows no key, and a
/// change whose context is all key is withheld with a note.
#[test]
fn a_diff_next_to_a_key_applies_and_shows_no_key() {
    let d = Scratch::new("first-diff");
    let key = fake_key(22);
    let text = format!(
        "import anthropic\n\nKEY = \"{key}\"\nclient = anthropic.Anthropic(api_key=KEY)\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n\n\ndef more(q):\n    return q\n"
    );
    std::fs::write(d.join("app.py"), &text).unwrap();
    // Beside it, a change right under a key line and above another one.
    let tight = format!(
        "import anthropic\nclient = anthropic.Anthropic()\nA = \"{key}\"\nM = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\nB = \"{key}\"\nx = 1\n"
    );
    std::fs::write(d.join("tight.py"), &tight).unwrap();
    let git = |args: &[&str]| std::process::Command::new("git").args(args).current_dir(&*d).output().unwrap();
    assert!(git(&["init", "-q"]).status.success());
    let (out, diff, stderr) = run(&["check", "--diff", "--unsafe-fixes", "."], &d);
    assert_eq!(out.status.code(), Some(1), "{diff}\n{stderr}");
    let hidden = &key[key.len() / 3..key.len() - 4];
    assert!(!diff.contains(hidden) && !stderr.contains(hidden), "a key in the diff:\n{diff}\n{stderr}");
    assert!(diff.contains("+++ b/app.py") && diff.contains("claude-opus"), "{diff}");
    assert!(!diff.contains("tight.py"), "{diff}");
    assert!(
        stderr.contains("note: tight.py: 1 change not shown: a line it changes or needs as context holds a key"),
        "{stderr}"
    );
    std::fs::write(d.join("fix.patch"), &diff).unwrap();
    let applied = git(&["apply", "fix.patch"]);
    assert!(applied.status.success(), "git apply: {}\n{diff}", String::from_utf8_lossy(&applied.stderr));
    let patched = std::fs::read_to_string(d.join("app.py")).unwrap();
    assert!(patched.contains(&format!("KEY = \"{key}\"")), "{patched}");
    // The patch is what `--fix` writes.
    std::fs::write(d.join("app.py"), &text).unwrap();
    let (_, _, fixed) = run(&["check", "--fix", "--unsafe-fixes", "app.py"], &d);
    assert!(fixed.contains("fixed"), "{fixed}");
    assert_eq!(std::fs::read_to_string(d.join("app.py")).unwrap(), patched);
}

/// Bug 4: SARIF artifact URIs were file names, not URIs: `pct%41.py` read
/// back as `pctA.py`, a space was bare, `a:b.py` looked like a scheme.
#[test]
fn sarif_uris_are_percent_encoded() {
    let d = Scratch::new("first-uri");
    for name in ["pct%41.py", "a b.py", "a:b.py"] {
        std::fs::write(d.join(name), RETIRED).unwrap();
    }
    let (_, stdout, _) = run(&["check", "--format", "sarif", "."], &d);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let mut uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    uris.sort();
    uris.dedup();
    assert_eq!(uris, ["a%20b.py", "a%3Ab.py", "pct%2541.py"]);
}

/// Bug 6: a Python file with a syntax error was analysed without a word.
/// It is still analysed around the error (the finding inside the broken
/// function is found), and a warning names the line.
#[test]
fn a_python_syntax_error_is_named_and_the_code_around_it_checked() {
    let d = Scratch::new("first-syntax");
    let broken = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    x = (1,\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n";
    std::fs::write(d.join("broken.py"), broken).unwrap();
    let (out, stdout, stderr) = run(&["check", "--format", "concise", "."], &d);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stdout.contains("broken.py:7:"), "{stdout}");
    assert!(stderr.contains("warning: broken.py: syntax error, line 6:"), "{stderr}");
    assert!(stderr.contains("checked the code around it"), "{stderr}");
    // A notebook cell in IPython's own syntax is not a syntax error.
    let nb = r#"{"cells":[{"cell_type":"code","metadata":{},"outputs":[],"source":["pip install anthropic\n"]},{"cell_type":"code","metadata":{},"outputs":[],"source":["import anthropic\n","anthropic.Anthropic().messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n"]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#;
    std::fs::remove_file(d.join("broken.py")).unwrap();
    std::fs::write(d.join("n.ipynb"), nb).unwrap();
    let (_, stdout, stderr) = run(&["check", "--format", "concise", "."], &d);
    assert!(stdout.contains("deprecated-model"), "{stdout}");
    assert!(!stderr.contains("syntax error"), "{stderr}");
}

/// Bug 8: "in 1 files"; JUnit listed only failures and failed on `info`.
#[test]
fn counts_read_as_english_and_junit_lists_passes_and_fails_only_at_fail_on() {
    let d = Scratch::new("first-junit");
    std::fs::write(d.join("a.py"), RETIRED).unwrap();
    std::fs::write(d.join("clean.py"), "import anthropic\nx = 1\n").unwrap();
    let info = "import anthropic\nimport time\nclient = anthropic.Anthropic(max_retries=0)\n\n\ndef ask(q):\n    for _ in range(3):\n        try:\n            return client.messages.create(model=\"claude-sonnet-5-5\", max_tokens=512, messages=[])\n        except Exception:\n            time.sleep(1 + random.random())\n";
    std::fs::write(d.join("info.py"), info).unwrap();
    let (_, stdout, _) = run(&["check", "a.py"], &d);
    assert!(stdout.contains(") in 1 file (1 parsed)."), "{stdout}");
    let (_, concise, _) = run(&["check", "--format", "concise", "info.py"], &d);
    assert!(
        concise.contains(": info[") && !concise.contains(": warning[") && !concise.contains(": error["),
        "{concise}"
    );
    let (out, junit, _) = run(&["check", "--format", "junit", "."], &d);
    assert_eq!(out.status.code(), Some(1));
    assert!(junit.contains("<testsuite name=\"clean.py\" tests=\"1\" failures=\"0\""), "{junit}");
    assert!(junit.contains("<testcase name=\"llmlint\" classname=\"clean.py\"/>"), "{junit}");
    assert!(junit.contains("<testsuite name=\"info.py\" tests=\"1\" failures=\"0\""), "{junit}");
    assert!(junit.contains("<system-out>info.py:"), "{junit}");
    assert!(junit.contains("<testsuite name=\"a.py\" tests=\"1\" failures=\"1\""), "{junit}");
    assert!(junit.contains("tests=\"3\" failures=\"1\""), "{junit}");
    // With `--fail-on info`, the info finding fails its case too.
    let (_, junit, _) = run(&["check", "--format", "junit", "--fail-on", "info", "."], &d);
    assert!(junit.contains("<testsuite name=\"info.py\" tests=\"1\" failures=\"1\""), "{junit}");
}

/// The human output at a fixed width of 80 columns (`COLUMNS=80`, as an
/// 80-column terminal sets it): every line fits, long code lines are cut
/// around the finding, the cost line and the summary wrap. `.ci/run` checks
/// the same in a real 80-column terminal (tmux).
#[test]
fn the_human_output_fits_eighty_columns() {
    let d = Scratch::new("first-80");
    let long = format!(
        "import anthropic\nclient = anthropic.Anthropic()\nPROMPTS = {{\"a\": \"{}\"}}\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-opus-4-7\", max_tokens=64000, messages=[{{\"role\": \"user\", \"content\": q}}], metadata={{\"user_id\": \"a-rather-long-identifier-that-pushes-the-line\"}})\n",
        "word ".repeat(30)
    );
    std::fs::write(d.join("app.py"), long).unwrap();
    std::fs::write(d.join("retry.py"), "import anthropic\nimport time\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    for attempt in range(5):\n        try:\n            return client.messages.create(model=\"claude-sonnet-5-5\", max_tokens=1024, messages=[])\n        except anthropic.RateLimitError:\n            time.sleep(2)\n").unwrap();
    let out = command(&d).args(["check", "--color", "never", "."]).env("COLUMNS", "80").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    for line in stdout.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "{} columns: {line}\n{stdout}",
            line.chars().count()
        );
    }
    assert!(stdout.contains('…'), "a long line is cut: {stdout}");
    insta::assert_snapshot!("human_at_80_columns", stdout);
}

/// Notebooks got findings but no fixes: a fix edits the cells' Python, and
/// is now written into the `.ipynb` JSON that holds it, escaped; `--diff`
/// is a patch of the `.ipynb`; JSON output gives the escaped text.
#[test]
fn a_notebook_is_fixed_in_its_ipynb() {
    let d = Scratch::new("first-notebook");
    let cell = |lines: &[&str]| serde_json::json!({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": lines});
    let nb = serde_json::json!({
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Drafting"]},
            cell(&["%pip install anthropic\n", "import anthropic\n", "client = anthropic.Anthropic()"]),
            cell(&["reply = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n", "print(reply)"]),
        ],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    });
    let text = serde_json::to_string_pretty(&nb).unwrap() + "\n";
    std::fs::write(d.join("draft.ipynb"), &text).unwrap();
    let (out, json, _) = run(&["check", "--format", "json", "draft.ipynb"], &d);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let fix = &report["findings"][0]["fix"];
    assert_eq!(report["findings"][0]["rule"], "deprecated-model");
    let content = fix["edits"][0]["content"].as_str().unwrap();
    assert!(content.starts_with("\\\"claude-") || content.starts_with("claude-"), "escaped for the .ipynb: {fix}");
    let git = |args: &[&str]| std::process::Command::new("git").args(args).current_dir(&*d).output().unwrap();
    assert!(git(&["init", "-q"]).status.success());
    let (_, diff, stderr) = run(&["check", "--diff", "--unsafe-fixes", "draft.ipynb"], &d);
    assert!(
        diff.contains("+++ b/draft.ipynb")
            && diff.contains("-        \"reply = client.messages.create(model=\\\"claude-3-opus-20240229\\\""),
        "{diff}\n{stderr}"
    );
    std::fs::write(d.join("fix.patch"), &diff).unwrap();
    assert!(git(&["apply", "fix.patch"]).status.success(), "{diff}");
    let patched = std::fs::read_to_string(d.join("draft.ipynb")).unwrap();
    std::fs::write(d.join("draft.ipynb"), &text).unwrap();
    let (_, _, stderr) = run(&["check", "--fix", "--unsafe-fixes", "draft.ipynb"], &d);
    assert!(stderr.contains("fixed 1 finding in 1 file"), "{stderr}");
    let fixed = std::fs::read_to_string(d.join("draft.ipynb")).unwrap();
    assert_eq!(fixed, patched, "--fix writes what --diff shows");
    // Still a notebook, the retired model gone, and nothing else changed.
    let after: serde_json::Value = serde_json::from_str(&fixed).unwrap();
    let source = after["cells"][2]["source"][0].as_str().unwrap();
    assert!(
        source.starts_with("reply = client.messages.create(model=\"claude-") && !source.contains("claude-3-opus"),
        "{source}"
    );
    assert_eq!(after["cells"][1], nb["cells"][1]);
    let (out, _, _) = run(&["check", "--select", "deprecated-model", "draft.ipynb"], &d);
    assert_eq!(out.status.code(), Some(0));
}
