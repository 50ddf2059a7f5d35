//! `llmlint models`: list, search, show any id form, import a price file;
//! and the note `check` prints when the table is old.

use std::path::Path;
use std::process::Output;

/// The binary as of `today`, or of the real day when `None`.
fn llmlint(args: &[&str], cwd: &Path, today: Option<&str>) -> Output {
    let mut c = crate::common::command(cwd);
    c.args(args).env_remove("LLMLINT_TODAY");
    if let Some(day) = today {
        c.env("LLMLINT_TODAY", day);
    }
    c.output().expect("binary runs")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn lists_searches_and_shows_models() {
    let all = llmlint(&["models", "--format", "json"], root(), Some("2026-12-01"));
    assert_eq!(all.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let ids: Vec<&str> = doc["models"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"claude-fable-5-2") && ids.contains(&"gpt-6-luna"), "{ids:?}");
    assert!(!doc["sources"].as_array().unwrap().is_empty());

    // Search: every word, over ids, providers and today's state.
    let found = stdout(&llmlint(&["models", "openai deprecated"], root(), Some("2026-12-01")));
    assert!(found.contains("gpt-4o ") && found.contains("deprecated 2027-01-14"), "{found}");
    assert!(!found.contains("claude") && !found.contains("gpt-6-luna "), "{found}");

    // Show: any id form, with where it was read from and its source.
    let shown = stdout(&llmlint(&["models", "openrouter/anthropic/claude-sonnet-4.5"], root(), Some("2026-12-01")));
    assert!(
        shown.starts_with("claude-sonnet-4-5-20250929 (read from `openrouter/anthropic/claude-sonnet-4.5`)"),
        "{shown}"
    );
    assert!(shown.contains("state today: retired (2026-11-30); replacement claude-sonnet-5-5"), "{shown}");
    assert!(shown.contains("source:    platform.claude.com/docs/en/models/sonnet-4-5/overview"), "{shown}");
    // The state follows the day: before its retirement it was deprecated.
    let before = stdout(&llmlint(&["models", "claude-sonnet-4-5"], root(), Some("2026-11-01")));
    assert!(before.contains("state today: deprecated (2026-11-30)"), "{before}");

    let json = llmlint(&["models", "us.anthropic.claude-opus-4-1-20250805-v1:0", "--format", "json"], root(), None);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["platform"], "bedrock");
    assert_eq!(doc["model"]["id"], "claude-opus-4-1-20250805");
    assert_eq!(doc["model"]["lifecycle"]["platforms"]["bedrock"]["status"], "legacy");

    // Gemini rows are searched like the others.
    let gemini = stdout(&llmlint(&["models", "gemini retired"], root(), Some("2026-12-02")));
    assert!(gemini.contains("gemini-2.0-flash"), "{gemini}");
    // A count that is not round is written in full, not as `1048.576K`.
    assert!(gemini.contains("1,048,576  8,192"), "{gemini}");
    assert!(!gemini.contains("gemini-3.8-flash"), "{gemini}");
    let none = llmlint(&["models", "mistral"], root(), None);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no model in the table matches `mistral`"));
}

#[test]
fn imports_a_price_file_as_overrides() {
    let dir = std::env::temp_dir().join(format!("llmlint-models-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("prices.json"),
        r#"{
          "gpt-6-luna": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.2e-07, "output_cost_per_token": 5e-07},
          "gpt-7-nova": {"litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
          "mistral/mistral-large": {"litellm_provider": "mistral", "mode": "chat", "input_cost_per_token": 2e-06}
        }"#,
    )
    .unwrap();
    let out = llmlint(&["models", "import", "prices.json", "-o", "mine.yaml"], &dir, Some("2026-12-01"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(text.contains("gpt-6-luna: price.input 0.1 -> 0.12"), "{text}");
    assert!(text.contains("gpt-7-nova: added (openai)"), "{text}");
    assert!(text.contains("2 changes written to mine.yaml (1 entries of other providers or kinds skipped)"), "{text}");
    // The file it wrote is an override file the other commands take.
    let shown = stdout(&llmlint(&["models", "gpt-7-nova", "--models", "mine.yaml"], &dir, Some("2026-12-01")));
    assert!(shown.contains("price $/MTok: input $3, output $15"), "{shown}");
    // An Azure deployment shows the model it serves, on Azure's schedule.
    std::fs::write(dir.join("azure.yaml"), "deployments:\n  chat-prod: gpt-4o-2024-08-06\n").unwrap();
    let shown = stdout(&llmlint(&["models", "azure/chat-prod", "--models", "azure.yaml"], &dir, Some("2026-12-01")));
    assert!(shown.starts_with("gpt-4o (read from `azure/chat-prod`)"), "{shown}");
    assert!(shown.contains("platform:    Azure OpenAI"), "{shown}");
    assert!(shown.contains("deployment:  serves gpt-4o-2024-08-06"), "{shown}");
    assert!(shown.contains("on azure: deprecated (2027-04-14)"), "{shown}");
    let bad = llmlint(&["models", "import", "mine.yaml"], &dir, None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a JSON price file"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_says_once_when_the_table_is_old() {
    use llmlint::base::cost::{civil_date, days_since_epoch};
    let as_of = &llmlint::knowledge::models::ModelTable::builtin().as_of;
    let day = |after: i64| civil_date(days_since_epoch(as_of).unwrap() + after);
    let file = "fixtures/deprecated-model/platforms.py";
    let fresh = llmlint(&["check", "--format", "concise", file], root(), Some(&day(60)));
    assert!(!String::from_utf8_lossy(&fresh.stderr).contains("model table"));
    let old = llmlint(&["check", "--format", "concise", file], root(), Some(&day(61)));
    let err = String::from_utf8_lossy(&old.stderr);
    let note = format!("note: llmlint's model table is from {as_of} (61 days ago)");
    assert_eq!(err.matches(&note).count(), 1, "{err}");
    // Not a finding: the findings are the same.
    assert_eq!(stdout(&old), stdout(&fresh));
    let quiet = llmlint(&["check", "-q", "--format", "concise", file], root(), Some(&day(90)));
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("model table"));
}

#[test]
fn a_source_that_gives_its_reading_date_is_not_dated_twice() {
    // gemini-2.5-flash's lifecycle source ends with "read 2026-12-02", its
    // `checked` date: the line says it once.
    let shown = stdout(&llmlint(&["models", "gemini-2.5-flash"], root(), Some("2026-12-01")));
    let source = shown.lines().find(|l| l.trim_start().starts_with("source:")).expect("a source line");
    assert_eq!(source.matches("read 2026-12-02").count(), 1, "{source}");
}
