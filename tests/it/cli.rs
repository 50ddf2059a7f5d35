//! The command line as users and CI see it: exit codes, the JSON contract,
//! `rules`, `explain`, errors.

use std::path::Path;

use crate::common::llmlint;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn json_output_follows_the_contract() {
    let out = llmlint(&["check", "--format", "json", "fixtures/max-tokens-exceeds-model-limit"], root());
    assert_eq!(out.status.code(), Some(1), "errors found: exit 1");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "llmlint");
    let findings = doc["findings"].as_array().unwrap();
    let first = &findings[0];
    for key in [
        "rule",
        "severity",
        "category",
        "message",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
        "fix",
        "cost",
    ] {
        assert!(first.get(key).is_some(), "finding lacks `{key}`: {first}");
    }
    // Sorted by path, then line.
    let keys: Vec<(String, u64)> =
        findings.iter().map(|f| (f["path"].as_str().unwrap().to_string(), f["line"].as_u64().unwrap())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // The haiku cap of 100_000 is a literal in the argument: an unsafe fix to 64000.
    let haiku = findings
        .iter()
        .find(|f| f["path"] == "fixtures/max-tokens-exceeds-model-limit/caps.py" && f["line"] == 15)
        .expect("haiku finding");
    assert_eq!(haiku["rule"], "max-tokens-exceeds-model-limit");
    assert_eq!(haiku["column"], 9);
    assert_eq!(haiku["fix"]["applicability"], "unsafe");
    assert_eq!(haiku["fix"]["edits"][0]["content"], "64000");
    assert_eq!(haiku["fix"]["edits"][0]["column"], 20);
    // A cost finding carries the structured estimate.
    let cost = findings.iter().find(|f| f["rule"] == "huge-max-tokens").expect("a cost finding");
    assert_eq!(cost["cost"]["usd_per_call"], 0.32);
    assert_eq!(cost["cost"]["usd_per_1k_calls"], 320.0);
    assert!(cost["cost"]["usd_per_month"].is_null());
    assert!(cost["cost"]["basis"].as_str().unwrap().contains("claude-haiku-4-5"));
    let summary = &doc["summary"];
    assert_eq!(summary["findings"].as_u64().unwrap() as usize, findings.len());
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert!(errors > 0);
    assert_eq!(summary["by_severity"]["error"].as_u64().unwrap() as usize, errors);
}

#[test]
fn deprecated_model_fix_keeps_the_provider_prefix() {
    let out = llmlint(
        &["check", "--format", "json", "--select", "deprecated-model", "fixtures/deprecated-model/models.py"],
        root(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let litellm = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().starts_with("anthropic/claude-3-7"))
        .expect("litellm finding");
    let edit = &litellm["fix"]["edits"][0];
    assert_eq!(edit["content"], "claude-sonnet-5-5");
    // The edit starts after `anthropic/`.
    assert_eq!(edit["column"].as_u64().unwrap(), litellm["column"].as_u64().unwrap() + 1 + "anthropic/".len() as u64);
    // Bedrock ids have a version suffix: no fix rather than a wrong one.
    let bedrock = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["message"].as_str().unwrap().starts_with("anthropic.claude"))
        .unwrap();
    assert!(bedrock["fix"].is_null());
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = "fixtures/unknown-model";
    // Only info findings from this rule there.
    let only = ["check", "--select", "unknown-model", "--format", "concise"];
    assert_eq!(llmlint(&[&only[..], &[dir]].concat(), root()).status.code(), Some(0));
    assert_eq!(llmlint(&[&only[..], &["--fail-on", "info", dir]].concat(), root()).status.code(), Some(1));
    // Warnings, no errors, from this rule there.
    let caps = ["check", "--select", "huge-max-tokens", "fixtures/huge-max-tokens"];
    assert_eq!(llmlint(&[&caps[..], &["--fail-on", "error"]].concat(), root()).status.code(), Some(0));
    assert_eq!(llmlint(&caps, root()).status.code(), Some(1));
}

#[test]
fn concise_lines_are_grep_friendly() {
    let out = llmlint(
        &["check", "--select", "unknown-model", "--format", "concise", "fixtures/unknown-model/typos.ts"],
        root(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, "fixtures/unknown-model/typos.ts:6:35: info[unknown-model] unknown model id `claude-opus-4.7`\n");
}

#[test]
fn missing_path_and_unknown_rule_exit_2_with_a_message() {
    let out = llmlint(&["check", "does/not/exist"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist"));
    let out = llmlint(&["check", "--select", "no-such-rule", "fixtures"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
    let out = llmlint(&["explain", "no-such-rule"], root());
    assert_eq!(out.status.code(), Some(2));
    let out = llmlint(&["check", "--format", "yaml"], root());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_lists_every_rule_and_explain_prints_docs() {
    let out = llmlint(&["rules", "--format", "json"], root());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), llmlint::rules::all().len());
    assert!(ids.contains(&"huge-max-tokens"));
    let table = String::from_utf8(llmlint(&["rules"], root()).stdout).unwrap();
    assert!(table.lines().next().unwrap().starts_with("id"));
    assert!(table.contains("max-tokens-exceeds-model-limit  correctness  error"));
    let docs = String::from_utf8(llmlint(&["explain", "huge-max-tokens"], root()).stdout).unwrap();
    assert!(docs.contains("## Why is this bad?"));
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let mut child = crate::common::command(root())
        .args(["check", "--format", "concise", "--stdin-filename", "app.py"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"import anthropic\nc = anthropic.Anthropic()\nc.messages.stream(model='claude-2.1', max_tokens=1)\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("app.py:3:25: error[deprecated-model]"), "{text}");
}

#[test]
fn a_file_with_syntax_errors_does_not_fail_the_run() {
    let dir = std::env::temp_dir().join(format!("llmlint-syntax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Python: ruff's parser recovers and the call before the error is still seen.
    std::fs::write(
        dir.join("broken.py"),
        "import anthropic\nc = anthropic.Anthropic()\nc.messages.stream(model='claude-2.1', max_tokens=1)\ndef oops(:\n",
    )
    .unwrap();
    // Rust: syn cannot recover; the file is skipped with a warning.
    std::fs::write(dir.join("broken.rs"), "fn main() { let x = json!({\"model\": \"claude-2.1\"}) \n").unwrap();
    // TypeScript: neither can oxc here; the warning says where.
    std::fs::write(
        dir.join("broken.ts"),
        "import Anthropic from \"@anthropic-ai/sdk\";\nconst c = new Anthropic();\n{% for m in models %}\nc.messages.create({ model: \"claude-2.1\" });\n",
    )
    .unwrap();
    let out = llmlint(&["check", "--format", "concise", "."], &dir);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("broken.py:3:25: error[deprecated-model]"), "{stdout}");
    assert!(stderr.contains("broken.rs: skipped, could not parse"), "{stderr}");
    assert!(stderr.contains("broken.ts: skipped, could not parse: line 3:"), "{stderr}");
}

#[test]
fn cost_lists_every_call_site_worst_first_with_unknowns_as_unknown() {
    let dir = tempdir("cost");
    std::fs::write(
        dir.join("app.py"),
        "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef a(q, m):\n    \
         client.messages.create(model=\"claude-opus-4-7\", max_tokens=4000, messages=[{\"role\": \"user\", \"content\": q}])\n    \
         client.messages.create(model=m, max_tokens=100, messages=[])\n",
    )
    .unwrap();
    let out = llmlint(&["cost", "--format", "json", "app.py"], &dir);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = doc["call_sites"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // Opus 4.7: output $25/MTok; 4,000 tokens worst = $0.10; typical 500 = $0.0125.
    assert_eq!(rows[0]["model"], "claude-opus-4-7");
    assert_eq!(rows[0]["usd_per_call_worst"], 0.1);
    assert_eq!(rows[0]["usd_per_call_typical"], 0.0125);
    // A model the code does not show: unknown, never zero.
    assert!(rows[1]["model"].is_null() && rows[1]["usd_per_call_worst"].is_null(), "{}", rows[1]);
    assert_eq!(doc["total"]["unknown"], 1);
    let human = String::from_utf8(llmlint(&["cost", "app.py"], &dir).stdout).unwrap();
    assert!(human.lines().any(|l| l.starts_with("app.py:7:") && l.contains("unknown")), "{human}");
    assert!(!human.contains("$0.0000"), "{human}");
    let md = String::from_utf8(llmlint(&["cost", "--format", "markdown", "app.py"], &dir).stdout).unwrap();
    assert!(md.starts_with("| location | model |") && md.contains("| total: 2 call sites (1 unknown) |"), "{md}");

    // --models changes a price: a negotiated output price of $20/MTok.
    std::fs::write(dir.join("prices.yaml"), "models:\n  - id: claude-opus-4-7\n    price: {output: 20}\n").unwrap();
    let out = llmlint(&["cost", "--format", "json", "--models", "prices.yaml", "app.py"], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(doc["call_sites"][0]["usd_per_call_worst"], 0.08);
    // A bad file is a usage error.
    std::fs::write(dir.join("bad.yaml"), "models:\n  - id: ft:gpt-4o:acme\n    price: {output: 20}\n").unwrap();
    let out = llmlint(&["cost", "--models", "bad.yaml", "app.py"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("provider"), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("llmlint-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn malformed_config_files_are_warnings_and_the_run_goes_on() {
    let dir = tempdir("badconfig");
    std::fs::write(dir.join("bad.yaml"), "model: claude-opus-4-7\nmax_tokens: [64000\n").unwrap();
    std::fs::write(dir.join("bad.json"), "{\"model\": \"claude-opus-4-7\", \"max_tokens\": }").unwrap();
    std::fs::write(dir.join("bad.toml"), "model = \"claude-opus-4-7\"\nmax_tokens = = 3\n").unwrap();
    // (A file is parsed only when its bytes show a request: this one does.)
    std::fs::write(
        dir.join("bad.ipynb"),
        "{\"cells\": [ {\"cell_type\": \"code\", \"source\": \"import anthropic\\nanthropic.Anthropic(",
    )
    .unwrap();
    std::fs::write(dir.join("good.yaml"), "model: claude-opus-4-7\nmax_tokens: 64000\n").unwrap();
    let out = llmlint(&["check", "--format", "concise", "."], &dir);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("good.yaml:2:1: warning[huge-max-tokens]"), "{stdout}");
    for (file, what) in [
        ("bad.yaml", "invalid YAML at 2:"),
        ("bad.json", "invalid JSON at 1:44"),
        ("bad.toml", "invalid TOML at 2:"),
        ("bad.ipynb", "invalid JSON"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(file) && l.contains("could not parse") && l.contains(what)),
            "{file}: {stderr}"
        );
    }
    assert!(!stderr.contains("internal error"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn only_the_imported_files_that_define_what_a_call_uses_are_parsed() {
    // `app.py` imports from three modules; only `settings.MAX_TOKENS` and the
    // function `helpers.send` (called by the retry) matter to a rule, and
    // `send` in turn uses `limits.BUDGET`. `types.py` (a model type, as an
    // SDK has hundreds) is imported but never needed: it is not parsed.
    let dir = tempdir("lazy");
    std::fs::write(
        dir.join("app.py"),
        "import time\nimport anthropic\nfrom settings import MAX_TOKENS\nfrom helpers import send\nfrom types_mod import Reply\n\n\
         client = anthropic.Anthropic()\n\n\
         def ask(q) -> Reply:\n    return client.messages.create(model=\"claude-opus-4-7\", max_tokens=MAX_TOKENS, messages=[{\"role\": \"user\", \"content\": q}])\n\n\
         def retry(q):\n    while True:\n        try:\n            return send(q)\n        except Exception:\n            time.sleep(2)\n",
    )
    .unwrap();
    std::fs::write(dir.join("settings.py"), "MAX_TOKENS = 100_000\n").unwrap();
    std::fs::write(dir.join("helpers.py"), "import httpx\nfrom limits import BUDGET\n\ndef send(q):\n    return httpx.post(\"https://example.com\", json={\"q\": q, \"n\": BUDGET})\n").unwrap();
    std::fs::write(dir.join("limits.py"), "BUDGET = 3\n").unwrap();
    std::fs::write(
        dir.join("types_mod.py"),
        "from typing import TypedDict\n\nclass Reply(TypedDict):\n    text: str\n",
    )
    .unwrap();
    let out = llmlint(&["check", "--format", "json", "."], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let findings = doc["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["rule"] == "huge-max-tokens" && f["message"].as_str().unwrap().contains("100000")),
        "the imported constant resolves: {findings:#?}"
    );
    assert!(findings.iter().any(|f| f["rule"] == "unbounded-retry"), "the retry reaches send's request: {findings:#?}");
    // app.py (its own evidence), settings.py, helpers.py and limits.py.
    assert_eq!(doc["summary"]["files_parsed"], 4, "{}", doc["summary"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn test_files_are_checked_for_keys_only_unless_included_or_named() {
    // A project kept under a directory called `tests` is not all tests: a
    // file is a test by its path under the directory that is linted.
    let dir = tempdir("tests").join("tests").join("proj");
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    let call = "import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model=\"claude-2.1\", max_tokens=100, messages=[])\n";
    std::fs::write(dir.join("app.py"), call).unwrap();
    std::fs::write(dir.join("tests").join("test_app.py"), call).unwrap();
    let key = format!("sk-ant-api03-{}AA", "x7Qm2Lp9Zr4Tk8Wn3Hs6Jd1Fv5Bc0Gy".repeat(3));
    std::fs::write(dir.join("tests").join("conftest.py"), format!("KEY = \"{key}\"\n")).unwrap();
    let lines = |args: &[&str]| -> Vec<String> {
        let out = llmlint(args, &dir);
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
    };
    let default = lines(&["check", "--format", "concise", "."]);
    assert!(default.iter().any(|l| l.starts_with("app.py:3:") && l.contains("deprecated-model")), "{default:?}");
    assert!(!default.iter().any(|l| l.starts_with("tests/test_app.py")), "{default:?}");
    assert!(
        default.iter().any(|l| l.starts_with("tests/conftest.py") && l.contains("hardcoded-api-key")),
        "{default:?}"
    );
    let all = lines(&["check", "--format", "concise", "--include-tests", "."]);
    assert!(all.iter().any(|l| l.starts_with("tests/test_app.py:3:") && l.contains("deprecated-model")), "{all:?}");
    let named = lines(&["check", "--format", "concise", "tests/test_app.py"]);
    assert!(named.iter().any(|l| l.starts_with("tests/test_app.py:3:") && l.contains("deprecated-model")), "{named:?}");
    std::fs::write(dir.join("llmlint.toml"), "include-tests = true\n").unwrap();
    let configured = lines(&["check", "--format", "concise", "."]);
    assert!(configured.iter().any(|l| l.starts_with("tests/test_app.py:3:")), "{configured:?}");
    std::fs::remove_dir_all(dir.parent().unwrap().parent().unwrap()).ok();
}

#[test]
fn rust_test_code_is_checked_like_a_test_file() {
    let dir = "fixtures/deprecated-model/rust_tests";
    let lines = |args: &[&str]| {
        let out =
            llmlint(&[&["check", "--select", "deprecated-model", "--format", "concise"][..], args].concat(), root());
        String::from_utf8(out.stdout).unwrap().lines().count()
    };
    // Found by walking: the `#[cfg(test)]` module's ids are test data.
    assert_eq!(lines(&[dir]), 1);
    // Asked for: every line is checked.
    assert_eq!(lines(&["--include-tests", dir]), 3);
    assert_eq!(lines(&["fixtures/deprecated-model/rust_tests/src/lib.rs"]), 3);
}

#[test]
fn a_request_to_a_retired_model_costs_nothing_in_the_cost_table() {
    let dir = crate::common::Scratch::new("cli-cost-retired");
    std::fs::write(
        dir.join("app.py"),
        "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef a(q):\n    \
         client.messages.create(model=\"claude-opus-4-7\", max_tokens=4000, messages=[])\n    \
         client.messages.create(model=\"claude-3-7-sonnet-20250219\", max_tokens=32000, messages=[])\n",
    )
    .unwrap();
    let out = llmlint(&["cost", "--format", "json", "app.py"], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = doc["call_sites"].as_array().unwrap();
    let retired = rows.iter().find(|r| r["model"] == "claude-3-7-sonnet-20250219").expect("the retired call");
    // Every request fails: nothing is billed, whatever its cap.
    assert_eq!(retired["usd_per_call_worst"], 0.0);
    assert_eq!(retired["usd_per_1k_calls_typical"], 0.0);
    assert!(retired["basis"].as_str().unwrap().contains("nothing is billed"), "{retired}");
    // Only the call that can succeed counts: Opus 4.7, 4,000 × $25/MTok = $0.10.
    assert_eq!(doc["total"]["usd_per_call_worst"], 0.1);
    assert_eq!(doc["total"]["unknown"], 0);
}

#[test]
fn the_cost_table_says_how_prompt_text_became_tokens() {
    let dir = crate::common::Scratch::new("cli-cost-tokens");
    std::fs::write(
        dir.join("app.py"),
        "import anthropic\nclient = anthropic.Anthropic()\nSYSTEM = \"You answer questions about refunds.\"\n\n\ndef a(q):\n    \
         client.messages.create(model=\"claude-sonnet-4-6\", max_tokens=1000, system=SYSTEM, messages=[])\n",
    )
    .unwrap();
    let out = llmlint(&["cost", "--format", "json", "app.py"], &dir);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let assumed = doc["assumptions"]["prompt_tokens"].as_array().unwrap();
    assert_eq!(assumed.len(), 1, "{assumed:?}");
    assert!(assumed[0].as_str().unwrap().starts_with("~3.4 chars/token"), "{assumed:?}");
    let human = String::from_utf8(llmlint(&["cost", "app.py"], &dir).stdout).unwrap();
    assert!(human.contains("prompt tokens estimated at ~3.4 chars/token"), "{human}");
    // Without prompt text to estimate, the footer says nothing of tokens.
    std::fs::write(
        dir.join("app.py"),
        "import anthropic\nclient = anthropic.Anthropic()\n\n\ndef a(q, s):\n    \
         client.messages.create(model=\"claude-sonnet-4-6\", max_tokens=1000, system=s, messages=[])\n",
    )
    .unwrap();
    let human = String::from_utf8(llmlint(&["cost", "app.py"], &dir).stdout).unwrap();
    assert!(!human.contains("prompt tokens estimated"), "{human}");
}
