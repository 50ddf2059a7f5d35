//! No output format ever prints a secret: every format's rendering of the
//! secret fixtures, the cost table and the stored snapshots show at most a
//! key's prefix and its last four characters.

use std::path::Path;

use clap::ValueEnum;
use llmlint::knowledge::secrets;
use llmlint::report::Format;

const DIR: &str = "fixtures/hardcoded-api-key";

/// Every key written in the secret fixtures, whole.
fn keys() -> Vec<String> {
    let mut out = vec![];
    for entry in std::fs::read_dir(DIR).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for f in secrets::find(&text) {
            out.push(text[f.start..f.end].to_string());
        }
    }
    assert!(out.len() >= 10, "the fixtures hold keys: {}", out.len());
    out
}

fn assert_no_key(what: &str, output: &str, keys: &[String]) {
    for key in keys {
        // The part a redaction hides: after the prefix, before the last four.
        let hidden = &key[key.len() / 3..key.len() - 4];
        assert!(!output.contains(hidden), "{what} shows a key ({}…)", &key[..12]);
    }
}

fn run(args: &[&str]) -> String {
    let out = crate::common::llmlint(args, std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn no_output_format_prints_a_key() {
    let keys = keys();
    for format in Format::value_variants() {
        let name = format.to_possible_value().unwrap().get_name().to_string();
        let output = run(&["check", "--format", &name, "--color", "always", DIR]);
        assert!(output.contains("hardcoded-api-key"), "{name}: the findings are there");
        assert_no_key(&format!("--format {name}"), &output, &keys);
    }
    for format in ["human", "json", "markdown"] {
        assert_no_key(&format!("cost --format {format}"), &run(&["cost", "--format", format, DIR]), &keys);
    }
    let snapshot = Path::new("tests/it/snapshots/it__fixtures__hardcoded-api-key.snap");
    assert_no_key("the stored snapshot", &std::fs::read_to_string(snapshot).unwrap(), &keys);
}

#[test]
fn diff_output_masks_keys_in_context_lines() {
    let keys = keys();
    let key = keys.iter().find(|k| k.starts_with("sk-ant-api03-")).unwrap();
    let dir = std::env::temp_dir().join(format!("llmlint-diffkey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("app.py"),
        format!("import anthropic\nclient = anthropic.Anthropic(api_key=\"{key}\")\nr = client.messages.create(model=\"claude-3-opus-20240229\", max_tokens=5, messages=[])\n"),
    )
    .unwrap();
    let out = crate::common::llmlint(&["check", "--diff", "--unsafe-fixes", "app.py"], &dir);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("+r = client.messages.create(model=\"claude-opus-5-5\""), "{diff}");
    assert_no_key("--diff", &diff, &keys);
    std::fs::remove_dir_all(&dir).ok();
}
