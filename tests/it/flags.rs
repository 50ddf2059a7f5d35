//! Issue 22: the flags and behaviours a ruff user expects of `check`.

use std::path::Path;

use crate::common::{Scratch, command};

/// A project with a retired model (an unsafe fix), a huge `max_tokens`
/// (cost), a test file and a file of a kind llmlint does not read.
fn project(name: &str) -> Scratch {
    let d = Scratch::new(name);
    let app = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n\n\ndef big(q):\n    return client.messages.create(model=\"claude-opus-5-5\", max_tokens=64000, stream=True, messages=[])\n";
    std::fs::write(d.join("app.py"), app).unwrap();
    std::fs::create_dir_all(d.join("tests")).unwrap();
    std::fs::write(d.join("tests/test_app.py"), app).unwrap();
    std::fs::write(d.join("data.bin"), "hello\n").unwrap();
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
    let (_, _, stderr) = run(&["check", "data.bin", "app.py"], &d);
    assert!(stderr.contains("warning: data.bin: skipped: llmlint reads Python"), "{stderr}");
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

#[test]
fn show_settings_says_what_a_check_would_use_and_lints_nothing() {
    let d = project("flags-settings");
    std::fs::write(
        d.join("llmlint.toml"),
        "ignore = [\"batchable-loop\"]\n\n[severity]\nhuge-max-tokens = \"error\"\n\n[per-file-ignores]\n\"app.py\" = [\"deprecated-model\"]\n",
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["check", "--show-settings", "app.py"], &d);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.starts_with("Settings for app.py\n  config file       llmlint.toml\n  read as           Python\n"),
        "{stdout}"
    );
    let n = llmlint::rules::all().len();
    assert!(stdout.contains(&format!("  rules             {} of {n}\n", n - 2)), "{stdout}");
    assert!(stdout.contains("  per-file ignores  deprecated-model\n"), "{stdout}");
    assert!(stdout.contains("  test file         no\n"), "{stdout}");
    let id_width = llmlint::rules::all().iter().map(|r| r.id.len()).max().unwrap() + 2;
    let expected = format!("    {:<id_width$}{:<13}error (set in the config)\n", "huge-max-tokens", "cost");
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(!stdout.contains("    batchable-loop"), "{stdout}");
    assert!(!stdout.contains("    deprecated-model"), "{stdout}");
    let (_, stdout, _) = run(&["check", "--show-settings", "tests/test_app.py"], &d);
    assert!(stdout.contains("  test file         yes; named here, so checked with every rule\n"), "{stdout}");
    // The command line over the config, as a check resolves it.
    let (_, stdout, _) = run(&["check", "--show-settings", "--select", "security", "."], &d);
    assert!(stdout.contains("    hardcoded-api-key") && !stdout.contains("    huge-max-tokens"), "{stdout}");
    assert!(stdout.contains("  test files        checked for keys and suppressions only"), "{stdout}");
    let (code, _, stderr) = run(&["check", "--show-settings", "--select", "nope", "."], &d);
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn show_fixes_lists_what_fix_and_diff_change_per_file_and_rule() {
    let d = project("flags-show-fixes");
    let (_, stdout, stderr) = run(&["check", "--diff", "--unsafe-fixes", "--show-fixes", "app.py"], &d);
    assert!(stdout.starts_with("--- a/app.py\n"), "{stdout}");
    assert!(stderr.contains("1 fix available in 1 file\n- app.py:\n    1 × deprecated-model\n"), "{stderr}");
    let (_, _, stderr) = run(&["check", "--fix", "--unsafe-fixes", "--show-fixes", "app.py"], &d);
    assert!(stderr.contains("fixed 1 finding in 1 file\n- app.py:\n    1 × deprecated-model\n"), "{stderr}");
    // Without the flag, no list.
    let (_, _, stderr) = run(&["check", "--fix", "--unsafe-fixes", "tests/test_app.py"], &d);
    assert!(stderr.contains("fixed 1 finding in 1 file") && !stderr.contains("× deprecated-model"), "{stderr}");
}

#[test]
fn shell_completions_are_scripts_the_shell_loads() {
    let d = Scratch::new("flags-completion");
    let (code, bash, _) = run(&["generate-shell-completion", "bash"], &d);
    assert_eq!(code, Some(0));
    std::fs::write(d.join("llmlint.bash"), &bash).unwrap();
    // bash itself loads it and registers the completion.
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", "source llmlint.bash && complete -p llmlint"])
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("llmlint"), "{out:?}");
    assert!(bash.contains("--show-settings") && bash.contains("--extend-select"), "the check flags are completed");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, script, _) = run(&["generate-shell-completion", shell], &d);
        assert_eq!(code, Some(0), "{shell}");
        assert!(script.contains("show-settings"), "{shell}: {script}");
    }
    let (code, _, _) = run(&["completions", "fish"], &d);
    assert_eq!(code, Some(0), "the short alias");
    let (code, _, stderr) = run(&["generate-shell-completion", "tcsh"], &d);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("invalid value 'tcsh'"), "{stderr}");
}

/// `check --watch` checks again when a file changes, and only then.
#[test]
fn watch_checks_again_after_a_change() {
    use std::io::{BufRead, BufReader};
    let d = project("flags-watch");
    let mut child = command(&d)
        .args(["check", "--watch", "--format", "concise", "app.py"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Lines of both streams, in order, through one channel.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).for_each(|l| drop(tx.send(l))));
    std::thread::spawn(move || BufReader::new(stderr).lines().map_while(Result::ok).for_each(|l| drop(tx2.send(l))));
    let until_watching = || -> Vec<String> {
        let mut seen = vec![];
        loop {
            let line = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("a line before the timeout");
            if line.contains("watching for changes") {
                // The report was written before this line, on the other
                // stream: its reader may not have passed it on yet.
                std::thread::sleep(std::time::Duration::from_millis(200));
                seen.extend(rx.try_iter());
                return seen;
            }
            seen.push(line);
        }
    };
    let first = until_watching();
    assert!(first.iter().any(|l| l.contains("error[deprecated-model]")), "{first:?}");
    // Nothing changed: nothing printed.
    assert!(rx.recv_timeout(std::time::Duration::from_millis(900)).is_err());
    let text = std::fs::read_to_string(d.join("app.py")).unwrap().replace("claude-3-opus-20240229", "claude-opus-4-7");
    std::fs::write(d.join("app.py"), text).unwrap();
    let second = until_watching();
    child.kill().unwrap();
    let _ = child.wait();
    assert!(!second.iter().any(|l| l.contains("deprecated-model")), "{second:?}");
    assert!(second.iter().any(|l| l.contains("huge-max-tokens")), "{second:?}");
}

/// `llmlint cost` fits the terminal: rows when they fit, a block per call
/// site when they do not (the table is about 190 columns).
#[test]
fn the_cost_table_fits_the_terminal() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let cost = |columns: &str| {
        let mut c = command(root);
        c.args(["cost", "fixtures/huge-max-tokens"]).env_remove("COLUMNS");
        if !columns.is_empty() {
            c.env("COLUMNS", columns);
        }
        let out = c.output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let narrow = cost("80");
    let long: Vec<&str> = narrow.lines().filter(|l| l.chars().count() > 80).collect();
    assert!(long.is_empty(), "{long:?}");
    assert!(
        narrow.contains("\nfixtures/huge-max-tokens/rust/src/lib.rs:14:5\n  model claude-opus-4-7, max out 64,000,"),
        "{narrow}"
    );
    assert!(narrow.contains("  open findings (saving per call): huge-max-tokens ($1.60)"), "{narrow}");
    assert!(narrow.contains("\ntotal: "), "{narrow}");
    // A pipe has no width: the table, however wide.
    let wide = cost("");
    assert!(wide.starts_with("location  ") && wide.contains("$/call typical"), "{wide}");
    // The same figures either way.
    assert_eq!(narrow.matches("$1.60").count(), wide.matches("$1.60").count());
}
