//! The configuration file, suppressions' neighbours (baseline, fixes) and
//! `init`, as a user meets them on the command line: every config key changes
//! what is reported, and every kind of config error exits 2 pointing at its line.

use std::path::Path;
use std::process::Output;

use crate::common::{Scratch, llmlint};

fn project(name: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = Scratch::new(&format!("config-{name}"));
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const APP: &str = "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef ask(q):\n    return client.messages.stream(model=\"claude-opus-4-7\", max_tokens=40000, messages=[])\n\n\ndef old(q):\n    return client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=512, messages=[])\n";

fn rules_found(out: &Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!("JSON output: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    });
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}:{}:{}", f["path"].as_str().unwrap(), f["line"], f["rule"].as_str().unwrap()))
        .collect()
}

fn check(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    llmlint(&args, dir)
}

#[test]
fn without_a_config_every_rule_runs() {
    let dir = project("none", &[("app.py", APP)]);
    assert_eq!(rules_found(&check(&dir, &["."])), ["app.py:6:huge-max-tokens", "app.py:10:deprecated-model"]);
}

#[test]
fn select_ignore_and_severity() {
    let dir = project(
        "select",
        &[
            ("app.py", APP),
            (
                "llmlint.toml",
                "select = [\"huge-max-tokens\", \"deprecated-model\"]\nignore = [\"deprecated-model\"]\n\n[severity]\nhuge-max-tokens = \"error\"\n",
            ),
        ],
    );
    let out = check(&dir, &["."]);
    assert_eq!(rules_found(&out), ["app.py:6:huge-max-tokens"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["findings"][0]["severity"], "error");
    // The command line wins over the file.
    assert_eq!(
        rules_found(&check(&dir, &["--select", "deprecated-model", "--ignore", "huge-max-tokens", "."])),
        ["app.py:10:deprecated-model"]
    );
}

#[test]
fn exclude_and_per_file_ignores_are_globs_relative_to_the_config() {
    let dir = project(
        "globs",
        &[
            ("app.py", APP),
            ("vendor/lib.py", APP),
            ("scripts/seed.py", APP),
            ("llmlint.toml", "exclude = [\"vendor/\"]\n\n[per-file-ignores]\n\"scripts/**\" = [\"huge-max-tokens\"]\n"),
        ],
    );
    assert_eq!(
        rules_found(&check(&dir, &["."])),
        ["app.py:6:huge-max-tokens", "app.py:10:deprecated-model", "scripts/seed.py:10:deprecated-model"]
    );
}

#[test]
fn rule_options_traffic_and_models() {
    let config = "[rules.huge-max-tokens]\nthreshold = 50000\n\n[traffic]\ncalls_per_day = 100\n\n[[models]]\nid = \"claude-opus-4-7\"\nprice = { output = 20 }\n";
    let dir = project("options", &[("app.py", APP.replace("40000", "60000").as_str()), ("llmlint.toml", config)]);
    let out = check(&dir, &["--select", "huge-max-tokens", "."]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cost = &doc["findings"][0]["cost"];
    // A negotiated $20/MTok: 60,000 × 20 / 1e6 = $1.20 a call; 100 a day for 30 days.
    assert_eq!(cost["usd_per_call"], 1.2);
    assert_eq!(cost["usd_per_month"], 3600.0);
    // Below the configured threshold: silent.
    std::fs::write(dir.join("app.py"), APP).unwrap();
    assert!(rules_found(&check(&dir, &["--select", "huge-max-tokens", "."])).is_empty());
}

#[test]
fn azure_deployments_name_the_models_they_serve() {
    let app = "from openai import AzureOpenAI\n\nclient = AzureOpenAI(api_version=\"2024-10-21\")\n\n\ndef ask(q):\n    return client.chat.completions.create(model=\"chat-prod\", max_tokens=20000, messages=[])\n\n\ndef old(q):\n    return client.chat.completions.create(model=\"reasoner\", messages=[])\n";
    let dir = project("deployments", &[("app.py", app)]);
    // Without the mapping the names are the team's own: no model is known,
    // so the large cap has no price.
    let out = check(&dir, &["."]);
    assert_eq!(rules_found(&out), ["app.py:7:huge-max-tokens"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(doc["findings"][0]["cost"].is_null());
    let config = "[deployments]\nchat-prod = \"gpt-4.1-2025-04-14\"\nreasoner = \"o3\"\n";
    std::fs::write(dir.join("llmlint.toml"), config).unwrap();
    let out = check(&dir, &["."]);
    assert_eq!(
        rules_found(&out),
        ["app.py:7:deprecated-model", "app.py:7:huge-max-tokens", "app.py:11:deprecated-model"]
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = doc["findings"].as_array().unwrap();
    // gpt-4.1 on Azure: deprecated, retiring 2027-04-14 (not OpenAI's date).
    assert_eq!(findings[0]["severity"], "warning");
    assert!(findings[0]["message"].as_str().unwrap().contains("deployment `chat-prod` (gpt-4.1) on Azure OpenAI"));
    assert!(findings[0]["message"].as_str().unwrap().contains("2027-04-14"));
    // 20,000 tokens at gpt-4.1's $8/MTok output: $0.16 a call.
    assert_eq!(findings[1]["cost"]["usd_per_call"], 0.16);
    // o3 was retired on Azure on 2026-11-19.
    assert_eq!(findings[2]["severity"], "error");
    assert!(findings[2]["message"].as_str().unwrap().contains("deployment `reasoner` (o3)"));
    // No fix: the deployment is the team's, not an id to swap.
    assert!(findings[0]["fix"].is_null() && findings[2]["fix"].is_null(), "{findings:?}");
    // The same mapping from a `--models` file.
    std::fs::remove_file(dir.join("llmlint.toml")).unwrap();
    std::fs::write(dir.join("models.yaml"), "deployments:\n  reasoner: o3\n").unwrap();
    assert_eq!(
        rules_found(&check(&dir, &["--models", "models.yaml", "."])),
        ["app.py:7:huge-max-tokens", "app.py:11:deprecated-model"]
    );
}

#[test]
fn wrappers_make_in_house_functions_api_calls() {
    let app = "from myco.llm import complete\n\n\ndef summarise(text):\n    return complete(\"claude-3-opus-20240229\", text, limit=64000)\n";
    let config =
        "[[wrappers]]\nfunction = \"myco.llm.complete\"\nprovider = \"anthropic\"\nmodel = 0\nmax_tokens = \"limit\"\n";
    let dir = project("wrappers", &[("app.py", app), ("llmlint.toml", config)]);
    assert_eq!(rules_found(&check(&dir, &["."])), ["app.py:5:deprecated-model", "app.py:5:huge-max-tokens"]);
    std::fs::remove_file(dir.join("llmlint.toml")).unwrap();
    assert!(rules_found(&check(&dir, &["."])).is_empty(), "without the wrapper nothing is known");
}

#[test]
fn pyproject_and_explicit_config_files_are_found() {
    let dir = project(
        "pyproject",
        &[
            ("src/app.py", APP),
            ("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.llmlint]\nselect = [\"deprecated-model\"]\n"),
        ],
    );
    // Found by walking up from the checked path.
    assert_eq!(rules_found(&check(&dir.join("src"), &["app.py"])), ["app.py:10:deprecated-model"]);
    std::fs::write(dir.join("other.toml"), "select = [\"huge-max-tokens\"]\n").unwrap();
    assert_eq!(rules_found(&check(&dir, &["--config", "other.toml", "src"])), ["src/app.py:6:huge-max-tokens"]);
}

/// Each kind of config error: exit 2, the file and line, and a frame showing it.
#[test]
fn config_errors_point_at_the_offending_line() {
    let cases = [
        (
            "unknown key",
            "select = [\"huge-max-tokens\"]\nfail_on = \"error\"\n",
            "unknown key `fail_on`",
            "fail_on = \"error\"",
        ),
        (
            "unknown rule",
            "select = [\"huge-max-tokens\", \"huge-max-token\"]\n",
            "unknown rule `huge-max-token`",
            "select = ",
        ),
        ("bad value", "select = \"huge-max-tokens\"\n", "must be a list of strings", "select = \"huge-max-tokens\""),
        (
            "bad severity",
            "[severity]\nhuge-max-tokens = \"fatal\"\n",
            "severity `fatal`",
            "huge-max-tokens = \"fatal\"",
        ),
        ("unknown severity rule", "[severity]\nnope = \"error\"\n", "unknown rule `nope`", "nope = \"error\""),
        ("unknown option", "[rules.huge-max-tokens]\nlimit = 5\n", "has no option `limit`", "limit = 5"),
        (
            "option type",
            "[rules.huge-max-tokens]\nthreshold = \"big\"\n",
            "must be like its default",
            "threshold = \"big\"",
        ),
        ("traffic", "[traffic]\ncalls_per_day = -3\n", "calls_per_day", "calls_per_day = -3"),
        ("model", "[[models]]\nid = \"ft:gpt-4o:acme\"\nprice = { output = 20 }\n", "provider", "[[models]]"),
        (
            "wrapper",
            "[[wrappers]]\nfunction = \"f\"\nprovider = \"deepseek\"\n",
            "provider `deepseek`",
            "provider = \"deepseek\"",
        ),
        (
            "deployment of no model",
            "[deployments]\nchat-prod = \"gpt-4o\"\nsummary = \"gtp-4o\"\n",
            "deployment `summary` names no model",
            "summary = \"gtp-4o\"",
        ),
        ("deployment value", "[deployments]\nchat-prod = 4\n", "must name a model id", "chat-prod = 4"),
        ("syntax", "select = [\"huge-max-tokens\"\n", "llmlint.toml", "select = "),
    ];
    for (what, config, message, line) in cases {
        let dir = project("errors", &[("app.py", APP), ("llmlint.toml", config)]);
        let out = llmlint(&["check", "."], &dir);
        // miette wraps long messages: read them whole.
        let stderr = String::from_utf8_lossy(&out.stderr).replace("\n  │ ", "");
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        assert!(stderr.contains(message), "{what}: {stderr}");
        assert!(stderr.contains("llmlint.toml"), "{what}: {stderr}");
        assert!(
            stderr.lines().any(|l| l.contains('│') && l.contains(line)),
            "{what}: no frame with `{line}`:\n{stderr}"
        );
    }
}

#[test]
fn init_writes_a_starter_once() {
    let dir = project("init", &[("app.py", APP)]);
    assert_eq!(llmlint(&["init"], &dir).status.code(), Some(0));
    assert!(std::fs::read_to_string(dir.join("llmlint.toml")).unwrap().contains("[[wrappers]]"));
    assert_eq!(llmlint(&["init"], &dir).status.code(), Some(2), "an existing file is kept");
    // The starter changes nothing.
    assert_eq!(rules_found(&check(&dir, &["."])).len(), 2);
}

#[test]
fn baseline_hides_known_findings_across_line_shifts() {
    let dir = project("baseline", &[("app.py", APP)]);
    let out = llmlint(&["check", "--write-baseline", "baseline.json", "."], &dir);
    assert_eq!(out.status.code(), Some(0));
    assert!(rules_found(&check(&dir, &["--baseline", "baseline.json", "."])).is_empty());
    // Lines added above move every finding: still known.
    std::fs::write(dir.join("app.py"), format!("\"\"\"Docs.\"\"\"\n\n# more\n{APP}")).unwrap();
    assert!(rules_found(&check(&dir, &["--baseline", "baseline.json", "."])).is_empty());
    // A new finding is reported.
    std::fs::write(dir.join("app.py"), format!("{APP}\n\ndef more(q):\n    return client.messages.stream(model=\"claude-opus-4-7\", max_tokens=50000, messages=[])\n")).unwrap();
    assert_eq!(rules_found(&check(&dir, &["--baseline", "baseline.json", "."])), ["app.py:14:huge-max-tokens"]);
    std::fs::write(dir.join("bad.json"), "{}").unwrap();
    assert_eq!(llmlint(&["check", "--baseline", "bad.json", "."], &dir).status.code(), Some(2));
}

#[test]
fn fixes_diff_write_and_stdin() {
    let dir = project("fix", &[("app.py", APP)]);
    // Every fix llmlint has today changes behaviour (unsafe): --fix alone changes nothing.
    let out = llmlint(&["check", "--fix", "."], &dir);
    assert_eq!(std::fs::read_to_string(dir.join("app.py")).unwrap(), APP, "{}", String::from_utf8_lossy(&out.stderr));
    // --diff shows the unsafe fix and writes nothing.
    let out = llmlint(&["check", "--diff", "--unsafe-fixes", "."], &dir);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("--- a/app.py") && diff.contains("+    return client.messages.create(model=\"claude-opus-5-5\""),
        "{diff}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(dir.join("app.py")).unwrap(), APP);
    // --fix --unsafe-fixes writes it; the rest is reported.
    let out = llmlint(&["check", "--fix", "--unsafe-fixes", "--format", "concise", "."], &dir);
    let fixed = std::fs::read_to_string(dir.join("app.py")).unwrap();
    assert!(fixed.contains("model=\"claude-opus-5-5\"") && !fixed.contains("claude-3-opus"), "{fixed}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 1 finding in 1 file"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "huge-max-tokens is left");
    // Standard input: the fixed text goes to standard output.
    let mut child = crate::common::command(&dir)
        .args(["check", "--fix", "--unsafe-fixes", "--stdin-filename", "app.py"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(APP.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("import anthropic") && text.contains("claude-opus-5-5"), "{text}");
}
