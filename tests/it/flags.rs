//! Issue 22: the flags and behaviours a ruff user expects of `check`.

use std::path::Path;

use crate::common::{Scratch, command};

/// A project with a retired model (an unsafe fix), a huge `max_tokens`
/// (cost), a test file and a text file.
fn project(name: &str) -> Scratch {
    let d = Scratch::new(name);
    let app = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n\n\ndef big(q):\n    return client.messages.create(model=\"claude-opus-5-5\", max_tokens=64000, stream=True, messages=[])\n";
    std::fs::write(d.join("app.py"), app).unwrap();
    std::fs::create_dir_all(d.join("tests")).unwrap();
    std::fs::write(d.join("tests/test_app.py"), app).unwrap();
    std::fs::write(d.join("notes.txt"), "hello\n").unwrap();
    d
}

fn run(args: &[&str], cwd: &Path) -> (Option<i32>, String, String) {
    let out = command(cwd).args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_zero_and_output_file() {
    let d = project("flags-out");
    let (code, stdout, _) = run(&["check", "--format", "concise", "--exit-zero", "-o", "report.txt", "."], &d);
    assert_eq!(code, Some(0));
    assert!(stdout.is_empty(), "{stdout}");
    let report = std::fs::read_to_string(d.join("report.txt")).unwrap();
    assert!(report.contains("app.py:6:") && report.contains("error[deprecated-model]"), "{report}");
    // An error is still an error.
    let (code, _, stderr) = run(&["check", "--exit-zero", "--select", "nope", "."], &d);
    assert_eq!(code, Some(2), "{stderr}");
}

/// A wrapper that passes `--format github` (the GitHub Action) can be given
/// another: the last `--format` wins.
#[test]
fn the_last_format_wins() {
    let d = project("flags-format");
    let (code, stdout, stderr) = run(&["check", "--format", "github", "--format", "json", "app.py"], &d);
    assert_eq!(code, Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["findings"][0]["rule"], "deprecated-model");
}

#[test]
fn selection_by_category_all_and_extend_select_with_suggestions() {
    let d = project("flags-select");
    let rules = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        all.push("app.py");
        let (_, stdout, stderr) = run(&all, &d);
        let mut ids: Vec<String> =
            stdout.lines().filter_map(|l| Some(l.split('[').nth(1)?.split(']').next()?.to_string())).collect();
        ids.sort();
        ids.dedup();
        (ids, stderr)
    };
    assert_eq!(rules(&["--select", "cost"]).0, ["huge-max-tokens"]);
    assert_eq!(rules(&["--select", "correctness"]).0, ["deprecated-model"]);
    assert_eq!(rules(&["--select", "ALL", "--ignore", "cost"]).0, ["deprecated-model"]);
    assert_eq!(
        rules(&["--select", "cost", "--extend-select", "deprecated-model"]).0,
        ["deprecated-model", "huge-max-tokens"]
    );
    // With nothing selected, every rule runs: extending changes nothing.
    assert_eq!(rules(&["--extend-select", "cost"]).0, ["deprecated-model", "huge-max-tokens"]);
    // The config's select is extended too.
    std::fs::write(d.join("llmlint.toml"), "select = [\"cost\"]\n").unwrap();
    assert_eq!(rules(&[]).0, ["huge-max-tokens"]);
    assert_eq!(rules(&["--extend-select", "correctness"]).0, ["deprecated-model", "huge-max-tokens"]);
    std::fs::write(d.join("llmlint.toml"), "select = [\"huge-max-token\"]\n").unwrap();
    let (code, _, stderr) = run(&["check", "app.py"], &d);
    assert_eq!(code, Some(2));
    let flat: String = stderr.replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("unknown rule `huge-max-token` in `select`; did you mean `huge-max-tokens`?"), "{stderr}");
    std::fs::remove_file(d.join("llmlint.toml")).unwrap();
    let (code, _, stderr) = run(&["check", "--ignore", "deprecated_model", "app.py"], &d);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("did you mean `deprecated-model`?"), "{stderr}");
    let (_, stdout, stderr) = run(&["explain", "jitter"], &d);
    assert!(stdout.is_empty() && stderr.contains("did you mean `retry-without-jitter`?"), "{stderr}");
}

#[test]
fn exclude_and_extend_exclude() {
    let d = project("flags-exclude");
    std::fs::create_dir_all(d.join("vendor")).unwrap();
    std::fs::copy(d.join("app.py"), d.join("vendor/lib.py")).unwrap();
    std::fs::write(d.join("llmlint.toml"), "exclude = [\"vendor/\"]\n").unwrap();
    let files = |args: &[&str]| {
        let mut all = vec!["check", "--format", "concise", "--include-tests"];
        all.extend_from_slice(args);
        all.push(".");
        let (_, stdout, _) = run(&all, &d);
        let mut f: Vec<String> = stdout.lines().map(|l| l.split(':').next().unwrap().to_string()).collect();
        f.sort();
        f.dedup();
        f
    };
    assert_eq!(files(&[]), ["app.py", "tests/test_app.py"]);
    assert_eq!(files(&["--extend-exclude", "tests"]), ["app.py"]);
    // `--exclude` replaces the config's list.
    assert_eq!(files(&["--exclude", "tests/"]), ["app.py", "vendor/lib.py"]);
    assert_eq!(files(&["--exclude", "**/*.py"]), Vec::<String>::new());
    let (code, _, stderr) = run(&["check", "--exclude", "a[", "."], &d);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("bad glob `a[`"), "{stderr}");
}

#[test]
fn statistics_replace_the_findings_and_fixable_findings_are_marked() {
    let d = project("flags-stats");
    let (code, stdout, _) = run(&["check", "--statistics", "app.py"], &d);
    assert_eq!(code, Some(1));
    assert_eq!(stdout, "    1  deprecated-model  (1 with a fix)\n    1  huge-max-tokens\n");
    let (_, human, _) = run(&["check", "--color", "never", "app.py"], &d);
    assert!(human.contains("  fix: Move to the suggested replacement model (with `--fix --unsafe-fixes`)"), "{human}");
    assert!(human.contains("1 fix with `--fix --unsafe-fixes`."), "{human}");
    // `--fix` alone fixes nothing here, and says why.
    let (_, _, stderr) = run(&["check", "--fix", "app.py"], &d);
    assert!(stderr.contains("fixed 0 findings in 0 files"), "{stderr}");
    assert!(stderr.contains("note: 1 fix more with `--unsafe-fixes`"), "{stderr}");
    // A fix `--fix` applies (safe) is marked `[*]` in the concise output.
    // No rule's fix is safe today, so one is made safe here.
    let mut lint = crate::common::lint(&[d.join("app.py")], &["deprecated-model"]);
    let concise = llmlint::report::concise::render(&lint);
    assert!(!concise.contains("[*]"), "{concise}");
    lint.findings[0].fix.as_mut().unwrap().applicability = llmlint::base::diagnostic::Applicability::Safe;
    let concise = llmlint::report::concise::render(&lint);
    assert!(concise.contains("error[deprecated-model] [*] claude-3-opus-20240229"), "{concise}");
}

#[test]
fn notes_say_what_was_not_checked_or_not_shown() {
    let d = project("flags-notes");
    let (_, _, stderr) = run(&["check", "."], &d);
    assert!(stderr.contains("note: 1 test file checked only for keys and suppressions"), "{stderr}");
    let (_, _, stderr) = run(&["check", "notes.txt", "app.py"], &d);
    assert!(stderr.contains("warning: notes.txt: skipped: llmlint reads Python"), "{stderr}");
    std::fs::create_dir_all(d.join("empty")).unwrap();
    let (code, _, stderr) = run(&["check", "empty"], &d);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("note: no files were checked"), "{stderr}");
    run(&["check", "--write-baseline", "base.json", "app.py"], &d);
    let (code, _, stderr) = run(&["check", "--baseline", "base.json", "app.py"], &d);
    assert_eq!(code, Some(0));
    assert!(stderr.contains("note: 2 findings hidden by the baseline"), "{stderr}");
    // `-q` keeps them quiet.
    let (_, _, stderr) = run(&["check", "-q", "--baseline", "base.json", "app.py"], &d);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_dash_reads_standard_input() {
    let d = project("flags-stdin");
    let text = std::fs::read(d.join("app.py")).unwrap();
    let lint = |args: &[&str]| {
        let mut child = command(&d)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(&text).unwrap();
        let out = child.wait_with_output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, stdout) = lint(&["check", "--format", "concise", "-"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("stdin.py:6:") && stdout.contains("deprecated-model"), "{stdout}");
    let (_, stdout) = lint(&["check", "--format", "concise", "--stdin-filename", "src/x.py", "-"]);
    assert!(stdout.contains("src/x.py:6:"), "{stdout}");
    let (code, _) = lint(&["check", "-", "app.py"]);
    assert_eq!(code, Some(2));
}
